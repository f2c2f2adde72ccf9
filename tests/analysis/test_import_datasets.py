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


def test_every_layer_of_a_multi_layer_file_is_imported(
    workspace: Workspace, tmp_path: Path
) -> None:
    bdot = tmp_path / "BDOT10k.gpkg"
    pyogrio.write_dataframe(points_2180(3), bdot, layer="OT_BUBD_A")
    pyogrio.write_dataframe(points_2180(7), bdot, layer="OT_SKJZ_L", append=False)
    entries = import_datasets(workspace, [bdot])
    assert {e.name: e.feature_count for e in entries} == {
        "bdot10k_ot_bubd_a": 3,
        "bdot10k_ot_skjz_l": 7,
    }


def test_two_files_with_one_name_are_refused(workspace: Workspace, tmp_path: Path) -> None:
    pyogrio.write_dataframe(points_2180(2), tmp_path / "ulice.gpkg")
    pyogrio.write_dataframe(points_2180(3).to_crs(4326), tmp_path / "ulice.geojson")
    before = hashlib.sha256(workspace.path.read_bytes()).hexdigest()
    with pytest.raises(InputError, match="would both become dataset 'ulice'"):
        import_datasets(workspace, [tmp_path])
    assert hashlib.sha256(workspace.path.read_bytes()).hexdigest() == before


def test_a_bad_date_in_the_metadata_file_is_named(workspace: Workspace, tmp_path: Path) -> None:
    pyogrio.write_dataframe(points_2180(2), tmp_path / "parki.gpkg")
    (tmp_path / "metadane.json").write_text(
        json.dumps({"parki.gpkg": {"data_aktualnosci": "30.06.2026"}}), encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"metadane\.json: metadata of parki\.gpkg"):
        import_datasets(workspace, [tmp_path])
