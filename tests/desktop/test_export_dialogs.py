"""Export dialogs: the Excel report, the HTML map and the print map written through their forms."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from analysis import registry
from analysis.workspace import Workspace
from desktop.export_dialogs import ExcelReportDialog, PrintMapDialog, WebMapDialog
from tests.desktop.town import build_town

TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small town with a heatmap and proposed bike stands."""
    path = build_town(tmp_path_factory.mktemp("town") / "miasteczko.gpkg")
    for key in ("heatmap", "racks"):
        registry.run_on_workspace(Workspace.open(path), key)
    return path


def _show(qtbot: Any, dialog: Any) -> Any:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _set_output(qtbot: Any, dialog: Any, path: Path) -> None:
    dialog.output.setFocus()
    dialog.output.selectAll()
    qtbot.keyClicks(dialog.output, str(path))


def _export(qtbot: Any, dialog: Any) -> Path:
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    return Path(blocker.args[0])


def _tick(qtbot: Any, checklist: Any, name: str) -> None:
    """Tick ``name`` with the keyboard: make it current, press Space."""
    checklist.setFocus()
    checklist.setCurrentRow(checklist.names().index(name))
    qtbot.keyClick(checklist, Qt.Key.Key_Space)


def test_excel_report_writes_the_sections_asked_for(qtbot: Any, town: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    dialog = _show(qtbot, ExcelReportDialog(town))
    assert dialog.sections.names()[0] == "racks" and "zgloszenia" in dialog.sections.names()
    _set_output(qtbot, dialog, tmp_path / "raport")  # the suffix is added
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    _tick(qtbot, dialog.sections, "racks")
    assert dialog.sections.checked() == ("racks",)
    said: list[str] = []
    dialog.progressed.connect(lambda _, message: said.append(message))
    out = _export(qtbot, dialog)
    assert [m for m in said if m] == ["Drawing the city map…", "Writing the sheets…"]
    assert out == tmp_path / "raport.xlsx" and out.is_file()
    assert not list(tmp_path.glob(".*partial*"))
    book = load_workbook(out)
    assert book.sheetnames[0] == "Summary" and book.sheetnames[-1] == "Methodology"
    assert len(book.sheetnames) == 4  # summary, racks_sites, racks_uncovered, methodology
    assert book["Summary"]._images  # the city map
    assert "Wrote" in dialog.status_label.text() and "4 sheet(s)" in dialog.status_label.text()


def test_excel_report_without_map(qtbot: Any, town: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    dialog = _show(qtbot, ExcelReportDialog(Workspace.open(town)))  # a workspace as well as a path
    _set_output(qtbot, dialog, tmp_path / "bez_mapy.xlsx")
    dialog.with_map.setFocus()
    qtbot.keyClick(dialog.with_map, Qt.Key.Key_Space)
    assert not dialog.with_map.isChecked()
    book = load_workbook(_export(qtbot, dialog))
    assert book.sheetnames[0] == "Podsumowanie" and not book["Podsumowanie"]._images


def test_web_map_writes_the_page_and_opens_it_in_the_browser(
    qtbot: Any, town: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = _show(qtbot, WebMapDialog(town))
    assert not dialog.open_button.isEnabled()
    assert "activities" not in dialog.layers.names()  # tracks are personal data, never mapped
    assert {"heatmap_all", "racks_sites", "ulice"} <= set(dialog.layers.names())
    _set_output(qtbot, dialog, tmp_path / "mapa.html")
    _tick(qtbot, dialog.layers, "ulice")
    _tick(qtbot, dialog.layers, "racks_sites")
    qtbot.keyClicks(dialog.title, "Miasteczko na rowerze")
    out = _export(qtbot, dialog)
    html = out.read_text(encoding="utf-8")
    assert "Miasteczko na rowerze" in html and "racks_sites" in dialog.status_label.text()
    assert not re.search(r"<(script|img|link)[^>]+(src|href)=[\"']https?://", html)  # offline
    assert dialog.open_button.isEnabled()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(out))]


@pytest.mark.parametrize(
    ("file_format", "paper", "orientation", "expected"),
    [
        (".png", "A4", "landscape", (585, 413)),  # 297 x 210 mm at 50 dpi
        (".pdf", "A3", "portrait", (841.9, 1190.6)),
    ],  # points
)
def test_print_map_writes_the_paper_asked_for(
    qtbot: Any,
    town: Path,
    tmp_path: Path,
    file_format: str,
    paper: str,
    orientation: str,
    expected: tuple[float, float],
) -> None:
    dialog = _show(qtbot, PrintMapDialog(town))
    dialog.file_format.setCurrentIndex(dialog.file_format.findData(file_format))
    assert dialog.output.text().endswith(f"miasteczko_map{file_format}")
    assert dialog.dpi.isEnabled() == (file_format == ".png")
    _set_output(qtbot, dialog, tmp_path / f"mapa{file_format}")
    dialog.paper.setCurrentIndex(dialog.paper.findData(paper))
    dialog.orientation.setCurrentIndex(dialog.orientation.findData(orientation))
    dialog.dpi.setValue(50)
    qtbot.keyClicks(dialog.title, "Stojaki")
    out = _export(qtbot, dialog)
    assert out == tmp_path / f"mapa{file_format}"
    if file_format == ".png":
        from PIL import Image

        with Image.open(out) as image:
            assert abs(image.size[0] - expected[0]) <= 2 and abs(image.size[1] - expected[1]) <= 2
    else:
        box = re.search(rb"/MediaBox \[ *0 0 ([\d.]+) ([\d.]+) *\]", out.read_bytes())
        assert box is not None
        assert (round(float(box[1]), 1), round(float(box[2]), 1)) == expected


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("mapa.txt", "mapa.txt: the file's name must end in .png"),
        ("nie_ma/mapa.png", "no such folder"),
    ],
)
def test_a_wrong_output_is_refused(
    qtbot: Any, town: Path, tmp_path: Path, name: str, message: str
) -> None:
    dialog = _show(qtbot, PrintMapDialog(town))
    _set_output(qtbot, dialog, tmp_path / name)
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert dialog.job is None and dialog.error_label.isVisible()
    assert message in dialog.error_label.text()


