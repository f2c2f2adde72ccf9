"""``urbanista import dataset`` of ZIPs whose member names are in cp852 or cp1250 (no UTF-8
flag, as Windows' own zipper writes them): the members are found, read and named in Polish."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from analysis.workspace import Workspace
from tests.analysis.test_cli_bad_rasters_datasets import squares
from tests.analysis.test_cli_dataset_csv_encodings import HEADER, line
from tests.analysis.test_cli_import import urbanista


def legacy_zip(names: dict[str, bytes], page: str) -> bytes:
    """A ZIP whose member names are in ``page`` without the UTF-8 flag.

    :mod:`zipfile` would write such names as UTF-8: they are written as
    placeholders of their length (``AAAA``, ``BBBB``...) and replaced after.
    """
    buf = io.BytesIO()
    raws = {}
    with zipfile.ZipFile(buf, "w") as zf:
        for k, (name, data) in enumerate(names.items()):
            raw = name.encode(page)
            raws[bytes([ord("A") + k]) * len(raw)] = raw
            zf.writestr(chr(ord("A") + k) * len(raw), data)
    out = buf.getvalue()
    for placeholder, raw in raws.items():
        assert out.count(placeholder) == 2  # the local header and the central directory
        out = out.replace(placeholder, raw)
    return out


@pytest.mark.parametrize("page", ["cp852", "cp1250"])
def test_members_named_in_a_legacy_code_page_are_imported(tmp_path: Path, page: str) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    archive = tmp_path / "dane.zip"
    archive.write_bytes(
        legacy_zip(
            {
                "stojaki_źródło.csv": (
                    HEADER + "\n" + line(1, "Łódzka") + line(2, "Wodna")
                ).encode(),
                "szkoły_Żółć.geojson": json.dumps(squares(3)).encode(),
            },
            page,
        )
    )
    done = urbanista("import", "dataset", str(archive), "-w", str(ws.path), "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["imported"] == 5 and summary["rejected"] == 0
    counts = {e.name: e.feature_count for e in Workspace.open(ws.path).entries()}
    assert counts == {"dane_stojaki_zrodlo": 2, "dane_szkoly_zolc": 3}
