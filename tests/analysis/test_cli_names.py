"""Names never overwrite another kind: imports and ``--save`` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from analysis.workspace import DatasetKind, Workspace
from tests.analysis.conftest import points_2180
from tests.analysis.test_cli_import import urbanista
from tests.analysis.test_workspace import _geotiff
from tests.analysis.test_workspace_storage import content


@pytest.fixture
def city(tmp_path: Path) -> Workspace:
    """A workspace with reports, tracks and a dataset, as the core's layers are named."""
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    tracks = gpd.GeoDataFrame(
        {"activity_id": ["a", "b"]},
        geometry=shapely.linestrings([[(560_000, 380_000), (560_500, 380_000)]] * 2),
        crs="EPSG:2180",
    )
    with ws.transaction() as tx:
        tx.write_layer(points_2180(4), "reports", DatasetKind.REPORTS)
        tx.write_layer(tracks, "activities", DatasetKind.TRACKS)
        tx.write_layer(points_2180(30), "punkty", DatasetKind.DATASET)
    return ws


def _geojson(path: Path, n: int) -> Path:
    points_2180(n).to_crs("EPSG:4326").to_file(path, driver="GeoJSON")
    return path


def test_a_dataset_named_like_the_reports_is_refused_and_the_file_beside_it_imported(
    city: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "dane"
    folder.mkdir()
    _geojson(folder / "reports.geojson", 2)
    _geojson(folder / "parki.geojson", 3)
    before = content(city)
    result = urbanista("import", "dataset", str(folder), "-w", str(city.path), "--json")
    summary = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr
    assert summary["datasets"] == ["parki"]
    [reason] = [r["reason"] for f in summary["files"] for r in f["rejected"]]
    assert "'reports'" in reason and "--layer NEW" in reason and "--replace" in reason
    after = content(city)
    assert (
        dict(zip([e[0] for e in after[0]], after[1], strict=True))["reports"]
        == dict(zip([e[0] for e in before[0]], before[1], strict=True))["reports"]
    )
    assert city.entry("reports").kind is DatasetKind.REPORTS
    # The way out: another name.
    renamed = urbanista(
        "import",
        "dataset",
        str(folder / "reports.geojson"),
        "-w",
        str(city.path),
        "--layer",
        "zgloszenia_gis",
    )
    assert renamed.returncode == 0, renamed.stderr
    assert city.entry("zgloszenia_gis").feature_count == 2


def test_a_raster_named_like_a_layer_is_refused_unless_replace(
    city: Workspace, tmp_path: Path
) -> None:
    tif = _geotiff(tmp_path / "a.tif", 1.0)
    before = content(city)
    refused = urbanista("import", "raster", str(tif), "-w", str(city.path), "--layer", "reports")
    assert refused.returncode == 1
    assert "citizen reports" in refused.stdout and "--replace" in refused.stdout
    assert content(city) == before
    replaced = urbanista(
        "import", "raster", str(tif), "-w", str(city.path), "--layer", "reports", "--replace"
    )
    assert replaced.returncode == 0, replaced.stdout + replaced.stderr
    assert city.entry("reports").kind is DatasetKind.RASTER


def test_heatmap_save_over_the_tracks_is_refused_before_computing(
    city: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "h.tif"
    before = content(city)
    result = urbanista("heatmap", f"{city.path}:punkty", "-o", str(out), "--save", "activities")
    assert result.returncode == 1
    assert "'activities'" in result.stderr and "activity tracks" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()  # refused before anything was computed or written
    assert content(city) == before
    saved = urbanista("heatmap", f"{city.path}:punkty", "-o", str(out), "--save", "cieplo")
    assert saved.returncode == 0, saved.stderr
    assert city.entry("cieplo").kind is DatasetKind.RASTER


def test_reimporting_a_dataset_under_its_own_name_replaces_it_and_says_so(
    city: Workspace, tmp_path: Path
) -> None:
    first = urbanista(
        "import", "dataset", str(_geojson(tmp_path / "parki.geojson", 3)), "-w", str(city.path)
    )
    assert first.returncode == 0 and "replaced" not in first.stdout
    again = urbanista(
        "import",
        "dataset",
        str(_geojson(tmp_path / "parki.geojson", 5)),
        "-w",
        str(city.path),
        "--json",
    )
    assert json.loads(again.stdout)["replaced"] == ["parki"]
    assert city.entry("parki").feature_count == 5
    said = urbanista(
        "import", "dataset", str(_geojson(tmp_path / "parki.geojson", 6)), "-w", str(city.path)
    )
    assert "replaced 'parki'" in said.stdout


def test_reports_imported_into_a_dataset_name_are_refused(city: Workspace, tmp_path: Path) -> None:
    csv = tmp_path / "z.csv"
    rows = [
        f"{i};dziura w jezdni;{52.2 + i / 1000};{19.0 + i / 1000};2025-03-0{i + 1}"
        for i in range(3)
    ]
    csv.write_text("id;kategoria;lat;lon;data\n" + "\n".join(rows) + "\n", encoding="utf-8")
    before = content(city)
    result = urbanista("import", "reports", str(csv), "-w", str(city.path), "--layer", "punkty")
    assert result.returncode == 1
    assert "'punkty'" in result.stderr and "a dataset" in result.stderr
    assert content(city) == before
    assert np.isclose(city.entry("punkty").feature_count or 0, 30)


def test_an_analysis_result_does_not_replace_a_dataset_of_its_name_unless_asked(
    city: Workspace, tmp_path: Path
) -> None:
    imported = urbanista(
        "import",
        "dataset",
        str(_geojson(tmp_path / "audit_twins.geojson", 2)),
        "-w",
        str(city.path),
    )
    assert imported.returncode == 0, imported.stderr
    before = content(city)
    refused = urbanista("analyze", "audit", "-w", str(city.path))
    assert refused.returncode == 1
    *progress, line = refused.stderr.strip().splitlines()
    assert all(p.startswith("audit: ") for p in progress)  # the progress before storing
    assert line.startswith("urbanista: error: ")
    assert "'audit_twins'" in line and "a dataset" in line and "--replace" in line
    assert content(city) == before  # nothing of the result was stored, not even its other tables
    done = urbanista("analyze", "audit", "-w", str(city.path), "--replace")
    assert done.returncode == 0, done.stderr
    assert city.entry("audit_twins").kind is DatasetKind.ANALYSIS


def test_heatmap_save_says_when_it_replaces_its_own_raster(city: Workspace, tmp_path: Path) -> None:
    args = ("heatmap", f"{city.path}:punkty", "-o", str(tmp_path / "h.tif"), "--save", "cieplo")
    first = urbanista(*args)
    assert first.returncode == 0 and "replaced" not in first.stdout
    again = urbanista(*args)
    assert again.returncode == 0 and "replaced raster 'cieplo'" in again.stdout
