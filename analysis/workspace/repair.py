"""Rebuild a damaged workspace into a new one from the layers and GeoTIFFs it still holds.

A repair never writes to the damaged workspace: it reads a private copy (with a
hot journal rolled back), creates the new workspace in a hidden folder beside
the target and moves it into place only when complete, so a killed repair
leaves no half workspace. What the old catalogue still says about a layer
(kind, title, licence, sources, quality) is kept; what it no longer says is
guessed (the kind, from the layer's name and columns) or marked as lost in the
entry's ``quality["recovered"]``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.crs import DEFAULT_CRS, crs_label, workspace_crs
from analysis.errors import InputError, UrbanistaError, WorkspaceError
from analysis.workspace.catalogue import CATALOGUE_TABLE, META_TABLE, DatasetKind, SourceFile
from analysis.workspace.health import (
    Problem,
    Severity,
    check_workspace,
    dataset_tables,
    raster_folder,
    rolled_back_copy,
    unreadable_geotiff,
)

if TYPE_CHECKING:
    from analysis.workspace.workspace import Transaction

log = logging.getLogger(__name__)

PROVENANCE = ("title", "sources", "licence", "source_date", "imported_at", "quality")
"""What only the old catalogue knew about a dataset; lost with its row."""
ANALYSIS_PREFIXES = ("gaps_", "racks_", "reports_", "districts_", "audit_", "usage_")
"""Names of stored results: ``<analysis>_<table>`` (planning) and ``usage_<type>_<part>``."""
REPORT_COLUMNS = frozenset({"category", "status"})
TRACK_LAYERS = ("activities", "activity_points")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
_RASTER_SUFFIX = re.compile(r"-[0-9a-f]{8}$")
"""What ``Transaction.add_raster`` appends to a raster's name in its file name."""


