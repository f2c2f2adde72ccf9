"""Helpers of the kill tests (test_kill_points.py) and the random-kill soak (kill_soak.py).

A writing command is run as a user runs it, through the real command line, in a
subprocess that is killed with SIGKILL: at one of its kill points
(``URBANISTA_KILL_AT``, see :mod:`analysis.killpoints`) or after a delay. What
it leaves is then compared with the two states the promise allows: the
workspace's content as it was, or as a complete run leaves it, and a previous
output file byte for byte, or a complete new one.

Content, not bytes: a journal rolled back by the next opener may leave the
GeoPackage with other bytes and the same rows.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).parents[2]
KILLED = -signal.SIGKILL if os.name == "posix" else None
VOLATILE_QUALITY = ("last_import",)
"""Catalogue quality facts that say what the last run did (resumed, skipped), not what is held."""
EXTENT_TOLERANCE_M = 0.1
"""A resumed track import takes a layer's extent from its spatial index: 32-bit floats."""


# -- running the command line ---------------------------------------------------------------


def environment(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "URBANISTA_KILL_AT", "URBANISTA_KILL_LOG")
    }
    env["PYTHONPATH"] = str(REPO)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("MPLBACKEND", "Agg")
    return {**env, **extra}


def urbanista_argv(args: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "analysis", *args]


