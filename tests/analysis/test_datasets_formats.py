"""Each vector format an open dataset comes in, and each way such a file goes wrong."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from pyproj import Transformer

from analysis.io.datasets import DatasetImportParams, import_datasets
from analysis.workspace import Workspace
from tests.analysis.conftest import points_2180
from tests.analysis.test_import_datasets import digest, rejections

PL2000_6 = Transformer.from_crs("EPSG:2180", "EPSG:2177", always_xy=True)
TO_WGS84 = Transformer.from_crs("EPSG:2180", "EPSG:4326", always_xy=True)


def feature_collection(coordinates: list[list[float]], **members: object) -> str:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": xy},
            "properties": {"nr": i + 1, "nazwa": f"Stojak {i + 1} przy ławce"},
        }
        for i, xy in enumerate(coordinates)
    ]
    return json.dumps(
        {"type": "FeatureCollection", **members, "features": features}, ensure_ascii=False
    )


@pytest.fixture
def empty_ws(tmp_path: Path) -> Workspace:
    """A workspace in EPSG:2180 with no data: its area is Poland."""
    return Workspace.create(tmp_path / "miasto.gpkg")


def xy_2180(ws: Workspace, name: str) -> np.ndarray:
    layer = ws.read_layer(name)
    assert layer.crs.to_epsg() == 2180
    return np.column_stack([layer.geometry.x, layer.geometry.y])


EXPECTED = shapely.get_coordinates(points_2180(5).geometry.to_numpy())
"""Where the hand-made points of the tests below belong, in EPSG:2180."""


# --- GeoPackage -----------------------------------------------------------------------------


def test_geopackage_attribute_tables_are_not_datasets(empty_ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "miasto_dane.gpkg"
    pyogrio.write_dataframe(points_2180(5), path, layer="stojaki")
    pyogrio.write_dataframe(
        gpd.pd.DataFrame({"kod": ["a", "b"]}), path, layer="slownik", append=False
    )
    summary = import_datasets(empty_ws, [path])
    assert summary.datasets == ["miasto_dane"]  # one spatial layer: named after the file
    np.testing.assert_allclose(xy_2180(empty_ws, "miasto_dane"), EXPECTED, atol=1e-6)


def test_a_truncated_geopackage_is_rejected(empty_ws: Workspace, tmp_path: Path) -> None:
    whole = tmp_path / "caly.gpkg"
    pyogrio.write_dataframe(points_2180(500), whole)
    (tmp_path / "uciety.gpkg").write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    summary = import_datasets(empty_ws, [tmp_path / "uciety.gpkg", whole])
    assert summary.datasets == ["caly"]
    [(_, reason)] = rejections(summary)["uciety.gpkg"]
    assert "malformed" in reason


# --- Shapefile ------------------------------------------------------------------------------


def write_shapefile(folder: Path, name: str, gdf: gpd.GeoDataFrame, prj: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.shp"
    pyogrio.write_dataframe(gdf, path, encoding="UTF-8")
    if not prj:
        path.with_suffix(".prj").unlink()
    return path


def test_a_shapefile_with_its_prj_is_reprojected(empty_ws: Workspace, tmp_path: Path) -> None:
    path = write_shapefile(tmp_path, "drzewa", points_2180(5).to_crs(2177))
    summary = import_datasets(empty_ws, [path])
    assert summary.datasets == ["drzewa"]
    np.testing.assert_allclose(xy_2180(empty_ws, "drzewa"), EXPECTED, atol=1e-3)
    assert empty_ws.entry("drzewa").quality == {}
    assert empty_ws.read_layer("drzewa")["label"][4] == "punkt 4 żółć"


def test_a_shapefile_without_prj_gets_its_crs_detected(empty_ws: Workspace, tmp_path: Path) -> None:
    path = write_shapefile(tmp_path, "latarnie", points_2180(5).to_crs(2177), prj=False)
    summary = import_datasets(empty_ws, [path])
    assert summary.datasets == ["latarnie"]
    quality = empty_ws.entry("latarnie").quality
    assert quality["crs_detected"] == "EPSG:2177" and quality["crs_missing"] is True
    np.testing.assert_allclose(xy_2180(empty_ws, "latarnie"), EXPECTED, atol=1e-3)


def test_a_shapefile_without_prj_takes_the_given_crs(empty_ws: Workspace, tmp_path: Path) -> None:
    path = write_shapefile(tmp_path, "latarnie", points_2180(5), prj=False)
    import_datasets(empty_ws, [path], DatasetImportParams(crs="2180"))
    # In central Poland EPSG:2180 values fit either way round: the file's order is kept.
    assert empty_ws.entry("latarnie").quality == {
        "crs_given": "EPSG:2180",
        "axis_order_ambiguous": True,
    }
    np.testing.assert_allclose(xy_2180(empty_ws, "latarnie"), EXPECTED, atol=1e-6)


def test_a_given_crs_the_values_do_not_fit_is_rejected(empty_ws: Workspace, tmp_path: Path) -> None:
    path = write_shapefile(tmp_path, "latarnie", points_2180(5), prj=False)
    summary = import_datasets(empty_ws, [path], DatasetImportParams(crs="EPSG:2176"))
    [(_, reason)] = rejections(summary)["latarnie.shp"]
    assert reason.startswith("read in EPSG:2176 (as given), the coordinates fit no known CRS")


def test_a_zipped_shapefile_is_read_through_the_archive(
    empty_ws: Workspace, tmp_path: Path
) -> None:
    write_shapefile(tmp_path / "src", "PL.PZGIK.drogi", points_2180(5).to_crs(2177))
    write_shapefile(tmp_path / "src", "mosty", points_2180(2))
    one, two = tmp_path / "Drogi gminne.zip", tmp_path / "bdot.zip"
    for archive, stems in ((one, ["PL.PZGIK.drogi"]), (two, ["PL.PZGIK.drogi", "mosty"])):
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for stem in stems:
                for part in sorted((tmp_path / "src").glob(f"{stem}.*")):
                    zf.write(part, f"dane/{part.name}")
            zf.writestr("__MACOSX/dane/._mosty.shp", b"\x00\x05\x16\x07")
    summary = import_datasets(empty_ws, [one, two])
    assert summary.datasets == ["drogi_gminne", "bdot_pl_pzgik_drogi", "bdot_mosty"]
    np.testing.assert_allclose(xy_2180(empty_ws, "drogi_gminne"), EXPECTED, atol=1e-3)
    [source] = empty_ws.entry("drogi_gminne").sources
    assert source.path.endswith("Drogi gminne.zip:dane/PL.PZGIK.drogi.shp")
    assert source.sha256 == digest(one)


def test_a_zip_with_a_member_leaving_the_folder_is_refused(
    empty_ws: Workspace, tmp_path: Path
) -> None:
    shp = write_shapefile(tmp_path / "src", "mosty", points_2180(2))
    archive = tmp_path / "zlosliwy.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in shp.parent.glob("mosty.*"):
            zf.write(part, part.name)
        zf.writestr("../../evil.geojson", feature_collection([[19.9, 51.3]]))
    before = digest(empty_ws.path)
    summary = import_datasets(empty_ws, [archive])
    [(_, reason)] = rejections(summary)["zlosliwy.zip"]
    assert "'../../evil.geojson' points outside the archive; refused" in reason
    assert summary.datasets == [] and digest(empty_ws.path) == before
    assert not (tmp_path.parent / "evil.geojson").exists()


def test_a_zip_bomb_is_refused(empty_ws: Workspace, tmp_path: Path) -> None:
    archive = tmp_path / "bomba.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("dane.csv", b"X;Y\n" + b" " * (24 << 20))
    summary = import_datasets(empty_ws, [archive])
    [(_, reason)] = rejections(summary)["bomba.zip"]
    assert "(a ZIP bomb?); refused" in reason


# --- GeoJSON --------------------------------------------------------------------------------


def test_rfc7946_geojson_is_taken_at_its_word(empty_ws: Workspace, tmp_path: Path) -> None:
    lon, lat = TO_WGS84.transform(EXPECTED[:, 0], EXPECTED[:, 1])
    path = tmp_path / "stojaki.geojson"
    path.write_text(feature_collection(np.column_stack([lon, lat]).tolist()), encoding="utf-8")
    import_datasets(empty_ws, [path])
    assert empty_ws.entry("stojaki").quality == {}
    np.testing.assert_allclose(xy_2180(empty_ws, "stojaki"), EXPECTED, atol=1e-3)
    assert empty_ws.read_layer("stojaki")["nazwa"][0] == "Stojak 1 przy ławce"


def test_geojson_with_latitude_first_is_swapped(empty_ws: Workspace, tmp_path: Path) -> None:
    lon, lat = TO_WGS84.transform(EXPECTED[:, 0], EXPECTED[:, 1])
    path = tmp_path / "odwrocone.geojson"
    path.write_text(feature_collection(np.column_stack([lat, lon]).tolist()), encoding="utf-8")
    import_datasets(empty_ws, [path])
    assert empty_ws.entry("odwrocone").quality == {"axes_swapped": True}
    np.testing.assert_allclose(xy_2180(empty_ws, "odwrocone"), EXPECTED, atol=1e-3)


def test_geojson_lying_about_wgs84_gets_pl2000_detected_and_axes_fixed(
    empty_ws: Workspace, tmp_path: Path
) -> None:
    """As Gdańsk publishes: PL-2000 zone 6 values, northing first, no CRS member."""
    east, north = PL2000_6.transform(EXPECTED[:, 0], EXPECTED[:, 1])
    path = tmp_path / "jak_w_gdansku.geojson"
    path.write_text(feature_collection(np.column_stack([north, east]).tolist()), encoding="utf-8")
    import_datasets(empty_ws, [path])
    assert empty_ws.entry("jak_w_gdansku").quality == {
        "crs_detected": "EPSG:2177",
        "crs_declared_wrong": "EPSG:4326",
        "axes_swapped": True,
    }
    np.testing.assert_allclose(xy_2180(empty_ws, "jak_w_gdansku"), EXPECTED, atol=1e-3)


def test_a_geojson_crs_member_is_honoured(empty_ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "stary.geojson"
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2180"}}
    path.write_text(feature_collection(EXPECTED.tolist(), crs=crs), encoding="utf-8")
    import_datasets(empty_ws, [path])
    assert empty_ws.entry("stary").quality == {}
    np.testing.assert_allclose(xy_2180(empty_ws, "stary"), EXPECTED, atol=1e-6)


@pytest.mark.parametrize(
    "coordinates",
    [[[1e12, -5e11], [2e12, 3e13]], [[361.0, 95.0], [-400.0, 1000.0]], [[0.0, 0.0], [1.0, 1.0]]],
    ids=["huge", "beyond-the-globe", "gulf-of-guinea"],
)
def test_absurd_coordinates_are_rejected(
    empty_ws: Workspace, tmp_path: Path, coordinates: list
) -> None:
    path = tmp_path / "absurd.geojson"
    path.write_text(feature_collection(coordinates), encoding="utf-8")
    summary = import_datasets(empty_ws, [path])
    [(_, reason)] = rejections(summary)["absurd.geojson"]
    assert reason.startswith("the coordinates fit no known CRS in this workspace's area")


def test_malformed_and_empty_geojson_are_rejected(empty_ws: Workspace, tmp_path: Path) -> None:
    (tmp_path / "urwany.geojson").write_text('{"type": "FeatureCollection", "feat', "utf-8")
    (tmp_path / "pusty.geojson").write_bytes(b"")
    (tmp_path / "bez_cech.geojson").write_text(feature_collection([]), encoding="utf-8")
    summary = import_datasets(empty_ws, [tmp_path])
    found = rejections(summary)
    assert "cannot read it as a vector dataset" in found["urwany.geojson"][0][1]
    assert found["pusty.geojson"] == [("", "the file is empty")]
    assert found["bez_cech.geojson"][0][1] in (
        "holds no layer with geometries",
        "no feature has a geometry",
    )


# --- KML ------------------------------------------------------------------------------------

KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Pomniki</name>
{doctype_use}<Placemark><name>Pomnik Żółkiewskiego</name><description>przy rondzie</description>
<Point><coordinates>{lon},{lat},0</coordinates></Point></Placemark>
<Placemark><name>Ławka Tuwima</name>
<LineString><coordinates>{lon},{lat},0 {lon2},{lat2},0</coordinates></LineString></Placemark>
</Document></kml>"""


