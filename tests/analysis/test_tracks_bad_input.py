"""Bad track files are rejected with a reason naming the file, member and line; the rest goes on."""

from __future__ import annotations

import gzip
import os
import re
import time
import zipfile
from pathlib import Path

import pytest

from analysis.io.summary import ImportSummary
from analysis.io.tracks import import_tracks
from analysis.io.tracks.source_names import redact_name
from analysis.workspace import Workspace
from tests.analysis.test_tracks_formats import fit_bytes, gpx_bytes, straight, times

LAT, LON = straight(120)
GOOD = gpx_bytes(LAT, LON, times(120))
OTHER = gpx_bytes(*straight(120, y0=381_500.0), times(120))
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<gpx xmlns="http://www.topografix.com/GPX/1/1"><metadata><author><name>&xxe;</name></author>
</metadata><trk><trkseg><trkpt lat="51.3" lon="19.9"/></trkseg></trk></gpx>"""
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']>\n<TrainingCenterDatabase xmlns="x"><Author>&lol9;</Author></TrainingCenterDatabase>'
)


def import_with(ws: Workspace, folder: Path, name: str, data: bytes) -> ImportSummary:
    """Import ``folder`` holding ``good.gpx`` and the file ``name``; the good one must get in."""
    (folder / "good.gpx").write_bytes(GOOD)
    (folder / name).write_bytes(data)
    summary = import_tracks(ws, [folder])
    assert ws.entry("activities").feature_count == summary.imported, summary.describe()
    assert f"{redact_name(folder.name)}/….gpx" in [f.path for f in summary.files if f.imported]
    return summary


def rejection(summary: ImportSummary, name: str) -> tuple[str, str]:
    (outcome,) = [f for f in summary.files if f.path.endswith(name)]
    assert outcome.imported == 0
    (rejected,) = outcome.rejected
    return rejected.where, rejected.reason


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.gpx", b"", "the file is empty"),
        ("empty.fit", b"", "the file is empty"),
        ("blank.tcx", b"  \n", "the file is empty"),
        (
            "malformed.gpx",
            GOOD.replace(b"</trkpt>", b"</trkpt", 1),
            r"line 6: not well-formed XML \(expected '>', line 6, column 1\)",
        ),
        ("truncated.gpx", GOOD[: len(GOOD) // 2], r"line \d+: not well-formed XML \(.+\)"),
        (
            "cp1250.gpx",
            gpx_bytes(LAT, LON, times(120), author="Łukasz").replace(
                "Łukasz".encode(), "Łukasz".encode("cp1250")
            ),
            r"line 3: not well-formed XML "
            r"\(Invalid bytes in character encoding, line 3, column 25\)"
            r"; save it as UTF-8 or declare its real encoding \(e\.g\. windows-1250\)",
        ),
        ("xxe.gpx", XXE, "declares a DTD or entities, which GPX/TCX/KML never need; refused"),
        ("laughs.tcx", LAUGHS, "declares a DTD or entities, which GPX/TCX/KML never need; refused"),
        (
            "kml.gpx",
            b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>',
            r"not a GPX document \(its root element is <kml>\)",
        ),
        ("gpx.tcx", OTHER, r"not a TCX document \(its root element is <gpx>\)"),
        ("nopoints.gpx", gpx_bytes([], [], []), "holds no track or route point with a position"),
        (
            "nolat.gpx",
            GOOD.replace(b'lat="', b'lot="', 1),
            r"line 5: <trkpt> without a readable lat/lon \(None, '19\.\d+'\)",
        ),
        (
            "comma.gpx",
            GOOD.replace(b'lat="51.', b'lat="51,', 1),
            r"line 5: <trkpt> without a readable lat/lon \('51,\d+', '19\.\d+'\)",
        ),
        (
            "absurd.gpx",
            GOOD.replace(b'lat="51.', b'lat="123.', 1),
            r"line 5: position \(123\.\d+, 19\.\d+\) is not on Earth; refused",
        ),
        (
            "nan.gpx",
            GOOD.replace(b'lon="19.', b'lon="NaN" x="', 1),
            r"line 5: position \(51\.\d+, nan\) is not on Earth; refused",
        ),
        ("garbage.fit", os.urandom(3000), r"not a readable FIT file \(FitHeaderError: .*\)"),
        ("short.fit", fit_bytes(LAT, LON)[:300], r"not a readable FIT file \(FitEOFError: .*\)"),
        ("text.fit", OTHER, r"not a readable FIT file \(.*\)"),
        ("notgzip.gpx.gz", GOOD, r"damaged gzip data \(.*\)"),
        ("cut.fit.gz", gzip.compress(fit_bytes(LAT, LON))[:200], r"damaged gzip data \(.*\)"),
    ],
)
def test_a_bad_file_is_rejected_with_its_reason(
    workspace: Workspace, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    summary = import_with(workspace, tmp_path, name, data)
    where, why = rejection(summary, name)
    assert where == ""
    assert re.fullmatch(reason, why), why
    assert f"{tmp_path / name}: " in summary.describe()


def test_positions_outside_the_workspace_area_are_rejected(
    workspace: Workspace, tmp_path: Path
) -> None:
    gdansk = gpx_bytes([54.35, 54.351, 54.352], [18.65, 18.651, 18.652], times(3))
    summary = import_with(workspace, tmp_path, "gdansk.gpx", gdansk)
    assert rejection(summary, "gdansk.gpx") == (
        "",
        "3 of 3 points lie outside the workspace's area (point 1 at lat 54.35000, lon 18.65000)",
    )


def test_a_doctype_hidden_behind_a_long_comment_expands_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    comment = b"<!--" + b"x" * 70_000 + b"-->\n<!DOCTYPE"  # past what check_xml_prolog reads
    padded = (
        gpx_bytes(*straight(120, y0=381_500.0), times(120), author="&xxe;")
        .replace(b"<gpx ", b'<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<gpx ', 1)
        .replace(b"<!DOCTYPE", comment, 1)
    )
    (tmp_path / "bomb.tcx").write_bytes(LAUGHS.replace(b"<!DOCTYPE", comment, 1))
    started = time.perf_counter()
    summary = import_with(workspace, tmp_path, "padded.gpx", padded)
    assert time.perf_counter() - started < 10
    assert summary.imported == 2  # read with the entity left unresolved: no athlete
    assert "amplification" in rejection(summary, "bomb.tcx")[1]
    assert workspace.read_layer("activities")["user_basis"].tolist() == ["file", "file"]
    assert b"root:" not in workspace.path.read_bytes()


def zip_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_zip_bomb_member_is_refused_and_the_other_members_imported(
    workspace: Workspace, tmp_path: Path
) -> None:
    lat, lon = straight(120, y0=381_500.0)
    other = gpx_bytes(lat, lon, times(120))
    bomb = b"\0" * (40 << 20)
    archive = zip_with(
        tmp_path / "export.zip",
        {"activities/1.gpx": GOOD, "activities/bomb.gpx": bomb, "activities/2.gpx": other},
    )
    assert archive.stat().st_size < 200_000
    summary = import_tracks(workspace, [archive])
    assert summary.imported == 2
    assert rejection_of_member(summary, "activities/bomb.gpx").endswith(
        "inflates more than 200 times its stored size (a ZIP bomb?); refused"
    )


def rejection_of_member(summary: ImportSummary, member: str) -> str:
    shown = redact_name(member)  # members are named without what may name a person
    (reason,) = [r.reason for f in summary.files for r in f.rejected if r.where == shown]
    return reason


def test_a_zip_with_a_path_traversal_member_is_refused_whole(
    workspace: Workspace, tmp_path: Path
) -> None:
    evil = zip_with(tmp_path / "evil.zip", {"activities/1.gpx": GOOD, "../../etc/cron.gpx": GOOD})
    (tmp_path / "good.gpx").write_bytes(gpx_bytes(*straight(120, y0=381_500.0), times(120)))
    summary = import_tracks(workspace, [evil, tmp_path / "good.gpx"])
    assert summary.imported == 1
    where, reason = rejection(summary, "evil.zip")
    assert (where, reason) == (
        "",
        "member '../../etc/cron.gpx' points outside the archive; refused",
    )
    assert not (tmp_path.parent.parent / "etc").exists()


def test_bad_members_of_an_export_are_named(workspace: Workspace, tmp_path: Path) -> None:
    archive = zip_with(
        tmp_path / "export_1.zip",
        {
            "activities/1.gpx": GOOD,
            "activities/2.gpx": GOOD[:500],
            "activities/3.fit.gz": b"not gzip",
            "activities.csv": b"\xff\xfe\x00garbage",
        },
    )
    summary = import_tracks(workspace, [archive])
    assert summary.imported == 1
    assert rejection_of_member(summary, "activities/2.gpx").startswith("line ")
    assert rejection_of_member(summary, "activities/3.fit.gz").startswith("damaged gzip data")
    assert "index file unreadable" in rejection_of_member(summary, "activities.csv")
    assert "export_1.zip activities/2.gpx: line " in summary.describe()


def test_a_file_that_is_not_a_zip_or_a_cut_zip_is_rejected(
    workspace: Workspace, tmp_path: Path
) -> None:
    cut = zip_with(tmp_path / "cut.zip", {"activities/1.gpx": OTHER})
    cut.write_bytes(cut.read_bytes()[:-30])  # the central directory's end is gone
    summary = import_with(workspace, tmp_path, "export.zip", GOOD)
    for name in ("export.zip", "cut.zip"):
        where, reason = rejection(summary, name)
        assert where == "" and reason.startswith("not a readable ZIP archive"), reason


def test_a_utf16_gpx_declaring_entities_is_refused_before_parsing() -> None:
    from analysis.errors import InputError
    from analysis.io.safety import check_xml_prolog

    doc = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE gpx [<!ENTITY a "b">]><gpx/>'
    with pytest.raises(InputError, match="declares a DTD"):
        check_xml_prolog("\ufeff".encode("utf-16-le") + doc.encode("utf-16-le"), "x.gpx")
