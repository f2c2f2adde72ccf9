"""Read a GeoPackage point layer into numpy arrays, fast.

A heatmap of a million points must not pay for a million Python objects, nor
for loading GDAL (about a second cold). A GeoPackage is SQLite: the standard
library's ``sqlite3`` asks SQLite to concatenate the geometry blobs into one,
and numpy reads the coordinates out of it in bulk. The blob layout is the
GeoPackage binary header (OGC 12-128r18, 2.1.3) followed by WKB; when the blobs
are not all plain 2-D points of one layout, we fall back to GDAL (pyogrio).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis.errors import InputError
from analysis.io.gpkg_catalogue import VIEW_REASON
from analysis.workspace.storage import roll_back_hot_journal

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_WKB_POINT = 1


@dataclass(frozen=True)
class PointColumns:
    """Points of one layer: coordinates, the requested attributes, and the CRS."""

    x: np.ndarray
    y: np.ndarray
    crs: str | None
    projected: bool
    """Whether the CRS is projected (from its definition; no pyproj needed)."""
    columns: dict[str, np.ndarray] = field(default_factory=dict)


def _geometry_column(
    conn: sqlite3.Connection, path: Path, layer: str
) -> tuple[str, str | None, bool]:
    row = conn.execute(
        "SELECT g.column_name, s.organization, s.organization_coordsys_id, g.geometry_type_name, "
        "s.definition "
        "FROM gpkg_geometry_columns g JOIN gpkg_spatial_ref_sys s ON g.srs_id = s.srs_id "
        "WHERE lower(g.table_name) = lower(?)",
        (layer,),
    ).fetchone()
    if row is None:
        layers = [r[0] for r in conn.execute("SELECT table_name FROM gpkg_geometry_columns")]
        raise InputError(f"{path} has no point layer {layer!r} (it has: {', '.join(layers)})")
    (table_type,) = conn.execute(
        "SELECT type FROM sqlite_master WHERE lower(name) = lower(?)", (layer,)
    ).fetchone() or (None,)
    if table_type != "table":  # a view may be a query without end
        raise InputError(
            f"{path}:{layer}: {VIEW_REASON if table_type == 'view' else 'no such table'}"
        )
    column, org, code, kind, definition = row
    if kind.upper() not in ("POINT", "GEOMETRY"):
        raise InputError(f"{path}:{layer} holds {kind} geometries, not points")
    crs = f"{org.upper()}:{code}" if org and code and code > 0 else None
    projected = str(definition).lstrip().upper().startswith(("PROJCS", "PROJCRS"))
    return column, crs, projected


def read_points(
    path: str | Path,
    layer: str,
    columns: tuple[str, ...] = (),
    where: str = "",
    params: tuple[object, ...] = (),
    expressions: dict[str, str] | None = None,
) -> PointColumns:
    """Coordinates and numeric ``columns`` of every point of ``layer`` (``WHERE where``).

    ``where`` is an SQL condition with ``?`` placeholders bound to ``params``, and
    ``expressions`` maps extra output names to numeric SQL expressions (such as
    ``DENSE_RANK() OVER (ORDER BY user_id)``); both are built by Urbanista's own
    code, never from user text.
    """
    path = Path(path)
    roll_back_hot_journal(path)  # a read-only connection cannot, and would fail
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InputError(f"{path}: cannot open it as a GeoPackage ({exc})") from exc
    try:
        geom, crs, projected = _geometry_column(conn, path, layer)
        condition = f" WHERE ({where}) AND " if where else " WHERE "
        sql = f'FROM "{layer}"{condition}"{geom}" IS NOT NULL'
        (blob_hex,) = conn.execute(
            f"SELECT group_concat(hex(g), '') FROM (SELECT \"{geom}\" AS g {sql} ORDER BY rowid)",
            params,
        ).fetchone()
        wanted = {c: f'"{c}"' for c in columns} | (expressions or {})
        values = {name: _numbers(conn, expr, sql, params) for name, expr in wanted.items()}
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path}:{layer}: cannot read it ({exc})") from exc
    finally:
        conn.close()
    blob = bytes.fromhex(blob_hex or "")
    n = len(next(iter(values.values()))) if values else None
    xy = _decode(blob, n)
    if xy is None:
        return _read_with_gdal(path, layer, columns, where, params, crs, projected)
    return PointColumns(xy[:, 0].copy(), xy[:, 1].copy(), crs, projected, values)


def _numbers(
    conn: sqlite3.Connection, expression: str, sql: str, params: tuple[object, ...]
) -> np.ndarray:
    """A numeric expression as float64, parsed by numpy from one string SQLite builds."""
    query = (
        f"SELECT group_concat(coalesce(CAST(v AS REAL), 'nan'), ',') "
        f"FROM (SELECT {expression} AS v {sql} ORDER BY rowid)"
    )
    (text,) = conn.execute(query, params).fetchone()
    return np.fromstring(text, dtype=float, sep=",") if text else np.empty(0)


def _decode(blob: bytes, count: int | None) -> np.ndarray | None:
    """(n, 2) coordinates if every blob is a little-endian 2-D WKB point of one layout."""
    if not blob:
        return np.empty((0, 2))
    flags = blob[3]
    envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
    if envelope is None or not flags & 1:
        return None
    size = 8 + envelope + 21
    if len(blob) % size or (count is not None and len(blob) // size != count):
        return None
    rows = np.frombuffer(blob, dtype=np.uint8).reshape(-1, size)
    wkb = rows[:, 8 + envelope :]
    same_layout = (rows[:, :2] == (ord("G"), ord("P"))).all() and (rows[:, 3] == flags).all()
    points = (wkb[:, 0] == 1).all() and (wkb[:, 1:5].view("<u4")[:, 0] == _WKB_POINT).all()
    if not (same_layout and points):
        return None
    return np.ascontiguousarray(wkb[:, 5:21]).view("<f8")


def _read_with_gdal(
    path: Path,
    layer: str,
    columns: tuple[str, ...],
    where: str,
    params: tuple[object, ...],
    crs: str | None,
    projected: bool,
) -> PointColumns:
    import pyogrio
    import shapely
    from pyogrio.errors import DataLayerError, DataSourceError

    sql = f'SELECT * FROM "{layer}"' + (f" WHERE {_inline(where, params)}" if where else "")
    try:
        gdf = pyogrio.read_dataframe(path, sql=sql, sql_dialect="SQLITE")
    except (DataSourceError, DataLayerError, shapely.errors.GEOSException) as exc:
        raise InputError(f"{path}:{layer}: cannot read it ({exc})") from exc
    points = gdf.geometry[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    xy = shapely.get_coordinates(points.to_numpy())
    return PointColumns(
        xy[:, 0],
        xy[:, 1],
        crs,
        projected,
        {c: gdf.loc[points.index, c].to_numpy() for c in columns},
    )


def _inline(where: str, params: tuple[object, ...]) -> str:
    """Bind ``params`` into ``where`` as SQL literals (GDAL's SQL takes no parameters)."""
    parts = where.split("?")
    out = parts[0]
    for value, rest in zip(params, parts[1:], strict=True):
        literal = (
            str(value)
            if isinstance(value, int | float)
            else "'" + str(value).replace("'", "''") + "'"
        )
        out += literal + rest
    return out
