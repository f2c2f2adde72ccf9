"""The "Load Urbanista workspace" algorithm, run through Processing as a user would."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import processing
import pytest
from processing.gui.Postprocessing import handleAlgorithmResults
from qgis.core import (
    QgsApplication,
    QgsMapLayer,
    QgsPointXY,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingUtils,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

if TYPE_CHECKING:
    from tests.qgis_plugin.conftest import Workspaces

ALG = "urbanista:load_workspace"

# What make_workspaces.py writes, in catalogue order: (layer name, GeoPackage layer or
# None for the raster, feature count, geometry type).
EXPECTED = [
    ("Zgłoszenia mieszkańców — Łódź", "zgloszenia", 5, QgsWkbTypes.PointGeometry),
    ("Mapa ciepła", None, None, None),
    ("Ślady przejazdów rowerowych", "trasy", 3, QgsWkbTypes.LineGeometry),
    ("dzielnice", "dzielnice", 2, QgsWkbTypes.PolygonGeometry),  # no title: named by name
]
NAMES = [name for name, *_ in EXPECTED]

pytestmark = pytest.mark.usefixtures("plugin")


def tree_layers(project: QgsProject) -> list[QgsMapLayer]:
    """The project's layers as the layer tree lists them, top to bottom."""
    return [node.layer() for node in project.layerTreeRoot().findLayers()]


def assert_city_layers(layers: list[QgsMapLayer]) -> None:
    """Assert that ``layers`` are the datasets of ``city.gpkg``, in catalogue order."""
    assert [layer.name() for layer in layers] == NAMES
    for layer, (name, table, count, geometry) in zip(layers, EXPECTED, strict=True):
        assert layer.isValid(), name
        assert layer.crs().authid() == "EPSG:2180", name
        if table is None:
            assert_heat_raster(layer)
        else:
            assert isinstance(layer, QgsVectorLayer)
            assert layer.providerType() == "ogr"
            assert layer.source().endswith(f"city.gpkg|layername={table}")
            assert layer.featureCount() == count
            assert layer.geometryType() == geometry


def assert_heat_raster(layer: QgsMapLayer) -> None:
    """The 4x3 float32 GeoTIFF of 10 m pixels whose value is 10 * row + col."""
    assert isinstance(layer, QgsRasterLayer)
    assert layer.providerType() == "gdal"
    assert Path(layer.source()).parent.name == "city.rasters"
    assert (layer.width(), layer.height(), layer.bandCount()) == (4, 3, 1)
    assert layer.rasterUnitsPerPixelX() == pytest.approx(10.0)
    extent = layer.extent()
    assert (extent.xMinimum(), extent.yMinimum()) == pytest.approx((530_000.0, 390_000.0))
    assert (extent.xMaximum(), extent.yMaximum()) == pytest.approx((530_040.0, 390_030.0))
    # Pixel centre of row 2 (the bottom row), column 3.
    value, ok = layer.dataProvider().sample(QgsPointXY(530_035.0, 390_005.0), 1)
    assert ok
    assert value == pytest.approx(23.0)


def run_and_load(path: Path) -> dict[str, Any]:
    """Run the algorithm and load its layers into the current project, like the dialog."""
    return processing.runAndLoadResults(ALG, {"WORKSPACE": str(path)})


def test_adds_every_dataset_to_the_project_in_catalogue_order(
    project: QgsProject, workspaces: Workspaces
) -> None:
    results = run_and_load(workspaces.city)

    assert results["LAYER_COUNT"] == 4
    layers = tree_layers(project)
    assert_city_layers(layers)
    assert results["LAYERS"] == [layer.id() for layer in layers]
    assert len(project.mapLayers()) == 4


def test_does_not_add_the_catalogue_or_the_meta_table(
    project: QgsProject, workspaces: Workspaces
) -> None:
    run_and_load(workspaces.city)

    layers = list(project.mapLayers().values())
    tables = sorted(layer.source().partition("|layername=")[2] for layer in layers)
    assert tables == ["", "dzielnice", "trasy", "zgloszenia"]  # "": the GeoTIFF
    assert [layer for layer in layers if layer.name().startswith("urbanista_")] == []


def test_run_returns_the_layers_without_touching_the_project(
    project: QgsProject, workspaces: Workspaces
) -> None:
    results = processing.run(ALG, {"WORKSPACE": str(workspaces.city)})

    assert results["LAYER_COUNT"] == 4
    assert_city_layers(results["LAYERS"])  # processing.run hands the layers to the caller
    assert project.count() == 0


