"""The importer fuzz test's seeds (good files made by our own writers) and mutators.

Seeds are small good files of each format, written at test time: GPX by the
sample city's writer, TCX and FIT by the track tests' writers, the CRM's
reports CSV by the sample city's writer (and the same rows as an XLSX),
GeoJSON by pyogrio as the sample city writes it, GeoTIFF by rasterio. Each
format has two: ``bad`` (the one mutated) and ``good`` (another ride, other
report numbers, another layer), so a copy of one is never taken for the other.

Mutators are Hypothesis strategies giving a :class:`Mutant`: the bytes and a
short description of what was done, which the test notes and names findings by.
"""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from tests.analysis.test_tracks_formats import fit_bytes, fit_crc, straight, tcx_bytes, times

START = datetime(2026, 5, 6, 6, 2, 53, tzinfo=UTC)
POINTS = 60
GOOD_REPORTS = ("2026/00101", "2026/00102", "2026/00103", "2026/00104", "2026/00105")
"""Report numbers of the good reports file (the other's are 2026/00001 to 2026/00008)."""
GOOD_FEATURES = 4


@dataclass(frozen=True)
class Mutant:
    """Mutated bytes and what was done to the seed."""

    data: bytes
    how: str


@dataclass(frozen=True)
class Seeds:
    """The file the fuzzer mutates and the good file imported beside it."""

    suffix: str
    bad: bytes
    good: bytes


# --- seeds ------------------------------------------------------------------------------------


def _ride(y0: float, start: datetime) -> tuple[np.ndarray, np.ndarray, datetime]:
    lat, lon = straight(POINTS, y0=y0)
    return lat, lon, start


def gpx_seed(y0: float, start: datetime) -> bytes:
    """A Garmin-dialect GPX written by the sample city's writer (heart rate, a Polish author)."""
    from analysis.samplecity import gpx

    lat, lon, _ = _ride(y0, start)
    seconds = np.arange(POINTS) * 2
    segments = gpx.track_points(
        lat,
        lon,
        np.full(POINTS, 181.5),
        start,
        seconds,
        breaks=(30,),
        heart_rate=np.full(POINTS, 121),
    )
    text = gpx.document(
        "Garmin Connect",
        start,
        "Poranna jazda",
        "cycling",
        segments,
        author="Łukasz Żółć",
        garmin=True,
    )
    return text.encode()


def tcx_seed(y0: float, start: datetime) -> bytes:
    lat, lon, _ = _ride(y0, start)
    return tcx_bytes(lat, lon, times(POINTS, start), breaks=(30,))


def fit_seed(y0: float, start: datetime) -> bytes:
    lat, lon, _ = _ride(y0, start)
    return fit_bytes(lat, lon, start=start)


def track_seeds(suffix: str) -> Seeds:
    write = {".gpx": gpx_seed, ".tcx": tcx_seed, ".fit": fit_seed}[suffix]
    later = START + timedelta(days=1, hours=3)
    return Seeds(suffix, write(381_000.0, START), write(382_500.0, later))


def _reports(first: int, n: int) -> list[Any]:
    from analysis.samplecity.reports import CATEGORIES, Report

    keys = list(CATEGORIES)
    out = []
    for i in range(n):
        created = datetime(2026, 3, 1 + i, 8, 15, tzinfo=UTC)
        out.append(
            Report(
                number=f"2026/{first + i:05d}",
                category=keys[i % len(keys)],
                status="closed" if i % 2 else "open",
                created=created,
                closed=created + timedelta(days=3, hours=2) if i % 2 else None,
                description=f"Zgłoszenie {i}: dziura przy ławce, Żółkiewskiego",
                address=f"Żółkiewskiego {i + 1}",
                district="Śródmieście",
                xy=(560_200.0 + 37.0 * i, 380_300.0 + 23.0 * i),
                reporter="Jan Kowalski" if i % 3 == 0 else None,
                email="jan.kowalski@poczta.example.pl" if i % 3 == 0 else None,
                phone="+48 600 100 200" if i % 4 == 0 else None,
            )
        )
    return out


