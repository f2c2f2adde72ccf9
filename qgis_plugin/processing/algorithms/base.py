"""What every Urbanista algorithm shares: translation, grouping and instantiation."""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm

from ...i18n import tr


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
        groups = {"workspace": self.tr("Workspace")}
        return groups[self.GROUP_ID]
