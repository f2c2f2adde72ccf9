"""GPX 1.1 documents in the dialects of the apps that write them.

Written as text for speed (a season is about a million points); every value
that came from a person goes through XML escaping.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

import numpy as np

GPX_NS = (
    'xmlns="http://www.topografix.com/GPX/1/1" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd"'
)
GARMIN_TPX_NS = 'xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"'


def iso_utc(moment: datetime) -> str:
    """``2026-05-06T06:02:53Z``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _times(start: datetime, seconds: np.ndarray) -> np.ndarray:
    base = np.datetime64(start.replace(tzinfo=None), "s")
    return np.char.add(
        np.datetime_as_string(base + seconds.astype("timedelta64[s]"), unit="s"), "Z"
    )


def _segments(n: int, breaks: tuple[int, ...]) -> list[tuple[int, int]]:
    edges = [0, *breaks, n]
    return list(itertools.pairwise(edges))


def track_points(
    lat: np.ndarray,
    lon: np.ndarray,
    ele: np.ndarray,
    start: datetime,
    seconds: np.ndarray,
    breaks: tuple[int, ...] = (),
    heart_rate: np.ndarray | None = None,
) -> str:
    """``<trkseg>`` elements; Garmin's TrackPointExtension when ``heart_rate`` is given."""
    times = _times(start, seconds)
    lat_s = [f"{v:.7f}" for v in lat]
    lon_s = [f"{v:.7f}" for v in lon]
    ele_s = [f"{v:.1f}" for v in ele]
    out = []
    for a, b in _segments(len(lat), breaks):
        out.append("  <trkseg>")
        if heart_rate is None:
            out.extend(
                f'   <trkpt lat="{lat_s[i]}" lon="{lon_s[i]}"><ele>{ele_s[i]}</ele>'
                f"<time>{times[i]}</time></trkpt>"
                for i in range(a, b)
            )
        else:
            out.extend(
                f'   <trkpt lat="{lat_s[i]}" lon="{lon_s[i]}"><ele>{ele_s[i]}</ele>'
                f"<time>{times[i]}</time><extensions><ns3:TrackPointExtension>"
                f"<ns3:hr>{heart_rate[i]}</ns3:hr></ns3:TrackPointExtension></extensions></trkpt>"
                for i in range(a, b)
            )
        out.append("  </trkseg>")
    return "\n".join(out)


def document(
    creator: str,
    start: datetime,
    track_name: str,
    track_type: str | None,
    segments: str,
    *,
    author: str | None = None,
    garmin: bool = False,
) -> str:
    """A whole GPX 1.1 file around ``segments``."""
    namespaces = f"{GPX_NS} {GARMIN_TPX_NS}" if garmin else GPX_NS
    meta = [" <metadata>"]
    if garmin:
        meta.append('  <link href="connect.garmin.com"><text>Garmin Connect</text></link>')
    if author:
        meta.append(f"  <author><name>{escape(author)}</name></author>")
    meta.append(f"  <time>{iso_utc(start)}</time>\n </metadata>")
    trk_type = f"\n  <type>{escape(track_type)}</type>" if track_type else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<gpx version="1.1" creator={quoteattr(creator)} {namespaces}>\n'
        + "\n".join(meta)
        + f"\n <trk>\n  <name>{escape(track_name)}</name>{trk_type}\n{segments}\n </trk>\n</gpx>\n"
    )
