"""Moving a transaction's staged tables into the workspace in one SQLite transaction.

A :class:`~analysis.workspace.Transaction` has GDAL write its layers into a
small scratch GeoPackage beside the workspace. Its commit attaches the scratch
to one SQLite connection on the workspace and, between ``BEGIN IMMEDIATE`` and
``COMMIT``, puts each staged table in place with everything GeoPackage readers
look for (``gpkg_contents``, ``gpkg_geometry_columns``, ``gpkg_extensions``,
``gpkg_ogr_contents``, the R-tree spatial index and its triggers), then writes
the catalogue rows. SQLite's rollback journal makes that one atomic, durable
commit: a process killed at any moment leaves the old workspace or the new one,
and the next connection that can write rolls a hot journal back. The work is
proportional to the rows staged, not to the workspace.

A staged table is merged in one of three ways:

- ``replace``: the workspace's table of that name (if any) is dropped and the
  staged one takes its place;
- ``append``: the staged rows are added to the workspace's table, their feature
  ids shifted past its last one, and so are their spatial index entries;
- ``drop``: the workspace's table is dropped (a raster took its name).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from enum import StrEnum

from analysis.errors import WorkspaceError

SCRATCH = "scratch"
"""The schema name the scratch GeoPackage is attached under."""

_BOOKKEEPING = (
    "gpkg_contents",
    "gpkg_geometry_columns",
    "gpkg_extensions",
    "gpkg_ogr_contents",
    "gpkg_data_columns",
    "gpkg_metadata_reference",
)
"""GeoPackage tables that register a table by its ``table_name``."""


def quoted(identifier: str) -> str:
    """``identifier`` as an SQL name: in double quotes, its own doubled."""
    return '"' + identifier.replace('"', '""') + '"'


class Mode(StrEnum):
    """How a staged table joins the workspace."""

    REPLACE = "replace"
    APPEND = "append"
    DROP = "drop"


def merge_table(conn: sqlite3.Connection, name: str, mode: Mode) -> None:
    """Merge the staged table ``name`` into ``main`` (inside the caller's transaction)."""
    if mode is Mode.APPEND and _exists(conn, "main", name):
        _append(conn, name)
        return
    _drop(conn, name)
    if mode is not Mode.DROP:
        _copy(conn, name)


def _exists(conn: sqlite3.Connection, schema: str, table: str) -> bool:
    row = conn.execute(
        f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND lower(name) = lower(?)",
        (table,),
    ).fetchone()
    return row is not None


def _geometry_columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    if not _exists(conn, schema, "gpkg_geometry_columns"):
        return []
    rows = conn.execute(
        f"SELECT column_name FROM {schema}.gpkg_geometry_columns WHERE lower(table_name) = "
        "lower(?)",
        (table,),
    ).fetchall()
    return [r[0] for r in rows]


def _rtrees(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    """The R-tree index tables of ``table`` that exist in ``schema``."""
    names = [f"rtree_{table}_{column}" for column in _geometry_columns(conn, schema, table)]
    return [n for n in names if _exists(conn, schema, n)]


def _drop(conn: sqlite3.Connection, name: str) -> None:
    """Drop ``name`` from ``main`` with its index, triggers and registrations."""
    for rtree in _rtrees(conn, "main", name):
        conn.execute(f'DROP TABLE main."{rtree}"')  # its shadow tables go with it
    conn.execute(f'DROP TABLE IF EXISTS main."{name}"')  # indexes and triggers go with it
    for table in _BOOKKEEPING:
        if _exists(conn, "main", table):
            conn.execute(f"DELETE FROM main.{table} WHERE lower(table_name) = lower(?)", (name,))


def _schema_objects(
    conn: sqlite3.Connection, tables: Iterable[str], kinds: tuple[str, ...]
) -> list[str]:
    """The SQL that created the scratch objects of ``kinds`` on ``tables``, in creation order."""
    names = list(tables)
    marks = ", ".join("?" * len(names))
    kind_marks = ", ".join("?" * len(kinds))
    rows = conn.execute(
        f"SELECT sql FROM {SCRATCH}.sqlite_master WHERE tbl_name IN ({marks}) "
        f"AND type IN ({kind_marks}) AND sql IS NOT NULL ORDER BY rowid",
        (*names, *kinds),
    ).fetchall()
    return [r[0] for r in rows]


def _copy(conn: sqlite3.Connection, name: str) -> None:  # noqa: C901 - one step per GeoPackage registration a copied table needs
    """Create ``name`` in ``main`` as it is in the scratch, rows, index and registrations."""
    if not _exists(conn, SCRATCH, name):
        raise WorkspaceError(f"the staged layer {name!r} is missing from its scratch file")
    rtrees = _rtrees(conn, SCRATCH, name)
    for sql in _schema_objects(conn, [name], ("table",)):
        conn.execute(sql)
    conn.execute(f'INSERT INTO main."{name}" SELECT * FROM {SCRATCH}."{name}"')
    for rtree in rtrees:
        for sql in _schema_objects(conn, [rtree], ("table",)):
            if sql.upper().startswith("CREATE VIRTUAL TABLE"):
                conn.execute(sql)
        conn.execute(f'INSERT INTO main."{rtree}" SELECT * FROM {SCRATCH}."{rtree}"')
    _copy_spatial_ref_sys(conn, name)
    for table in _BOOKKEEPING:
        if not _exists(conn, SCRATCH, table):
            continue
        if not _exists(conn, "main", table):
            for sql in _schema_objects(conn, [table], ("table",)):
                conn.execute(sql)
        conn.execute(
            f"INSERT INTO main.{table} SELECT * FROM {SCRATCH}.{table} WHERE table_name = ?",
            (name,),
        )
    # Indexes and triggers last: GDAL's R-tree triggers call its own SQL functions,
    # which this connection does not have, so they must not fire on the copy.
    for sql in _schema_objects(conn, [name, *rtrees], ("index", "trigger")):
        conn.execute(sql)


def _copy_spatial_ref_sys(conn: sqlite3.Connection, name: str) -> None:
    """Add the staged table's CRS to ``main``; refuse one whose id means another CRS there."""
    rows = conn.execute(
        f"SELECT s.* FROM {SCRATCH}.gpkg_spatial_ref_sys s JOIN {SCRATCH}.gpkg_contents c "
        "ON c.srs_id = s.srs_id WHERE c.table_name = ?",
        (name,),
    ).fetchall()
    for row in rows:
        srs_id, definition = row[1], row[4]
        known = conn.execute(
            "SELECT definition FROM main.gpkg_spatial_ref_sys WHERE srs_id = ?", (srs_id,)
        ).fetchone()
        if known is None:
            conn.execute(
                f"INSERT INTO main.gpkg_spatial_ref_sys VALUES ({', '.join('?' * len(row))})", row
            )
        elif srs_id > 0 and known[0] != definition and not _same_crs(known[0], definition):
            raise WorkspaceError(
                f"layer {name!r}: its CRS id {srs_id} means another CRS in the workspace"
            )


def _same_crs(ours: str, theirs: str) -> bool:
    """Whether two WKT texts define one CRS (PROJ versions name and word them differently)."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        return bool(CRS.from_wkt(ours).equals(CRS.from_wkt(theirs), ignore_axis_order=True))
    except CRSError:
        return False


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[tuple[str, str, int]]:
    """(name, declared type, primary key position) of each column."""
    rows = conn.execute(f'PRAGMA {schema}.table_info("{table}")').fetchall()
    return [(r[1], r[2], r[5]) for r in rows]


def _append(conn: sqlite3.Connection, name: str) -> None:
    """Add the staged rows of ``name`` to ``main``'s table, ids after its last one."""
    ours = _columns(conn, "main", name)
    staged = _columns(conn, SCRATCH, name)
    key = next((c for c, _, pk in ours if pk == 1), None)
    staged_key = next((c for c, _, pk in staged if pk == 1), None)
    if key is None or staged_key is None:
        raise WorkspaceError(f"layer {name!r} has no feature id column to append to")
    _check_compatible(conn, name, ours, staged)
    have = {c.lower() for c, _, _ in ours}
    for column, declared, _ in staged:
        if column.lower() not in have:
            conn.execute(f'ALTER TABLE main."{name}" ADD COLUMN {quoted(column)} {declared}')
    fields = [c for c, _, pk in staged if pk != 1]
    offset = conn.execute(f'SELECT coalesce(max({quoted(key)}), 0) FROM main."{name}"').fetchone()[
        0
    ]
    rtrees = _rtrees(conn, "main", name)
    if set(rtrees) != {r.lower() for r in _rtrees(conn, SCRATCH, name)} and rtrees:
        raise WorkspaceError(f"the staged rows of {name!r} have no spatial index")
    triggers = conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND "
        "tbl_name IN (" + ", ".join("?" * (1 + len(rtrees))) + ")",
        (name, *rtrees),
    ).fetchall()
    for trigger, _ in triggers:  # they call GDAL's SQL functions; the index is copied instead
        conn.execute(f'DROP TRIGGER main."{trigger}"')
    listed = ", ".join(quoted(c) for c in fields)
    conn.execute(
        f'INSERT INTO main."{name}" ({quoted(key)}, {listed}) '
        f'SELECT {quoted(staged_key)} + ?, {listed} FROM {SCRATCH}."{name}"',
        (offset,),
    )
    for rtree in rtrees:
        conn.execute(
            f'INSERT INTO main."{rtree}" SELECT id + ?, minx, maxx, miny, maxy '
            f'FROM {SCRATCH}."{rtree}"',
            (offset,),
        )
    for _, sql in triggers:
        conn.execute(sql)
    _extend_registration(conn, name)


def _check_compatible(
    conn: sqlite3.Connection,
    name: str,
    ours: list[tuple[str, str, int]],
    staged: list[tuple[str, str, int]],
) -> None:
    """Refuse rows whose geometry or column types differ from the layer they join.

    A layer declared for any geometry (``GEOMETRY``, as an empty one is) takes any.
    """
    query = (
        "SELECT geometry_type_name FROM {}.gpkg_geometry_columns WHERE lower(table_name) = lower(?)"
    )
    shapes = [conn.execute(query.format(db), (name,)).fetchone() for db in ("main", SCRATCH)]
    if (shapes[0] is None) != (shapes[1] is None):
        raise WorkspaceError(
            f"cannot add rows to {name!r}: one has geometries and the other not; write the "
            "layer anew instead"
        )
    if shapes[0] is not None and shapes[0][0].upper() not in ("GEOMETRY", shapes[1][0].upper()):
        raise WorkspaceError(
            f"cannot add rows to {name!r}: it holds {shapes[0][0]}, the new rows {shapes[1][0]}"
        )
    geometry = {c.lower() for c in _geometry_columns(conn, "main", name)}
    declared = {c.lower(): t.upper() for c, t, _ in ours if c.lower() not in geometry}
    for column, kind, _ in staged:
        if not _fits(kind.upper(), declared.get(column.lower(), kind.upper())):
            raise WorkspaceError(
                f"cannot add rows to {name!r}: its column {column!r} holds "
                f"{declared[column.lower()]}, the new rows {kind.upper()}"
            )


_WHOLE = ("INTEGER", "INT", "MEDIUMINT", "SMALLINT", "TINYINT", "BOOLEAN")
_REAL = ("REAL", "FLOAT", "DOUBLE")


def _fits(staged: str, ours: str) -> bool:
    """Whether values declared ``staged`` keep their meaning in a column declared ``ours``."""
    return (
        staged == ours
        or (staged in _WHOLE and ours in _REAL)
        or (staged in _WHOLE and ours in _WHOLE and "BOOLEAN" not in (staged, ours))
    )


def _extend_registration(conn: sqlite3.Connection, name: str) -> None:
    """Grow ``main``'s extent and feature count of ``name`` by the staged rows."""
    query = (
        "SELECT min_x, min_y, max_x, max_y, last_change FROM {}.gpkg_contents WHERE "
        "lower(table_name) = lower(?)"
    )
    ours = conn.execute(query.format("main"), (name,)).fetchone()
    staged = conn.execute(query.format(SCRATCH), (name,)).fetchone()
    if ours is not None and staged is not None:
        pairs = [(a, b) for a, b in zip(ours[:4], staged[:4], strict=True)]
        known = [[v for v in pair if v is not None] for pair in pairs]
        extent = [
            (min if i < 2 else max)(values) if values else None for i, values in enumerate(known)
        ]
        conn.execute(
            "UPDATE main.gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, "
            "last_change = ? WHERE lower(table_name) = lower(?)",
            (*extent, staged[4], name),
        )
    if _exists(conn, "main", "gpkg_ogr_contents"):
        added = conn.execute(f'SELECT count(*) FROM {SCRATCH}."{name}"').fetchone()[0]
        conn.execute(
            "UPDATE main.gpkg_ogr_contents SET feature_count = feature_count + ? "
            "WHERE lower(table_name) = lower(?) AND feature_count IS NOT NULL",
            (added, name),
        )