@dataclass(frozen=True)
class Recovered:
    """One dataset of the repaired workspace and what it lost."""

    name: str
    kind: DatasetKind
    feature_count: int | None
    kind_guessed: bool
    lost: tuple[str, ...]
    renamed_from: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The dataset as a JSON-ready dict."""
        return {
            "name": self.name,
            "kind": str(self.kind),
            "feature_count": self.feature_count,
            "kind_guessed": self.kind_guessed,
            "lost": list(self.lost),
            "renamed_from": self.renamed_from,
        }


@dataclass(frozen=True)
class RepairResult:
    """The new workspace, what it recovered, and what could not be recovered."""

    source: Path
    path: Path
    crs: str
    recovered: tuple[Recovered, ...] = ()
    failed: tuple[Problem, ...] = ()
    """Datasets that could not be read: their data is not in the new workspace."""
    key_kept: bool = False
    """Whether the pseudonym key was kept (else re-imported tracks get new user ids)."""
    remaining: tuple[Problem, ...] = field(default=())
    """What :func:`check_workspace` still finds in the new workspace."""

    def to_json(self) -> dict[str, Any]:
        """The result as a JSON-ready dict."""
        return {
            "source": str(self.source),
            "path": str(self.path),
            "crs": self.crs,
            "recovered": [r.to_json() for r in self.recovered],
            "failed": [p.to_json() for p in self.failed],
            "key_kept": self.key_kept,
            "remaining": [p.to_json() for p in self.remaining],
        }


@dataclass(frozen=True)
class _Old:
    """What the damaged file still says about its datasets, read tolerantly."""

    meta: Mapping[str, str]
    rows: Mapping[str, Mapping[str, Any]]
    """Catalogue rows by name, each with only the fields that could be decoded."""
    layers: Mapping[str, str]
    """Layer tables of gpkg_contents: ``features`` or ``attributes``."""


def repair_workspace(path: str | Path, out: str | Path) -> RepairResult:
    """Rebuild the workspace at ``path`` into a new workspace at ``out``.

    ``path`` is only read. Each layer and GeoTIFF that can be read is copied;
    one that cannot is listed in :attr:`RepairResult.failed`.

    Raises
    ------
    WorkspaceError
        If ``out`` is ``path``, exists already (or its rasters folder does), or
        ``path`` is no SQLite file at all.
    """
    path, out = Path(path), Path(out)
    _refuse(path, out)
    for stale in out.parent.glob(f".{out.name}.repair-*"):  # what killed repairs left
        shutil.rmtree(stale, ignore_errors=True)
    try:
        with tempfile.TemporaryDirectory(prefix=f".{out.name}.repair-", dir=out.parent) as tmp:
            work = Path(tmp)
            with rolled_back_copy(path, work) as copy:
                old = _read_old(copy)
                result = _rebuild(path, old, work / out.name, copy)
            _move_into_place(work / out.name, out)
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(f"cannot repair {path}: {exc}") from exc
    except OSError as exc:
        if isinstance(exc, UrbanistaError):
            raise
        raise WorkspaceError(f"cannot repair {path} into {out}: {exc}") from exc
    return RepairResult(
        path,
        out,
        result.crs,
        tuple(result.recovered),
        tuple(result.failed),
        result.key_kept,
        tuple(check_workspace(out)),
    )


def _refuse(path: Path, out: Path) -> None:
    from analysis.io.output_file import is_sqlite

    if not path.is_file():
        raise WorkspaceError(f"no workspace file at {path}")
    if out.exists() and out.resolve() == path.resolve():
        raise WorkspaceError(f"{out} is the damaged workspace: repair writes a new file")
    if out.exists():
        raise WorkspaceError(f"{out} exists already: choose another name or delete it")
    if raster_folder(out).exists():
        raise WorkspaceError(
            f"{raster_folder(out)} exists already: choose another name, or delete that folder"
        )
    if out.suffix.lower() != ".gpkg":
        raise WorkspaceError(f"{out}: a workspace is a GeoPackage, its name must end in .gpkg")
    if not out.parent.is_dir():
        raise WorkspaceError(f"cannot write {out}: folder {out.parent} does not exist")
    if not is_sqlite(path):
        raise WorkspaceError(f"{path} is not an SQLite database: nothing in it to recover")


def _read_old(copy: Path) -> _Old:
    """Settings, catalogue rows and layer tables of the damaged file, as far as they read."""
    import pyogrio

    meta: dict[str, str] = {}
    rows: dict[str, dict[str, Any]] = {}
    layers: dict[str, str] = {}
    with closing(sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        for read in (_read_meta, _read_rows, _read_layers):
            try:
                read(conn, meta, rows, layers)
            except sqlite3.Error as exc:
                log.info("%s: %s", copy, exc)  # the check names what is missing
    if not layers:  # gpkg_contents lost: ask GDAL what it still finds
        try:
            with _quiet():
                listed = pyogrio.list_layers(copy)
            for name, geometry in listed:
                if not str(name).lower().startswith(("gpkg_", "rtree_", "urbanista_")):
                    layers[str(name)] = "attributes" if geometry is None else "features"
        except Exception as exc:  # GDAL's errors are not one class
            log.warning("%s: cannot list layers: %s", copy, exc)
    return _Old(meta, rows, layers)


def _read_meta(conn: sqlite3.Connection, meta: dict[str, str], *_: Any) -> None:
    meta.update((str(k), str(v)) for k, v in conn.execute(f"SELECT key, value FROM {META_TABLE}"))


def _read_rows(conn: sqlite3.Connection, _: Any, rows: dict[str, dict[str, Any]], *__: Any) -> None:
    cursor = conn.execute(f"SELECT * FROM {CATALOGUE_TABLE}")
    names = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        if isinstance(row.get("name"), str):
            rows[row["name"]] = _decoded(row)


def _read_layers(conn: sqlite3.Connection, _: Any, __: Any, layers: dict[str, str]) -> None:
    """The layers of ``gpkg_contents`` whose tables still exist."""
    tables = {r[0].lower() for r in conn.execute("SELECT name FROM sqlite_master")}
    layers.update((n, t) for n, t in dataset_tables(conn).items() if n.lower() in tables)


def _decoded(row: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a catalogue row that decode, as ``Transaction.write_layer`` takes them."""
    decoders: dict[str, Callable[[Any], Any]] = {
        "kind": DatasetKind,
        "title": lambda v: v if isinstance(v, str) else None,
        "licence": lambda v: v if isinstance(v, str) else None,
        "source_date": lambda v: date.fromisoformat(v) if v else None,
        "sources": lambda v: tuple(SourceFile(**s) for s in _json(v) or ()),
        "quality": lambda v: dict(_json(v) or {}),
        "imported_at": lambda v: str(v) if v else None,
        "raster_path": lambda v: v if isinstance(v, str) else None,
    }
    decoded = {}
    for key, decode in decoders.items():
        if key in row:
            try:
                decoded[key] = decode(row[key])
            except (KeyError, ValueError, TypeError):
                continue
    return decoded


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence GDAL's warnings about the damaged copy: the check names those problems."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


