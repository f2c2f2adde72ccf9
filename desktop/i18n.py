"""The app's languages: Polish and English, from Qt ``.qm`` files in ``resources/translations``.

Sources are English; ``urbanista_pl.ts`` holds the Polish translations (edit it
with Qt Linguist, regenerate with ``make translations``). Qt's own dialogs
(file pickers, colour dialogs, standard buttons) are translated by Qt's
``qtbase`` catalogue shipped with PySide6.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATIONS = Path(__file__).parents[1] / "resources" / "translations"
LANGUAGES = {"pl": "Polski", "en": "English"}
_installed: list[QTranslator] = []
_language = "en"


def default_language() -> str:
    """Polish on a Polish system, English elsewhere."""
    return "pl" if QLocale.system().language() == QLocale.Language.Polish else "en"


def install(language: str) -> bool:
    """Translate the application into ``language`` (replacing any earlier choice).

    Returns whether Urbanista's own catalogue was found for it (English needs none).
    """
    global _language
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing a translation")
    reset()
    _language = language
    QLocale.setDefault(QLocale(language))
    found = language == "en"
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    catalogues = ((f"urbanista_{language}", TRANSLATIONS), (f"qtbase_{language}", qt_folder))
    for name, folder in catalogues:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            _installed.append(translator)
            found = found or name.startswith("urbanista")
    return found


def reset() -> None:
    """Remove the translations :func:`install` put in place: the sources' English shows.

    Numbers are formatted the English way again, too (``0.5``, not ``0,5``).
    """
    global _language
    app = QCoreApplication.instance()
    for old in _installed:
        if app is not None:
            app.removeTranslator(old)
    _installed.clear()
    _language = "en"
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


def current_language() -> str:
    """The language the app speaks: the one :func:`install` last set, "en" before or after reset."""
    return _language
