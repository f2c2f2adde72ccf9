"""Track formats: GPX 1.0/1.1 dialects, TCX, FIT, gzip; activity types; timestamps.

The writers at the top make real files for these tests and the other test_tracks_* modules.
"""

from __future__ import annotations

import gzip
import itertools
import struct
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from pyproj import Transformer

from analysis.errors import InputError
from analysis.io.tracks.fit import parse_fit
from analysis.io.tracks.gpx import parse_gpx
from analysis.io.tracks.rawtrack import parse_times
from analysis.io.tracks.reader import parse_track
from analysis.io.tracks.sports import normalise_type, pick_type
from analysis.io.tracks.tcx import parse_tcx

TO_WGS84 = Transformer.from_crs("EPSG:2180", "EPSG:4326", always_xy=True)
START = datetime(2026, 5, 6, 6, 2, 53, tzinfo=UTC)
GPX11 = "http://www.topografix.com/GPX/1/1"
GPX10 = "http://www.topografix.com/GPX/1/0"
TPX = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
TCX = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"


def straight(
    n: int = 120, x0: float = 561_000.0, y0: float = 381_000.0, step_m: float = 9.5
) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes of ``n`` points going east from (x0, y0) in EPSG:2180."""
    x = x0 + step_m * np.arange(n)
    lon, lat = TO_WGS84.transform(x, np.full(n, y0))
    return np.asarray(lat), np.asarray(lon)


def times(n: int, start: datetime = START, every_s: int = 2) -> list[str]:
    return [
        (start + timedelta(seconds=every_s * i)).strftime("%Y-%m-%dT%H:%M:%SZ") for i in range(n)
    ]


def gpx_bytes(
    lat: Sequence[float],
    lon: Sequence[float],
    stamps: Sequence[str | None] | None = None,
    *,
    version: str = "1.1",
    prefix: str = "",
    author: str | None = None,
    sport: str | None = None,
    breaks: Sequence[int] = (),
    route: bool = False,
    heart_rate: bool = False,
    encoding: str = "UTF-8",
) -> bytes:
    """A GPX document: 1.0 or 1.1, elements with or without a namespace prefix."""
    p = f"{prefix}:" if prefix else ""
    ns = GPX10 if version == "1.0" else GPX11
    xmlns = f'xmlns:{prefix}="{ns}"' if prefix else f'xmlns="{ns}"'
    if heart_rate:
        xmlns += f' xmlns:gpxtpx="{TPX}"'
    head = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        f'<{p}gpx version="{version}" creator="test" {xmlns}>',
    ]
    if author and version == "1.0":
        head.append(f"<{p}author>{author}</{p}author>")
    elif author:
        head.append(
            f"<{p}metadata><{p}author><{p}name>{author}</{p}name></{p}author></{p}metadata>"
        )
    kind, seg, pt = ("rte", None, "rtept") if route else ("trk", "trkseg", "trkpt")
    body = [f"<{p}{kind}><{p}name>Morning Ride</{p}name>"]
    if sport:
        body.append(f"<{p}type>{sport}</{p}type>")
    edges = [0, *breaks, len(lat)]
    for a, b in itertools.pairwise(edges):
        if seg:
            body.append(f"<{p}{seg}>")
        for i in range(a, b):
            when = f"<{p}time>{stamps[i]}</{p}time>" if stamps and stamps[i] else ""
            ext = (
                f"<{p}extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{120 + i % 9}"
                "</gpxtpx:hr></gpxtpx:TrackPointExtension></" + p + "extensions>"
                if heart_rate
                else ""
            )
            body.append(
                f'<{p}{pt} lat="{lat[i]:.7f}" lon="{lon[i]:.7f}"><{p}ele>180.5</{p}ele>'
                f"{when}{ext}</{p}{pt}>"
            )
        if seg:
            body.append(f"</{p}{seg}>")
    body.append(f"</{p}{kind}></{p}gpx>")
    return "\n".join(head + body).encode(encoding)


def tcx_bytes(
    lat: Sequence[float],
    lon: Sequence[float],
    stamps: Sequence[str],
    *,
    sport: str = "Biking",
    unit_id: str | None = "3912345678",
    breaks: Sequence[int] = (),
) -> bytes:
    """A TCX document with one activity, one lap, a Track per segment, and a point without GPS."""
    edges = [0, *breaks, len(lat)]
    tracks = []
    for a, b in itertools.pairwise(edges):
        points = [
            f"<Trackpoint><Time>{stamps[i]}</Time><Position><LatitudeDegrees>{lat[i]:.7f}"
            f"</LatitudeDegrees><LongitudeDegrees>{lon[i]:.7f}</LongitudeDegrees></Position>"
            "<HeartRateBpm><Value>121</Value></HeartRateBpm></Trackpoint>"
            for i in range(a, b)
        ]
        points.append(f"<Trackpoint><Time>{stamps[b - 1]}</Time><Cadence>80</Cadence></Trackpoint>")
        tracks.append("<Track>" + "".join(points) + "</Track>")
    creator = (
        f'<Creator xsi:type="Device_t"><Name>Edge 530</Name><UnitId>{unit_id}</UnitId></Creator>'
        if unit_id
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<TrainingCenterDatabase xmlns="{TCX}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<Activities><Activity Sport="{sport}"><Id>{stamps[0]}</Id>'
        f'<Lap StartTime="{stamps[0]}"><TotalTimeSeconds>1</TotalTimeSeconds>'
        + "".join(tracks)
        + f"</Lap>{creator}</Activity></Activities></TrainingCenterDatabase>"
    ).encode()


_CRC = (
    0x0000,
    0xCC01,
    0xD801,
    0x1400,
    0xF001,
    0x3C00,
    0x2800,
    0xE401,
    0xA001,
    0x6C00,
    0x7800,
    0xB401,
    0x5000,
    0x9C01,
    0x8801,
    0x4400,
)
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)


def fit_crc(data: bytes, crc: int = 0) -> int:
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            tmp = _CRC[crc & 0xF]
            crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC[nibble]
    return crc


def fit_bytes(
    lat: Sequence[float],
    lon: Sequence[float],
    *,
    start: datetime = START,
    sport: int = 2,
    serial: int = 3912345678,
    pause_at: int | None = None,
) -> bytes:
    """A FIT activity file: file_id, sport, timer events and records (1 s apart)."""
    defs = {  # local type: (global message, [(field, size, base type)])
        0: (0, [(0, 1, 0x00), (1, 2, 0x84), (3, 4, 0x8C), (4, 4, 0x86)]),
        1: (12, [(0, 1, 0x00)]),
        2: (21, [(253, 4, 0x86), (0, 1, 0x00), (1, 1, 0x00)]),
        3: (20, [(253, 4, 0x86), (0, 4, 0x85), (1, 4, 0x85)]),
    }
    formats = {0: "<BHII", 1: "<B", 2: "<IBB", 3: "<Iii"}
    body = bytearray()
    for local, (number, fields) in defs.items():
        body += struct.pack("<BBBHB", 0x40 | local, 0, 0, number, len(fields))
        for field in fields:
            body += struct.pack("<BBB", *field)
    t0 = int((start - FIT_EPOCH).total_seconds())
    body += struct.pack("<B", 0) + struct.pack(formats[0], 4, 1, serial, t0)
    body += struct.pack("<B", 1) + struct.pack(formats[1], sport)
    body += struct.pack("<B", 2) + struct.pack(formats[2], t0, 0, 0)  # timer start
    for i, (y, x) in enumerate(zip(lat, lon, strict=True)):
        if i == pause_at:
            body += struct.pack("<B", 2) + struct.pack(formats[2], t0 + i, 0, 4)  # stop_all
            body += struct.pack("<B", 2) + struct.pack(formats[2], t0 + i, 0, 0)  # start
        semi = (round(y / 180 * 2**31), round(x / 180 * 2**31))
        body += struct.pack("<B", 3) + struct.pack(formats[3], t0 + i, *semi)
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", fit_crc(header))
    return header + bytes(body) + struct.pack("<H", fit_crc(header + body))


# --- GPX -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0", "1.1"])
@pytest.mark.parametrize("prefix", ["", "g", "gpx11"])
def test_gpx_versions_and_namespace_prefixes(version: str, prefix: str) -> None:
    lat, lon = straight(50)
    data = gpx_bytes(
        lat,
        lon,
        times(50),
        version=version,
        prefix=prefix,
        author="Ewa Nowak",
        sport="jazda na rowerze",
    )
    raw = parse_gpx(data, "a.gpx")
    assert len(raw) == 50
    np.testing.assert_allclose(raw.lat, lat, atol=1e-7)
    np.testing.assert_allclose(raw.lon, lon, atol=1e-7)
    assert raw.time[0] == np.datetime64("2026-05-06T06:02:53", "ms")
    assert raw.time[-1] - raw.time[0] == np.timedelta64(98, "s")
    assert raw.sport == "jazda na rowerze"
    assert raw.athlete == ("gpx_author", "Ewa Nowak")
    assert raw.breaks.tolist() == []


def test_gpx_garmin_extensions_segments_and_missing_timestamps() -> None:
    lat, lon = straight(60)
    stamps: list[str | None] = list(times(60))
    stamps[5] = stamps[6] = None
    data = gpx_bytes(lat, lon, stamps, heart_rate=True, breaks=(20, 45), sport="cycling")
    raw = parse_gpx(data, "garmin.gpx")
    assert len(raw) == 60
    assert raw.breaks.tolist() == [20, 45]
    assert np.isnat(raw.time).sum() == 2 and np.isnat(raw.time[5])
    assert raw.athlete is None


def test_gpx_route_without_times_and_tracks_win_over_routes() -> None:
    lat, lon = straight(30)
    route = parse_gpx(gpx_bytes(lat, lon, route=True, sport="Ride"), "plan.gpx")
    assert len(route) == 30 and np.isnat(route.time).all() and route.sport == "Ride"

    planned = gpx_bytes(lat, lon, route=True).split(b"<rte>")[1].split(b"</gpx>")[0]
    both = gpx_bytes(lat[:10], lon[:10], times(10)).replace(
        b"</gpx>", b"<rte>" + planned + b"</gpx>"
    )
    assert both.count(b"<rtept") == 30
    assert len(parse_gpx(both, "both.gpx")) == 10


def test_gpx_link_types_and_waypoint_types_are_not_the_activity_type() -> None:
    lat, lon = straight(5)
    extra = (
        b'<metadata><link href="https://example.org"><type>text/html</type></link></metadata>'
        b'<wpt lat="51.3" lon="19.9"><type>Cafe</type></wpt><trk>'
    )
    data = gpx_bytes(lat, lon, times(5)).replace(b"<trk>", extra, 1)
    assert data.count(b"<type>") == 2
    assert parse_gpx(data, "a.gpx").sport is None


def test_gpx_in_utf16_and_with_bom() -> None:
    lat, lon = straight(5)
    assert len(parse_gpx(gpx_bytes(lat, lon, times(5), encoding="UTF-16"), "u16.gpx")) == 5
    assert len(parse_gpx(b"\xef\xbb\xbf" + gpx_bytes(lat, lon, times(5)), "bom.gpx")) == 5


def test_gpx_author_name_with_polish_letters_and_escapes() -> None:
    lat, lon = straight(5)
    data = gpx_bytes(lat, lon, times(5), author="Łukasz Żółć &amp; syn")
    assert parse_gpx(data, "a.gpx").athlete == ("gpx_author", "Łukasz Żółć & syn")


# --- TCX and FIT ---------------------------------------------------------------------


def test_blank_lines_before_the_xml_declaration_are_tolerated() -> None:
    lat, lon = straight(10)
    assert len(parse_tcx(b"\r\n  \n" + tcx_bytes(lat, lon, times(10)), "garmin.tcx")) == 10
    assert len(parse_gpx(b"\xef\xbb\xbf\n" + gpx_bytes(lat, lon, times(10)), "bom.gpx")) == 10


def test_tcx_points_segments_sport_and_device() -> None:
    lat, lon = straight(40)
    raw = parse_tcx(tcx_bytes(lat, lon, times(40), breaks=(25,)), "a.tcx")
    assert len(raw) == 40  # the two trackpoints without <Position> are skipped
    np.testing.assert_allclose(raw.lat, lat, atol=1e-7)
    assert raw.breaks.tolist() == [25]
    assert raw.sport == "Biking"
    assert raw.athlete == ("device", "3912345678")
    assert raw.time[-1] - raw.time[0] == np.timedelta64(78, "s")


def test_fit_points_pause_sport_and_device() -> None:
    lat, lon = straight(50)
    raw = parse_fit(fit_bytes(lat, lon, pause_at=30), "a.fit")
    assert len(raw) == 50
    np.testing.assert_allclose(raw.lat, lat, atol=1e-6)  # semicircles: ~1e-8 degrees
    np.testing.assert_allclose(raw.lon, lon, atol=1e-6)
    assert raw.breaks.tolist() == [30]
    assert raw.sport == "cycling"
    assert raw.athlete == ("device", "3912345678")
    assert raw.time[0] == np.datetime64("2026-05-06T06:02:53", "ms")
    assert raw.time[-1] - raw.time[0] == np.timedelta64(49, "s")


@pytest.mark.parametrize("fmt", ["gpx", "tcx", "fit"])
def test_the_three_formats_read_the_same_positions(fmt: str) -> None:
    lat, lon = straight(20)
    data = {
        "gpx": gpx_bytes(lat, lon, times(20)),
        "tcx": tcx_bytes(lat, lon, times(20)),
        "fit": fit_bytes(lat, lon),
    }[fmt]
    raw = parse_track(gzip.decompress(gzip.compress(data)), fmt, f"a.{fmt}")
    np.testing.assert_allclose(raw.lat, lat, atol=1e-6)


def test_a_fit_file_with_a_bad_crc_or_cut_short_is_refused() -> None:
    lat, lon = straight(20)
    data = fit_bytes(lat, lon)
    damaged = data[:40] + bytes([data[40] ^ 0xFF]) + data[41:]
    with pytest.raises(InputError, match=r"^b\.fit: not a readable FIT file"):
        parse_fit(damaged, "b.fit")
    with pytest.raises(InputError, match="not a readable FIT file"):
        parse_fit(data[: len(data) // 2], "c.fit")


# --- types and times -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("jazda na rowerze", "cycling"),
        ("Jazda na rowerze", "cycling"),
        ("bieganie", "running"),
        ("jazda na rolkach", "inline_skating"),
        ("nordic walking", "nordic_walking"),
        ("Nordic Walking", "nordic_walking"),
        ("spacer", "walking"),
        ("Rower górski", "cycling"),
        ("marsz", "walking"),
        ("1", "cycling"),
        ("9", "running"),
        ("10", "walking"),
        ("Ride", "cycling"),
        ("Run", "running"),
        ("InlineSkate", "inline_skating"),
        ("Inline Skate", "inline_skating"),
        ("Walk", "walking"),
        ("Hike", "walking"),
        ("EBikeRide", "cycling"),
        ("VirtualRide", "other"),
        ("IceSkate", "other"),
        ("NordicSki", "other"),
        ("Swim", "other"),
        ("road_biking", "cycling"),
        ("mountain_biking", "cycling"),
        ("trail_running", "running"),
        ("inline_skating", "inline_skating"),
        ("treadmill_running", "other"),
        ("Biking", "cycling"),
        ("Running", "running"),
        ("Other", "other"),
        ("", "other"),
        (None, "other"),
        ("42", "other"),
    ],
)
def test_activity_types_are_normalised(text: str | None, kind: str) -> None:
    assert normalise_type(text) == kind


def test_the_first_known_type_wins() -> None:
    assert pick_type(None, "InlineSkate") == "inline_skating"
    assert pick_type("1", "Run") == "cycling"
    assert pick_type("Swim", None) == "other"


def test_timestamps_in_every_iso_form_become_utc_milliseconds() -> None:
    parsed = parse_times(
        [
            "2026-05-06T06:02:53Z",
            "2026-05-06T08:02:54+02:00",
            "2026-05-06T06:02:55.250Z",
            "2026-05-06T06:02:56",
            None,
            "wczoraj",
            " 2026-05-06T06:02:57Z\n",
        ]
    )
    assert parsed.dtype == np.dtype("datetime64[ms]")
    assert [str(t) for t in parsed] == [
        "2026-05-06T06:02:53.000",
        "2026-05-06T06:02:54.000",
        "2026-05-06T06:02:55.250",
        "2026-05-06T06:02:56.000",
        "NaT",
        "NaT",
        "2026-05-06T06:02:57.000",
    ]
