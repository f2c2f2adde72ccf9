"""Which workspace layer plays which part in an analysis: the streets, the cycleways...

Cities name their layers as they like (``ulice``, ``streets``, ``BDOT10k_SKDR``);
analyses ask for a role, and the user may name the layer. Without a name the
role is guessed from the layer names and geometry types; the guess is the
largest matching layer, and a missing one is an error that lists the candidates.
A role may also ask for columns, and refuse the results of some analyses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.errors import InputError
from analysis.workspace.catalogue import CatalogueEntry, DatasetKind
from analysis.workspace.workspace import Workspace


@dataclass(frozen=True)
class Role:
    """A part a layer can play: what its name looks like and which geometries it holds."""

    label: str
    pattern: str
    """Regular expression searched in the layer's name and title, case-insensitive."""
    geometries: tuple[str, ...]
    exclude: str = r"(?!)"
    kind: DatasetKind = DatasetKind.DATASET
    columns: tuple[str, ...] = ()
    """Columns a layer must hold to play the role."""
    not_from: tuple[str, ...] = ()
    """Analyses whose stored results (``quality["analysis"]``) cannot play the role."""


LINES = ("LINESTRING", "MULTILINESTRING")
POINTS = ("POINT", "MULTIPOINT")
POLYGONS = ("POLYGON", "MULTIPOLYGON")

STREETS = Role(
    "street network",
    r"ulic|street|road|drog|jezdni|osm_lines|skdr",
    LINES,
    exclude=r"rower|cycl|bike",
)
CYCLEWAYS = Role("cycleways", r"rower|cycl|bike|ddr", LINES)
RACKS = Role("bike racks", r"stojak|rack|bicycle_parking|parking_rower|parkingi_rower", POINTS)
SCHOOLS = Role("schools", r"szkol|school|oswiat", POINTS + POLYGONS)
BUS_STOPS = Role("public transport stops", r"przystan|stop|bus|tram", POINTS)
PARKS = Role("parks", r"park|zielen|green", POINTS + POLYGONS)
SHOPS = Role("shops and markets", r"sklep|shop|hala|market|targ|handel", POINTS + POLYGONS)
DISTRICTS = Role("districts", r"dzielnic|district|osiedl|obreb|rejon|jednost", POLYGONS)
REPORTS = Role("citizen reports", r".", POINTS, kind=DatasetKind.REPORTS)
ACTIVITIES = Role("activity tracks", r"activit|track|trasy|slad", LINES, kind=DatasetKind.TRACKS)
"""The activity tracks layer (the track importer writes ``activities``)."""
USAGE = Role(
    "cycling usage per street segment",
    r"^usage_cycling_segments\b",
    LINES,
    kind=DatasetKind.ANALYSIS,
    columns=("users", "users_per_day"),
    not_from=("gaps",),
)
"""What ``urbanista usage --type cycling`` stores, and the gap analysis reads.

A layer with the counts per segment the gap analysis needs, but none of the gap
analysis' own results: its corridors and segments hold those counts too."""


def find_layer(workspace: Workspace, role: Role, name: str | None = None) -> str:
    """The layer of ``workspace`` that plays ``role``: ``name`` if given, else the best guess.

    Raises
    ------
    InputError
        If ``name`` is no vector layer of the workspace, holds other geometries,
        lacks the role's columns or is a result it refuses; or if no layer looks
        like ``role``.
    """
    geometry = _geometry_types(workspace)
    if name is not None:
        entry = workspace.entry(name)  # raises, listing the datasets, if there is none
        if geometry.get(name, "").upper() not in role.geometries:
            raise InputError(
                f"{name!r} in {workspace.path} holds {geometry.get(name, 'no geometries')}, "
                f"but the {role.label} layer must hold {' or '.join(role.geometries).lower()}"
            )
        if (analysis := entry.quality.get("analysis")) in role.not_from:
            raise InputError(
                f"{name!r} is a result of the {analysis} analysis, not the {role.label} layer"
            )
        if missing := missing_columns(workspace, role, name):
            raise InputError(
                f"{name!r} in {workspace.path} has no column "
                f"{', '.join(missing)}, which the {role.label} layer must "
                "hold"
            )
        return name
    matches = [e for e in _of_kind(workspace, role, geometry) if looks_like(e, role)]
    if not matches:
        candidates = [n for n, g in geometry.items() if g.upper() in role.geometries]
        raise InputError(
            f"{workspace.path}: no layer looks like the {role.label}; name it (layers with "
            f"suitable geometries: {', '.join(candidates) or 'none'})"
        )
    return max(matches, key=lambda e: e.feature_count or 0).name


def candidate_layers(workspace: Workspace, role: Role) -> list[CatalogueEntry]:
    """The layers that could play ``role``: of its kind, holding its geometries.

    Those that look like ``role`` come first, largest first, so the first is
    :func:`find_layer`'s guess if it :func:`looks_like` the role; the others
    follow, largest first.
    """
    return sorted(
        _of_kind(workspace, role, _geometry_types(workspace)),
        key=lambda e: (not looks_like(e, role), -(e.feature_count or 0)),
    )


def find_optional_layer(workspace: Workspace, role: Role, name: str | None = None) -> str | None:
    """Like :func:`find_layer`, but None when no layer is named and none looks like ``role``.

    A named layer must still exist and hold the right geometries.
    """
    if name is not None:
        return find_layer(workspace, role, name)
    try:
        return find_layer(workspace, role)
    except InputError:
        return None


def missing_columns(workspace: Workspace, role: Role, name: str) -> list[str]:
    """The columns of ``role`` the layer ``name`` lacks."""
    if not role.columns:
        return []
    with workspace.read_sql() as conn:
        rows = conn.execute("SELECT name FROM pragma_table_info(?)", (name,))
        held = {column for (column,) in rows}
    return [c for c in role.columns if c not in held]


def _of_kind(workspace: Workspace, role: Role, geometry: dict[str, str]) -> list[CatalogueEntry]:
    return [
        e
        for e in workspace.entries()
        if e.kind is role.kind
        and geometry.get(e.name, "").upper() in role.geometries
        and e.quality.get("analysis") not in role.not_from
        and not missing_columns(workspace, role, e.name)
    ]


def looks_like(entry: CatalogueEntry, role: Role) -> bool:
    """Whether the name or title of ``entry`` looks like ``role``'s (not its geometries)."""
    text = f"{entry.name} {entry.title or ''}"
    return bool(re.search(role.pattern, text, re.I) and not re.search(role.exclude, text, re.I))


def _geometry_types(workspace: Workspace) -> dict[str, str]:
    with workspace.read_sql() as conn:
        rows = conn.execute("SELECT table_name, geometry_type_name FROM gpkg_geometry_columns")
        return {name: kind for name, kind in rows}
