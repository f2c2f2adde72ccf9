"""``urbanista report``: the Excel report of a workspace, reopened and converted by LibreOffice."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from analysis.cli.main import cli
from analysis.errors import InputError
from analysis.export.excel_report import ReportParams, build_report
from analysis.planning.result import SUMMARY_FACT
from analysis.workspace import Workspace

OWASP = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    '=HYPERLINK("http://x","y")',
    "\t=1+1",
    "\r=1+1",
    '=DDE("cmd";"/C calc";"!A0")A0',
    "=1+2';=1+2",
    "+cmd|' /C notepad'!'A1'",
    "@SUM(A1:A2)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=10*10",
    "+7*6",
    "-6*7",
    "@1+1",
]
COMPUTED = {"=1+1": "2", "+1+1": "2", "-1+1": "0", "=10*10": "100", "+7*6": "42", "-6*7": "-42"}
"""What a spreadsheet would show had it evaluated the payload."""
PERSONAL_HEADERS = ("Zgłaszający", "E-mail", "Telefon")
pytestmark = pytest.mark.slow  # the sample city, its reports and three analyses


def tool(name: str) -> str:
    """The path of an external program; skip without it (fail in CI)."""
    found = shutil.which(name)
    if found is None:
        reason = f"{name} is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the output tests must run)")
        pytest.skip(reason)
    return found


def libreoffice(source: Path, target: str, out: Path) -> None:
    """Convert ``source`` with a private LibreOffice profile (parallel runs do not clash)."""
    profile = out / "lo_profile"
    subprocess.run(
        [
            tool("libreoffice"),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )


@pytest.fixture(scope="module")
def ws(
    city_workspace: Workspace, city: Path, tmp_path_factory: pytest.TempPathFactory
) -> Workspace:
    """The sample city with reports kept with --keep-personal, formula payloads and analyses."""
    from analysis.io.reports import ReportImportParams, import_reports

    path = tmp_path_factory.mktemp("report") / "przykladowo.gpkg"
    shutil.copy(city_workspace.path, path)
    workspace = Workspace.open(path)
    import_reports(
        workspace, [city / "reports" / "zgloszenia.csv"], ReportImportParams(keep_personal=True)
    )
    entry = workspace.entry("reports")
    frame = workspace.read_layer("reports")
    frame.loc[frame.index[: len(OWASP)], "description"] = OWASP
    frame.loc[frame.index[0], "address"] = '=HYPERLINK("http://x","ul. Łąkowa")'
    with workspace.transaction() as tx:
        tx.write_layer(
            frame,
            "reports",
            entry.kind,
            sources=entry.sources,
            title=entry.title,
            licence=entry.licence,
            source_date=entry.source_date,
            quality=entry.quality,
        )
    for analysis in ("reports", "districts", "audit"):
        run = CliRunner().invoke(cli, ["analyze", analysis, "-w", str(path)])
        assert run.exit_code == 0, run.output
    return workspace


def report(ws: Workspace, out: Path, *args: str) -> Path:
    target = out / "raport.xlsx"
    run = CliRunner().invoke(cli, ["report", "-w", str(ws.path), "-o", str(target), *args])
    assert run.exit_code == 0, run.output
    return target


def all_headers(book: openpyxl.Workbook) -> set[str]:
    return {
        str(c.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(max_row=2)
        for c in row
        if c.value is not None
    }


def test_sheets_tables_formats_charts_and_map(ws: Workspace, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(report(ws, tmp_path))
    names = book.sheetnames
    assert names[0] == "Podsumowanie" and names[-1] == "Metodologia"
    assert {
        "Zgłoszenia – zaległości",
        "Zgłoszenia – miesiące",
        "Dzielnice – wskaźniki",
        "Audyt – inwentarz",
    } <= set(names)
    for sheet in book.worksheets:  # every table can be filtered
        assert sheet.tables or sheet.auto_filter.ref, sheet.title
    summary = book["Podsumowanie"]
    assert {type(c).__name__ for c in summary._charts} == {"BarChart", "LineChart"}
    assert len(summary._images) == 1
    figures = {r[0]: r[1] for r in summary.iter_rows(values_only=True) if r and r[0]}
    assert figures["Zgłoszenia mieszkańców"] == ws.entry("reports").feature_count
    backlog = ws.read_layer("reports_backlog", read_geometry=False)
    assert figures["Zgłoszenia otwarte (zaległe)"] == backlog["open"].sum() > 0
    groups = ws.read_layer("reports_duplicates", read_geometry=False).groupby("group").size()
    assert figures["Prawdopodobne duplikaty zgłoszeń"] == (groups - 1).sum() > 0
    assert figures["Grupy duplikatów (pierwsze zgłoszenie i jego powtórzenia)"] == len(groups)
    assert summary.tables  # every block of the summary is an Excel table
    districts = book["Dzielnice – wskaźniki"]
    assert districts.freeze_panes == "A3" and len(districts.tables) == 1
    table = next(iter(districts.tables.values()))
    assert table.ref == f"A2:{table.ref.split(':')[1][0]}10"  # 8 districts under the header
    headers = [c.value for c in districts[2]]
    assert "Zaległe (otwarte)" in headers and "Zgłoszenia na 1000 mieszk." in headers
    col = headers.index("Zaległe (otwarte)") + 1
    assert districts.cell(3, col).number_format == "#,##0"
    assert districts.cell(3, headers.index("Powierzchnia [km²]") + 1).number_format == "#,##0.00"
    rules = {r.type for rng in districts.conditional_formatting for r in rng.rules}
    assert rules == {"colorScale", "dataBar"}
    stats = ws.read_layer("districts_stats", read_geometry=False)
    assert sorted(districts.cell(r, 1).value for r in range(3, 11)) == sorted(stats["nazwa"])
    dup = book["Zgłoszenia – duplikaty"]
    created = [c.value for c in dup[2]].index("Utworzono") + 1
    assert dup.cell(3, created).number_format == "yyyy-mm-dd hh:mm"
    assert dup.cell(3, created).is_date


def test_english_report(ws: Workspace, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(report(ws, tmp_path, "--lang", "en", "--no-map"))
    assert book.sheetnames[0] == "Summary" and book.sheetnames[-1] == "Methodology"
    assert "Districts – figures" in book.sheetnames and "Reports – backlog" in book.sheetnames
    headers = all_headers(book)
    assert {"Open backlog", "Reports per 1,000", "Median days to close"} <= headers
    assert "Zaległe (otwarte)" not in headers
    assert not book["Summary"]._images


def test_methodology_lists_every_parameter(ws: Workspace, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(report(ws, tmp_path, "--no-map"))
    rows = list(book["Metodologia"].iter_rows(min_row=3, values_only=True))
    listed = {(r[0], r[1]): r[3] for r in rows if r[1]}
    labels = {
        "reports": "Zgłoszenia mieszkańców",
        "districts": "Dzielnice",
        "audit": "Audyt danych",
    }
    for entry in ws.entries():
        analysis = entry.quality.get("analysis")
        if analysis not in labels:
            continue
        assert entry.quality[SUMMARY_FACT]["lines"]  # stored, but no parameter
        for key, value in entry.quality.items():
            if key not in ("analysis", SUMMARY_FACT):
                assert listed[(labels[analysis], key)] == ("" if value is None else str(value))
    assert SUMMARY_FACT not in {parameter for _, parameter in listed}
    assert listed[("Dzielnice", "car_share")] == "0.3"
    assert listed[("Raport", "timezone")] == "Europe/Warsaw"


def test_formula_payloads_stay_inert_text(ws: Workspace, tmp_path: Path) -> None:
    target = report(ws, tmp_path, "--sections", "reports", "--no-map", "--lang", "en")
    sheet = openpyxl.load_workbook(target)["Residents' reports"]
    header = [c.value for c in sheet[2]]
    column = header.index("Description") + 1
    cells = [sheet.cell(r, column) for r in range(3, 3 + len(OWASP))]
    assert [c.value for c in cells] == OWASP
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    address = sheet.cell(3, header.index("Address") + 1)
    assert address.value.startswith("=HYPERLINK") and address.data_type == "s"
    assert sheet.cell(3, header.index("Address") + 1).hyperlink is None

    libreoffice(
        target,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        tmp_path,
    )
    exported = tmp_path / "raport-Residents' reports.csv"
    with exported.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    texts = [row[column - 1] for row in rows[2 : 2 + len(OWASP)]]
    for payload, text in zip(OWASP, texts, strict=True):
        assert text.strip() == payload.strip(), payload  # literal, not a computed value
        assert text == payload or payload[0] in "\t\r"
        assert text != COMPUTED.get(payload)


def test_pdf_shows_the_content(ws: Workspace, tmp_path: Path) -> None:
    target = report(ws, tmp_path, "--sections", "districts,reports")
    libreoffice(target, "pdf", tmp_path)
    text = subprocess.run(
        [tool("pdftotext"), "-layout", str(tmp_path / "raport.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Raport: infrastruktura rowerowa" in text
    stats = ws.read_layer("districts_stats", read_geometry=False)
    assert all(name in text for name in stats["nazwa"])
    reports = ws.entry("reports").feature_count
    assert re.search(
        rf"Zgłoszenia mieszkańców\s+{reports // 1000}[ ,.\u00a0]?{reports % 1000:03d}", text
    )
    assert "=cmd|' /C calc'!A0" in text and '=HYPERLINK("http://x","y")' in text


def test_personal_columns_only_when_asked(ws: Workspace, tmp_path: Path) -> None:
    kept = [f for f in ws.read_layer("reports", max_features=1).columns if f in PERSONAL_HEADERS]
    assert kept, "the fixture imports reports with --keep-personal"
    default = openpyxl.load_workbook(report(ws, tmp_path, "--sections", "reports", "--no-map"))
    sheet = default["Zgłoszenia mieszkańców"]
    headers = [c.value for c in sheet[2]]
    assert not set(headers) & {"Zgłaszający", "E-mail", "Telefon"}
    values = {str(c.value) for row in sheet.iter_rows(min_row=3) for c in row}
    assert not any("@poczta.example.pl" in v for v in values)
    asked = openpyxl.load_workbook(
        report(ws, tmp_path, "--sections", "reports", "--no-map", "--include-personal")
    )
    headers = [c.value for c in asked["Zgłoszenia mieszkańców"][2]]
    assert set(kept) <= {h.capitalize() for h in headers} | set(headers)


def test_long_table_continues_on_more_sheets(ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    contents = build_report(
        ws, out, ReportParams(sections=("reports",), row_limit=500, chunk_rows=300, lang="en")
    )
    book = openpyxl.load_workbook(out)
    parts = [n for n in book.sheetnames if n.startswith("Residents' reports")]
    total = ws.entry("reports").feature_count
    assert len(parts) == -(-total // 497) and parts[1] == "Residents' reports (2)"
    ids = []
    for name in parts:
        sheet = book[name]
        assert sheet.max_row <= 500 and sheet.freeze_panes == "A3"
        ids += [
            r[0]
            for r in sheet.iter_rows(min_row=3, values_only=True)
            if r[0] and str(r[0]).startswith("2026/")
        ]
    assert ids == list(ws.read_layer("reports", read_geometry=False)["report_id"])
    assert book[parts[0]].cell(500, 1).value == "Continued on sheet 'Residents' reports (2)'."
    assert dict(contents.sheets)[parts[-1]] == total - 497 * (len(parts) - 1)
    links = {
        c.hyperlink.location
        for row in book["Summary"].iter_rows()
        for c in row
        if c.hyperlink is not None
    }
    assert "'Residents'' reports (2)'!A1" in links


def test_bad_requests_exit_1_naming_them(ws: Workspace, tmp_path: Path) -> None:
    run = CliRunner().invoke(
        cli, ["report", "-w", str(ws.path), "-o", str(tmp_path / "r.xlsx"), "--sections", "nosuch"]
    )
    assert run.exit_code == 1 and "'nosuch'" in run.output and "districts" in run.output
    run = CliRunner().invoke(cli, ["report", "-w", str(ws.path), "-o", str(tmp_path / "r.csv")])
    assert run.exit_code == 1 and ".xlsx" in run.output


def test_small_workspace_without_analyses(tmp_path: Path) -> None:
    """Layers asked by name; one without attributes lists its feature ids; no charts, no data."""
    import geopandas as gpd
    import shapely

    from analysis.workspace import DatasetKind

    ws = Workspace.create(tmp_path / "male.gpkg")
    lines = gpd.GeoDataFrame(
        geometry=[shapely.LineString([(0, 0), (i, 10)]) for i in range(1, 4)], crs="EPSG:2180"
    )
    with ws.transaction() as tx:
        tx.write_layer(
            lines, "drogi_rowerowe", DatasetKind.DATASET, title="Drogi rowerowe", licence="CC0"
        )
    out = tmp_path / "r.xlsx"
    contents = build_report(ws, out, ReportParams(sections=("drogi_rowerowe",)))
    assert contents.sheets == [("Drogi rowerowe", 3), ("Metodologia", 3)]
    book = openpyxl.load_workbook(out)
    sheet = book["Drogi rowerowe"]
    assert [c.value for c in sheet[2]] == ["Nr obiektu"]
    assert [sheet.cell(r, 1).value for r in range(3, 6)] == [1, 2, 3]
    assert not book["Podsumowanie"]._charts
    with pytest.raises(InputError, match=r"no analysis results: run 'urbanista analyze gaps\|"):
        build_report(ws, out, ReportParams())
