"""The "Urbanista" Processing provider."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider

from .algorithms.load_workspace import LoadWorkspace
from .algorithms.point_heatmap import PointHeatmap
from .algorithms.track_density import TrackDensity
from .algorithms.upgrade_workspace import UpgradeWorkspace

ALGORITHMS = (LoadWorkspace, UpgradeWorkspace, PointHeatmap, TrackDensity)


class UrbanistaProvider(QgsProcessingProvider):
    """Holds the Urbanista algorithms: ``processing.run("urbanista:<name>", ...)``."""

    def id(self) -> str:
        """Return the provider id, the prefix of its algorithm ids."""
        return "urbanista"

    def name(self) -> str:
        """Return the name shown in the Processing toolbox."""
        return "Urbanista"

    def longName(self) -> str:
        """Return the name shown in tooltips."""
        return self.name()

    def supportedOutputRasterLayerExtensions(self) -> list[str]:
        """Return the raster formats the algorithms write: GeoTIFF only."""
        return ["tif"]

    def loadAlgorithms(self) -> None:
        """Add one instance of each algorithm."""
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
