"""The "Heatmap (fast kernel density)" and "Track density" algorithms, run as a user would.

Layers are small memory layers in EPSG:2180 built here; rasters are read back with GDAL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import processing
import pytest
from osgeo import gdal, osr
from qgis.core import (
    QgsApplication,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsRasterLayer,
    QgsVectorLayer,
)

from qgis_plugin.processing.algorithms import point_heatmap

pytestmark = pytest.mark.usefixtures("plugin")

HEATMAP = "urbanista:pointheatmap"
TRACKS = "urbanista:trackdensity"
QGIS_HEATMAP = "qgis:heatmapkerneldensityestimation"
KERNELS = ["quartic", "triangular", "uniform", "triweight", "epanechnikov"]
"""Our KERNEL options, in QGIS's order: the same index means the same kernel."""
X0, Y0 = 500_000.0, 400_000.0
"""A corner of the tracks' test area in EPSG:2180, on the 10 m grid."""


@dataclass(frozen=True)
class Raster:
    """A single-band raster read back: NaN where it has no data."""

    values: np.ndarray
    transform: tuple[float, ...]
    crs: str
    unit: str
    description: str
    metadata: dict[str, str]

    def at(self, x: float, y: float) -> float:
        """The value of the cell holding ``(x, y)``."""
        left, pixel, _, top, _, _ = self.transform
        return float(self.values[int((top - y) // pixel), int((x - left) // pixel)])

    def shown(self) -> np.ndarray:
        """The values of the cells with data."""
        return self.values[np.isfinite(self.values)]


def read_raster(path: str | Path) -> Raster:
    dataset = gdal.Open(str(path))
    band = dataset.GetRasterBand(1)
    values = band.ReadAsArray().astype(float)
    assert band.DataType == gdal.GDT_Float32
    values[values == band.GetNoDataValue()] = np.nan
    return Raster(
        values,
        dataset.GetGeoTransform(),
        dataset.GetProjection(),
        band.GetUnitType(),
        band.GetDescription(),
        dataset.GetMetadata(),
    )


def point_layer(
    xy: np.ndarray, crs: str = "EPSG:2180", **fields: list[Any] | np.ndarray
) -> QgsVectorLayer:
    """A memory point layer; ``fields`` are columns, float or string by their values."""
    kinds = {name: "string" if isinstance(v[0], str) else "double" for name, v in fields.items()}
    spec = "".join(f"&field={name}:{kind}" for name, kind in kinds.items())
    layer = QgsVectorLayer(f"Point?crs={crs}{spec}", "punkty", "memory")
    features = []
    for i, (x, y) in enumerate(xy):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(x), float(y))))
        feature.setAttributes([_plain(values[i]) for values in fields.values()])
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    layer.updateExtents()
    return layer


def line_layer(
    wkts: list[str], users: list[str] | None = None, crs: str = "EPSG:2180"
) -> QgsVectorLayer:
    """A memory line layer of tracks, one per WKT, with a ``user_id`` field when given."""
    field = "&field=user_id:string" if users is not None else ""
    layer = QgsVectorLayer(f"MultiLineString?crs={crs}{field}", "trasy", "memory")
    features = []
    for i, wkt in enumerate(wkts):
        feature = QgsFeature(layer.fields())
        geometry = QgsGeometry.fromWkt(wkt)
        assert not geometry.isNull(), wkt
        geometry.convertToMultiType()
        feature.setGeometry(geometry)
        feature.setAttributes([users[i]] if users is not None else [])
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    layer.updateExtents()
    return layer


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def clustered_points(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.uniform([560_000, 380_000], [561_500, 381_000], (6, 2))
    return centres[rng.integers(0, 6, n)] + rng.normal(0, 60, (n, 2))


def run_heatmap(layer: QgsVectorLayer, out: Path, **parameters: Any) -> Raster:
    result = processing.run(HEATMAP, {"INPUT": layer, "OUTPUT": str(out), **parameters})
    assert result["OUTPUT"] == str(out)
    return read_raster(out)


def run_tracks(layer: QgsVectorLayer, out: Path, **parameters: Any) -> Raster:
    result = processing.run(TRACKS, {"INPUT": layer, "OUTPUT": str(out), **parameters})
    assert result["OUTPUT"] == str(out)
    return read_raster(out)


def qgis_heatmap(layer: QgsVectorLayer, out: Path, **parameters: Any) -> Raster:
    processing.run(
        QGIS_HEATMAP, {"INPUT": layer, "OUTPUT_VALUE": 0, "OUTPUT": str(out), **parameters}
    )
    return read_raster(out)


# The provider ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("algorithm_id", "name"),
    [
        (HEATMAP, "Heatmap (fast kernel density)"),
        (TRACKS, "Track density (distinct tracks per cell)"),
    ],
)
def test_the_provider_registers_the_algorithm_in_heatmaps(algorithm_id: str, name: str) -> None:
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)

    assert algorithm is not None
    assert algorithm.displayName() == name
    assert algorithm.group() == "Heatmaps"
    assert "metres" in algorithm.shortHelpString()


