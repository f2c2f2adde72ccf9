"""A time budget per file: readers look at the clock now and then and give a file up past it.

One slow file (a query that never ends, a table of a million rows on a slow
disk) must not hold up the import of the others: each file gets a
:class:`Deadline` when its reading starts, and the reader calls
:meth:`Deadline.check` every so many rows or windows, naming where it is.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from analysis.errors import InputError

FILE_TIMEOUT_S = 120.0
"""Seconds one file of an import may take to read, unless the import says otherwise."""


def too_slow(budget_s: float) -> str:
    """Why a file is abandoned past its time budget of ``budget_s`` seconds."""
    return (
        f"reading it took more than {budget_s:g} s (the time budget per file, "
        "--file-timeout); abandoned"
    )


class TooSlow(InputError):
    """A file still being read when its time budget ran out."""


@dataclass(frozen=True)
class Deadline:
    """When reading one file must end (``time.monotonic()``), and the budget it was given."""

    budget_s: float
    end: float

    @classmethod
    def start(cls, budget_s: float) -> Deadline:
        """A deadline ``budget_s`` seconds from now."""
        return cls(budget_s, time.monotonic() + budget_s)

    @property
    def passed(self) -> bool:
        """Whether the budget has run out."""
        return time.monotonic() > self.end

    def error(self, name: str, where: str = "") -> TooSlow:
        """The refusal of file ``name`` (if any), still being read at ``where`` past the budget."""
        at = "".join(f"{part}: " for part in (name, where) if part)
        return TooSlow(f"{at}{too_slow(self.budget_s)}")

    def check(self, name: str, where: str = "") -> None:
        """Refuse file ``name``, read up to ``where``, if the budget has run out.

        Raises
        ------
        TooSlow
            Naming the file, ``where`` and the budget.
        """
        if self.passed:
            raise self.error(name, where)


NEVER = Deadline(math.inf, math.inf)
"""A deadline that never comes."""
