"""Import GeoTIFF rasters (activity heatmaps from vendors, elevation...) into a workspace.

Each GeoTIFF becomes a raster dataset: float32 real values (the file's
scale and offset applied), nodata kept, in its own CRS (recorded in the
catalogue) or warped to the workspace CRS. What the workspace stores is a
tiled, compressed GeoTIFF with overviews (GDAL's COG layout), so QGIS draws it
fast at every zoom. The raster is processed in windows of at most
:data:`WINDOW_PIXELS`, so memory stays bounded by the window, not by the
raster; its size is judged from its header before any pixel is read
(``RasterImportParams.max_values``), and the clock is looked at after every
window: a raster still being read past ``RasterImportParams.file_timeout_s``
is rejected and the others go on. A raster without a CRS (or with only a
local, engineering one) is refused unless ``--crs`` gives one.
"""

from __future__ import annotations

import logging
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import InputError
from analysis.io.budget import FILE_TIMEOUT_S, Deadline
from analysis.io.coords import workspace_area
from analysis.io.dataset_crs import parse_crs, short_crs
from analysis.io.dataset_inputs import InputFile, find_inputs, sidecar_metadata
from analysis.io.summary import ImportSummary
from analysis.params import check, param
from analysis.progress import NullProgress, Progress, check_cancelled
from analysis.workspace import CatalogueEntry, DatasetKind, SourceFile, Workspace

if TYPE_CHECKING:
    from rasterio.io import DatasetReader

    from analysis.io.coords import Area
    from analysis.workspace import Transaction

log = logging.getLogger(__name__)

RASTER_SUFFIXES = (".tif", ".tiff", ".zip")
WINDOW_PIXELS = 1 << 22
"""Pixels (over all bands) read and written at a time."""
TILE = 256
MAX_VALUES = 2_000_000_000
"""Pixels times bands a raster may have: a 1 m grid of a city 44 km across."""
MAX_BANDS = 64
"""Bands a raster may have: heatmaps, elevation and orthophotos have 1 to 4; the time to
read each band's window grows with their number, whatever the pixels."""
OVERVIEW_SHARE = 4 / 3
"""What overviews add to a raster's size."""
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
    max_values: int = param(MAX_VALUES, at_least=1)
    """Pixels times bands a raster may have, as read and as warped; larger ones are refused."""
    file_timeout_s: float = param(
        FILE_TIMEOUT_S, unit="s", above=0, at_most=86_400, flag="--file-timeout"
    )
    """Time to read one raster: one still being read then is rejected as too slow and the
    others go on. The last step, writing the workspace's compressed copy with overviews,
    is bounded by ``max_values`` only (GDAL gives no way to stop it from here)."""

    def __post_init__(self) -> None:
        check(self)


@dataclass(frozen=True)
class _Target:
    """Where a raster goes: the workspace CRS and area, and what the user asked for."""

    crs: str
    area: Area
    given_crs: str | None
    reproject: bool
    max_values: int


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
    inputs = find_inputs(
        paths, RASTER_SUFFIXES, summary, exclude=[workspace.path, workspace.raster_dir]
    )
    if params.layer is not None and len(inputs) > 1:
        raise InputError(
            f"--layer {params.layer} names one dataset, but the input holds {len(inputs)} "
            "rasters; import them without --layer"
        )
    target = _Target(
        workspace.crs, workspace_area(workspace), given, params.reproject, params.max_values
    )
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
                outcome.reject(
                    f"would become dataset {name!r} like {taken[name]}: rename one "
                    "of them or import it separately"
                )
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
                    deadline = Deadline.start(params.file_timeout_s)
                    tif, quality = _prepare_raster(
                        source.gdal_path, tmp / f"{i}.tif", target, deadline
                    )
            except InputError as exc:
                outcome.reject(str(exc))
                continue
            except (RasterioError, RuntimeError, OSError, ValueError) as exc:
                log.info("cannot import %s", source.label, exc_info=True)
                outcome.reject(f"cannot read it as a GeoTIFF: {exc}")
                continue
            tx = tx or stack.enter_context(workspace.transaction(replace=params.replace))
            try:
                tx.add_raster(
                    tif,
                    name,
                    sources=(sha,),
                    title=sidecar.title,
                    licence=sidecar.licence,
                    source_date=sidecar.source_date,
                    quality=quality,
                )
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


