"""One record per report number, over the files of an import and the workspace's layer.

Which record wins: the one changed most recently (``updated``: the last
update a file gives, else the closing date, else the creation date). On a tie
the record already in the workspace wins, then the record read first (files
in the order given, folders by name). Fields the winner leaves empty are
filled from the other records of its number, most recent first: a CRM export
gives the closing date an Open311 feed lacks. The point is the winner's.

A record counts as imported in its file when it enters the layer (a new
number, or a more recent record of a known one), and as skipped (a duplicate)
otherwise. Importing the same files again changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

UNKNOWN = np.iinfo(np.int64).min
_HELPERS = ["_file", "_stamp", "_order"]


@dataclass
class Merged:
    """The layer after the import, and what each file contributed to it."""

    frame: gpd.GeoDataFrame
    imported: list[int]
    skipped: list[int]
    updated: int
    """Reports already in the workspace replaced by a more recent record or completed."""

    @property
    def changed(self) -> bool:
        """Whether the layer differs from what the workspace holds."""
        return sum(self.imported) > 0 or self.updated > 0


def merge(existing: gpd.GeoDataFrame | None, files: Sequence[gpd.GeoDataFrame]) -> Merged:
    """Merge the records of ``files`` into ``existing`` (the workspace's layer, if any)."""
    import geopandas as gpd
    import pandas as pd

    parts = [f.assign(_file=i) for i, f in enumerate(files)]
    old = existing if existing is not None and len(existing) else None
    pool = pd.concat(
        [*([old.assign(_file=-1)] if old is not None else []), *parts], ignore_index=True
    )
    pool["_stamp"] = _stamps(pool)
    pool["_order"] = np.arange(len(pool))
    pool = pool.sort_values(
        ["report_id", "_stamp", "_order"], ascending=[True, False, True], kind="stable"
    )
    winners = pool.drop_duplicates("report_id", keep="first").set_index("report_id")
    attributes = pool.drop(columns=pool.geometry.name).groupby("report_id", sort=False).first()
    layer = attributes.join(winners[[pool.geometry.name]])
    layer = gpd.GeoDataFrame(layer, geometry=pool.geometry.name, crs=pool.crs)

    from_file = layer["_file"].to_numpy()
    known = np.zeros(len(layer), dtype=bool)
    completed = np.zeros(len(layer), dtype=bool)
    if old is not None:
        known = layer.index.isin(old["report_id"])
        before = old.drop_duplicates("report_id").set_index("report_id")
        mine = layer.loc[before.index, before.columns.drop(before.geometry.name)]
        filled = (before[mine.columns].isna() & mine.notna()).any(axis=1)
        completed = layer.index.isin(filled.index[filled.to_numpy()]) & (from_file < 0)
    counts = pd.Series(from_file[from_file >= 0]).value_counts()
    imported = [int(counts.get(i, 0)) for i in range(len(files))]
    skipped = [len(f) - n for f, n in zip(files, imported, strict=True)]
    updated = int((known & (from_file >= 0)).sum() + completed.sum())
    layer = layer.sort_values("_order").drop(columns=_HELPERS).reset_index()
    return Merged(layer, imported, skipped, updated)


def _stamps(frame: pd.DataFrame) -> np.ndarray:
    """``updated`` in nanoseconds since 1970 (UTC); :data:`UNKNOWN` where not known."""
    import pandas as pd

    if "updated" not in frame:
        return np.full(len(frame), UNKNOWN, dtype=np.int64)
    stamps = pd.to_datetime(frame["updated"], utc=True).astype("datetime64[ns, UTC]")
    out = stamps.dt.tz_localize(None).to_numpy().view(np.int64).copy()
    out[stamps.isna().to_numpy()] = UNKNOWN
    return np.asarray(out, dtype=np.int64)
