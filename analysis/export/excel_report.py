"""The Excel report of a workspace: a summary, one sheet per result table, the methodology.

The summary sheet holds the title, city and date, the key figures the
analyses stored with their results (:mod:`analysis.export.key_figures`), the
data sources with their dates and licences from the catalogue, the list of
sheets, native charts of reports per district and per month, and the city map
(:func:`write_report` draws it). Every result table in the catalogue (kind
``analysis`` with ``quality["analysis"]``) of an analysis the registry puts in
the report, or every table asked for, gets a sheet of its own: an Excel table
with a frozen header, number and date formats and colour scales or data bars
where they help. The methodology sheet lists every parameter the analyses
shown stored in the catalogue (not their stored summaries).

Columns of reports and tracks holding personal data (reporters' names,
e-mails, phones: see :func:`analysis.io.personal.is_personal_column`) are left out unless
``include_personal`` is set; a workspace only has them when its reports were
imported with ``--keep-personal``. Without ``include_personal``, contacts left
in any table's text (e-mails, phones, PESEL, IP addresses) are redacted as a
last line of defence (:func:`analysis.io.personal.redact_text`).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import __version__
from analysis.errors import InputError
from analysis.export import report_labels as L
from analysis.export.key_figures import key_figures
from analysis.export.map_figure import city_name
from analysis.export.titles import analysis_label
from analysis.export.xlsx_writer import (
    EXCEL_MAX_ROWS,
    CellStyle,
    Column,
    ColumnKind,
    SheetBlocks,
    SheetPart,
    StyleBook,
    TableText,
    add_excel_table,
    column_kind,
    column_range,
    write_table,
)
from analysis.io.output_file import check_output, write_output
from analysis.io.personal import is_personal_column, redact_text
from analysis.params import check, param
from analysis.planning.result import SUMMARY_FACT
from analysis.progress import NullProgress, Progress, Steps, check_cancelled
from analysis.workspace import DatasetKind, Workspace
from analysis.workspace.catalogue import CatalogueEntry

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
TITLE = CellStyle(bold=True, size=16.0, font_color="1F4E79")
HEADING = CellStyle(bold=True, size=12.0, font_color="1F4E79", border_bottom=True)
HEADER = CellStyle(bold=True, font_color="FFFFFF", fill="1F4E79", wrap=True)
LABEL = CellStyle(bold=True)
NOTE = CellStyle(italic=True, font_color="595959")
COUNT = CellStyle(number_format="#,##0")
LINK = CellStyle(font_color="0563C1")
MAP_WIDTH_PX = 760
MAP_DPI = 110
"""Resolution of the city map drawn for the summary (A4)."""
DRAWING_MAP = "drawing the city map"
WRITING_SHEETS = "writing the sheets"
"""What :func:`write_report` tells its progress it is doing, before and after the map."""
CHART_ROWS = 18
"""Rows a chart of the summary takes, with a gap."""


@dataclass(frozen=True)
class ReportParams:
    """What goes into the report.

    ``sections`` names analyses (``gaps``, ``racks``...) or workspace layers
    (``dzielnice``, ``gaps_corridors``); a name that is both (``reports``) brings
    the layer and the analysis' results. None means every analysis.
    ``row_limit`` is the rows of a sheet (Excel's limit; smaller in tests), and
    ``chunk_rows`` how many rows are read and written at a time.
    """

    lang: L.Lang = "pl"
    sections: tuple[str, ...] | None = None
    include_personal: bool = False
    city: str | None = None
    today: date | None = None
    row_limit: int = param(EXCEL_MAX_ROWS, at_least=4, at_most=EXCEL_MAX_ROWS)
    chunk_rows: int = param(20_000, at_least=1, at_most=1_000_000)
    timezone: str = "Europe/Warsaw"

    def __post_init__(self) -> None:
        check(self)
        if self.lang not in L.LANGS:
            raise InputError(f"language {self.lang!r}: use pl or en")


@dataclass
class ReportContents:
    """What a report holds: its sheets with their row counts, and the columns left out."""

    sheets: list[tuple[str, int]] = field(default_factory=list)
    personal_dropped: list[str] = field(default_factory=list)


def select_layers(workspace: Workspace, sections: Sequence[str] | None) -> list[CatalogueEntry]:
    """The catalogue entries the report shows as tables, in report order.

    With no sections, the results of every analysis whose registry entry is
    ``in_report`` (:mod:`analysis.registry`; results of an analysis not
    registered count as in it), in the registry's order.

    Raises
    ------
    InputError
        If a section is neither an analysis nor a vector layer of the workspace, or
        no section is named and the workspace holds no analysis result for the report.
    """
    entries = workspace.entries()
    by_analysis: dict[str, list[CatalogueEntry]] = {}
    for e in entries:
        if e.kind is DatasetKind.ANALYSIS and e.quality.get("analysis"):
            by_analysis.setdefault(str(e.quality["analysis"]), []).append(e)
    if sections is None:
        return _reported_analyses(workspace, by_analysis)
    chosen: list[CatalogueEntry] = []
    named = {e.name: e for e in entries}
    for section in sections:
        table = named.get(section)
        if table is not None and table.kind is not DatasetKind.RASTER:
            chosen.append(table)
        if section in by_analysis:
            chosen += by_analysis[section]
        elif table is None or table.kind is DatasetKind.RASTER:
            tables = [e.name for e in entries if e.kind is not DatasetKind.RASTER]
            known = sorted(by_analysis) + [n for n in tables if n not in by_analysis]
            raise InputError(
                f"{workspace.path}: no analysis or table {section!r} to report "
                f"(choose from: {', '.join(known) or 'none; run urbanista analyze first'})"
            )
    return list({e.name: e for e in chosen}.values())


def _reported_analyses(
    workspace: Workspace, by_analysis: dict[str, list[CatalogueEntry]]
) -> list[CatalogueEntry]:
    """The tables of the analyses a report shows unless told otherwise, in registry order."""
    from analysis import registry

    order = registry.keys()
    shown = [a for a in by_analysis if a not in order or registry.get(a).in_report]
    if not shown:
        runs = "|".join(k for k in order if registry.get(k).in_report)
        raise InputError(
            f"{workspace.path} holds no analysis results: run 'urbanista analyze "
            f"{runs} -w {workspace.path}' first, or name layers with --sections"
        )
    shown.sort(key=lambda a: (a not in order, order.index(a) if a in order else 0, a))
    return [e for a in shown for e in by_analysis[a]]


def write_report(
    workspace: Workspace,
    out: Path,
    params: ReportParams = ReportParams(),
    with_map: bool = True,
    progress: Progress | None = None,
) -> ReportContents:
    """Draw the city map for the summary (unless not ``with_map``) and write the report.

    What ``urbanista report`` and the app's Excel report both do. ``progress``
    hears :data:`DRAWING_MAP` and :data:`WRITING_SHEETS`; a cancel before the end
    leaves no file.

    Raises
    ------
    InputError
        If a section names nothing in the workspace, or there is no map to draw.
    OutputError
        If ``out`` may not be written, checked before the map is drawn.
    Cancelled
        If the user cancelled.
    """
    import tempfile

    from analysis.export.map_figure import PrintMapParams, render_map

    progress = progress or NullProgress()
    steps = Steps(progress, [0.4, 0.6])
    check_output(out)
    with tempfile.TemporaryDirectory(prefix="urbanista-report-") as tmp:
        picture = None
        if with_map:
            progress.report(0.05, DRAWING_MAP)
            summary_map = PrintMapParams(paper="A4", dpi=MAP_DPI, language=params.lang)
            picture = render_map(workspace, Path(tmp) / "map.png", summary_map, steps.step(0))
        check_cancelled(progress)
        progress.report(0.4, WRITING_SHEETS)
        return build_report(workspace, out, params, picture, steps.step(1))


def build_report(
    workspace: Workspace,
    out: Path,
    params: ReportParams = ReportParams(),
    map_png: Path | None = None,
    progress: Progress | None = None,
) -> ReportContents:
    """Write the Excel report of ``workspace`` to ``out``; ``map_png`` goes on the summary.

    ``out`` appears only complete (see :func:`~analysis.io.output_file.write_output`),
    and not at all if ``progress`` is cancelled before.

    Raises
    ------
    InputError
        If a section names nothing in the workspace.
    OutputError
        If ``out`` may not be written (a workspace, a folder...) or the write fails.
    Cancelled
        If the user cancelled.
    """
    from openpyxl import Workbook

    progress = progress or NullProgress()
    check_output(out)
    layers = select_layers(workspace, params.sections)
    workbook = Workbook(write_only=True)
    styles = StyleBook(workbook)
    summary = workbook.create_sheet(L.text("summary_sheet", params.lang))
    contents = ReportContents()
    names: set[str] = {summary.title.lower(), L.text("methodology_sheet", params.lang).lower()}
    for i, entry in enumerate(layers):
        check_cancelled(progress)
        _layer_sheet(workbook, workspace, entry, params, styles, contents, names)
        progress.report((i + 1) / (len(layers) + 2))
    _methodology_sheet(workbook, layers, params, styles, contents)
    _summary_sheet(summary, workspace, params, styles, contents, map_png, layers)
    buffer = io.BytesIO()  # openpyxl leaves its ZIP open when a write fails
    workbook.save(buffer)
    check_cancelled(progress)
    write_output(out, buffer.getvalue())
    progress.report(1.0)
    return contents


def _parameter_help(analysis: str) -> dict[str, str]:
    """The help of each parameter of a registered analysis by name; none for another."""
    from analysis import registry
    from analysis.errors import InputError

    try:
        found = registry.get(analysis)
    except InputError:  # a result of an analysis this Urbanista does not have
        return {}
    return {p.name: p.help for p in registry.parameters(found.params)}


def sheet_name(entry: CatalogueEntry, lang: L.Lang, taken: set[str]) -> str:
    """A sheet name for ``entry``: translated, at most 31 characters, unique in ``taken``."""
    base = L.pick(L.SHEETS, entry.name, lang) or entry.title or entry.name
    base = " ".join(_SHEET_FORBIDDEN.sub(" ", base).split()).strip("'")[:31] or entry.name[:31]
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base[: 31 - 3 - len(str(n))]} ({n})"
    taken.add(name.lower())
    return name


def _layer_sheet(
    workbook: Workbook,
    workspace: Workspace,
    entry: CatalogueEntry,
    params: ReportParams,
    styles: StyleBook,
    contents: ReportContents,
    names: set[str],
) -> None:
    import pyogrio

    fields = [str(f) for f in pyogrio.read_info(workspace.path, layer=entry.name)["fields"]]
    residents = entry.kind in (DatasetKind.REPORTS, DatasetKind.TRACKS)
    reports = entry.kind is DatasetKind.REPORTS
    personal = [f for f in fields if residents and is_personal_column(f, reports)]
    if not params.include_personal:
        contents.personal_dropped += [f"{entry.name}.{f}" for f in personal]
        fields = [f for f in fields if f not in personal]
    chunks = _read_chunks(workspace, entry.name, fields, params.chunk_rows)
    if not params.include_personal:
        chunks = map(redact_text, chunks)
    first = next(chunks)
    columns = _columns(first, params.lang)
    name = sheet_name(entry, params.lang, names)
    title = L.pick(L.SHEETS, entry.name, params.lang) or entry.title or entry.name
    parts = write_table(
        workbook,
        name,
        _chain(first, chunks),
        columns,
        _table_text(title, params.lang),
        styles,
        row_limit=params.row_limit,
        timezone=params.timezone,
    )
    for part in parts:
        names.add(part.sheet.title.lower())
        add_excel_table(part, columns, _table_name(part.sheet.title, len(contents.sheets)))
        _highlight(part, columns)
        contents.sheets.append((part.sheet.title, part.last_row - part.header_row))


def _read_chunks(
    workspace: Workspace, layer: str, fields: list[str], rows: int
) -> Iterator[pd.DataFrame]:
    """The layer's attributes (no geometry), ``rows`` at a time; one empty frame if none.

    A layer without attributes gives its feature ids (``fid``), so its sheet still
    counts and lists its features.
    """
    import pandas as pd
    import pyogrio

    start = 0
    while True:
        frame = pd.DataFrame(
            pyogrio.read_dataframe(
                workspace.path,
                layer=layer,
                columns=fields,
                read_geometry=False,
                skip_features=start,
                max_features=rows,
                fid_as_index=not fields,
            )
        )
        if fields:
            frame = frame[[c for c in fields if c in frame.columns]]
        else:
            frame = pd.DataFrame({"fid": frame.index.to_numpy(dtype="int64")})
        if len(frame) or start == 0:
            yield frame
        if len(frame) < rows:
            return
        start += rows


def _chain(first: pd.DataFrame, rest: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    yield first
    yield from rest


def _columns(sample: pd.DataFrame, lang: L.Lang) -> list[Column]:
    """Headers, kinds, formats and widths of a table's columns, from its first rows."""
    columns = []
    seen: set[str] = set()
    for key in sample.columns:
        kind = column_kind(sample[key])
        head = L.header(str(key), lang)
        while head in seen:  # Excel tables need distinct headers
            head += "*"
        seen.add(head)
        values = sample[key].dropna().head(500).astype(str)
        longest = int(values.str.len().max()) if len(values) else 0
        if kind in (ColumnKind.DATE, ColumnKind.DATETIME):
            longest = 10 if kind is ColumnKind.DATE else 16
        width = min(max(min(len(head) + 2, 16.0), longest * 1.1 + 2, 8.0), 50.0)  # headers wrap
        columns.append(Column(str(key), head, kind, L.number_format(str(key), kind), width))
    return columns


def _table_text(title: str, lang: L.Lang) -> TableText:
    return TableText(
        title, L.text("continued_on", lang), L.text("continued_from", lang), L.text("no_rows", lang)
    )


def _table_name(sheet: str, n: int) -> str:
    plain = re.sub(r"\W", "_", sheet.encode("ascii", "ignore").decode()).strip("_")
    return f"T{n + 1}_{plain}"[:250]


def _highlight(part: SheetPart, columns: Sequence[Column]) -> None:
    """Colour scales on backlogs and delays, data bars on scores and demand."""
    from openpyxl.formatting.rule import ColorScaleRule, DataBarRule

    if part.last_row < part.first_row:
        return
    for i, col in enumerate(columns):
        rule = L.CONDITIONAL.get(col.key)
        if rule is None or col.kind not in (ColumnKind.INT, ColumnKind.FLOAT):
            continue
        cells = column_range(part, i)
        if rule == "scale":
            part.sheet.conditional_formatting.add(
                cells,
                ColorScaleRule(
                    start_type="min",
                    start_color="FFFFFF",
                    mid_type="percentile",
                    mid_value=50,
                    mid_color="FFE699",
                    end_type="max",
                    end_color="F8696B",
                ),
            )
        else:
            part.sheet.conditional_formatting.add(
                cells, DataBarRule(start_type="min", end_type="max", color="5B9BD5")
            )


def _methodology_sheet(
    workbook: Workbook,
    shown: Sequence[CatalogueEntry],
    params: ReportParams,
    styles: StyleBook,
    contents: ReportContents,
) -> None:
    """Every parameter of the analyses whose tables are ``shown``, and the report's own."""
    import pandas as pd

    lang = params.lang
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for e in shown:
        analysis = e.quality.get("analysis") if e.kind is DatasetKind.ANALYSIS else None
        if not analysis:
            continue
        label = analysis_label(str(analysis), lang)
        helps = _parameter_help(str(analysis))
        for key, value in e.quality.items():
            if key in ("analysis", SUMMARY_FACT):  # the summary is no parameter
                continue
            meaning = L.pick(L.PARAMETERS, key.split(".")[-1], lang) or helps.get(key, "")
            row = rows.setdefault(
                (label, key),
                {
                    "analysis": label,
                    "parameter": key,
                    "meaning": meaning,
                    "value": "" if value is None else str(value),
                    "layers": [],
                },
            )
            row["layers"].append(e.name)
    report = L.text("report", lang)
    personal = "personal_included" if params.include_personal else "personal_note"
    own = [
        (report, "timezone", params.timezone),
        (report, "dates", "yyyy-mm-dd"),
        (report, "personal_data", L.text(personal, lang)),
    ]
    for label, key, value in own:
        rows[(label, key)] = {
            "analysis": label,
            "parameter": key,
            "layers": [],
            "meaning": L.pick(L.PARAMETERS, key, lang) or "",
            "value": value,
        }
    frame = pd.DataFrame(
        [{**r, "layers": ", ".join(r["layers"])} for r in rows.values()],
        columns=["analysis", "parameter", "meaning", "value", "layers"],
    )
    heads = [L.text(k, lang) for k in ("analysis", "parameter", "meaning", "value", "layers")]
    widths = [26.0, 26.0, 48.0, 40.0, 40.0]
    columns = [
        Column(k, h, ColumnKind.TEXT, "General", w, wrap=True)
        for k, h, w in zip(frame.columns, heads, widths, strict=True)
    ]
    title = f"{L.text('methodology_sheet', lang)}: {L.text('methodology_intro', lang)}"
    parts = write_table(
        workbook,
        L.text("methodology_sheet", lang),
        iter([frame]),
        columns,
        _table_text(title, lang),
        styles,
        row_limit=params.row_limit,
    )
    for part in parts:
        add_excel_table(part, columns, _table_name(part.sheet.title, len(contents.sheets)))
        contents.sheets.append((part.sheet.title, part.last_row - part.header_row))


def _summary_sheet(
    sheet: WriteOnlyWorksheet,
    workspace: Workspace,
    params: ReportParams,
    styles: StyleBook,
    contents: ReportContents,
    map_png: Path | None,
    shown: Sequence[CatalogueEntry],
) -> None:
    from datetime import datetime

    lang = params.lang

    def t(key: str) -> str:
        return L.text(key, lang)

    for letter, width in zip("ABCDEF", (40.0, 18.0, 12.0, 14.0, 40.0, 16.0), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    rows = SheetBlocks(sheet, styles, HEADING, HEADER)
    rows.add((t("title"), TITLE))
    rows.add((t("city"), LABEL), city_name(workspace) if params.city is None else params.city)
    today = params.today or date.today()
    rows.add(
        (t("date"), LABEL),
        (datetime(today.year, today.month, today.day), CellStyle(number_format="yyyy-mm-dd")),
    )
    rows.add((t("workspace"), LABEL), workspace.path.name)
    note = "personal_included" if params.include_personal else "personal_note"
    rows.add((t(note), NOTE))
    rows.add((t("generated_by").format(version=__version__), NOTE))
    rows.blank()
    rows.block(
        t("key_figures"),
        [t("figure"), t("value")],
        [
            [label, (value, CellStyle(number_format=fmt))]
            for label, value, fmt in key_figures(workspace, lang, shown)
        ],
    )
    sources = [
        [
            e.title or e.name,
            L.pick(L.KINDS, e.kind.value, lang),
            (e.feature_count, COUNT),
            (_midnight(e.source_date), CellStyle(number_format="yyyy-mm-dd")),
            e.licence or "–",
            (_midnight(e.imported_at.date()), CellStyle(number_format="yyyy-mm-dd")),
        ]
        for e in workspace.entries()
        if e.kind is not DatasetKind.ANALYSIS
    ]
    rows.block(
        t("sources"),
        [t(k) for k in ("dataset", "kind", "features", "source_date", "licence", "imported")],
        sources,
    )
    rows.block(
        t("contents"),
        [t("sheet"), t("rows")],
        [[(name, LINK), (n, COUNT)] for name, n in contents.sheets],
        links=True,
    )
    chart_row = 2
    if map_png is not None:
        from openpyxl.drawing.image import Image

        image = Image(str(map_png))
        image.width, image.height = MAP_WIDTH_PX, image.height * MAP_WIDTH_PX / image.width
        sheet.add_image(image, "H2")
        chart_row += math.ceil(image.height / 20) + 2  # rows are 20 px high
    _charts(rows, workspace, lang, chart_row)


def _district_names(stats: pd.DataFrame) -> list[str]:
    """Each district's name from its name field (as the districts analysis finds it).

    Districts without a name field are numbered.
    """
    from analysis.planning.districts import NAME_FIELDS

    lower = {str(c).lower(): c for c in stats.columns}
    field = next((lower[f] for f in NAME_FIELDS if f in lower), None)
    if field is None:
        return [str(i) for i in range(1, len(stats) + 1)]
    return [str(n) for n in stats[field]]


def _midnight(day: date | None) -> Any:
    from datetime import datetime

    return None if day is None else datetime(day.year, day.month, day.day)


def _charts(rows: SheetBlocks, workspace: Workspace, lang: L.Lang, at_row: int) -> None:
    """Reports per district (bar chart) and per month (line chart) from ``at_row`` down.

    Their data are tables at the foot of the summary.
    """
    from openpyxl.chart import BarChart, LineChart, Reference

    from analysis.planning.districts import STATS
    from analysis.planning.reports import MONTHS

    names = {e.name for e in workspace.entries() if e.kind is DatasetKind.ANALYSIS}

    def t(key: str) -> str:
        return L.text(key, lang)

    stats = workspace.read_layer(STATS, read_geometry=False) if STATS in names else None
    if stats is not None and {"reports", "open_backlog"} <= set(stats.columns):
        stats = stats.sort_values("reports", ascending=False)
        first = rows.block(
            t("per_district"),
            [t("district"), t("reports"), t("open")],
            [
                [name, int(r), int(o)]
                for name, r, o in zip(
                    _district_names(stats), stats["reports"], stats["open_backlog"], strict=True
                )
            ],
        )
        bar = BarChart()
        bar.type, bar.title, bar.y_axis.title = "col", t("per_district"), t("reports")
        bar.height, bar.width = 8.0, 20.0
        data = Reference(rows.sheet, min_col=2, max_col=3, min_row=first, max_row=rows.row - 1)
        bar.add_data(data, titles_from_data=True)
        bar.set_categories(
            Reference(rows.sheet, min_col=1, min_row=first + 1, max_row=rows.row - 1)
        )
        rows.sheet.add_chart(bar, f"H{at_row}")
        at_row += CHART_ROWS
    if MONTHS in names:
        months = workspace.read_layer(MONTHS, read_geometry=False)
        total = months.groupby("month", sort=True)["reports"].sum()
        first = rows.block(
            t("per_month"), [t("month"), t("reports")], [[str(m), int(n)] for m, n in total.items()]
        )
        line = LineChart()
        line.title, line.y_axis.title = t("per_month"), t("reports")
        line.height, line.width = 8.0, 20.0
        line.add_data(
            Reference(rows.sheet, min_col=2, min_row=first, max_row=rows.row - 1),
            titles_from_data=True,
        )
        line.set_categories(
            Reference(rows.sheet, min_col=1, min_row=first + 1, max_row=rows.row - 1)
        )
        for series in line.series:
            series.smooth = False
        rows.sheet.add_chart(line, f"H{at_row}")
