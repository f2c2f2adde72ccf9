"""The Polish and English catalogues: complete, up to date, compiled, and used by the window.

Regenerate the catalogues after changing a translatable string or a parameter's
docstring (the help texts of desktop/param_help.py), then translate what is new::

    make translations
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
CATALOGUES = {"pl": TRANSLATIONS / "urbanista_pl.ts", "en": TRANSLATIONS / "urbanista_en.ts"}
BIN = Path(sys.executable).parent
LUPDATE = BIN / "pyside6-lupdate"
LRELEASE = BIN / "pyside6-lrelease"

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# A single "&" marks an accelerator; "&&" is a literal ampersand.
ACCELERATOR = re.compile(r"(?<!&)&(?!&)")
POLISH_FORMS = 3  # 1; 2-4 (but not 12-14); 5+ and the rest
OBSOLETE = {"vanished", "obsolete"}


def _messages(ts: Path) -> Iterator[tuple[str, ET.Element]]:
    """Every current (not vanished) message of ``ts`` with its context's name."""
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in OBSOLETE:
                continue
            yield name, message


def _keys(ts: Path) -> set[tuple[str, str, str]]:
    return {
        (context, m.findtext("source") or "", m.findtext("comment") or "")
        for context, m in _messages(ts)
    }


def _desktop_sources() -> list[str]:
    """The app's Python files, as the regeneration command lists them (plus new, unignored ones)."""
    try:
        listed = subprocess.run(
            [
                "git",
                "ls-files",
                "--cached",
                "--others",
                "--exclude-standard",
                "desktop/*.py",
                "desktop/**/*.py",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        listed = [str(p.relative_to(ROOT)) for p in (ROOT / "desktop").rglob("*.py")]
    return sorted({f for f in listed if (ROOT / f).is_file()})


def _run(command: list[str | Path]) -> None:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"{command[0]} failed:\n{done.stdout}\n{done.stderr}"


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_catalogue_has_every_source_string(language: str, tmp_path: Path) -> None:
    """lupdate on the current sources finds no string the committed catalogue lacks."""
    committed = CATALOGUES[language]
    fresh = tmp_path / committed.name
    shutil.copyfile(committed, fresh)
    _run([LUPDATE, *_desktop_sources(), "-ts", fresh])
    missing = sorted(_keys(fresh) - _keys(committed))
    assert not missing, (
        f"{committed.name} is out of date; regenerate it (see this module's docstring) and "
        f"translate these (context, source, comment): {missing}"
    )


# Contexts lupdate invents for ``obj.tr(...)`` outside obj's class, which Qt never looks up
# (at run time ``tr`` uses the class of the object). Remove an entry once its source is fixed.
KNOWN_STRAY_CONTEXTS: set[str] = set()
TRANSLATE_CALLS = {"translate", "QT_TRANSLATE_NOOP", "QT_TRANSLATE_NOOP3"}


def _real_contexts() -> set[str]:
    """The contexts Qt can look strings up in: the app's classes and explicit translate() ones."""
    contexts = set()
    for name in _desktop_sources():
        for node in ast.walk(ast.parse((ROOT / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                contexts.add(node.name)
            elif isinstance(node, ast.Call) and node.args:
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                first = node.args[0]
                if called in TRANSLATE_CALLS and isinstance(first, ast.Constant):
                    contexts.add(str(first.value))
    return contexts


def test_every_context_is_one_qt_looks_up() -> None:
    """No string sits under a context made from a variable's name, where Qt never finds it."""
    stray = {context for context, _ in _messages(CATALOGUES["pl"])} - _real_contexts()
    assert stray <= KNOWN_STRAY_CONTEXTS, (
        f"strings under the contexts {sorted(stray - KNOWN_STRAY_CONTEXTS)} are never shown "
        'translated: call tr() on self inside the class, or translate("Class", "text")'
    )


def _forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


def _problems(context: str, message: ET.Element) -> list[str]:  # noqa: C901 - one check per kind of translation problem
    source = message.findtext("source") or ""
    where = f"[{context}] {source!r}"
    translation = message.find("translation")
    assert translation is not None
    problems = []
    if translation.get("type") == "unfinished":
        problems.append(f"{where}: unfinished")
    forms = _forms(message)
    if message.get("numerus") == "yes" and len(forms) != POLISH_FORMS:
        problems.append(f"{where}: {len(forms)} plural forms, Polish needs {POLISH_FORMS}")
    accelerators = len(ACCELERATOR.findall(source))
    if accelerators > 1:
        problems.append(f"{where}: the source has {accelerators} accelerators")
    for form in forms:
        if not form.strip():
            problems.append(f"{where}: empty translation")
            continue
        if sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(source)):
            problems.append(f"{where} → {form!r}: other {{placeholders}}")
        if form.count("%n") != source.count("%n"):
            problems.append(f"{where} → {form!r}: other number of %n")
        if len(ACCELERATOR.findall(form)) != accelerators:
            problems.append(f"{where} → {form!r}: other number of & accelerators")
        if source.endswith("…") != form.endswith("…"):
            problems.append(f"{where} → {form!r}: the trailing … differs")
        if source.endswith(":") != form.endswith(":"):
            problems.append(f"{where} → {form!r}: the trailing colon differs")
    return problems


def test_polish_catalogue_is_complete_and_consistent() -> None:
    """Every Polish message is finished and keeps its source's placeholders and accelerators."""
    messages = list(_messages(CATALOGUES["pl"]))
    assert messages
    problems = [p for context, message in messages for p in _problems(context, message)]
    assert not problems, "\n".join(problems)


def test_english_plurals_have_two_forms() -> None:
    """English needs no translations, except its plural forms."""
    numerus = [
        (context, m) for context, m in _messages(CATALOGUES["en"]) if m.get("numerus") == "yes"
    ]
    assert numerus
    for context, message in numerus:
        source = message.findtext("source") or ""
        forms = _forms(message)
        assert len(forms) == 2 and all("%n" in f for f in forms), (context, source, forms)
        assert message.find("translation").get("type") is None, (context, source)  # type: ignore[union-attr]


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_compiled_catalogue_matches_its_source(language: str, tmp_path: Path) -> None:
    """The committed .qm is what lrelease makes of the committed .ts today."""
    ts = CATALOGUES[language]
    compiled = tmp_path / ts.with_suffix(".qm").name
    _run([LRELEASE, ts, "-qm", compiled])
    committed = ts.with_suffix(".qm")
    assert committed.is_file(), f"{committed.name} is missing; run pyside6-lrelease"
    assert compiled.read_bytes() == committed.read_bytes(), (
        f"{committed.name} is older than {ts.name}; run pyside6-lrelease"
    )


@pytest.fixture
def language(qapp: Any) -> Iterator[Any]:
    """``desktop.i18n.install``; the translators and default locale of before are put back after.

    Other tests compare English source texts, so they must not inherit this test's catalogues.
    """
    from PySide6.QtCore import QLocale

    from desktop import i18n

    default = QLocale()
    before = list(i18n._installed)
    yield i18n.install
    for translator in i18n._installed:
        qapp.removeTranslator(translator)
    i18n._installed[:] = before
    for translator in before:
        qapp.installTranslator(translator)
    QLocale.setDefault(default)


def _window(qtbot: Any) -> Any:
    from desktop.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    return window


def _menus(window: Any) -> dict[str, list[str]]:
    return {
        a.text(): [b.text() for b in a.menu().actions() if b.text()]
        for a in window.menuBar().actions()
    }


def _cancel_text() -> str:
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    return str(box.button(QDialogButtonBox.StandardButton.Cancel).text())


def test_window_switches_between_polish_and_english(language: Any, qtbot: Any) -> None:
    """A window made after install("pl") speaks Polish; one made after install("en"), English."""
    assert language("pl")
    window = _window(qtbot)
    assert window.catalogue_dock.windowTitle() == "Katalog"
    assert window.layer_panel.windowTitle() == "Warstwy"
    analyses = next(v for k, v in _menus(window).items() if "&1 Mapa ciepła aktywności…" in v)
    assert "&3 Luki w sieci dróg rowerowych…" in analyses

    assert language("en")
    window = _window(qtbot)
    assert window.catalogue_dock.windowTitle() == "Catalogue"
    menus = _menus(window)
    assert menus["&File"][0] == "&New workspace…"
    assert "&1 Activity heatmap…" in menus["&Analysis"]


def test_menu_titles_are_polish(language: Any, qtbot: Any) -> None:
    """The menu bar and the File menu of a Polish window."""
    language("pl")
    menus = _menus(_window(qtbot))
    assert list(menus) == ["&Plik", "&Mapa", "&Analiza", "&Eksport", "&Widok", "Pomo&c"]
    assert menus["&Plik"][0] == "&Nowy obszar roboczy…"
    assert menus["&Mapa"][0] == "&Pełny zasięg"
    assert "&Język" in menus["&Widok"]


def test_qt_standard_buttons_follow_the_language(language: Any, qtbot: Any) -> None:
    """Qt's own qtbase catalogue translates standard buttons, where PySide6 ships it."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (folder / "qtbase_pl.qm").is_file():
        pytest.skip(f"no qtbase_pl.qm in {folder}")
    language("pl")
    assert _cancel_text() == "Anuluj"
    language("en")
    assert _cancel_text() == "Cancel"


def test_reset_brings_back_english_numbers(qapp: Any) -> None:
    """After Polish, the next test's spin boxes must take "0.1" again, not only "0,1"."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QDoubleSpinBox

    from desktop import i18n

    i18n.install("pl")
    assert (i18n.current_language(), QLocale().toString(0.5)) == ("pl", "0,5")
    i18n.reset()
    assert (i18n.current_language(), QLocale().toString(0.5)) == ("en", "0.5")
    box = QDoubleSpinBox()
    box.lineEdit().setText("0.1")
    box.interpretText()
    assert box.value() == 0.1
