"""analysis.params: every declared field finite and in range, the error naming it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest

from analysis.errors import InputError, ParameterError
from analysis.params import check, check_work, param


@dataclass(frozen=True)
class _Params:
    pixel_m: float = param(10.0, unit="m", above=0, at_most=1_000, flag="--pixel")
    count: int | None = param(None, at_least=1, flag="--count")
    label: str = "x"

    def __post_init__(self) -> None:
        check(self)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0.0, "greater than 0 m"),
        (-1.0, "greater than 0 m"),
        (math.nan, "finite"),
        (math.inf, "finite"),
        (-math.inf, "finite"),
        (1e12, "at most 1,000 m"),
    ],
)
def test_a_value_out_of_range_is_refused_naming_its_flag(value: float, words: str) -> None:
    with pytest.raises(ParameterError, match=words) as caught:
        _Params(pixel_m=value)
    assert (caught.value.name, caught.value.flag) == ("pixel_m", "--pixel")
    assert str(caught.value).startswith("--pixel: ")
    assert isinstance(caught.value, InputError)


def test_bounds_are_inclusive_where_declared_and_none_passes() -> None:
    assert _Params(pixel_m=1_000, count=1).count == 1
    assert _Params(count=None).count is None
    with pytest.raises(ParameterError, match="at least 1"):
        _Params(count=0)
    with pytest.raises(ParameterError, match=r"at least 1, got -100,000,000$"):
        _Params(count=-100_000_000)
    with pytest.raises(ParameterError, match=r"at most 1,000 m, got a number of 401 digits$"):
        _Params(pixel_m=10**400)  # no float holds it
    with pytest.raises(ParameterError, match=r"at least 1, got 0\.5"):
        _Params(count=0.5)  # type: ignore[arg-type]


def test_a_boolean_or_text_is_not_a_number() -> None:
    with pytest.raises(ParameterError, match="must be a number"):
        _Params(count=True)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="must be a number"):
        _Params(pixel_m="5")  # type: ignore[arg-type]


def test_work_past_its_limit_is_refused_with_the_figure() -> None:
    check_work("cells", 10, 10, "pixel_m", "--pixel")
    with pytest.raises(ParameterError, match=r"12,000 cells, more than the limit of 10,000"):
        check_work("cells", 12_000, 10_000, "pixel_m", "--pixel")
    with pytest.raises(ParameterError):
        check_work("cells", math.nan, 10, "pixel_m", "--pixel")
