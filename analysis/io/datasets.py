"""Import open datasets into a workspace: GeoPackage, Shapefile, GeoJSON, KML, CSV, OSM PBF.

Each spatial layer of each file becomes one dataset, named after the file
(``file_layer`` for files with several layers; OSM extracts give
``file_cycleways``, ``file_bicycle_parking`` and ``file_streets``). Coordinates
are brought into the workspace CRS, detecting the CRS and axis order where the
file gives none or lies (:mod:`analysis.io.dataset_crs`); attributes are tidied
and personal data kept out; the catalogue entry carries the metadata of the
folder's ``metadane.json`` and quality flags. Everything is written in one
transaction; a file that cannot be imported is rejected with the reason and the
others go on, and so is a feature (by its number and id) with the rest of its
file, unless ``all_or_nothing`` asks to refuse the whole file. A file imported
before with the same SHA-256 is skipped.
"""

from __future__ import annotations

import dataclasses
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import InputError
from analysis.io.coords import workspace_area
from analysis.io.dataset_crs import parse_crs
from analysis.io.dataset_inputs import (
    InputFile,
    Sidecar,
    dataset_name,
    find_inputs,
    layer_name,
    sidecar_metadata,
)
from analysis.io.dataset_layers import LayerParams, PreparedLayer, prepare_layer
from analysis.io.dataset_readers import FileUnreadable, OsmReader, Reader, open_reader
from analysis.io.gpkg_catalogue import BUDGET_S
from analysis.io.summary import FileOutcome, ImportSummary
from analysis.params import check, param
from analysis.progress import NullProgress, Progress, check_cancelled
from analysis.workspace import CatalogueEntry, DatasetKind, SourceFile, Workspace

if TYPE_CHECKING:
    from analysis.workspace import Transaction

log = logging.getLogger(__name__)

VECTOR_SUFFIXES = (".gpkg", ".geojson", ".shp", ".kml", ".kmz", ".csv", ".pbf", ".zip")
"""What a folder is searched for."""
EXPLICIT_SUFFIXES = (".json",)
"""Also read when named directly (a folder's other ``.json`` files are not datasets)."""
OSM_LICENCE = "ODbL 1.0 (OpenStreetMap contributors)"
ALL_OR_NOTHING = (
    "not imported: --all-or-nothing refuses the whole file for what is rejected above "
    "(without it, the rest of the file is imported)"
)


@dataclass(frozen=True)
class DatasetImportParams:
    """Options of :func:`import_datasets`."""

    layer: str | None = None
    """Name of the dataset, for an input that holds a single layer."""
    crs: str | None = None
    """CRS of files that give none (CSV X/Y, a ``.shp`` without ``.prj``); else detected."""
    keep_personal: bool = False
    """Keep names, e-mails and phone numbers (only with a legal basis)."""
    replace: bool = False
    """Replace a dataset of another kind (reports, tracks, a raster, results) of the same name."""
    all_or_nothing: bool = False
    """Refuse a whole file with any feature or layer to leave out (else the rest is imported)."""
    gpkg_budget_s: float = param(BUDGET_S, unit="s", above=0)
    """Seconds a GeoPackage's list of layers may take to read (with SQLite, before GDAL)."""

    def __post_init__(self) -> None:
        check(self)


@dataclass
class _Plan:
    """One input file: its reader, metadata and the dataset name of each layer."""

    source: InputFile
    outcome: FileOutcome
    reader: Reader
    sidecar: Sidecar
    sha: SourceFile
    names: dict[str, str]
    unreadable: bool = False


