"""``urbanista import dataset`` says how it read coordinates it had to guess (issue 14):
X/Y that fit Poland in both orders into an empty workspace are never read in silence."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.workspace import Workspace
from tests.analysis.test_cli_import import urbanista


def xy_csv(path: Path) -> Path:
    """Bike stands with X the northing and Y the easting (PUWG 1992), no CRS: both orders fit."""
    rows = [f"{i};{380_000 + 10 * i};{560_000 + 10 * i}" for i in range(5)]
    path.write_text("\n".join(["nr;X;Y", *rows]), "utf-8")
    return path


def test_x_and_y_fitting_both_orders_in_an_empty_workspace_are_said(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    done = urbanista("import", "dataset", str(xy_csv(tmp_path / "stojaki.csv")), "-w", str(ws.path))
    assert done.returncode == 0, done.stderr
    assert "fit Poland in both axis orders" in done.stdout
    assert "the first (X) was read as the northing" in done.stdout
    layer = Workspace.open(ws.path).read_layer("stojaki")
    assert round(layer.geometry.x.min()) == 560_000 and round(layer.geometry.y.min()) == 380_000
    again = urbanista(
        "import", "dataset", str(xy_csv(tmp_path / "inne.csv")), "-w", str(ws.path), "--json"
    )
    notes = json.loads(again.stdout)["files"][0]["notes"]
    assert not any("both axis orders" in n for n in notes)  # the workspace has data now
    assert notes == [
        "no CRS in the file: read as EPSG:2180 from the values",
        "the coordinates were read the other way round (the first as the northing)",
    ]
