"""Activities written the way cities receive them.

- ``tracks/aktywne_miasta/``: loose GPX files from the Polish app, athlete named
  in ``<author>``, activity type in Polish, a paused ride split into two segments;
- ``tracks/strava/export_<athlete>.zip``: a Strava bulk export (``activities/``
  with ``.gpx`` and ``.gpx.gz``, ``activities.csv``, ``profile.csv``);
- ``tracks/garmin/<id>.zip``: a Garmin Connect data export (summarised
  activities as JSON, GPX with Garmin's TrackPointExtension heart rate).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from analysis.samplecity import gpx
from analysis.samplecity.activities import WARSAW, Activity, User

AKTYWNE_MIASTA_TYPES = {
    "cycling": "jazda na rowerze",
    "running": "bieganie",
    "inline_skating": "jazda na rolkach",
    "nordic_walking": "nordic walking",
}
STRAVA_TYPES = {"cycling": "Ride", "running": "Run", "inline_skating": "InlineSkate"}
STRAVA_GPX_TYPES = {"cycling": "1", "running": "9"}  # Strava writes no <type> for others
GARMIN_TYPES = {"cycling": "cycling", "running": "running", "inline_skating": "inline_skating"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EXPORT_TIME = (2026, 7, 1, 12, 0, 0)


def _day_part(start: datetime) -> str:
    hour = start.astimezone(WARSAW).hour
    return "Morning" if hour < 12 else "Afternoon" if hour < 17 else "Evening"


def _strava_date(moment: datetime) -> str:
    """Strava's export date format: ``May 6, 2026, 6:02:53 AM`` (UTC)."""
    hour12 = moment.hour % 12 or 12
    ampm = "AM" if moment.hour < 12 else "PM"
    return (
        f"{_MONTHS[moment.month - 1]} {moment.day}, {moment.year}, {hour12}:{moment:%M:%S} {ampm}"
    )


def _zip_write(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_EXPORT_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def _csv_text(rows: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write_tracks(
    out: Path, users: list[User], activities: Iterable[Activity], to_wgs84: Any
) -> list[dict[str, Any]]:
    """Write every activity under ``out/tracks``; return one truth record each."""
    root = out / "tracks"
    for sub in ("aktywne_miasta", "strava", "garmin"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    records: list[dict[str, Any]] = []
    bundles: dict[int, list[tuple[Activity, dict[str, Any], str]]] = defaultdict(list)
    for seq, act in enumerate(activities):
        user = users[act.user]
        lon, lat = to_wgs84.transform(act.xy[:, 0], act.xy[:, 1])
        garmin = user.source == "garmin"
        segments = gpx.track_points(
            lat,
            lon,
            act.ele,
            act.start,
            act.seconds,
            act.segment_breaks,
            heart_rate=act.heart_rate if garmin else None,
        )
        record = {
            "source": user.source,
            "type": act.type,
            "purpose": act.purpose,
            "user": user.key,
            "start": gpx.iso_utc(act.start),
            "duration_s": act.duration_s,
            "points": len(act.seconds),
            "route_length_m": round(act.route_length_m, 1),
        }
        if user.source == "aktywne_miasta":
            local = act.start.astimezone(WARSAW)
            label = AKTYWNE_MIASTA_TYPES[act.type]
            text = gpx.document(
                "Aktywne Miasta 4.2 (Android)",
                act.start,
                f"{label.capitalize()} {local:%d.%m.%Y}",
                label,
                segments,
                author=user.key,
            )
            path = root / "aktywne_miasta" / f"{local:%Y-%m-%d_%H%M}_{seq:05d}.gpx"
            path.write_text(text, encoding="utf-8")
            records.append({**record, "file": path.relative_to(out).as_posix(), "member": None})
        else:
            sport = STRAVA_TYPES[act.type].replace("InlineSkate", "Inline Skate")
            name = f"{_day_part(act.start)} {sport}"
            text = gpx.document(
                "Garmin Connect" if garmin else "StravaGPX Android",
                act.start,
                name,
                GARMIN_TYPES[act.type] if garmin else STRAVA_GPX_TYPES.get(act.type),
                segments,
                garmin=garmin,
            )
            records.append(record)
            bundles[act.user].append((act, record, text))
    for ui, items in bundles.items():
        if users[ui].source == "strava":
            _strava_export(root / "strava", users[ui], items, out)
        else:
            _garmin_export(root / "garmin", users[ui], items, out)
    return records


def _strava_export(
    folder: Path, user: User, items: list[tuple[Activity, dict[str, Any], str]], out: Path
) -> None:
    path = folder / f"export_{user.key}.zip"
    rows = []
    with zipfile.ZipFile(path, "w") as zf:
        for k, (act, record, text) in enumerate(items):
            activity_id = int(user.key) * 1000 + k
            member = f"activities/{activity_id}.gpx"
            if k % 3 == 2:  # Strava gzips part of the files it exports
                member += ".gz"
                data = gzip.compress(text.encode("utf-8"), mtime=0)
            else:
                data = text.encode("utf-8")
            _zip_write(zf, member, data)
            record.update(file=path.relative_to(out).as_posix(), member=member)
            rows.append(
                {
                    "Activity ID": activity_id,
                    "Activity Date": _strava_date(act.start),
                    "Activity Name": f"{_day_part(act.start)} {STRAVA_TYPES[act.type]}",
                    "Activity Type": STRAVA_TYPES[act.type],
                    "Activity Description": "",
                    "Elapsed Time": act.duration_s,
                    "Distance": f"{act.route_length_m / 1000:.2f}",
                    "Commute": str(act.purpose == "campus_commute").lower(),
                    "Filename": member,
                }
            )
        _zip_write(zf, "activities.csv", _csv_text(rows))
        first, last = user.name.split(" ", 1)
        profile = [
            {
                "Athlete ID": user.key,
                "Email Address": user.email,
                "First Name": first,
                "Last Name": last,
                "City": "Przykładowo",
                "Country": "Poland",
            }
        ]
        _zip_write(zf, "profile.csv", _csv_text(profile))


def _garmin_export(
    folder: Path, user: User, items: list[tuple[Activity, dict[str, Any], str]], out: Path
) -> None:
    digest = f"{int(user.key) * 2654435761 % (1 << 64):016x}"
    path = folder / f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}.zip"
    summaries = []
    with zipfile.ZipFile(path, "w") as zf:
        for k, (act, record, text) in enumerate(items):
            activity_id = int(user.key) * 100 + k
            member = f"DI_CONNECT/DI-Connect-Uploaded-Files/{activity_id}.gpx"
            _zip_write(zf, member, text.encode("utf-8"))
            record.update(file=path.relative_to(out).as_posix(), member=member)
            summaries.append(
                {
                    "activityId": activity_id,
                    "name": f"Przykładowo {GARMIN_TYPES[act.type].replace('_', ' ').title()}",
                    "activityType": GARMIN_TYPES[act.type],
                    "userProfileId": int(user.key),
                    "startTimeGmt": int(act.start.timestamp() * 1000),
                    "duration": act.duration_s * 1000.0,  # ms, as Garmin writes it
                    "distance": round(act.route_length_m * 100, 1),  # cm, as Garmin writes it
                    "avgHr": int(np.mean(act.heart_rate)),
                }
            )
        fitness = f"DI_CONNECT/DI-Connect-Fitness/{user.email}_0_summarizedActivities.json"
        doc = [{"summarizedActivitiesExport": summaries}]
        _zip_write(zf, fitness, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