@pytest.mark.parametrize("algorithm_id", [HEATMAP, TRACKS])
def test_a_temporary_output_is_a_geotiff_qgis_opens(algorithm_id: str) -> None:
    layer = metric_and_degree_layers("EPSG:2180")[algorithm_id]

    result = processing.run(algorithm_id, {"INPUT": layer, "OUTPUT": "TEMPORARY_OUTPUT"})

    raster = QgsRasterLayer(result["OUTPUT"], "out", "gdal")
    assert result["OUTPUT"].endswith(".tif")
    assert raster.isValid()
    assert raster.crs().authid() == "EPSG:2180"
    assert raster.dataProvider().sourceNoDataValue(1) == -9999


# Heatmap (fast kernel density) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kernel", "radius", "pixel"),
    [
        ("quartic", 100.0, 5.0),
        ("quartic", 50.0, 5.0),
        ("triweight", 100.0, 5.0),
        ("epanechnikov", 100.0, 5.0),
    ],
)
def test_heatmap_equals_qgis_heatmap_cell_by_cell(
    tmp_path: Path, kernel: str, radius: float, pixel: float
) -> None:
    layer = point_layer(clustered_points(1_500, seed=1))
    common = {"RADIUS": radius, "PIXEL_SIZE": pixel, "KERNEL": KERNELS.index(kernel)}

    qgis = qgis_heatmap(layer, tmp_path / "qgis.tif", **common)
    ours = run_heatmap(layer, tmp_path / "ours.tif", MATCH_QGIS=True, **common)

    assert ours.values.shape == qgis.values.shape
    assert ours.transform == pytest.approx(qgis.transform)
    expected, got = np.nan_to_num(qgis.values), np.nan_to_num(ours.values)
    assert np.abs(got - expected).max() <= 0.01 * expected.max()


def test_heatmap_with_weight_and_radius_fields_equals_qgis_heatmap(tmp_path: Path) -> None:
    xy = clustered_points(800, seed=2)
    rng = np.random.default_rng(2)
    layer = point_layer(xy, w=rng.uniform(0.5, 3.0, len(xy)), r=rng.choice([60.0, 100.0], len(xy)))
    common = {"RADIUS": 10.0, "PIXEL_SIZE": 5.0, "WEIGHT_FIELD": "w", "RADIUS_FIELD": "r"}

    qgis = qgis_heatmap(layer, tmp_path / "qgis.tif", **common)
    ours = run_heatmap(layer, tmp_path / "ours.tif", MATCH_QGIS=True, **common)

    assert ours.values.shape == qgis.values.shape
    assert ours.transform == pytest.approx(qgis.transform)
    expected, got = np.nan_to_num(qgis.values), np.nan_to_num(ours.values)
    assert np.abs(got - expected).max() <= 0.01 * expected.max()


def test_heatmap_density_per_km2_integrates_to_the_points(tmp_path: Path) -> None:
    layer = point_layer(clustered_points(1_000, seed=3))

    ours = run_heatmap(layer, tmp_path / "km2.tif", RADIUS=100.0, PIXEL_SIZE=5.0, OUTPUT_VALUE=1)

    points = ours.shown().sum() * 5.0 * 5.0 / 1e6  # per km², on 25 m² cells
    assert points == pytest.approx(1_000, rel=0.01)
    assert ours.unit == ours.metadata["UNIT"] == "points per km2"


