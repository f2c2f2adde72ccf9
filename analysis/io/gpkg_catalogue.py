"""What a GeoPackage holds, read with SQLite before GDAL touches it.

GDAL runs whatever a layer is, and a layer may be an SQL view: a query, which
a recursive one makes endless. :func:`read_catalogue` reads only the tables
that list the layers (``sqlite_master``, ``gpkg_geometry_columns``), under a
time budget (SQLite's progress handler aborts a query past its deadline),
tells the layers that are tables from those that are not, and refuses a file
whose own GeoPackage tables are views. Readers then open the tables only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import InputError
from analysis.io.budget import Deadline
from analysis.workspace.storage import roll_back_hot_journal

BUDGET_S = 10.0
"""Seconds the catalogue of one GeoPackage may take to read."""
SQLITE_HEADER = b"SQLite format 3\x00"
ZIP_HEADER = b"PK\x03\x04"
_STEPS = 10_000
"""SQLite virtual machine steps between two looks at the clock."""
VIEW_REASON = (
    "an SQL view, not a table, so not read (a view is a query, which may never end; "
    "save it as a table first, e.g. with ogr2ogr)"
)


class NotGeoPackage(InputError):
    """The file is no GeoPackage at all: empty, a ZIP archive, not SQLite, or SQLite without one."""


@dataclass(frozen=True)
class Catalogue:
    """The spatial layers of a GeoPackage: those that are tables, and the others with why."""

    tables: list[str]
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        """Every spatial layer the GeoPackage lists."""
        return self.tables + list(self.refused)


def is_sqlite(path: Path) -> bool:
    """Whether ``path`` starts like an SQLite database (a GeoPackage, whatever its name)."""
    with open(path, "rb") as f:
        return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def check_sqlite(path: Path, name: str = "") -> None:
    """Refuse a file that is not an SQLite database, saying what it is.

    Raises
    ------
    NotGeoPackage
        Starting with ``name``: the file is empty, a ZIP archive, or other bytes.
    """
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_HEADER))
    if head == SQLITE_HEADER:
        return
    if not head:
        raise NotGeoPackage(_named(name, "the file is empty, not a GeoPackage"))
    if head.startswith(ZIP_HEADER):
        raise NotGeoPackage(
            _named(name, "a ZIP archive, not a GeoPackage: unpack it, or name it .zip")
        )
    raise NotGeoPackage(_named(name, "not a GeoPackage (not an SQLite database)"))


def read_catalogue(path: Path, name: str = "", budget_s: float = BUDGET_S) -> Catalogue:
    """The spatial layers of the GeoPackage ``path``, read within ``budget_s`` seconds.

    Messages start with ``name`` (the path, where the caller does not say which
    file it is: an import's summary does).

    Raises
    ------
    NotGeoPackage
        If the file is no GeoPackage at all.
    InputError
        If it is damaged, one of its own tables is a view, or reading it runs
        past the budget.
    """
    check_sqlite(path, name)
    roll_back_hot_journal(path)  # a read-only connection cannot, and would fail
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InputError(_named(name, f"cannot open it as a GeoPackage ({exc})")) from exc
    try:
        with deadline(conn, budget_s, name):
            return _catalogue(conn, name)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # names not UTF-8: damaged too
        raise InputError(_named(name, f"a damaged GeoPackage ({exc})")) from exc
    finally:
        conn.close()


@contextmanager
def deadline(conn: sqlite3.Connection, seconds: float, name: str) -> Iterator[None]:
    """Abort any query of ``conn`` that runs past ``seconds`` from now.

    Raises
    ------
    InputError
        Starting with ``name``, with the budget, when a query was aborted.
    """
    budget = Deadline.start(seconds)
    conn.set_progress_handler(lambda: budget.passed, _STEPS)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if not budget.passed:
            raise
        raise budget.error(name) from exc
    finally:
        conn.set_progress_handler(None, 0)


def _catalogue(conn: sqlite3.Connection, name: str) -> Catalogue:
    listed = conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")
    kinds = {str(n).lower(): str(t) for n, t in listed}
    if kinds.get("gpkg_contents") is None:
        raise NotGeoPackage(
            _named(name, "an SQLite database but not a GeoPackage (no gpkg_contents table)")
        )
    own_views = sorted(n for n, t in kinds.items() if n.startswith("gpkg_") and t == "view")
    if own_views:
        raise InputError(
            _named(
                name,
                f"its GeoPackage table {own_views[0]} is an SQL view, "
                "which a GeoPackage never needs; refused",
            )
        )
    if "gpkg_geometry_columns" not in kinds:
        return Catalogue([])
    tables, refused = [], {}
    for (layer,) in conn.execute("SELECT table_name FROM gpkg_geometry_columns"):
        kind = kinds.get(str(layer).lower())
        if kind == "table":
            tables.append(str(layer))
        elif kind == "view":
            refused[str(layer)] = VIEW_REASON
        else:
            refused[str(layer)] = "listed in gpkg_geometry_columns, but no such table"
    return Catalogue(tables, refused)


def _named(name: str, text: str) -> str:
    return f"{name}: {text}" if name else text
