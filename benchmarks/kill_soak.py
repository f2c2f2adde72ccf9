"""Random-kill soak: every writing command, SIGKILLed at random moments, on the sample city.

The deterministic kill tests (tests/analysis/test_kill_points.py) kill each
command at each of its kill points on tiny inputs. This soak runs the same
commands on the whole sample city (a workspace built as ``urbanista demo``
builds it) and kills each one ``--kills`` times (20) after a random delay within
its normal duration, measured first by one complete run. After each kill:

- the process died by SIGKILL (or had already finished: counted apart);
- the workspace opens and holds what it held before or what the complete run
  leaves (content: catalogue and rows, not bytes);
- an earlier output file is byte for byte the old one or a whole new one.

A kill that leaves the new state resets the copy; after the kills the command
is run to completion from what they left (a killed track import resumes) and
must reach the new state and leave no staging file, journal or partial output.

Run: ``.venv/bin/python benchmarks/kill_soak.py [--kills 20] [--only NAME,...] [--out DIR]``.
Takes about an hour on two cores (the track import dominates). Prints a table:
command, duration of a complete run, kills, states seen (old/new), failures.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # the tests' helpers

from tests.analysis import kill_support as ks

COMMANDS = (
    ks.Command("import_dataset", ("import", "dataset", "{inputs}/city/datasets", "-w", "{ws}")),
    ks.Command("import_reports", ("import", "reports", "{inputs}/city/reports", "-w", "{ws}")),
    ks.Command(
        "import_tracks", ("import", "tracks", "{inputs}/city/tracks", "-w", "{ws}"), resumable=True
    ),
    ks.Command(
        "import_raster",
        ("import", "raster", "{inputs}/heat_points.tif", "--layer", "heat_points", "-w", "{ws}"),
    ),
    ks.Command(
        "heatmap_save",
        (
            "heatmap",
            "{ws}",
            "--mode",
            "lines",
            "--type",
            "cycling",
            "--pixel",
            "8",
            "-o",
            "{dir}/heat.tif",
            "--save",
            "heatmap_cycling",
        ),
        ("heat.tif",),
    ),
    ks.Command("usage", ("usage", "-w", "{ws}", "--type", "cycling", "--min-users", "3")),
    ks.Command("analyze_gaps", ("analyze", "gaps", "-w", "{ws}", "--along", "20")),
    ks.Command("analyze_racks", ("analyze", "racks", "-w", "{ws}", "--new", "8")),
    ks.Command("analyze_reports", ("analyze", "reports", "-w", "{ws}", "--permutations", "499")),
    ks.Command("analyze_districts", ("analyze", "districts", "-w", "{ws}", "--car-share", "0.5")),
    ks.Command("analyze_audit", ("analyze", "audit", "-w", "{ws}", "--tolerance", "20")),
    ks.Command("report", ("report", "-w", "{ws}", "-o", "{dir}/report.xlsx"), ("report.xlsx",)),
    ks.Command("map_html", ("map", "-w", "{ws}", "-o", "{dir}/map.html"), ("map.html",)),
    ks.Command("map_png", ("map", "-w", "{ws}", "-o", "{dir}/map.png"), ("map.png",)),
)
IMPORTS_INTO_EMPTY = ("import_dataset", "import_reports", "import_tracks")
"""Imports of the city's own files start from an empty workspace (the demo's holds them)."""


@dataclass
class Tally:
    command: str
    duration_s: float = 0.0
    kills: int = 0
    finished_first: int = 0
    workspace: dict[str, int] = field(default_factory=lambda: {"old": 0, "new": 0})
    output: dict[str, int] = field(default_factory=lambda: {"old": 0, "new": 0})
    failures: list[str] = field(default_factory=list)


def sh(*args: str) -> None:
    result = ks.run(args, timeout=3600)
    if result.returncode != 0:
        sys.exit(f"urbanista {' '.join(args)} failed:\n{result.stderr}")


def prepare(out: Path) -> tuple[Path, Path, dict[str, Path]]:
    """The demo's workspace and city, an empty workspace, and the earlier outputs."""
    demo = out / "demo"
    base = demo / "przykladowo.gpkg"
    if not base.exists():
        print("building the sample city and its workspace (urbanista demo)...", flush=True)
        sh("demo", "--out", str(demo), "--no-gui")
    inputs = out / "inputs"
    inputs.mkdir(exist_ok=True)
    if not (inputs / "city").exists():
        (inputs / "city").symlink_to(demo / "przykladowo")
    empty = out / "empty" / "przykladowo.gpkg"
    if not empty.exists():
        empty.parent.mkdir(exist_ok=True)
        sh("workspace", "new", str(empty))
    previous = out / "previous"
    previous.mkdir(exist_ok=True)
    made = {
        "heat.tif": ("heatmap", str(base), "--mode", "lines", "--pixel", "20", "-o"),
        "report.xlsx": ("report", "-w", str(base), "--lang", "en", "-o"),
        "map.html": ("map", "-w", str(base), "--lang", "en", "-o"),
        "map.png": ("map", "-w", str(base), "--dpi", "60", "-o"),
    }
    outputs = {}
    for name, args in made.items():
        outputs[name] = previous / name
        if not outputs[name].exists():
            sh(*args, str(outputs[name]))
    if not (inputs / "heat_points.tif").exists():
        sh(
            "heatmap",
            f"{base}:przystanki",
            "--radius",
            "300",
            "--pixel",
            "10",
            "-o",
            str(inputs / "heat_points.tif"),
        )
    return base, empty, outputs