def csv_seed(folder: Path, first: int, n: int) -> bytes:
    """The CRM's CSV export (semicolons, decimal commas, BOM, CRLF), by the sample city's writer."""
    from pyproj import Transformer

    from analysis.samplecity.report_files import write_reports

    to_wgs84 = Transformer.from_crs("EPSG:2180", "EPSG:4326", always_xy=True)
    write_reports(folder, _reports(first, n), to_wgs84)
    return (folder / "reports" / "zgloszenia.csv").read_bytes()


def xlsx_from_csv(data: bytes) -> bytes:
    """The CSV export's rows as Excel writes them: dates as dates, coordinates as numbers."""
    import openpyxl

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Zgłoszenia"
    sheet.append(rows[0])
    for row in rows[1:]:
        cells: list[Any] = list(row)
        for i, value in enumerate(row):
            if re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", value):
                cells[i] = datetime.strptime(value, "%d.%m.%Y %H:%M")
            elif re.fullmatch(r"-?\d+,\d+", value):
                cells[i] = float(value.replace(",", "."))
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_seeds(folder: Path, suffix: str) -> Seeds:
    bad = csv_seed(folder / "bad", 1, 8)
    good = csv_seed(folder / "good", 101, len(GOOD_REPORTS))
    if suffix == ".xlsx":
        bad, good = xlsx_from_csv(bad), xlsx_from_csv(good)
    return Seeds(suffix, bad, good)


def geojson_seed(n: int, x0: float) -> bytes:
    """Polygons in WGS84, as the sample city writes its GeoJSON (RFC 7946)."""
    import geopandas as gpd
    import pyogrio
    import shapely

    frame = gpd.GeoDataFrame(
        {
            "nazwa": [f"Park Żeromskiego {i}" for i in range(n)],
            "powierzchnia_ha": 1.5,
            "rok": 1990 + np.arange(n),
        },
        geometry=[
            shapely.box(x0 + 300 * i, 381_000, x0 + 300 * i + 200, 381_150) for i in range(n)
        ],
        crs="EPSG:2180",
    ).to_crs(4326)
    with io.BytesIO() as out:
        pyogrio.write_dataframe(frame, out, driver="GeoJSON", layer_options={"RFC7946": "YES"})
        return out.getvalue()


def geojson_seeds() -> Seeds:
    return Seeds(".geojson", geojson_seed(6, 560_000.0), geojson_seed(GOOD_FEATURES, 562_000.0))


def tif_bytes(folder: Path, name: str, **profile: Any) -> bytes:
    """A GeoTIFF of ``profile`` over a 12 x 10 float32 heatmap near the workspace's points."""
    import rasterio
    from affine import Affine

    data = profile.pop("data", None)
    options: dict[str, Any] = {
        "driver": "GTiff",
        "width": 12,
        "height": 10,
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:2180",
        "nodata": -9999.0,
        "transform": Affine(10.0, 0.0, 560_000.0, 0.0, -10.0, 380_500.0),
    } | profile
    if data is None:
        data = np.arange(options["width"] * options["height"], dtype="float64")
        data = data.reshape(options["height"], options["width"]) % 17
        data[0, :3] = options["nodata"] if options["nodata"] is not None else 0
    path = folder / name
    with rasterio.open(path, "w", **options) as dst:
        for band in range(1, options["count"] + 1):
            dst.write(np.asarray(data).astype(options["dtype"]), band)
    return path.read_bytes()


def tif_seeds(folder: Path) -> Seeds:
    from affine import Affine

    other = Affine(20.0, 0.0, 561_000.0, 0.0, -20.0, 381_500.0)
    return Seeds(
        ".tif", tif_bytes(folder, "bad.tif"), tif_bytes(folder, "good.tif", transform=other)
    )


# --- generic byte mutations ---------------------------------------------------------------------

RUNS = [
    b"\x00",
    b"\xff" * 8,
    b'"',
    b"<",
    b">",
    b"&",
    b"]]>",
    b"\r",
    b"\n",
    b";",
    b",",
    b"{",
    b"\xc5",
    "ł".encode("cp1250"),
    "Ś".encode("cp852"),
    b"\xef\xbb\xbf",
    b"\x1b[2J",
]


