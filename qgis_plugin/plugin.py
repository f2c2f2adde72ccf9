"""The plugin object: registers the Processing provider and routes logging."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from qgis.core import QgsApplication

from .message_log import route_to_message_log
from .processing.provider import UrbanistaProvider

if TYPE_CHECKING:
    from qgis.gui import QgisInterface

LOGGERS = ("analysis", __name__.partition(".")[0])
"""The core's loggers and the plugin's own (its package name, however it is installed)."""


class UrbanistaPlugin:
    """What QGIS gets from ``classFactory``; ``unload`` removes all that ``initGui`` adds."""

    def __init__(self, iface: QgisInterface) -> None:
        self.iface = iface
        self.provider: UrbanistaProvider | None = None
        self._unroute_logging: Callable[[], None] | None = None

    def initProcessing(self) -> None:
        """Register the Processing provider; QGIS calls this for ``qgis_process`` too."""
        if self.provider is None:
            self.provider = UrbanistaProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:
        """Route logging to the message log and register the provider."""
        if self._unroute_logging is None:
            self._unroute_logging = route_to_message_log(LOGGERS)
        self.initProcessing()

    def unload(self) -> None:
        """Remove the provider and the logging handler."""
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self._unroute_logging is not None:
            self._unroute_logging()
            self._unroute_logging = None
