"""Start the desktop app: ``main()`` runs it, ``create_window()`` builds its window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from analysis import __version__
from desktop import appearance, i18n
from desktop.main_window import MainWindow
from desktop.session import Session, SessionState

ICON = Path(__file__).parents[1] / "resources" / "icons" / "urbanista.svg"


def create_window(
    workspace: str | os.PathLike[str] | None = None, session: Session | None = None
) -> MainWindow:
    """Return the main window, not yet shown, with ``workspace`` open if given.

    A QApplication must exist. A workspace that cannot be opened is reported
    in a message box and the window comes up empty.
    """
    window = MainWindow(session)
    if workspace is not None:
        window.open_workspace(workspace)
    return window


class App:
    """The running app: one main window, rebuilt when the user switches language."""

    def __init__(self, app: QApplication, session: Session) -> None:
        self.app = app
        self.session = session
        self.window = self._new_window()

    def _new_window(self) -> MainWindow:
        window = create_window(session=self.session)
        window.language_requested.connect(self.switch_language)
        return window

    def switch_language(self, language: str) -> None:
        """Show the window in ``language``, with the same workspace and view."""
        self.session.set_value("language", language)
        i18n.install(language)
        old = self.window
        old.save_session()
        state = self.session.state()
        self.window = self._new_window()
        self.window.setGeometry(old.geometry())
        old.language_requested.disconnect(self.switch_language)
        old.hide()
        old.deleteLater()
        self.window.show()
        if state.workspace:
            self.window.restore(state)

    def offer_recovery(self, state: SessionState) -> bool:
        """Ask whether to reopen what a killed run had open; reopen it if so."""
        answer = QMessageBox.question(
            self.window,
            QCoreApplication.translate("MainWindow", "Restore the last session?"),
            QCoreApplication.translate(
                "MainWindow",
                "Urbanista did not close properly last time. Reopen {workspace} as you left "
                "it? Everything saved to the workspace is there; only an operation that was "
                "still running is lost.",
            ).format(workspace=state.workspace),
        )
        return answer == QMessageBox.StandardButton.Yes and self.window.restore(state)


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
    session = Session()
    i18n.install(session.value("language", i18n.default_language()))
    appearance.set_high_contrast(app, bool(session.value("high_contrast", False)))
    interrupted = session.start()
    running = App(app, session)
    running.window.show()
    if workspace is not None:  # after show(), so an error box has a visible parent
        running.window.open_workspace(workspace)
    elif interrupted is not None:
        running.offer_recovery(interrupted)
    return app.exec()