@st.composite
def byte_mutation(draw: st.DrawFn, seed: bytes) -> Mutant:
    """Truncation, byte flips, an inserted or deleted run, a duplicated slice."""
    n = len(seed)
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "duplicate"]))
    at = draw(st.integers(0, n - 1))
    if kind == "truncate":
        return Mutant(seed[:at], f"truncated at byte {at}")
    if kind == "flip":
        data = bytearray(seed)
        flips = draw(
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 255)), min_size=1, max_size=8)
        )
        for pos, mask in flips:
            data[pos] ^= mask
        return Mutant(bytes(data), f"bytes xor-ed: {flips}")
    if kind == "insert":
        run = draw(st.sampled_from(RUNS) | st.binary(min_size=1, max_size=32))
        times_ = draw(st.integers(1, 64))
        return Mutant(seed[:at] + run * times_ + seed[at:], f"{run!r} x {times_} inserted at {at}")
    length = draw(st.integers(1, max(1, min(n - at, 512))))
    if kind == "delete":
        return Mutant(seed[:at] + seed[at + length :], f"{length} bytes deleted at {at}")
    to = draw(st.integers(0, n))
    return Mutant(
        seed[:to] + seed[at : at + length] + seed[to:], f"bytes {at}+{length} copied to {to}"
    )


# --- text mutations ------------------------------------------------------------------------------

ENCODINGS = [
    "cp1250",
    "cp852",
    "iso-8859-2",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-8-sig",
    "utf-32",
]
EXTREME_NUMBERS = [
    "1e308",
    "-1e308",
    "1e309",
    "nan",
    "NaN",
    "inf",
    "-Infinity",
    "-0",
    "-0.0",
    "0",
    "99999999999999999999999999",
    "-9223372036854775809",
    "1e-320",
    "4.9e-324",
    "91",
    "-181",
    "1,5e10",
    "0x1F",
    "١٢٣",
]
EXTREME_YEARS = ["10000", "0001", "0000", "9999", "1899", "1970", "2106", "-001"]
NUMBER = re.compile(rb"-?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?")
YEAR = re.compile(rb"(?<!\d)(?:19|20)\d\d(?!\d)")


def _text(seed: bytes) -> str:
    return seed.decode("utf-8-sig")


@st.composite
def encoding_swap(draw: st.DrawFn, seed: bytes) -> Mutant:
    """The whole text in another encoding, or some of its lines (a file pasted from two sources)."""
    text = _text(seed)
    encoding = draw(st.sampled_from(ENCODINGS))
    if draw(st.booleans()):
        return Mutant(text.encode(encoding, errors="replace"), f"all in {encoding}")
    lines = text.splitlines(keepends=True)
    chosen = draw(st.sets(st.integers(0, len(lines) - 1), min_size=1, max_size=4))
    data = b"".join(
        line.encode(encoding, errors="replace") if i in chosen else line.encode()
        for i, line in enumerate(lines)
    )
    return Mutant(data, f"lines {sorted(chosen)} in {encoding}")


@st.composite
def extreme_number(draw: st.DrawFn, seed: bytes) -> Mutant:
    """One number (a coordinate, a count, a part of a date) replaced by an extreme one."""
    spans = [m.span() for m in NUMBER.finditer(seed)]
    if not spans:
        return draw(byte_mutation(seed))
    a, b = draw(st.sampled_from(spans))
    value = draw(st.sampled_from(EXTREME_NUMBERS)).encode()
    return Mutant(seed[:a] + value + seed[b:], f"number {seed[a:b]!r} at {a} -> {value!r}")


@st.composite
def extreme_year(draw: st.DrawFn, seed: bytes) -> Mutant:
    """A year in a date replaced: 10000, 0001, before the epochs, later (a negative duration)."""
    spans = [m.span() for m in YEAR.finditer(seed)]
    if not spans:
        return draw(byte_mutation(seed))
    a, b = draw(st.sampled_from(spans))
    year = draw(st.sampled_from(EXTREME_YEARS)).encode()
    return Mutant(seed[:a] + year + seed[b:], f"year {seed[a:b]!r} at {a} -> {year!r}")


ELEMENT = re.compile(rb"<(\w+)[^<>]*>[^<>]*</\1>")
ATTRIBUTE = re.compile(rb' \w+="[^"]*"')
XML_PARTS = {"element": ELEMENT, "attribute": ATTRIBUTE}