def fresh(source: Path, command: ks.Command, folder: Path, outputs: dict[str, Path]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    ws = ks.copy_workspace(source, folder)
    for name in command.outputs:
        shutil.copy2(outputs[name], folder / name)
    return ws


def soak(  # noqa: C901 - a benchmark's main loop, one branch per outcome of a kill
    command: ks.Command,
    source: Path,
    inputs: Path,
    outputs: dict[str, Path],
    work: Path,
    kills: int,
    rng: random.Random,
) -> Tally:
    tally = Tally(command.name)
    old = ks.content(source)
    befores = {name: outputs[name].read_bytes() for name in command.outputs}

    ws = fresh(source, command, work / "complete", outputs)
    started = time.perf_counter()
    done = ks.run(command.argv(ws, inputs), timeout=7200)
    tally.duration_s = time.perf_counter() - started
    if done.returncode != 0:
        tally.failures.append(f"complete run failed: {done.stderr.strip()[-300:]}")
        return tally
    new = ks.content(ws)
    print(f"  {command.name}: a complete run takes {tally.duration_s:.1f} s", flush=True)

    folder = work / "killed"
    ws = fresh(source, command, folder, outputs)
    argv = ks.urbanista_argv(command.argv(ws, inputs))
    for i in range(kills):
        delay = rng.uniform(0.0, tally.duration_s)
        proc = subprocess.Popen(
            argv,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=ks.environment(TMPDIR=str(folder)),
        )
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        if proc.returncode == ks.KILLED:
            tally.kills += 1
        elif proc.returncode == 0:
            tally.finished_first += 1
        else:
            tally.failures.append(
                f"kill {i} at {delay:.2f} s: exit {proc.returncode}: "
                f"{proc.stderr.read().decode()[-300:]}"
            )
        assert proc.stderr is not None
        proc.stderr.close()
        try:
            state = ks.which_state(ks.content(ws), old, new)
        except Exception as exc:
            state = f"broken: {exc}"
        if state.startswith("broken"):
            tally.failures.append(f"kill {i} at {delay:.2f} s left a {state[:500]}")
        else:
            tally.workspace[state] += 1
        for name in command.outputs:
            try:
                tally.output[ks.output_state(folder / name, befores[name])] += 1
            except (AssertionError, Exception) as exc:
                tally.failures.append(f"kill {i} at {delay:.2f} s broke {name}: {exc}")
        outputs_new = any(
            (folder / n).read_bytes() != befores[n]
            for n in command.outputs
            if (folder / n).is_file()
        )
        if state == "new" or outputs_new or state.startswith("broken"):
            ws = fresh(source, command, folder, outputs)  # start from the old state again
        print(
            f"  {command.name} kill {i + 1}/{kills} after {delay:.2f} s: "
            f"{'killed' if proc.returncode == ks.KILLED else 'finished'}, workspace {state[:40]}",
            flush=True,
        )

    again = ks.run(command.argv(ws, inputs), timeout=7200)
    if again.returncode != 0:
        tally.failures.append(f"the run after the kills failed: {again.stderr.strip()[-300:]}")
    elif not ks.same(after := ks.content(ws), new):
        tally.failures.append(
            "the run after the kills did not reach the new state:\n"
            + ks.difference(after, new)[:1000]
        )
    left = ks.leftovers(ws, command.outputs)
    if left:
        tally.failures.append(f"left after the run that followed the kills: {left}")
    shutil.rmtree(work, ignore_errors=True)
    return tally


def table(tallies: list[Tally]) -> str:
    head = (
        f"{'command':<18} {'run s':>7} {'kills':>5} {'done1st':>7} {'ws old':>6} {'ws new':>6} "
        f"{'out old':>7} {'out new':>7} failures"
    )
    lines = [head, "-" * len(head)]
    for t in tallies:
        out_old, out_new = (
            (t.output["old"], t.output["new"]) if sum(t.output.values()) else ("-", "-")
        )
        lines.append(
            f"{t.command:<18} {t.duration_s:>7.1f} {t.kills:>5} {t.finished_first:>7} "
            f"{t.workspace['old']:>6} {t.workspace['new']:>6} {out_old:>7} {out_new:>7} "
            f"{len(t.failures)}"
        )
    for t in tallies:
        for failure in t.failures:
            lines.append(f"FAIL {t.command}: {failure}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/urbanista-kill-soak"))
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--only", default="", help="Comma-separated command names.")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    base, empty, outputs = prepare(args.out)
    chosen = [c for c in COMMANDS if not args.only or c.name in args.only.split(",")]
    rng = random.Random(args.seed)
    tallies = []
    started = time.perf_counter()
    for command in chosen:
        source = empty if command.name in IMPORTS_INTO_EMPTY else base
        print(f"{command.name}: {args.kills} kills", flush=True)
        tallies.append(
            soak(command, source, args.out / "inputs", outputs, args.out / "work", args.kills, rng)
        )
    print()
    print(
        f"kill soak on the sample city, {args.kills} random SIGKILLs per command "
        f"({time.perf_counter() - started:.0f} s)"
    )
    print(table(tallies))
    sys.exit(1 if any(t.failures for t in tallies) else 0)


if __name__ == "__main__":
    main()
