"""Every option of the analyses refused when NaN, infinite, out of range or too much work.

Each refusal is a usage error (exit 2) that names the option, comes before any
work (the message gives the figure of the work that was not done) and leaves
the workspace as it was.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import shutil
import time
import types
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from analysis.cli.main import cli
from analysis.params import spec_of
from analysis.workspace import Workspace
from tests.analysis.test_workspace import sha256

OWNED = (
    "analysis.planning.audit",
    "analysis.planning.cycle_network",
    "analysis.planning.districts",
    "analysis.planning.gaps",
    "analysis.planning.racks",
    "analysis.planning.reports",
    "analysis.heatmap.activity",
    "analysis.heatmap.points",
    "analysis.heatmap.usage",
    "analysis.heatmap.hexagons",
    "analysis.heatmap.segments",
    "analysis.heatmap.filters",
    "analysis.privacy.people",
    "analysis.export.map_figure",
    "analysis.export.web_map",
    "analysis.export.excel_report",
)
"""Modules whose parameters dataclasses declare their numbers with param()."""
PARAMS = ("Params", "Filter")
"""How the names of parameters dataclasses end."""


@pytest.fixture(scope="module")
def ws(city: Path, city_workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample city's workspace with its reports too."""
    from analysis.io.reports import import_reports

    path = tmp_path_factory.mktemp("params") / "miasto.gpkg"
    shutil.copyfile(city_workspace.path, path)
    import_reports(Workspace.open(path), [city / "reports"])
    return path


def refused(ws: Path, *args: str) -> Result:
    """Run ``urbanista ARGS`` (``WS`` in them is the workspace); assert a clean usage error."""
    before = sha256(ws)
    out = ws.parent / "out.tif"
    argv = [str(ws) if a == "WS" else a.replace("WS", str(ws)) for a in args]
    argv = [str(out) if a == "OUT" else a for a in argv]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 2, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit)  # not an exception of the analysis
    assert "Traceback" not in result.output
    assert sha256(ws) == before and not out.exists()
    assert not (ws.parent / f"{ws.stem}.rasters").exists() or not any(
        (ws.parent / f"{ws.stem}.rasters").iterdir()
    )
    return result


NAN = [
    ("heatmap", "WS:reports", "-o", "OUT", "--radius", "nan"),
    ("heatmap", "WS:reports", "-o", "OUT", "--pixel", "nan"),
    ("heatmap", "WS", "--mode", "lines", "-o", "OUT", "--pixel", "nan"),
    ("usage", "-w", "WS", "--tolerance", "nan"),
    ("analyze", "racks", "-w", "WS", "--walk", "nan"),
    ("analyze", "racks", "-w", "WS", "--spacing", "nan"),
    ("analyze", "racks", "-w", "WS", "--target-pct", "nan"),
    ("analyze", "racks", "-w", "WS", "--cell", "nan"),
    ("analyze", "racks", "-w", "WS", "--school-weight", "nan"),
    ("analyze", "gaps", "-w", "WS", "--along", "nan"),
    ("analyze", "gaps", "-w", "WS", "--min-users-per-day", "nan"),
    ("analyze", "gaps", "-w", "WS", "--weights", "nan", "0.2", "0.2"),
    ("analyze", "reports", "-w", "WS", "--cell-m", "nan"),
    ("analyze", "reports", "-w", "WS", "--alpha", "nan"),
    ("analyze", "reports", "-w", "WS", "--duplicate-m", "nan"),
    ("analyze", "reports", "-w", "WS", "--duplicate-days", "nan"),
    ("analyze", "districts", "-w", "WS", "--car-share", "nan"),
    ("analyze", "districts", "-w", "WS", "--car-co2", "nan"),
    ("analyze", "audit", "-w", "WS", "--tolerance", "nan"),
    ("analyze", "audit", "-w", "WS", "--line-buffer", "nan"),
]


@pytest.mark.parametrize("args", NAN, ids=lambda a: " ".join(a[:2] + a[-2:]))
def test_nan_is_refused_naming_the_option(ws: Path, args: tuple[str, ...]) -> None:
    flag = next(a for a in reversed(args) if a.startswith("--"))
    result = refused(ws, *args)
    assert f"invalid value for {flag}: must be a finite number, got nan" in result.output


INF = [
    ("heatmap", "WS:reports", "-o", "OUT", "--pixel", "inf"),
    ("heatmap", "WS:reports", "-o", "OUT", "--radius", "inf"),
    ("usage", "-w", "WS", "--tolerance", "inf"),
    ("analyze", "racks", "-w", "WS", "--spacing", "inf"),
    ("analyze", "racks", "-w", "WS", "--trip-weight", "inf"),
    ("analyze", "gaps", "-w", "WS", "--along", "inf"),
    ("analyze", "gaps", "-w", "WS", "--weights", "0.6", "inf", "0.2"),
    ("analyze", "reports", "-w", "WS", "--cell-m", "inf"),
    ("analyze", "reports", "-w", "WS", "--duplicate-days", "inf"),
    ("analyze", "districts", "-w", "WS", "--car-co2", "inf"),
    ("analyze", "audit", "-w", "WS", "--line-buffer", "inf"),
]