@st.composite
def xml_mutation(draw: st.DrawFn, seed: bytes) -> Mutant:
    """An element (with text) duplicated or removed, an attribute duplicated or removed."""
    found = {t: [m.span() for m in p.finditer(seed)] for t, p in XML_PARTS.items()}
    target = draw(st.sampled_from([t for t, spans in found.items() if spans] or ["bytes"]))
    if target == "bytes":
        return draw(byte_mutation(seed))
    a, b = draw(st.sampled_from(found[target]))
    if draw(st.booleans()):
        return Mutant(seed[:b] + seed[a:b] + seed[b:], f"{target} {seed[a:b][:60]!r} doubled")
    return Mutant(seed[:a] + seed[b:], f"{target} {seed[a:b][:60]!r} removed")


@st.composite
def csv_mutation(draw: st.DrawFn, seed: bytes) -> Mutant:
    """A quote injected, a field added or dropped, a line doubled or blank, another delimiter."""
    lines = _text(seed).split("\r\n")
    i = draw(st.integers(0, len(lines) - 2))
    line = lines[i]
    kind = draw(
        st.sampled_from(["quote", "extra", "missing", "double", "blank", "comma", "header"])
    )
    if kind == "quote":
        at = draw(st.integers(0, len(line)))
        lines[i] = line[:at] + '"' + line[at:]
    elif kind == "extra":
        lines[i] = line + ";" + draw(st.sampled_from(["x", "", '"a;b"', "1e308", "Zgłaszający"]))
    elif kind == "missing":
        lines[i] = line.rsplit(";", draw(st.integers(1, 12)))[0]
    elif kind == "double":
        lines.insert(i, line)
    elif kind == "blank":
        lines.insert(i, draw(st.sampled_from(["", ";;;", " ", "\ufeff"])))
    elif kind == "comma":
        lines[i] = line.replace(";", ",")
    else:
        lines.insert(0, lines[0])
    return Mutant("\r\n".join(lines).encode("utf-8-sig"), f"csv {kind} at line {i + 1}")


# --- binary formats ---------------------------------------------------------------------------


@st.composite
def fit_mutation(draw: st.DrawFn, seed: bytes) -> Mutant:
    """Bytes or a record's field changed past the 14-byte header, both CRCs made right again.

    Without the CRCs fixed the decoder refuses every change at its checksum.
    """
    body = bytearray(seed[14:-2])
    records = POINTS  # the last POINTS records: 1 + <Iii> (timestamp, lat, lon)
    if draw(st.booleans()):
        k = draw(st.integers(0, records - 1))
        field = draw(st.integers(0, 2))
        value = draw(st.sampled_from([0, 1, -1, 2**31 - 1, -(2**31), 0x7FFFFFFF, 2**32 - 1, 2**31]))
        at = len(body) - 13 * (records - k) + 1 + 4 * field
        fmt = "<I" if field == 0 else "<i"
        value = value % 2**32 if field == 0 else (value + 2**31) % 2**32 - 2**31
        body[at : at + 4] = struct.pack(fmt, value)
        how = f"record {k} field {('timestamp', 'lat', 'lon')[field]} -> {value}"
    else:
        inner = draw(byte_mutation(bytes(body)))
        body, how = bytearray(inner.data), inner.how
    header = bytearray(seed[:14])
    header[4:8] = struct.pack("<I", len(body))
    header[12:14] = struct.pack("<H", fit_crc(bytes(header[:12])))
    whole = bytes(header) + bytes(body)
    return Mutant(whole + struct.pack("<H", fit_crc(whole)), f"{how} (CRCs fixed)")


def _rezip(seed: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(seed)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info)))
    return out.getvalue()


XLSX_MEMBERS = [
    "xl/worksheets/sheet1.xml",
    "xl/workbook.xml",
    "xl/styles.xml",
    "[Content_Types].xml",
    "xl/_rels/workbook.xml.rels",
    "docProps/core.xml",
]
CELL_VALUES: list[Any] = [
    1e308,
    -1e308,
    2**63,
    -(2**70),
    0,
    -0.0,
    "=1/0",
    "",
    " ",
    "\u202eodwrócone",
    datetime(9999, 12, 31, 23, 59),
    datetime(1900, 1, 1),
    "32.13.2026 25:61",
    "99999",
    "Śmieci" * 5000,
]


