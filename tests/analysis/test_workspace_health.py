"""A damaged workspace is named by ``check`` and rebuilt into a copy by ``repair``."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely
from affine import Affine

from analysis.errors import WorkspaceError
from analysis.workspace import DatasetKind, Workspace
from analysis.workspace.catalogue import CATALOGUE_TABLE, META_TABLE
from analysis.workspace.health import Problem, Severity, check_workspace
from analysis.workspace.repair import guess_kind, repair_workspace
from tests.analysis.conftest import points_2180

LAYERS = {
    # name: (kind, rows)
    "punkty": (DatasetKind.DATASET, 5),
    "activities": (DatasetKind.TRACKS, 3),
    "reports": (DatasetKind.REPORTS, 4),
    "gaps_summary": (DatasetKind.ANALYSIS, 2),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def geotiff(path: Path, value: float) -> Path:
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=5,
        height=4,
        count=1,
        dtype="float32",
        crs="EPSG:2180",
        transform=Affine(10, 0, 560_000, 0, -10, 380_040),
        nodata=-1,
    ) as dst:
        dst.write(np.full((4, 5), value, dtype="float32"), 1)
    return path


def tracks(n: int) -> gpd.GeoDataFrame:
    lines = [shapely.LineString([(560_000, 380_000 + i), (560_100, 380_000 + i)]) for i in range(n)]
    return gpd.GeoDataFrame(
        {"activity_id": [f"a{i}" for i in range(n)], "activity_type": ["cycling"] * n},
        geometry=lines,
        crs="EPSG:2180",
    )


def reports(n: int) -> gpd.GeoDataFrame:
    frame = points_2180(n)
    frame["category"] = "dziura w jezdni"
    frame["status"] = "nowe"
    return frame


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A healthy workspace: a dataset, tracks, reports, an analysis table and a raster."""
    workspace = Workspace.create(tmp_path / "miasto.gpkg", "EPSG:2180")
    with workspace.transaction() as tx:
        tx.write_layer(
            points_2180(5),
            "punkty",
            DatasetKind.DATASET,
            title="Punkty",
            licence="CC0",
            quality={"rows_without_location": 1},
        )
        tx.write_layer(tracks(3), "activities", DatasetKind.TRACKS)
        tx.write_layer(reports(4), "reports", DatasetKind.REPORTS, title="Zgłoszenia")
        table = pd.DataFrame({"figure": ["a", "b"], "value": [1, 2]})
        tx.write_table(
            table, "gaps_summary", DatasetKind.ANALYSIS, title="Luki", quality={"analysis": "gaps"}
        )
        tx.add_raster(geotiff(tmp_path / "h.tif", 1.0), "heat", title="Mapa ciepła")
    return workspace


