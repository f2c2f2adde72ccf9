"""The activity heatmap and the street usage as registered analyses, on the sample city."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from analysis import registry
from analysis.errors import Cancelled
from analysis.export.titles import layer_title
from analysis.heatmap.activity import ActivityHeatmapParams, activity_heatmap, read_tracks
from analysis.heatmap.filters import ActivityFilter
from analysis.heatmap.hexagons import UNIT as HEX_UNIT
from analysis.heatmap.hexagons import HexUsageParams, hex_usage
from analysis.heatmap.segments import UNIT as SEGMENT_UNIT
from analysis.heatmap.segments import SegmentUsageParams, segment_usage
from analysis.heatmap.usage import CYCLING_SEGMENTS, UsageParams
from analysis.workspace import DatasetKind, Workspace
from analysis.workspace.roles import BUS_STOPS, STREETS, find_layer

CYCLING = ActivityFilter(types=("cycling",))


class _CancelWhen:
    """A progress that is cancelled from the first report whose message holds ``word``."""

    def __init__(self, word: str) -> None:
        self.word, self.cancelled = word, False

    def report(self, fraction: float, message: str = "") -> None:
        self.cancelled |= self.word in message

    def is_cancelled(self) -> bool:
        return self.cancelled


@pytest.fixture(scope="module")
def ws(city_workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A copy of the sample city's workspace, with its datasets and tracks."""
    path = tmp_path_factory.mktemp("registry_heatmap_usage") / "przykladowo.gpkg"
    shutil.copyfile(city_workspace.path, path)
    return Workspace.open(path)


def _raster(ws: Workspace, name: str) -> np.ndarray:
    import rasterio

    with rasterio.open(ws.raster_file(name)) as src:
        return np.asarray(src.read(1, masked=True).filled(np.nan))


def test_heatmap_stores_the_raster_the_kernel_draws(ws: Workspace) -> None:
    params = ActivityHeatmapParams(filters=CYCLING)
    outcome = registry.run_on_workspace(ws, "heatmap", params)
    assert outcome.layers == ["heatmap_cycling"] and dict(outcome.inputs) == {}
    heat = activity_heatmap(ws.path, params)
    stored = _raster(ws, "heatmap_cycling")
    assert stored.shape == heat.values.shape
    assert np.array_equal(np.isnan(stored), np.isnan(heat.values))
    assert np.array_equal(stored[~np.isnan(stored)], heat.values[~np.isnan(heat.values)])
    entry = ws.entry("heatmap_cycling")
    assert entry.kind is DatasetKind.RASTER and entry.title == "Heatmap: cycling"
    assert entry.quality["unit"] == heat.unit == "activities per 10 m cell"
    assert entry.quality["cells_shown"] == heat.stats["cells_shown"] > 0
    assert entry.quality["users"] == heat.stats["users"]
    assert entry.quality["min_users"] == 5 and entry.quality["pixel_m"] == 10.0
    assert "filters" not in entry.quality  # the title holds them
    assert layer_title(entry, "pl") == "Ruch rowerowy"
    assert outcome.result.lines == (
        f"Heatmap of cycling: {heat.stats['cells_shown']} cells shown; "
        "unit: activities per 10 m cell.",
    )


def test_the_heatmap_of_every_type_is_heatmap_all(ws: Workspace) -> None:
    params = ActivityHeatmapParams(pixel_m=50.0, min_users=0)
    outcome = registry.run_on_workspace(ws, "heatmap", params)
    assert outcome.layers == ["heatmap_all"]
    assert ws.entry("heatmap_all").title == "Heatmap: all activities"


@pytest.mark.parametrize("word", ["", "drawing"])  # before it draws; once it has drawn
def test_a_cancelled_heatmap_stores_nothing(ws: Workspace, word: str) -> None:
    params = ActivityHeatmapParams(filters=ActivityFilter(types=("running",)))
    with pytest.raises(Cancelled):
        registry.run_on_workspace(ws, "heatmap", params, progress=_CancelWhen(word))
    assert "heatmap_running" not in {e.name for e in ws.entries()}


