"""Urbanista's desktop app: a PySide6 window over the GUI-free core in ``analysis``.

Only this package imports Qt for the app; it never imports ``qgis`` and holds no
analysis logic of its own: it shows what ``analysis`` returns and passes user
choices back to it. Start it with ``urbanista gui [WORKSPACE]`` or
:func:`desktop.app.main`.
"""
