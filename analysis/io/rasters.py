"""Import GeoTIFF rasters (activity heatmaps from vendors, elevation...) into a workspace.

Each GeoTIFF becomes a raster dataset: float32 real values (the file's
scale and offset applied), nodata kept, in its own CRS (recorded in the
catalogue) or warped to the workspace CRS. What the workspace stores is a
tiled, compressed GeoTIFF with overviews (GDAL's COG layout), so QGIS draws it
fast at every zoom. The raster is processed in strips, so memory stays bounded
by the strip, not by the raster.
"""

from __future__ import annotations

import logging
import tempfile
import warnings
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import InputError
from analysis.io.coords import workspace_area
from analysis.io.dataset_crs import parse_crs, short_crs
from analysis.io.dataset_inputs import InputFile, find_inputs, sidecar_metadata
from analysis.io.summary import ImportSummary
from analysis.progress import NullProgress, Progress, check_cancelled
from analysis.workspace import CatalogueEntry, DatasetKind, SourceFile, Workspace

if TYPE_CHECKING:
    from rasterio.io import DatasetReader

    from analysis.io.coords import Area
    from analysis.workspace import Transaction

log = logging.getLogger(__name__)

RASTER_SUFFIXES = (".tif", ".tiff", ".zip")
STRIP_PIXELS = 1 << 22
"""Pixels (over all bands) read and written at a time."""
GDAL_CACHE_MB = 128
"""GDAL's block cache while importing (by default 5% of the RAM, held on to)."""
COG_OPTIONS = {
    "COMPRESS": "DEFLATE",
    "PREDICTOR": "YES",
    "BLOCKSIZE": "256",
    "OVERVIEW_RESAMPLING": "AVERAGE",
    "BIGTIFF": "IF_SAFER",
}


@dataclass(frozen=True)
class RasterImportParams:
    """Options of :func:`import_rasters`."""

    layer: str | None = None
    """Name of the dataset, for a single raster."""
    crs: str | None = None
    """CRS of a GeoTIFF that declares none."""
    reproject: bool = False
    """Warp to the workspace CRS (else keep the raster's CRS, recorded in the catalogue)."""
    replace: bool = False
    """Replace a dataset of another kind (a vector layer, results) of the same name."""


@dataclass(frozen=True)
class _Target:
    """Where a raster goes: the workspace CRS and area, and what the user asked for."""

    crs: str
    area: Area
    given_crs: str | None
    reproject: bool


def import_rasters(
    workspace: Workspace,
    paths: Sequence[Path],
    params: RasterImportParams = RasterImportParams(),
    progress: Progress | None = None,
) -> ImportSummary:
    """Import every GeoTIFF of ``paths`` (files, folders, ZIP archives) in one transaction.

    Raises
    ------
    InputError
        If ``params`` is wrong: an unknown CRS, or a layer name for several rasters.
        Bad files do not raise: the summary says why they were rejected.
    """
    import rasterio
    from rasterio.errors import RasterioError

    progress = progress or NullProgress()
    given = parse_crs(params.crs) if params.crs else None
    summary = ImportSummary("rasters", str(workspace.path))
    inputs = find_inputs(paths, RASTER_SUFFIXES, summary,
                         exclude=[workspace.path, workspace.raster_dir])  # fmt: skip
    if params.layer is not None and len(inputs) > 1:
        raise InputError(
            f"--layer {params.layer} names one dataset, but the input holds {len(inputs)} "
            "rasters; import them without --layer"
        )
    target = _Target(workspace.crs, workspace_area(workspace), given, params.reproject)
    existing = {e.name: e for e in workspace.entries()}
    taken: dict[str, str] = {}
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="urbanista-")))
        tx: Transaction | None = None
        for i, source in enumerate(inputs):
            check_cancelled(progress)
            progress.report(i / len(inputs), source.name)
            outcome = summary.add(source.label)
            name = params.layer or source.dataset
            if name in taken:
                outcome.reject(f"would become dataset {name!r} like {taken[name]}: rename one "
                               "of them or import it separately")  # fmt: skip
                continue
            taken[name] = source.label
            sha = _source_file(source)
            entry = existing.get(name)
            if entry and entry.kind is DatasetKind.RASTER and _hashes(entry) == [sha.sha256]:
                outcome.skipped += 1
                continue
            try:
                sidecar = sidecar_metadata(source.path)
                with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_MB):
                    tif, quality = _prepare_raster(source.gdal_path, tmp / f"{i}.tif", target)
            except InputError as exc:
                outcome.reject(str(exc))
                continue
            except (RasterioError, RuntimeError, OSError, ValueError) as exc:
                log.info("cannot import %s", source.label, exc_info=True)
                outcome.reject(f"cannot read it as a GeoTIFF: {exc}")
                continue
            tx = tx or stack.enter_context(workspace.transaction(replace=params.replace))
            try:
                tx.add_raster(tif, name, sources=(sha,), title=sidecar.title,
                              licence=sidecar.licence, source_date=sidecar.source_date,
                              quality=quality)  # fmt: skip
            except InputError as exc:  # a name the workspace refuses: nothing was written
                outcome.reject(str(exc))
                continue
            finally:
                tif.unlink()
            outcome.imported += 1
            summary.datasets.append(name)
            if entry is not None and entry.kind is DatasetKind.RASTER:
                summary.replaced.append(name)
    progress.report(1.0, "done")
    return summary


