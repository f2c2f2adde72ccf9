"""Urbanista's desktop app: a PySide6 window over the GUI-free core in ``analysis``.

Only this package imports Qt for the app; it never imports ``qgis`` and holds no
analysis logic of its own: it shows what ``analysis`` returns and passes user
choices back to it. Start it with ``urbanista gui [WORKSPACE]`` or
:func:`desktop.app.main`.
"""

import importlib


def preload_readers() -> None:
    """Import the map's file readers (pyogrio with pandas, rasterio) before Qt.

    PySide6 hooks every later import and reads the module's source, looking
    for "PySide6" (its ``__feature__`` switches): these 600-odd modules take
    0.25 s longer to import after it, and the first map of a workspace waits
    for them (benchmarks/desktop.py, cold start). ``urbanista gui`` calls this
    before it imports the app; importing :mod:`desktop` alone stays light.
    """
    for name in ("pyogrio", "rasterio"):
        importlib.import_module(name)