def kml_text(doctype_use: str = "") -> str:
    lon, lat = TO_WGS84.transform(EXPECTED[:, 0], EXPECTED[:, 1])
    return KML.format(lon=lon[0], lat=lat[0], lon2=lon[1], lat2=lat[1], doctype_use=doctype_use)


def test_kml_is_imported_without_driver_housekeeping(empty_ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "pomniki.kml"
    path.write_text(kml_text(), encoding="utf-8")
    kmz = tmp_path / "pomniki_spakowane.kmz"
    with zipfile.ZipFile(kmz, "w") as zf:
        zf.writestr("doc.kml", kml_text())
    summary = import_datasets(empty_ws, [path, kmz])
    assert summary.datasets == ["pomniki", "pomniki_spakowane"]
    layer = empty_ws.read_layer("pomniki")
    assert layer["Name"].tolist() == ["Pomnik Żółkiewskiego", "Ławka Tuwima"]
    assert not {"tessellate", "extrude", "visibility", "altitudeMode"} & set(layer.columns)
    point = shapely.get_coordinates(layer.geometry[0])
    np.testing.assert_allclose(point[0], EXPECTED[0], atol=1e-3)
    assert layer.geometry[1].geom_type == "LineString"


def test_kml_with_a_doctype_entity_is_refused(empty_ws: Workspace, tmp_path: Path) -> None:
    doctype = '<!DOCTYPE kml [<!ENTITY sekret SYSTEM "file:///etc/passwd">]>\n'
    hostile = kml_text("<Placemark><name>&sekret;</name></Placemark>").replace(
        "<kml ", doctype + "<kml ", 1
    )
    (tmp_path / "wrogi.kml").write_text(hostile, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "wrogi.kmz", "w") as zf:
        zf.writestr("doc.kml", hostile)
    before = digest(empty_ws.path)
    summary = import_datasets(empty_ws, [tmp_path / "wrogi.kml", tmp_path / "wrogi.kmz"])
    found = rejections(summary)
    assert "declares a DTD or entities" in found["wrogi.kml"][0][1]
    assert "declares a DTD or entities" in found["wrogi.kmz"][0][1]
    assert summary.datasets == [] and digest(empty_ws.path) == before


# --- CSV ------------------------------------------------------------------------------------


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def racks_csv(rows: np.ndarray, delimiter: str = ";") -> str:
    """The city's style: geodetic X = northing first, decimal comma."""
    lines = [delimiter.join(["id", "lokalizacja", "liczba_miejsc", "X", "Y"])]
    for i, (x, y) in enumerate(rows):
        northing, easting = (f"{v:.2f}".replace(".", ",") for v in (y, x))
        lines.append(delimiter.join([str(i + 1), "ul. Źródlana", "8", northing, easting]))
    return "\n".join(lines) + "\n"


def test_csv_with_polish_x_y_and_a_decimal_comma(empty_ws: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "stojaki.csv", racks_csv(EXPECTED))
    import_datasets(empty_ws, [path])
    np.testing.assert_allclose(xy_2180(empty_ws, "stojaki"), EXPECTED, atol=0.01)
    quality = empty_ws.entry("stojaki").quality
    assert quality["coordinates_from"] == "X, Y" and quality["axes_swapped"] is True
    assert quality["crs_detected"] == "EPSG:2180" and quality["crs_missing"] is True
    layer = empty_ws.read_layer("stojaki")
    assert layer["liczba_miejsc"].tolist() == [8] * 5
    assert layer["X"].tolist() == pytest.approx(EXPECTED[:, 1].round(2).tolist())
    assert layer["lokalizacja"][0] == "ul. Źródlana"


def test_csv_in_pl2000_with_x_y_is_placed_whatever_the_order(
    empty_ws: Workspace, tmp_path: Path
) -> None:
    east, north = PL2000_6.transform(EXPECTED[:, 0], EXPECTED[:, 1])
    text = "Y;X;opis\n" + "".join(
        f"{e:.2f};{n:.2f};pkt\n" for e, n in zip(east, north, strict=True)
    )
    import_datasets(empty_ws, [write_csv(tmp_path / "punkty.csv", text)])
    assert empty_ws.entry("punkty").quality["crs_detected"] == "EPSG:2177"
    np.testing.assert_allclose(xy_2180(empty_ws, "punkty"), EXPECTED, atol=0.01)


@pytest.mark.parametrize(
    ("header", "encoding", "delimiter", "decimal"),
    [
        ("nazwa,szerokosc,dlugosc", "utf-8", ",", "."),
        ("Nazwa;Szerokość geograficzna;Długość geograficzna", "cp1250", ";", ","),
        ("\ufeffname;lat;lon", "utf-8", ";", ","),
        ("name\tlatitude\tlongitude", "utf-16", "\t", "."),
    ],
    ids=["comma", "cp1250", "bom", "utf16-tab"],
)
def test_csv_with_latitude_and_longitude(
    empty_ws: Workspace, tmp_path: Path, header: str, encoding: str, delimiter: str, decimal: str
) -> None:
    lon, lat = TO_WGS84.transform(EXPECTED[:, 0], EXPECTED[:, 1])
    cells = [[f"{la:.7f}", f"{lo:.7f}"] for la, lo in zip(lat, lon, strict=True)]
    rows = [
        delimiter.join([f"Szkoła nr {i}", *(c.replace(".", decimal) for c in pair)])
        for i, pair in enumerate(cells)
    ]
    path = write_csv(tmp_path / "szkoly.csv", "\r\n".join([header, *rows]) + "\r\n", encoding)
    summary = import_datasets(empty_ws, [path])
    assert summary.datasets == ["szkoly"], summary.describe()
    np.testing.assert_allclose(xy_2180(empty_ws, "szkoly"), EXPECTED, atol=0.05)
    layer = empty_ws.read_layer("szkoly")
    assert layer.iloc[:, 0].tolist()[1] == "Szkoła nr 1"
    assert "crs_detected" not in empty_ws.entry("szkoly").quality  # WGS84 is what they say


def test_csv_rows_without_coordinates_are_rejected_by_line(
    empty_ws: Workspace, tmp_path: Path
) -> None:
    text = racks_csv(EXPECTED).splitlines()
    text[2] = "2;ul. Krzywa;4;;"
    text[4] = "4;ul. Prosta;4;brak;danych"
    summary = import_datasets(empty_ws, [write_csv(tmp_path / "s.csv", "\n".join(text) + "\n")])
    assert rejections(summary)["s.csv"] == [("line 3", "no geometry"), ("line 5", "no geometry")]
    assert summary.imported == 3 and empty_ws.entry("s").quality["features_left_out"] == 2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("nazwa;opis\nA;B\n", "no coordinate columns (expected X/Y, lon/lat"),
        (";".join(f"k{i}" for i in range(1_500)) + "\n", "1,500 columns, more than 1,000"),
        ("X;Y;" + "a" * (2 << 20) + "\n", "the first line is longer than 1 MiB"),
        ("lat;lon\n52,1;19,5;7;8;9\n", "rows have more fields than the header"),
        ("lat;lon\n52,1;19,5\n52,1;19,5;7;8;9\n", "Expected 2 fields in line 3, saw 5"),
        ("lat;lon\n512,1;719,5\n", "the coordinates fit no known CRS"),
    ],
    ids=["no-coordinates", "too-many-columns", "endless-line", "ragged", "ragged-later", "absurd"],
)
def test_bad_csv_files_are_rejected_with_the_reason(
    empty_ws: Workspace, tmp_path: Path, text: str, reason: str
) -> None:
    summary = import_datasets(empty_ws, [write_csv(tmp_path / "zle.csv", text)])
    [(_, got)] = rejections(summary)["zle.csv"]
    assert reason in got


