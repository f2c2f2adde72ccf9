"""``urbanista workspace check|repair``, and one line (no traceback) on a damaged workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis.cli import cli
from analysis.workspace import Workspace
from tests.analysis.conftest import points_2180
from tests.analysis.test_cli import urbanista
from tests.analysis.test_workspace_health import _drop_catalogue, _drop_layer, _stray_layer, sha256
from tests.analysis.test_workspace_health import ws as ws  # the fixture


def test_check_of_a_healthy_workspace_exits_0(ws: Workspace) -> None:
    result = CliRunner().invoke(cli, ["workspace", "check", str(ws.path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{ws.path}: no problems found\n"
    result = CliRunner().invoke(cli, ["workspace", "check", str(ws.path), "--json"])
    assert json.loads(result.output) == []


def test_check_warns_with_exit_0_and_errs_with_exit_1(ws: Workspace) -> None:
    _stray_layer(ws)
    result = CliRunner().invoke(cli, ["workspace", "check", str(ws.path)])
    assert result.exit_code == 0
    assert (
        result.output
        == f"{ws.path}: warning: layer 'obcy': no catalogue entry: Urbanista does not show it\n"
    )
    _drop_layer(ws)
    result = CliRunner().invoke(cli, ["workspace", "check", str(ws.path), "--json"])
    assert result.exit_code == 1
    problems = json.loads(result.output)
    assert {(p["severity"], p["subject"]) for p in problems} == {
        ("warning", "layer 'obcy'"),
        ("error", "layer 'reports'"),
    }


def test_check_and_repair_through_the_command_line(ws: Workspace, tmp_path: Path) -> None:
    _drop_catalogue(ws)
    before = sha256(ws.path)
    checked = urbanista("workspace", "check", str(ws.path))
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    lines = checked.stdout.splitlines()
    assert f"{ws.path}: error: catalogue: the urbanista_catalogue table is missing" in lines[0]
    assert "urbanista workspace repair" in lines[-1]
    out = tmp_path / "naprawiony.gpkg"
    repaired = urbanista("workspace", "repair", str(ws.path), "-o", str(out))
    assert repaired.returncode == 0, repaired.stderr
    assert repaired.stderr == ""
    lines = repaired.stdout.splitlines()
    assert lines[0] == f"repaired {ws.path} into {out} (EPSG:2180); {ws.path} is unchanged"
    assert (
        "  recovered punkty (dataset, 5 features): kind guessed; lost: title, sources, "
        "licence, source_date, imported_at, quality" in lines
    )
    assert any(line.startswith("  recovered activities (tracks, 3 features)") for line in lines)
    assert any(line.startswith("  recovered heat (raster)") for line in lines)
    assert sha256(ws.path) == before
    assert urbanista("workspace", "check", str(out)).stdout == f"{out}: no problems found\n"


def test_repair_refuses_to_overwrite_with_one_line(ws: Workspace) -> None:
    result = urbanista("workspace", "repair", str(ws.path), "-o", str(ws.path))
    assert result.returncode == 1
    assert (
        result.stderr == f"urbanista: error: {ws.path} is the damaged workspace: repair "
        "writes a new file\n"
    )


def test_repair_json_lists_what_was_recovered_and_lost(ws: Workspace, tmp_path: Path) -> None:
    _drop_layer(ws)
    out = tmp_path / "n.gpkg"
    args = ["workspace", "repair", str(ws.path), "-o", str(out), "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output  # a layer could not be recovered
    report = json.loads(result.output)
    assert report["path"] == str(out) and report["key_kept"] is True
    assert {r["name"] for r in report["recovered"]} == {
        "punkty",
        "activities",
        "gaps_summary",
        "heat",
    }
    assert [p["subject"] for p in report["failed"]] == ["layer 'reports'"]


@pytest.mark.parametrize("command", [["workspace", "info"], ["import", "dataset", "x.geojson"]])
def test_a_damaged_catalogue_is_one_line_not_a_traceback(ws: Workspace, command: list[str]) -> None:
    points_2180(2).to_crs("EPSG:4326").to_file(ws.path.parent / "x.geojson")
    _drop_catalogue(ws)
    args = [*command, str(ws.path)] if command[0] == "workspace" else [*command, "-w", str(ws.path)]
    result = urbanista(*args, cwd=ws.path.parent)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"urbanista workspace check {ws.path}" in result.stderr.splitlines()[-1]
