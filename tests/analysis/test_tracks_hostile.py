"""Hostile track inputs: slow files, impossible dates, copies of one ride, deep ZIPs, old names.

Each class goes through ``urbanista import tracks`` with a good file beside the bad
one: the good one gets in, the bad one is named with its reason, and an import
that refuses everything leaves the workspace as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from analysis.io.safety import iter_zip
from analysis.io.tracks import TrackImportParams, import_tracks
from analysis.io.tracks.activity import Context
from analysis.io.tracks.archives import Unit
from analysis.io.tracks.workers import GRACE_S, parse_in_workers, timeout_reason
from analysis.workspace import Workspace
from tests.analysis.test_cli_import import urbanista
from tests.analysis.test_tracks_formats import fit_bytes, gpx_bytes, straight, tcx_bytes, times

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
    assert slow.rejected[0].reason.startswith("line 4100: reading it took too long")  # point 4,096
    assert slow.rejected[0].reason.endswith("; abandoned")
    assert workspace.entry("activities").feature_count == 1


class Hanging(bytes):
    """File bytes whose parser never returns: a worker stuck inside a library call."""

    def startswith(self, *args: object) -> bool:  # type: ignore[override]
        time.sleep(3600)
        return False


def test_a_hung_worker_is_killed_and_replaced_and_the_rest_goes_on(workspace: Workspace) -> None:
    from analysis.io.coords import workspace_area

    context = Context(workspace.crs, workspace_area(workspace), workspace.pseudonym_key(), 200.0)
    units = [Unit("", f"{i}.gpx", f"{i}.gpx", "gpx", ride(i)) for i in range(4)]
    units[1] = Unit("", "hung.gpx", "hung.gpx", "gpx", Hanging(GOOD))
    chunks = iter([[(k, u, f"id{k}") for k, u in enumerate(units[:3])], [(3, units[3], "id3")]])
    started = time.monotonic()
    results = list(parse_in_workers(chunks, context, workers=1, budget_s=0.5))
    took = time.monotonic() - started
    assert [job[0] for job, _ in results] == [0, 1, 2, 3]  # all, in order
    assert results[1][1] == timeout_reason(0.5)
    assert all(not isinstance(r, str) for i, (_, r) in enumerate(results) if i != 1)
    assert took < 0.5 + GRACE_S + 30  # killed, not waited for (the hang lasts an hour)


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
    nan = urbanista("import", "tracks", str(files), "-w", str(workspace.path),
                    "--file-timeout", "nan")  # fmt: skip
    assert nan.returncode == 2 and digest(workspace.path) == before
    assert "invalid value for --file-timeout: must be a finite number" in nan.stderr
    code, summary, _ = run(files, ws=workspace, extra=("--file-timeout", "0.001"))
    assert code == 0 and (summary["imported"], summary["rejected"]) == (1, 1)
    assert "reading it took too long" in rejections(summary)[str(files / "slow.gpx")]


# --- impossible dates -----------------------------------------------------------------------


def year_10000(data: bytes) -> bytes:
    """The 31st timestamp moved to the year 10000."""
    stamp = times(120)[30].encode()
    return data.replace(stamp, b"10000" + stamp[4:])


def test_impossible_dates_refuse_the_file_naming_the_line_and_the_rest_is_imported(
    workspace: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "good.gpx").write_bytes(GOOD)
    (tmp_path / "future.gpx").write_bytes(year_10000(ride(1)))
    (tmp_path / "future.tcx").write_bytes(year_10000(tcx_bytes(*straight(120, y0=382_000.0),
                                                               times(120))))  # fmt: skip
    lat, lon = straight(120, y0=382_500.0)
    (tmp_path / "future.fit").write_bytes(
        fit_bytes(lat, lon, start=datetime(2100, 1, 1, tzinfo=UTC))
    )
    (tmp_path / "old.gpx").write_bytes(ride(2).replace(b">2026-", b">1970-"))
    code, summary, err = run(tmp_path, ws=workspace)
    assert code == 0 and "Traceback" not in err
    assert summary["imported"] == 1 and summary["rejected"] == 4
    reasons = {k.rsplit("/", 1)[-1]: v for k, v in rejections(summary).items()}
    assert reasons["future.gpx"].startswith("line 35: time 10000-05-06T06:03:53.000 is impossible")
    assert reasons["future.tcx"].startswith("line 2: time 10000-05-06T06:03:53.000 is impossible")
    assert reasons["future.fit"].startswith("message 4: time 2100-01-01T00:00:00.000 is impossible")
    assert reasons["old.gpx"].startswith("line 5: time 1970-05-06T06:02:53.000 is impossible")
    assert all("not between 1990-01-01 and " in r for r in reasons.values())
    assert workspace.entry("activities").feature_count == 1


def test_an_import_refused_whole_leaves_the_workspace_as_it_was(
    workspace: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "future.gpx").write_bytes(year_10000(GOOD))
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
    assert where.endswith("eksport.zip poziom3.zip:poziom2.zip:poziom1.zip")
    assert reason.startswith("a ZIP inside 3 ZIPs, deeper than the 3 read; not opened")


def legacy_zip(names: dict[str, bytes], page: str) -> bytes:
    """A ZIP with member names in ``page`` without the UTF-8 flag, as old Windows zippers write."""
    buf = io.BytesIO()
    placeholders = {}
    with zipfile.ZipFile(buf, "w") as zf:
        for k, (name, data) in enumerate(names.items()):
            raw = name.encode(page)
            stand_in = f"{k:0{len(raw)}d}".encode()
            placeholders[stand_in] = raw
            zf.writestr(stand_in.decode(), data)
    out = buf.getvalue()
    for stand_in, raw in placeholders.items():
        out = out.replace(stand_in, raw)
    return out


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
    archive.write_bytes(legacy_zip({"Łódź_jazda.gpx": GOOD, "źdźbło.gpx": b""}, page))
    code, summary, _ = run(archive, ws=workspace)
    assert code == 0 and summary["imported"] == 1
    assert rejections(summary) == {f"{archive} źdźbło.gpx": "the file is empty"}
    (source,) = workspace.read_layer("activities")["source"]
    assert source == "….zip:…_jazda.gpx"  # names redacted as ever: "Łódź" reads as a name
