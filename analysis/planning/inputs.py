"""Which workspace layers each analysis reads, and reading them.

An analysis declares its slots: the parts layers play in it (the streets, the
cycleways...), each with its :class:`~analysis.workspace.roles.Role` and whether
the analysis needs it. The readers below take ``layers``, a mapping of slot keys
to layer names, as the CLI's options and the app's layer choices give them:

- a name is taken, and must exist and hold the role's geometries;
- a missing key or None is the role's best guess (an optional slot with no
  guess is left out);
- :data:`LEFT_OUT`, an empty name, leaves an optional slot out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.errors import InputError
from analysis.privacy.people import COLUMNS as PEOPLE_COLUMNS
from analysis.progress import NullProgress, Progress, check_cancelled
from analysis.workspace import roles as r
from analysis.workspace.workspace import Workspace

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from analysis.planning.racks import RackInputs

Layers = Mapping[str, str | None]
"""Slot key to layer name: see the module's docstring."""

LEFT_OUT = ""
"""The name that leaves an optional slot out (for the gap analysis' usage: count it now)."""

USAGE_LAYER = "usage_cycling_segments"
"""The per-segment cycling usage the gap analysis reads (``urbanista usage --type cycling``)."""

COUNTING_USAGE = f"no {USAGE_LAYER} layer: counting cycling usage now"
"""The progress message of :func:`gap_inputs` when it counts the usage itself."""


@dataclass(frozen=True)
class Slot:
    """A part a layer plays in an analysis."""

    key: str
    """The key of ``layers`` (and the CLI option, ``--KEY``)."""
    role: r.Role
    required: bool = False
    columns: tuple[str, ...] | None = None
    """The columns read; None: all."""
    unless: str | None = None
    """The key of a slot whose layer, when one is read, leaves this one unused."""
    help: str | None = None
    """What the layer is for, when its role's label does not say it (``--usage``)."""

    @property
    def flag(self) -> str:
        """The CLI option that names its layer: ``--bus-stops``."""
        return "--" + self.key.replace("_", "-")

    def describe(self) -> str:
        """One sentence for the CLI's help and ``urbanista analyze list``."""
        text = self.help or f"Layer of {self.role.label} (default: a guess)."
        return text if self.required else text + ' An empty name ("") leaves it out.'


@dataclass(frozen=True)
class Inputs:
    """What an analysis reads from a workspace: its slots' layers, and the workspace.

    The workspace is there for what is not a layer (the tracks, read in chunks;
    the copies of rides; the catalogue).
    """

    workspace: Workspace
    layers: Mapping[str, gpd.GeoDataFrame | None]
    """Slot key to its layer, None for a slot left out."""
    names: Mapping[str, str]
    """Slot key to the name of the layer read, :data:`LEFT_OUT` for a slot left out."""
    notes: tuple[str, ...] = ()
    """What a person should know before the analysis runs (it counts usage now...)."""

    def layer(self, key: str) -> gpd.GeoDataFrame:
        """The layer of a slot that was read (a required one, or one checked not None)."""
        frame = self.layers.get(key)
        if frame is None:
            raise InputError(f"no {key} layer was read, but the analysis needs one")
        return frame


def read_slots(
    workspace: Workspace,
    slots: Sequence[Slot],
    layers: Layers | None = None,
    progress: Progress | None = None,
) -> Inputs:
    """Read the layer of every slot: named in ``layers``, else guessed, else left out.

    A slot whose ``unless`` slot was read is left out. Required slots are read
    first, so a missing one fails before anything large is read.
    """
    progress = progress or NullProgress()
    names = _names(workspace, slots, layers)
    for slot in slots:
        if slot.unless is not None and names.get(slot.unless):
            names.pop(slot.key, None)
    frames: dict[str, gpd.GeoDataFrame | None] = {}
    order = sorted(slots, key=lambda s: not s.required)
    for i, slot in enumerate(order):
        check_cancelled(progress)
        progress.report(i / max(len(order), 1), f"reading {names.get(slot.key) or slot.key}")
        frames[slot.key] = (
            None
            if slot.key not in names
            else workspace.read_layer(
                names[slot.key], columns=None if slot.columns is None else list(slot.columns)
            )
        )
    progress.report(1.0, "layers read")
    return Inputs(workspace, {s.key: frames[s.key] for s in slots}, _every_slot(slots, names))


