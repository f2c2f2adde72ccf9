"""The write path on real disks: in place and proportional, hot journals, links, read-only
files, full disks, names held by another kind, and workspace formats."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pyogrio
import pytest

from analysis import killpoints
from analysis.errors import UrbanistaError, WorkspaceError
from analysis.workspace import DatasetKind, Workspace
from analysis.workspace.formats import FORMAT_VERSION, OutdatedWorkspaceError, upgrade
from analysis.workspace.workspace import NameTakenError
from tests.analysis.conftest import points_2180
from tests.analysis.test_workspace import _geotiff, sha256

ROOT = Path(__file__).parents[2]


def content(ws: Workspace) -> tuple:
    """What a planner has in ``ws``: catalogue rows (without times) and every layer's rows."""
    ws = Workspace.open(ws.path)
    entries = tuple((e.name, e.kind, e.feature_count, e.extent, e.title) for e in ws.entries())
    layers = tuple(
        (
            e.name,
            ws.read_layer(e.name)
            .to_wkt()
            .sort_values(list(ws.read_layer(e.name).columns))
            .to_csv(index=False),
        )
        for e in ws.entries()
        if e.raster_path is None
    )
    return entries, layers


def test_a_write_changes_the_workspace_in_place(workspace: Workspace) -> None:
    inode = workspace.path.stat().st_ino
    with workspace.transaction() as tx:
        tx.write_layer(points_2180(3), "nowe", DatasetKind.DATASET)
        scratch = tx.staging
    assert workspace.path.stat().st_ino == inode  # not a copy renamed over it
    assert not scratch.exists()
    assert [e.name for e in workspace.entries()] == ["punkty", "nowe"]


def test_appended_rows_follow_the_committed_ones_in_the_spatial_index(
    workspace: Workspace,
) -> None:
    with workspace.transaction() as tx:
        tx.append_layer(points_2180(4, x0=570_000), "punkty")
        tx.catalogue_layer("punkty", DatasetKind.DATASET)
    layer = workspace.read_layer("punkty")
    assert len(layer) == 9 and workspace.entry("punkty").feature_count == 9
    # A bounding-box read goes through the R-tree: the appended points must be in it.
    far = pyogrio.read_dataframe(workspace.path, layer="punkty", bbox=(569_990, 0, 580_000, 1e7))
    assert sorted(far["value"]) == [0, 1, 2, 3]
    info = pyogrio.read_info(workspace.path, layer="punkty")
    assert info["features"] == 9
    assert info["total_bounds"][2] == pytest.approx(570_030)
    with sqlite3.connect(workspace.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        fids = [r[0] for r in conn.execute("SELECT fid FROM punkty ORDER BY fid")]
        triggers = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'punkty'"
        ).fetchone()[0]
    assert fids == list(range(1, 10))
    assert triggers >= 4  # GDAL's index triggers are back, so QGIS edits keep the index right
    # GDAL appends after us as it would to its own file.
    pyogrio.write_dataframe(points_2180(1, x0=590_000), workspace.path, layer="punkty", append=True)
    box = (589_000, 0, 600_000, 1e7)
    assert len(pyogrio.read_dataframe(workspace.path, layer="punkty", bbox=box)) == 1


def test_a_replaced_layer_keeps_its_first_import_time(workspace: Workspace) -> None:
    first = workspace.entry("punkty")
    with workspace.transaction() as tx:
        tx.write_layer(points_2180(2), "punkty", DatasetKind.DATASET)
    again = workspace.entry("punkty")
    assert again.imported_at == first.imported_at
    assert again.updated_at is not None and again.updated_at >= first.imported_at
    assert again.feature_count == 2


HOT_JOURNAL = textwrap.dedent(
    """
    import os, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA cache_size = 1")  # spill pages into the file before the commit
    conn.execute("BEGIN")
    conn.execute("DELETE FROM punkty")
    conn.execute("CREATE TABLE junk AS SELECT randomblob(2000) FROM punkty, punkty a, punkty b")
    os._exit(9)  # killed mid-transaction
    """
)


