"""Hostile track inputs: slow files, impossible dates, copies of one ride, deep ZIPs, old names.

Each class goes through ``urbanista import tracks`` with a good file beside the bad
one: the good one gets in, the bad one is named with its reason, and an import
that refuses everything leaves the workspace as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import struct
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from analysis.errors import UrbanistaError
from analysis.io.budget import too_slow
from analysis.io.safety import iter_zip
from analysis.io.tracks import TrackImportParams, import_tracks
from analysis.io.tracks.activity import Context, activity_id
from analysis.io.tracks.archives import Unit
from analysis.io.tracks.reader import parse_track
from analysis.io.tracks.source_names import redact_name
from analysis.io.tracks.store import POINTS
from analysis.io.tracks.workers import STILLBORN_LIMIT, parse_in_workers
from analysis.workspace import Workspace
from tests.analysis.test_cli_dataset_zip_names import legacy_zip
from tests.analysis.test_cli_import import urbanista
from tests.analysis.test_tracks_formats import (
    FIT_EPOCH,
    START,
    fit_bytes,
    fit_crc,
    gpx_bytes,
    straight,
    tcx_bytes,
    times,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

LAT, LON = straight(120)
GOOD = gpx_bytes(LAT, LON, times(120))


def ride(k: int, n: int = 120) -> bytes:
    """A GPX of its own: ``k`` selects a street 500 m north of the last."""
    return gpx_bytes(*straight(n, y0=381_000.0 + 500.0 * k), times(n))


def run(*paths: Path, ws: Workspace, extra: tuple[str, ...] = ()) -> tuple[int, dict, str]:
    """``urbanista import tracks --json``: exit code, summary, stderr."""
    done = urbanista("import", "tracks", *map(str, paths), "-w", str(ws.path), "--json", *extra)
    return done.returncode, json.loads(done.stdout or "{}"), done.stderr


def rejections(summary: dict) -> dict[str, str]:
    """``{file (and member): reason}`` of every rejection."""
    return {
        f"{f['path']} {r['where']}".strip(): r["reason"]
        for f in summary["files"]
        for r in f["rejected"]
    }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- per-file time budget -------------------------------------------------------------------


@pytest.mark.parametrize("workers", [0, 1])
def test_a_file_slow_to_read_is_abandoned_and_the_others_imported(
    workspace: Workspace, tmp_path: Path, workers: int
) -> None:
    (tmp_path / "good.gpx").write_bytes(GOOD)
    lat, lon = straight(20_000, step_m=0.5)
    (tmp_path / "slow.gpx").write_bytes(gpx_bytes(lat, lon, times(20_000, every_s=1)))
    params = TrackImportParams(workers=workers, file_timeout_s=0.001)
    summary = import_tracks(workspace, [tmp_path / "good.gpx", tmp_path / "slow.gpx"], params)
    assert (summary.imported, summary.rejected) == (1, 1)
    (slow,) = [f for f in summary.files if f.rejected]
    assert slow.path.endswith("slow.gpx")
    assert slow.rejected[0].reason.startswith(  # point 4,096
        "line 4100: reading it took more than 0.001 s"
    )
    assert slow.rejected[0].reason.endswith("; abandoned")
    assert workspace.entry("activities").feature_count == 1


class Hanging(bytes):
    """File bytes whose parser never returns: a worker stuck inside a library call."""

    def startswith(self, *args: object) -> bool:  # type: ignore[override]
        time.sleep(3600)
        return False


def context_of(workspace: Workspace, key: bytes | None = None) -> Context:
    from analysis.io.coords import workspace_area

    key = workspace.pseudonym_key() if key is None else key
    return Context(workspace.crs, workspace_area(workspace), key, 200.0)


def four_rides(odd: bytes, name: str) -> Iterator[list[tuple[int, Unit, str]]]:
    """Two chunks of jobs, rides 0 to 3 with ride 1 replaced by ``odd``."""
    units = [Unit("", f"{i}.gpx", f"{i}.gpx", "gpx", ride(i)) for i in range(4)]
    units[1] = Unit("", name, name, "gpx", odd)
    return iter([[(k, u, f"id{k}") for k, u in enumerate(units[:3])], [(3, units[3], "id3")]])


def test_a_hung_worker_is_killed_and_replaced_and_the_rest_goes_on(workspace: Workspace) -> None:
    started = time.monotonic()
    chunks = four_rides(Hanging(GOOD), "hung.gpx")
    # a new worker's first file also pays for its imports (0.8 s): a smaller grace would cut it
    results = list(parse_in_workers(chunks, context_of(workspace), 1, budget_s=0.5, grace_s=1.5))
    took = time.monotonic() - started
    assert [job[0] for job, _ in results] == [0, 1, 2, 3]  # all, in order
    assert results[1][1] == too_slow(0.5)
    assert all(not isinstance(r, str) for i, (_, r) in enumerate(results) if i != 1)
    assert took < 0.5 + 1.5 + 30  # killed, not waited for (the hang lasts an hour)


class Deadly(bytes):
    """File bytes whose parser ends its process (a decoder crashing), noting each try in ``log``."""

    log: str

    def startswith(self, *args: object) -> bool:  # type: ignore[override]
        with open(self.log, "a") as f:
            f.write("read\n")
        os._exit(3)


def test_a_file_a_worker_dies_on_is_read_once_more_then_rejected(
    workspace: Workspace, tmp_path: Path
) -> None:
    deadly = Deadly(GOOD)
    deadly.log = str(tmp_path / "tries")
    results = list(parse_in_workers(four_rides(deadly, "deadly.gpx"), context_of(workspace), 1, 60))
    assert [job[0] for job, _ in results] == [0, 1, 2, 3]
    assert (tmp_path / "tries").read_text() == "read\n" * 2  # a new worker tried it once more
    assert results[1][1] == (
        "its reader stopped (exit code 3), and again when read once more in a new process; "
        "abandoned"
    )
    assert [r.activity_id for i, (_, r) in enumerate(results) if i != 1] == ["id0", "id2", "id3"]


def _die_at_start(log: str, deaths: int, key: bytes) -> bytes:
    """Unpickled in a worker as it starts: ends it while ``log`` counts fewer than ``deaths``."""
    if not os.path.exists(log) or len(Path(log).read_text()) < deaths:
        with open(log, "a") as f:
            f.write("x")
        os._exit(4)
    return key


class KillsWorkers(bytes):
    """A pseudonym key that ends the first ``deaths`` workers it is sent to, at start-up."""

    log: str
    deaths: int

    def __reduce__(self) -> tuple[object, tuple[str, int, bytes]]:
        return _die_at_start, (self.log, self.deaths, bytes(self))


def killing_key(workspace: Workspace, log: Path, deaths: int) -> KillsWorkers:
    key = KillsWorkers(workspace.pseudonym_key())
    key.log, key.deaths = str(log), deaths
    return key


def test_workers_dying_at_start_cost_no_file(workspace: Workspace, tmp_path: Path) -> None:
    key = killing_key(workspace, tmp_path / "deaths", STILLBORN_LIMIT - 1)
    chunks = four_rides(ride(1), "1.gpx")
    results = list(parse_in_workers(chunks, context_of(workspace, key), 1, 60))
    assert (tmp_path / "deaths").read_text() == "x" * (STILLBORN_LIMIT - 1)
    assert [r.activity_id for _, r in results] == ["id0", "id1", "id2", "id3"]  # type: ignore[union-attr]


def test_workers_that_cannot_start_stop_the_import(workspace: Workspace, tmp_path: Path) -> None:
    key = killing_key(workspace, tmp_path / "deaths", 1_000)
    chunks = four_rides(ride(1), "1.gpx")
    with pytest.raises(UrbanistaError, match="stop before reading any") as caught:
        list(parse_in_workers(chunks, context_of(workspace, key), 2, 60))
    said = re.search(r"\((\d+) did\)", str(caught.value))
    assert said and int(said[1]) in (STILLBORN_LIMIT, STILLBORN_LIMIT + 1)  # 2 may die at once


def test_the_time_budget_is_a_checked_parameter() -> None:
    from analysis.errors import ParameterError

    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ParameterError, match="--file-timeout: must be") as caught:
            TrackImportParams(file_timeout_s=bad)
        assert caught.value.name == "file_timeout_s"
    with pytest.raises(ParameterError, match="--privacy-trim-m: must be a finite number"):
        TrackImportParams(privacy_trim_m=float("nan"))


def test_the_time_budget_is_an_option_of_import_tracks(
    workspace: Workspace, tmp_path: Path
) -> None:
    files = tmp_path / "rides"
    files.mkdir()
    (files / "good.gpx").write_bytes(GOOD)
    lat, lon = straight(20_000, step_m=0.5)
    (files / "slow.gpx").write_bytes(gpx_bytes(lat, lon, times(20_000, every_s=1)))
    before = digest(workspace.path)
    nan = urbanista(
        "import", "tracks", str(files), "-w", str(workspace.path), "--file-timeout", "nan"
    )
    assert nan.returncode == 2 and digest(workspace.path) == before
    assert "invalid value for --file-timeout: must be a finite number" in nan.stderr
    code, summary, _ = run(files, ws=workspace, extra=("--file-timeout", "0.001"))
    assert code == 0 and (summary["imported"], summary["rejected"]) == (1, 1)
    assert (
        "reading it took more than 0.001 s (the time budget per file, --file-timeout"
        in rejections(summary)[str(files / "slow.gpx")]
    )


# --- impossible dates -----------------------------------------------------------------------


def year_10000(data: bytes, point: int = 30) -> bytes:
    """The timestamp of ``point`` moved to the year 10000."""
    stamp = times(120)[point].encode()
    return data.replace(stamp, b"10000" + stamp[4:])


def fit_stamped(lat: np.ndarray, lon: np.ndarray, stamps: dict[int, int]) -> bytes:
    """:func:`fit_bytes` with the raw FIT time (seconds since 1989-12-31) of some records set."""
    data = fit_bytes(lat, lon)
    body = data[14:-2]
    t0 = int((START - FIT_EPOCH).total_seconds())
    for i, stamp in stamps.items():
        semi = (round(lat[i] / 180 * 2**31), round(lon[i] / 180 * 2**31))
        record = b"\x03" + struct.pack("<Iii", t0 + i, *semi)
        assert body.count(record) == 1
        body = body.replace(record, b"\x03" + struct.pack("<Iii", stamp, *semi))
    header = data[:12] + struct.pack("<H", fit_crc(data[:12]))
    return header + body + struct.pack("<H", fit_crc(header + body))


def fit_seconds(when: datetime) -> int:
    return int((when - FIT_EPOCH).total_seconds())


def stored_points(workspace: Workspace, data: bytes) -> int:
    """Points the workspace keeps of the activity file ``data``."""
    points = workspace.read_layer(POINTS, columns=["activity_id"], read_geometry=False)
    return int((points["activity_id"] == activity_id(data)).sum())


def test_points_at_impossible_times_are_dropped_and_the_rest_of_the_track_kept() -> None:
    lat, lon = straight(120)
    data = year_10000(gpx_bytes(lat, lon, times(120), breaks=[30, 60]), point=30)
    raw = parse_track(data, "gpx", "jazda.gpx")
    assert len(raw) == 119 and not (raw.time > np.datetime64("2100-01-01")).any()
    assert raw.breaks.tolist() == [30, 59]  # point 31 began a segment: now point 32 does
    stamps = np.array([t[:-1] for t in times(120)], dtype="datetime64[ms]")
    assert (raw.time == np.delete(stamps, 30)).all()
    (note,) = raw.notes
    assert note.startswith(
        "line 37: time 10000-05-06T06:03:53.000 is impossible (not between 1990-01-01 and "
    )
    assert note.endswith("): 1 point(s) like it dropped, 119 kept")
    assert parse_track(gpx_bytes(lat, lon, times(120)), "gpx", "jazda.gpx").notes == ()


def test_impossible_dates_drop_their_points_a_file_without_a_possible_one_is_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    future_gpx = year_10000(ride(1))
    future_tcx = year_10000(tcx_bytes(*straight(120, y0=382_000.0), times(120)))
    in_2100 = fit_seconds(datetime(2100, 1, 1, tzinfo=UTC))
    future_fit = fit_stamped(*straight(120, y0=382_500.0), {40: in_2100})
    zero_fit = fit_stamped(*straight(120, y0=383_000.0), {0: 0})  # before the GPS fix
    files = {
        "good.gpx": GOOD,
        "future.gpx": future_gpx,
        "future.tcx": future_tcx,
        "future.fit": future_fit,
        "zero.fit": zero_fit,
        "all_future.fit": fit_bytes(
            *straight(120, y0=383_500.0), start=datetime(2100, 1, 1, tzinfo=UTC)
        ),
        "old.gpx": ride(9).replace(b">2026-", b">1970-"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    code, summary, err = run(tmp_path, ws=workspace)
    assert code == 0 and "Traceback" not in err
    assert summary["imported"] == 5 and summary["rejected"] == 2
    reasons = {k.rsplit("/", 1)[-1]: v for k, v in rejections(summary).items()}
    assert reasons.keys() == {"all_future.fit", "old.gpx"}
    assert reasons["all_future.fit"].startswith(
        "message 4: time 2100-01-01T00:00:00.000 is impossible (not between 1990-01-01 and "
    )
    assert reasons["all_future.fit"].endswith("; so are all its 120 timed point(s); refused")
    assert reasons["old.gpx"].startswith("line 5: time 1970-05-06T06:02:53.000 is impossible")
    assert workspace.entry("activities").feature_count == 5
    kept = stored_points(workspace, GOOD)
    assert kept > 60  # the point at 285 m (past the 200 m trim) is one of them
    assert stored_points(workspace, future_gpx) == kept - 1
    assert stored_points(workspace, future_tcx) == kept - 1
    assert stored_points(workspace, future_fit) == kept - 1
    stamps = workspace.read_layer(POINTS, columns=["time"], read_geometry=False)["time"]
    assert stamps.max() < datetime(2027, 1, 1, tzinfo=UTC)


def test_an_import_refused_whole_leaves_the_workspace_as_it_was(
    workspace: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "old.gpx").write_bytes(GOOD.replace(b">2026-", b">1970-"))
    (tmp_path / "cut.gpx").write_bytes(GOOD[: len(GOOD) // 2])
    (tmp_path / "garbage.fit").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "empty.tcx").write_bytes(b"")
    before = digest(workspace.path)
    code, summary, _ = run(tmp_path, ws=workspace)
    assert code == 1 and summary["imported"] == 0 and summary["rejected"] == 4
    assert digest(workspace.path) == before
    assert [e.name for e in workspace.entries()] == ["punkty"]


# --- one ride, one activity -----------------------------------------------------------------


def copies(y0: float = 381_000.0) -> tuple[bytes, bytes, bytes]:
    """One ride as its device's FIT (1 s), a GPX export (every other point, 6 decimals), a TCX."""
    lat, lon = straight(240, y0=y0, step_m=4.75)
    fit = fit_bytes(lat, lon)
    gpx = gpx_bytes(np.round(lat[::2], 6), np.round(lon[::2], 6), times(120))
    tcx = tcx_bytes(lat, lon, times(240, every_s=1))
    return gpx, fit, tcx