def test_a_csv_inside_a_zip(empty_ws: Workspace, tmp_path: Path) -> None:
    archive = tmp_path / "eksport.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("stojaki.csv", racks_csv(EXPECTED))
        zf.writestr("README.txt", "Stojaki rowerowe, eksport z systemu")
    summary = import_datasets(empty_ws, [archive])
    assert summary.datasets == ["eksport"], summary.describe()
    np.testing.assert_allclose(xy_2180(empty_ws, "eksport"), EXPECTED, atol=0.01)


def test_xml_with_a_dtd_is_refused_whatever_the_file_is_called(
    empty_ws: Workspace, tmp_path: Path
) -> None:
    """GDAL picks its driver from the content: KML renamed to .geojson is still KML."""
    doctype = '<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n'
    hostile = kml_text().replace("<kml ", doctype + "<kml ", 1)
    (tmp_path / "udaje.geojson").write_text(hostile, encoding="utf-8")
    (tmp_path / "udaje16.geojson").write_text(hostile, encoding="utf-16")
    (tmp_path / "udaje.osm.pbf").write_text(hostile, encoding="utf-8")
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w") as inner:
        inner.writestr("doc.kml", hostile)
    with zipfile.ZipFile(tmp_path / "paczka.zip", "w") as zf:
        zf.writestr("w_srodku.kmz", nested.getvalue())  # archives in archives are not read
        zf.writestr("dane/udaje.geojson", hostile)
    summary = import_datasets(empty_ws, [tmp_path])
    found = rejections(summary)
    assert set(found) == {"udaje.geojson", "udaje16.geojson", "udaje.osm.pbf", "paczka.zip"}
    for [(_, reason)] in found.values():
        assert "declares a DTD or entities" in reason
    assert summary.datasets == []


