"""Copies of a ride that the import does not store still tie their athletes' identities.

One person with two identities (the Strava author "Anna", the Garmin account "Ania")
records one ride that both exports hold: the import keeps one copy, and the
privacy count must still see one person, not two.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from analysis.io.tracks.store import COPIES, read_copies
from analysis.privacy.people import people_of
from analysis.workspace import DatasetKind, Workspace
from tests.analysis.test_privacy_attacks import HOME, gpx, heatmap, ride, urbanista

FAR = HOME + np.array([1500.0, 1500.0])


def rides() -> dict[str, bytes]:
    """A ride by "Anna", its copy by "Ania", and another ride by "Ania"."""
    lat, lon = ride(HOME, 30)
    return {
        "a.gpx": gpx(lat, lon, day=0, author="Anna"),
        "b.gpx": gpx(lat, lon, day=0, author="Ania"),
        "c.gpx": gpx(*ride(FAR, 120), day=1, author="Ania"),
    }


def import_files(workspace: Workspace, files: dict[str, bytes], folder: Path) -> dict:
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    done = urbanista("import", "tracks", folder, "-w", workspace.path)
    assert done.returncode == 0, done.stderr
    return {"stdout": done.stdout}


def people(workspace: Workspace, tmp_path: Path, name: str) -> str:
    done, _ = heatmap(workspace.path, "--mode", "lines", "--min-users", 1, tmp_path / name)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_copy_by_another_identity_ties_it_to_the_original(
    workspace: Workspace, tmp_path: Path
) -> None:
    import_files(workspace, rides(), tmp_path / "tracks")
    assert workspace.entry("activities").feature_count == 2  # the copy is not stored
    summary = people(workspace, tmp_path, "h.tif")
    assert "probable_people 1" in summary  # was 2: Anna and Ania counted apart
    assert "duplicate_activities 1" in summary
    copies = read_copies(workspace.path)
    stored = workspace.read_layer("activities", read_geometry=False)
    assert len(copies) == 1 and copies["activity_id"].iloc[0] in set(stored["activity_id"])
    kept = stored["activity_id"] == copies["activity_id"].iloc[0]
    assert copies["user_id"].iloc[0] == stored["user_id"][~kept].iloc[0]  # Ania's pseudonym
    assert copies["user_id"].iloc[0] != stored["user_id"][kept].iloc[0]
    with sqlite3.connect(workspace.path) as conn:  # a pseudonym, never the name
        rows = conn.execute(f'SELECT * FROM "{COPIES}"').fetchall()
    assert len(rows) == 1 and not any("Ani" in str(value) for value in rows[0])


def test_a_copy_found_in_a_later_import_ties_and_is_stored_once(
    workspace: Workspace, tmp_path: Path
) -> None:
    files = rides()
    copy = {"b.gpx": files.pop("b.gpx")}
    import_files(workspace, files, tmp_path / "first")
    assert COPIES not in {e.name for e in workspace.entries()}  # as a workspace of before
    assert "probable_people 2" in people(workspace, tmp_path, "before.tif")
    with sqlite3.connect(workspace.path) as conn:  # no index until one is needed
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "activity_points_activity_id" not in indexes
    done = import_files(workspace, copy, tmp_path / "second")
    assert "1 of the skipped are the same ride as another file" in done["stdout"]
    assert "probable_people 1" in people(workspace, tmp_path, "after.tif")
    with sqlite3.connect(workspace.path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "activity_points_activity_id" in names  # made when first needed
    again = import_files(workspace, copy, tmp_path / "third")  # the same file: skipped
    assert "same ride" not in again["stdout"] and len(read_copies(workspace.path)) == 1
    summary = people(workspace, tmp_path, "again.tif")
    assert "duplicate_activities 1" in summary and "probable_people 1" in summary


def test_a_workspace_without_the_table_of_copies_still_maps(
    workspace: Workspace, tmp_path: Path
) -> None:
    files = rides()
    import_files(workspace, {"a.gpx": files["a.gpx"], "c.gpx": files["c.gpx"]}, tmp_path / "t")
    with sqlite3.connect(workspace.path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert COPIES not in tables
    assert read_copies(workspace.path).empty
    summary = people(workspace, tmp_path, "h.tif")
    assert "duplicate_activities 0" in summary and "probable_people 2" in summary


def line(x0: float) -> shapely.LineString:
    return shapely.LineString([(x0, 0.0), (x0 + 1000.0, 0.0)])


@pytest.mark.parametrize(
    ("basis", "expected"),
    [("gpx_author", 1), ("file", 2)],
)
def test_people_of_ties_an_identified_copy_only(basis: str, expected: int) -> None:
    tracks = gpd.GeoDataFrame(
        {
            "activity_id": ["a1", "a2"],
            "user_id": ["anna", "ania"],
            "user_basis": ["gpx_author", "gpx_author"],
        },
        geometry=[line(0.0), line(50_000.0)],
        crs="EPSG:2180",
    )
    copies = pd.DataFrame(
        {
            "copy_id": ["c1", "c2"],
            "activity_id": ["a1", "gone"],
            "user_id": ["ania", "ola"],
            "user_basis": [basis, basis],
        }
    )
    found = people_of(tracks, copies=copies)
    assert people_of(tracks).people == 2
    assert found.people == expected and found.duplicates == 1  # the copy of "gone" left out
    assert found.person.tolist() == ([0, 0] if expected == 1 else [0, 1])
    assert not found.duplicate.any() and found.unidentified == 0


def test_district_figures_count_a_copys_identity_as_the_same_person(
    workspace: Workspace, tmp_path: Path
) -> None:
    import_files(workspace, rides(), tmp_path / "tracks")
    x0, y0 = HOME - 5_000
    districts = gpd.GeoDataFrame(
        {"nazwa": ["Centrum"], "ludnosc": [10_000]},
        geometry=[shapely.box(x0, y0, x0 + 12_000, y0 + 12_000)],
        crs=workspace.crs,
    )
    with workspace.transaction() as tx:
        tx.write_layer(districts, "dzielnice", DatasetKind.DATASET)
    done = urbanista(
        "analyze",
        "districts",
        "-w",
        workspace.path,
        "--districts",
        "dzielnice",
        "--min-users",
        1,
        "--json",
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)["summary"]
    assert summary["activity_users"] == 1  # was 2: "Anna" and "Ania" are one person
    assert summary["probable_people"] == 1


def test_rack_demand_counts_a_copys_identity_as_the_same_person(
    workspace: Workspace, tmp_path: Path
) -> None:
    from analysis import registry
    from analysis.planning.racks import RackParams, _trip_ends, rack_inputs_of

    import_files(workspace, rides(), tmp_path / "tracks")
    layers = {"streets": "activities"}  # any lines stand in for streets
    read = rack_inputs_of(registry.get("racks").read_inputs(workspace, layers))
    assert read.copies is not None and len(read.copies) == 1
    params = RackParams(min_users=1, activity_types=())
    _, trips = _trip_ends(read.activities, params, workspace.crs, read.copies)
    _, apart = _trip_ends(read.activities, params, workspace.crs, None)
    assert (trips["probable_people"], apart["probable_people"]) == (1, 2)