def test_the_same_ride_as_gpx_tcx_and_fit_in_one_import_is_one_activity(
    workspace: Workspace, tmp_path: Path
) -> None:
    gpx, fit, tcx = copies()
    (tmp_path / "jazda.gpx").write_bytes(gpx)
    (tmp_path / "jazda.fit").write_bytes(fit)
    (tmp_path / "jazda.tcx").write_bytes(tcx)
    (tmp_path / "inna.gpx").write_bytes(ride(3))
    code, summary, _ = run(tmp_path, ws=workspace)
    assert code == 0
    assert (summary["imported"], summary["skipped"], summary["rejected"]) == (2, 2, 0)
    names = {d["source"].rsplit("/", 1)[-1] for d in summary["duplicates"]}
    assert names == {"jazda.gpx", "jazda.tcx"}
    assert {d["same_ride_as"].rsplit("/", 1)[-1] for d in summary["duplicates"]} == {"jazda.fit"}
    assert workspace.entry("activities").feature_count == 2
    text = urbanista("import", "tracks", str(tmp_path), "-w", str(workspace.path)).stdout
    assert "0 imported" in text  # the same files again: skipped as the same content


def test_the_fit_of_a_ride_imported_as_gpx_before_is_not_imported_again(
    workspace: Workspace, tmp_path: Path
) -> None:
    gpx, fit, _ = copies()
    (tmp_path / "rano.gpx").write_bytes(gpx)
    (tmp_path / "rano.fit").write_bytes(fit)
    assert run(tmp_path / "rano.gpx", ws=workspace)[1]["imported"] == 1
    done = urbanista("import", "tracks", str(tmp_path / "rano.fit"), "-w", str(workspace.path))
    assert done.returncode == 0
    assert "0 imported, 1 skipped" in done.stdout
    assert "1 of the skipped are the same ride as another file" in done.stdout
    assert "rano.fit = " in done.stdout and "rano.gpx" in done.stdout
    assert workspace.entry("activities").feature_count == 1