@st.composite
def xlsx_mutation(draw: st.DrawFn, seed: bytes) -> Mutant:
    """A cell's value, a hidden first sheet, merged cells (through openpyxl), or a member's XML."""
    import openpyxl

    kind = draw(st.sampled_from(["cell", "hidden", "merged", "member"]))
    if kind == "member":
        member = draw(st.sampled_from(XLSX_MEMBERS))
        inner: list[Mutant] = []

        def change(name: str, data: bytes) -> bytes:
            if name != member:
                return data
            inner.append(draw(byte_mutation(data) | xml_mutation(data) | extreme_number(data)))
            return inner[0].data

        data = _rezip(seed, change)
        return Mutant(data, f"{member}: {inner[0].how}")
    book = openpyxl.load_workbook(io.BytesIO(seed))
    sheet = book.active
    row = draw(st.integers(1, sheet.max_row))
    col = draw(st.integers(1, sheet.max_column))
    if kind == "cell":
        value = draw(st.sampled_from(CELL_VALUES))
        sheet.cell(row, col).value = value
        how = f"cell {sheet.cell(row, col).coordinate} = {str(value)[:40]!r}"
    elif kind == "hidden":
        cover = book.create_sheet("Instrukcja", 0)
        cover.append(["Numer", "Opis"])
        cover.append(["1", "Ten arkusz jest ukryty"])
        cover.sheet_state = draw(st.sampled_from(["hidden", "veryHidden"]))
        how = f"a {cover.sheet_state} sheet first"
    else:
        last = min(sheet.max_row, row + draw(st.integers(1, 4)))
        sheet.merge_cells(start_row=row, start_column=col, end_row=last, end_column=col)
        how = f"column {col} merged from row {row} to {last}"
    out = io.BytesIO()
    book.save(out)
    return Mutant(out.getvalue(), how)


JSON_VALUES: list[Any] = [
    1e308,
    -1e308,
    float("nan"),
    float("inf"),
    -0.0,
    10**30,
    None,
    "",
    [],
    {},
    "51,5",
    [[[]]],
    True,
]


@st.composite
def geojson_mutation(draw: st.DrawFn, seed: bytes) -> Mutant:
    """A coordinate, a ring, a geometry or a property of one feature changed; or a CRS member."""
    doc = json.loads(seed)
    features = doc["features"]
    i = draw(st.integers(0, len(features) - 1))
    feature = features[i]
    kind = draw(
        st.sampled_from(
            ["coordinate", "unclosed", "short", "geometry", "property", "type", "crs", "duplicate"]
        )
    )
    ring = feature["geometry"]["coordinates"][0]
    if kind == "coordinate":
        k = draw(st.integers(0, len(ring) - 1))
        axis = draw(st.integers(0, 1))
        ring[k][axis] = draw(st.sampled_from(JSON_VALUES))
        how = f"feature {i} point {k} axis {axis} = {ring[k][axis]!r}"
    elif kind == "unclosed":
        ring.pop()
        how = f"feature {i} ring unclosed"
    elif kind == "short":
        del ring[2:-1]
        how = f"feature {i} ring of {len(ring)} points"
    elif kind == "geometry":
        feature["geometry"] = draw(
            st.sampled_from([None, {}, {"type": "Point"}, {"type": "Polygon", "coordinates": 5}])
        )
        how = f"feature {i} geometry = {feature['geometry']!r}"
    elif kind == "property":
        key = draw(st.sampled_from(sorted(feature["properties"])))
        feature["properties"][key] = draw(st.sampled_from(JSON_VALUES))
        how = f"feature {i} {key} = {feature['properties'][key]!r}"
    elif kind == "type":
        feature["type"] = draw(st.sampled_from(["Fature", None, "FeatureCollection"]))
        how = f"feature {i} type = {feature['type']!r}"
    elif kind == "crs":
        doc["crs"] = {
            "type": "name",
            "properties": {
                "name": draw(
                    st.sampled_from(
                        ["EPSG:2180", "urn:ogc:def:crs:EPSG::4326", "EPSG:999999", "bzdura"]
                    )
                )
            },
        }
        how = f"crs member {doc['crs']['properties']['name']}"
    else:
        features.extend([feature] * draw(st.integers(1, 3)))
        how = f"feature {i} repeated"
    return Mutant(json.dumps(doc, ensure_ascii=draw(st.booleans())).encode(), how)


