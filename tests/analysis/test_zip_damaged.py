"""A ZIP whose data is damaged (a bad CRC, cut deflate data) is one rejected file, never a crash.

:func:`analysis.io.safety.iter_zip` turns what :mod:`zipfile` raises while a
member is read into an :class:`InputError` naming the archive and the member,
so every importer that reads ZIPs rejects that file and goes on (issue 14).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from analysis.errors import InputError
from analysis.io.safety import iter_zip
from tests.analysis.test_cli_reports_bad_input import rejections, reports, row, run, ws  # noqa: F401

HEADER = "numer;kategoria;data;szerokosc;dlugosc"


def damaged_zip(path: Path, member: str, text: str, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """``path``: a ZIP holding ``member`` whose stored bytes have one byte flipped."""
    with zipfile.ZipFile(path, "w", method) as zf:
        zf.writestr(member, text)
        offset = zf.getinfo(member).header_offset
    data = bytearray(path.read_bytes())
    middle = offset + 30 + len(member.encode()) + 8  # inside the member's data
    data[middle] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_flipped_byte_is_an_input_error_naming_archive_and_member(
    tmp_path: Path, method: int
) -> None:
    text = "\n".join([HEADER, *(row(i, "dziura") for i in range(200))])
    path = damaged_zip(tmp_path / "zgloszenia.zip", "maj/r.csv", text, method)
    with pytest.raises(InputError, match=r"zgloszenia\.zip:maj/r\.csv: damaged ZIP"):
        for _, stream in iter_zip(path, (".csv",)):
            stream.read()


def test_import_reports_rejects_the_damaged_zip_and_imports_the_good_file(
    ws: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    text = "\n".join([HEADER, *(row(i, "dziura") for i in range(200))])
    bad = damaged_zip(tmp_path / "zepsute.zip", "r.csv", text)
    good = tmp_path / "dobre.csv"
    good.write_text("\n".join([HEADER, row(1001, "śmieci"), row(1002, "dziura")]), "utf-8")
    code, summary, _ = run(bad, good, ws=ws)
    assert code == 0 and summary["imported"] == 2
    assert sorted(reports(ws)) == ["1001", "1002"]
    [(path, _, reason)] = rejections(summary)
    assert path.endswith("zepsute.zip") and "r.csv: damaged ZIP data" in reason