@pytest.mark.parametrize(("apart_m", "late_s"), [(3.0, 0), (1.5, 0), (0.0, 1)])
def test_two_people_riding_together_stay_two_activities(
    workspace: Workspace, tmp_path: Path, apart_m: float, late_s: int
) -> None:
    """Side by side (metres apart, started in the same second) or one behind the other."""
    rng = np.random.default_rng(7)
    lat, lon = straight(240, step_m=4.75)
    other_lat, other_lon = straight(240, y0=381_000.0 + apart_m, step_m=4.75)
    jitter = rng.normal(0, 1e-6, (2, 240))  # GPS noise of another receiver: about 0.1 m
    start = datetime(2026, 5, 6, 6, 2, 53 + late_s, tzinfo=UTC)
    (tmp_path / "ewa.fit").write_bytes(fit_bytes(lat, lon, serial=1))
    (tmp_path / "jan.fit").write_bytes(
        fit_bytes(other_lat + jitter[0], other_lon + jitter[1], serial=2, start=start)
    )
    code, summary, _ = run(tmp_path, ws=workspace)
    assert code == 0 and summary["imported"] == 2 and summary["duplicates"] == []


# --- archives -------------------------------------------------------------------------------


def nested(depth: int) -> bytes:
    """A ZIP holding ride ``depth`` and, but for the last, a ZIP like it one level down."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"jazda{depth}.gpx", ride(depth))
        if depth > 1:
            zf.writestr(f"poziom{depth - 1}.zip", nested(depth - 1))
    return buf.getvalue()


def test_zips_are_read_three_deep_and_a_fourth_is_named(
    workspace: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "eksport.zip").write_bytes(nested(4))
    code, summary, _ = run(tmp_path / "eksport.zip", ws=workspace)
    assert code == 0
    assert summary["imported"] == 3  # rides 4, 3 and 2; ride 1 is in the fourth ZIP
    ((where, reason),) = rejections(summary).items()
    # members are named as the catalogue names sources: without what may name a person
    assert where.endswith("eksport.zip " + redact_name("poziom3.zip:poziom2.zip:poziom1.zip"))
    assert reason.startswith("a ZIP inside 3 ZIPs, deeper than the 3 read; not opened")


@pytest.mark.parametrize("page", ["cp852", "cp1250"])
def test_polish_member_names_without_the_utf8_flag_are_decoded(tmp_path: Path, page: str) -> None:
    path = tmp_path / "a.zip"
    path.write_bytes(
        legacy_zip({"Łódź_jazda.gpx": b"1", "źdźbło.gpx": b"2", "Żółć.gpx": b"3"}, page)
    )
    with zipfile.ZipFile(path) as zf:
        assert not any(i.flag_bits & 0x800 for i in zf.infolist())
        assert "Łódź_jazda.gpx" not in zf.namelist()  # zipfile's own reading is garbled
    assert [name for name, _ in iter_zip(path, (".gpx",))] == [
        "Łódź_jazda.gpx",
        "źdźbło.gpx",
        "Żółć.gpx",
    ]


@pytest.mark.parametrize("page", ["cp852", "cp1250"])
def test_an_import_names_cp852_and_cp1250_members_in_polish(
    workspace: Workspace, tmp_path: Path, page: str
) -> None:
    archive = tmp_path / "stary.zip"
    archive.write_bytes(legacy_zip({"Łódź_jazda.gpx": GOOD, "ślad_powrót.gpx": b""}, page))
    code, summary, _ = run(archive, ws=workspace)
    assert code == 0 and summary["imported"] == 1
    assert rejections(summary) == {f"{archive} ślad_powrót.gpx": "the file is empty"}
    (source,) = workspace.read_layer("activities")["source"]
    assert source == "….zip:…_jazda.gpx"  # names redacted as ever: "Łódź" reads as a name