def test_a_name_the_workspace_reserves_is_rejected_and_the_rest_written(
    empty_ws: Workspace, tmp_path: Path
) -> None:
    pyogrio.write_dataframe(points_2180(2), tmp_path / "rtree_drzewa.gpkg", layer="drzewa")
    pyogrio.write_dataframe(points_2180(3), tmp_path / "parki.gpkg")
    summary = import_datasets(empty_ws, [tmp_path])
    assert summary.datasets == ["parki"]
    assert rejections(summary)["rtree_drzewa.gpkg"] == [
        (
            "",
            "dataset name 'rtree_drzewa' is reserved for the GeoPackage's own tables: "
            "choose another name (--layer NEW)",
        )
    ]


def test_geojson_in_cp1250_is_read_and_flagged(empty_ws: Workspace, tmp_path: Path) -> None:
    lon, lat = TO_WGS84.transform(EXPECTED[:, 0], EXPECTED[:, 1])
    text = feature_collection(np.column_stack([lon, lat]).tolist())
    (tmp_path / "windows.geojson").write_bytes(text.encode("cp1250"))
    import_datasets(empty_ws, [tmp_path / "windows.geojson"])
    assert empty_ws.read_layer("windows")["nazwa"][0] == "Stojak 1 przy ławce"
    assert empty_ws.entry("windows").quality == {"text_encoding": "cp1250"}


@pytest.mark.parametrize("encoding", ["cp1250", "utf-8"])
def test_a_shapefile_without_cpg_keeps_its_polish_letters(
    empty_ws: Workspace, tmp_path: Path, encoding: str
) -> None:
    gdf = points_2180(2).assign(nazwa=["Łąka żółta", "Świętokrzyska"])
    path = tmp_path / "laki.shp"
    pyogrio.write_dataframe(gdf, path, encoding=encoding)
    path.with_suffix(".cpg").unlink()
    import_datasets(empty_ws, [path])
    assert empty_ws.read_layer("laki")["nazwa"].tolist() == ["Łąka żółta", "Świętokrzyska"]
    expected = {"text_encoding": "cp1250"} if encoding == "cp1250" else {}
    assert empty_ws.entry("laki").quality == expected