def sql(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def named(problems: list[Problem], subject: str, words: str) -> bool:
    return any(p.subject == subject and words in p.message for p in problems)


def test_a_healthy_workspace_has_no_problems(ws: Workspace) -> None:
    assert check_workspace(ws.path) == []


def _drop_catalogue(ws: Workspace) -> None:
    sql(ws.path, f"DROP TABLE {CATALOGUE_TABLE}")


def _garbage_json(ws: Workspace) -> None:
    sql(ws.path, f"UPDATE {CATALOGUE_TABLE} SET quality = '{{not json' WHERE name = 'punkty'")


def _unknown_kind(ws: Workspace) -> None:
    sql(ws.path, f"UPDATE {CATALOGUE_TABLE} SET kind = 'mystery' WHERE name = 'reports'")


def _missing_column(ws: Workspace) -> None:
    sql(ws.path, f"ALTER TABLE {CATALOGUE_TABLE} DROP COLUMN licence")


def _drop_layer(ws: Workspace) -> None:
    sql(ws.path, "DROP TABLE reports")


def _stray_layer(ws: Workspace) -> None:
    points_2180(3).to_file(ws.path, layer="obcy", driver="GPKG")


def _wrong_count(ws: Workspace) -> None:
    sql(ws.path, "DELETE FROM punkty WHERE value > 2")


def _delete_geotiff(ws: Workspace) -> None:
    ws.raster_file("heat").unlink()


def _broken_geotiff(ws: Workspace) -> None:
    tif = ws.raster_file("heat")
    tif.write_bytes(tif.read_bytes()[:200])


def _stray_geotiff(ws: Workspace) -> None:
    geotiff(ws.raster_dir / "old-0123abcd.tif", 3.0)


def _drop_meta(ws: Workspace) -> None:
    sql(ws.path, f"DROP TABLE {META_TABLE}")


def _old_format(ws: Workspace) -> None:
    sql(ws.path, f"UPDATE {META_TABLE} SET value = '0' WHERE key = 'format_version'")


def _unknown_format(ws: Workspace) -> None:
    sql(ws.path, f"UPDATE {META_TABLE} SET value = 'x7' WHERE key = 'format_version'")


def _truncate(ws: Workspace) -> None:
    data = ws.path.read_bytes()
    ws.path.write_bytes(data[: len(data) * 2 // 3])


def _not_a_geopackage(ws: Workspace) -> None:
    sql(ws.path, "PRAGMA application_id = 0")


def _hot_journal(ws: Workspace) -> None:
    """What a writer killed in the middle of a transaction leaves: the file and its journal."""
    saved = ws.path.with_name("saved")
    conn = sqlite3.connect(ws.path, isolation_level=None)
    conn.execute("PRAGMA cache_size = 1")  # spill pages to the file before the commit
    conn.execute("BEGIN")
    conn.execute("DELETE FROM punkty")
    conn.execute(f"DROP TABLE {CATALOGUE_TABLE}")
    conn.execute("CREATE TABLE filler (x BLOB)")
    conn.execute("INSERT INTO filler VALUES (zeroblob(2000000))")
    shutil.copyfile(ws.path, saved)
    shutil.copyfile(ws.path.with_name(ws.path.name + "-journal"), str(saved) + "-journal")
    conn.execute("ROLLBACK")
    conn.close()
    shutil.move(saved, ws.path)
    shutil.move(str(saved) + "-journal", ws.path.with_name(ws.path.name + "-journal"))


DAMAGE: dict[str, tuple[Callable[[Workspace], None], Severity, str, str]] = {
    # name: (damage, severity, subject, words of the message)
    "catalogue-dropped": (
        _drop_catalogue,
        Severity.ERROR,
        "catalogue",
        f"the {CATALOGUE_TABLE} table is missing",
    ),
    "garbage-json": (
        _garbage_json,
        Severity.ERROR,
        "catalogue entry 'punkty'",
        "quality holds invalid JSON",
    ),
    "unknown-kind": (
        _unknown_kind,
        Severity.ERROR,
        "catalogue entry 'reports'",
        "unknown kind 'mystery'",
    ),
    "missing-column": (_missing_column, Severity.ERROR, "catalogue", "has no column licence"),
    "layer-dropped": (_drop_layer, Severity.ERROR, "layer 'reports'", "its table is missing"),
    "stray-layer": (_stray_layer, Severity.WARNING, "layer 'obcy'", "no catalogue entry"),
    "wrong-count": (
        _wrong_count,
        Severity.WARNING,
        "layer 'punkty'",
        "the catalogue says 5 features, the table holds 3",
    ),
    "geotiff-deleted": (
        _delete_geotiff,
        Severity.ERROR,
        "raster 'heat'",
        "is not in miasto.rasters",
    ),
    "geotiff-broken": (_broken_geotiff, Severity.ERROR, "raster 'heat'", "cannot be read"),
    "stray-geotiff": (
        _stray_geotiff,
        Severity.WARNING,
        "GeoTIFF old-0123abcd.tif",
        "the next write to the workspace deletes it",
    ),
    "meta-dropped": (_drop_meta, Severity.ERROR, "settings", f"no {META_TABLE} table"),
    "old-format": (_old_format, Severity.WARNING, "settings", "workspace format 0 is older"),
    "unknown-format": (
        _unknown_format,
        Severity.ERROR,
        "settings",
        "unknown workspace format 'x7'",
    ),
    "truncated": (_truncate, Severity.ERROR, "file", "truncated"),
    "not-a-geopackage": (_not_a_geopackage, Severity.ERROR, "file", "not a GeoPackage"),
    "hot-journal": (
        _hot_journal,
        Severity.WARNING,
        "journal",
        "rolled back when the workspace is next opened for writing",
    ),
}


def test_check_says_when_this_computer_lacks_the_pseudonym_key(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ident = ws.meta("pseudonym_key_id")
    monkeypatch.setenv("URBANISTA_KEY_DIR", str(tmp_path / "another-computer"))
    (problem,) = check_workspace(ws.path)
    assert problem.severity is Severity.WARNING and problem.subject == "settings"
    assert ident in problem.message and "urbanista key import" in problem.message


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_check_names_each_problem(ws: Workspace, damage: str) -> None:
    make, severity, subject, words = DAMAGE[damage]
    make(ws)
    before = sha256(ws.path)
    problems = check_workspace(ws.path)
    assert any(
        p.severity is severity and p.subject == subject and words in p.message for p in problems
    ), problems
    assert sha256(ws.path) == before  # check only reads


def test_check_sees_the_workspace_as_the_rollback_leaves_it(ws: Workspace) -> None:
    _hot_journal(ws)
    assert [p.subject for p in check_workspace(ws.path)] == ["journal"]


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "is empty"), (b"hello, world" * 10, "is not an SQLite database")],
)
def test_check_names_what_is_no_database(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "x.gpkg"
    path.write_bytes(content)
    assert [(p.severity, p.subject) for p in check_workspace(path)] == [(Severity.ERROR, "file")]
    assert words in check_workspace(path)[0].message
    assert "does not exist" in check_workspace(tmp_path / "none.gpkg")[0].message
    assert "is a folder" in check_workspace(tmp_path)[0].message


def _content(ws: Workspace) -> dict[str, tuple[str, int | None, str]]:
    return {e.name: (e.kind.value, e.feature_count, e.crs) for e in ws.entries()}


@pytest.mark.parametrize("damage", sorted(set(DAMAGE) - {"truncated"}))
def test_repair_rebuilds_a_workspace_that_checks_clean(
    ws: Workspace, tmp_path: Path, damage: str
) -> None:
    key_id = ws.meta("pseudonym_key_id")
    DAMAGE[damage][0](ws)
    before = sha256(ws.path)
    out = tmp_path / "naprawiony.gpkg"
    result = repair_workspace(ws.path, out)
    assert sha256(ws.path) == before
    assert errors(check_workspace(out)) == [] == errors(list(result.remaining))
    repaired = Workspace.open(out)
    assert repaired.crs == "EPSG:2180"
    content = _content(repaired)
    for name, (kind, rows) in LAYERS.items():
        if name == "reports" and damage == "layer-dropped":
            assert name not in content
            assert named(list(result.failed), "layer 'reports'", "its data is lost")
            continue
        count = 3 if name == "punkty" and damage == "wrong-count" else rows
        assert content[name] == (kind.value, count, "EPSG:2180"), damage
    if damage in ("geotiff-deleted", "geotiff-broken"):
        assert "heat" not in content and named(list(result.failed), "raster 'heat'", "GeoTIFF")
    else:
        with rasterio.open(repaired.raster_file("heat")) as src:
            assert src.read(1).sum() == 20.0
    assert result.key_kept == (damage != "meta-dropped")
    assert (repaired.meta("pseudonym_key_id") == key_id) == result.key_kept


def test_repair_keeps_what_the_old_catalogue_still_says(ws: Workspace, tmp_path: Path) -> None:
    _garbage_json(ws)
    result = repair_workspace(ws.path, tmp_path / "n.gpkg")
    repaired = Workspace.open(result.path)
    punkty, reports_entry = repaired.entry("punkty"), repaired.entry("reports")
    assert (punkty.title, punkty.licence) == ("Punkty", "CC0")
    assert punkty.quality["recovered"]["lost"] == ["quality"]  # its flags were the bad JSON
    assert reports_entry.title == "Zgłoszenia" and reports_entry.quality["recovered"]["lost"] == []
    assert repaired.entry("gaps_summary").quality["analysis"] == "gaps"
    assert repaired.entry("heat").title == "Mapa ciepła"
    by_name = {r.name: r for r in result.recovered}
    assert not by_name["punkty"].kind_guessed and by_name["punkty"].lost == ("quality",)


def test_repair_without_catalogue_guesses_kinds_and_marks_provenance_lost(
    ws: Workspace, tmp_path: Path
) -> None:
    _drop_catalogue(ws)
    _stray_geotiff(ws)
    result = repair_workspace(ws.path, tmp_path / "n.gpkg")
    repaired = Workspace.open(result.path)
    assert {r.name: r.kind_guessed for r in result.recovered} == dict.fromkeys(
        [*LAYERS, "heat", "old"], True
    )
    entry = repaired.entry("punkty")
    assert entry.title is None and entry.licence is None and entry.sources == ()
    assert entry.quality == {
        "recovered": {
            "from": str(ws.path),
            "lost": ["title", "sources", "licence", "source_date", "imported_at", "quality"],
        }
    }
    assert entry.extent == pytest.approx((560_000.0, 380_000.0, 560_040.0, 380_020.0))
    assert repaired.entry("old").kind is DatasetKind.RASTER  # the GeoTIFF no entry named


def test_repair_of_a_truncated_file_recovers_what_it_can_or_says_why(
    ws: Workspace, tmp_path: Path
) -> None:
    _truncate(ws)
    before = sha256(ws.path)
    try:
        result = repair_workspace(ws.path, tmp_path / "n.gpkg")
    except WorkspaceError as exc:
        assert "cannot repair" in str(exc)
        assert not (tmp_path / "n.gpkg").exists()
    else:
        assert errors(check_workspace(result.path)) == []
    assert sha256(ws.path) == before
    assert not list(tmp_path.glob(".n.gpkg.repair-*"))


def test_repair_never_writes_in_place_or_over_a_file(ws: Workspace, tmp_path: Path) -> None:
    before = sha256(ws.path)
    with pytest.raises(WorkspaceError, match="is the damaged workspace"):
        repair_workspace(ws.path, ws.path)
    other = tmp_path / "other.gpkg"
    other.write_bytes(b"keep me")
    with pytest.raises(WorkspaceError, match="exists already"):
        repair_workspace(ws.path, other)
    (tmp_path / "x.rasters").mkdir()
    with pytest.raises(WorkspaceError, match=r"x\.rasters exists already"):
        repair_workspace(ws.path, tmp_path / "x.gpkg")
    with pytest.raises(WorkspaceError, match="not an SQLite database"):
        repair_workspace(other, tmp_path / "y.gpkg")
    assert sha256(ws.path) == before and other.read_bytes() == b"keep me"


def test_a_killed_repair_leaves_nothing_at_the_target(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis.workspace import repair

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(repair, "_move_into_place", killed)
    out = tmp_path / "n.gpkg"
    with pytest.raises(KeyboardInterrupt):
        repair_workspace(ws.path, out)
    assert not out.exists() and not (tmp_path / "n.rasters").exists()
    monkeypatch.undo()
    assert errors(check_workspace(repair_workspace(ws.path, out).path)) == []


@pytest.mark.parametrize(
    ("name", "columns", "kind"),
    [
        ("activities", ["activity_id", "activity_type"], DatasetKind.TRACKS),
        ("activity_points", ["activity_id", "t"], DatasetKind.TRACKS),
        ("activities", ["name"], DatasetKind.DATASET),
        ("reports", ["whatever"], DatasetKind.REPORTS),
        ("zgloszenia_2024", ["category", "status", "created"], DatasetKind.REPORTS),
        ("racks_sites", ["score"], DatasetKind.ANALYSIS),
        ("usage_cycling_segments", ["users", "users_per_day"], DatasetKind.ANALYSIS),
        ("ulice", ["name", "status"], DatasetKind.DATASET),
    ],
)
def test_guess_kind(name: str, columns: list[str], kind: DatasetKind) -> None:
    assert guess_kind(name, columns) is kind


def test_problems_read_as_one_line_and_as_json() -> None:
    problem = Problem(Severity.ERROR, "layer 'ulice'", "its table is missing")
    assert str(problem) == "error: layer 'ulice': its table is missing"
    assert json.loads(json.dumps(problem.to_json()))["subject"] == "layer 'ulice'"