def test_usage_stores_the_counts_of_the_kernels(ws: Workspace) -> None:
    outcome = registry.run_on_workspace(ws, "usage", UsageParams(filters=CYCLING))
    names = ["usage_cycling_segments", "usage_cycling_periods", "usage_cycling_hexagons"]
    assert outcome.layers == names and names[0] == CYCLING_SEGMENTS
    streets_name = find_layer(ws, STREETS)
    assert dict(outcome.inputs) == {"streets": streets_name}
    tracks, people = read_tracks(ws.path, CYCLING)
    by_segment = segment_usage(tracks, ws.read_layer(streets_name), SegmentUsageParams())
    by_hexagon = hex_usage(tracks, HexUsageParams())
    expected = {
        names[0]: (by_segment.segments, ["segment", "trips", "users", "users_per_day"]),
        names[1]: (by_segment.periods, ["segment", "month", "day_part", "trips", "users"]),
        names[2]: (by_hexagon.hexagons, ["h3", "activities", "users"]),
    }
    for name, (table, columns) in expected.items():
        stored = ws.read_layer(name)
        assert len(stored) == len(table) > 0, name
        pd.testing.assert_frame_equal(
            pd.DataFrame(stored[columns]).reset_index(drop=True),
            pd.DataFrame(table[columns]).reset_index(drop=True),
            check_dtype=False,
        )
    segments = ws.entry(names[0])
    assert segments.title == "Usage per street segment: cycling"
    assert segments.quality["unit"] == SEGMENT_UNIT and segments.quality["filters"] == "cycling"
    assert segments.quality["streets"] == streets_name
    assert segments.quality["trips"] == by_segment.summary["trips"] > 0
    assert ws.entry(names[1]).quality["min_users"] == 5
    hexagons = ws.entry(names[2])
    assert hexagons.title == "Usage per H3 hexagon (resolution 8): cycling"
    assert hexagons.quality["unit"] == HEX_UNIT
    assert hexagons.quality["hexagons"] == len(by_hexagon.hexagons)
    assert outcome.result.summary == {
        "filters": "cycling",
        "streets": streets_name,
        **people,
        **by_segment.summary,
        "hexagons": len(by_hexagon.hexagons),
    }
    assert outcome.result.lines[0].startswith(f"{by_segment.summary['trips']} trips of cycling on ")


def test_usage_names_its_streets_and_prefix(ws: Workspace) -> None:
    streets = find_layer(ws, STREETS)
    params = UsageParams(filters=CYCLING, hexagons=HexUsageParams(resolution=7))
    done = registry.run_on_workspace(ws, "usage", params, {"streets": streets}, prefix="usage_test")
    assert done.layers == ["usage_test_segments", "usage_test_periods", "usage_test_hexagons"]
    summary = done.result.summary
    assert summary["streets"] == streets and summary["filters"] == "cycling"
    assert ws.entry("usage_test_segments").quality["trips"] == summary["trips"]
    assert summary["hexagons"] == len(ws.read_layer("usage_test_hexagons"))


def test_usage_refuses_a_street_layer_of_points(ws: Workspace) -> None:
    from analysis.errors import InputError

    stops = find_layer(ws, BUS_STOPS)
    with pytest.raises(InputError, match="street network layer must hold"):
        registry.run_on_workspace(
            ws, "usage", UsageParams(filters=CYCLING), {"streets": stops}, prefix="usage_points"
        )
    assert not any(e.name.startswith("usage_points") for e in ws.entries())


def test_usage_parameters_and_slot_as_the_faces_see_them() -> None:
    flags = {p.name: p.flag for p in registry.parameters(UsageParams)}
    assert flags["segments.min_users"] == flags["hexagons.min_users"] == "--min-users"
    assert flags["segments.tolerance_m"] == "--tolerance" and flags["hexagons.resolution"] == "--h3"
    assert {flags[f"filters.{f}"] for f in ("types", "date_from", "date_to", "days")} == {
        "--type",
        "--from",
        "--to",
        "--days",
    }
    assert (flags["filters.day_parts"], flags["filters.months"]) == ("--day-part", "--month")
    months = next(p for p in registry.parameters(UsageParams) if p.name == "filters.months")
    assert (months.at_least, months.at_most, months.type) == (1, 12, "list[int]")
    assert "streets_layer" not in flags
    usage = registry.get("usage")
    described = registry.describe(usage)
    assert [(s["key"], s["flag"], s["required"]) for s in described["slots"]] == [
        ("streets", "--streets", True)
    ]
    assert usage.prefix_flag == "--save-as" and not usage.in_report
    assert usage.way_out is not None and "--day-part" in usage.way_out
    heatmap = registry.get("heatmap")
    assert heatmap.slots == () and heatmap.prefix_flag == "--save-as" and not heatmap.in_report
    heat_flags = {p.name: p.flag for p in registry.parameters(ActivityHeatmapParams)}
    assert heat_flags["mode"] == "--mode" and heat_flags["measure"] == "--measure"
    assert heat_flags["drop_stops"] is None and heat_flags["filters.types"] == "--type"
    assert all(p.help for p in registry.parameters(ActivityHeatmapParams))
    assert all(p.help for p in registry.parameters(UsageParams))


def test_a_month_out_of_range_names_its_flag() -> None:
    from analysis.errors import ParameterError

    with pytest.raises(ParameterError, match="--month: must be at most 12, got 13"):
        ActivityFilter(months=(1, 13))
