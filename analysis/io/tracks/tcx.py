"""Garmin Training Center XML (TCX), read with lxml's ``iterparse`` into arrays.

Each ``<Track>`` is a segment; trackpoints without a ``<Position>`` (indoor, or
while the GPS had no fix) are skipped. The sport is the ``Sport`` attribute of
``<Activity>``; the recording device's ``<Creator><UnitId>`` identifies the
athlete, as far as anything in a TCX file does.
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

_TAGS = ("{*}Trackpoint", "{*}Track", "{*}Activity")


def parse_tcx(data: bytes, name: str, deadline: Deadline = NEVER) -> RawTrack:  # noqa: C901 - one branch per TCX element the importer reads
    """Read the points, sport and device of a TCX document (all its activities together).

    Raises
    ------
    InputError
        Naming ``name`` and the line: not XML, not TCX, a DTD (refused), a
        position that cannot be read or is off the Earth, no possible
        timestamp among its timed points, no point at all, still reading at
        ``deadline``.
    """
    from lxml import etree

    data = xml_start(data)
    if not data:
        raise InputError(f"{name}: the file is empty")
    check_xml_prolog(data, name)
    lat: list[float] = []
    lon: list[float] = []
    times: list[str | None] = []
    lines: list[int] = []
    breaks: list[int] = []
    sport: str | None = None
    device: str | None = None
    paths: tuple[str, str, str] | None = None
    events = etree.iterparse(io.BytesIO(data), events=("end",), tag=_TAGS, **xml_parser_options())
    try:
        for _, el in events:
            tag = el.tag
            if tag.endswith("Trackpoint"):
                if paths is None:
                    ns = tag[: -len("Trackpoint")]
                    paths = (
                        f"{ns}Position/{ns}LatitudeDegrees",
                        f"{ns}Position/{ns}LongitudeDegrees",
                        f"{ns}Time",
                    )
                lat_text, lon_text = el.findtext(paths[0]), el.findtext(paths[1])
                if lat_text is not None or lon_text is not None:
                    try:
                        y, x = float(lat_text), float(lon_text)
                    except (TypeError, ValueError):
                        raise InputError(
                            f"{name}: line {el.sourceline}: <Trackpoint> without a readable "
                            f"position ({lat_text!r}, {lon_text!r})"
                        ) from None
                    if not (-90.0 <= y <= 90.0 and -180.0 <= x <= 180.0):
                        check_degrees(y, x, name, f"line {el.sourceline}")
                    lat.append(y)
                    lon.append(x)
                    times.append(el.findtext(paths[2]))
                    lines.append(el.sourceline)
                    if not len(lat) % CHECK_EVERY:
                        deadline.check(name, f"line {el.sourceline}")
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
            elif tag.endswith("}Track") or tag == "Track":
                breaks.append(len(lat))
                el.clear()
            else:  # <Activity>
                sport = sport or el.get("Sport")
                device = device or el.findtext("{*}Creator/{*}UnitId")
        root = events.root
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name}: {xml_error(exc)}") from None
    if root is None or etree.QName(root).localname != "TrainingCenterDatabase":
        found = etree.QName(root).localname if root is not None else "nothing"
        raise InputError(f"{name}: not a TCX document (its root element is <{found}>)")
    athlete = ("device", device.strip()) if device and device.strip() not in ("", "0") else None
    return build(lat, lon, times, breaks, name, (lines, "line"), sport, athlete)
