"""Urbanista's desktop app: a PySide6 window over the GUI-free core in ``analysis``.

Only this package imports Qt for the app; it never imports ``qgis`` and holds no
analysis logic of its own: it shows what ``analysis`` returns and passes user
choices back to it. Start it with ``urbanista gui [WORKSPACE]`` or
:func:`desktop.app.main`.
"""

# The data stack is imported before Qt. PySide6 hooks every later import and reads
# the module's source, looking for "PySide6" (its ``__feature__`` switches); pandas,
# pyogrio and rasterio, some 600 modules, then take 0.25 s longer to import, and the
# first map of a workspace waits for them (benchmarks/desktop.py, cold start).
import pyogrio  # noqa: F401
import rasterio  # noqa: F401
