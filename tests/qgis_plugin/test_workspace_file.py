"""Reading a workspace's catalogue with sqlite3, on workspaces the core wrote."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from qgis_plugin.workspace_file import Dataset, WorkspaceFileError, read_catalogue

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
