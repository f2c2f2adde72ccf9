"""Work limits met on parameters the CLI sets no option for, said as what the user can change.

Counting usage resamples the tracks every ``sample_m`` and rasterises them on
``pixel_m`` cells; the desktop shows both fields, the CLI keeps their defaults.
Past a limit of :mod:`analysis.heatmap.limits` the core names the field, which
a CLI user cannot set: the commands say instead how to count fewer activities.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from analysis.errors import InputError, ParameterError


@contextmanager
def too_much_data(way_out: str) -> Iterator[None]:
    """Turn a :class:`ParameterError` on a field without a CLI flag into an :class:`InputError`
    that says the data is too large and ``way_out``.
    """  # noqa: D205
    try:
        yield
    except ParameterError as exc:
        if exc.flag is not None:
            raise
        raise InputError(
            f"too many tracks to count at once: they {exc.problem}; {way_out}"
        ) from exc