def _prepare_raster(
    path: str, out: Path, target: _Target, deadline: Deadline
) -> tuple[Path, dict[str, Any]]:
    """Write the raster at ``path`` as a workspace GeoTIFF at ``out``; return it and its flags.

    Raises
    ------
    InputError
        If the raster has no CRS (and none is given), no georeferencing, no data,
        more pixels than ``target.max_values``, or is still being read at
        ``deadline`` (:class:`~analysis.io.budget.TooSlow`).
    """
    import rasterio
    from rasterio.errors import NotGeoreferencedWarning
    from rasterio.shutil import copy as copy_raster

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
        crs = _own_crs(src)
        if crs is None:
            crs = flags["crs_given"] = _given_crs(src, target.given_crs)
        _check_size(src, crs, target)
        valid, low, high, nodata = _scan(src, deadline)
        total = src.width * src.height * src.count
        if valid == 0:
            raise InputError("every pixel is nodata")
        real = out.with_suffix(".real.tif")
        _write_real(src, real, crs, nodata, deadline)
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


def _own_crs(src: DatasetReader) -> str | None:
    """The raster's CRS as a label, or None if it has none that places it on the Earth.

    A local (engineering) CRS, which some programs write when they know none,
    cannot be transformed to any other: it counts as none.
    """
    from pyproj.exceptions import CRSError

    from analysis.crs import crs_label

    if src.crs is None:
        return None
    try:
        crs = _pyproj(src)
    except CRSError:
        return None
    return None if crs.geodetic_crs is None else crs_label(crs)


def _given_crs(src: DatasetReader, given: str | None) -> str:
    """``given``, for a raster without a CRS of its own.

    Raises
    ------
    InputError
        If none is given, offering ``--crs``.
    """
    from pyproj.exceptions import CRSError

    if given is not None:
        return given
    local = ""
    if src.crs is not None:
        try:
            local = f" (only a local one, {_pyproj(src).name!r})"
        except CRSError:
            local = " (only one PROJ cannot read)"
    raise InputError(f"the GeoTIFF has no CRS{local}: give one with --crs EPSG:NNNN")


def _check_size(src: DatasetReader, crs: str, target: _Target) -> None:
    """Refuse, from its header, a raster too large: by bands, or by values read or warped.

    The limits are :data:`MAX_BANDS` and ``target.max_values``.

    Raises
    ------
    InputError
        With the raster's dimensions, its size as the import would write it, and the limit.
    """
    from rasterio.warp import calculate_default_transform

    if src.count > MAX_BANDS:
        raise InputError(
            f"has {src.count:,} bands, more than the limit of {MAX_BANDS}; keep the bands "
            "you need first (gdal_translate -b 1 ...)"
        )
    width, height, where = src.width, src.height, ""
    if target.reproject and crs != target.crs and width * height * src.count <= target.max_values:
        _, cols, rows = calculate_default_transform(crs, target.crs, width, height, *src.bounds)
        width, height, where = int(cols), int(rows), f" once warped to {target.crs}"
    values = width * height * src.count
    if values <= target.max_values:
        return
    gigabytes = values * np.dtype(np.float32).itemsize * OVERVIEW_SHARE / 1e9
    raise InputError(
        f"is {width:,} x {height:,} pixels x {src.count} band(s){where}: {values:,} values "
        f"(about {gigabytes:,.0f} GB as float32 with overviews), more than the limit of "
        f"{target.max_values:,}; cut it to the city (gdal_translate -projwin) or coarsen it "
        "(gdalwarp -tr) first"
    )


def _short(value: float) -> float:
    """``value`` to 7 significant digits: what float32 holds, without float32's noise."""
    return float(f"{value:.7g}")


