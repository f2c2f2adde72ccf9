"""import_datasets as a whole: naming, metadata, one transaction, bad files, re-imports."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyogrio
import pytest

from analysis.errors import Cancelled, InputError
from analysis.io.dataset_inputs import layer_name
from analysis.io.datasets import DatasetImportParams, import_datasets
from analysis.workspace import Workspace
from tests.analysis.conftest import points_2180


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rejections(summary) -> dict[str, list[tuple[str, str]]]:
    """{file name: [(where, reason)]} of every rejection in an import summary."""
    return {
        Path(f.path).name: [(r.where, r.reason) for r in f.rejected]
        for f in summary.files
        if f.rejected
    }


@pytest.fixture
def empty_ws(tmp_path: Path) -> Workspace:
    """A workspace in EPSG:2180 with no data: its area is Poland."""
    return Workspace.create(tmp_path / "miasto.gpkg")


@pytest.mark.parametrize(
    ("file", "name"),
    [
        ("Drogi rowerowe.geojson", "drogi_rowerowe"),
        ("łąki-2024.gpkg", "laki_2024"),
        ("2024.shp", "d_2024"),
        ("pomorskie-latest.osm.pbf", "pomorskie_latest"),
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
    summary = import_datasets(workspace, [folder])
    assert summary.datasets == ["stojaki", "szkoly"]
    assert (summary.imported, summary.skipped, summary.rejected) == (6, 0, 0)
    racks = workspace.entry("stojaki")
    assert (racks.title, racks.licence, str(racks.source_date)) == (
        "Stojaki",
        "CC BY 4.0",
        "2026-05-01",
    )
    assert racks.sources[0].sha256 == digest(folder / "stojaki.geojson")
    layer = workspace.read_layer("stojaki")
    assert layer.crs.to_epsg() == 2180
    assert layer.geometry.x.tolist() == pytest.approx(points_2180(4).geometry.x.tolist(), abs=1e-3)
    assert workspace.entry("szkoly").licence is None


def test_a_bad_file_is_rejected_with_its_reason_and_the_others_go_on(
    workspace: Workspace, tmp_path: Path
) -> None:
    good, bad = tmp_path / "dobre.gpkg", tmp_path / "zepsute.geojson"
    pyogrio.write_dataframe(points_2180(2), good)
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    summary = import_datasets(workspace, [bad, good])
    assert summary.datasets == ["dobre"]
    [(where, reason)] = rejections(summary)["zepsute.geojson"]
    assert where == "" and "cannot read it as a vector dataset" in reason
    assert len(workspace.read_layer("dobre")) == 2
    assert "zepsute.geojson" in summary.describe()


def test_when_every_file_is_rejected_the_workspace_is_not_touched(
    workspace: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "pusty.geojson").write_bytes(b"")
    (tmp_path / "zly.gpkg").write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    before = digest(workspace.path)
    summary = import_datasets(workspace, [tmp_path / "pusty.geojson", tmp_path / "zly.gpkg"])
    assert summary.rejected == 2 and summary.imported == 0
    assert rejections(summary)["pusty.geojson"] == [("", "the file is empty")]
    assert digest(workspace.path) == before


def test_every_layer_of_a_multi_layer_file_is_imported(
    workspace: Workspace, tmp_path: Path
) -> None:
    bdot = tmp_path / "BDOT10k.gpkg"
    pyogrio.write_dataframe(points_2180(3), bdot, layer="OT_BUBD_A")
    pyogrio.write_dataframe(points_2180(7), bdot, layer="OT_SKJZ_L", append=False)
    summary = import_datasets(workspace, [bdot])
    assert {n: workspace.entry(n).feature_count for n in summary.datasets} == {
        "bdot10k_ot_bubd_a": 3,
        "bdot10k_ot_skjz_l": 7,
    }


def test_a_second_file_with_the_same_name_is_rejected(workspace: Workspace, tmp_path: Path) -> None:
    pyogrio.write_dataframe(points_2180(2), tmp_path / "ulice.gpkg")
    pyogrio.write_dataframe(points_2180(3).to_crs(4326), tmp_path / "ulice.geojson")
    summary = import_datasets(workspace, [tmp_path])
    assert summary.datasets == ["ulice"]
    assert workspace.entry("ulice").feature_count == 3  # ulice.geojson sorts first
    [(_, reason)] = rejections(summary)["ulice.gpkg"]
    assert reason.startswith("would become dataset 'ulice' like")


def test_a_bad_date_in_the_metadata_file_rejects_that_file(
    workspace: Workspace, tmp_path: Path
) -> None:
    pyogrio.write_dataframe(points_2180(2), tmp_path / "parki.gpkg")
    (tmp_path / "metadane.json").write_text(
        json.dumps({"parki.gpkg": {"data_aktualnosci": "30.06.2026"}}), encoding="utf-8"
    )
    summary = import_datasets(workspace, [tmp_path])
    [(_, reason)] = rejections(summary)["parki.gpkg"]
    assert "metadane.json: metadata of parki.gpkg unreadable" in reason


def test_reimporting_an_unchanged_file_skips_it_and_a_changed_one_replaces_it(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "parki.gpkg"
    pyogrio.write_dataframe(points_2180(4), path)
    assert import_datasets(workspace, [path]).imported == 4
    before = digest(workspace.path)
    again = import_datasets(workspace, [path])
    assert (again.imported, again.skipped, again.datasets) == (0, 4, [])
    assert digest(workspace.path) == before  # no transaction at all
    pyogrio.write_dataframe(points_2180(6), path)
    changed = import_datasets(workspace, [path])
    assert (changed.imported, changed.skipped) == (6, 0)
    assert workspace.entry("parki").feature_count == 6
    assert [e.name for e in workspace.entries()].count("parki") == 1


def test_the_layer_parameter_names_a_single_dataset(workspace: Workspace, tmp_path: Path) -> None:
    pyogrio.write_dataframe(points_2180(2), tmp_path / "Rowery 2026.gpkg")
    summary = import_datasets(
        workspace, [tmp_path / "Rowery 2026.gpkg"], DatasetImportParams(layer="rowery")
    )
    assert summary.datasets == ["rowery"]
    pyogrio.write_dataframe(points_2180(1), tmp_path / "inne.gpkg")
    with pytest.raises(InputError, match="names one dataset, but the input holds 2"):
        import_datasets(workspace, [tmp_path], DatasetImportParams(layer="rowery2"))


def test_an_unknown_crs_parameter_is_an_input_error(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown CRS 'EPSG:99999'"):
        import_datasets(workspace, [tmp_path], DatasetImportParams(crs="EPSG:99999"))


def test_missing_paths_and_unsupported_files_are_rejected(
    workspace: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "notatki.txt").write_text("nic", encoding="utf-8")
    summary = import_datasets(workspace, [tmp_path / "brak.gpkg", tmp_path / "notatki.txt"])
    found = rejections(summary)
    assert found["brak.gpkg"] == [("", "no such file or folder")]
    assert found["notatki.txt"][0][1].startswith("not a supported file")


def test_folders_are_searched_recursively_without_hidden_files_or_the_workspace(
    tmp_path: Path,
) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".ukryte").mkdir()
    pyogrio.write_dataframe(points_2180(2), tmp_path / "a" / "b" / "gleboko.gpkg")
    pyogrio.write_dataframe(points_2180(2), tmp_path / ".ukryte" / "tajne.gpkg")
    (tmp_path / "a" / "opis.json").write_text("{}", encoding="utf-8")  # not searched for
    summary = import_datasets(ws, [tmp_path])
    assert summary.datasets == ["gleboko"]
    assert [Path(f.path).name for f in summary.files] == ["gleboko.gpkg"]


def test_cancelling_leaves_the_workspace_as_it_was(workspace: Workspace, tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        pyogrio.write_dataframe(points_2180(2), tmp_path / f"{name}.gpkg")

    class CancelAfterTwo:
        def __init__(self) -> None:
            self.reports: list[float] = []

        def report(self, fraction: float, message: str = "") -> None:
            self.reports.append(fraction)

        def is_cancelled(self) -> bool:
            return len(self.reports) >= 2

    before = digest(workspace.path)
    with pytest.raises(Cancelled):
        import_datasets(workspace, [tmp_path], progress=CancelAfterTwo())
    assert digest(workspace.path) == before
    assert [e.name for e in workspace.entries()] == ["punkty"]


def test_progress_runs_to_the_end_and_the_summary_is_json(
    workspace: Workspace, tmp_path: Path
) -> None:
    pyogrio.write_dataframe(points_2180(2), tmp_path / "a.gpkg")
    seen: list[tuple[float, str]] = []

    class Recorder:
        def report(self, fraction: float, message: str = "") -> None:
            seen.append((fraction, message))

        def is_cancelled(self) -> bool:
            return False

    summary = import_datasets(workspace, [tmp_path], progress=Recorder())
    assert seen[0][0] == 0.0 and seen[-1] == (1.0, "done")
    assert "a.gpkg" in seen[0][1]
    doc = json.loads(json.dumps(summary.to_json()))
    assert doc["datasets"] == ["a"] and doc["imported"] == 2
