"""``urbanista workspace new|info``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from analysis.crs import DEFAULT_CRS


@click.group()
def workspace() -> None:
    """Create and inspect workspaces (one GeoPackage each)."""


@workspace.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--crs",
    default=DEFAULT_CRS,
    show_default=True,
    help="Metric CRS of the workspace; imports are reprojected to it.",
)
def new(path: Path, crs: str) -> None:
    """Create an empty workspace at PATH."""
    from analysis.workspace import Workspace

    ws = Workspace.create(path, crs)
    click.echo(f"created workspace {ws.path} in {ws.crs}")


@workspace.command("info")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def info(path: Path, as_json: bool) -> None:
    """Show what the workspace at PATH holds."""
    from analysis.workspace import Workspace

    summary = Workspace.open(path).info()
    click.echo(
        json.dumps(summary, ensure_ascii=False, indent=1) if as_json else format_info(summary)
    )


def format_info(summary: dict[str, Any]) -> str:
    """The workspace summary as a table for people."""
    from analysis.planning.result import SUMMARY_FACT
    from analysis.workspace.catalogue import quality_summary

    lines = [
        f"workspace {summary['path']}",
        f"  CRS {summary['crs']}, created {summary['created_at']}, "
        f"{summary['size_bytes'] / 1e6:.1f} MB, {len(summary['datasets'])} dataset(s)",
    ]
    if summary["datasets"]:
        rows = [("name", "kind", "features", "licence", "source date", "quality flags")]
        for d in summary["datasets"]:
            flags = quality_summary(d["quality"]) or "-"
            if analysis := d["quality"].get("analysis"):  # its parameters: in --json
                n_params = len(set(d["quality"]) - {"analysis", SUMMARY_FACT})
                flags = f"{d['title'] or analysis} ({n_params} parameters: --json)"
            count = "-" if d["feature_count"] is None else f"{d['feature_count']:,}"
            rows.append(
                (d["name"], d["kind"], count, d["licence"] or "-", d["source_date"] or "-", flags)
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        for r in rows:
            cells = [
                c.rjust(w) if i == 2 else c.ljust(w)
                for i, (c, w) in enumerate(zip(r[:-1], widths, strict=True))
            ]
            lines.append("  " + "  ".join(cells) + "  " + r[-1])
    return "\n".join(lines)
