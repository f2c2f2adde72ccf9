"""A small, Qt-free protocol for progress and cancellation.

Long operations take a :class:`Progress`; each face adapts it: a terminal bar in
the CLI, a Qt signal in ``desktop/``, ``QgsProcessingFeedback`` in ``qgis_plugin/``.
The core never pumps an event loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from analysis.errors import Cancelled


class Progress(Protocol):
    """Receives progress reports and answers whether the user cancelled."""

    def report(self, fraction: float, message: str = "") -> None:
        """Report overall completion, ``fraction`` in [0, 1]."""

    def is_cancelled(self) -> bool:
        """Return True once the user asked to stop."""


@dataclass
class NullProgress:
    """Progress that reports nowhere and is never cancelled."""

    def report(self, fraction: float, message: str = "") -> None:  # noqa: D102
        pass

    def is_cancelled(self) -> bool:  # noqa: D102
        return False


@dataclass
class Steps:
    """Maps the progress of one step of a multi-step job onto the whole job.

    ``Steps(progress, weights=[1, 3])`` splits the bar into a quarter and three
    quarters; ``steps.step(i)`` returns a :class:`Progress` for step ``i``.
    """

    progress: Progress
    weights: list[float]
    _starts: list[float] = field(init=False)

    def __post_init__(self) -> None:
        total = float(sum(self.weights))
        acc, self._starts = 0.0, []
        for w in self.weights:
            self._starts.append(acc / total)
            acc += w
        self.weights = [w / total for w in self.weights]

    def step(self, index: int) -> Progress:
        """Return the progress of step ``index``."""
        return _SubProgress(self.progress, self._starts[index], self.weights[index])


@dataclass
class _SubProgress:
    parent: Progress
    start: float
    span: float

    def report(self, fraction: float, message: str = "") -> None:
        self.parent.report(self.start + self.span * min(max(fraction, 0.0), 1.0), message)

    def is_cancelled(self) -> bool:
        return self.parent.is_cancelled()


def check_cancelled(progress: Progress) -> None:
    """Raise :class:`~analysis.errors.Cancelled` if the user asked to stop."""
    if progress.is_cancelled():
        raise Cancelled("cancelled by the user")
