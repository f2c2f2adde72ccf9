"""``urbanista demo`` and ``urbanista gui``."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from analysis.workspace import Workspace


def has_display() -> bool:
    """True where a window can be shown (Windows, macOS, or X11/Wayland with a display)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


ANALYSES = ("gaps", "racks", "reports", "districts", "audit")
"""The demo's analyses, in order: the audit last, so it lists the others' results."""


@click.command()
@click.option(
    "--out",
    default=Path("demo"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the demo's files.",
)
@click.option("--no-gui", is_flag=True, help="Do not open the app at the end.")
def demo(out: Path, no_gui: bool) -> None:
    """Run the main job end to end on the sample city."""
    from analysis.cli.analysis_command import run_analysis
    from analysis.cli.city_commands import city_summary
    from analysis.cli.map_command import map_
    from analysis.cli.report_command import report
    from analysis.cli.terminal import TerminalProgress
    from analysis.cli.workspace_commands import format_info
    from analysis.io.datasets import import_datasets
    from analysis.io.reports import import_reports
    from analysis.io.tracks import import_tracks
    from analysis.samplecity import generate
    from analysis.workspace import Workspace

    out.mkdir(parents=True, exist_ok=True)
    path = _clear_previous_demo(out)
    city = generate(out / "przykladowo", progress=TerminalProgress("1/8 sample city"))
    click.echo(city_summary(city.truth, city.folder))

    ws = Workspace.create(path)
    click.echo(f"2/8 created workspace {ws.path} ({ws.crs})")
    for label, run, folder in (
        ("3/8 open datasets", import_datasets, "datasets"),
        ("4/8 citizen reports", import_reports, "reports"),
        ("5/8 activity tracks", import_tracks, "tracks"),
    ):
        summary = run(ws, [city.folder / folder], progress=TerminalProgress(label))
        click.echo(summary.describe(max_reasons=3))

    click.echo("6/8 heatmaps (distinct activities per 10 m cell, k = 5) and street usage")
    _heatmaps_and_usage(ws)
    click.echo("7/8 planning analyses")
    for name in ANALYSES:
        click.echo(f"-- urbanista analyze {name}")
        run_analysis(ws.path, name)
    click.echo("8/8 outputs for the mayor's office, in Polish")
    context = click.get_current_context()
    context.invoke(report, workspace=ws.path, output=out / "report.xlsx", lang="pl")
    for name in ("map.html", "map.pdf"):
        context.invoke(map_, workspace=ws.path, output=out / name, language="pl")
    click.echo(format_info(ws.info()))

    if no_gui:
        return
    if not has_display():
        click.echo("no display found: not opening the app (use --no-gui to silence this)")
        return
    from desktop.app import main as run_app

    run_app(str(ws.path))


def _heatmaps_and_usage(ws: Workspace) -> None:
    """Store the heatmaps of all activities and of cycling, and the cycling usage."""
    from analysis.cli.terminal import TerminalProgress
    from analysis.heatmap.activity import ActivityHeatmapParams
    from analysis.heatmap.filters import ActivityFilter
    from analysis.heatmap.usage import UsageParams
    from analysis.registry import run_on_workspace

    cycling = ActivityFilter(types=("cycling",))
    for filters in (ActivityFilter(), cycling):  # heatmap_all, heatmap_cycling
        run_on_workspace(ws, "heatmap", ActivityHeatmapParams(filters=filters))
    usage = run_on_workspace(
        ws, "usage", UsageParams(filters=cycling), progress=TerminalProgress("   street usage")
    ).result.summary
    click.echo(
        f"   cycling usage: {usage['trips']:,} trips on {usage['segments_shown']:,} "
        f"street segments, {usage['hexagons']} H3 hexagons"
    )


@click.command()
@click.argument("workspace", required=False, type=click.Path(dir_okay=False, path_type=Path))
def gui(workspace: Path | None) -> None:
    """Open the desktop app, optionally on WORKSPACE."""
    if not has_display() and os.environ.get("QT_QPA_PLATFORM") is None:
        click.echo(
            "urbanista: error: no display found: run the app on a desktop (or set "
            "QT_QPA_PLATFORM=offscreen for a window nobody sees)",
            err=True,
        )
        sys.exit(1)
    import desktop

    desktop.preload_readers()  # before Qt: the first map comes 0.25 s sooner
    from desktop.app import main as run_app

    sys.exit(run_app(str(workspace) if workspace else None))


DEMO_MARKER = ".urbanista-demo"
"""The file that marks a folder as written by ``urbanista demo``, which may replace it."""


def _clear_previous_demo(out: Path) -> Path:
    """Delete what an earlier demo left in ``out``; refuse a folder the demo did not write.

    Returns the demo workspace's path. Its lock is taken first: a workspace some
    program is writing is never deleted.
    """
    from analysis.errors import WorkspaceError
    from analysis.workspace import storage

    path = (out / "przykladowo.gpkg").resolve()
    marker = out / DEMO_MARKER
    ours = [path, *(out / name for name in ("report.xlsx", "map.html", "map.pdf"))]
    found = [p.name for p in ours if p.exists()]
    earlier = marker.exists() or (out / "przykladowo" / "truth.json").exists()  # or before markers
    if found and not earlier:
        raise WorkspaceError(
            f"{out} holds files the demo did not write ({', '.join(found)}): choose another "
            "folder with --out"
        )
    marker.write_text("written by urbanista demo; it may replace these files\n", encoding="utf-8")
    if path.exists():
        with storage.writer_lock(path, timeout_s=0):
            path.unlink()
            shutil.rmtree(path.with_name(path.stem + ".rasters"), ignore_errors=True)
    return path
