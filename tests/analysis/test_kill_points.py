"""Every writing command, killed with SIGKILL at each of its kill points, loses nothing.

For each command that writes (the imports, ``heatmap --save``, ``usage``, every
``analyze``, ``report``, ``map``) on a tiny workspace cut from the sample city:
one complete run lists the points it reaches (``URBANISTA_KILL_LOG``) and gives
the new state; then, on a fresh copy each time, the command kills itself at its
N-th point (``URBANISTA_KILL_AT=N``) for every N. After each kill the workspace
opens and holds exactly what it held before or what the complete run leaves
(before the commit: the old; from the commit on: the new), an earlier output
file is byte for byte the old one or a whole new one (before the rename: the
old), and re-running the command completes with the new state and leaves no
scratch file, journal or partial output behind. A killed track import resumes.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.analysis import kill_support as ks

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

WORKERS = max(2, min(4, os.cpu_count() or 2))
"""Kill runs of one command go in parallel, each on its own copy: most of a run is waiting."""


@pytest.fixture(scope="module")
def base(city: Path, tmp_path_factory: pytest.TempPathFactory) -> ks.Base:
    """The tiny workspace every command starts from, with earlier outputs beside it."""
    folder = tmp_path_factory.mktemp("kill_base")
    inputs = ks.tiny_inputs(city, folder / "inputs")
    ws = ks.build_workspace(inputs, folder / "miasto.gpkg", ks.BASE_ANALYSES)
    outputs = ks.previous_outputs(ws, folder / "outputs")
    (folder / "outputs" / "heat_first.tif").unlink(missing_ok=True)
    return ks.Base(ws, inputs, outputs)


@pytest.fixture(scope="module")
def old_state(base: ks.Base) -> dict:
    return ks.content(base.ws)


@dataclass(frozen=True)
class Kill:
    at: int
    point: str
    state: str
    outputs: tuple[str, ...]
    left: tuple[str, ...]
    """What the kill left beside the workspace (scratch, journal, partial output), by kind."""


def prepare(base: ks.Base, command: ks.Command, folder: Path) -> Path:
    """A fresh copy of the base workspace in ``folder`` with the earlier outputs beside it."""
    ws = ks.copy_workspace(base.ws, folder)
    for name in command.outputs:
        shutil.copy2(base.outputs[name], folder / name)
    return ws


def expected(points: list[tuple[int, str, int]], at: int) -> tuple[str, str]:
    """The states a kill at point ``at`` must leave: (workspace, output)."""
    done = [name for n, name, _ in points if n <= at]
    renames = [n for n, name, _ in points if name == "output.rename"]
    workspace = "new" if "workspace.committed" in done else "old"
    output = "new" if renames and at >= renames[-1] else "old"
    return workspace, output


def rerun_complete(base: ks.Base, command: ks.Command, complete: Path) -> dict:
    """What re-running the command on its complete result leaves (the audit lists its own)."""
    folder = complete.parent / "again"
    shutil.copytree(complete.parent, folder)
    ws = folder / complete.name
    again = ks.run(command.argv(ws, base.inputs))
    assert again.returncode == 0, again.stderr
    return ks.content(ws)


def kill(
    base: ks.Base,
    command: ks.Command,
    folder: Path,
    at: int,
    points: list[tuple[int, str, int]],
    old: dict,
    new: dict,
) -> Kill:
    """Kill the command at its ``at``-th point on a fresh copy and check what it left."""
    ws = prepare(base, command, folder)
    before = {name: (folder / name).read_bytes() for name in command.outputs}
    point = points[at - 1][1]
    killed = ks.run(command.argv(ws, base.inputs), URBANISTA_KILL_AT=str(at), TMPDIR=str(folder))
    assert killed.returncode == ks.KILLED, (command.name, at, point, killed.stderr[-2000:])

    state = ks.which_state(ks.content(ws), old, new)
    assert not state.startswith("broken"), f"{command.name} killed at {at} ({point}): {state}"
    outputs = tuple(ks.output_state(folder / name, before[name]) for name in command.outputs)
    want_ws, want_out = expected(points, at)
    assert state == want_ws, f"{command.name} killed at {at} ({point}) left the {state} workspace"
    assert all(o == want_out for o in outputs), (command.name, at, point, outputs)
    left = tuple(sorted(ks.leftover_kinds(ws, command.outputs)))
    return Kill(at, point, state, outputs, left)


def rerun(
    base: ks.Base, command: ks.Command, folder: Path, k: Kill, new: dict, renew: Future[dict]
) -> None:
    """Run the command again where it was killed: it completes and sweeps what the kill left."""
    ws = folder / base.ws.name
    argv = command.argv(ws, base.inputs)
    again = ks.run(["--debug", *argv] if command.resumable else argv, TMPDIR=str(folder))
    what = f"{command.name} re-run after a kill at {k.at} ({k.point})"
    assert again.returncode == 0, (what, again.stderr[-3000:])
    if command.resumable and k.state == "old" and any(".resume-" in n for n in k.left):
        assert "resuming the interrupted job" in again.stderr, what
    after, wanted = ks.content(ws), new if k.state == "old" else renew.result()
    assert ks.same(after, wanted), f"{what}:\n{ks.difference(after, wanted)}"
    for name in command.outputs:
        ks.check_complete(folder / name)
    left = ks.leftovers(ws, command.outputs)
    if left and k.state == "new" and command.name.startswith("import_"):
        # The import was committed: the re-run finds every file imported and writes nothing,
        # so what the killed run left waits for the next write to the workspace.
        from analysis.workspace import Workspace

        with Workspace.open(ws).transaction():
            pass
        left = ks.leftovers(ws, command.outputs)
    assert left == [], f"{what} left {left}"


@pytest.mark.parametrize("command", ks.TINY_COMMANDS, ids=[c.name for c in ks.TINY_COMMANDS])
def test_a_kill_at_every_point_leaves_the_old_or_the_new_state(
    command: ks.Command, base: ks.Base, old_state: dict, tmp_path: Path
) -> None:
    # One complete run: the points it reaches and the state it leaves.
    log = tmp_path / "points.log"
    ws = prepare(base, command, tmp_path / "complete")
    done = ks.run(command.argv(ws, base.inputs), URBANISTA_KILL_LOG=str(log))
    assert done.returncode == 0, done.stderr
    points = ks.kill_points(log)
    assert points, f"{command.name} reached no kill point"
    assert len({pid for _, _, pid in points}) == 1, points  # no point in a worker process
    new = ks.content(ws)
    writes_workspace = any(name == "workspace.committed" for _, name, _ in points)
    if writes_workspace:
        assert not ks.same(new, old_state), f"{command.name} changed nothing: the test is blind"
    else:
        assert ks.same(new, old_state), f"{command.name} changed the workspace without a commit"
    assert ks.leftovers(ws, command.outputs) == []
    for name in command.outputs:
        ks.check_complete(tmp_path / "complete" / name)

    with ThreadPoolExecutor(WORKERS) as pool:
        renew: Future[dict] = Future()
        if writes_workspace:
            renew = pool.submit(rerun_complete, base, command, ws)
        else:
            renew.set_result(new)
        runs = [
            pool.submit(kill, base, command, tmp_path / f"kill{at}", at, points, old_state, new)
            for at in range(1, len(points) + 1)
        ]
        kills = [run.result() for run in runs]
        # Re-run once for each different thing the kills left (all of them for a resumable
        # import: each resumes from another point): the run that follows must sweep it.
        firsts = {
            (k.state, k.outputs, k.left, k.at if command.resumable else 0): k
            for k in reversed(kills)
        }
        reruns = [
            pool.submit(rerun, base, command, tmp_path / f"kill{k.at}", k, new, renew)
            for k in firsts.values()
        ]
        for run in reruns:
            run.result()
    assert {k.state for k in kills} == ({"old", "new"} if writes_workspace else {"old"}), kills