def import_datasets(
    workspace: Workspace,
    paths: Sequence[Path],
    params: DatasetImportParams = DatasetImportParams(),
    progress: Progress | None = None,
) -> ImportSummary:
    """Import every layer of every vector file of ``paths`` in one transaction.

    Folders are searched recursively and ZIP archives read member by member.

    Raises
    ------
    InputError
        If ``params`` is wrong: an unknown CRS, or a layer name for an input
        holding several layers. Bad files do not raise: the summary says why
        they were rejected.
    """
    progress = progress or NullProgress()
    given = parse_crs(params.crs) if params.crs else None
    summary = ImportSummary("datasets", str(workspace.path))
    inputs = find_inputs(
        paths,
        VECTOR_SUFFIXES,
        summary,
        explicit_suffixes=EXPLICIT_SUFFIXES,
        exclude=[workspace.path, workspace.raster_dir],
    )
    plans = _plan(inputs, summary, params)
    base = LayerParams(workspace_area(workspace), workspace.crs, given, params.keep_personal)
    existing = {e.name: e for e in workspace.entries()}
    total, done = sum(len(p.names) for p in plans), 0

    def tick(plan: _Plan) -> None:
        nonlocal done
        check_cancelled(progress)
        progress.report(done / max(total, 1), plan.source.name)
        done += 1

    with ExitStack() as stack:
        tx: Transaction | None = None
        for plan in plans:
            layer_params = dataclasses.replace(base, source_date=plan.sidecar.source_date)
            ready: Iterable[tuple[str, str, PreparedLayer]] = _ready(
                plan, layer_params, existing, tick
            )
            if params.all_or_nothing:
                ready = list(ready)
                if plan.outcome.rejected:
                    plan.outcome.reject(ALL_OR_NOTHING)
                    continue
            for layer, name, prepared in ready:
                tx = tx or stack.enter_context(workspace.transaction(replace=params.replace))
                try:
                    entry = _write(tx, prepared, name, plan, layer)
                except InputError as exc:  # a name the workspace refuses: nothing was written
                    plan.outcome.reject(str(exc), _where(plan, layer))
                    continue
                plan.outcome.imported += entry.feature_count or 0
                summary.datasets.append(name)
                if name in existing and existing[name].kind is DatasetKind.DATASET:
                    summary.replaced.append(name)
    progress.report(1.0, "done")
    return summary


def _plan(  # noqa: C901 - one branch per reason a file is rejected before import
    inputs: list[InputFile], summary: ImportSummary, params: DatasetImportParams
) -> list[_Plan]:
    """Open every input and name its datasets; reject what cannot be opened or would clash."""
    plans: list[_Plan] = []
    taken: dict[str, str] = {}
    hashes: dict[Path, str] = {}
    for source in inputs:
        outcome = summary.add(source.label)
        try:
            sidecar = sidecar_metadata(source.path)
            reader = open_reader(source, params.gpkg_budget_s)
        except (InputError, OSError) as exc:
            outcome.reject(str(exc))
            continue
        for key, reason in reader.refused.items():
            outcome.reject(reason, f"layer {key}")
        if source.path not in hashes:
            hashes[source.path] = SourceFile.from_path(source.path).sha256
        names = {}
        for key in reader.layers:
            name = source.dataset
            if len(reader.layers) > 1:
                name = dataset_name(source.dataset, layer_name(key))
            if name in taken:
                outcome.reject(
                    f"would become dataset {name!r} like {taken[name]}: rename one of them "
                    "or import it separately",
                    f"layer {key}" if key else "",
                )
                continue
            names[key] = name
            taken[name] = source.label
        sha = SourceFile(source.label, hashes[source.path])
        plans.append(_Plan(source, outcome, reader, sidecar, sha, names))
    if (layer := params.layer) is not None:
        named = [name for plan in plans for name in plan.names.values()]
        if len(named) > 1:
            raise InputError(
                f"--layer {layer} names one dataset, but the input holds {len(named)}: "
                f"{', '.join(named[:6])}; import them without --layer"
            )
        for plan in plans:
            plan.names = dict.fromkeys(plan.names, layer)
    return plans


