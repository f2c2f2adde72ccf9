"""Import open vector datasets (GeoPackage, GeoJSON, Shapefile, KML) into a workspace."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from analysis.errors import InputError
from analysis.progress import NullProgress, Progress, check_cancelled
from analysis.workspace import CatalogueEntry, DatasetKind, SourceFile, Workspace

VECTOR_SUFFIXES = (".gpkg", ".geojson", ".shp", ".kml")
SIDECAR_NAMES = ("metadane.json", "metadata.json")
"""Per-folder metadata files.

``{file: {tytul|title, licencja|licence, data_aktualnosci|source_date}}``.
"""


def layer_name(path: Path) -> str:
    """A workspace name from a file name: ASCII, lower case, ``_`` for the rest."""
    ascii_ = unicodedata.normalize("NFKD", path.stem.replace("ł", "l").replace("Ł", "L"))
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_.encode("ascii", "ignore").decode().lower()).strip("_")
    return slug if slug[:1].isalpha() else f"d_{slug}"


def vector_files(paths: Iterable[Path]) -> list[Path]:
    """The vector files among ``paths``; folders are searched (not recursively)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in VECTOR_SUFFIXES))
        elif path.suffix.lower() in VECTOR_SUFFIXES:
            found.append(path)
        elif not path.exists():
            raise InputError(f"{path}: no such file or folder")
        else:
            raise InputError(f"{path}: not a vector file ({', '.join(VECTOR_SUFFIXES)})")
    return found


def sidecar_metadata(path: Path) -> dict[str, Any]:
    """Title, licence and source date for ``path`` from its folder's metadata file, if any."""
    for name in SIDECAR_NAMES:
        sidecar = path.parent / name
        if not sidecar.is_file():
            continue
        try:
            entry = json.loads(sidecar.read_text(encoding="utf-8")).get(path.name, {})
            when = entry.get("data_aktualnosci") or entry.get("source_date")
            return {
                "title": entry.get("tytul") or entry.get("title"),
                "licence": entry.get("licencja") or entry.get("licence"),
                "source_date": date.fromisoformat(when) if when else None,
            }
        except (json.JSONDecodeError, AttributeError, TypeError, ValueError) as exc:
            raise InputError(
                f"{sidecar}: metadata of {path.name} unreadable ({exc}); expected "
                '{"file": {"tytul": ..., "licencja": ..., "data_aktualnosci": "RRRR-MM-DD"}}'
            ) from exc
    return {}


def _layers(path: Path) -> list[tuple[str, str]]:
    """(layer in the file, workspace name) for every layer of ``path``."""
    import pyogrio
    from pyogrio.errors import DataSourceError

    try:
        # Attribute-only tables (lookups, metadata) are not datasets of their own.
        layers = [str(name) for name, geometry in pyogrio.list_layers(path) if geometry]
    except DataSourceError as exc:
        raise InputError(f"{path}: cannot read it as a vector dataset: {exc}") from exc
    if not layers:
        raise InputError(f"{path}: holds no layer with geometries")
    if len(layers) == 1:
        return [(layers[0], layer_name(path))]
    return [(layer, f"{layer_name(path)}_{layer_name(Path(layer))}") for layer in layers]


def import_datasets(
    workspace: Workspace, paths: Sequence[Path], progress: Progress | None = None
) -> list[CatalogueEntry]:
    """Import every layer of every vector file of ``paths`` in one transaction.

    A file with one layer becomes a dataset named after the file; a file with
    several (a GeoPackage of a whole topographic database) one per layer,
    named ``file_layer``.

    Raises
    ------
    InputError
        Naming the file that cannot be read, or two files that would get the same
        name; the workspace is left as it was.
    """
    import pyogrio
    from pyogrio.errors import DataSourceError

    progress = progress or NullProgress()
    files = [f for f in vector_files(paths) if f.resolve() != workspace.path.resolve()]
    plan: dict[str, tuple[Path, str]] = {}
    for path in files:
        for layer, name in _layers(path):
            if name in plan:
                raise InputError(
                    f"{path} and {plan[name][0]} would both become dataset {name!r}: "
                    "rename one of them or import them separately"
                )
            plan[name] = (path, layer)
    entries = []
    with workspace.transaction() as tx:
        for i, (name, (path, layer)) in enumerate(plan.items()):
            check_cancelled(progress)
            progress.report(i / max(len(plan), 1), path.name)
            try:
                gdf = pyogrio.read_dataframe(path, layer=layer)
            except DataSourceError as exc:
                raise InputError(f"{path}: cannot read it as a vector dataset: {exc}") from exc
            if gdf.crs is None:
                raise InputError(
                    f"{path}: the file gives no CRS; assign one (e.g. in QGIS) and import again"
                )
            entries.append(
                tx.write_layer(
                    gdf,
                    name,
                    DatasetKind.DATASET,
                    sources=(SourceFile.from_path(path),),
                    **sidecar_metadata(path),
                )
            )
    progress.report(1.0, "done")
    return entries