def test_heatmap_states_its_unit_crs_and_parameters(tmp_path: Path) -> None:
    layer = point_layer(clustered_points(200, seed=4))

    ours = run_heatmap(layer, tmp_path / "raw.tif", RADIUS=80.0, PIXEL_SIZE=4.0)

    assert ours.unit == ours.metadata["UNIT"] == "kernel-weighted points (QGIS raw)"
    assert ours.description == "Heatmap of punkty: quartic kernel, radius 80 m, 4 m pixels"
    assert (ours.metadata["RADIUS_M"], ours.metadata["PIXEL_M"]) == ("80.0", "4.0")
    assert ours.metadata["POINTS"] == "200"
    assert osr.SpatialReference(ours.crs).GetAuthorityCode(None) == "2180"
    # No data beyond the reach of every point, as QGIS leaves it; the two disagree only at
    # the edge of that reach (binning spreads a point over a pixel), on negligible values.
    qgis = qgis_heatmap(layer, tmp_path / "qgis.tif", RADIUS=80.0, PIXEL_SIZE=4.0)
    differ = np.isnan(ours.values) != np.isnan(qgis.values)
    assert differ.mean() < 0.02
    edge = np.nan_to_num(np.where(differ, np.fmax(ours.values, qgis.values), 0.0))
    assert edge.max() < 0.001 * np.nanmax(qgis.values)


def test_heatmap_hides_cells_with_fewer_than_k_users(tmp_path: Path) -> None:
    """Two clusters far apart: of 3 users and of 6 users, with k = 5."""
    rng = np.random.default_rng(5)
    few, many = (X0 + 200, Y0 + 200), (X0 + 1_200, Y0 + 200)
    xy = np.concatenate([few + rng.normal(0, 3, (30, 2)), many + rng.normal(0, 3, (60, 2))])
    users = [f"u{i % 3}" for i in range(30)] + [f"v{i % 6}" for i in range(60)]
    layer = point_layer(xy, user=users)
    common = {"RADIUS": 100.0, "PIXEL_SIZE": 10.0, "USER_FIELD": "user"}

    private = run_heatmap(layer, tmp_path / "k5.tif", MIN_USERS=5, **common)
    public = run_heatmap(layer, tmp_path / "k0.tif", MIN_USERS=0, **common)

    assert np.isnan(private.at(*few))
    assert private.at(*many) == pytest.approx(public.at(*many))
    assert public.at(*few) > 0
    assert private.description.endswith("; cells with fewer than 5 distinct user values hidden")
    # Without a user field, k does not apply.
    plain = run_heatmap(layer, tmp_path / "plain.tif", MIN_USERS=5, RADIUS=100.0, PIXEL_SIZE=10.0)
    assert plain.at(*few) == pytest.approx(public.at(*few))


def test_a_residents_layer_is_k_anonymised_even_without_a_user_field(tmp_path: Path) -> None:
    """A workspace's activity points (``user_id``): no plain density of one person."""
    rng = np.random.default_rng(8)
    few, many = (X0 + 200, Y0 + 200), (X0 + 1_200, Y0 + 200)
    xy = np.concatenate([few + rng.normal(0, 3, (30, 2)), many + rng.normal(0, 3, (60, 2))])
    users = ["one"] * 30 + [f"v{i % 6}" for i in range(60)]
    layer = point_layer(xy, user_id=users)
    raster = run_heatmap(layer, tmp_path / "auto.tif", RADIUS=100.0, PIXEL_SIZE=10.0)
    assert np.isnan(raster.at(*few)) and raster.at(*many) > 0
    assert raster.description.endswith("cells with fewer than 5 distinct user_id values hidden")
    lines = line_layer([f"LineString({X0} {Y0 + 5}, {X0 + 300} {Y0 + 5})"] * 4, ["one"] * 4)
    density = run_tracks(lines, tmp_path / "lines.tif", PIXEL_SIZE=10.0)
    assert density.shown().size == 0  # four tracks of one person: nothing shows


# Track density -----------------------------------------------------------------------------