def _ready(
    plan: _Plan,
    params: LayerParams,
    existing: dict[str, CatalogueEntry],
    tick: Callable[[_Plan], None],
) -> Iterator[tuple[str, str, PreparedLayer]]:
    """``(layer, dataset name, prepared layer)`` for each layer of ``plan`` to write.

    Layers imported before from the same file are counted as skipped; those
    that cannot be read are recorded as rejected.
    """
    for layer, name in plan.names.items():
        tick(plan)
        if plan.unreadable:
            continue
        if _unchanged(existing.get(name), plan.sha):
            plan.outcome.skipped += existing[name].feature_count or 0
            continue
        prepared = _prepare(plan, layer, params, _where(plan, layer))
        if prepared is not None:
            yield layer, name, prepared


def _where(plan: _Plan, layer: str) -> str:
    """How messages name ``layer``: by name in a file of several, else not at all."""
    return f"layer {layer}" if len(plan.names) > 1 else ""


def _unchanged(entry: CatalogueEntry | None, sha: SourceFile) -> bool:
    """Whether ``entry`` was imported from exactly the file with hash ``sha``."""
    return (
        entry is not None
        and entry.kind is DatasetKind.DATASET
        and [s.sha256 for s in entry.sources] == [sha.sha256]
    )


def _prepare(plan: _Plan, layer: str, params: LayerParams, where: str) -> PreparedLayer | None:
    """Read and prepare one layer; on failure record why and return None."""
    import shapely.errors

    try:
        raw = plan.reader.read(layer)
        if raw.skip_if_empty and raw.frame.empty:
            return None
        if raw.declared_crs is None and plan.sidecar.crs:
            raw.declared_crs = plan.sidecar.crs
            raw.notes["crs_from_metadata"] = True
        plan.outcome.notes += tuple(f"{where}: {r}" if where else r for r in raw.remarks)
        prepared = prepare_layer(raw, params)
    except FileUnreadable as exc:
        plan.outcome.reject(str(exc))
        plan.unreadable = True
        return None
    except InputError as exc:
        plan.outcome.reject(str(exc), where)
        return None
    except (
        RuntimeError,
        OSError,
        ValueError,
        KeyError,
        zipfile.BadZipFile,
        shapely.errors.ShapelyError,
    ) as exc:
        log.info("cannot import %s %s", plan.source.label, where, exc_info=True)
        plan.outcome.reject(f"cannot read it: {exc}", where)
        return None
    for row, reason in prepared.rejected:
        plan.outcome.reject(reason, f"{where} {row}".strip())
    plan.outcome.notes += tuple(f"{where}: {n}" if where else n for n in _crs_notes(prepared))
    return prepared


def _crs_notes(prepared: PreparedLayer) -> list[str]:
    """What a person should know of how the coordinates were read (from the quality flags)."""
    flags = prepared.quality
    notes = []
    if flags.get("crs_missing"):
        notes.append(f"no CRS in the file: read as {flags['crs_detected']} from the values")
    if "crs_declared_wrong" in flags:
        notes.append(
            f"the file says {flags['crs_declared_wrong']}, but the values fit "
            f"{flags['crs_detected']}: read as that"
        )
    if flags.get("axes_swapped"):
        notes.append("the coordinates were read the other way round (the first as the northing)")
    if flags.get("axis_order_ambiguous"):
        notes.append(
            "the coordinates fit Poland in both axis orders and the workspace holds nothing "
            "to compare them with: the first (X) was read as the northing, the Polish "
            "convention; if the features lie far from the city, swap the names of the X and "
            "Y columns and import it again"
        )
    return notes


def _write(
    tx: Transaction, prepared: PreparedLayer, name: str, plan: _Plan, layer: str
) -> CatalogueEntry:
    title, licence = plan.sidecar.title, plan.sidecar.licence
    if isinstance(plan.reader, OsmReader):
        title = title or f"OpenStreetMap: {layer.replace('_', ' ')} ({plan.source.path.name})"
        licence = licence or OSM_LICENCE
    return tx.write_layer(
        prepared.frame,
        name,
        DatasetKind.DATASET,
        sources=(plan.sha,),
        title=title,
        licence=licence,
        source_date=plan.sidecar.source_date,
        quality=prepared.quality,
    )
