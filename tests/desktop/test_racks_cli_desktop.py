"""``urbanista analyze racks`` and the desktop's racks dialog store the same result.

Both go through :func:`analysis.registry.run_on_workspace`: on two copies of
the sample city's workspace, the CLI with its defaults and the dialog with its
default layers and form store identical tables, with the same summary, parameters and layers read
in the catalogue.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt

from analysis import registry
from analysis.cli.main import cli
from analysis.planning import racks
from analysis.planning.result import SUMMARY_FACT
from analysis.workspace import Workspace
from desktop.analysis_dialog import AnalysisDialog

NEW_SITES = 3
"""Fewer stands than the default 10, on both sides, for speed."""


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample city's datasets, tracks and reports in a workspace (built once)."""
    from analysis.io.datasets import import_datasets
    from analysis.io.reports import import_reports
    from analysis.io.tracks import import_tracks
    from analysis.samplecity import generate

    folder = generate(tmp_path_factory.mktemp("city") / "przykladowo").folder
    ws = Workspace.create(tmp_path_factory.mktemp("city_ws") / "przykladowo.gpkg")
    import_datasets(ws, [folder / "datasets"])
    import_tracks(ws, [folder / "tracks"])
    import_reports(ws, [folder / "reports"])
    return ws.path


def _copy(city: Path, folder: Path) -> Path:
    folder.mkdir()
    return Path(shutil.copy(city, folder / city.name))


def _by_cli(path: Path) -> None:
    args = ["analyze", racks.KEY, "-w", str(path), "--new", str(NEW_SITES)]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 0, done.output


def _by_dialog(qtbot: Any, path: Path) -> list[str]:
    dialog = AnalysisDialog(registry.get(racks.KEY), path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.form.editor("new_sites").setValue(NEW_SITES)
    with qtbot.waitSignal(dialog.analysis_finished, timeout=300_000) as done:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    names: list[str] = done.args[0]
    return names


@pytest.mark.slow
def test_the_cli_and_the_dialog_store_identical_tables(
    qtbot: Any, city: Path, tmp_path: Path
) -> None:
    import pandas as pd

    by_cli, by_dialog = _copy(city, tmp_path / "cli"), _copy(city, tmp_path / "desktop")
    _by_cli(by_cli)
    assert _by_dialog(qtbot, by_dialog) == [racks.SITES, racks.UNCOVERED]
    cli_ws, dialog_ws = Workspace.open(by_cli), Workspace.open(by_dialog)
    for name in (racks.SITES, racks.UNCOVERED):
        mine, theirs = cli_ws.read_layer(name), dialog_ws.read_layer(name)
        assert len(mine) > 0 and list(mine.columns) == list(theirs.columns), name
        pd.testing.assert_frame_equal(
            mine.drop(columns="geometry"), theirs.drop(columns="geometry")
        )
        assert mine.crs == theirs.crs and mine.geom_equals(theirs).all(), name
        facts = cli_ws.entry(name).quality  # the parameters, layers read and summary
        assert facts == dialog_ws.entry(name).quality, name
        assert facts[SUMMARY_FACT]["figures"]["new_sites"] == NEW_SITES
        assert facts["layer.reports"] == "reports" and facts["new_sites"] == NEW_SITES
    assert len(cli_ws.read_layer(racks.SITES)) == NEW_SITES
