"""Repairs to a scratch file that a killed import left behind, before the import resumes.

A resumable transaction keeps its scratch file when the process dies; SQLite's
journal makes each GDAL append all-or-nothing (the next connection rolls a hot
one back), but GDAL also keeps per-layer caches that it writes only when it
closes the file, after the commit. A kill in between leaves them stale, so they
are checked and set right here:

- the feature count (``gpkg_ogr_contents``): pyogrio reads that many rows and
  no more, so a short count hides rows;
- the extent (``gpkg_contents``), which the catalogue and QGIS's zoom use;
- the spatial index of a layer created by the killed append, built only at close.

These belong in the workspace's resumable transactions; until they do this is
the only module outside :mod:`analysis.workspace` that opens a scratch file with SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis.workspace import storage


def repair_layers(staging: Path, tables: Sequence[str]) -> set[str]:
    """Set the feature counts and extents of ``tables`` from their rows and spatial index.

    Returns the tables without a complete spatial index: their rows must be
    written again (the caller replaces such a layer).
    """
    unindexed = set()
    with storage.connect(staging) as conn:
        for table, column in conn.execute(
            "SELECT table_name, column_name FROM gpkg_geometry_columns WHERE table_name IN "
            f"({', '.join('?' * len(tables))})",
            tuple(tables),
        ).fetchall():
            count = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            conn.execute(
                "UPDATE gpkg_ogr_contents SET feature_count = ? WHERE table_name = ?",
                (count, table),
            )
            rtree = f"rtree_{table}_{column}"
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (rtree,)).fetchone():
                unindexed.add(table)
                continue
            indexed, *extent = conn.execute(
                f'SELECT count(*), min(minx), min(miny), max(maxx), max(maxy) FROM "{rtree}"'
            ).fetchone()
            if indexed != count:
                unindexed.add(table)
            elif count:
                conn.execute(
                    "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? "
                    "WHERE table_name = ?",
                    (*extent, table),
                )
    return unindexed
