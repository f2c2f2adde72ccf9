"""A full disk under the workspace: one line, and nothing a planner has is lost.

A small workspace lies on a real tmpfs of a few MB (mounted here: needs root,
as in CI), filled to nearly full. An import, an analysis, ``heatmap --save``,
``usage``, and ``report``/``heatmap -o`` written to that disk each exit 1 with
one line saying the disk is full (no traceback), and leave the workspace's
content and the previous outputs as they were, with no staging file, journal
or partial output behind.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.analysis import kill_support as ks
from tests.analysis.conftest import fill, small_tmpfs

pytestmark = pytest.mark.skipif(os.name != "posix", reason="tmpfs is Linux")

DISK_SIZE = "12m"
FULL = re.compile(r"disk .*is full|no space left|free some space", re.IGNORECASE)


@pytest.fixture(scope="module")
def small_base(city: Path, tmp_path_factory: pytest.TempPathFactory) -> ks.Base:
    """A tiny workspace (a few datasets, reports, tracks, a heatmap, usage, districts)."""
    folder = tmp_path_factory.mktemp("full_disk_base")
    inputs = ks.tiny_inputs(city, folder / "inputs", tracks=10, extra_tracks=3, reports=30)
    ws = ks.build_workspace(inputs, folder / "miasto.gpkg", [("districts",)])
    outputs = ks.previous_outputs(ws, folder / "outputs", ["heat.tif", "report.xlsx"])
    return ks.Base(ws, inputs, outputs)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of :data:`DISK_SIZE`, unmounted afterwards."""
    with small_tmpfs(tmp_path / "disk", DISK_SIZE) as disk:
        yield disk


_SHARED = (
    "import_dataset",
    "import_reports",
    "import_tracks",
    "analyze_districts",
    "usage",
    "report",
)
"""Commands run as the kill tests run them."""
SCENARIOS = {
    # name: (arguments, outputs on the full disk)
    **{c.name: (c.args, c.outputs) for c in ks.TINY_COMMANDS if c.name in _SHARED},
    "heatmap_save": (
        (
            "heatmap",
            "{ws}",
            "--mode",
            "lines",
            "--min-users",
            "0",
            "--pixel",
            "10",
            "-o",
            "{elsewhere}/heat.tif",
            "--save",
            "heat",
        ),
        (),
    ),
    "heatmap_output": (
        (
            "heatmap",
            "{ws}",
            "--mode",
            "lines",
            "--min-users",
            "0",
            "--pixel",
            "5",
            "-o",
            "{dir}/heat.tif",
        ),
        ("heat.tif",),
    ),
}
LEAVE = 16_384
"""Free bytes left on the disk: too few for a new layer, a GeoTIFF or a workbook."""
PROGRESS = re.compile(r"^[^:]+: \d+%")
"""A progress line (stderr is no terminal): label, percentage, step."""


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_full_disk_is_one_line_and_loses_nothing(
    name: str, small_base: ks.Base, small_disk: Path, tmp_path: Path
) -> None:
    args, outputs = SCENARIOS[name]
    ws = ks.copy_workspace(small_base.ws, small_disk)
    for out in outputs:
        shutil.copy2(small_base.outputs[out], small_disk / out)
    before = ks.content(ws)
    previous = {out: (small_disk / out).read_bytes() for out in outputs}
    argv = [
        a.format(ws=ws, dir=small_disk, inputs=small_base.inputs, elsewhere=tmp_path) for a in args
    ]
    fill(small_disk, LEAVE)

    run = ks.run(argv, TMPDIR=str(tmp_path))
    assert run.returncode == 1, (run.returncode, run.stderr[-3000:])
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    said = [line for line in run.stderr.splitlines() if line and not PROGRESS.match(line)]
    assert len(said) == 1 and said[0].startswith("urbanista: error: "), run.stderr[-3000:]
    assert FULL.search(said[0]), said[0]

    (small_disk / "zajete.bin").unlink()  # room again, to read and check
    assert ks.same(ks.content(ws), before), ks.difference(ks.content(ws), before)
    for out in outputs:
        assert (small_disk / out).read_bytes() == previous[out], f"{out} changed"
    # A track import keeps its .resume- scratch on purpose (the next run resumes from it).
    left = [n for n in ks.leftovers(ws, outputs) if ".resume-" not in n]
    assert left == [], left


def test_a_new_workspace_on_a_full_disk_is_one_line(small_disk: Path) -> None:
    fill(small_disk, LEAVE)
    run = ks.run(["workspace", "new", str(small_disk / "nowy.gpkg")])
    assert run.returncode == 1 and "Traceback" not in run.stderr
    [line] = run.stderr.strip().splitlines()
    assert FULL.search(line) and len(line) < 300, line
    assert sorted(p.name for p in small_disk.iterdir() if not p.name.endswith(".lock")) == [
        "zajete.bin"
    ]
