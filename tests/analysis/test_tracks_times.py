"""GPX/TCX timestamps that are no date and time of day ('2026', '2024-05') are never read as
one: those points get no time, and the summary says so (issue 14)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from analysis.workspace import Workspace
from tests.analysis.test_cli_import import urbanista
from tests.analysis.test_tracks_formats import gpx_bytes, straight, times


def imported(ws: Workspace, path: Path) -> tuple[dict, dict]:
    done = urbanista("import", "tracks", str(path), "-w", str(ws.path), "--json")
    assert done.returncode == 0, done.stderr
    activity = Workspace.open(ws.path).read_layer("activities").iloc[0]
    return json.loads(done.stdout)["files"][0], activity


@pytest.mark.parametrize("stamp", ["2024-05", "2024-05Z", "2026", "2026-03-01"])
def test_one_stamp_without_a_time_of_day_is_no_time(
    workspace: Workspace, tmp_path: Path, stamp: str
) -> None:
    stamps: list[str | None] = list(times(120))
    stamps[60] = stamp
    path = tmp_path / "jazda.gpx"
    path.write_bytes(gpx_bytes(*straight(120), stamps))
    outcome, activity = imported(workspace, path)
    assert activity["duration_s"] < 240  # two minutes of riding, not months
    assert outcome["notes"] == [
        f"line {outcome['notes'][0].split()[1].rstrip(':')}: time {stamp!r} is not a date and "
        "time of day: 1 point(s) read without a time"
    ]


def test_a_track_timed_only_by_bare_years_has_no_time(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "jazda.gpx"
    path.write_bytes(gpx_bytes(*straight(120), ["2026"] * 120))
    outcome, activity = imported(workspace, path)
    assert activity["start"] is None or str(activity["start"]) in ("NaT", "None", "nan")
    assert "120 point(s) read without a time" in outcome["notes"][0]


def test_a_rejected_member_is_named_without_the_athletes_e_mail(
    workspace: Workspace, tmp_path: Path
) -> None:
    member = "activities/anna.kowalska@example.pl_poranna.gpx"
    archive = tmp_path / "eksport.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(member, b"<gpx><trk><trkseg><trkpt lat='x' lon='y'/></trkseg></trk></gpx>")
        zf.writestr("activities/dobra.gpx", gpx_bytes(*straight(120), times(120)))
    done = urbanista("import", "tracks", str(archive), "-w", str(workspace.path), "--json")
    assert done.returncode == 0, done.stderr
    assert "kowalska" not in done.stdout + done.stderr and "@" not in done.stdout
    [rejected] = json.loads(done.stdout)["files"][0]["rejected"]
    assert rejected["where"] == "activities/…_poranna.gpx"
