"""Progress bar and messages for the terminal."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field


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
        if sys.stderr.isatty():
            done = int(fraction * self.width)
            bar = "#" * done + "-" * (self.width - done)
            sys.stderr.write(f"\r{self.label} [{bar}] {fraction:4.0%} {message:<24.24}")
            if fraction >= 1.0:
                sys.stderr.write(f" {time.perf_counter() - self._started:.1f} s\n")
            sys.stderr.flush()
        elif (decile := int(fraction * 10)) != self._last_decile:
            self._last_decile = decile
            print(f"{self.label}: {fraction:.0%} {message}", file=sys.stderr, flush=True)

    def is_cancelled(self) -> bool:
        """Ctrl+C raises KeyboardInterrupt instead; nothing to poll."""
        return False
