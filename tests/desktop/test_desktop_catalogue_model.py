"""The catalogue model on hand-made entries, without a workspace or a window."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt

from analysis.workspace import CatalogueEntry, DatasetKind
from desktop.catalogue_model import ENTRY_ROLE, SORT_ROLE, CatalogueModel, Column
from tests.desktop.qt_helpers import column_values

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole

RASTER = CatalogueEntry(
    name="heatmap",
    kind=DatasetKind.RASTER,
    crs="EPSG:2180",
    imported_at=datetime(2024, 3, 1, 12, 0, tzinfo=UTC),
    raster_path="miasto.rasters/heatmap.tif",
)
LAYER = CatalogueEntry(
    name="bike_paths",
    kind=DatasetKind.DATASET,
    crs="EPSG:2180",
    feature_count=40,
    imported_at=datetime(2024, 3, 2, 8, 30, tzinfo=UTC),
    title="Drogi rowerowe",
    licence="ODbL",
    source_date=date(2023, 12, 31),
    quality={"invalid_geometries_fixed": 4, "clipped": True},
)


@pytest.fixture
def model(qapp: object) -> CatalogueModel:
    return CatalogueModel([RASTER, LAYER])


def test_shape_and_headers(model: CatalogueModel) -> None:
    assert (model.rowCount(), model.columnCount()) == (2, len(Column))
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == [
        "Dataset",
        "Kind",
        "CRS",
        "Features",
        "Imported",
        "Licence",
        "Source date",
        "Quality flags",
    ]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children


def test_display_of_a_vector_layer(model: CatalogueModel) -> None:
    row = [model.index(1, c).data(DISPLAY) for c in Column]
    assert row[Column.NAME] == "Drogi rowerowe"
    assert row[Column.KIND] == "Dataset"
    assert row[Column.CRS] == "EPSG:2180"
    assert row[Column.FEATURES] == "40"
    assert row[Column.LICENCE] == "ODbL"
    assert row[Column.SOURCE_DATE] == "2023-12-31"
    assert row[Column.QUALITY] == "invalid_geometries_fixed: 4, clipped"
    local = LAYER.imported_at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert row[Column.IMPORTED_AT] == local


def test_display_of_a_raster(model: CatalogueModel) -> None:
    assert model.index(0, Column.NAME).data(DISPLAY) == "heatmap"  # no title: the name
    assert model.index(0, Column.KIND).data(DISPLAY) == "Raster"
    assert model.index(0, Column.FEATURES).data(DISPLAY) == ""
    assert model.index(0, Column.FEATURES).data(SORT_ROLE) == -1
    assert model.index(0, Column.NAME).data(TOOLTIP) == "GeoTIFF: miasto.rasters/heatmap.tif"
    assert model.index(0, Column.QUALITY).data(TOOLTIP) == "No quality flags"


def test_tooltips_and_roles(model: CatalogueModel) -> None:
    assert model.index(1, Column.NAME).data(TOOLTIP) == "Layer: bike_paths"
    assert model.index(1, Column.KIND).data(TOOLTIP) == "dataset"
    assert model.index(1, Column.IMPORTED_AT).data(TOOLTIP) == "2024-03-02T08:30:00+00:00"
    assert model.index(1, Column.QUALITY).data(TOOLTIP) == (
        "invalid_geometries_fixed: 4\nclipped: True"
    )
    assert model.index(1, Column.FEATURES).data(SORT_ROLE) == 40
    assert model.index(1, 0).data(ENTRY_ROLE) is LAYER
    assert model.data(QModelIndex()) is None


def test_set_entries_resets_rows(model: CatalogueModel, qtbot: object) -> None:
    with qtbot.waitSignal(model.modelReset, timeout=1000):  # type: ignore[attr-defined]
        model.set_entries([LAYER])
    assert column_values(model, Column.NAME) == ["Drogi rowerowe"]
    assert model.entries() == (LAYER,)


def test_analysis_layers_are_titled_in_the_apps_language(qapp: object) -> None:
    from desktop import i18n

    sites = CatalogueEntry(
        name="racks_sites",
        kind=DatasetKind.ANALYSIS,
        crs="EPSG:2180",
        feature_count=3,
        title="Proposed bike stands (MCLP, 150 m walk)",
        quality={"analysis": "racks", "walk_m": 150.0},
    )
    model = CatalogueModel([sites, LAYER])
    english = ["Proposed bike stands (MCLP, 150 m walk)", "Drogi rowerowe"]  # its own words
    assert column_values(model, Column.NAME) == english
    i18n.install("pl")
    polish = ["Stojaki – propozycje (dojście 150 m)", "Drogi rowerowe"]  # a city's title: its own
    assert column_values(model, Column.NAME) == polish
    assert model.index(0, Column.NAME).data(TOOLTIP).endswith(": racks_sites")  # its name