def test_two_crossing_tracks_count_two_where_they_cross(tmp_path: Path) -> None:
    east = f"LineString({X0 + 5} {Y0 + 55}, {X0 + 95} {Y0 + 55})"
    north = f"LineString({X0 + 45} {Y0 + 5}, {X0 + 45} {Y0 + 95})"

    raster = run_tracks(line_layer([east, north]), tmp_path / "cross.tif", PIXEL_SIZE=10.0)

    assert raster.at(X0 + 45, Y0 + 55) == 2
    assert raster.at(X0 + 15, Y0 + 55) == raster.at(X0 + 45, Y0 + 15) == 1
    assert np.isnan(raster.at(X0 + 15, Y0 + 15))
    assert sorted(raster.shown()) == [1] * 18 + [2]  # 10 cells each, one shared
    # The grid: multiples of 10 m, one pixel beyond the tracks.
    assert raster.transform == (X0 - 10, 10.0, 0.0, Y0 + 110, 0.0, -10.0)
    assert raster.values.shape == (12, 12)


def test_a_track_visiting_a_cell_twice_counts_once(tmp_path: Path) -> None:
    # There and back within one row of cells, and a second part over the same cells.
    there_and_back = (
        f"MultiLineString(({X0 + 5} {Y0 + 15}, {X0 + 35} {Y0 + 15}, {X0 + 35} {Y0 + 18}, "
        f"{X0 + 5} {Y0 + 18}), ({X0 + 8} {Y0 + 12}, {X0 + 32} {Y0 + 12}))"
    )
    other = f"LineString({X0 + 25} {Y0 + 11}, {X0 + 25} {Y0 + 19})"

    raster = run_tracks(line_layer([there_and_back, other]), tmp_path / "twice.tif")

    assert [raster.at(X0 + x, Y0 + 15) for x in (5, 15, 25, 35)] == [1, 1, 2, 1]
    assert raster.shown().sum() == 5
    assert raster.unit == raster.metadata["UNIT"] == "tracks per 10 m cell"
    assert raster.metadata["TRACKS"] == "2"


def test_group_counts_distinct_users_per_cell(tmp_path: Path) -> None:
    street = f"LineString({X0 + 5} {Y0 + 15}, {X0 + 45} {Y0 + 15})"
    branch = f"LineString({X0 + 25} {Y0 + 15}, {X0 + 25} {Y0 + 45})"
    layer = line_layer([street, street, street, branch], ["ala", "ala", "ola", "ala"])
    common = {"PIXEL_SIZE": 10.0, "GROUP_FIELD": "user_id", "MIN_GROUPS": 0}

    tracks = run_tracks(layer, tmp_path / "tracks.tif", MEASURE=0, **common)
    users = run_tracks(layer, tmp_path / "users.tif", MEASURE=1, **common)

    assert [tracks.at(X0 + x, Y0 + 15) for x in (5, 15, 25, 35, 45)] == [3, 3, 4, 3, 3]
    assert [users.at(X0 + x, Y0 + 15) for x in (5, 15, 25, 35, 45)] == [2, 2, 2, 2, 2]
    assert [users.at(X0 + 25, Y0 + y) for y in (25, 35, 45)] == [1, 1, 1]
    assert users.unit == "distinct user_id per 10 m cell"
    assert users.metadata["GROUPS"] == "2"


@pytest.mark.parametrize(("measure", "expected"), [(0, 6), (1, 5)])
def test_cells_with_fewer_than_k_groups_have_no_data(
    tmp_path: Path, measure: int, expected: int
) -> None:
    """Five users (one twice) on street A, two on street B; k = 3 hides B."""
    a = f"LineString({X0 + 5} {Y0 + 15}, {X0 + 45} {Y0 + 15})"
    b = f"LineString({X0 + 5} {Y0 + 75}, {X0 + 45} {Y0 + 75})"
    layer = line_layer([a] * 6 + [b] * 2, ["u1", "u2", "u3", "u4", "u5", "u5", "u6", "u7"])

    raster = run_tracks(
        layer, tmp_path / "k.tif", GROUP_FIELD="user_id", MIN_GROUPS=3, MEASURE=measure
    )

    assert [raster.at(X0 + x, Y0 + 15) for x in (5, 15, 25, 35, 45)] == [expected] * 5
    assert np.isnan([raster.at(X0 + x, Y0 + 75) for x in (5, 15, 25, 35, 45)]).all()
    assert raster.shown().size == 5
    assert raster.description.endswith("cells with fewer than 3 distinct user_id values hidden")


