"""The activity filter options shared by ``heatmap`` and ``usage``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from analysis.heatmap.filters import ActivityFilter

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS = (
    click.option("--type", "types", multiple=True, help="Activity type (repeatable): cycling, ..."),
    click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="First day."),
    click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Last day."),
    click.option("--days", type=click.Choice(["all", "weekday", "weekend"]), default="all"),
    click.option(
        "--day-part",
        "day_parts",
        multiple=True,
        type=click.Choice(["morning", "midday", "evening", "night"]),
        help="Strava Metro day parts, local time (repeatable).",
    ),
    click.option(
        "--month", "months", multiple=True, type=click.IntRange(1, 12), help="Repeatable."
    ),
)
FILTER_KEYS = ("types", "date_from", "date_to", "days", "day_parts", "months")


def activity_filter_options(command: F) -> F:
    """Add ``--type``, ``--from``, ``--to``, ``--days``, ``--day-part`` and ``--month``."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


def activity_filter(
    types: tuple[str, ...],
    date_from: datetime | None,
    date_to: datetime | None,
    days: str,
    day_parts: tuple[str, ...],
    months: tuple[int, ...],
) -> ActivityFilter:
    """The filter the options describe."""
    from analysis.heatmap.filters import ActivityFilter

    return ActivityFilter(
        types=types,
        date_from=date_from.date() if date_from else None,
        date_to=date_to.date() if date_to else None,
        days=days,  # type: ignore[arg-type]
        day_parts=day_parts,
        months=months,
    )
