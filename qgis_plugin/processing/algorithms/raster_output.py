"""Write an algorithm's raster: a float32 GeoTIFF with no-data, its unit and its parameters.

GDAL (``osgeo.gdal``, which every QGIS ships) writes it, as the core's
``analysis/io/geotiff.py`` does with rasterio: tiled, compressed, with averaged
overviews when large, the unit as the band's unit type and as metadata.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from osgeo import gdal
from qgis.core import QgsProcessingException

from analysis.kernels.grid import Grid

from ...i18n import tr

NODATA = -9999.0
"""The no-data value, as QGIS's Heatmap writes it."""
MAX_CELLS = 100_000_000
"""Larger rasters need gigabytes of memory: ask for a larger pixel instead."""
_OVERVIEW_FACTORS = (2, 4, 8, 16, 32)


def check_grid_size(grid: Grid) -> None:
    """Raise if ``grid`` has more than ``MAX_CELLS`` cells, saying what to change.

    Raises
    ------
    QgsProcessingException
        If the raster would be too large to compute in memory.
    """
    if grid.rows * grid.cols > MAX_CELLS:
        raise QgsProcessingException(
            tr(
                "The raster would have {cols} x {rows} cells of {pixel:g} m, more than "
                "{limit:,}: choose a larger pixel size or a smaller area."
            ).format(cols=grid.cols, rows=grid.rows, pixel=grid.pixel, limit=MAX_CELLS)
        )


def write_raster(
    path: str | Path,
    values: np.ndarray,
    grid: Grid,
    crs_wkt: str,
    *,
    unit: str,
    description: str,
    metadata: Mapping[str, object] | None = None,
) -> Path:
    """Write ``values`` (``grid.shape``, NaN = no data) as a float32 GeoTIFF.

    Parameters
    ----------
    path
        The GeoTIFF to write; written to a hidden temporary name beside it first
        and renamed, so that a reader never sees half a file.
    values
        The cell values, row 0 northernmost; NaN cells become ``NODATA``.
    grid
        Where the cells are.
    crs_wkt
        The CRS, as WKT.
    unit
        What a value means, e.g. "tracks per 10 m cell": the band's unit type and
        the ``UNIT`` metadata item.
    description
        The band description.
    metadata
        Further metadata items (keys upper-cased), e.g. the parameters.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    QgsProcessingException
        If GDAL cannot write the file.
    """
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    data = np.where(np.isnan(values), NODATA, values).astype(np.float32)
    driver = gdal.GetDriverByName("GTiff")
    options = [
        "TILED=YES",
        "BLOCKXSIZE=256",
        "BLOCKYSIZE=256",
        # ZSTD at level 1 writes 3x faster than DEFLATE at the same size, where GDAL has it.
        *(["COMPRESS=ZSTD", "ZSTD_LEVEL=1"] if _has_zstd(driver) else ["COMPRESS=DEFLATE"]),
        "PREDICTOR=3",
        "BIGTIFF=IF_SAFER",
    ]
    dataset = driver.Create(str(partial), grid.cols, grid.rows, 1, gdal.GDT_Float32, options)
    if dataset is None:
        raise _write_error(path)
    dataset.SetGeoTransform(grid.gdal_transform)
    dataset.SetProjection(crs_wkt)
    dataset.SetMetadata({"UNIT": unit, **{k.upper(): str(v) for k, v in (metadata or {}).items()}})
    band = dataset.GetRasterBand(1)
    band.SetNoDataValue(NODATA)
    band.SetUnitType(unit)
    band.SetDescription(description)
    failed = band.WriteArray(data) != gdal.CE_None
    factors = [f for f in _OVERVIEW_FACTORS if min(grid.rows, grid.cols) // f >= 64]
    if factors and not failed:
        failed = dataset.BuildOverviews("AVERAGE", factors) != gdal.CE_None
    dataset.FlushCache()
    del band, dataset  # closes the file
    if failed:
        partial.unlink(missing_ok=True)
        raise _write_error(path)
    os.replace(partial, path)
    return path


def _has_zstd(driver: gdal.Driver) -> bool:
    return "ZSTD" in (driver.GetMetadataItem("DMD_CREATIONOPTIONLIST") or "")


def _write_error(path: Path) -> QgsProcessingException:
    return QgsProcessingException(
        tr("Cannot write the raster {path}: {reason}").format(
            path=path, reason=gdal.GetLastErrorMsg() or tr("GDAL gave no reason")
        )
    )
