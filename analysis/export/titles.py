"""Display titles of catalogue entries, in Polish and English.

The layers Urbanista makes (analysis results, street usage, heatmaps, the
layers of imported tracks and reports) are catalogued under English titles;
:func:`layer_title` names them from the report's sheet names
(:data:`~analysis.export.report_labels.SHEETS`), with the parameters that tell
two runs apart (walk distance, hexagon resolution, activity filters), except
that in English an analysis result keeps the title the analysis gave it.
A city's own datasets keep the title the city gave them.
"""

from __future__ import annotations

import re

from analysis.export.report_labels import ANALYSES, LANGS, SHEETS, Lang, pick
from analysis.export.web_text import filters_label, number
from analysis.io.tracks.sports import TYPES as ACTIVITY_TYPES
from analysis.workspace.catalogue import CatalogueEntry, DatasetKind

HEATMAP_PREFIX = "Heatmap: "
"""How the core's heatmap titles start; the rest is the filter description."""
HEATMAPS: dict[str, tuple[str, str]] = {
    "cycling": ("Ruch rowerowy", "Cycling activity"),
    "activity": ("Natężenie aktywności: {what}", "Activity: {what}"),
    "points": ("Mapa cieplna: {what}", "Heatmap: {what}"),
}
"""Titles of activity heatmaps (cycling or other activities) and of point heatmaps."""
DETAILS: dict[str, tuple[str, str]] = {
    "racks_sites": ("dojście {walk_m} m", "{walk_m} m walk"),
    "racks_uncovered": (
        "dalej niż {walk_m} m od stojaka, komórki {uncovered_cell_m} m",
        "beyond a {walk_m} m walk, {uncovered_cell_m} m cells",
    ),
    "hexagons": ("rozdzielczość {resolution}", "resolution {resolution}"),
}
"""What a title adds in brackets, from the entry's parameters."""
_USAGE = re.compile(r".+_(segments|periods|hexagons)")
_ACTIVITY_UNIT = re.compile(r"(activities|users) per ")


def layer_title(entry: CatalogueEntry, language: str) -> str:
    """The title ``entry`` is shown under in ``language`` ("pl" or "en").

    Layers the core made get their Polish or English title; a city's datasets
    and imported rasters keep their stored title (or, without one, their name).
    """
    lang: Lang = "pl" if language == "pl" else "en"
    stored = entry.title or entry.name
    if entry.kind is DatasetKind.RASTER:
        filters = heatmap_filters(entry)
        if entry.sources or filters is None:  # imported, or none of Urbanista's heatmaps
            return stored
        return _raster_title(entry, filters, lang)
    if entry.kind is DatasetKind.TRACKS:
        return pick(SHEETS, entry.name, lang) or stored
    if entry.kind is DatasetKind.REPORTS:
        from analysis.io.reports.importer import TITLE

        return (pick(SHEETS, "reports", lang) or stored) if entry.title == TITLE else stored
    if entry.kind is not DatasetKind.ANALYSIS:
        return stored
    if (usage := _USAGE.fullmatch(entry.name)) and "filters" in entry.quality:
        return _usage_title(entry, usage.group(1), lang)  # an analysis result, titled by filters
    if analysis := entry.quality.get("analysis"):
        return _result_title(entry, str(analysis), lang)
    return stored


def heatmap_title(filters: str, language: str) -> str:
    """A heatmap's title: "Ruch rowerowy", "Natężenie aktywności: bieganie"...

    ``filters`` describes the activities counted ("cycling, weekends, morning").
    """
    lang: Lang = "pl" if language == "pl" else "en"
    parts = filters.split(", ")
    if parts[0] == "cycling" and not set(parts[1:]) & set(ACTIVITY_TYPES):  # cycling alone
        cycling = HEATMAPS["cycling"][LANGS.index(lang)]
        rest = ", ".join(parts[1:])
        return f"{cycling}: {filters_label(rest, lang)}" if rest else cycling
    return HEATMAPS["activity"][LANGS.index(lang)].format(what=filters_label(filters, lang))


def stored_heatmap_title(filters: str) -> str:
    """The English catalogue title of a heatmap of ``filters`` ("Heatmap: cycling").

    :func:`heatmap_filters` reads the filters back from it.
    """
    return HEATMAP_PREFIX + filters


def heatmap_filters(entry: CatalogueEntry) -> str | None:
    """The filter description a core-made heatmap's title holds (:func:`stored_heatmap_title`)."""
    title = entry.title or ""
    return title.removeprefix(HEATMAP_PREFIX) if title.startswith(HEATMAP_PREFIX) else None


def _raster_title(entry: CatalogueEntry, filters: str, lang: Lang) -> str:
    """An activity heatmap's title (:func:`heatmap_title`), or a point heatmap's."""
    if _ACTIVITY_UNIT.match(str(entry.quality.get("unit", ""))):
        return heatmap_title(filters, lang)
    return HEATMAPS["points"][LANGS.index(lang)].format(what=filters)


def analysis_label(analysis: str, lang: Lang) -> str:
    """An analysis' name: from the report's vocabulary, else its registered title, else its key."""
    from analysis import registry
    from analysis.errors import InputError

    if (label := pick(ANALYSES, analysis, lang)) is not None:
        return label
    try:
        return registry.get(analysis).title
    except InputError:  # a result of an analysis this Urbanista does not have
        return analysis


def _result_title(entry: CatalogueEntry, analysis: str, lang: Lang) -> str:
    """A result table's title: in English the analysis' own, in Polish its sheet name.

    A table without a sheet name is called by the analysis' name and its own, or
    by its catalogue title when the vocabulary does not know the analysis.
    """
    if lang == "en" and entry.title:
        return entry.title
    name = pick(SHEETS, entry.name, lang)
    if name is None:
        table = entry.name.removeprefix(f"{analysis}_")
        known = pick(ANALYSES, analysis, lang)
        name = f"{known}: {table}" if known else entry.title or f"{analysis}: {table}"
    return name + _details(entry, entry.name, lang)


def _usage_title(entry: CatalogueEntry, part: str, lang: Lang) -> str:
    """Usage counts: "Ruch rowerowy – odcinki", or "Ruch – odcinki: bieganie, weekendy".

    A layer's own sheet name serves only when its filters are the one type its
    name holds (``usage_cycling_segments`` counting "cycling"); other filters
    are spelled out.
    """
    filters = str(entry.quality["filters"])
    title = pick(SHEETS, entry.name, lang) if entry.name == f"usage_{filters}_{part}" else None
    if title is None:
        generic = pick(SHEETS, f"usage_{part}", lang) or part
        title = f"{generic}: {filters_label(filters, lang)}"
    return title + _details(entry, part, lang)


def _details(entry: CatalogueEntry, key: str, lang: Lang) -> str:
    """`` (dojście 150 m)``: the bracket :data:`DETAILS` gives ``key``, "" without its values."""
    template = pick(DETAILS, key, lang)
    values = {k: number(v, lang) for k, v in entry.quality.items()}
    try:
        return f" ({template.format_map(values)})" if template else ""
    except KeyError:
        return ""
