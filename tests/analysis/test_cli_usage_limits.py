"""Work limits on parameters the CLI has no option for (sample_m, pixel_m of the usage
counts) are said as what the user can change: the activities counted."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from analysis.cli import cli
from analysis.heatmap import limits
from tests.desktop.town import build_town

NARROW = (
    "count fewer activities: narrow them with --type, --from/--to, --days, --day-part or --month"
)


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Streets and 60 rides of about 2 km, one a day from 2024-05-06."""
    return build_town(tmp_path_factory.mktemp("town") / "miasteczko.gpkg")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("limit", "what"),
    [
        ("MAX_SAMPLES", "track samples"),
        ("MAX_CROSSINGS", "cells crossed"),
    ],
)
def test_usage_past_a_limit_on_a_field_without_an_option_names_the_filters(
    town: Path, monkeypatch: pytest.MonkeyPatch, limit: str, what: str
) -> None:
    monkeypatch.setattr(limits, limit, 5_000)
    before = digest(town)
    result = run("usage", "-w", str(town))
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()[-1:]
    assert line.startswith("urbanista: error: too many tracks to count at once: they would make ")
    assert line.endswith(f" {what}, more than the limit of 5,000; {NARROW}")
    figure = int(line.split("would make ")[1].split()[0].replace(",", ""))
    assert 10_000 < figure < 15_000  # 60 rides of about 2 km, every 10 m
    assert "sample_m" not in result.output and "pixel_m" not in result.output
    assert "invalid value" not in result.output
    assert digest(town) == before  # nothing stored


def test_the_filters_the_message_names_bring_the_work_within_the_limit(
    town: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    town = Path(shutil.copy(town, tmp_path / town.name))  # this test stores layers
    monkeypatch.setattr(limits, "MAX_SAMPLES", 8_000)  # all the rides make about 12,000
    assert run("usage", "-w", str(town)).exit_code == 1
    result = run("usage", "-w", str(town), "--from", "2024-06-20", "--save-as", "czerwiec")
    assert result.exit_code == 0, result.output
    assert f"stored czerwiec_segments, czerwiec_periods, czerwiec_hexagons in {town}" in (
        result.stdout
    )


def test_gaps_counting_usage_past_a_limit_say_to_store_fewer_activities_first(
    town: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_SAMPLES", 5_000)
    before = digest(town)
    result = run("analyze", "gaps", "-w", str(town))
    assert result.exit_code == 1, result.output
    line = result.stderr.splitlines()[-1]
    assert line.startswith("urbanista: error: too many tracks to count at once: they would make ")
    assert line.endswith(
        f"; store the usage of fewer activities first (urbanista usage -w {town} --type cycling, "
        "narrowed with --from/--to, --days, --day-part or --month), which the gaps then read"
    )
    assert digest(town) == before