def test_queues_each_layer_under_its_title_whatever_the_user_settings(
    project: QgsProject, workspaces: Workspaces
) -> None:
    """forceName: QGIS would otherwise name a layer by its GeoPackage table, as its
    "prefer file name" setting (on by default) does for files outside the temp folder."""
    algorithm = QgsApplication.processingRegistry().createAlgorithmById(ALG)
    context = QgsProcessingContext()
    context.setProject(project)

    results, ok = algorithm.run(
        {"WORKSPACE": str(workspaces.city)}, context, QgsProcessingFeedback()
    )

    assert ok
    queued = context.layersToLoadOnCompletion()
    details = [queued[layer_id] for layer_id in results["LAYERS"]]
    assert [(d.name, d.forceName, d.outputName) for d in details] == [
        (name, True, "LAYERS") for name in NAMES
    ]
    assert [d.project is project for d in details] == [True] * 4
    assert [d.layerTypeHint for d in details] == [
        QgsProcessingUtils.LayerHint.Vector,
        QgsProcessingUtils.LayerHint.Raster,
        QgsProcessingUtils.LayerHint.Vector,
        QgsProcessingUtils.LayerHint.Vector,
    ]


class ThreadRecordingFeedback(QgsProcessingFeedback):
    """Feedback that records the threads the algorithm reported from."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    def pushInfo(self, info: str) -> None:
        self.threads.add(threading.get_ident())
        super().pushInfo(info)


def test_loads_layers_made_in_a_background_thread(
    project: QgsProject, workspaces: Workspaces
) -> None:
    """As the Processing dialog does: a task runs the algorithm, then results are loaded."""
    algorithm = QgsApplication.processingRegistry().createAlgorithmById(ALG)
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = ThreadRecordingFeedback()
    outcome: dict[str, Any] = {}
    task = QgsProcessingAlgRunnerTask(
        algorithm, {"WORKSPACE": str(workspaces.city)}, context, feedback
    )
    task.executed.connect(lambda ok, results: outcome.update(ok=ok, results=results))
    QgsApplication.taskManager().addTask(task)
    deadline = time.monotonic() + 30
    while not outcome and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)

    assert outcome.get("ok") is True, f"the task did not succeed within 30 s: {outcome}"
    assert feedback.threads and threading.get_ident() not in feedback.threads
    assert outcome["results"]["LAYER_COUNT"] == 4
    assert handleAlgorithmResults(algorithm, context, feedback)
    layers = tree_layers(project)
    assert_city_layers(layers)
    main_thread = QCoreApplication.instance().thread()
    assert [layer.thread() == main_thread for layer in layers] == [True] * 4


def test_reports_progress_per_dataset(project: QgsProject, workspaces: Workspaces) -> None:
    feedback = QgsProcessingFeedback()
    progress: list[float] = []
    feedback.progressChanged.connect(progress.append)

    processing.run(ALG, {"WORKSPACE": str(workspaces.city)}, feedback=feedback)

    assert progress[:4] == [25.0, 50.0, 75.0, 100.0]
    log = feedback.textLog()
    assert [name for name in NAMES if f"Loading {name}" in log] == NAMES


def test_an_empty_workspace_adds_nothing(project: QgsProject, workspaces: Workspaces) -> None:
    results = run_and_load(workspaces.empty)

    assert results["LAYER_COUNT"] == 0
    assert results["LAYERS"] == []
    assert project.count() == 0


def _empty_file(tmp: Path, _: Workspaces) -> Path:
    path = tmp / "empty-file.gpkg"
    path.touch()
    return path


def _text_file(tmp: Path, _: Workspaces) -> Path:
    path = tmp / "notes.gpkg"
    path.write_text("ulica;numer\nPiotrkowska;1\n", encoding="utf-8")
    return path


def _plain_geopackage(tmp: Path, workspaces: Workspaces) -> Path:
    return workspaces.plain


def _missing_file(tmp: Path, _: Workspaces) -> Path:
    return tmp / "nie ma mnie.gpkg"


def _with_format(version: str | None) -> Any:
    def make(tmp: Path, workspaces: Workspaces) -> Path:
        path = Path(shutil.copy(workspaces.city, tmp / "future.gpkg"))
        with sqlite3.connect(path) as conn:
            if version is None:
                conn.execute("DELETE FROM urbanista_workspace WHERE key = 'format_version'")
            else:
                conn.execute(
                    "UPDATE urbanista_workspace SET value = ? WHERE key = 'format_version'",
                    (version,),
                )
        conn.close()
        return path

    return make


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_empty_file, "it is not a GeoPackage"),
        (_text_file, "it is not a GeoPackage"),
        (_plain_geopackage, "not an Urbanista workspace (it has no urbanista_workspace table)"),
        (_missing_file, "there is no such file"),
        (_with_format("4"), "has workspace format 4; this plugin reads formats up to 3: update"),
        (_with_format("2b"), "has workspace format 2b; this plugin reads formats up to 3"),
        (_with_format(None), "has workspace format (none); this plugin reads formats up to 3"),
    ],
    ids=[
        "empty-file",
        "text-file",
        "plain-geopackage",
        "missing-file",
        "newer-format",
        "unknown-format",
        "no-format",
    ],
)
def test_a_file_that_is_not_a_workspace_raises_naming_it(
    make: Any, message: str, tmp_path: Path, project: QgsProject, workspaces: Workspaces
) -> None:
    path = make(tmp_path, workspaces)

    with pytest.raises(QgsProcessingException) as caught:
        run_and_load(path)

    assert str(path) in str(caught.value)
    assert message in str(caught.value)
    assert project.count() == 0


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("dataset", "QGIS cannot open it (is it missing from the GeoPackage?)"),
        ("raster", "the catalogue names no raster file for it"),
    ],
)
def test_a_catalogued_dataset_that_is_not_there_raises_naming_it(
    kind: str, reason: str, tmp_path: Path, project: QgsProject, workspaces: Workspaces
) -> None:
    path = Path(shutil.copy(workspaces.city, tmp_path / "city.gpkg"))
    shutil.copytree(workspaces.city.with_name("city.rasters"), tmp_path / "city.rasters")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO urbanista_catalogue (name, kind, crs, imported_at, title)"
            " VALUES ('duch', ?, 'EPSG:2180', '2026-01-01T00:00:00+00:00', 'Duch')",
            (kind,),
        )

    with pytest.raises(QgsProcessingException) as caught:
        run_and_load(path)

    assert str(caught.value).endswith(
        f"Cannot load dataset duch ({kind}) of workspace {path}: {reason}"
    )
    assert project.count() == 0


def test_cancelling_stops_before_the_next_dataset(
    project: QgsProject, workspaces: Workspaces
) -> None:
    feedback = QgsProcessingFeedback()
    feedback.cancel()

    results = processing.runAndLoadResults(
        ALG, {"WORKSPACE": str(workspaces.city)}, feedback=feedback
    )

    assert (results["LAYER_COUNT"], results["LAYERS"], project.count()) == (0, [], 0)


def test_a_missing_raster_file_raises_naming_it(
    tmp_path: Path, project: QgsProject, workspaces: Workspaces
) -> None:
    path = Path(shutil.copy(workspaces.city, tmp_path / "city.gpkg"))  # without city.rasters/

    with pytest.raises(QgsProcessingException) as caught:
        run_and_load(path)

    message = str(caught.value)
    assert f"Cannot load dataset upal (raster) of workspace {path}" in message
    assert str(tmp_path / "city.rasters") in message
    assert project.count() == 0


class WarningRecordingFeedback(QgsProcessingFeedback):
    """Feedback that records the warnings the algorithm pushed."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[str] = []

    def pushWarning(self, warning: str) -> None:
        self.warnings.append(warning)
        super().pushWarning(warning)


def test_a_format_1_workspace_loads_with_a_warning_saying_how_to_upgrade(
    project: QgsProject, format1: Path
) -> None:
    feedback = WarningRecordingFeedback()

    results = processing.runAndLoadResults(ALG, {"WORKSPACE": str(format1)}, feedback=feedback)

    assert results["LAYER_COUNT"] == 4
    assert [layer.name() for layer in tree_layers(project)] == NAMES
    assert feedback.warnings == [
        f"{format1} has the old workspace format 1. It loads here, but Urbanista opens only "
        'format 3 workspaces: upgrade a copy with the "Upgrade Urbanista workspace" algorithm '
        "(Processing Toolbox > Urbanista > Workspace) or with the command 'urbanista "
        f"workspace upgrade {format1}'."
    ]
    assert "has the old workspace format 1" in feedback.textLog()


def test_a_current_workspace_loads_without_warnings(
    project: QgsProject, workspaces: Workspaces
) -> None:
    feedback = WarningRecordingFeedback()

    processing.runAndLoadResults(ALG, {"WORKSPACE": str(workspaces.city)}, feedback=feedback)

    assert feedback.warnings == []
