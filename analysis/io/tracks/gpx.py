"""GPX 1.0 and 1.1, read with lxml's ``iterparse`` straight into arrays.

Any namespace or prefix is accepted (elements are matched by local name), as
are extensions (Garmin's TrackPointExtension heart rate is skipped: health data
is not needed and not kept). Tracks win over routes: a file with both holds a
recording and the plan it followed. Each ``<trkseg>`` and ``<rte>`` is a segment.
Elements are cleared as soon as they are read, so memory follows the arrays,
not the document tree.
"""

from __future__ import annotations

import io

from analysis.errors import InputError
from analysis.io.budget import NEVER, Deadline
from analysis.io.safety import check_xml_prolog, xml_parser_options
from analysis.io.tracks.rawtrack import (
    CHECK_EVERY,
    RawTrack,
    build,
    check_degrees,
    xml_error,
    xml_start,
)

_TAGS = ("{*}trkpt", "{*}rtept", "{*}trkseg", "{*}rte", "{*}type", "{*}author")


class _Points:
    """Positions and raw timestamps of one kind of point (track or route)."""

    def __init__(self) -> None:
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.time: list[str | None] = []
        self.lines: list[int] = []
        self.breaks: list[int] = []

    def close_segment(self) -> None:
        self.breaks.append(len(self.lat))


def parse_gpx(data: bytes, name: str, deadline: Deadline = NEVER) -> RawTrack:  # noqa: C901 - one branch per GPX element and extension the importer reads
    """Read the points, activity type and author of a GPX document.

    Raises
    ------
    InputError
        Naming ``name`` and the line: not XML, not GPX, a DTD (refused), a point
        without a readable position or off the Earth, no possible timestamp
        among its timed points, no point at all, still reading at ``deadline``.
        Points with an impossible time are dropped.
    """
    from lxml import etree

    data = xml_start(data)
    if not data:
        raise InputError(f"{name}: the file is empty")
    check_xml_prolog(data, name)
    track, route = _Points(), _Points()
    sport: str | None = None
    author: str | None = None
    time_tag = ""
    events = etree.iterparse(io.BytesIO(data), events=("end",), tag=_TAGS, **xml_parser_options())
    try:
        for _, el in events:
            tag = el.tag
            local = tag[tag.rfind("}") + 1 :]
            if local in ("trkpt", "rtept"):
                points = track if local == "trkpt" else route
                if not time_tag:
                    time_tag = tag[: len(tag) - len(local)] + "time"
                try:
                    lat, lon = float(el.get("lat")), float(el.get("lon"))
                except (TypeError, ValueError):
                    raise InputError(
                        f"{name}: line {el.sourceline}: <{local}> without a readable "
                        f"lat/lon ({el.get('lat')!r}, {el.get('lon')!r})"
                    ) from None
                if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
                    check_degrees(lat, lon, name, f"line {el.sourceline}")
                points.lat.append(lat)
                points.lon.append(lon)
                points.time.append(el.findtext(time_tag))
                points.lines.append(el.sourceline)
                if not len(points.lat) % CHECK_EVERY:
                    deadline.check(name, f"line {el.sourceline}")
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
            elif local == "trkseg":
                track.close_segment()
                el.clear()
            elif local == "rte":
                route.close_segment()
                el.clear()
            elif local == "type":
                parent = el.getparent()
                if sport is None and parent is not None and parent.tag.endswith(("trk", "rte")):
                    sport = el.text
            elif author is None:  # <author>: <name> inside in GPX 1.1, the text itself in 1.0
                author = el.findtext("{*}name") or el.text
        root = events.root
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name}: {xml_error(exc)}") from None
    if root is None or etree.QName(root).localname != "gpx":
        found = etree.QName(root).localname if root is not None else "nothing"
        raise InputError(f"{name}: not a GPX document (its root element is <{found}>)")
    points = track if track.lat else route
    athlete = ("gpx_author", author.strip()) if author and author.strip() else None
    return build(
        points.lat,
        points.lon,
        points.time,
        points.breaks,
        name,
        (points.lines, "line"),
        sport,
        athlete,
    )