TIFF_TAGS = {
    256: "ImageWidth",
    257: "ImageLength",
    258: "BitsPerSample",
    259: "Compression",
    273: "StripOffsets",
    277: "SamplesPerPixel",
    278: "RowsPerStrip",
    279: "StripByteCounts",
    284: "PlanarConfiguration",
    339: "SampleFormat",
    33550: "ModelPixelScale",
    33922: "ModelTiepoint",
    34735: "GeoKeyDirectory",
    42113: "GDAL_NODATA",
}
TAG_VALUES = [0, 1, 3, 65535, 1_000_000, 2**31 - 1, 2**32 - 1]


def tiff_entries(data: bytes) -> dict[int, int]:
    """Offsets of the first IFD's entries by tag (a little-endian classic TIFF, as GDAL writes)."""
    (ifd,) = struct.unpack_from("<I", data, 4)
    (count,) = struct.unpack_from("<H", data, ifd)
    return {
        struct.unpack_from("<H", data, ifd + 2 + 12 * k)[0]: ifd + 2 + 12 * k for k in range(count)
    }


@st.composite
def tiff_tag_mutation(draw: st.DrawFn, seed: bytes) -> Mutant:
    """One header tag's value (a width of a million pixels, no strips) or its count changed."""
    entries = tiff_entries(seed)
    tag = draw(st.sampled_from(sorted(set(entries) & set(TIFF_TAGS))))
    at = entries[tag]
    data = bytearray(seed)
    if draw(st.booleans()):
        value = draw(st.sampled_from(TAG_VALUES))
        data[at + 2 : at + 12] = struct.pack("<HII", 4, 1, value)  # one LONG, held in place
        how = f"tag {TIFF_TAGS[tag]} = {value}"
    else:
        count = draw(st.sampled_from([0, 2, 1000, 2**31]))
        data[at + 4 : at + 8] = struct.pack("<I", count)
        how = f"tag {TIFF_TAGS[tag]} count = {count}"
    return Mutant(bytes(data), how)


ODD_PROFILES: list[dict[str, Any]] = [
    {"crs": None},
    {"crs": "EPSG:4326"},  # metres given as degrees
    {"crs": "EPSG:3857"},
    {"crs": 'LOCAL_CS["lokalny",UNIT["metre",1]]'},
    {"width": 1, "height": 1},
    {"dtype": "uint8", "nodata": 255},
    {"dtype": "int16", "nodata": -32768},
    {"dtype": "float64", "nodata": float("nan")},
    {"dtype": "float32", "nodata": None},
    {"dtype": "float64", "nodata": -1e308},
    {"dtype": "uint32", "nodata": 2**32 - 1},
    {"count": 3},
    {"data": np.full((10, 12), np.inf)},
    {"data": np.full((10, 12), np.nan)},
    {"data": np.full((10, 12), -9999.0)},
    {"data": np.full((10, 12), 3.4e38)},
]
TRANSFORMS = [
    (1e-9, 0.0, -1e-9),
    (1e9, 0.0, -1e9),
    (10.0, 0.0, 10.0),
    (0.0, 0.0, -10.0),
    (10.0, 5.0, -10.0),
    (-10.0, 0.0, -10.0),
]


@st.composite
def tiff_profile(draw: st.DrawFn, folder: Path) -> Mutant:
    """A GeoTIFF rasterio writes with an odd profile: no or a strange CRS, dtype, nodata, size."""
    from affine import Affine

    profile = dict(draw(st.sampled_from(ODD_PROFILES)))
    if draw(st.booleans()):
        a, b, e = draw(st.sampled_from(TRANSFORMS))
        profile["transform"] = Affine(a, b, 560_000.0, 0.0, e, 380_500.0)
    shown = {"data": lambda v: f"all {v.flat[0]}", "transform": lambda v: str(tuple(v)[:6])}
    how = ", ".join(f"{k}={shown.get(k, str)(v)}" for k, v in profile.items())
    return Mutant(tif_bytes(folder, "odd.tif", **profile), f"profile {how}")
