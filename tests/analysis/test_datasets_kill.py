"""An import killed in the middle (SIGKILL, mid-transaction) leaves the workspace as it was."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyogrio
import pytest

from analysis.io.datasets import import_datasets
from analysis.workspace import Workspace
from tests.analysis.conftest import points_2180

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

IMPORTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from analysis.io.datasets import import_datasets
    from analysis.workspace import Workspace

    class Tell:
        def report(self, fraction, message=""):
            print(f"{fraction:.3f} {Path(message).name}", flush=True)
        def is_cancelled(self):
            return False

    import_datasets(Workspace.open(sys.argv[1]), [Path(sys.argv[2])], progress=Tell())
    print("committed", flush=True)
    """
)


def test_an_import_killed_between_two_layers_changes_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "dane"
    folder.mkdir()
    pyogrio.write_dataframe(points_2180(20_000), folder / "a_duze.gpkg")
    pyogrio.write_dataframe(points_2180(10), folder / "b_male.gpkg")
    before = hashlib.sha256(workspace.path.read_bytes()).hexdigest()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(workspace.path), str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        seen.append(line.strip())
        if line.endswith("b_male.gpkg\n"):  # a_duze is written into the open transaction
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, seen
    assert hashlib.sha256(workspace.path.read_bytes()).hexdigest() == before
    staged = list(tmp_path.glob(".miasto.gpkg.*.staging.gpkg"))
    assert staged  # what the killed import had written, never committed
    # The next opener sweeps it (nobody writes now), and sees the workspace as it was.
    assert [e.name for e in Workspace.open(workspace.path).entries()] == ["punkty"]
    assert not list(tmp_path.glob(".miasto.gpkg.*.staging.gpkg"))

    summary = import_datasets(workspace, [folder])  # the next writer succeeds
    assert summary.datasets == ["a_duze", "b_male"] and summary.imported == 20_010
    assert not list(tmp_path.glob(".miasto.gpkg.*.staging.gpkg"))
