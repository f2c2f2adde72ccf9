"""Commands that write a file (heatmap -o, report, map): refused targets, kills, a full disk.

A kill at any kill point (the command in its own process), or a disk that
fills up, leaves the previous output byte for byte or the complete new one,
never a broken file; a target that is, or lies inside, a workspace is refused
in one line and the workspace stays as it was.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis.cli import cli
from analysis.errors import OutputError
from analysis.io.output_file import output_file
from analysis.workspace import Workspace
from tests.analysis.conftest import fill, small_tmpfs

ROOT = Path(__file__).parents[2]


@dataclass(frozen=True)
class Run:
    """How a command ended: its exit code and what it said on stderr."""

    code: int
    stderr: str


def urbanista(*args: str | Path) -> Run:
    """Run the command in this process (fast), as the entry point would."""
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return Run(result.exit_code, result.stderr)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(run: Run, *parts: str) -> None:
    """The command failed with exit 1 and one line naming ``parts``, no traceback."""
    assert run.code == 1, run.stderr
    assert run.stderr.startswith("urbanista: error: ") and run.stderr.count("\n") == 1, run.stderr
    for part in parts:
        assert part in run.stderr, run.stderr


def partials(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".partial" in p.name]


# --- the commands, each with an older and a newer output to tell apart ----------------------


def _heatmap_is(radius: str) -> Callable[[Path], bool]:
    def check(path: Path) -> bool:
        import rasterio

        with rasterio.open(path) as src:
            src.read(1)
            return src.tags()["RADIUS_M"] == radius

    return check


def _report_is(sheet: str) -> Callable[[Path], bool]:
    def check(path: Path) -> bool:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True)
        try:
            return sheet in workbook.sheetnames
        finally:
            workbook.close()

    return check


def _page_is(title: str) -> Callable[[Path], bool]:
    def check(path: Path) -> bool:
        text = path.read_text(encoding="utf-8")
        return text.rstrip().endswith("</html>") and f"<title>{title}</title>" in text

    return check


def _png_is(dpi: int) -> Callable[[Path], bool]:
    width = round(297 / 25.4 * dpi)  # A4 landscape

    def check(path: Path) -> bool:
        from PIL import Image

        with Image.open(path) as image:
            image.load()
            return image.width == width

    return check


@dataclass(frozen=True)
class Command:
    """A command writing ``output``: its older and newer arguments, and how to tell them."""

    output: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    is_old: Callable[[Path], bool]
    is_new: Callable[[Path], bool]

    def args(self, ws: Path, out: Path, newer: bool = True) -> list[str | Path]:
        extra = self.new if newer else self.old
        return [a.format(ws=ws, out=out) for a in extra]


COMMANDS = {
    "heatmap": Command(
        "heat.tif",
        ("heatmap", "{ws}:punkty", "-o", "{out}", "--radius", "50"),
        ("heatmap", "{ws}:punkty", "-o", "{out}", "--radius", "100"),
        _heatmap_is("50.0"),
        _heatmap_is("100.0"),
    ),
    "report": Command(
        "raport.xlsx",
        ("report", "-w", "{ws}", "-o", "{out}", "--sections", "punkty", "--no-map", "--lang", "en"),
        ("report", "-w", "{ws}", "-o", "{out}", "--sections", "punkty", "--no-map", "--lang", "pl"),
        _report_is("Methodology"),
        _report_is("Metodologia"),
    ),
    "map html": Command(
        "mapa.html",
        ("map", "-w", "{ws}", "-o", "{out}", "--layers", "punkty", "--title", "Stara"),
        ("map", "-w", "{ws}", "-o", "{out}", "--layers", "punkty", "--title", "Nowa"),
        _page_is("Stara"),
        _page_is("Nowa"),
    ),
    "map png": Command(
        "mapa.png",
        ("map", "-w", "{ws}", "-o", "{out}", "--layers", "punkty", "--dpi", "30"),
        ("map", "-w", "{ws}", "-o", "{out}", "--layers", "punkty", "--dpi", "40"),
        _png_is(30),
        _png_is(40),
    ),
}


@pytest.fixture
def ws(workspace: Workspace) -> Path:
    """The workspace of 5 points, with a GeoTIFF stored in its rasters folder."""
    raster = workspace.path.with_name("stored.tif")
    run = urbanista(*COMMANDS["heatmap"].args(workspace.path, raster, newer=False))
    assert run.code == 0, run.stderr
    with workspace.transaction() as tx:
        tx.add_raster(raster, "heat", title="Heat")
    raster.unlink()
    return workspace.path


def snapshot(ws: Path) -> dict[str, str]:
    """The sha256 of the workspace and of every file in its rasters folder."""
    files = [ws, *sorted(ws.with_suffix(".rasters").rglob("*"))]
    return {p.name: sha256(p) for p in files if p.is_file()}


# --- targets that are a workspace or inside one ----------------------------------------------


@pytest.mark.parametrize(
    ("command", "target", "message"),
    [
        ("heatmap", "{ws}", "is an Urbanista workspace"),
        ("heatmap", "{rasters}/x.tif", "belongs to the workspace"),
        ("heatmap", "{stored}", "belongs to the workspace"),
        ("heatmap", "{ws}.lock", "belongs to the workspace"),
        ("heatmap", "{link}", "(a link to"),
        ("report", "{rasters}/r.xlsx", "belongs to the workspace"),
        ("map html", "{rasters}/m.html", "belongs to the workspace"),
        ("map png", "{rasters}/m.png", "belongs to the workspace"),
    ],
)
def test_a_workspace_and_its_files_are_refused(
    ws: Path, command: str, target: str, message: str
) -> None:
    stored = Workspace.open(ws).raster_file("heat")
    link = ws.with_name("link.tif")
    link.symlink_to(ws.name)
    out = Path(target.format(ws=ws, rasters=stored.parent, stored=stored, link=link))
    before = snapshot(ws)
    run = urbanista(*COMMANDS[command].args(ws, out))
    one_line_error(run, str(out), message)
    assert snapshot(ws) == before
    assert partials(ws.parent) == [] and partials(stored.parent) == []


def test_a_read_only_output_is_refused(ws: Path) -> None:
    out = ws.with_name("heat.tif")
    assert urbanista(*COMMANDS["heatmap"].args(ws, out, newer=False)).code == 0
    out.chmod(0o444)
    before = sha256(out)
    one_line_error(urbanista(*COMMANDS["heatmap"].args(ws, out)), str(out), "is read-only")
    assert sha256(out) == before


def test_a_replaced_output_keeps_its_mode(ws: Path) -> None:
    out = ws.with_name("raport.xlsx")
    command = COMMANDS["report"]
    assert urbanista(*command.args(ws, out, newer=False)).code == 0
    out.chmod(0o640)
    assert urbanista(*command.args(ws, out)).code == 0
    assert command.is_new(out) and out.stat().st_mode & 0o777 == 0o640


# --- kills ---------------------------------------------------------------------------------


def kill_points(command: Command, ws: Path, out: Path, log: Path) -> list[str]:
    """The kill points the command reaches, in order, from a run that logs them."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("URBANISTA_KILL_LOG", str(log))
        assert urbanista(*command.args(ws, out)).code == 0
    return [line.split()[1] for line in log.read_text(encoding="utf-8").splitlines()]