def test_k_applies_only_with_a_group_field(tmp_path: Path) -> None:
    b = f"LineString({X0 + 5} {Y0 + 75}, {X0 + 45} {Y0 + 75})"

    raster = run_tracks(line_layer([b]), tmp_path / "nok.tif", MIN_GROUPS=5)

    assert raster.shown().tolist() == [1] * 5


def test_counting_groups_without_a_group_field_is_refused(tmp_path: Path) -> None:
    layer = line_layer([f"LineString({X0} {Y0}, {X0 + 50} {Y0 + 50})"])

    with pytest.raises(QgsProcessingException, match="needs a group field"):
        processing.run(TRACKS, {"INPUT": layer, "MEASURE": 1, "OUTPUT": str(tmp_path / "t.tif")})


# Errors and cancellation ------------------------------------------------------------------


def metric_and_degree_layers(crs: str) -> dict[str, QgsVectorLayer]:
    lon, lat = (19.45, 51.76) if crs == "EPSG:4326" else (X0, Y0)
    return {
        HEATMAP: point_layer(np.array([[lon, lat], [lon + 0.01, lat]]), crs=crs),
        TRACKS: line_layer([f"LineString({lon} {lat}, {lon + 0.01} {lat + 0.01})"], crs=crs),
    }


@pytest.mark.parametrize("algorithm_id", [HEATMAP, TRACKS])
def test_a_layer_in_degrees_is_refused_saying_how_to_reproject(
    tmp_path: Path, algorithm_id: str
) -> None:
    layer = metric_and_degree_layers("EPSG:4326")[algorithm_id]
    out = tmp_path / "out.tif"

    with pytest.raises(QgsProcessingException) as caught:
        processing.run(algorithm_id, {"INPUT": layer, "PIXEL_SIZE": 10.0, "OUTPUT": str(out)})

    message = str(caught.value)
    assert "Layer punkty is in EPSG:4326" in message or "Layer trasy is in EPSG:4326" in message
    assert "degrees" in message
    assert "reproject the layer to a metric CRS such as EPSG:2180" in message
    assert not out.exists()


def test_a_pixel_too_small_for_the_area_is_refused(tmp_path: Path) -> None:
    layer = point_layer(np.array([[X0, Y0], [X0 + 5_000, Y0 + 5_000]]))

    with pytest.raises(QgsProcessingException, match="choose a larger pixel size"):
        run_heatmap(layer, tmp_path / "huge.tif", RADIUS=100.0, PIXEL_SIZE=0.1)


def many_tracks(n: int) -> QgsVectorLayer:
    return line_layer([f"LineString({X0 + i} {Y0}, {X0 + i} {Y0 + 100})" for i in range(n)])


@pytest.mark.parametrize("algorithm_id", [HEATMAP, TRACKS])
def test_a_cancelled_feedback_stops_before_reading(tmp_path: Path, algorithm_id: str) -> None:
    layer = metric_and_degree_layers("EPSG:2180")[algorithm_id]
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    out = tmp_path / "out.tif"

    with pytest.raises(QgsProcessingException, match="Cancelled: no raster was written"):
        processing.run(algorithm_id, {"INPUT": layer, "OUTPUT": str(out)}, feedback=feedback)

    assert not out.exists()


@pytest.mark.parametrize("algorithm_id", [HEATMAP, TRACKS])
def test_cancelling_while_reading_stops_the_algorithm(
    tmp_path: Path, algorithm_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user cancels at the first progress report, while the features are being read."""
    monkeypatch.setattr(point_heatmap, "CHUNK", 100)  # report progress every 100 points
    if algorithm_id == HEATMAP:
        layer = point_layer(clustered_points(3_000, seed=6))
    else:
        layer = many_tracks(3_000)  # progress every 1000 tracks
    feedback = QgsProcessingFeedback()
    progress: list[float] = []
    feedback.progressChanged.connect(progress.append)
    feedback.progressChanged.connect(lambda _: feedback.cancel())
    out = tmp_path / "out.tif"

    with pytest.raises(QgsProcessingException, match="Cancelled: no raster was written"):
        processing.run(algorithm_id, {"INPUT": layer, "OUTPUT": str(out)}, feedback=feedback)

    assert progress and max(progress) < 50
    assert not out.exists()
