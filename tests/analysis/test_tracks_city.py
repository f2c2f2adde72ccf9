"""Acceptance: the sample city's tracks folder imports exactly the activities truth.json names."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pyogrio
import pytest

from analysis.io.tracks import import_tracks
from analysis.workspace import Workspace
from tests.analysis.city_files import gpx_track, track_bytes

TRIM_M = 200.0


def too_short(xy: np.ndarray) -> bool:
    """Whether fewer than two points lie 200 m from both ends, along the track and around them."""
    cum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(xy, axis=0).T))])
    along = (cum >= TRIM_M) & (cum <= cum[-1] - TRIM_M)
    around = (np.hypot(*(xy - xy[0]).T) >= TRIM_M) & (np.hypot(*(xy - xy[-1]).T) >= TRIM_M)
    return int((along & around).sum()) < 2


@pytest.mark.slow
def test_the_sample_city_tracks_import_exactly_and_only_once(
    city: Path, truth: dict, tmp_path: Path
) -> None:
    records = {
        hashlib.sha256(track_bytes(city, r)).hexdigest()[:20]: r for r in truth["activities"]
    }
    assert len(records) == truth["counts"]["activities"]  # every file has its own content
    # Only short routes can end up under 400 m once recorded; read those independently.
    rejected = {
        ident
        for ident, r in records.items()
        if r["route_length_m"] < 1500 and too_short(gpx_track(track_bytes(city, r))[0])
    }
    assert 0 < len(rejected) < 10

    ws = Workspace.create(tmp_path / "przykladowo.gpkg")
    summary = import_tracks(ws, [city / "tracks"])
    assert summary.imported == truth["counts"]["activities"] - len(rejected)
    assert (summary.skipped, summary.rejected) == (0, len(rejected))
    reasons = [r.reason for f in summary.files for r in f.rejected]
    assert all(re.search(r"privacy trim", why) for why in reasons), reasons

    lines = ws.read_layer("activities", read_geometry=False)
    assert set(lines["activity_id"]) == set(records) - rejected
    kept = [records[i] for i in lines["activity_id"]]
    assert lines["type"].tolist() == [r["type"] for r in kept]
    assert lines["start"].dt.strftime("%Y-%m-%dT%H:%M:%SZ").tolist() == [r["start"] for r in kept]
    assert lines["duration_s"].tolist() == [float(r["duration_s"]) for r in kept]
    assert Counter(lines["type"]) == Counter(
        r["type"] for i, r in records.items() if i not in rejected
    )

    # One pseudonym per athlete, and no athlete who kept an activity is lost.
    pairs = set(zip([r["user"] for r in kept], lines["user_id"], strict=True))
    assert len(pairs) == len({u for u, _ in pairs}) == len({p for _, p in pairs})
    lost = {r["user"] for r in truth["activities"]} - {r["user"] for r in kept}
    assert lines["user_id"].nunique() == truth["counts"]["users"] - len(lost)
    assert len(lost) <= len(rejected)
    assert set(lines["user_basis"]) == {"gpx_author", "strava_athlete", "garmin_profile"}
    keys = {r["user"] for r in truth["activities"]}
    for source in lines["source"]:
        assert not keys & set(re.split(r"[^0-9A-Za-z_.]+", source))
        assert not any(" " in k and k in source for k in keys)

    points = pyogrio.read_info(ws.path, layer="activity_points")["features"]
    assert points == lines["points"].sum() == ws.entry("activity_points").feature_count
    assert ws.entry("activities").feature_count == len(lines)

    again = import_tracks(ws, [city / "tracks"])
    assert (again.imported, again.skipped, again.rejected) == (0, len(lines), len(rejected))
    assert ws.entry("activities").feature_count == len(lines)
    assert ws.entry("activity_points").feature_count == points
