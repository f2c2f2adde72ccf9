"""Urbanista for QGIS: the folder is the plugin package QGIS loads.

Its modules import each other relatively, since QGIS names the package after the
folder it is installed in. Nothing is imported here until QGIS calls classFactory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qgis.gui import QgisInterface

    from .plugin import UrbanistaPlugin


def classFactory(iface: QgisInterface) -> UrbanistaPlugin:
    """Return the plugin object; QGIS calls this when it loads the plugin."""
    from .plugin import UrbanistaPlugin

    return UrbanistaPlugin(iface)
