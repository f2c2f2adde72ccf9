"""Layer titles in Polish and English: the core's layers translated, a city's own kept."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.export.titles import layer_title
from analysis.kernels.grid import Grid
from analysis.planning.racks import RackParams
from analysis.planning.result import AnalysisResult, Raster, parameters_of, store_result
from analysis.workspace import CatalogueEntry, DatasetKind, SourceFile, Workspace
from tests.analysis.conftest import points_2180


def _entry(workspace: Workspace, name: str) -> CatalogueEntry:
    return next(e for e in workspace.entries() if e.name == name)


def _usage(name: str, **quality: object) -> CatalogueEntry:
    """A usage layer catalogued as ``store_usage`` does it."""
    return CatalogueEntry(
        name,
        DatasetKind.ANALYSIS,
        "EPSG:2180",
        title="Usage per segment",
        quality={"unit": "users", "streets": "ulice", **quality},
    )


@pytest.fixture
def results(workspace: Workspace) -> Workspace:
    """Racks proposed for a 200 m walk and gap corridors, stored as the analyses store them."""
    racks = AnalysisResult(
        "racks",
        {"sites": points_2180(3)},
        parameters=parameters_of(RackParams(walk_m=200)),
        titles={"sites": "Proposed bike stands (MCLP, 200 m walk)"},
    )
    gaps = AnalysisResult(
        "gaps", {"corridors": points_2180(2)}, titles={"corridors": "Bike-path gaps: corridors"}
    )
    store_result(workspace, racks)
    store_result(workspace, gaps)
    return workspace


@pytest.mark.parametrize(
    ("name", "pl", "en"),
    [
        (
            "racks_sites",
            "Stojaki – propozycje (dojście 200 m)",
            "Proposed bike stands (MCLP, 200 m walk)",
        ),
        ("gaps_corridors", "Luki – korytarze", "Bike-path gaps: corridors"),
    ],
)
def test_analysis_results_are_titled_in_either_language(
    results: Workspace, name: str, pl: str, en: str
) -> None:
    entry = _entry(results, name)
    assert (layer_title(entry, "pl"), layer_title(entry, "en")) == (pl, en)


@pytest.mark.parametrize(
    ("entry", "pl", "en"),
    [
        (
            _usage("usage_cycling_segments", filters="cycling"),
            "Ruch rowerowy – odcinki",
            "Cycling – segments",
        ),
        (
            _usage("usage_cycling_hexagons", filters="cycling", resolution=8),
            "Ruch rowerowy – heksagony (rozdzielczość 8)",
            "Cycling – hexagons (resolution 8)",
        ),
        (
            _usage("usage_running_periods", filters="running, weekdays"),
            "Ruch – okresy: bieganie, dni robocze",
            "Usage – periods: running, weekdays",
        ),
        (
            _usage("usage_cycling_segments", filters="cycling, weekends"),
            "Ruch – odcinki: rower, weekendy",
            "Usage – segments: cycling, weekends",
        ),
        (
            _usage("usage_segments", filters="running, cycling"),
            "Ruch – odcinki: bieganie, rower",
            "Usage – segments: running, cycling",
        ),
        (  # as the registry's street usage stores them, naming its analysis
            _usage("usage_cycling_hexagons", filters="cycling", resolution=8, analysis="usage"),
            "Ruch rowerowy – heksagony (rozdzielczość 8)",
            "Cycling – hexagons (resolution 8)",
        ),
    ],
)
def test_usage_layers_say_which_activities_they_count(
    entry: CatalogueEntry, pl: str, en: str
) -> None:
    assert (layer_title(entry, "pl"), layer_title(entry, "en")) == (pl, en)


ACTIVITIES = "activities per 10 m cell"


@pytest.mark.parametrize(
    ("name", "about", "unit", "pl", "en"),
    [
        ("heatmap_cycling", "cycling", ACTIVITIES, "Ruch rowerowy", "Cycling activity"),
        (
            "heatmap_all",
            "all activities",
            "users per 10 m cell",
            "Natężenie aktywności: wszystkie aktywności",
            "Activity: all activities",
        ),
        (
            "heatmap_running",
            "running, weekends, evening",
            ACTIVITIES,
            "Natężenie aktywności: bieganie, weekendy, wieczór",
            "Activity: running, weekends, evening",
        ),
        ("kde", "kde", "points per km2", "Mapa cieplna: kde", "Heatmap: kde"),
    ],
)
def test_heatmaps_are_titled_by_what_they_count(
    workspace: Workspace, name: str, about: str, unit: str, pl: str, en: str
) -> None:
    grid = Grid(560_000.0, 380_020.0, 10.0, 2, 2)
    raster = Raster(np.ones((2, 2), np.float32), grid, "EPSG:2180", unit)
    result = AnalysisResult("heatmap", rasters={"": raster}, titles={"": f"Heatmap: {about}"})
    store_result(workspace, result, prefix=name)
    entry = _entry(workspace, name)
    assert (layer_title(entry, "pl"), layer_title(entry, "en")) == (pl, en)


def test_a_citys_own_datasets_keep_their_titles(workspace: Workspace) -> None:
    imported = _entry(workspace, "punkty")
    raster = CatalogueEntry(
        "ortofoto",
        DatasetKind.RASTER,
        "EPSG:2180",
        title="Heatmap: rowery",
        sources=(SourceFile("rowery.tif", "ab" * 32),),
    )
    untitled = CatalogueEntry("drogi", DatasetKind.DATASET, "EPSG:2180")
    reports = CatalogueEntry("reports", DatasetKind.REPORTS, "EPSG:2180", title="Zgłoszenia — Łódź")
    for language in ("pl", "en"):
        assert layer_title(imported, language) == "Punkty"
        assert layer_title(raster, language) == "Heatmap: rowery"
        assert layer_title(untitled, language) == "drogi"
        assert layer_title(reports, language) == "Zgłoszenia — Łódź"


def test_the_importers_own_titles_are_translated() -> None:
    reports = CatalogueEntry("reports", DatasetKind.REPORTS, "EPSG:2180", title="Citizen reports")
    tracks = CatalogueEntry(
        "activities", DatasetKind.TRACKS, "EPSG:2180", title="Activities (privacy-trimmed tracks)"
    )
    assert layer_title(reports, "pl") == "Zgłoszenia mieszkańców"
    assert layer_title(tracks, "pl") == "Aktywności"
    assert layer_title(tracks, "en") == "Activities"


@pytest.mark.parametrize(
    ("filters", "pl", "en"),
    [
        ("cycling", "Ruch rowerowy", "Cycling activity"),
        ("cycling, weekends", "Ruch rowerowy: weekendy", "Cycling activity: weekends"),
        ("cycling, running", "Natężenie aktywności: rower, bieganie", "Activity: cycling, running"),
    ],
)
def test_cycling_heatmaps_are_told_from_mixed_ones(filters: str, pl: str, en: str) -> None:
    from analysis.export.titles import heatmap_title

    assert (heatmap_title(filters, "pl"), heatmap_title(filters, "en")) == (pl, en)
