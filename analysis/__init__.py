"""Urbanista's GUI-free core: importers, the workspace, analyses, exports and the CLI.

Nothing here imports Qt or QGIS; heavy libraries are imported lazily by the modules
that need them so that ``urbanista --help`` and the desktop window start fast.
"""

__version__ = "0.1.0"