def _pyproj(src: DatasetReader) -> Any:
    from pyproj import CRS

    return CRS.from_user_input(src.crs.to_wkt())


def _windows(src: DatasetReader) -> list[Any]:
    """Windows of at most :data:`WINDOW_PIXELS` (over all bands) covering ``src``, in whole tiles.

    Whole rows while a row of tiles fits; past that (a very wide raster) each row
    of tiles is cut across too.
    """
    from rasterio.windows import Window

    width, height = src.width, src.height
    if width * src.count * TILE <= WINDOW_PIXELS:
        rows = WINDOW_PIXELS // (width * src.count) // TILE * TILE
        return [Window(0, r, width, min(rows, height - r)) for r in range(0, height, rows)]
    cols = max(1, WINDOW_PIXELS // (TILE * src.count))
    cols = cols // TILE * TILE or cols
    return [
        Window(c, r, min(cols, width - c), min(TILE, height - r))
        for r in range(0, height, TILE)
        for c in range(0, width, cols)
    ]


def _real(src: DatasetReader, window: Any) -> tuple[np.ndarray, np.ndarray]:
    """Real values (scale and offset applied) and the validity mask of one window."""
    data = src.read(window=window, masked=True)
    scale = np.asarray(src.scales, dtype=float)[:, None, None]
    offset = np.asarray(src.offsets, dtype=float)[:, None, None]
    values = (np.asarray(data.data, dtype=float) * scale + offset).astype(np.float32)
    valid = ~np.ma.getmaskarray(data) & np.isfinite(values)
    return values, valid


def _timed_windows(src: DatasetReader, deadline: Deadline, doing: str) -> Iterator[Any]:
    """The windows of ``src``, stopped at the one reached when ``deadline`` is found passed.

    The clock is looked at before every window but the first.
    """
    for i, window in enumerate(_windows(src)):
        if i:
            deadline.check("", f"row {window.row_off:,} of {src.height:,} ({doing})")
        yield window


def _scan(src: DatasetReader, deadline: Deadline) -> tuple[int, float, float, float]:
    """Valid pixel count, value range and the nodata value the output will use.

    The file's nodata value is kept unless scale and offset turn a valid pixel
    into it; then (or if the file has none) nodata is NaN.
    """
    keep = np.float32(src.nodata) if src.nodata is not None else np.float32(np.nan)
    valid_count, low, high, clash = 0, np.inf, -np.inf, False
    for window in _timed_windows(src, deadline, "checking values"):
        values, valid = _real(src, window)
        good = values[valid]
        if good.size:
            valid_count += good.size
            low, high = min(low, float(good.min())), max(high, float(good.max()))
            clash = clash or bool((good == keep).any())
    return valid_count, low, high, float(np.nan if clash else keep)


def _write_real(src: DatasetReader, out: Path, crs: str, nodata: float, deadline: Deadline) -> None:
    """Write the real values as a float32 GeoTIFF with nodata ``nodata``, window by window."""
    import rasterio

    profile = {
        "driver": "GTiff",
        "width": src.width,
        "height": src.height,
        "count": src.count,
        "dtype": "float32",
        "crs": crs,
        "transform": src.transform,
        "nodata": nodata,
        "tiled": True,
        "blockxsize": TILE,
        "blockysize": TILE,
        "BIGTIFF": "IF_SAFER",
        "compress": "zstd",
        "zstd_level": 1,  # a temporary file: fast, and not 4 bytes a pixel
    }
    with rasterio.open(out, "w", **profile) as dst:
        for window in _timed_windows(src, deadline, "converting"):
            values, valid = _real(src, window)
            dst.write(np.where(valid, values, np.float32(nodata)), window=window)


def _inside(bounds: Any, crs: str, area: Area) -> bool:
    """Whether the raster's centre lies in the workspace's area."""
    from rasterio.warp import transform_bounds

    left, bottom, right, top = transform_bounds(crs, area.crs, *bounds)
    centre = np.array([(left + right) / 2]), np.array([(bottom + top) / 2])
    return bool(area.contains(*centre)[0])
