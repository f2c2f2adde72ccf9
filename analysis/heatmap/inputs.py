"""Where the points come from: ``file.gpkg``, ``workspace.gpkg:layer``, or any vector file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError
from analysis.io.dataset_inputs import gdal_name
from analysis.io.gpkg_catalogue import Catalogue, NotGeoPackage, check_sqlite, read_catalogue
from analysis.io.tracks.store import ACTIVITIES, POINTS
from analysis.workspace.storage import real_path


@dataclass(frozen=True)
class LayerRef:
    """A file and, for multi-layer files, the layer in it."""

    path: Path
    layer: str | None

    def __str__(self) -> str:
        return f"{self.path}:{self.layer}" if self.layer else str(self.path)


ACTIVITY_LAYERS = (ACTIVITIES, POINTS)
"""A workspace's layers of residents' activities: mapped only k-anonymised."""
ACTIVITY_MARKS = frozenset({"user_id", "activity_id"})
"""Columns of the workspace's activity layers that no other layer has: found, the layer is one."""


def is_personal(ref: LayerRef) -> bool:
    """True if ``ref`` holds residents' activities: a workspace's activity layer, or a copy.

    Such a layer, in any format (a GeoPackage, or a GeoJSON or shapefile exported
    from one), is never mapped as plain points: one person's points would show.
    """
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    if ref.layer in ACTIVITY_LAYERS:
        return True
    if ref.layer is None and (layers := geopackage_layers(ref.path)):  # a whole workspace
        return ACTIVITIES in layers
    try:
        fields = pyogrio.read_info(ref.path, layer=ref.layer)["fields"]
    except (DataSourceError, DataLayerError):  # the heatmap's own reading will say why
        return False
    return bool(ACTIVITY_MARKS & {str(f).lower() for f in fields})


def in_workspace(ref: LayerRef) -> bool:
    """True if ``ref`` is a workspace's activity layer, or a workspace holding one."""
    if ref.layer is None:
        return ACTIVITIES in geopackage_layers(ref.path)
    return ref.layer in ACTIVITY_LAYERS


def distinct_inputs(refs: list[LayerRef]) -> list[LayerRef]:
    """``refs`` with each layer once, however its file is named (a link, ``./``, another case)."""
    seen: dict[tuple[Path, str | None], LayerRef] = {}
    for ref in refs:
        seen.setdefault((real_path(ref.path), ref.layer), ref)
    return list(seen.values())


def geopackage_layers(path: Path) -> list[str]:
    """Names of the spatial layers of a GeoPackage (empty if it is not one).

    Raises
    ------
    InputError
        If it is a damaged GeoPackage, or one whose own tables are views.
    """
    catalogue = _catalogue(path)
    return catalogue.names if catalogue else []


def _catalogue(path: Path) -> Catalogue | None:
    """What the GeoPackage ``path`` holds, read without GDAL; None if it is no GeoPackage."""
    if not path.is_file():
        return None
    try:
        return read_catalogue(path, str(path))
    except NotGeoPackage:
        return None


def _check_vector(path: Path) -> None:
    """Refuse a file that no reader of points can open, or that holds no geometries.

    Raises
    ------
    InputError
        Naming the file and saying what it is instead (empty, a ZIP archive...).
    """
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        listed = pyogrio.list_layers(path)
    except (DataSourceError, DataLayerError) as exc:
        if path.suffix.lower() == ".gpkg":
            check_sqlite(path, str(path))  # says what it is instead
        raise InputError(f"{path}: cannot read it as a vector file ({exc})") from exc
    if not any(geometry for _, geometry in listed):
        raise InputError(f"{path}: holds no layer with geometries")


def _layer(path: Path, layer: str) -> LayerRef:
    """``path:layer``, unless the layer is one GDAL must not open (a view).

    Raises
    ------
    InputError
        Naming the layer and why it is refused.
    """
    catalogue = _catalogue(path)
    if catalogue and (reason := catalogue.refused.get(layer)):
        raise InputError(f"{path}:{layer}: {reason}")
    return LayerRef(path, layer)


def parse_input(text: str, allow_multi_layer: bool = False) -> LayerRef:
    r"""``C:\data\city.gpkg:activity_points`` -> the file and the layer.

    The text is split at its last colon only when what follows names a layer of
    the file before it, so Windows drive letters and colons in folder names keep
    working.

    Raises
    ------
    InputError
        If the file does not exist, cannot be read (naming what it is instead:
        empty, a ZIP archive...), has a name GDAL cannot open, or the layer is
        missing or an SQL view.
    """
    head, sep, tail = text.rpartition(":")
    if sep and head and Path(head).is_file() and tail in geopackage_layers(Path(head)):
        gdal_name(Path(head))
        return _layer(Path(head), tail)
    path = Path(text)
    if not path.exists():
        if sep and head and Path(head).is_file():
            names = ", ".join(geopackage_layers(Path(head))) or "none"
            raise InputError(f"{head} has no layer {tail!r} (its layers: {names})")
        raise InputError(f"{text}: no such file")
    gdal_name(path)
    layers = geopackage_layers(path)
    if not layers:
        _check_vector(path)
        return LayerRef(path, None)
    if len(layers) > 1 and allow_multi_layer:
        return LayerRef(path, None)
    if len(layers) > 1:
        raise InputError(
            f"{path} has several layers ({', '.join(layers)}): name one as {path}:LAYER"
        )
    return _layer(path, layers[0])