@dataclass
class _Rebuilt:
    crs: str
    recovered: list[Recovered] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    key_kept: bool = False
    names: set[str] = field(default_factory=set)


def _rebuild(source: Path, old: _Old, target: Path, copy: Path) -> _Rebuilt:
    """Write the new workspace at ``target`` from ``old`` (read from ``copy``)."""
    from analysis.privacy import keys
    from analysis.workspace.workspace import Workspace

    crs = _crs(old, copy)
    key = _key_id(old)
    done = _Rebuilt(crs, key_kept=key is not None)
    ws = Workspace.create(target, crs, key, old.meta.get(keys.SALT_META))
    for name, row in old.rows.items():
        if not row.get("raster_path") and name not in old.layers:
            done.failed.append(
                Problem(Severity.ERROR, f"layer {name!r}", "its table is missing: its data is lost")
            )
    with ws.transaction() as tx:
        for name, data_type in old.layers.items():
            _copy_layer(tx, source, old, copy, name, data_type, done)
        for name, tif in _rasters(source, old, done):
            _copy_raster(tx, source, old, tif, name, done)
    return done


def _key_id(old: _Old) -> str | None:
    """The old pseudonym key's id (an older format's salt stored as a key), if it is known."""
    from analysis.privacy import keys

    if salt := old.meta.get("pseudonym_salt"):  # format 1 or 2
        return keys.store(salt.encode())
    ident = old.meta.get("pseudonym_key_id", "")
    try:
        keys.key_path(ident)
    except InputError:
        return None
    return ident


def _crs(old: _Old, copy: Path) -> str:
    """The old settings' CRS, else the first metric layer CRS, else :data:`DEFAULT_CRS`."""
    import pyogrio

    candidates = [old.meta.get("crs")]
    for name in old.layers:
        try:
            with _quiet():
                candidates.append(pyogrio.read_info(copy, layer=name).get("crs"))
        except Exception:  # an unreadable layer is reported when copied
            continue
    for text in candidates:
        if text:
            try:
                return crs_label(workspace_crs(text))
            except InputError:
                continue
    return DEFAULT_CRS


def _copy_layer(
    tx: Transaction,
    source: Path,
    old: _Old,
    copy: Path,
    name: str,
    data_type: str,
    done: _Rebuilt,
) -> None:
    """Read layer ``name`` of the damaged copy and write it into the new workspace."""
    import geopandas as gpd
    import pyogrio

    try:
        with _quiet():
            frame = pyogrio.read_dataframe(copy, layer=name, read_geometry=data_type == "features")
    except Exception as exc:  # GDAL's errors are not one class
        done.failed.append(Problem(Severity.ERROR, f"layer {name!r}", f"cannot be read: {exc}"))
        return
    row = old.rows.get(name, {})
    stored = row.get("kind")
    guessed = not isinstance(stored, DatasetKind) or stored is DatasetKind.RASTER
    kind = (
        stored
        if isinstance(stored, DatasetKind) and not guessed
        else guess_kind(name, list(frame.columns))
    )
    new_name = _free_name(name, done.names)
    facts, lost = _provenance(source, row)
    try:
        if isinstance(frame, gpd.GeoDataFrame):
            if frame.crs is None:
                frame = frame.set_crs(done.crs)  # layers are stored in the workspace's CRS
            entry = tx.write_layer(
                frame,
                new_name,
                kind,
                title=row.get("title"),
                quality=facts,
                sources=row.get("sources", ()),
                licence=row.get("licence"),
                source_date=row.get("source_date"),
            )
        else:
            entry = tx.write_table(frame, new_name, kind, title=row.get("title"), quality=facts)
    except (UrbanistaError, OSError, ValueError) as exc:
        done.failed.append(Problem(Severity.ERROR, f"layer {name!r}", f"cannot be written: {exc}"))
        return
    done.recovered.append(
        Recovered(
            new_name,
            entry.kind,
            entry.feature_count,
            guessed,
            lost,
            None if new_name == name else name,
        )
    )