def run(
    args: Sequence[str], *, timeout: float = 600, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``urbanista ARGS`` to its end (or its kill point) and return what it did."""
    return subprocess.run(
        urbanista_argv(args),
        capture_output=True,
        text=True,
        env=environment(**env),
        timeout=timeout,
        check=False,
    )


def kill_points(log: Path) -> list[tuple[int, str, int]]:
    """The points a run logged with ``URBANISTA_KILL_LOG``: (N, name, pid)."""
    if not log.exists():
        return []
    rows = [line.split() for line in log.read_text(encoding="utf-8").splitlines() if line]
    return [(int(n), name, int(pid)) for n, name, pid in rows]


# -- the command's files --------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """A writing command: its arguments (``{ws}``, ``{dir}``, ``{inputs}`` filled in) and outputs.

    ``outputs`` are the files (relative to the run's folder) the command writes
    beside the workspace, each present before the run as a complete earlier
    output that must survive any kill whole.
    """

    name: str
    args: tuple[str, ...]
    outputs: tuple[str, ...] = ()
    resumable: bool = False

    def argv(self, ws: Path, inputs: Path) -> list[str]:
        return [a.format(ws=ws, dir=ws.parent, inputs=inputs) for a in self.args]


def copy_workspace(ws: Path, folder: Path) -> Path:
    """Copy the workspace ``ws`` (with its ``.rasters`` folder) into ``folder``; return the copy."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ws.name
    shutil.copy2(ws, target)
    rasters = ws.with_name(ws.stem + ".rasters")
    if rasters.is_dir():
        shutil.copytree(rasters, target.with_name(target.stem + ".rasters"))
    return target


def leftovers(ws: Path, outputs: Sequence[str] = ()) -> list[str]:
    """Scratch files a finished writer must not leave: staging, journals, resume files, partials."""
    folder = ws.parent
    found = [p.name for p in folder.glob(f".{ws.name}.*")]  # staging and resume files
    found += [p.name for p in folder.glob(f"{ws.name}-*")]  # -journal, -wal, -shm
    for out in outputs:
        target = folder / out
        found += [p.name for p in target.parent.glob(f".{target.stem}.*.partial{target.suffix}")]
    from analysis.workspace import Workspace

    rasters = ws.with_name(ws.stem + ".rasters")
    if rasters.is_dir():
        named = {Path(e.raster_path).name for e in Workspace.open(ws).entries() if e.raster_path}
        found += [f"{rasters.name}/{p.name}" for p in rasters.iterdir() if p.name not in named]
    return sorted(found)


def leftover_kinds(ws: Path, outputs: Sequence[str] = ()) -> set[str]:
    """What a killed run left (see :func:`leftovers`), random parts and pids left out."""
    import re

    return {
        re.sub(r"[0-9a-f]{8,}|\d+-[0-9a-z_]+(?=\.partial)", "*", name)
        for name in leftovers(ws, outputs)
    }


# -- what a workspace holds -----------------------------------------------------------------


def _rows_digest(conn: Any, table: str) -> tuple[int, str]:
    """Row count and digest of a table's rows in key order, its key left out (read by SQLite)."""
    columns = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    keys = [c[1] for c in columns if c[5]]
    values = [c[1] for c in columns if not c[5]]
    order = ", ".join(f'"{k}"' for k in keys) or "rowid"
    digest = hashlib.sha256()
    count = 0
    selected = ", ".join(f'"{v}"' for v in values)
    for row in conn.execute(f'SELECT {selected} FROM "{table}" ORDER BY {order}'):
        digest.update(repr(row).encode())
        count += 1
    return count, digest.hexdigest()


def _raster_digest(path: Path) -> str:
    import rasterio

    with rasterio.open(path) as src:
        values = src.read()
        head = f"{src.crs} {tuple(src.transform)} {values.dtype} {values.shape}"
    return hashlib.sha256(head.encode() + values.tobytes()).hexdigest()


@dataclass(frozen=True)
class Held:
    """One dataset as a planner sees it: its catalogue entry (no timestamps) and its rows."""

    entry: tuple
    extent: tuple[float, ...] | None
    rows: str


def content(ws_path: Path) -> dict[str, Held]:
    """What the workspace holds, opened as the next program would (rolling back a hot journal)."""
    from analysis.workspace import Workspace

    ws = Workspace.open(ws_path)
    held = {}
    conn = sqlite3.connect(f"{ws.path.as_uri()}?mode=ro", uri=True)
    try:
        entries = ws.entries()
    except BaseException:
        conn.close()
        raise
    for e in entries:
        quality = {k: v for k, v in e.quality.items() if k not in VOLATILE_QUALITY}
        entry = (
            e.kind.value,
            e.crs,
            e.feature_count,
            e.title,
            e.licence,
            str(e.source_date),
            tuple(s.path for s in e.sources),
            json.dumps(quality, sort_keys=True, default=str),
        )
        if e.raster_path is not None:
            rows = _raster_digest(ws.raster_file(e.name))
        else:
            count, rows = _rows_digest(conn, e.name)
            assert count == e.feature_count, (
                f"{e.name}: {count} rows, catalogue says {e.feature_count}"
            )
        held[e.name] = Held(entry, e.extent, rows)
    conn.close()
    return held


def same(a: Mapping[str, Held], b: Mapping[str, Held]) -> bool:
    """Whether two workspaces hold the same (extents to within a few centimetres)."""
    if a.keys() != b.keys():
        return False
    for name, x in a.items():
        y = b[name]
        if x.entry != y.entry or x.rows != y.rows or (x.extent is None) != (y.extent is None):
            return False
        if (
            x.extent is not None
            and y.extent is not None
            and not all(
                math.isclose(u, v, rel_tol=0, abs_tol=EXTENT_TOLERANCE_M)
                for u, v in zip(x.extent, y.extent, strict=True)
            )
        ):
            return False
    return True


def difference(a: Mapping[str, Held], b: Mapping[str, Held]) -> str:
    """What differs between two contents, for a failure message."""
    lines = [
        f"only in the first: {sorted(a.keys() - b.keys())}",
        f"only in the second: {sorted(b.keys() - a.keys())}",
    ]
    for name in sorted(a.keys() & b.keys()):
        if not same({name: a[name]}, {name: b[name]}):
            lines.append(f"{name}: {a[name]} != {b[name]}")
    return "\n".join(lines)


def which_state(now: Mapping[str, Held], old: Mapping[str, Held], new: Mapping[str, Held]) -> str:
    """``"old"``, ``"new"``, or ``"broken"`` with what differs from both."""
    if same(now, old):
        return "old"
    if same(now, new):
        return "new"
    return (
        f"broken:\nagainst the old state:\n{difference(now, old)}\nagainst the new state:\n"
        + difference(now, new)
    )


# -- output files ---------------------------------------------------------------------------


def check_complete(path: Path) -> None:
    """Raise AssertionError unless ``path`` is a whole file of its kind, as its reader opens it."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        import openpyxl

        assert data[:2] == b"PK", f"{path}: not a ZIP"
        book = openpyxl.load_workbook(path)
        assert book.sheetnames, f"{path}: a workbook without sheets"
    elif suffix in (".tif", ".tiff"):
        import rasterio

        with rasterio.open(path) as src:
            src.read()
    elif suffix == ".html":
        assert data.rstrip().endswith(b"</html>"), f"{path}: the page does not end with </html>"
    elif suffix == ".png":
        from PIL import Image

        assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: no PNG signature"
        with Image.open(path) as image:
            image.load()
    elif suffix == ".pdf":
        assert data[:5] == b"%PDF-", f"{path}: no PDF header"
        assert data.rstrip().endswith(b"%%EOF"), f"{path}: the PDF has no end"
    else:
        raise AssertionError(f"no check for {path}")


def output_state(path: Path, before: bytes) -> str:
    """``"old"`` if ``path`` is byte for byte the previous output, ``"new"`` if a whole new one."""
    assert path.is_file(), f"{path}: the previous output is gone"
    if path.read_bytes() == before:
        return "old"
    check_complete(path)
    return "new"


# -- tiny inputs cut from the sample city ---------------------------------------------------

WINDOW = (562_500.0, 382_500.0, 564_500.0, 384_500.0)
"""2 x 2 km of the sample city's centre (EPSG:2180): a few hundred streets."""


def _write_csv(path: Path, rows: list[dict[str, str]], delimiter: str, encoding: str) -> None:
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def tiny_inputs(
    city: Path, out: Path, *, tracks: int = 24, extra_tracks: int = 4, reports: int = 60
) -> Path:
    """Cut small inputs from the sample city ``city`` into ``out``.

    ``datasets/`` (the city's datasets inside :data:`WINDOW`, districts whole),
    ``reports/`` (``reports`` CRM rows inside the window), ``tracks/`` (the
    first ``tracks`` GPX files), and, for the import commands, what the base
    workspace does not hold yet: ``more_datasets/`` (benches and bins),
    ``more_reports/`` (the next rows), ``more_tracks/`` (the next GPX files)
    and ``raster/dem.tif``.
    """
    import geopandas as gpd
    import numpy as np
    import pyogrio
    import rasterio
    import shapely
    from affine import Affine
    from pyproj import Transformer

    box = shapely.box(*WINDOW)
    datasets = out / "datasets"
    datasets.mkdir(parents=True)
    for f in sorted((city / "datasets").iterdir()):
        if f.suffix in (".gpkg", ".geojson"):
            frame = pyogrio.read_dataframe(f)
            if f.stem != "dzielnice":
                frame = frame[
                    frame.intersects(
                        gpd.GeoSeries([box], crs="EPSG:2180").to_crs(frame.crs).iloc[0]
                    )
                ]
            pyogrio.write_dataframe(frame, datasets / f.name)
        elif f.name == "stojaki_rowerowe.csv":  # geodetic X is the northing, decimal comma
            with open(f, encoding="utf-8", newline="") as src:
                rows = list(csv.DictReader(src, delimiter=";"))
            rows = [
                r
                for r in rows
                if box.contains(
                    shapely.Point(float(r["Y"].replace(",", ".")), float(r["X"].replace(",", ".")))
                )
            ]
            _write_csv(datasets / f.name, rows, ";", "utf-8")
        else:
            shutil.copy(f, datasets / f.name)

    to_2180 = Transformer.from_crs("EPSG:4326", "EPSG:2180", always_xy=True)
    with open(city / "reports" / "zgloszenia.csv", encoding="utf-8-sig", newline="") as src:
        rows = list(csv.DictReader(src, delimiter=";"))
    inside = [
        r
        for r in rows
        if box.contains(
            shapely.Point(
                to_2180.transform(
                    float(r["Długość"].replace(",", ".")), float(r["Szerokość"].replace(",", "."))
                )
            )
        )
    ]
    for folder, part in (
        ("reports", inside[:reports]),
        ("more_reports", inside[reports : reports + 10]),
    ):
        (out / folder).mkdir()
        _write_csv(out / folder / "zgloszenia.csv", part, ";", "utf-8-sig")

    gpx = sorted((city / "tracks" / "aktywne_miasta").glob("*.gpx"))
    for folder, part in (
        ("tracks", gpx[:tracks]),
        ("more_tracks", gpx[tracks : tracks + extra_tracks]),
    ):
        (out / folder).mkdir()
        for f in part:
            shutil.copy(f, out / folder / f.name)

    more = out / "more_datasets"
    more.mkdir()
    x0, y0 = WINDOW[0] + 500, WINDOW[1] + 500
    for name, n in (("lawki", 6), ("kosze", 4)):
        points = gpd.GeoDataFrame(
            {"numer": np.arange(n), "opis": [f"{name} {i} żółć" for i in range(n)]},
            geometry=shapely.points(x0 + 37.0 * np.arange(n), y0 + 23.0 * np.arange(n)),
            crs="EPSG:2180",
        ).to_crs("EPSG:4326")
        pyogrio.write_dataframe(points, more / f"{name}.geojson")
        x0 += 300

    (out / "raster").mkdir()
    values = np.arange(40 * 30, dtype="float32").reshape(30, 40) / 10.0 + 180.0
    profile = {
        "driver": "GTiff",
        "width": 40,
        "height": 30,
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:2180",
        "transform": Affine(50.0, 0.0, WINDOW[0], 0.0, -50.0, WINDOW[3]),
    }
    with rasterio.open(out / "raster" / "dem.tif", "w", **profile) as dst:
        dst.write(values, 1)
    return out


@dataclass
class Base:
    """A workspace built once, with what each command needs, and the outputs seen before a run."""

    ws: Path
    inputs: Path
    outputs: dict[str, Path] = field(default_factory=dict)


def build_workspace(inputs: Path, ws: Path, analyses: Sequence[tuple[str, ...]]) -> Path:
    """Import ``inputs`` into a new workspace ``ws``, store a heatmap, usage and ``analyses``.

    Each of ``analyses`` is the arguments after ``urbanista analyze``. Run in
    this process (no kill here), through the same code the commands run.
    """
    from click.testing import CliRunner

    from analysis.cli import cli

    def invoke(*args: str) -> None:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)

    from analysis.workspace import Workspace

    Workspace.create(ws)
    invoke("import", "dataset", str(inputs / "datasets"), "-w", str(ws))
    invoke("import", "reports", str(inputs / "reports"), "-w", str(ws))
    invoke("import", "tracks", str(inputs / "tracks"), "-w", str(ws))
    invoke(
        "heatmap",
        str(ws),
        "--mode",
        "lines",
        "--min-users",
        "0",
        "--pixel",
        "25",
        "-o",
        str(ws.parent / "heat_first.tif"),
        "--save",
        "heat",
    )
    invoke("usage", "-w", str(ws), "--type", "cycling", "--min-users", "0")
    for args in analyses:
        invoke("analyze", *args, "-w", str(ws))
    return ws


# -- the writing commands on the tiny workspace ---------------------------------------------

BASE_ANALYSES = (("gaps",), ("racks",), ("reports",), ("districts",), ("audit",))
"""The analyses the base workspace holds, with defaults; the commands re-run them otherwise."""

TINY_COMMANDS = (
    Command("import_dataset", ("import", "dataset", "{inputs}/more_datasets", "-w", "{ws}")),
    Command("import_reports", ("import", "reports", "{inputs}/more_reports", "-w", "{ws}")),
    Command(
        "import_tracks", ("import", "tracks", "{inputs}/more_tracks", "-w", "{ws}"), resumable=True
    ),
    Command("import_raster", ("import", "raster", "{inputs}/raster/dem.tif", "-w", "{ws}")),
    Command(
        "heatmap_save",
        (
            "heatmap",
            "{ws}",
            "--mode",
            "lines",
            "--min-users",
            "0",
            "--pixel",
            "20",
            "-o",
            "{dir}/heat.tif",
            "--save",
            "heat",
        ),
        ("heat.tif",),
    ),
    Command("usage", ("usage", "-w", "{ws}", "--type", "cycling", "--min-users", "2")),
    Command("analyze_gaps", ("analyze", "gaps", "-w", "{ws}", "--along", "20")),
    Command("analyze_racks", ("analyze", "racks", "-w", "{ws}", "--new", "3")),
    Command("analyze_reports", ("analyze", "reports", "-w", "{ws}", "--permutations", "99")),
    Command("analyze_districts", ("analyze", "districts", "-w", "{ws}", "--car-share", "0.5")),
    Command("analyze_audit", ("analyze", "audit", "-w", "{ws}", "--tolerance", "20")),
    Command("report", ("report", "-w", "{ws}", "-o", "{dir}/report.xlsx"), ("report.xlsx",)),
    Command("map_html", ("map", "-w", "{ws}", "-o", "{dir}/map.html"), ("map.html",)),
    Command("map_png", ("map", "-w", "{ws}", "-o", "{dir}/map.png", "--dpi", "40"), ("map.png",)),
)

PREVIOUS_OUTPUTS = {
    "heat.tif": (
        "heatmap",
        "{ws}",
        "--mode",
        "lines",
        "--min-users",
        "0",
        "--pixel",
        "30",
        "-o",
        "{out}",
    ),
    "report.xlsx": ("report", "-w", "{ws}", "-o", "{out}", "--lang", "en"),
    "map.html": ("map", "-w", "{ws}", "-o", "{out}", "--lang", "en"),
    "map.png": ("map", "-w", "{ws}", "-o", "{out}", "--dpi", "30"),
}
"""How the earlier outputs are made: complete files other than what the commands write."""


def previous_outputs(
    ws: Path, folder: Path, names: Sequence[str] = tuple(PREVIOUS_OUTPUTS)
) -> dict[str, Path]:
    """Write the earlier outputs ``names`` from ``ws`` into ``folder`` (in this process)."""
    from click.testing import CliRunner

    from analysis.cli import cli

    made = {}
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        out = folder / name
        args = [a.format(ws=ws, out=out) for a in PREVIOUS_OUTPUTS[name]]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
        check_complete(out)
        made[name] = out
    return made
