"""What reaches the terminal: the progress bar, log records and Python warnings.

Each line goes through :func:`analysis.printable.printable`, so a name from a file
cannot break a message in two or steer the terminal.
"""

from __future__ import annotations

import logging
import sys
import time
import warnings
from dataclasses import dataclass, field
from typing import TextIO

import click

from analysis.printable import printable


@dataclass
class TerminalProgress:
    """A one-line progress bar on stderr (plain lines every 10% when not a terminal)."""

    label: str
    width: int = 30
    _last_decile: int = field(default=-1, init=False)
    _started: float = field(default_factory=time.perf_counter, init=False)

    def report(self, fraction: float, message: str = "") -> None:
        """Redraw the bar at ``fraction`` (0..1) with ``message``."""
        fraction = min(max(fraction, 0.0), 1.0)
        label, message = printable(self.label), printable(message)
        if sys.stderr.isatty():
            done = int(fraction * self.width)
            bar = "#" * done + "-" * (self.width - done)
            sys.stderr.write(f"\r{label} [{bar}] {fraction:4.0%} {message:<24.24}")
            if fraction >= 1.0:
                sys.stderr.write(f" {time.perf_counter() - self._started:.1f} s\n")
            sys.stderr.flush()
        elif (decile := int(fraction * 10)) != self._last_decile:
            self._last_decile = decile
            print(f"{label}: {fraction:.0%} {message}", file=sys.stderr, flush=True)

    def is_cancelled(self) -> bool:
        """Ctrl+C raises KeyboardInterrupt instead; nothing to poll."""
        return False


class PrintableFormatter(logging.Formatter):
    """Formats a record as one line, its message made :func:`printable`.

    A traceback (``exc_info``), shown with ``--debug``, follows on lines of its own.
    """

    def formatMessage(self, record: logging.LogRecord) -> str:
        """Format the record's line and escape what is not printable in it."""
        return printable(super().formatMessage(record))


class _TerminalHandler(logging.Handler):
    """Writes records to the current ``sys.stderr`` (as click's test runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:  # logging's contract: report, never raise
            self.handleError(record)


def _ours_or_error(record: logging.LogRecord) -> bool:
    """Without ``--debug``: Urbanista's warnings, and errors of libraries."""
    return record.name.split(".", 1)[0] == "analysis" or record.levelno >= logging.ERROR


_handler = _TerminalHandler()
_handler.setFormatter(PrintableFormatter("%(levelname)s %(name)s: %(message)s"))


def log_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Log a Python warning as one record of the ``py.warnings`` logger.

    Replaces :func:`warnings.showwarning` (as :func:`logging.captureWarnings` does,
    on one line, with where it was raised).
    """
    logging.getLogger("py.warnings").warning(
        "%s: %s (%s:%d)", category.__name__, message, filename, lineno
    )


def setup_logging(debug: bool) -> None:
    """Send log records and Python warnings to stderr, one printable line each.

    By default only Urbanista's own warnings and errors, and libraries' errors, are
    shown; ``debug`` shows every record and every warning (deprecations too).
    """
    root = logging.getLogger()
    if _handler not in root.handlers:
        root.addHandler(_handler)
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    _handler.filters.clear()
    if debug:
        warnings.simplefilter("default")
    else:
        _handler.addFilter(_ours_or_error)
    warnings.showwarning = log_warning
