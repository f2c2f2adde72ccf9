"""Save a picture of the main window on a workspace: ``python -m desktop.screenshot WS OUT.png``.

Run on a real display (``make screenshot`` uses ``xvfb-run``), so the window
has its real decorations and fonts. The picture is taken once the map has
drawn every layer of the workspace.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.app import create_window
from desktop.session import Session


def take(workspace: Path, out: Path, width: int, height: int, language: str) -> Path:
    """Open ``workspace`` in a ``width`` x ``height`` window and save it as ``out``."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n.install(language)
    settings = QSettings(
        str(Path(tempfile.mkdtemp()) / "urbanista.ini"), QSettings.Format.IniFormat
    )
    window = create_window(session=Session(settings))
    window.resize(width, height)
    window.show()
    loop = QEventLoop()
    drawn = {"layers": False}

    def rendered(_stats: object) -> None:
        if drawn["layers"]:
            QTimer.singleShot(300, loop.quit)  # let the overlays and docks settle

    window.canvas.render_finished.connect(rendered)
    if not window.open_workspace(workspace) or window.map_job is None:
        raise SystemExit(f"cannot open {workspace}")
    window.map_job.finished.connect(lambda _: drawn.update(layers=True))
    window.map_job.failed.connect(lambda message: sys.exit(f"cannot draw the map: {message}"))
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        raise SystemExit(f"cannot write {out}")
    window.close()
    app.processEvents()
    return out


def main() -> None:
    """Take the picture the command line asks for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1600x1000", help="WIDTHxHEIGHT in pixels")
    parser.add_argument("--lang", default="pl", choices=sorted(i18n.LANGUAGES))
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    print(take(args.workspace, args.out, width, height, args.lang))


if __name__ == "__main__":
    main()
