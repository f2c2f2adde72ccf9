"""Which workspace layers an analysis reads, and reading them.

An analysis declares its slots (:class:`Slot`): the parts layers play in it (the
streets, the cycleways...), each with its :class:`~analysis.workspace.roles.Role`
and whether the analysis needs it. :func:`read_slots` takes ``layers``, a
mapping of slot keys to layer names, as the CLI's options and the app's layer
choices give them:

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
from analysis.progress import NullProgress, Progress, check_cancelled
from analysis.workspace import roles as r
from analysis.workspace.workspace import Workspace

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

Layers = Mapping[str, str | None]
"""Slot key to layer name: see the module's docstring."""

LEFT_OUT = ""
"""The name that leaves an optional slot out (for the gap analysis' usage: count it now)."""


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


def ride_copies(inputs: Inputs) -> pd.DataFrame | None:
    """The workspace's copies of rides, which tie identities, when the slot ``activities``
    was read; None: it was not.
    """  # noqa: D205
    from analysis.io.tracks.store import read_copies

    return None if inputs.layers.get("activities") is None else read_copies(inputs.workspace.path)


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