GAP_SLOTS = (
    Slot("usage", r.USAGE),
    Slot("streets", r.STREETS, unless="usage"),
    Slot("cycleways", r.CYCLEWAYS, required=True),
    Slot("reports", r.REPORTS),
)
"""The gap analysis' layers: without usage it is counted now on the streets."""

RACK_SLOTS = (
    Slot("streets", r.STREETS, required=True),
    Slot("racks", r.RACKS),
    Slot("activities", r.ACTIVITIES, columns=("activity_id", "type", *PEOPLE_COLUMNS)),
    Slot("reports", r.REPORTS),
    Slot("schools", r.SCHOOLS),
    Slot("bus_stops", r.BUS_STOPS),
    Slot("shops", r.SHOPS),
    Slot("parks", r.PARKS),
)
REPORT_SLOTS = (Slot("reports", r.REPORTS, required=True), Slot("districts", r.DISTRICTS))
DISTRICT_SLOTS = (
    Slot("districts", r.DISTRICTS, required=True),
    Slot("cycleways", r.CYCLEWAYS),
    Slot("racks", r.RACKS),
    Slot("reports", r.REPORTS),
    Slot("activities", r.ACTIVITIES),
)

_POIS = {"schools": "school", "bus_stops": "bus_stop", "shops": "shop", "parks": "park"}
"""Rack slots of points of interest, and their kind in :class:`RackInputs`."""


@dataclass(frozen=True)
class GapInputs:
    """The layers of :func:`~analysis.planning.gaps.gap_analysis`."""

    streets: gpd.GeoDataFrame
    """Street segments with their cycling usage."""
    cycleways: gpd.GeoDataFrame
    reports: gpd.GeoDataFrame | None
    names: dict[str, str]
    """Slot key to the name of each layer read, "" for a slot not read."""


@dataclass(frozen=True)
class ReportInputs:
    """The layers of :func:`~analysis.planning.reports.analyze_reports` and their names."""

    reports: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame | None
    names: dict[str, str]
    """Slot key to the name of each layer read, "" for a slot left out."""


@dataclass(frozen=True)
class DistrictInputs:
    """The layers of :func:`~analysis.planning.districts.district_stats` and their names."""

    districts: gpd.GeoDataFrame
    cycleways: gpd.GeoDataFrame | None
    racks: gpd.GeoDataFrame | None
    reports: gpd.GeoDataFrame | None
    activities: gpd.GeoDataFrame | None
    names: dict[str, str]
    """Slot key to the name of each layer read, "" for a slot left out."""
    copies: pd.DataFrame | None = None
    """Copies of rides the track import left out (:func:`analysis.io.tracks.store.read_copies`):
    they tie identities together."""


def layer_name(workspace: Workspace, slot: Slot, layers: Layers | None = None) -> str | None:
    """The layer that fills ``slot``: the one ``layers`` names, else the guess; None: none.

    Raises
    ------
    InputError
        If the layer named does not exist or holds other geometries, or if a
        required slot is left out or has no guess.
    """
    name = (layers or {}).get(slot.key)
    if slot.required:
        return _required(workspace, slot, name)
    return None if name == LEFT_OUT else r.find_optional_layer(workspace, slot.role, name)


def usage_layer(workspace: Workspace, layers: Layers | None = None) -> str | None:
    """The usage layer :func:`gap_inputs` reads; None: it counts cycling usage now.

    A streets layer named without a usage layer means counting on those streets.
    """
    layers = layers or {}
    if layers.get("usage") is None and layers.get("streets") not in (None, LEFT_OUT):
        return None
    return layer_name(workspace, GAP_SLOTS[0], layers)


def gap_inputs(
    workspace: Workspace, layers: Layers | None = None, progress: Progress | None = None
) -> GapInputs:
    """Read the gap analysis' layers, counting cycling usage now if no usage layer is read.

    ``progress`` receives the counting's progress, after :data:`COUNTING_USAGE`.
    """
    usage = usage_layer(workspace, layers)
    names = _names(workspace, GAP_SLOTS[2:], layers)
    if usage is None:
        street_layer = _required(workspace, GAP_SLOTS[1], (layers or {}).get("streets"))
        streets = _count_usage(workspace, street_layer, progress or NullProgress())
        names.update(usage=LEFT_OUT, streets=street_layer)
    else:
        streets = workspace.read_layer(usage)
        names.update(usage=usage, streets=LEFT_OUT)
    reports = _frames(workspace, GAP_SLOTS[2:], names)["reports"]
    return GapInputs(
        streets, workspace.read_layer(names["cycleways"]), reports, _every_slot(GAP_SLOTS, names)
    )


