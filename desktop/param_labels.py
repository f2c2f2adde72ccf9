"""Form labels of the analyses' parameters and of their coded values, marked for translation.

The strings are only marked here (``QT_TRANSLATE_NOOP``), so lupdate finds them;
:func:`field_label` and :func:`choice_label` translate one when a form is built.
A field without an entry gets its name with spaces ("max_cells" → "Max cells"),
a code without one is shown as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "ParamsForm"

_LABELS = {
    # heatmaps and activity filters
    "mode": QT_TRANSLATE_NOOP("ParamsForm", "Mode"),
    "measure": QT_TRANSLATE_NOOP("ParamsForm", "Count"),
    "pixel_m": QT_TRANSLATE_NOOP("ParamsForm", "Cell size"),
    "radius_m": QT_TRANSLATE_NOOP("ParamsForm", "Kernel radius"),
    "min_users": QT_TRANSLATE_NOOP("ParamsForm", "Fewest distinct users shown"),
    "filters": QT_TRANSLATE_NOOP("ParamsForm", "Activities"),
    "drop_stops": QT_TRANSLATE_NOOP("ParamsForm", "Leave out standing still"),
    "types": QT_TRANSLATE_NOOP("ParamsForm", "Activity types"),
    "date_from": QT_TRANSLATE_NOOP("ParamsForm", "From"),
    "date_to": QT_TRANSLATE_NOOP("ParamsForm", "To"),
    "days": QT_TRANSLATE_NOOP("ParamsForm", "Days"),
    "day_parts": QT_TRANSLATE_NOOP("ParamsForm", "Parts of the day"),
    "months": QT_TRANSLATE_NOOP("ParamsForm", "Months"),
    # street usage
    "segments": QT_TRANSLATE_NOOP("ParamsForm", "Street segments"),
    "hexagons": QT_TRANSLATE_NOOP("ParamsForm", "H3 hexagons"),
    "tolerance_m": QT_TRANSLATE_NOOP("ParamsForm", "Matching tolerance"),
    "sample_m": QT_TRANSLATE_NOOP("ParamsForm", "Sampling step"),
    "min_share": QT_TRANSLATE_NOOP("ParamsForm", "Share of the segment ridden"),
    "resolution": QT_TRANSLATE_NOOP("ParamsForm", "H3 resolution"),
    # gaps
    "along_m": QT_TRANSLATE_NOOP("ParamsForm", "Distance to a cycleway"),
    "covered_share": QT_TRANSLATE_NOOP("ParamsForm", "Covered share"),
    "min_users_per_day": QT_TRANSLATE_NOOP("ParamsForm", "Users a day"),
    "report_distance_m": QT_TRANSLATE_NOOP("ParamsForm", "Report distance"),
    "report_categories": QT_TRANSLATE_NOOP("ParamsForm", "Report categories"),
    "report_text": QT_TRANSLATE_NOOP("ParamsForm", "Report text (regular expression)"),
    "min_component_m": QT_TRANSLATE_NOOP("ParamsForm", "Shortest component joined"),
    "max_link_m": QT_TRANSLATE_NOOP("ParamsForm", "Longest link"),
    "max_gap_m": QT_TRANSLATE_NOOP("ParamsForm", "Longest straight gap"),
    "demand_weight": QT_TRANSLATE_NOOP("ParamsForm", "Demand weight"),
    "reports_weight": QT_TRANSLATE_NOOP("ParamsForm", "Reports weight"),
    "connectivity_weight": QT_TRANSLATE_NOOP("ParamsForm", "Connectivity weight"),
    "name_column": QT_TRANSLATE_NOOP("ParamsForm", "Street name column"),
    "network": QT_TRANSLATE_NOOP("ParamsForm", "Cycle network"),
    "node_tolerance_m": QT_TRANSLATE_NOOP("ParamsForm", "Node tolerance"),
    "lateral_m": QT_TRANSLATE_NOOP("ParamsForm", "Lateral tolerance"),
    "junction_tolerance_m": QT_TRANSLATE_NOOP("ParamsForm", "Junction tolerance"),
    "junction_search_m": QT_TRANSLATE_NOOP("ParamsForm", "Junction search"),
    # racks
    "new_sites": QT_TRANSLATE_NOOP("ParamsForm", "New stands"),
    "target_pct": QT_TRANSLATE_NOOP("ParamsForm", "Or: demand to cover"),
    "walk_m": QT_TRANSLATE_NOOP("ParamsForm", "Walking distance"),
    "candidate_spacing_m": QT_TRANSLATE_NOOP("ParamsForm", "Candidate spacing"),
    "snap_m": QT_TRANSLATE_NOOP("ParamsForm", "Snapping distance"),
    "activity_types": QT_TRANSLATE_NOOP("ParamsForm", "Activity types"),
    "trip_end_weight": QT_TRANSLATE_NOOP("ParamsForm", "Trip end weight"),
    "report_weight": QT_TRANSLATE_NOOP("ParamsForm", "Report weight"),
    "report_category": QT_TRANSLATE_NOOP("ParamsForm", "Report category"),
    "school_weight": QT_TRANSLATE_NOOP("ParamsForm", "School weight"),
    "bus_stop_weight": QT_TRANSLATE_NOOP("ParamsForm", "Stop weight"),
    "shop_weight": QT_TRANSLATE_NOOP("ParamsForm", "Shop weight"),
    "park_weight": QT_TRANSLATE_NOOP("ParamsForm", "Park weight"),
    "method": QT_TRANSLATE_NOOP("ParamsForm", "Method"),
    "time_limit_s": QT_TRANSLATE_NOOP("ParamsForm", "Time limit"),
    "uncovered_cell_m": QT_TRANSLATE_NOOP("ParamsForm", "Uncovered demand cell"),
    # reports
    "cell_m": QT_TRANSLATE_NOOP("ParamsForm", "Hotspot cell"),
    "alpha": QT_TRANSLATE_NOOP("ParamsForm", "Significance level"),
    "permutations": QT_TRANSLATE_NOOP("ParamsForm", "Permutations"),
    "seed": QT_TRANSLATE_NOOP("ParamsForm", "Seed"),
    "fdr": QT_TRANSLATE_NOOP("ParamsForm", "Control the false discovery rate"),
    "min_reports": QT_TRANSLATE_NOOP("ParamsForm", "Fewest reports"),
    "max_cells": QT_TRANSLATE_NOOP("ParamsForm", "Most grid cells"),
    "duplicate_m": QT_TRANSLATE_NOOP("ParamsForm", "Duplicates: distance"),
    "duplicate_days": QT_TRANSLATE_NOOP("ParamsForm", "Duplicates: time apart"),
    "district_field": QT_TRANSLATE_NOOP("ParamsForm", "District name field"),
    "district_column": QT_TRANSLATE_NOOP("ParamsForm", "Reports' district column"),
    "as_of": QT_TRANSLATE_NOOP("ParamsForm", "Backlog as of"),
    "timezone": QT_TRANSLATE_NOOP("ParamsForm", "Time zone"),
    # districts
    "population_field": QT_TRANSLATE_NOOP("ParamsForm", "Population field"),
    "car_share": QT_TRANSLATE_NOOP("ParamsForm", "Share replacing a car"),
    "car_co2_g_per_km": QT_TRANSLATE_NOOP("ParamsForm", "Car CO2"),
    "cycling_types": QT_TRANSLATE_NOOP("ParamsForm", "Cycling types"),
    "observed_days": QT_TRANSLATE_NOOP("ParamsForm", "Days observed"),
    "closed_statuses": QT_TRANSLATE_NOOP("ParamsForm", "Closed statuses"),
    "overlap_tolerance_m2": QT_TRANSLATE_NOOP("ParamsForm", "Accepted overlap"),
    # audit
    "point_tolerance_m": QT_TRANSLATE_NOOP("ParamsForm", "Point tolerance"),
    "line_buffer_m": QT_TRANSLATE_NOOP("ParamsForm", "Line buffer"),
    "min_coverage": QT_TRANSLATE_NOOP("ParamsForm", "Least coverage"),
    "today": QT_TRANSLATE_NOOP("ParamsForm", "Ages counted to"),
}


def field_label(name: str) -> str:
    """The translated label of the parameter ``name``."""
    return _translated(_LABELS, name, name.replace("_", " ").capitalize())


_CHOICES = {
    # Literal values, shown in combo boxes
    "lines": QT_TRANSLATE_NOOP("ParamsForm", "lines"),
    "points": QT_TRANSLATE_NOOP("ParamsForm", "points"),
    "activities": QT_TRANSLATE_NOOP("ParamsForm", "activities"),
    "users": QT_TRANSLATE_NOOP("ParamsForm", "users"),
    "all": QT_TRANSLATE_NOOP("ParamsForm", "all"),
    "weekday": QT_TRANSLATE_NOOP("ParamsForm", "weekday"),
    "weekend": QT_TRANSLATE_NOOP("ParamsForm", "weekend"),
    "exact": QT_TRANSLATE_NOOP("ParamsForm", "exact"),
    "greedy": QT_TRANSLATE_NOOP("ParamsForm", "greedy"),
    # activity types, day parts and report statuses, shown as check boxes
    "cycling": QT_TRANSLATE_NOOP("ParamsForm", "cycling"),
    "running": QT_TRANSLATE_NOOP("ParamsForm", "running"),
    "inline_skating": QT_TRANSLATE_NOOP("ParamsForm", "inline skating"),
    "nordic_walking": QT_TRANSLATE_NOOP("ParamsForm", "Nordic walking"),
    "walking": QT_TRANSLATE_NOOP("ParamsForm", "walking"),
    "other": QT_TRANSLATE_NOOP("ParamsForm", "other"),
    "morning": QT_TRANSLATE_NOOP("ParamsForm", "morning"),
    "midday": QT_TRANSLATE_NOOP("ParamsForm", "midday"),
    "evening": QT_TRANSLATE_NOOP("ParamsForm", "evening"),
    "night": QT_TRANSLATE_NOOP("ParamsForm", "night"),
    "open": QT_TRANSLATE_NOOP("ParamsForm", "open"),
    "in_progress": QT_TRANSLATE_NOOP("ParamsForm", "in progress"),
    "closed": QT_TRANSLATE_NOOP("ParamsForm", "closed"),
    "rejected": QT_TRANSLATE_NOOP("ParamsForm", "rejected"),
}
"""Source labels of the parameters' coded values, by code."""


def choice_label(value: str) -> str:
    """The translated label of the coded value ``value`` (the value itself if it has none)."""
    return _translated(_CHOICES, value, value)


def _translated(sources: dict[str, object], key: str, default: str) -> str:
    """The translation of ``sources[key]``, or ``default`` where it has no entry."""
    text = sources.get(key)
    return default if text is None else QCoreApplication.translate(CONTEXT, str(text))
