"""H3 hexagon counts on hand-made tracks whose hexagons are known."""

from __future__ import annotations

import geopandas as gpd
import h3
import pytest
import shapely
from pyproj import Transformer

from analysis.errors import InputError
from analysis.heatmap.hexagons import HexUsageParams, hex_usage

TO_2180 = Transformer.from_crs("EPSG:4326", "EPSG:2180", always_xy=True)
HOME = h3.latlng_to_cell(52.23, 21.01, 8)  # Warsaw


def centre(cell: str) -> tuple[float, float]:
    lat, lon = h3.cell_to_latlng(cell)
    return TO_2180.transform(lon, lat)


def tracks(rows: list[tuple[str, list[tuple[float, float]]]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"user_id": [u for u, _ in rows]},
        geometry=[shapely.LineString(xy) for _, xy in rows],
        crs="EPSG:2180",
    )


def test_each_track_counts_once_per_hexagon_it_passes_through() -> None:
    a = HOME
    b, c = sorted(h3.grid_ring(a, 1))[:2]
    ax, ay = centre(a)
    near_a = [(ax - 50, ay), (ax + 50, ay), (ax - 50, ay + 20), (ax + 50, ay + 20)]  # a loop in a
    rows = [(f"u{i}", [centre(a), centre(b)]) for i in range(6)]  # a -> b, six people
    rows += [(f"u{i}", near_a) for i in range(3)]  # three of them ride again, only in a
    rows += [("w1", [centre(c), (centre(c)[0] + 30, centre(c)[1])]), ("w2", near_a[:2])]
    result = hex_usage(tracks(rows), HexUsageParams(min_users=0))
    got = result.hexagons.set_index("h3")
    assert got.loc[a, "activities"] == 6 + 3 + 1 and got.loc[a, "users"] == 7
    assert got.loc[b, "activities"] == 6 and got.loc[b, "users"] == 6
    assert got.loc[c, "activities"] == 1 and got.loc[c, "users"] == 1
    assert set(got.index) == {a, b, c}
    assert got.loc[a, "area_km2"] == pytest.approx(h3.cell_area(a, "km^2"))
    assert got.geometry.loc[a].contains(shapely.Point(centre(a)))
    assert result.hexagons.crs == "EPSG:2180"

    private = hex_usage(tracks(rows), HexUsageParams(min_users=5)).hexagons
    assert set(private["h3"]) == {a, b}  # c reflects one person


def test_resolution_is_honoured() -> None:
    rows = [(f"u{i}", [centre(HOME), (centre(HOME)[0] + 10, centre(HOME)[1])]) for i in range(5)]
    fine = hex_usage(tracks(rows), HexUsageParams(resolution=10, min_users=5)).hexagons
    assert [h3.get_resolution(h) for h in fine["h3"]] == [10]
    assert h3.cell_to_parent(fine["h3"].iloc[0], 8) == HOME


def test_tracks_in_degrees_are_refused() -> None:
    with pytest.raises(InputError, match="metric CRS"):
        hex_usage(
            tracks([("u", [(0, 0), (1, 1)])]).set_crs(4326, allow_override=True), HexUsageParams()
        )