def rack_inputs(workspace: Workspace, layers: Layers | None = None) -> RackInputs:
    """Read the bike-stand siting's layers."""
    from analysis.planning.racks import RackInputs

    names = _names(workspace, RACK_SLOTS, layers)
    frames = _frames(workspace, RACK_SLOTS, names)
    return RackInputs(
        streets=workspace.read_layer(names["streets"]),
        racks=frames["racks"],
        activities=frames["activities"],
        copies=_copies(workspace, frames["activities"]),
        reports=frames["reports"],
        pois={kind: gdf for key, kind in _POIS.items() if (gdf := frames[key]) is not None},
        names=_every_slot(RACK_SLOTS, names),
    )


def report_inputs(workspace: Workspace, layers: Layers | None = None) -> ReportInputs:
    """Read the reports analysis' layers."""
    names = _names(workspace, REPORT_SLOTS, layers)
    districts = _frames(workspace, REPORT_SLOTS, names)["districts"]
    return ReportInputs(
        workspace.read_layer(names["reports"]), districts, _every_slot(REPORT_SLOTS, names)
    )


def district_inputs(workspace: Workspace, layers: Layers | None = None) -> DistrictInputs:
    """Read the district statistics' layers."""
    names = _names(workspace, DISTRICT_SLOTS, layers)
    frames = _frames(workspace, DISTRICT_SLOTS, names)
    return DistrictInputs(
        districts=workspace.read_layer(names["districts"]),
        cycleways=frames["cycleways"],
        racks=frames["racks"],
        reports=frames["reports"],
        activities=frames["activities"],
        names=_every_slot(DISTRICT_SLOTS, names),
        copies=_copies(workspace, frames["activities"]),
    )


def _copies(workspace: Workspace, activities: gpd.GeoDataFrame | None) -> pd.DataFrame | None:
    """The workspace's copies of rides, when activities are read (identities they tie)."""
    from analysis.io.tracks.store import read_copies

    return None if activities is None else read_copies(workspace.path)


def _required(workspace: Workspace, slot: Slot, name: str | None) -> str:
    if name == LEFT_OUT:
        raise InputError(f"no {slot.role.label} layer chosen, but the analysis needs one")
    return r.find_layer(workspace, slot.role, name)


def _names(workspace: Workspace, slots: Sequence[Slot], layers: Layers | None) -> dict[str, str]:
    """The name of each slot's layer by slot key, without the slots left out."""
    return {s.key: n for s in slots if (n := layer_name(workspace, s, layers)) is not None}


def _every_slot(slots: Sequence[Slot], names: Mapping[str, str]) -> dict[str, str]:
    """The name of each slot's layer by slot key, :data:`LEFT_OUT` for the slots left out."""
    return {s.key: names.get(s.key, LEFT_OUT) for s in slots}


def _frames(
    workspace: Workspace, slots: Sequence[Slot], names: Mapping[str, str]
) -> dict[str, gpd.GeoDataFrame | None]:
    """The optional slots' layers by slot key, None where left out."""
    return {
        s.key: None
        if s.key not in names
        else workspace.read_layer(
            names[s.key], columns=None if s.columns is None else list(s.columns)
        )
        for s in slots
        if not s.required
    }


def _count_usage(workspace: Workspace, streets: str, progress: Progress) -> gpd.GeoDataFrame:
    """Cycling usage per segment of the layer ``streets``, counted from the tracks (not stored)."""
    from analysis.heatmap.activity import read_tracks
    from analysis.heatmap.filters import ActivityFilter
    from analysis.heatmap.segments import SegmentUsageParams, segment_usage

    progress.report(0.0, COUNTING_USAGE)
    tracks, _ = read_tracks(workspace.path, ActivityFilter(types=("cycling",)))
    return segment_usage(
        tracks, workspace.read_layer(streets), SegmentUsageParams(), progress
    ).segments
