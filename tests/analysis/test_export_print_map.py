"""Print maps: map styles, and the PNG/PDF map of a workspace."""

from __future__ import annotations

import pytest

from analysis.export.styles import STYLE_BY_ROLE, category_style, road_style, role_of
from analysis.workspace import CatalogueEntry, DatasetKind


def _entry(name: str, kind: DatasetKind, **quality: object) -> CatalogueEntry:
    return CatalogueEntry(name=name, kind=kind, crs="EPSG:2180", quality=quality)


@pytest.mark.parametrize(
    ("name", "kind", "geometry", "quality", "role"),
    [
        ("drogi_rowerowe", DatasetKind.DATASET, "MultiLineString", {}, "cycleways"),
        ("ulice", DatasetKind.DATASET, "LineString", {}, "streets"),
        ("wody", DatasetKind.DATASET, "Polygon", {}, "water"),
        ("parki", DatasetKind.DATASET, "Polygon", {}, "parks"),
        ("dzielnice", DatasetKind.DATASET, "MultiPolygon", {}, "districts"),
        ("stojaki_rowerowe", DatasetKind.DATASET, "Point", {}, "racks"),
        ("heatmap_cycling", DatasetKind.RASTER, None, {}, "heatmap"),
        ("reports", DatasetKind.REPORTS, "Point", {}, "reports"),
        ("gaps_corridors", DatasetKind.ANALYSIS, "LineString", {"analysis": "gaps"},
         "gap_corridors"),
        ("racks_sites", DatasetKind.ANALYSIS, "Point", {"analysis": "racks"}, "proposed_racks"),
        ("reports_hotspots", DatasetKind.ANALYSIS, "Polygon", {"analysis": "reports"},
         "report_hotspots"),
        ("racks_uncovered", DatasetKind.ANALYSIS, "Point", {"analysis": "racks"}, None),
        ("szkoly_wody", DatasetKind.DATASET, "Point", {}, "schools"),
        ("activities", DatasetKind.TRACKS, "LineString", {}, None),
    ],
)  # fmt: skip
def test_role_of_entries(name, kind, geometry, quality, role) -> None:
    assert role_of(_entry(name, kind, **quality), geometry) == role


def test_road_and_category_styles_refine_their_role() -> None:
    assert road_style("primary").width_pt > road_style("residential").width_pt
    assert road_style("primary_link").colour == road_style("primary").colour
    assert road_style("footway") == STYLE_BY_ROLE["streets"]
    assert category_style("pothole").label("pl") == "Dziury w jezdni"
    assert category_style("pothole").label("en") == "Potholes"
    assert category_style("pothole").colour != category_style("litter").colour
    assert category_style("unknown").colour == category_style("other").colour
