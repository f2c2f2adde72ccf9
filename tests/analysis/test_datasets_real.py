"""Acceptance: real files written by others (Gdańsk), and the sample city's datasets folder."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from pyproj import Transformer

from analysis.io.datasets import import_datasets
from analysis.workspace import DatasetKind, Workspace
from tests.analysis.city_files import rack_points

REAL = Path(__file__).parents[3] / "shared" / "data" / "real"
needs_real = pytest.mark.skipif(
    not (REAL / "gdansk_bike_stands.geojson").is_file(),
    reason=f"the real third-party files are not in {REAL} (outside CI)",
)
TO_WGS84 = Transformer.from_crs("EPSG:2180", "EPSG:4326", always_xy=True)


@pytest.fixture(scope="module")
def gdansk(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws = Workspace.create(tmp_path_factory.mktemp("gdansk") / "gdansk.gpkg")
    summary = import_datasets(
        ws, [REAL / "gdansk_bike_stands.geojson", REAL / "gdansk_pois.geojson"]
    )
    assert summary.rejected == 0, summary.describe()
    return ws


@needs_real
def test_gdansk_bike_stands_land_in_gdansk(gdansk: Workspace) -> None:
    stands = gdansk.read_layer("gdansk_bike_stands")
    assert len(stands) == 258 and stands.crs.to_epsg() == 2180
    centre = stands.geometry.union_all().centroid
    lon, lat = TO_WGS84.transform(centre.x, centre.y)
    assert abs(lat - 54.35) < 0.05 and abs(lon - 18.65) < 0.08  # a few km
    quality = gdansk.entry("gdansk_bike_stands").quality
    assert quality["crs_detected"] == "EPSG:2177"
    assert quality["axes_swapped"] is True
    assert quality["crs_declared_wrong"] == "EPSG:4326"  # GeoJSON means WGS84, they are not
    assert "outside_area" not in quality


@needs_real
def test_gdansk_decimal_comma_attributes_are_numbers_matching_the_geometry(
    gdansk: Workspace,
) -> None:
    stands = gdansk.read_layer("gdansk_bike_stands")
    assert stands["X"].dtype == float and stands["Y"].dtype == float
    raw = json.loads((REAL / "gdansk_bike_stands.geojson").read_text(encoding="utf-8"))
    first = raw["features"][0]["properties"]
    assert stands["X"][0] == float(first["X"].replace(",", "."))
    # Their X is the easting of PL-2000 zone 6: it must map onto the stored geometry.
    to_2180 = Transformer.from_crs("EPSG:2177", "EPSG:2180", always_xy=True)
    x, y = to_2180.transform(stands["X"].to_numpy(), stands["Y"].to_numpy())
    np.testing.assert_allclose(x, stands.geometry.x, atol=0.01)
    np.testing.assert_allclose(y, stands.geometry.y, atol=0.01)
    assert gdansk.entry("gdansk_bike_stands").quality["decimal_comma_numbers"] == ["X", "Y"]


@needs_real
def test_gdansk_person_names_stay_out_and_diacritics_stay_in(gdansk: Workspace) -> None:
    raw = json.loads((REAL / "gdansk_pois.geojson").read_text(encoding="utf-8"))
    names = {f["properties"]["OSOBA_MOD"] for f in raw["features"]} - {"", None}
    assert len(names) >= 2
    data = gdansk.path.read_bytes()
    for name in sorted(names)[:2]:
        assert name.encode("utf-8") not in data
        for part in name.split():
            assert part.encode("utf-8") not in data, part
    pois = gdansk.read_layer("gdansk_pois")
    assert "OSOBA_MOD" not in pois and len(pois) == 85
    assert "Śródmieście" in set(pois["DZIELNICA"])
    assert "Gdańska Galeria Miejska 1" in set(pois["NAZWA"])
    quality = gdansk.entry("gdansk_pois").quality
    assert "OSOBA_MOD" in quality["personal_columns_removed"]


@pytest.mark.slow
def test_the_sample_city_datasets_folder(city: Path, truth: dict, tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "przykladowo.gpkg")
    summary = import_datasets(ws, [city / "datasets"])
    assert summary.rejected == 0, summary.describe()
    assert len(summary.files) == 8 and len(summary.datasets) == 8
    counts = truth["counts"]
    expected = {
        "ulice": counts["streets"],
        "drogi_rowerowe": counts["cycleways"],
        "dzielnice": counts["districts"],
        "parki": counts["parks"],
        "przystanki": counts["bus_stops"],
        "wody": 1,
        "stojaki_rowerowe": counts["racks"],
        "szkoly": counts["schools"],
    }
    assert {e.name: e.feature_count for e in ws.entries()} == expected
    metadata = json.loads((city / "datasets" / "metadane.json").read_text(encoding="utf-8"))
    for entry in ws.entries():
        assert entry.kind is DatasetKind.DATASET and entry.crs == ws.crs
        file = Path(entry.sources[0].path).name
        assert (entry.title, entry.licence, str(entry.source_date)) == (
            metadata[file]["tytul"],
            metadata[file]["licencja"],
            metadata[file]["data_aktualnosci"],
        )
    minx, miny, maxx, maxy = truth["extent"]
    racks = ws.read_layer("stojaki_rowerowe")
    assert racks.geometry.x.between(minx, maxx).all() and racks.geometry.y.between(miny, maxy).all()
    np.testing.assert_allclose(
        np.column_stack([racks.geometry.x, racks.geometry.y]), rack_points(city), atol=0.01
    )
    assert ws.entry("stojaki_rowerowe").quality["axes_swapped"] is True
    assert racks["liczba_miejsc"].dtype.kind == "i"
    schools = ws.read_layer("szkoly")
    with open(city / "datasets" / "szkoly.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    lon, lat = TO_WGS84.transform(schools.geometry.x.to_numpy(), schools.geometry.y.to_numpy())
    np.testing.assert_allclose(lat, [float(r["szerokosc"]) for r in rows], atol=1e-6)
    np.testing.assert_allclose(lon, [float(r["dlugosc"]) for r in rows], atol=1e-6)
    again = import_datasets(ws, [city / "datasets"])
    assert (again.imported, again.skipped) == (0, sum(expected.values()))