def killed_at_each(command: Command, ws: Path, outs: list[Path]) -> None:
    """Run the command once per output of ``outs``, killed at point 1, 2... (in parallel)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "analysis", *map(str, command.args(ws, out))],
            env={**env, "URBANISTA_KILL_AT": str(n)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, out in enumerate(outs, 1)
    ]
    for n, run in enumerate(runs, 1):
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == -9, f"not killed at point {n}: {stderr}"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_kill_at_any_point_leaves_the_old_output_or_the_new_one(
    ws: Path, tmp_path: Path, name: str
) -> None:
    command = COMMANDS[name]
    out = tmp_path / command.output
    assert urbanista(*command.args(ws, out, newer=False)).code == 0
    assert command.is_old(out) and not command.is_new(out)
    old = out.read_bytes()
    points = kill_points(command, ws, out, tmp_path / "points.log")
    assert command.is_new(out) and not command.is_old(out)
    assert points[-4:] == ["output.write", "output.fsync", "output.rename", "output.dirsync"]
    outs = [tmp_path / f"kill_{n}" / command.output for n in range(1, len(points) + 1)]
    for each in outs:
        each.parent.mkdir()
        each.write_bytes(old)
    killed_at_each(command, ws, outs)
    outcomes = []
    for point, each in zip(points, outs, strict=True):
        if each.read_bytes() == old:
            outcomes.append("old")
        else:
            assert command.is_new(each), f"killed at {point}: neither the old nor the new output"
            outcomes.append("new")
    assert outcomes[-4:] == ["old", "old", "new", "new"]
    assert partials(outs[0].parent)  # the killed run left its temporary file...
    assert urbanista(*command.args(ws, outs[0])).code == 0
    assert partials(outs[0].parent) == []  # ...which the next run sweeps


# --- a full disk ---------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs, unmounted afterwards (needs root, as in CI)."""
    with small_tmpfs(tmp_path / "disk", "1m") as disk:
        yield disk


@pytest.mark.parametrize("name", ["heatmap", "report", "map html", "map png"])
def test_a_full_disk_is_one_line_and_keeps_the_previous_output(
    ws: Path, small_disk: Path, name: str
) -> None:
    command = COMMANDS[name]
    out = small_disk / command.output
    assert urbanista(*command.args(ws, out, newer=False)).code == 0
    before = sha256(out)
    fill(small_disk, leave=4096)
    run = urbanista(*command.args(ws, out))
    one_line_error(run, f"cannot write {out}: it needs about", "free some space")
    assert sha256(out) == before and command.is_old(out)
    assert partials(small_disk) == []


def test_a_write_that_fills_the_disk_is_one_line_and_removes_its_temporary(
    small_disk: Path,
) -> None:
    out = small_disk / "dane.csv"
    out.write_bytes(b"id;wartosc\n1;2\n")
    fill(small_disk, leave=8192)
    with pytest.raises(OutputError) as caught, output_file(out) as partial:
        partial.write_bytes(b"x" * 64_000)
    assert str(caught.value) == (
        f"cannot write {out}: No space left on device; free some space or write it to another disk"
    )
    assert out.read_bytes() == b"id;wartosc\n1;2\n" and partials(small_disk) == []
