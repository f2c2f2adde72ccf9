"""Load Urbanista workspace: add every dataset of a workspace to the project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qgis.core import (
    QgsMapLayer,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFile,
    QgsProcessingUtils,
    QgsRasterLayer,
    QgsVectorLayer,
)

from ...workspace_file import Dataset, WorkspaceFileError, read_workspace
from .base import UrbanistaAlgorithm


class LoadWorkspace(UrbanistaAlgorithm):
    """Create a layer for each catalogue entry and load them when the algorithm ends.

    Layers are created here (possibly in a worker thread), kept in the context's
    temporary layer store and added to the project by Processing on completion,
    so that the layer tree lists them top to bottom in catalogue order.
    """

    WORKSPACE = "WORKSPACE"
    LAYERS = "LAYERS"
    LAYER_COUNT = "LAYER_COUNT"

    def name(self) -> str:
        """Return the algorithm id within the provider."""
        return "load_workspace"

    def displayName(self) -> str:
        """Return the name shown in the toolbox."""
        return self.tr("Load Urbanista workspace")

    def shortHelpString(self) -> str:
        """Return the help shown beside the parameters."""
        return self.tr(
            "Adds every dataset of an Urbanista workspace (a .gpkg file made by Urbanista) "
            "to the project, in the order of the workspace catalogue and named by the "
            "catalogue's titles: vector layers from the GeoPackage and rasters from the "
            "GeoTIFFs beside it. A workspace of an older format loads too, with a warning: "
            'upgrade it with "Upgrade Urbanista workspace".'
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        """Declare the workspace parameter and the outputs."""
        self.addParameter(
            QgsProcessingParameterFile(
                self.WORKSPACE,
                self.tr("Workspace"),
                behavior=QgsProcessingParameterFile.File,
                fileFilter=self.tr("GeoPackage (*.gpkg)"),
            )
        )
        self.addOutput(QgsProcessingOutputMultipleLayers(self.LAYERS, self.tr("Loaded layers")))
        self.addOutput(QgsProcessingOutputNumber(self.LAYER_COUNT, self.tr("Number of layers")))

    def processAlgorithm(
        self,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict[str, Any]:
        """Read the catalogue, create the layers and queue them for loading."""
        path = Path(self.parameterAsFile(parameters, self.WORKSPACE, context)).absolute()
        try:
            workspace = read_workspace(path)
        except WorkspaceFileError as exc:
            raise QgsProcessingException(str(exc)) from exc
        if workspace.outdated:
            feedback.pushWarning(workspace.outdated_message())
        datasets = workspace.datasets
        if not datasets:
            feedback.pushInfo(self.tr("{path} holds no datasets.").format(path=path))
        layer_ids: list[str] = []
        for index, dataset in enumerate(datasets):
            if feedback.isCanceled():
                break
            feedback.pushInfo(self.tr("Loading {name}").format(name=dataset.display_name))
            # Processing 3.22 loads layers in the order of their ids, which QGIS derives
            # from the name given at creation, each on top of the last: seed the ids so the
            # first dataset is loaded last, i.e. on top. Newer QGIS sorts by layerSortKey.
            rank = len(datasets) - index
            layer = self._create_layer(path, dataset, f"urbanista_{rank:04d}_{dataset.name}")
            layer.setName(dataset.display_name)
            context.temporaryLayerStore().addMapLayer(layer)
            details = QgsProcessingContext.LayerDetails(
                dataset.display_name, context.project(), self.LAYERS, _type_hint(dataset)
            )
            details.forceName = True  # else QGIS may prefer the GeoPackage table name
            if hasattr(details, "layerSortKey"):  # QGIS >= 3.32: greater is higher
                details.layerSortKey = rank
            context.addLayerToLoadOnCompletion(layer.id(), details)
            layer_ids.append(layer.id())
            feedback.setProgress(100.0 * (index + 1) / len(datasets))
        return {self.LAYERS: layer_ids, self.LAYER_COUNT: len(layer_ids)}

    def _create_layer(self, path: Path, dataset: Dataset, id_seed: str) -> QgsMapLayer:
        """Return a valid layer for ``dataset``; raise naming the file and dataset if not."""
        layer: QgsMapLayer
        if dataset.is_raster:
            tif = dataset.raster_file(path)
            if tif is None:
                reason = self.tr("the catalogue names no raster file for it")
                raise self._load_error(path, dataset, reason)
            if not tif.is_file():
                reason = self.tr("its raster file {tif} is missing").format(tif=tif)
                raise self._load_error(path, dataset, reason)
            layer = QgsRasterLayer(str(tif), id_seed, "gdal")
        else:
            layer = QgsVectorLayer(f"{path}|layername={dataset.name}", id_seed, "ogr")
        if not layer.isValid():
            error = layer.error()  # summary() of an empty QgsError crashes QGIS 3.22
            reason = (
                error.summary()
                if not error.isEmpty()
                else self.tr("QGIS cannot open it (is it missing from the GeoPackage?)")
            )
            raise self._load_error(path, dataset, reason)
        return layer

    def _load_error(self, path: Path, dataset: Dataset, reason: str) -> QgsProcessingException:
        return QgsProcessingException(
            self.tr("Cannot load dataset {name} ({kind}) of workspace {path}: {reason}").format(
                name=dataset.name, kind=dataset.kind, path=path, reason=reason
            )
        )


def _type_hint(dataset: Dataset) -> QgsProcessingUtils.LayerHint:
    if dataset.is_raster:
        return QgsProcessingUtils.LayerHint.Raster
    return QgsProcessingUtils.LayerHint.Vector