@pytest.mark.parametrize("args", INF, ids=lambda a: " ".join(a[:2] + a[-2:]))
def test_infinity_is_refused_naming_the_option(ws: Path, args: tuple[str, ...]) -> None:
    flag = next(a for a in reversed(args) if a.startswith("--"))
    result = refused(ws, *args)
    assert f"invalid value for {flag}: must be a finite number, got inf" in result.output


OUT_OF_RANGE = [
    (("heatmap", "WS:reports", "-o", "OUT", "--pixel", "0.0001"), "--pixel", "at least 0.5 m"),
    (("heatmap", "WS:reports", "-o", "OUT", "--radius", "1e12"), "--radius", "at most 5,000 m"),
    (("analyze", "racks", "-w", "WS", "--spacing", "0.01"), "--spacing", "at least 1 m"),
    (("analyze", "racks", "-w", "WS", "--walk", "1e9"), "--walk", "at most 5,000 m"),
    (
        ("analyze", "racks", "-w", "WS", "--min-users", "10000000"),
        "--min-users",
        "at most 1,000,000",
    ),
    (("analyze", "gaps", "-w", "WS", "--weights", "0", "0", "0"), "--weights", "not all be zero"),
    (("analyze", "gaps", "-w", "WS", "--weights", "-1", "1", "1"), "--weights", "at least 0"),
    (
        ("analyze", "reports", "-w", "WS", "--permutations", "100000000"),
        "--permutations",
        "at most 99,999",
    ),
    (("analyze", "reports", "-w", "WS", "--alpha", "0.9"), "--alpha", "at most 0.5"),
    (("analyze", "reports", "-w", "WS", "--seed", "-1"), "--seed", "at least 0"),
    (("analyze", "reports", "-w", "WS", "--duplicate-m", "1e9"), "--duplicate-m", "at most 5,000"),
    (("usage", "-w", "WS", "--tolerance", "1e6"), "--tolerance", "at most 500 m"),
    (("analyze", "audit", "-w", "WS", "--tolerance", "1e7"), "--tolerance", "at most 1,000 m"),
]


@pytest.mark.parametrize(
    ("args", "flag", "words"),
    OUT_OF_RANGE,
    ids=lambda a: " ".join(a[:2] + a[-2:]) if isinstance(a, tuple) else "",
)
def test_zero_negative_and_absurd_values_are_refused_with_the_range(
    ws: Path, args: tuple[str, ...], flag: str, words: str
) -> None:
    result = refused(ws, *args)
    assert f"invalid value for {flag}: " in result.output and words in result.output


ONCE_CLICK_RANGES = [
    # Options whose range click checked too, with its own message: the one range is now the
    # parameter's, said in one line like every other.
    ("heatmap", "WS:reports", "-o", "OUT", "--pixel", "-0"),
    ("heatmap", "WS:reports", "-o", "OUT", "--radius", "0"),
    ("heatmap", "WS", "--mode", "lines", "-o", "OUT", "--min-users", "-1"),
    ("usage", "-w", "WS", "--tolerance", "0"),
    ("usage", "-w", "WS", "--h3", "16"),
    ("usage", "-w", "WS", "--min-users", "-1"),
    ("analyze", "audit", "-w", "WS", "--line-buffer", "0"),
    ("analyze", "districts", "-w", "WS", "--car-share", "1.5"),
    ("analyze", "districts", "-w", "WS", "--min-users", "-1"),
    ("analyze", "gaps", "-w", "WS", "--min-users-per-day", "-1"),
    ("analyze", "gaps", "-w", "WS", "--along", "0"),
    ("analyze", "racks", "-w", "WS", "--new", "-1"),
    ("analyze", "racks", "-w", "WS", "--target-pct", "0"),
    ("analyze", "racks", "-w", "WS", "--walk", "0"),
    ("analyze", "racks", "-w", "WS", "--cell", "0"),
    ("analyze", "reports", "-w", "WS", "--cell-m", "0"),
    ("analyze", "reports", "-w", "WS", "--alpha", "0"),
    ("analyze", "reports", "-w", "WS", "--permutations", "50"),
    ("analyze", "reports", "-w", "WS", "--min-reports", "0"),
    ("analyze", "reports", "-w", "WS", "--duplicate-days", "-1"),
    ("map", "-w", "WS", "-o", "OUT.png", "--dpi", "20"),
]


@pytest.mark.parametrize("args", ONCE_CLICK_RANGES, ids=lambda a: " ".join(a[:2] + a[-2:]))
def test_a_range_is_said_once_in_one_line_naming_the_option(
    ws: Path, args: tuple[str, ...]
) -> None:
    flag = next(a for a in reversed(args) if a.startswith("--"))
    [line] = refused(ws, *args).output.strip().splitlines()
    assert line.startswith(f"urbanista: error: invalid value for {flag}: must be ")


