from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyogrio
import pytest

from analysis.errors import InputError
from analysis.io.datasets import import_datasets, layer_name
from analysis.workspace import Workspace
from tests.analysis.conftest import points_2180


@pytest.mark.parametrize(
    ("file", "name"),
    [
        ("Drogi rowerowe.geojson", "drogi_rowerowe"),
        ("łąki-2024.gpkg", "laki_2024"),
        ("2024.shp", "d_2024"),
    ],
)
def test_layer_names_are_ascii_slugs(file: str, name: str) -> None:
    assert layer_name(Path(file)) == name


def test_import_reprojects_and_reads_the_sidecar_metadata(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "dane"
    folder.mkdir()
    pyogrio.write_dataframe(points_2180(4).to_crs(4326), folder / "stojaki.geojson")
    pyogrio.write_dataframe(points_2180(2), folder / "szkoly.gpkg")
    (folder / "metadane.json").write_text(
        json.dumps(
            {
                "stojaki.geojson": {
                    "tytul": "Stojaki",
                    "licencja": "CC BY 4.0",
                    "data_aktualnosci": "2026-05-01",
                }
            }
        ),
        encoding="utf-8",
    )
    entries = import_datasets(workspace, [folder])
    assert [e.name for e in entries] == ["stojaki", "szkoly"]
    racks = workspace.entry("stojaki")
    assert (racks.title, racks.licence, str(racks.source_date)) == (
        "Stojaki",
        "CC BY 4.0",
        "2026-05-01",
    )
    assert (
        racks.sources[0].sha256
        == hashlib.sha256((folder / "stojaki.geojson").read_bytes()).hexdigest()
    )
    assert workspace.read_layer("stojaki").crs.to_epsg() == 2180
    assert workspace.entry("szkoly").licence is None


def test_a_bad_file_fails_the_whole_batch_and_names_it(
    workspace: Workspace, tmp_path: Path
) -> None:
    good, bad = tmp_path / "dobre.gpkg", tmp_path / "zepsute.geojson"
    pyogrio.write_dataframe(points_2180(2), good)
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    before = hashlib.sha256(workspace.path.read_bytes()).hexdigest()
    with pytest.raises(InputError, match=r"zepsute\.geojson"):
        import_datasets(workspace, [good, bad])
    assert hashlib.sha256(workspace.path.read_bytes()).hexdigest() == before
