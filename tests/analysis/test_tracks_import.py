"""Importing activity tracks: layers, ids, pseudonyms, privacy trimming, exports, resumption."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from analysis.errors import Cancelled, InputError
from analysis.io.tracks import TrackImportParams, import_tracks
from analysis.workspace import DatasetKind, Workspace
from tests.analysis.test_tracks_formats import (
    TO_WGS84,
    fit_bytes,
    gpx_bytes,
    straight,
    tcx_bytes,
    times,
)

X0, Y0 = 561_000.0, 381_000.0


def layer(ws: Workspace, name: str) -> pd.DataFrame:
    """A layer as a frame sorted by activity (and vertex), geometry as WKB, for comparisons."""
    frame = ws.read_layer(name)
    wkb = shapely.to_wkb(frame.geometry.to_numpy())
    frame = pd.DataFrame(frame.drop(columns="geometry")).assign(geometry=wkb)
    keys = ["activity_id", "seq"] if "seq" in frame else ["activity_id"]
    return frame.sort_values(keys).reset_index(drop=True)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def mixed_folder(root: Path) -> Path:
    """Four activities in four formats, 1,130.5 m each, in subfolders.

    The privacy trim keeps points 22 (209 m) to 97 (921.5 m): 76 of 120.
    """
    lat, lon = straight(120)
    write(root / "a.gpx", gpx_bytes(lat, lon, times(120), author="Ewa Nowak", sport="bieganie"))
    write(root / "garmin" / "b.tcx", tcx_bytes(lat, lon, times(120, every_s=3)))
    write(root / "garmin" / "c.fit.gz", gzip.compress(fit_bytes(lat, lon, sport=1)))
    data = gpx_bytes(lat, lon, times(120, every_s=5), sport="nordic walking")
    write(root / "deep" / "er" / "d.gpx.gz", gzip.compress(data))
    write(root / "notatki.txt", b"not a track")
    return root


@dataclass
class Recording:
    cancel_after: int | None = None
    reports: list[tuple[float, str]] = field(default_factory=list)

    def report(self, fraction: float, message: str = "") -> None:
        self.reports.append((fraction, message))

    def is_cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.reports) >= self.cancel_after


def test_a_folder_of_every_format_becomes_two_catalogued_layers(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = mixed_folder(tmp_path / "tracks")
    summary = import_tracks(workspace, [folder])
    assert (summary.imported, summary.skipped, summary.rejected) == (4, 0, 0)
    assert summary.datasets == ["activities", "activity_points"]
    assert [f.path for f in summary.files] == [  # named as the workspace keeps them
        "tracks/….gpx",
        "tracks/…/…/….gpx.gz",
        "tracks/garmin/….tcx",
        "tracks/garmin/….fit.gz",
    ]

    lines = layer(workspace, "activities")
    assert sorted(lines["type"]) == ["cycling", "nordic_walking", "running", "running"]
    assert sorted(lines["source"]) == sorted(f.path for f in summary.files)
    assert (lines["distance_m"] - 1130.5).abs().max() < 0.2  # whole track, in EPSG:2180 metres
    assert sorted(lines["duration_s"]) == [119 * 1.0, 119 * 2.0, 119 * 3.0, 119 * 5.0]
    assert set(lines["start"]) == {pd.Timestamp("2026-05-06T06:02:53Z")}
    assert (lines["points"] == 76).all()
    assert lines["activity_id"].str.fullmatch("[0-9a-f]{20}").all()
    gpx_id = __import__("hashlib").sha256((folder / "a.gpx").read_bytes()).hexdigest()[:20]
    assert lines.set_index("activity_id").loc[gpx_id, "source"] == "tracks/….gpx"

    points = layer(workspace, "activity_points")
    assert len(points) == 4 * 76
    assert points.groupby("activity_id")["seq"].agg(list).map(lambda s: s == list(range(76))).all()
    assert str(points["time"].dtype) == "datetime64[ms, UTC]"
    first = points[points["seq"] == 0].set_index("activity_id")["time"]
    assert sorted(first.dt.strftime("%H:%M:%S")) == ["06:03:15", "06:03:37", "06:03:59", "06:04:43"]

    for name in ("activities", "activity_points"):
        entry = workspace.entry(name)
        assert entry.kind is DatasetKind.TRACKS and entry.crs == "EPSG:2180"
        assert sorted(s.path for s in entry.sources) == sorted(lines["source"])
        assert entry.quality["privacy_trim_m"] == 200.0
    assert workspace.entry("activities").feature_count == 4
    assert workspace.entry("activity_points").feature_count == 304
    assert workspace.entry("activities").quality["activities_by_type"] == {
        "running": 2,
        "cycling": 1,
        "nordic_walking": 1,
    }


def test_reimporting_adds_nothing_and_copies_count_as_skipped(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = mixed_folder(tmp_path / "tracks")
    import_tracks(workspace, [folder])
    before = layer(workspace, "activities"), layer(workspace, "activity_points")

    again = import_tracks(workspace, [folder])
    assert (again.imported, again.skipped, again.rejected) == (0, 4, 0)
    copy = shutil.copy(folder / "a.gpx", tmp_path / "kopia.gpx")
    lat, lon = straight(120, y0=Y0 + 500)
    new = write(tmp_path / "ride.gpx", gpx_bytes(lat, lon, times(120)))
    third = import_tracks(workspace, [Path(copy), new, new])
    assert [(f.imported, f.skipped) for f in third.files] == [(0, 1), (1, 0), (0, 1)]

    pd.testing.assert_frame_equal(
        layer(workspace, "activities").query("source != 'ride.gpx'").reset_index(drop=True),
        before[0],
    )
    assert len(layer(workspace, "activity_points")) == len(before[1]) + 76
    assert len(workspace.entry("activities").sources) == 5


def test_the_privacy_trim_hides_where_tracks_start_and_end(
    workspace: Workspace, tmp_path: Path
) -> None:
    lat, lon = straight(120)  # 1,130.5 m east from (X0, Y0)
    start, end = np.array([X0, Y0]), np.array([X0 + 1130.5, Y0])
    write(tmp_path / "t" / "dom.gpx", gpx_bytes(lat, lon, times(120), author="Ewa Nowak"))
    import_tracks(workspace, [tmp_path / "t"], TrackImportParams(privacy_trim_m=300.0))

    line = workspace.read_layer("activities").geometry.iloc[0]
    points = workspace.read_layer("activity_points")
    stored = np.vstack([shapely.get_coordinates(line), shapely.get_coordinates(points.geometry)])
    for home in (start, end):
        assert np.hypot(*(stored - home).T).min() >= 300.0 - 1e-6
    assert np.hypot(*(stored - start).T).min() < 300.0 + 10.0  # and no more than that is cut
    minx, _, maxx, _ = workspace.entry("activities").extent
    assert minx >= X0 + 300.0 - 1e-6 and maxx <= X0 + 1130.5 - 300.0 + 1e-6
    assert workspace.entry("activities").quality["privacy_trim_m"] == 300.0


def test_no_point_is_kept_near_home_after_jitter_at_the_door_or_a_loop(
    workspace: Workspace, tmp_path: Path
) -> None:
    rng = np.random.default_rng(3)
    home = np.array([X0, Y0])
    # Five minutes of GPS jitter at the door (~300 m "along the track"), then 1 km east.
    door = home + rng.normal(0, 4.0, (150, 2))
    away = home + np.column_stack([np.arange(1, 101) * 10.0, np.zeros(100)])
    # A loop: 600 m north, 600 m east, back south and west to the door.
    side = np.arange(0, 600, 10.0)
    zeros, top = np.zeros(60), np.full(60, 600.0)
    loop = home + np.vstack(
        [
            np.column_stack([zeros, side]),
            np.column_stack([side, top]),
            np.column_stack([top, 600 - side]),
            np.column_stack([600 - side, zeros]),
        ]
    )
    for name, xy in (("walk.gpx", np.vstack([door, away])), ("run.gpx", loop)):
        lon, lat = TO_WGS84.transform(xy[:, 0], xy[:, 1])
        write(tmp_path / "t" / name, gpx_bytes(lat, lon, times(len(xy))))
    assert import_tracks(workspace, [tmp_path / "t"]).imported == 2

    lines = workspace.read_layer("activities")
    points = workspace.read_layer("activity_points")
    stored = np.vstack(
        [shapely.get_coordinates(lines.geometry), shapely.get_coordinates(points.geometry)]
    )
    assert np.hypot(*(stored - home).T).min() >= 200.0
    door_end = shapely.get_coordinates(lines.set_index("source").geometry["…/walk.gpx"])[-1]
    assert X0 + 789.0 < door_end[0] <= X0 + 800.0  # the last point 200 m before the end


def test_a_zero_trim_keeps_everything_and_short_tracks_are_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    lat, lon = straight(120)
    write(tmp_path / "long" / "a.gpx", gpx_bytes(lat, lon, times(120)))
    write(tmp_path / "long" / "b.gpx", gpx_bytes(lat[:41], lon[:41], times(41)))  # 380 m
    trimmed = import_tracks(workspace, [tmp_path / "long"])
    assert trimmed.imported == 1
    assert trimmed.files[1].rejected[0].reason == (
        "the track is 380 m long, not more than twice the privacy trim of 200 m: "
        "nothing would remain"
    )
    other = Workspace.create(tmp_path / "bez.gpkg")
    assert (
        import_tracks(other, [tmp_path / "long"], TrackImportParams(privacy_trim_m=0)).imported == 2
    )
    line = other.read_layer("activities").sort_values("points").geometry.iloc[1]
    np.testing.assert_allclose(shapely.get_coordinates(line)[0], [X0, Y0], atol=0.01)


def test_athletes_are_pseudonymous_and_never_stored(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "am"
    for k, author in enumerate(["Ewa Nowak", "Ewa Nowak", "Jan Kowalski", None, None]):
        lat, lon = straight(60, y0=Y0 + 100 * k)
        write(folder / f"{k}.gpx", gpx_bytes(lat, lon, times(60), author=author))
    import_tracks(workspace, [folder])
    lines = workspace.read_layer("activities").sort_values("source")
    users = lines["user_id"].tolist()
    assert users[0] == users[1] and len(set(users)) == 4
    assert all(len(u) == 16 for u in users)
    assert lines["user_basis"].tolist() == ["gpx_author"] * 3 + ["file"] * 2
    assert workspace.entry("activities").quality["athlete_unidentified"] == 2
    raw = workspace.path.read_bytes()
    assert b"Ewa Nowak" not in raw and b"Kowalski" not in raw

    elsewhere = Workspace.create(tmp_path / "inny.gpkg")  # another key, other pseudonyms
    import_tracks(elsewhere, [folder / "0.gpx"])
    assert elsewhere.read_layer("activities")["user_id"].item() != users[0]


def _csv(rows: list[dict[str, object]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode()


def strava_export(path: Path, athlete: str = "12345678", profile: bool = True) -> Path:
    """A Strava bulk export: GPX with a numeric type, GPX.gz without one, FIT.gz, CSVs."""
    lat, lon = straight(100)
    files = {
        "activities/1001.gpx": gpx_bytes(lat, lon, times(100), sport="1"),
        "activities/1002.gpx.gz": gzip.compress(gpx_bytes(lat, lon, times(100, every_s=3))),
        "activities/1003.fit.gz": gzip.compress(fit_bytes(lat, lon, sport=0)),
    }
    rows = [
        {"Activity ID": 1001, "Activity Type": "Ride", "Filename": "activities/1001.gpx"},
        {"Activity ID": 1002, "Activity Type": "Run", "Filename": "activities/1002.gpx.gz"},
        {
            "Activity ID": 1003,
            "Activity Type": "Inline Skate",
            "Filename": "activities/1003.fit.gz",
        },
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr("activities.csv", _csv(rows))
        if profile:
            zf.writestr(
                "profile.csv",
                _csv(
                    [
                        {
                            "Athlete ID": athlete,
                            "Email Address": "ewa.nowak@poczta.example.pl",
                            "First Name": "Ewa",
                            "Last Name": "Nowak",
                        }
                    ]
                ),
            )
    return path


@pytest.mark.parametrize("profile", [True, False])
def test_a_strava_export_gives_types_and_one_athlete(
    workspace: Workspace, tmp_path: Path, profile: bool
) -> None:
    export = strava_export(tmp_path / "export_12345678.zip", profile=profile)
    summary = import_tracks(workspace, [export])
    assert (summary.imported, summary.rejected) == (3, 0)
    lines = workspace.read_layer("activities").sort_values("source")
    assert lines["type"].tolist() == ["inline_skating", "cycling", "running"]
    assert lines["user_basis"].unique().tolist() == ["strava_athlete"]
    assert lines["user_id"].nunique() == 1
    user = lines["user_id"].iloc[0]
    assert lines["source"].tolist() == [
        f"export_….zip:activities/….{ext}" for ext in ("fit.gz", "gpx", "gpx.gz")
    ]
    raw = workspace.path.read_bytes()
    for secret in (b"12345678", b"ewa.nowak", b"Nowak"):
        assert secret not in raw

    # The same athlete's activities in another export get the same pseudonym.
    other = Workspace.create(tmp_path / "drugi.gpkg")
    import_tracks(other, [strava_export(tmp_path / "b" / "export_12345678.zip", profile=profile)])
    assert other.read_layer("activities")["user_id"].iloc[0] != user  # another workspace's key


def garmin_export(path: Path) -> Path:
    """A Garmin Connect export: summaries (JSON), a GPX, and FIT files in a ZIP inside."""
    email = "jan.kowalski@poczta.example.pl"
    lat, lon = straight(100)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{email}_502.fit", fit_bytes(lat, lon, sport=0, serial=2))
        zf.writestr(f"{email}_503.fit", fit_bytes(lat[::-1], lon[::-1], sport=0, serial=1))
    summaries = [
        {
            "summarizedActivitiesExport": [
                {"activityId": 501, "activityType": "running", "userProfileId": 777001},
                {
                    "activityId": 502,
                    "activityType": {"typeKey": "road_biking"},
                    "userProfileId": 777001,
                },
                {"activityId": 503, "activityType": "inline_skating", "userProfileId": 777001},
            ]
        }
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "DI_CONNECT/DI-Connect-Uploaded-Files/501.gpx",
            gpx_bytes(lat, lon, times(100), heart_rate=True),
        )
        zf.writestr(
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", inner.getvalue()
        )
        zf.writestr(
            f"DI_CONNECT/DI-Connect-Fitness/{email}_0_summarizedActivities.json",
            json.dumps(summaries),
        )
    return path


def test_a_garmin_export_with_fit_files_in_a_zip_inside(
    workspace: Workspace, tmp_path: Path
) -> None:
    summary = import_tracks(workspace, [garmin_export(tmp_path / "0353b415-0dbb-045b.zip")])
    assert (summary.imported, summary.rejected) == (3, 0)
    lines = workspace.read_layer("activities").sort_values(["source", "type"])
    assert lines["type"].tolist() == ["cycling", "inline_skating", "running"]
    assert lines["user_basis"].unique().tolist() == ["garmin_profile"]
    assert lines["user_id"].nunique() == 1
    assert lines["source"].str.startswith("…-0….zip:DI_CONNECT/").all()
    assert "UploadedFiles_0-_Part1.zip:….fit" in lines["source"].iloc[1]
    raw = workspace.path.read_bytes()
    assert b"777001" not in raw and b"kowalski" not in raw


def test_routes_and_untimed_points_stay_out_of_the_point_layer(
    workspace: Workspace, tmp_path: Path
) -> None:
    lat, lon = straight(120)
    stamps: list[str | None] = list(times(120))
    stamps[50:60] = [None] * 10
    write(tmp_path / "t" / "route.gpx", gpx_bytes(lat, lon, route=True))
    write(tmp_path / "t" / "ride.gpx", gpx_bytes(lat, lon, stamps, breaks=(70,)))
    import_tracks(workspace, [tmp_path / "t"])
    lines = workspace.read_layer("activities").set_index("source")
    assert lines.loc["…/route.gpx", "points"] == 76 and pd.isna(lines.loc["…/route.gpx", "start"])
    assert lines.loc["…/ride.gpx", "distance_m"] == pytest.approx(1121.0, abs=0.2)  # no travel
    assert np.isnan(lines.loc["…/route.gpx", "duration_s"])
    points = workspace.read_layer("activity_points")
    assert set(points["activity_id"]) == {lines.loc["…/ride.gpx", "activity_id"]}
    seq = points.sort_values("seq")["seq"].to_numpy()
    assert seq.tolist() == [s for s in range(76) if not 28 <= s < 38]  # vertices 22..97 kept


def test_progress_is_reported_and_cancelling_leaves_the_workspace_as_it_was(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = mixed_folder(tmp_path / "tracks")
    before = workspace.path.read_bytes()
    with pytest.raises(Cancelled):
        import_tracks(
            workspace, [folder], TrackImportParams(batch_points=100), Recording(cancel_after=3)
        )
    assert workspace.path.read_bytes() == before
    assert [e.name for e in workspace.entries()] == ["punkty"]

    progress = Recording()
    summary = import_tracks(workspace, [folder], TrackImportParams(batch_points=100), progress)
    assert summary.imported == 4  # two resumed from the cancelled run, two new
    fractions = [f for f, _ in progress.reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) == 5
    assert progress.reports[0][1] == "tracks/….gpx"  # named as the workspace keeps it
    assert not list(tmp_path.glob(".miasto.gpkg.*"))


def test_missing_and_unknown_paths_are_rejected_and_the_rest_imported(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = mixed_folder(tmp_path / "tracks")
    summary = import_tracks(
        workspace, [tmp_path / "brak.gpx", folder / "notatki.txt", folder / "a.gpx"]
    )
    assert summary.imported == 1
    assert [(f.path, f.rejected[0].reason) for f in summary.files if f.rejected] == [
        (str(tmp_path / "brak.gpx"), "no such file or folder"),
        (str(folder / "notatki.txt"), "not an activity file (GPX, TCX, FIT, also .gz, or a ZIP)"),
    ]


def test_macos_twins_in_folders_and_zips_are_not_activities(
    workspace: Workspace, tmp_path: Path
) -> None:
    lat, lon = straight(120)
    data = gpx_bytes(lat, lon, times(120))
    write(tmp_path / "t" / "._a.gpx", b"\x00\x05\x16\x07 AppleDouble")
    with zipfile.ZipFile(tmp_path / "t" / "export.zip", "w") as zf:
        zf.writestr("activities/1.gpx", data)
        zf.writestr("__MACOSX/activities/._1.gpx", b"\x00\x05\x16\x07 AppleDouble")
    summary = import_tracks(workspace, [tmp_path / "t"])
    assert [(f.path, f.imported, f.rejected) for f in summary.files] == [("…/export.zip", 1, [])]


@pytest.mark.parametrize("params", [{"privacy_trim_m": -1.0}, {"batch_points": 0}])
def test_impossible_parameters_are_refused(params: dict[str, float]) -> None:
    with pytest.raises(InputError, match="must be"):
        TrackImportParams(**params)


def test_nothing_to_import_writes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    before = workspace.path.read_bytes()
    summary = import_tracks(workspace, [tmp_path / "brak"])
    assert summary.rejected == 1 and summary.datasets == []
    assert workspace.path.read_bytes() == before


def test_worker_processes_and_small_batches_give_the_same_layers(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = mixed_folder(tmp_path / "tracks")
    strava_export(folder / "strava" / "export_12345678.zip")
    garmin_export(folder / "garmin" / "export.zip")
    copy = Workspace.open(shutil.copy(workspace.path, tmp_path / "kopia.gpkg"))  # same key
    import_tracks(workspace, [folder], TrackImportParams(workers=0))
    import_tracks(copy, [folder], TrackImportParams(workers=2, batch_points=150))
    for name in ("activities", "activity_points"):
        pd.testing.assert_frame_equal(layer(copy, name), layer(workspace, name))
    # 10 activity files, of which two rides are in both the Strava and the Garmin export
    # (the same points and times): each counted once
    assert len(layer(copy, "activities")) == 8
    assert pyogrio.read_info(copy.path, layer="activities")["features"] == 8
