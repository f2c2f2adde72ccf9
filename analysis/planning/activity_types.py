"""Activity types an analysis asks for that no activity has: said, not silently dropped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def unrecorded_types(activities: pd.DataFrame | None, asked: Sequence[str]) -> dict[str, Any]:
    """The types ``asked`` for that no activity has, and the types the activities have.

    Returns ``{"unrecorded_activity_types": [...], "recorded_activity_types": [...]}``
    for an analysis' summary, or ``{}`` when every type asked for is recorded (or
    there are no activities, no ``type`` column, or no type asked for: every type).
    """
    if activities is None or "type" not in activities or not asked:
        return {}
    recorded = sorted({str(t) for t in activities["type"].dropna().unique()})
    missing = [t for t in asked if t not in recorded]
    if not missing:
        return {}
    return {"unrecorded_activity_types": missing, "recorded_activity_types": recorded}


def unrecorded_line(summary: Mapping[str, Any], effect: str) -> list[str]:
    """The summary line saying which types no activity has and ``effect``; none if all do."""
    if not summary.get("unrecorded_activity_types"):
        return []
    missing = ", ".join(summary["unrecorded_activity_types"])
    recorded = ", ".join(summary["recorded_activity_types"]) or "none"
    return [f"No activity has the type {missing}: {effect} (types recorded: {recorded})."]
