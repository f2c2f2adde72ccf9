"""``urbanista import ...`` through the real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.workspace import Workspace


def urbanista(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.slow
def test_import_the_sample_city_reports_and_datasets_with_json(
    city: Path, truth: dict, tmp_path: Path
) -> None:
    ws = Workspace.create(tmp_path / "w.gpkg")
    data = urbanista("import", "dataset", str(city / "datasets"), "-w", str(ws.path), "--json")
    assert data.returncode == 0, data.stderr
    assert json.loads(data.stdout)["imported"] > 0
    first = urbanista("import", "reports", str(city / "reports"), "-w", str(ws.path), "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["imported"] == truth["counts"]["reports"]
    again = json.loads(
        urbanista("import", "reports", str(city / "reports"), "-w", str(ws.path), "--json").stdout
    )
    assert again["imported"] == 0 and again["skipped"] >= truth["counts"]["reports"]
    info = urbanista("workspace", "info", str(ws.path))
    assert "reports" in info.stdout and "personal_columns_removed" in info.stdout


def test_a_file_that_cannot_be_imported_exits_1_with_the_reason(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "w.gpkg")
    bad = tmp_path / "zepsute.csv"
    bad.write_text("ten plik nie ma kolumn\n", encoding="utf-8")
    result = urbanista("import", "reports", str(bad), "-w", str(ws.path))
    assert result.returncode == 1
    assert "zepsute.csv" in result.stdout and "Traceback" not in result.stderr


def test_bad_column_mapping_is_a_usage_error(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "w.gpkg")
    (tmp_path / "r.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    result = urbanista(
        "import", "reports", str(tmp_path / "r.csv"), "-w", str(ws.path), "--column", "nonsense"
    )
    assert result.returncode == 2 and "KEY=VALUE" in result.stderr
