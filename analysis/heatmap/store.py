"""A heatmap into a workspace: written once as a GeoTIFF and added as a raster dataset."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.heatmap.points import Heatmap
from analysis.io.geotiff import write_geotiff

if TYPE_CHECKING:
    from analysis.workspace import Transaction


def add_heatmap(
    tx: Transaction,
    heat: Heatmap,
    name: str,
    *,
    title: str,
    quality: Mapping[str, Any],
    description: str = "",
    tags: Mapping[str, object] | None = None,
) -> None:
    """Add ``heat`` to the workspace of ``tx`` as raster ``name`` (tags default to its stats)."""
    with tempfile.TemporaryDirectory(prefix="urbanista-heatmap-") as tmp:
        tif = write_geotiff(
            Path(tmp) / f"{name}.tif",
            heat.values,
            heat.grid,
            heat.crs,
            unit=heat.unit,
            description=description,
            tags=heat.stats if tags is None else tags,
        )
        tx.add_raster(tif, name, title=title, quality=quality)
