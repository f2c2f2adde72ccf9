"""The command line, driven as a user would: through the real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis.cli import cli
from analysis.workspace import Workspace


def urbanista(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("sample-city", "workspace", "demo", "gui"):
        assert command in result.output


def test_workspace_new_and_info(tmp_path: Path) -> None:
    path = tmp_path / "ws.gpkg"
    result = CliRunner().invoke(cli, ["workspace", "new", str(path), "--crs", "EPSG:2177"])
    assert result.exit_code == 0, result.output
    assert Workspace.open(path).crs == "EPSG:2177"
    result = CliRunner().invoke(cli, ["workspace", "info", str(path), "--json"])
    info = json.loads(result.output)
    assert info["crs"] == "EPSG:2177" and info["datasets"] == []
    result = CliRunner().invoke(cli, ["workspace", "info", str(path)])
    assert "0 dataset(s)" in result.output


def test_workspace_info_names_an_analysis_result_and_counts_its_parameters(
    tmp_path: Path,
) -> None:
    from analysis.planning.result import AnalysisResult, store_result
    from tests.analysis.conftest import points_2180

    ws = Workspace.create(tmp_path / "ws.gpkg")
    store_result(
        ws,
        AnalysisResult(
            "racks",
            {"sites": points_2180(2)},
            parameters={"walk_m": 150.0, "new_sites": 10},
            titles={"sites": "Proposed bike stands"},
        ),
    )
    result = CliRunner().invoke(cli, ["workspace", "info", str(ws.path)])
    row = next(line for line in result.output.splitlines() if "racks_sites" in line)
    assert "Proposed bike stands (" in row and row.endswith(" parameters: --json)")
    assert "walk_m" not in result.output


def test_workspace_info_does_not_count_the_summary_as_a_parameter(tmp_path: Path) -> None:
    from analysis.planning.result import AnalysisResult, store_result
    from tests.analysis.conftest import points_2180

    ws = Workspace.create(tmp_path / "ws.gpkg")
    store_result(
        ws,
        AnalysisResult(
            "racks", {"sites": points_2180(2)}, parameters={"walk_m": 150.0, "new_sites": 10}
        ),
    )
    result = CliRunner().invoke(cli, ["workspace", "info", str(ws.path)])
    assert "(2 parameters: --json)" in result.output


def test_workspace_info_json_shows_an_analysis_summary(tmp_path: Path) -> None:
    from analysis.planning.result import SUMMARY_FACT, AnalysisResult, store_result
    from tests.analysis.conftest import points_2180

    ws = Workspace.create(tmp_path / "ws.gpkg")
    store_result(
        ws,
        AnalysisResult(
            "racks",
            {"sites": points_2180(2)},
            summary={"covered_after_pct": 58.5},
            lines=("Coverage 36.83% -> 58.5%.",),
        ),
    )
    info = json.loads(CliRunner().invoke(cli, ["workspace", "info", str(ws.path), "--json"]).output)
    quality = next(d["quality"] for d in info["datasets"] if d["name"] == "racks_sites")
    assert quality[SUMMARY_FACT] == {
        "lines": ["Coverage 36.83% -> 58.5%."],
        "figures": {"covered_after_pct": 58.5},
    }


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["workspace", "info", "{tmp}/brak.gpkg"], 1, "no workspace at"),
        (["workspace", "new", "{tmp}/w.gpkg", "--crs", "EPSG:4326"], 1, "not projected"),
        (["workspace", "new", "{tmp}/nie/ma/w.gpkg"], 1, "does not exist"),
        (["workspace", "frobnicate"], 2, "No such command"),
        (["sample-city"], 2, "Missing option '--out'"),
    ],
)
def test_expected_errors_are_one_line_without_traceback(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    result = urbanista(*(a.format(tmp=tmp_path) for a in args))
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    if code == 1:
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("urbanista: error: ")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = urbanista("--debug", "workspace", "info", str(tmp_path / "brak.gpkg"))
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "WorkspaceError" in result.stderr


@pytest.mark.slow
def test_demo_without_a_display_builds_city_and_workspace(tmp_path: Path) -> None:
    result = urbanista("demo", "--out", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    assert "no display found" in result.stdout
    ws = Workspace.open(tmp_path / "demo" / "przykladowo.gpkg")
    names = {e.name for e in ws.entries()}
    assert {"ulice", "drogi_rowerowe", "dzielnice", "parki", "przystanki", "wody"} <= names
    assert {"heatmap_all", "heatmap_cycling", "usage_cycling_segments"} <= names
    assert ws.entry("usage_cycling_segments").feature_count == ws.entry("ulice").feature_count
    for layer in (
        "gaps_corridors",
        "racks_sites",
        "reports_hotspots",
        "districts_stats",
        "audit_inventory",
    ):
        assert ws.entry(layer).feature_count, layer
    for name in ("report.xlsx", "map.html", "map.pdf"):
        assert (tmp_path / "demo" / name).stat().st_size > 10_000, name
    for line in (
        "#1 ul. Akademicka",
        "new stands (MCLP) raise it to",
        "hotspot areas (Gi*",
        "8 districts, 60,000 residents",
        "datasets (18 analysis",
    ):
        assert line in result.stdout, line
    assert ws.entry("ulice").licence.startswith("ODbL")
    assert (
        ws.entry("ulice").feature_count
        == json.loads(
            (tmp_path / "demo" / "przykladowo" / "truth.json").read_text(encoding="utf-8")
        )["counts"]["streets"]
    )
    for line in ("Przykładowo written to", "created workspace", "ulice", "dataset(s)"):
        assert line in result.stdout
    # Running the demo again starts afresh rather than failing on the old files.
    again = urbanista("demo", "--out", str(tmp_path / "demo"), "--no-gui")
    assert again.returncode == 0, again.stderr
    assert len(Workspace.open(tmp_path / "demo" / "przykladowo.gpkg").entries()) == len(names)


def test_system_errors_about_files_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "plik.txt").write_text("to jest plik, nie folder")
    result = urbanista("sample-city", "--out", str(tmp_path / "plik.txt" / "miasto"))
    assert result.returncode == 1
    assert result.stderr.startswith("urbanista: error: ")
    assert "plik.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_gui_without_a_display_says_so_in_one_line() -> None:
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    run = subprocess.run(
        [sys.executable, "-m", "analysis", "gui"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        "urbanista: error: no display found: run the app on a desktop (or set "
        "QT_QPA_PLATFORM=offscreen for a window nobody sees)"
    ]
