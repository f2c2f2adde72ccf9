"""GeoTIFF rasters into a workspace: real values, nodata, CRS kept or warped, bad files."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from pyproj import Transformer

from analysis.errors import InputError
from analysis.io.rasters import RasterImportParams, import_rasters
from analysis.workspace import DatasetKind, Workspace
from tests.analysis.test_import_datasets import rejections


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path / "miasto.gpkg")


def write_tif(
    path: Path,
    data: np.ndarray,
    crs: str | None = "EPSG:2180",
    origin: tuple[float, float] = (560_000.0, 388_000.0),
    pixel: float = 10.0,
    nodata: float | None = None,
    scale: float = 1.0,
    offset: float = 0.0,
) -> Path:
    bands = data if data.ndim == 3 else data[None]
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=bands.shape[2],
        height=bands.shape[1],
        count=bands.shape[0],
        dtype=bands.dtype,
        crs=crs,
        nodata=nodata,
        transform=Affine(pixel, 0.0, origin[0], 0.0, -pixel, origin[1]),
    ) as dst:
        dst.write(bands)
        if scale != 1.0 or offset != 0.0:
            dst.scales = (scale,) * bands.shape[0]
            dst.offsets = (offset,) * bands.shape[0]
    return path


def stored(ws: Workspace, name: str) -> rasterio.io.DatasetReader:
    return rasterio.open(ws.raster_file(name))


def test_a_float_heatmap_is_kept_tiled_with_overviews(ws: Workspace, tmp_path: Path) -> None:
    data = np.random.default_rng(1).gamma(2.0, 3.0, (1024, 1024)).astype(np.float32)
    data[:100, :] = -9999.0
    path = write_tif(tmp_path / "heatmapa.tif", data, nodata=-9999.0)
    summary = import_rasters(ws, [path])
    assert (summary.datasets, summary.imported) == (["heatmapa"], 1)
    entry = ws.entry("heatmapa")
    assert entry.kind is DatasetKind.RASTER and entry.crs == "EPSG:2180"
    assert entry.extent == (560_000.0, 377_760.0, 570_240.0, 388_000.0)
    assert entry.sources[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    with stored(ws, "heatmapa") as src:
        assert src.profile["tiled"] and (src.profile["blockxsize"], src.profile["blockysize"]) == (
            256,
            256,
        )
        assert src.overviews(1) == [2, 4]
        assert src.dtypes == ("float32",) and src.nodata == -9999.0
        np.testing.assert_array_equal(src.read(1), data)
    quality = entry.quality
    assert quality["crs"] == "kept" and quality["source_crs"] == "EPSG:2180"
    assert quality["nodata"] == -9999.0
    assert quality["nodata_share"] == pytest.approx(100 / 1024, abs=1e-4)
    assert quality["value_min"] == pytest.approx(float(data[100:].min()), rel=1e-6)
    assert quality["value_max"] == pytest.approx(float(data[100:].max()), rel=1e-6)


def test_scale_and_offset_give_real_values_and_nodata_is_kept(
    ws: Workspace, tmp_path: Path
) -> None:
    raw = (np.arange(300 * 200) % 1000).astype(np.uint16).reshape(300, 200)
    raw[:, :20] = 65535
    path = write_tif(tmp_path / "temp.tif", raw, nodata=65535, scale=0.01, offset=-5.0)
    import_rasters(ws, [path])
    with stored(ws, "temp") as src:
        assert src.scales == (1.0,) and src.offsets == (0.0,)
        values = src.read(1, masked=True)
        assert src.nodata == 65535.0
    expected = raw.astype(np.float64) * 0.01 - 5.0
    np.testing.assert_array_equal(values.mask, raw == 65535)
    np.testing.assert_allclose(values.compressed(), expected[raw != 65535], atol=1e-5)
    quality = ws.entry("temp").quality
    assert quality["scale_offset_applied"] is True
    assert (quality["value_min"], quality["value_max"]) == (-4.8, 4.99)  # raw 20 and 999
    assert quality["nodata_share"] == 0.1


def test_nodata_becomes_nan_when_scaling_would_make_it_a_real_value(
    ws: Workspace, tmp_path: Path
) -> None:
    raw = np.array([[0, 1, 2], [3, 4, 5]], dtype=np.uint8)  # 1 * 10 - 10 = 0 = nodata
    path = write_tif(tmp_path / "kolizja.tif", raw, nodata=0, scale=10.0, offset=-10.0)
    import_rasters(ws, [path])
    with stored(ws, "kolizja") as src:
        assert np.isnan(src.nodata)
        values = src.read(1, masked=True)
    assert values.mask.tolist() == [[True, False, False], [False, False, False]]
    assert values.compressed().tolist() == [0.0, 10.0, 20.0, 30.0, 40.0]
    assert ws.entry("kolizja").quality["nodata"] == "NaN"


def wgs84_heatmap(tmp_path: Path) -> tuple[Path, np.ndarray]:
    """A 4326 raster over the sample city area: value = column index, a nodata block."""
    data = np.tile(np.arange(200, dtype=np.float32), (150, 1))
    data[50:80, 50:80] = -1.0
    path = write_tif(
        tmp_path / "wgs.tif",
        data,
        crs="EPSG:4326",
        origin=(19.85, 51.36),
        pixel=0.0005,
        nodata=-1.0,
    )
    return path, data


def test_another_crs_is_kept_and_recorded(ws: Workspace, tmp_path: Path) -> None:
    path, data = wgs84_heatmap(tmp_path)
    import_rasters(ws, [path])
    entry = ws.entry("wgs")
    assert entry.crs == "EPSG:4326" and entry.quality["crs"] == "kept"
    with stored(ws, "wgs") as src:
        np.testing.assert_array_equal(src.read(1), data)


def test_another_crs_is_warped_to_the_workspace_crs(ws: Workspace, tmp_path: Path) -> None:
    path, _ = wgs84_heatmap(tmp_path)
    import_rasters(ws, [path], RasterImportParams(reproject=True))
    entry = ws.entry("wgs")
    assert entry.crs == "EPSG:2180"
    assert (entry.quality["crs"], entry.quality["source_crs"]) == ("reprojected", "EPSG:4326")
    to_2180 = Transformer.from_crs("EPSG:4326", "EPSG:2180", always_xy=True)
    with stored(ws, "wgs") as src:
        assert src.dtypes == ("float32",) and src.nodata == -1.0
        band = src.read(1, masked=True)
        for col, row in [(10, 10), (120, 100), (190, 140)]:  # pixel centres of the source
            lon, lat = 19.85 + (col + 0.5) * 0.0005, 51.36 - (row + 0.5) * 0.0005
            c, r = (int(v) for v in ~src.transform @ to_2180.transform(lon, lat))
            assert band[r, c] == pytest.approx(col, abs=0.6)
        lon, lat = 19.85 + 65 * 0.0005, 51.36 - 65 * 0.0005  # in the nodata block
        c, r = (int(v) for v in ~src.transform @ to_2180.transform(lon, lat))
        assert band.mask[r, c]


def test_a_geotiff_without_crs_needs_one(ws: Workspace, tmp_path: Path) -> None:
    path = write_tif(tmp_path / "bez_ukladu.tif", np.ones((20, 20), np.float32), crs=None)
    summary = import_rasters(ws, [path])
    assert rejections(summary)["bez_ukladu.tif"] == [
        ("", "the GeoTIFF has no CRS: give one with --crs EPSG:NNNN")
    ]
    import_rasters(ws, [path], RasterImportParams(crs="EPSG:2180"))
    entry = ws.entry("bez_ukladu")
    assert entry.crs == "EPSG:2180" and entry.quality["crs_given"] == "EPSG:2180"


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")  # writing it
def test_bad_rasters_are_rejected_and_the_others_go_on(ws: Workspace, tmp_path: Path) -> None:
    good = write_tif(tmp_path / "dobry.tif", np.ones((600, 600), np.float32))
    (tmp_path / "smieci.tif").write_bytes(b"II*\x00" + b"\x13" * 500)
    (tmp_path / "uciety.tif").write_bytes(good.read_bytes()[:5000])
    (tmp_path / "pusty.tif").write_bytes(b"")
    with rasterio.open(
        tmp_path / "bez_georef.tif", "w", driver="GTiff", width=4, height=4, count=1, dtype="uint8"
    ) as dst:
        dst.write(np.ones((1, 4, 4), np.uint8))
    write_tif(tmp_path / "same_nodata.tif", np.full((8, 8), -9999, np.float32), nodata=-9999)
    before = ws.entries()
    summary = import_rasters(ws, [tmp_path])
    assert summary.datasets == ["dobry"]
    found = rejections(summary)
    assert set(found) == {
        "smieci.tif",
        "uciety.tif",
        "pusty.tif",
        "bez_georef.tif",
        "same_nodata.tif",
    }
    assert found["same_nodata.tif"] == [("", "every pixel is nodata")]
    assert "not georeferenced" in found["bez_georef.tif"][0][1]
    assert all(reason for [(_, reason)] in found.values())
    assert len(ws.entries()) == len(before) + 1


def test_zip_and_folder_arguments_and_reimport(ws: Workspace, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    one = write_tif(tmp_path / "src" / "a.tif", np.ones((10, 10), np.float32))
    archive = tmp_path / "dostawca.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(one, "mapy/lipiec.tif")
        zf.write(one, "mapy/sierpien.tiff")
    summary = import_rasters(ws, [archive, tmp_path / "src"])
    assert summary.datasets == ["dostawca_lipiec", "dostawca_sierpien", "a"]
    again = import_rasters(ws, [archive, tmp_path / "src"])
    assert (again.imported, again.skipped) == (0, 3)
    files = sorted(p.name for p in ws.raster_dir.iterdir())
    assert len(files) == 3


def test_the_layer_parameter_is_for_one_raster(ws: Workspace, tmp_path: Path) -> None:
    one = write_tif(tmp_path / "a.tif", np.ones((10, 10), np.float32))
    import_rasters(ws, [one], RasterImportParams(layer="upal"))
    assert ws.entry("upal").kind is DatasetKind.RASTER
    write_tif(tmp_path / "b.tif", np.ones((10, 10), np.float32))
    with pytest.raises(InputError, match="names one dataset, but the input holds 2 rasters"):
        import_rasters(ws, [tmp_path], RasterImportParams(layer="upal"))


def test_a_raster_far_from_the_workspace_area_is_flagged(ws: Workspace, tmp_path: Path) -> None:
    path = write_tif(
        tmp_path / "paryz.tif",
        np.ones((10, 10), np.float32),
        crs="EPSG:4326",
        origin=(2.35, 48.85),
        pixel=0.001,
    )
    import_rasters(ws, [path])
    assert ws.entry("paryz").quality["outside_area"] is True