def test_a_hot_journal_is_rolled_back_by_the_next_opener(workspace: Workspace) -> None:
    before = content(workspace)
    subprocess.run([sys.executable, "-c", HOT_JOURNAL, str(workspace.path)], check=False)
    journal = workspace.path.with_name(workspace.path.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0
    with pytest.raises(sqlite3.OperationalError, match="readonly"):  # what a plain reader meets
        sqlite3.connect(f"{workspace.path.as_uri()}?mode=ro", uri=True).execute(
            "SELECT count(*) FROM punkty"
        ).fetchone()
    assert content(Workspace.open(workspace.path)) == before
    assert not journal.exists()


def test_a_symlinked_workspace_is_written_where_it_really_is(
    workspace: Workspace, tmp_path: Path
) -> None:
    link = tmp_path / "skrot.gpkg"
    link.symlink_to(workspace.path)
    opened = Workspace.open(link)
    assert opened.path == workspace.path.resolve()
    with opened.transaction() as tx:
        tx.write_layer(points_2180(2), "nowe", DatasetKind.DATASET)
    assert link.is_symlink()
    assert [e.name for e in workspace.entries()] == ["punkty", "nowe"]
    assert not (tmp_path / "skrot.gpkg.lock").exists()  # one lock, by the real path
    # Writers through the link and through the file exclude each other.
    with (
        workspace.transaction(),
        pytest.raises(WorkspaceError, match="already being written"),
        opened.transaction(),
    ):
        pass


@pytest.fixture
def read_only(workspace: Workspace) -> Iterator[Workspace]:
    workspace.path.chmod(0o444)
    yield workspace
    workspace.path.chmod(0o644)


def test_a_read_only_workspace_opens_for_viewing_and_refuses_writes(read_only: Workspace) -> None:
    before = sha256(read_only.path)
    ws = Workspace.open(read_only.path)
    assert ws.read_only and ws.info()["read_only"]
    assert len(ws.read_layer("punkty")) == 5
    with pytest.raises(WorkspaceError, match="read-only") as caught, ws.transaction():
        pass
    assert "\n" not in str(caught.value)
    assert sha256(ws.path) == before
    assert oct(ws.path.stat().st_mode & 0o777) == oct(0o444)


def test_a_name_held_by_another_kind_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    with workspace.transaction() as tx:
        tx.write_layer(points_2180(3), "reports", DatasetKind.REPORTS)
    before = content(workspace)
    with (
        pytest.raises(NameTakenError, match=r"'reports'.*citizen reports.*--layer NEW"),
        workspace.transaction() as tx,
    ):
        tx.write_layer(points_2180(1), "reports", DatasetKind.DATASET)
    with pytest.raises(NameTakenError, match="--replace"), workspace.transaction() as tx:
        tx.add_raster(_geotiff(tmp_path / "a.tif", 1.0), "reports")
    assert content(workspace) == before
    assert list(workspace.raster_dir.glob("*.tif")) == []
    # Asked to, a raster takes the name: the table goes with its registrations.
    with workspace.transaction(replace=True) as tx:
        tx.add_raster(_geotiff(tmp_path / "a.tif", 1.0), "reports")
    assert workspace.entry("reports").kind is DatasetKind.RASTER
    assert "reports" not in dict(pyogrio.list_layers(workspace.path))


def test_a_table_outside_the_catalogue_is_not_overwritten(workspace: Workspace) -> None:
    pyogrio.write_dataframe(points_2180(2), workspace.path, layer="qgis_edits")
    with pytest.raises(NameTakenError, match="not in its catalogue"), workspace.transaction() as tx:
        tx.write_layer(points_2180(1), "qgis_edits", DatasetKind.DATASET)
    assert len(pyogrio.read_dataframe(workspace.path, layer="qgis_edits")) == 2


def _as_format_1(ws: Workspace) -> None:
    with sqlite3.connect(ws.path) as conn:
        conn.execute("ALTER TABLE urbanista_catalogue DROP COLUMN updated_at")
        conn.execute("UPDATE urbanista_workspace SET value = '1' WHERE key = 'format_version'")


def test_a_format_1_workspace_is_upgraded_into_a_copy(workspace: Workspace, tmp_path: Path) -> None:
    with workspace.transaction() as tx:
        tx.add_raster(_geotiff(tmp_path / "a.tif", 1.0), "heat")
    _as_format_1(workspace)
    before = sha256(workspace.path)
    with pytest.raises(OutdatedWorkspaceError, match="workspace upgrade"):
        Workspace.open(workspace.path)
    copy = upgrade(workspace.path)
    assert copy == workspace.path.with_name(f"miasto-format{FORMAT_VERSION}.gpkg")
    assert sha256(workspace.path) == before
    upgraded = Workspace.open(copy)
    assert [e.name for e in upgraded.entries()] == ["punkty", "heat"]
    assert upgraded.entry("punkty").updated_at == upgraded.entry("punkty").imported_at
    assert upgraded.raster_file("heat").parent == upgraded.raster_dir != workspace.raster_dir
    with pytest.raises(WorkspaceError, match="exists already"):
        upgrade(workspace.path)
    assert upgrade(workspace.path, in_place=True) == workspace.path
    assert Workspace.open(workspace.path).entry("heat").kind is DatasetKind.RASTER


def test_a_killed_in_place_upgrade_leaves_format_1(workspace: Workspace) -> None:
    _as_format_1(workspace)
    code = (
        "import sys; from analysis.workspace.formats import upgrade; "
        "upgrade(sys.argv[1], in_place=True)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "URBANISTA_KILL_AT": "1"}
    proc = subprocess.run([sys.executable, "-c", code, str(workspace.path)], env=env, check=False)
    assert proc.returncode == -9
    with pytest.raises(OutdatedWorkspaceError):
        Workspace.open(workspace.path)
    upgrade(workspace.path, in_place=True)
    assert Workspace.open(workspace.path).entry("punkty").feature_count == 5


def test_a_read_only_workspace_is_upgraded_and_saved_into_copies_without_a_lock_beside_it(
    tmp_path: Path,
) -> None:
    source_dir, out_dir = tmp_path / "pendrive", tmp_path / "kopie"
    source_dir.mkdir()
    out_dir.mkdir()
    ws = Workspace.create(source_dir / "stary.gpkg")
    with ws.transaction() as tx:
        tx.write_layer(points_2180(2), "punkty", DatasetKind.DATASET)
    _as_format_1(ws)
    ws.path.with_name("stary.gpkg.lock").unlink()
    ws.path.chmod(0o444)
    try:
        copy = upgrade(ws.path, out_dir / "nowy.gpkg")
        saved = Workspace.open(copy).save_as(out_dir / "drugi.gpkg")  # Save as from a format 2
        upgrade(ws.path, out_dir / "trzeci.gpkg")
        read_only_copy = Workspace.open(out_dir / "trzeci.gpkg")
        read_only_copy.path.chmod(0o444)
        read_only_copy.save_as(out_dir / "czwarty.gpkg")
    finally:
        ws.path.chmod(0o644)
    assert sorted(p.name for p in source_dir.iterdir()) == ["stary.gpkg"]
    assert saved.entry("punkty").feature_count == 2
    assert Workspace.open(out_dir / "czwarty.gpkg").entry("punkty").feature_count == 2


def test_rows_appended_to_an_empty_layer_set_its_extent(workspace: Workspace) -> None:
    with workspace.transaction() as tx:
        tx.write_layer(points_2180(1).iloc[:0], "pusta", DatasetKind.DATASET)
    assert workspace.entry("pusta").extent is None
    with workspace.transaction() as tx:
        tx.append_layer(points_2180(2), "pusta")
        tx.catalogue_layer("pusta", DatasetKind.DATASET)
    assert workspace.entry("pusta").extent == (560_000.0, 380_000.0, 560_010.0, 380_005.0)


def test_staged_rows_nobody_catalogued_are_refused(workspace: Workspace) -> None:
    before = content(workspace)
    with pytest.raises(ValueError, match="never catalogued"), workspace.transaction() as tx:
        tx.append_layer(points_2180(2), "punkty")
    assert content(workspace) == before


def test_appended_rows_must_fit_the_layer(workspace: Workspace) -> None:
    before = content(workspace)
    wrong = points_2180(2).assign(value=["dwa", "trzy"])  # text into an integer column
    with (
        pytest.raises(WorkspaceError, match="'value' holds INTEGER"),
        workspace.transaction() as tx,
    ):
        tx.append_layer(wrong, "punkty")
        tx.catalogue_layer("punkty", DatasetKind.DATASET)
    assert content(workspace) == before
    odd = points_2180(2).rename(columns={"label": 'opis "cytat"'})  # a name that needs quoting
    with workspace.transaction() as tx:
        tx.append_layer(odd, "punkty")
        tx.catalogue_layer("punkty", DatasetKind.DATASET)
    assert list(workspace.read_layer("punkty")['opis "cytat"'].dropna()) == [
        "punkt 0 żółć",
        "punkt 1 żółć",
    ]


def test_a_crs_worded_otherwise_by_another_proj_still_takes_writes(workspace: Workspace) -> None:
    with sqlite3.connect(workspace.path) as conn:
        conn.execute(
            "UPDATE gpkg_spatial_ref_sys SET definition = replace(definition, "
            "'ETRS89 / Poland CS92', 'ETRS89 / Poland CS92 (old wording)') "
            "WHERE srs_id = 2180"
        )
    with workspace.transaction() as tx:
        tx.write_layer(points_2180(2), "nowe", DatasetKind.DATASET)
    assert workspace.entry("nowe").feature_count == 2


@pytest.mark.parametrize(
    ("name", "kind"), [("activities", DatasetKind.DATASET), ("reports", DatasetKind.ANALYSIS)]
)
def test_the_names_the_core_reads_are_kept_for_their_kind(
    tmp_path: Path, name: str, kind: DatasetKind
) -> None:
    ws = Workspace.create(tmp_path / "pusty.gpkg")
    with pytest.raises(NameTakenError, match="where Urbanista keeps"), ws.transaction() as tx:
        tx.write_layer(points_2180(2), name, kind)
    with ws.transaction(replace=True) as tx:  # asked for, it may
        tx.write_layer(points_2180(2), name, kind)
    assert ws.entry(name).kind is kind


def test_readers_are_not_locked_out_while_a_big_write_is_merged(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Until COMMIT the merged pages stay in memory: a reader that will not wait still reads.

    With SQLite's default 2 MB page cache, 60,000 points spill into the file before
    the commit, and SQLite then locks every reader out until it ends.
    """
    reads: list[int] = []

    def read_now(point: str) -> None:
        if point == "workspace.commit":
            uri = f"{workspace.path.as_uri()}?mode=ro"
            with closing(sqlite3.connect(uri, uri=True, timeout=0)) as conn:
                reads.append(conn.execute("SELECT count(*) FROM punkty").fetchone()[0])

    monkeypatch.setattr(killpoints, "reach", read_now)
    with workspace.transaction() as tx:
        tx.write_layer(points_2180(60_000), "duza", DatasetKind.DATASET)
    assert reads == [5]
    assert workspace.entry("duza").feature_count == 60_000


def test_opening_sweeps_what_a_killed_writer_left_unless_someone_writes(
    workspace: Workspace,
) -> None:
    left = workspace.path.with_name(f".{workspace.path.name}.0123456789ab.staging.gpkg")
    with workspace.transaction():  # a writer at work: its scratch files stay
        left.write_bytes(b"staged by this writer")
        Workspace.open(workspace.path)
        assert left.exists()
    left.write_bytes(b"staged by a killed import")
    Workspace.open(workspace.path)
    assert not left.exists()


def test_an_upgrade_names_a_copy_outside_any_workspace(workspace: Workspace) -> None:
    _as_format_1(workspace)
    with pytest.raises(WorkspaceError, match="add --in-place"):
        upgrade(workspace.path, workspace.path)
    workspace.raster_dir.mkdir()
    with pytest.raises(UrbanistaError, match="belongs to the workspace"):
        upgrade(workspace.path, workspace.raster_dir / "kopia.gpkg")
    assert list(workspace.raster_dir.iterdir()) == []


def test_a_failed_raster_write_leaves_no_rasters_folder_it_made(
    workspace: Workspace, tmp_path: Path
) -> None:
    with pytest.raises(RuntimeError), workspace.transaction() as tx:
        tx.add_raster(_geotiff(tmp_path / "a.tif", 1.0), "cieplo")
        raise RuntimeError("a full disk, say")
    assert not workspace.raster_dir.exists()
