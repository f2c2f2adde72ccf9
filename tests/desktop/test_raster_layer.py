"""A heatmap's colour scale spans its true range, and its legends print numbers as the UI does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtGui import QImage, QPainter

from desktop import i18n
from desktop.map import RasterLayer
from desktop.map import raster as raster_module
from desktop.map.overlay import draw_legend

X0, Y0 = 530_000.0, 390_000.0
PEAK = (517, 771)
"""Where the one highest cell is: off every 4th row and column a decimated read keeps."""


def _values() -> np.ndarray:
    values = np.full((1024, 1024), np.nan)
    values[200:900, 100:1000] = 5.0
    values[300:400, 300:400] = 40.0
    values[PEAK] = 900.0
    return values


def _ours(path: Path) -> Path:
    """The heatmap as the core writes it, statistics in the band's metadata."""
    from analysis.io.geotiff import write_geotiff
    from analysis.kernels.grid import Grid

    grid = Grid(X0, Y0, 10.0, 1024, 1024)
    return write_geotiff(path, _values(), grid, "EPSG:2180", unit="activities per 10 m cell")


def _foreign(path: Path, **band_tags: str) -> Path:
    """The heatmap as another program writes it: striped, with ``band_tags`` or none."""
    import rasterio
    from affine import Affine

    data = np.nan_to_num(_values(), nan=-1.0).astype(np.float32)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=1024,
        height=1024,
        count=1,
        dtype="float32",
        crs="EPSG:2180",
        nodata=-1.0,
        transform=Affine(10.0, 0.0, X0, 0.0, -10.0, Y0),
    ) as dst:
        dst.write(data, 1)
        if band_tags:
            dst.update_tags(1, **band_tags)
    return path


@pytest.mark.parametrize(
    ("write", "band_tags"),
    [
        (_ours, {}),
        (_foreign, {}),
        (_foreign, {"STATISTICS_MINIMUM": "0", "STATISTICS_MAXIMUM": "900"}),
        (
            _foreign,
            {
                "STATISTICS_MINIMUM": "5",
                "STATISTICS_MAXIMUM": "40",
                "STATISTICS_APPROXIMATE": "YES",
            },
        ),
    ],
    ids=["own statistics", "none", "minimum not positive", "approximate"],
)
def test_the_scale_ends_at_the_one_highest_cell(
    write: Any, band_tags: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rasterio

    monkeypatch.setattr(raster_module, "STRIP_CELLS", 100_000)  # several strips
    tif = write(tmp_path / "heat.tif", **band_tags)
    with rasterio.open(tif) as src:
        decimated = src.read(1, masked=True, out_shape=(256, 256))
    assert decimated.max() < 900  # what the old sample saw
    layer = RasterLayer("heat", tif, crs="EPSG:2180")
    assert (layer.vmin, layer.vmax) == (5.0, 900.0)
    assert layer.legend()[0][0] == pytest.approx(5.0)
    assert layer.legend()[-1][0] == pytest.approx(900.0)
    assert layer.log_scale
    assert sorted(p.name for p in tmp_path.iterdir()) == ["heat.tif"]  # no .aux.xml


def test_a_raster_without_positive_values_gets_a_unit_range(tmp_path: Path) -> None:
    from analysis.io.geotiff import write_geotiff
    from analysis.kernels.grid import Grid

    tif = write_geotiff(
        tmp_path / "zero.tif",
        np.zeros((8, 8)),
        Grid(X0, Y0, 10.0, 8, 8),
        "EPSG:2180",
        unit="activities per 10 m cell",
    )
    layer = RasterLayer("zero", tif, crs="EPSG:2180")
    assert (layer.vmin, layer.vmax) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", ["0,125", "5,23", "52", "900", "1\u00a0000", "12\u00a0346"]),
        ("en", ["0.125", "5.23", "52", "900", "1\u00a0000", "12\u00a0346"]),
    ],
)
def test_legend_values_are_whole_from_ten_and_in_the_ui_language(
    language: str, expected: list[str], tmp_path: Path
) -> None:
    layer = RasterLayer("heat", _ours(tmp_path / "heat.tif"), crs="EPSG:2180")
    values = [0.125, 5.234, 52.3, 900.0, 1000.0, 12345.6]
    assert [layer.value_label(v, language) for v in values] == expected


class _Recorder(QPainter):
    """A painter that notes the texts it draws."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.texts: list[str] = []

    def drawText(self, *args: Any) -> None:
        self.texts.append(str(args[-1]))
        super().drawText(*args)


@pytest.mark.parametrize(
    ("language", "values", "unit"),
    [
        ("pl", ["5", "67", "900"], "aktywności na komórkę 10 m"),
        ("en", ["5", "67", "900"], "activities per 10 m cell"),
    ],
)
def test_the_map_legend_prints_the_true_range(
    qtbot: Any, language: str, values: list[str], unit: str, tmp_path: Path
) -> None:
    i18n.install(language)
    layer = RasterLayer("heat", _ours(tmp_path / "heat.tif"), crs="EPSG:2180", title="Heat")
    image = QImage(400, 300, QImage.Format.Format_ARGB32)
    painter = _Recorder(image)
    draw_legend(painter, layer, 400, 300)
    painter.end()
    assert painter.texts == ["Heat", *values, unit]


def test_polish_legend_of_fractions_has_decimal_commas(qtbot: Any, tmp_path: Path) -> None:
    from analysis.io.geotiff import write_geotiff
    from analysis.kernels.grid import Grid

    i18n.install("pl")
    values = np.array([[0.5, 2.0], [8.0, np.nan]])
    tif = write_geotiff(
        tmp_path / "share.tif",
        values,
        Grid(X0, Y0, 10.0, 2, 2),
        "EPSG:2180",
        unit="activities per 10 m cell",
    )
    image = QImage(400, 300, QImage.Format.Format_ARGB32)
    painter = _Recorder(image)
    draw_legend(painter, RasterLayer("share", tif, crs="EPSG:2180"), 400, 300)
    painter.end()
    assert painter.texts[1:4] == ["0,5", "2", "8"]
