"""What every Urbanista algorithm shares: translation, grouping, instantiation and checks."""

from __future__ import annotations

from qgis.core import (
    QgsFeatureSource,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...i18n import tr

PERSON_FIELD = "user_id"
"""The field of residents' pseudonyms in a workspace's activity layers."""


class UrbanistaAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set ``GROUP_ID`` and define name, parameters and the body."""

    GROUP_ID = "workspace"

    def tr(self, text: str) -> str:
        """Return ``text`` translated in the "Urbanista" context."""
        return tr(text)

    def createInstance(self) -> UrbanistaAlgorithm:
        """Return a fresh instance, as Processing runs each in its own object."""
        return type(self)()

    def groupId(self) -> str:
        """Return the id of the toolbox group."""
        return self.GROUP_ID

    def group(self) -> str:
        """Return the translated name of the toolbox group."""
        groups = {"workspace": self.tr("Workspace"), "heatmaps": self.tr("Heatmaps")}
        return groups[self.GROUP_ID]

    def require_metric_crs(self, source: QgsFeatureSource) -> None:
        """Raise unless ``source`` is in a CRS measured in metres.

        Raises
        ------
        QgsProcessingException
            If the CRS is geographic (degrees) or has other units, naming the layer
            and what to do.
        """
        crs = source.sourceCrs()
        metres = crs.mapUnits() == QgsUnitTypes.DistanceMeters
        if crs.isValid() and not crs.isGeographic() and metres:
            return
        raise QgsProcessingException(
            self.tr(
                "Layer {layer} is in {crs}, whose units are {units}: distances and pixel "
                "sizes are in metres, so reproject the layer to a metric CRS such as "
                'EPSG:2180 (PUWG 1992) with "Reproject layer" and run again.'
            ).format(
                layer=source.sourceName(),
                crs=crs.authid() or crs.description() or self.tr("no known CRS"),
                units=QgsUnitTypes.toString(crs.mapUnits()),
            )
        )

    def person_field(self, source: QgsFeatureSource, chosen: str) -> str:
        """The field that tells people apart: ``chosen``, else a residents' layer's ``user_id``.

        A layer of residents' activities is never mapped as plain points or lines,
        whatever field the user forgot to choose: its k-anonymity counts ``user_id``.
        """
        if chosen or source.fields().lookupField(PERSON_FIELD) < 0:
            return chosen
        return PERSON_FIELD

    def stop_if_cancelled(self, feedback: QgsProcessingFeedback) -> None:
        """Raise if the user cancelled, so that no partial raster is written.

        Raises
        ------
        QgsProcessingException
            If ``feedback`` is cancelled.
        """
        if feedback.isCanceled():
            raise QgsProcessingException(self.tr("Cancelled: no raster was written."))


class DistinctCodes:
    """Numbers distinct attribute values 0, 1, ... in order of first appearance.

    All NULLs share one code: the features without a user count together as one
    user, not as one user each.
    """

    def __init__(self) -> None:
        self._codes: dict[object, int] = {}

    def __len__(self) -> int:
        """Return how many distinct values have been seen."""
        return len(self._codes)

    def code(self, value: object) -> int:
        """Return the code of ``value``, numbering it if it is new."""
        if isinstance(value, QVariant) and value.isNull():
            value = None
        return self._codes.setdefault(value, len(self._codes))
