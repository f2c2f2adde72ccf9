"""Start the desktop app: ``main()`` runs it, ``create_window()`` builds its window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from analysis import __version__
from desktop.main_window import MainWindow

ICON = Path(__file__).parents[1] / "resources" / "icons" / "urbanista.svg"


def create_window(workspace: str | os.PathLike[str] | None = None) -> MainWindow:
    """Return the main window, not yet shown, with ``workspace`` open if given.

    A QApplication must exist. A workspace that cannot be opened is reported
    in a message box and the window comes up empty.
    """
    window = MainWindow()
    if workspace is not None:
        window.open_workspace(workspace)
    return window


def main(workspace: str | None = None, argv: list[str] | None = None) -> int:
    """Run the desktop app until its window closes and return the exit code.

    Parameters
    ----------
    workspace
        Path of a workspace ``.gpkg`` to open at start, or None for none.
    argv
        Command line for Qt (``-platform``, ``-style``...); defaults to ``sys.argv``.
    """
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv if argv is None else argv)
    app.setApplicationName("Urbanista")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(ICON)))
    window = create_window()
    window.show()
    if workspace is not None:  # after show(), so an error box has a visible parent
        window.open_workspace(workspace)
    return app.exec()