def guess_kind(name: str, columns: list[str]) -> DatasetKind:
    """The kind of a layer whose catalogue entry is lost, from its name and columns.

    The importers write tracks to ``activities`` and ``activity_points`` (both
    with ``activity_id``) and reports to ``reports``; stored analysis results
    are named ``<analysis>_<table>``. Anything else is a dataset.
    """
    lowered = name.lower()
    if lowered in TRACK_LAYERS and "activity_id" in columns:
        return DatasetKind.TRACKS
    if lowered == "reports":
        return DatasetKind.REPORTS
    if lowered.startswith(ANALYSIS_PREFIXES):
        return DatasetKind.ANALYSIS
    if set(columns) >= REPORT_COLUMNS and ({"reported_at", "created"} & set(columns)):
        return DatasetKind.REPORTS
    return DatasetKind.DATASET


def _free_name(name: str, taken: set[str]) -> str:
    """``name`` as a valid dataset name not yet taken in the new workspace."""
    base = re.sub(r"[^a-z0-9_]", "_", name.lower())
    if not base[:1].isalpha():
        base = f"layer_{base}"
    if base.startswith(("urbanista_", "gpkg_", "rtree_")):
        base = f"layer_{base}"
    base = base[:56]
    candidate, number = base, 1
    while candidate in taken or not _NAME.fullmatch(candidate):
        number += 1
        candidate = f"{base}_{number}"
    taken.add(candidate)
    return candidate


def _provenance(source: Path, row: Mapping[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The quality facts of a recovered dataset, and the provenance fields it lost."""
    lost = tuple(f for f in PROVENANCE if f not in row)
    recovered: dict[str, Any] = {"from": str(source), "lost": list(lost)}
    if "imported_at" in row:
        recovered["imported_at"] = row["imported_at"]  # the new entry's is the repair's time
    return {**row.get("quality", {}), "recovered": recovered}, lost


def _rasters(source: Path, old: _Old, done: _Rebuilt) -> list[tuple[str, Path]]:
    """The GeoTIFFs to copy, named as the old catalogue named them or after their file."""
    folder = raster_folder(source)
    by_file = {
        Path(str(r["raster_path"])).name: name
        for name, r in old.rows.items()
        if r.get("raster_path")
    }
    for file, name in by_file.items():
        if not (folder / file).is_file():
            done.failed.append(
                Problem(
                    Severity.ERROR,
                    f"raster {name!r}",
                    f"its GeoTIFF {file} is not in {folder.name}",
                )
            )
    found = sorted(folder.glob("*.tif")) if folder.is_dir() else []
    return [(by_file.get(tif.name) or _RASTER_SUFFIX.sub("", tif.stem), tif) for tif in found]


def _copy_raster(
    tx: Transaction, source: Path, old: _Old, tif: Path, name: str, done: _Rebuilt
) -> None:
    if reason := unreadable_geotiff(tif):
        done.failed.append(
            Problem(
                Severity.ERROR,
                f"raster {name!r}",
                f"its GeoTIFF {tif.name} cannot be read: {reason}",
            )
        )
        return
    row = old.rows.get(name, {})
    new_name = _free_name(name, done.names)
    facts, lost = _provenance(source, row)
    try:
        tx.add_raster(
            tif,
            new_name,
            title=row.get("title"),
            quality=facts,
            sources=row.get("sources", ()),
            licence=row.get("licence"),
            source_date=row.get("source_date"),
        )
    except (UrbanistaError, OSError) as exc:
        done.failed.append(Problem(Severity.ERROR, f"raster {name!r}", f"cannot be copied: {exc}"))
        return
    done.recovered.append(
        Recovered(
            new_name,
            DatasetKind.RASTER,
            None,
            "kind" not in row,
            lost,
            None if new_name == name else name,
        )
    )


def _move_into_place(built: Path, out: Path) -> None:
    """Move the finished workspace (rasters folder first, the GeoPackage last) to ``out``."""
    if out.exists():
        raise WorkspaceError(f"{out} appeared while repairing: the repair is not written")
    rasters = raster_folder(built)
    if rasters.is_dir():
        os.rename(rasters, raster_folder(out))
    if out.exists():
        raise WorkspaceError(f"{out} appeared while repairing: the repair is not written")
    os.rename(built, out)
    if os.name == "posix":
        fd = os.open(out.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