TOO_MUCH_WORK = [
    # 8 km of reports in 0.5 m cells: 16,000 x 16,000 cells before any kernel.
    (("heatmap", "WS:reports", "-o", "OUT", "--pixel", "0.5"), "--pixel", 2.5e8),
    # 2 m cells are few; a 5 km kernel adds 15,000 cells on each side.
    (("heatmap", "WS:reports", "-o", "OUT", "--pixel", "2", "--radius", "5000"), "--radius", 3.6e8),
    (("heatmap", "WS", "--mode", "lines", "-o", "OUT", "--pixel", "1"), "--pixel", 6.2e7),
    (("heatmap", "WS:activity_points", "-o", "OUT", "--pixel", "0.5"), "--pixel", 2.5e8),
    (("analyze", "reports", "-w", "WS", "--permutations", "99999"), "--permutations", 6.5e8),
    (("analyze", "reports", "-w", "WS", "--cell-m", "10"), "--cell-m", 6.3e5),
]


@pytest.mark.parametrize(
    ("args", "flag", "amount"),
    TOO_MUCH_WORK,
    ids=lambda a: " ".join(a[:2] + a[-2:]) if isinstance(a, tuple) else "",
)
def test_work_past_its_limit_is_refused_before_it_starts_with_the_figure(
    ws: Path, args: tuple[str, ...], flag: str, amount: float
) -> None:
    result = refused(ws, *args)
    message = result.output.strip().splitlines()[-1]
    assert message.startswith(f"urbanista: error: invalid value for {flag}: would make ")
    figure = float(message.split("would make ")[1].split()[0].replace(",", ""))
    assert amount <= figure < 1.1 * amount
    assert "more than the limit of" in message


def test_rack_siting_past_the_walking_search_limit_is_refused_in_seconds_naming_what_drives_it(
    ws: Path,
) -> None:
    from analysis.planning.racks import MAX_STEPS

    start = time.monotonic()
    result = refused(ws, "analyze", "racks", "-w", "WS", "--spacing", "1", "--method", "greedy")
    assert time.monotonic() - start < 15  # the search itself ran some 4 minutes
    message = result.output.strip().splitlines()[-1]
    head = "urbanista: error: invalid value for --spacing: would make "
    assert message.startswith(head)
    figure = float(message.removeprefix(head).split()[0].replace(",", ""))
    assert figure > 2 * MAX_STEPS
    assert "steps of the walking-distance search (5" in message  # 556 km of streets: 556,000 sites
    assert message.endswith(f"more than the limit of {MAX_STEPS:,}")
    # A 5 km walk reaches the whole city from every site: the walk drives it.
    result = refused(ws, "analyze", "racks", "-w", "WS", "--walk", "5000", "--spacing", "10")
    assert "invalid value for --walk: would make " in result.output


def test_rack_pairs_past_the_limit_are_refused_naming_the_spacing(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis.planning import racks

    monkeypatch.setattr(racks, "MAX_PAIRS", 1_000)  # 15,319 sites x ~1,000 demand x 0.1% in reach
    result = refused(ws, "analyze", "racks", "-w", "WS", "--method", "greedy")
    assert "invalid value for --spacing: would make " in result.output
    assert (
        "pairs of candidate sites and demand points within a walk, more than the limit of "
        "1,000" in result.output
    )
    monkeypatch.setattr(racks, "MAX_STEPS", 1_000_000)
    result = refused(ws, "analyze", "racks", "-w", "WS", "--method", "greedy")
    assert "invalid value for --spacing: would make " in result.output
    assert "(15,319 candidate sites x " in result.output


def _numeric(hint: typing.Any) -> bool:
    """Whether ``hint`` is a number, or a number or None."""
    optional = typing.get_origin(hint) in (typing.Union, types.UnionType)
    return any(a in (int, float) for a in (typing.get_args(hint) if optional else (hint,)))


def _hints(cls: type) -> dict[str, typing.Any]:
    dates = {"date": datetime.date, "datetime": datetime.datetime}  # imported for typing only
    return typing.get_type_hints(cls, localns=dates)


def _params_classes() -> list[type]:
    found = []
    for name in OWNED:
        module = importlib.import_module(name)
        for value in vars(module).values():
            mine = isinstance(value, type) and value.__module__ == name
            if mine and dataclasses.is_dataclass(value) and value.__name__.endswith(PARAMS):
                found.append(value)
    return found


def test_every_number_of_every_parameters_dataclass_is_declared_with_param() -> None:
    classes = _params_classes()
    assert len(classes) >= 15  # the analyses, heatmaps, counts, people and exports
    missing = [
        f"{cls.__name__}.{f.name}"
        for cls in classes
        for f in dataclasses.fields(cls)
        if _numeric(_hints(cls)[f.name]) and spec_of(f) is None
    ]
    assert missing == []


def test_the_kernel_parameters_refuse_what_is_not_finite() -> None:
    from analysis.kernels.kde import KdeParams

    for bad in ({"radius_m": float("nan")}, {"pixel_m": float("inf")}, {"decay": float("nan")}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            KdeParams(**{"radius_m": 50.0, "pixel_m": 5.0, **bad})
