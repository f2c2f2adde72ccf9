"""The default map of a workspace: its own layers as basemap, themes and results.

Order, bottom to top: the basemap (water, parks, streets by class, district
boundaries), heatmaps (semi-transparent), the thematic datasets and citizen
reports (by category), then analysis results (the cycle network's issues by
kind). Styles come from :mod:`analysis.export.styles`, so the canvas matches
the print and HTML maps.
Residents' tracks are personal data and never drawn; heatmaps show them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from analysis.export.map_layers import is_cycling
from analysis.export.styles import (
    CATEGORY_COLOURS,
    CATEGORY_LABELS,
    ISSUE_COLOURS,
    ISSUE_LABELS,
    ROAD_CLASS_STYLE,
    STYLE_BY_ROLE,
    Style,
    role_of,
)
from analysis.export.titles import layer_title
from analysis.planning import gaps
from analysis.progress import NullProgress, Progress, check_cancelled
from analysis.workspace import CatalogueEntry, DatasetKind
from desktop.i18n import current_language
from desktop.map.layers import PT_TO_PX, CategoryStyle, LayerStyle, VectorLayer
from desktop.map.raster import RasterLayer

if TYPE_CHECKING:
    from analysis.workspace import Workspace

BASEMAP_ROLES = ("water", "parks", "streets", "districts")
SHOWN_ANALYSIS_ROLES = ("gap_corridors", "gap_links", "proposed_racks", "report_hotspots")
HEATMAP_OPACITY = 0.7
ISSUES_ROLE = "gap_issues"
"""The canvas's own role of the cycle network checks (:data:`analysis.planning.gaps.ISSUES`),
drawn by kind."""


@dataclass(frozen=True)
class Planned:
    """A catalogue entry the default map will draw, and how."""

    entry: CatalogueEntry
    role: str | None
    tier: int
    """0 basemap, 1 heatmaps, 2 thematic layers, 3 analysis results."""
    visible: bool


def plan_layers(workspace: Workspace) -> list[Planned]:
    """Which entries the default map draws, bottom first, and which start visible."""
    geometry = {str(n): str(g) for n, g in workspace.geometry_types().items()}
    rasters = [e for e in workspace.entries() if e.kind is DatasetKind.RASTER]
    rasters.sort(key=lambda e: not is_cycling(e))  # one heatmap shown: cycling if any
    planned = [Planned(e, "heatmap", 1, i == 0) for i, e in enumerate(rasters)]
    for e in workspace.entries():
        if e.kind in (DatasetKind.RASTER, DatasetKind.TRACKS) or not e.feature_count:
            continue
        if geometry.get(e.name) in (None, "None"):
            continue  # attribute tables
        role = _role(e, geometry[e.name])
        if e.kind is DatasetKind.ANALYSIS:
            planned.append(Planned(e, role, 3, role in SHOWN_ANALYSIS_ROLES))
        else:
            planned.append(Planned(e, role, 0 if role in BASEMAP_ROLES else 2, True))

    def order(p: Planned) -> tuple[int, int]:
        return (p.tier, STYLE_BY_ROLE[p.role].zorder if p.role in STYLE_BY_ROLE else 7)

    return sorted(planned, key=order)  # stable: catalogue order within a tier and zorder


def _role(entry: CatalogueEntry, geometry_type: str) -> str | None:
    """The entry's map role; the print and HTML maps leave the network checks out."""
    analysis = entry.quality.get("analysis")
    if entry.kind is DatasetKind.ANALYSIS and analysis == gaps.KEY and entry.name == gaps.ISSUES:
        return ISSUES_ROLE
    return role_of(entry, geometry_type)


def workspace_layers(
    workspace: Workspace, progress: Progress | None = None
) -> list[VectorLayer | RasterLayer]:
    """Read the default map's layers (bottom first); reports progress, stops on cancel."""
    return read_layers(workspace, plan_layers(workspace), progress)


def read_layers(
    workspace: Workspace, plan: list[Planned], progress: Progress | None = None
) -> list[VectorLayer | RasterLayer]:
    """Read the planned layers, in the plan's order; reports progress, stops on cancel.

    Layers are titled in the app's language (:func:`~analysis.export.titles.layer_title`).
    """
    progress = progress or NullProgress()
    language = current_language()
    layers: list[VectorLayer | RasterLayer] = []
    for i, p in enumerate(plan):
        check_cancelled(progress)
        title = layer_title(p.entry, language)
        progress.report(i / max(1, len(plan)), title)
        if p.entry.kind is DatasetKind.RASTER:
            path = workspace.raster_file(p.entry.name)
            layers.append(
                RasterLayer(
                    p.entry.name,
                    path,
                    crs=workspace.crs,
                    title=title,
                    visible=p.visible,
                    opacity=HEATMAP_OPACITY,
                )
            )
            continue
        frame = workspace.read_layer(p.entry.name)
        style = layer_style(p.role, list(frame.columns))
        opacity = STYLE_BY_ROLE[p.role].opacity if p.role in STYLE_BY_ROLE else 1.0
        layers.append(
            VectorLayer.from_frame(
                p.entry.name, frame, style, title=title, visible=p.visible, opacity=opacity
            )
        )
    progress.report(1.0)
    return layers


def layer_style(role: str | None, columns: list[str]) -> LayerStyle:
    """The canvas style of a layer role; streets by class, reports by category, issues by kind."""
    base = STYLE_BY_ROLE.get(role or "") or Style(
        "#666666", "", "", width_pt=0.8, fill="#bbbbbb", fill_opacity=0.4
    )
    style = LayerStyle(
        colour=base.colour,
        width_px=max(1.0, base.width_pt * PT_TO_PX),
        size_px=base.marker_size_pt * PT_TO_PX + 2,
        fill=base.fill,
        fill_opacity=base.fill_opacity,
        marker="s" if base.marker == "s" else "o",
        dash=None if base.dash is None else tuple(d / base.width_pt for d in base.dash),
    )
    if role == "streets":
        column = next(
            (c for c in ("klasa", "highway", "class", "fclass", "road_class") if c in columns), None
        )
        if column:
            categories = {
                key: CategoryStyle(colour, max(1.0, width * PT_TO_PX), label)
                for key, (colour, width, _, label) in ROAD_CLASS_STYLE.items()
            }
            style = replace(style, category_field=column, categories=categories)
    if role in ("reports", "report_hotspots") and "category" in columns:
        categories = {
            key: CategoryStyle(colour, None, CATEGORY_LABELS[key][1])
            for key, colour in CATEGORY_COLOURS.items()
        }
        style = replace(style, category_field="category", categories=categories)
    if role == ISSUES_ROLE and "type" in columns:
        categories = {
            key: CategoryStyle(colour, None, ISSUE_LABELS[key][1])
            for key, colour in ISSUE_COLOURS.items()
        }
        style = replace(style, category_field="type", categories=categories)
    return style