@pytest.mark.parametrize(
    ("dialog_type", "name"), [(PrintMapDialog, "mapa.png"), (ExcelReportDialog, "raport.xlsx")]
)
def test_a_cancelled_export_leaves_no_file(
    qtbot: Any, town: Path, tmp_path: Path, dialog_type: type, name: str
) -> None:
    dialog = _show(qtbot, dialog_type(town))
    _set_output(qtbot, dialog, tmp_path / name)
    exported: list[str] = []
    dialog.exported.connect(exported.append)
    assert dialog.start()
    with qtbot.waitSignal(dialog.job.cancelled, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert list(tmp_path.iterdir()) == [] and not exported
    assert dialog.status_label.text() == "Cancelled; nothing was written."
    assert dialog.run_button.isEnabled() and dialog.options.isEnabled()


@pytest.mark.parametrize("where", ["read-only file", "workspace's rasters folder"])
def test_an_output_the_writer_refuses_is_one_line_under_the_options(
    qtbot: Any, town: Path, tmp_path: Path, where: str
) -> None:
    if where == "read-only file":
        out = tmp_path / "mapa.png"
        out.write_bytes(b"poprzednia mapa")
        out.chmod(0o444)
        message = f"{out} is read-only: make it writable"
    else:
        out = Workspace.open(town).raster_dir / "mapa.png"
        message = f"{out} belongs to the workspace {town}"
    dialog = _show(qtbot, PrintMapDialog(town))
    _set_output(qtbot, dialog, out)
    assert dialog.start()  # fails at once: wait for the dialog, not for a signal already sent
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=TIMEOUT_MS)
    assert message in dialog.error_label.text()
    assert "\n" not in dialog.error_label.text()
    assert not out.exists() or out.read_bytes() == b"poprzednia mapa"
    assert not [p for p in out.parent.iterdir() if ".partial" in p.name]
