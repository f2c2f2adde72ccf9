"""What a parameter may be: its unit, its range and its CLI flag, checked once.

A parameters dataclass declares its numeric fields with :func:`param` and calls
:func:`check` from ``__post_init__``::

    @dataclass(frozen=True)
    class GapParams:
        along_m: float = param(25.0, unit="m", above=0, at_most=1_000, flag="--along")

        def __post_init__(self) -> None:
            check(self)

:func:`check` refuses NaN, infinities and values out of range with a
:class:`~analysis.errors.ParameterError` that carries the field's name and
flag, so the CLI names the option and the desktop focuses the field. Limits
that depend on the data (cells of a grid, pairs of sites and demand) are
checked where the data is known, with :func:`check_work`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from analysis.errors import ParameterError

_KEY = "urbanista"


@dataclass(frozen=True)
class Spec:
    """What a numeric field may hold, in its unit."""

    unit: str = ""
    above: float | None = None
    """Exclusive lower bound."""
    at_least: float | None = None
    """Inclusive lower bound."""
    at_most: float | None = None
    """Inclusive upper bound."""
    flag: str | None = None
    """The CLI option that sets it (``--pixel``), if any.

    Fields of one parameters dataclass (and those nested in it) that share a
    flag take one value, as ``--min-users`` sets the segments' and the
    hexagons' (unless :attr:`position` is given)."""
    position: int | None = None
    """Fields sharing a flag with positions 0, 1... are its values in order
    (``--weights 0.6 0.2 0.2``)."""

    @property
    def bounded(self) -> bool:
        """Whether the field is numeric by declaration: it has a unit or a bound."""
        return bool(self.unit) or any(
            b is not None for b in (self.above, self.at_least, self.at_most)
        )

    def problem(self, value: float) -> str | None:
        """Why ``value`` is refused, or None."""
        if isinstance(value, float) and not math.isfinite(value):
            return f"must be a finite number, got {value}"
        got = _shown(value)
        if self.above is not None and not value > self.above:
            return f"must be greater than {_figure(self.above)}{self._unit}, got {got}"
        if self.at_least is not None and value < self.at_least:
            return f"must be at least {_figure(self.at_least)}{self._unit}, got {got}"
        if self.at_most is not None and value > self.at_most:
            return f"must be at most {_figure(self.at_most)}{self._unit}, got {got}"
        return None

    @property
    def _unit(self) -> str:
        return f" {self.unit}" if self.unit else ""


def _figure(bound: float) -> str:
    """A bound as a person reads it: ``1,000,000``, ``0.5``."""
    return f"{bound:,.0f}" if float(bound).is_integer() else f"{bound:,g}"


def _shown(value: float) -> str:
    """A value as given: ``100,000,000``, ``1e+12``, or the length of an int no float holds."""
    if not isinstance(value, int):
        return f"{value:g}"
    digits = len(str(abs(value)))
    return f"{value:,}" if digits <= 15 else f"a number of {digits} digits"


def param(
    default: Any,
    *,
    unit: str = "",
    above: float | None = None,
    at_least: float | None = None,
    at_most: float | None = None,
    flag: str | None = None,
    position: int | None = None,
) -> Any:
    """A dataclass field with its unit, range and CLI flag.

    :func:`check` keeps a number finite and within the bounds given; a field of
    another type (a choice, a name, a list) declared here carries its flag only.
    Its help is the docstring under it (:func:`analysis.param_docs.field_docs`).
    """
    spec = Spec(unit, above, at_least, at_most, flag, position)
    return dataclasses.field(default=default, metadata={_KEY: spec})


def spec_of(field: dataclasses.Field[Any]) -> Spec | None:
    """The :class:`Spec` of a field declared with :func:`param`, else None."""
    return field.metadata.get(_KEY)


def check(params: Any) -> None:
    """Refuse the first field of ``params`` that is not finite or out of its range.

    ``None`` passes (an optional value left unset); booleans are not numbers; each
    number of a tuple is checked. A field with neither unit nor bound (a choice,
    a name) is not checked here.

    Raises
    ------
    ParameterError
        Naming the field, its flag and the value.
    """
    for field in dataclasses.fields(params):
        spec = spec_of(field)
        value = getattr(params, field.name)
        if spec is None or value is None or not spec.bounded:
            continue
        for item in value if isinstance(value, tuple) else (value,):  # a list: each of it
            if isinstance(item, bool) or not isinstance(item, (int, float)):
                raise ParameterError(field.name, spec.flag, f"must be a number, got {item!r}")
            if (problem := spec.problem(item)) is not None:
                raise ParameterError(field.name, spec.flag, problem)


def check_work(what: str, amount: float, limit: float, name: str, flag: str | None) -> None:
    """Refuse work of ``amount`` units of ``what`` past ``limit``, before it starts.

    Raises
    ------
    ParameterError
        Naming the figure, the limit, and the parameter that would bring it down.
    """
    if not amount <= limit:  # NaN too
        raise ParameterError(
            name, flag, f"would make {amount:,.0f} {what}, more than the limit of {limit:,.0f}"
        )