def _source_file(source: InputFile) -> SourceFile:
    return SourceFile(source.label, SourceFile.from_path(source.path).sha256)


def _hashes(entry: CatalogueEntry) -> list[str]:
    return [s.sha256 for s in entry.sources]


def _prepare_raster(path: str, out: Path, target: _Target) -> tuple[Path, dict[str, Any]]:
    """Write the raster at ``path`` as a workspace GeoTIFF at ``out``; return it and its flags.

    Raises
    ------
    InputError
        If the raster has no CRS (and none is given), no georeferencing, or no data.
    """
    import rasterio
    from rasterio.errors import NotGeoreferencedWarning
    from rasterio.shutil import copy as copy_raster

    from analysis.crs import crs_label

    flags: dict[str, Any] = {}
    with warnings.catch_warnings():  # said below, as a reason
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        src = rasterio.open(path)
    with src:
        if src.transform.is_identity:
            raise InputError(
                "the GeoTIFF is not georeferenced (no geotransform; ground control points "
                "alone are not enough: warp it first, e.g. with gdalwarp)"
            )
        if src.crs is not None:
            crs = crs_label(_pyproj(src))
        elif target.given_crs is not None:
            crs = target.given_crs
            flags["crs_given"] = crs
        else:
            raise InputError("the GeoTIFF has no CRS: give one with --crs EPSG:NNNN")
        valid, low, high, nodata = _scan(src)
        total = src.width * src.height * src.count
        if valid == 0:
            raise InputError("every pixel is nodata")
        real = out.with_suffix(".real.tif")
        _write_real(src, real, crs, nodata)
        scaled = any(s != 1.0 for s in src.scales) or any(o != 0.0 for o in src.offsets)
        bounds, bands = src.bounds, src.count
    warp = target.reproject and crs != target.crs
    options = COG_OPTIONS | ({"TARGET_SRS": target.crs, "RESAMPLING": "BILINEAR"} if warp else {})
    copy_raster(str(real), str(out), driver="COG", **options)
    real.unlink()
    flags |= {
        "source_crs": short_crs(crs),
        "crs": "reprojected" if warp else "kept",
        "nodata": "NaN" if np.isnan(nodata) else float(nodata),
        "nodata_share": round(1.0 - valid / total, 4),
        "value_min": _short(low),
        "value_max": _short(high),
    }
    if scaled:
        flags["scale_offset_applied"] = True
    if bands > 1:
        flags["bands"] = bands
    if not _inside(bounds, crs, target.area):
        flags["outside_area"] = True
    return out, flags


def _short(value: float) -> float:
    """``value`` to 7 significant digits: what float32 holds, without float32's noise."""
    return float(f"{value:.7g}")


def _pyproj(src: DatasetReader) -> Any:
    from pyproj import CRS

    return CRS.from_user_input(src.crs.to_wkt())


def _strips(src: DatasetReader) -> list[Any]:
    from rasterio.windows import Window

    rows = max(256, STRIP_PIXELS // (src.width * src.count) // 256 * 256)  # whole tile rows
    return [Window(0, r, src.width, min(rows, src.height - r)) for r in range(0, src.height, rows)]


def _real(src: DatasetReader, window: Any) -> tuple[np.ndarray, np.ndarray]:
    """Real values (scale and offset applied) and the validity mask of one strip."""
    data = src.read(window=window, masked=True)
    scale = np.asarray(src.scales, dtype=float)[:, None, None]
    offset = np.asarray(src.offsets, dtype=float)[:, None, None]
    values = (np.asarray(data.data, dtype=float) * scale + offset).astype(np.float32)
    valid = ~np.ma.getmaskarray(data) & np.isfinite(values)
    return values, valid


def _scan(src: DatasetReader) -> tuple[int, float, float, float]:
    """Valid pixel count, value range and the nodata value the output will use.

    The file's nodata value is kept unless scale and offset turn a valid pixel
    into it; then (or if the file has none) nodata is NaN.
    """
    keep = np.float32(src.nodata) if src.nodata is not None else np.float32(np.nan)
    valid_count, low, high, clash = 0, np.inf, -np.inf, False
    for window in _strips(src):
        values, valid = _real(src, window)
        good = values[valid]
        if good.size:
            valid_count += good.size
            low, high = min(low, float(good.min())), max(high, float(good.max()))
            clash = clash or bool((good == keep).any())
    return valid_count, low, high, float(np.nan if clash else keep)


def _write_real(src: DatasetReader, out: Path, crs: str, nodata: float) -> None:
    """Write the real values as a float32 GeoTIFF with nodata ``nodata``, strip by strip."""
    import rasterio

    profile = {
        "driver": "GTiff", "width": src.width, "height": src.height, "count": src.count,
        "dtype": "float32", "crs": crs, "transform": src.transform, "nodata": nodata,
        "tiled": True, "blockxsize": 256, "blockysize": 256, "BIGTIFF": "IF_SAFER",
    }  # fmt: skip
    with rasterio.open(out, "w", **profile) as dst:
        for window in _strips(src):
            values, valid = _real(src, window)
            dst.write(np.where(valid, values, np.float32(nodata)), window=window)


def _inside(bounds: Any, crs: str, area: Area) -> bool:
    """Whether the raster's centre lies in the workspace's area."""
    from rasterio.warp import transform_bounds

    left, bottom, right, top = transform_bounds(crs, area.crs, *bounds)
    centre = np.array([(left + right) / 2]), np.array([(bottom + top) / 2])
    return bool(area.contains(*centre)[0])
