"""Reading a workspace's catalogue with sqlite3, on workspaces the core wrote."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from qgis_plugin.workspace_file import (
    FORMAT_VERSION,
    Dataset,
    WorkspaceFileError,
    read_catalogue,
    read_workspace,
)

if TYPE_CHECKING:
    from tests.qgis_plugin.conftest import Workspaces


def test_reads_the_catalogue_in_catalogue_order(workspaces: Workspaces) -> None:
    datasets = read_catalogue(workspaces.city)

    assert [d.name for d in datasets] == workspaces.catalogue
    assert [d.name for d in datasets] == ["zgloszenia", "upal", "trasy", "dzielnice"]
    assert [d.kind for d in datasets] == ["reports", "raster", "tracks", "dataset"]
    assert [d.display_name for d in datasets] == [
        "Zgłoszenia mieszkańców — Łódź",
        "Mapa ciepła",
        "Ślady przejazdów rowerowych",
        "dzielnice",
    ]
    assert [d.is_raster for d in datasets] == [False, True, False, False]


def test_resolves_raster_paths_beside_the_workspace(workspaces: Workspaces) -> None:
    heat = read_catalogue(workspaces.city)[1]

    tif = heat.raster_file(workspaces.city)
    assert tif is not None
    assert tif.parent == workspaces.city.with_name("city.rasters")
    assert tif.name.startswith("upal-") and tif.suffix == ".tif"
    assert tif.stat().st_size > 0


def test_vector_datasets_have_no_raster_file() -> None:
    assert Dataset("trasy", "tracks", None, None).raster_file(Path("/dane/city.gpkg")) is None


def test_an_empty_workspace_has_no_datasets(workspaces: Workspaces) -> None:
    assert read_catalogue(workspaces.empty) == []


def test_reads_a_workspace_whose_path_needs_quoting(tmp_path: Path, workspaces: Workspaces) -> None:
    folder = tmp_path / "Urząd #1 ?100%"
    folder.mkdir()
    path = Path(shutil.copy(workspaces.city, folder / "miasto łódź.gpkg"))

    assert len(read_catalogue(path)) == 4


def test_a_geopackage_with_only_the_meta_table_is_not_a_workspace(
    tmp_path: Path, workspaces: Workspaces
) -> None:
    path = Path(shutil.copy(workspaces.empty, tmp_path / "half.gpkg"))
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE urbanista_catalogue")

    with pytest.raises(WorkspaceFileError, match="it has no urbanista_catalogue table") as caught:
        read_catalogue(path)
    assert str(path) in str(caught.value)


def test_the_core_writes_the_format_the_plugin_reads(workspaces: Workspaces) -> None:
    workspace = read_workspace(workspaces.city)

    assert (FORMAT_VERSION, workspace.format_version, workspace.outdated) == ("3", "3", False)
    assert workspace.path == workspaces.city


def test_a_format_1_workspace_reads_the_same_but_is_outdated(
    workspaces: Workspaces, format1: Path
) -> None:
    workspace = read_workspace(format1)

    assert (workspace.format_version, workspace.outdated) == ("1", True)
    assert workspace.datasets == read_catalogue(workspaces.city)
    assert "'urbanista workspace upgrade " + str(format1) + "'" in workspace.outdated_message()


KILLED_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 10")  # spill: pages reach the file before the commit
conn.execute("BEGIN")
conn.execute("UPDATE urbanista_catalogue SET title = 'half-written'")
conn.execute("CREATE TABLE junk (x BLOB)")
for _ in range(500):
    conn.execute("INSERT INTO junk VALUES (zeroblob(4000))")
os._exit(0)
"""


def kill_a_writer(path: Path) -> Path:
    """Leave in ``path`` what a writer killed before its commit leaves: a hot journal."""
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path)], check=True)
    journal = path.with_name(path.name + "-journal")
    assert journal.stat().st_size > 0
    return journal


def test_a_write_killed_mid_way_is_rolled_back_on_reading(
    tmp_path: Path, workspaces: Workspaces
) -> None:
    path = Path(shutil.copy(workspaces.city, tmp_path / "city.gpkg"))
    journal = kill_a_writer(path)

    assert read_catalogue(path) == read_catalogue(workspaces.city)
    assert not journal.exists()
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "junk" not in tables


def test_a_read_only_workspace_with_a_killed_write_is_named(
    tmp_path: Path, workspaces: Workspaces
) -> None:
    path = Path(shutil.copy(workspaces.city, tmp_path / "city.gpkg"))
    journal = kill_a_writer(path)
    os.chmod(path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # no write bit, for root too

    with pytest.raises(WorkspaceFileError) as caught:
        read_catalogue(path)

    assert str(caught.value) == (
        f"{path} was being written when its program stopped, and it is read-only, so that "
        "write cannot be undone here: open it once where it can be written"
    )
    assert journal.exists()
