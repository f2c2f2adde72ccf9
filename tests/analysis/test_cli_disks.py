"""Workspaces on real disks through the CLI: read-only files, symlinks, killed writers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from analysis.workspace import Workspace
from tests.analysis.test_cli_import import urbanista
from tests.analysis.test_cli_names import _geojson
from tests.analysis.test_workspace import sha256
from tests.analysis.test_workspace_storage import HOT_JOURNAL, content


def test_a_read_only_workspace_is_shown_and_not_written(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.path.chmod(0o444)  # as root too: the mode says keep it
    try:
        before = sha256(workspace.path)
        source = _geojson(tmp_path / "parki.geojson", 3)
        files = sorted(p.name for p in tmp_path.iterdir())
        info = urbanista("workspace", "info", str(workspace.path))
        assert info.returncode == 0 and "punkty" in info.stdout
        result = urbanista("import", "dataset", str(source), "-w", str(workspace.path))
        assert result.returncode == 1
        [line] = result.stderr.strip().splitlines()
        assert "read-only" in line and str(workspace.path) in line
        assert sha256(workspace.path) == before
        assert workspace.path.stat().st_mode & 0o777 == 0o444
        assert sorted(p.name for p in tmp_path.iterdir()) == files  # no scratch left
    finally:
        workspace.path.chmod(0o644)


def test_a_symlinked_workspace_stays_a_link_to_the_written_file(
    workspace: Workspace, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "skroty"
    elsewhere.mkdir()
    link = elsewhere / "miasto.gpkg"
    link.symlink_to(workspace.path)
    result = urbanista(
        "import", "dataset", str(_geojson(tmp_path / "parki.geojson", 3)), "-w", str(link)
    )
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == workspace.path.resolve()
    assert workspace.entry("parki").feature_count == 3
    assert list(elsewhere.iterdir()) == [link]  # no lock, journal or scratch beside the link


def test_a_write_killed_mid_commit_is_undone_by_the_next_command(workspace: Workspace) -> None:
    before = content(workspace)
    subprocess.run(
        [sys.executable, "-c", HOT_JOURNAL, str(workspace.path)], check=False, env={**os.environ}
    )
    assert workspace.path.with_name("miasto.gpkg-journal").exists()
    info = urbanista("workspace", "info", str(workspace.path), "--json")
    assert info.returncode == 0, info.stderr
    assert content(workspace) == before
    assert not workspace.path.with_name("miasto.gpkg-journal").exists()


def test_a_read_only_workspace_a_killed_writer_left_says_so_everywhere(
    workspace: Workspace,
) -> None:
    subprocess.run([sys.executable, "-c", HOT_JOURNAL, str(workspace.path)], check=False)
    workspace.path.chmod(0o444)
    try:
        for args in (
            ("workspace", "info", str(workspace.path)),
            ("heatmap", f"{workspace.path}:punkty", "-o", str(workspace.path.with_name("h.tif"))),
        ):
            result = urbanista(*args)
            assert result.returncode == 1, args
            assert "was being written when its program stopped" in result.stderr, args
    finally:
        workspace.path.chmod(0o644)
    assert len(Workspace.open(workspace.path).read_layer("punkty")) == 5  # writable: rolled back
    assert not workspace.path.with_name("miasto.gpkg-journal").exists()
