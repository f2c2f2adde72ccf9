"""Attacks on residents' tracks through the CLI: one person's files, a layer passed twice, an
outlier before the trim. Each must show nobody."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import numpy as np
import pyogrio
import rasterio
import shapely
from pyproj import Transformer

from analysis.workspace import Workspace
from tests.analysis.test_tracks_formats import START, gpx_bytes, times

TO_WGS84 = Transformer.from_crs("EPSG:2180", "EPSG:4326", always_xy=True)
HOME = np.array([561_500.0, 381_500.0])


def urbanista(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def ride(origin: np.ndarray, bearing_deg: float, km: float = 2.0, step_m: float = 8.0) -> tuple:
    """Latitudes and longitudes of a straight ride from ``origin``."""
    d = np.arange(0.0, km * 1000 + step_m, step_m)
    angle = np.radians(bearing_deg)
    lon, lat = TO_WGS84.transform(origin[0] + d * np.cos(angle), origin[1] + d * np.sin(angle))
    return np.asarray(lat), np.asarray(lon)


def gpx(lat: np.ndarray, lon: np.ndarray, day: int, author: str | None = None) -> bytes:
    return gpx_bytes(lat, lon, times(len(lat), START + timedelta(days=day)), author=author)


def imported(workspace: Workspace, files: dict[str, bytes], tmp_path: Path) -> Path:
    folder = tmp_path / "tracks"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    done = urbanista("import", "tracks", folder, "-w", workspace.path)
    assert done.returncode == 0, done.stderr
    return workspace.path


def heatmap(*args: object) -> tuple[subprocess.CompletedProcess[str], np.ndarray | None]:
    out = Path(str(args[-1]))
    done = urbanista("heatmap", *args[:-1], "-o", out)
    if done.returncode:
        return done, None
    with rasterio.open(out) as src:
        return done, src.read(1, masked=True).astype(float).filled(np.nan)


def test_five_files_of_one_person_without_an_author_count_as_one(
    workspace: Workspace, tmp_path: Path
) -> None:
    # Five rides from one home, leaving in five directions on five weekday mornings of one
    # month (one release group: only counting people keeps them hidden): no author tag.
    days = (0, 1, 2, 7, 8)
    files = {f"ride{i}.gpx": gpx(*ride(HOME, 72 * i + 10), day=days[i]) for i in range(5)}
    path = imported(workspace, files, tmp_path)
    done, values = heatmap(path, "--mode", "lines", "--min-users", 5, tmp_path / "one.tif")
    assert done.returncode == 0, done.stderr
    assert values is not None and not np.isfinite(values).any()  # was 523 cells before
    assert "activities_without_identity 5" in done.stdout and "probable_people 1" in done.stdout
    assert "the heatmap is empty" in done.stderr
    # Nor does the raster's extent or its tags draw the person's rides.
    assert "activities 0" in done.stdout and "users 0" in done.stdout


def test_five_people_on_one_street_are_five_and_show(workspace: Workspace, tmp_path: Path) -> None:
    # The control: one street ridden by five named people from five homes along it.
    homes = [HOME - np.array([300.0 * i, 0.0]) for i in range(5)]
    days = (0, 1, 2, 7, 8)  # weekday mornings of May 2026: one release group
    files = {
        f"p{i}.gpx": gpx(*ride(h, 0, km=3.0 + 0.3 * i), day=days[i], author=f"Osoba {i}")
        for i, h in enumerate(homes)
    }
    path = imported(workspace, files, tmp_path)
    done, values = heatmap(path, "--mode", "lines", "--min-users", 5, tmp_path / "five.tif")
    assert done.returncode == 0, done.stderr
    assert values is not None and np.isfinite(values).sum() > 50
    assert "probable_people 5" in done.stdout


def test_copies_of_one_ride_count_once(workspace: Workspace, tmp_path: Path) -> None:
    lat, lon = ride(HOME, 30)
    one = gpx(lat, lon, day=0)
    files = {
        f"copy{i}.gpx": one.replace(b'creator="test"', f'creator="t{i}"'.encode()) for i in range(5)
    }
    path = imported(workspace, files, tmp_path)
    assert workspace.entry("activities").feature_count == 1  # the import kept one of the five
    done, values = heatmap(path, "--mode", "lines", "--min-users", 1, tmp_path / "copies.tif")
    assert done.returncode == 0, done.stderr
    assert values is not None and np.nanmax(values) == 1  # one ride, not five


def test_a_layer_passed_twice_is_not_a_plain_density_of_one_person(
    workspace: Workspace, tmp_path: Path
) -> None:
    files = {f"ride{i}.gpx": gpx(*ride(HOME, 72 * i + 10), day=i) for i in range(5)}
    path = imported(workspace, files, tmp_path)
    points = f"{path}:activity_points"
    for inputs in ([points, points], [points, f"{tmp_path}/./{path.name}:activity_points"]):
        done, values = heatmap(*inputs, "--radius", 50, tmp_path / "twice.tif")
        assert done.returncode == 0, done.stderr  # the same layer, once: k-anonymised
        assert values is not None and not np.isfinite(values).any()
    # Nor may a weight field make one person's points count more.
    done, values = heatmap(points, "--weight", "seq", tmp_path / "weighted.tif")
    assert done.returncode == 2 and values is None and "--weight" in done.stderr
    # With another layer beside it, it is refused, not mixed into a plain density.
    other = tmp_path / "stops.gpkg"
    pyogrio.write_dataframe(workspace.read_layer("activity_points").iloc[:3][["geometry"]], other)
    done, values = heatmap(points, other, tmp_path / "mixed.tif")
    assert done.returncode == 2 and values is None
    assert "mapped on their own" in done.stderr
    # A copy of the points taken out of the workspace keeps its user_id: refused too.
    for name in ("copy.gpkg", "copy.geojson", "copy.shp"):
        copy = tmp_path / name
        pyogrio.write_dataframe(workspace.read_layer("activity_points"), copy)
        done, values = heatmap(copy, tmp_path / "copy.tif")
        assert done.returncode == 2 and values is None, name
        assert "k-anonymous" in done.stderr


def test_an_outlier_first_fix_does_not_move_the_trim_off_the_real_start(
    workspace: Workspace, tmp_path: Path
) -> None:
    lat, lon = ride(HOME, 0, km=2.0, step_m=5.0)  # 1 Hz at 5 m/s
    far_lon, far_lat = TO_WGS84.transform(HOME[0] + 1_000, HOME[1] - 200)
    lat, lon = np.r_[far_lat, lat], np.r_[far_lon, lon]
    path = imported(
        workspace, {"dom.gpx": gpx_bytes(lat, lon, times(len(lat), every_s=1))}, tmp_path
    )
    ws = Workspace.open(path)
    stored = np.vstack(
        [
            shapely.get_coordinates(ws.read_layer("activities").geometry),
            shapely.get_coordinates(ws.read_layer("activity_points").geometry),
        ]
    )
    # 8 points were within 200 m, one on the start; GPX's 7 decimals round to about 1 cm.
    assert np.hypot(*(stored - HOME).T).min() >= 200.0 - 0.02
    assert np.hypot(*(stored - HOME).T).min() < 200.0 + 10.0  # and the trim cut no more
