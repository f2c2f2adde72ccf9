"""Deterministic kill points for the crash tests: a no-op unless a test asks.

Every step that changes a file a planner keeps (a write, an fsync, a rename, a
commit) calls :func:`reach` with the step's name. The crash tests run a command
once with ``URBANISTA_KILL_LOG=FILE`` to list the points it reaches, then once
per point with ``URBANISTA_KILL_AT=N``: the process kills itself with SIGKILL at
its N-th point, as a power cut would, and the test checks that the workspace and
the previous output are as they were or as the finished command leaves them.
"""

from __future__ import annotations

import os
import signal

_KILL_AT = "URBANISTA_KILL_AT"
_KILL_LOG = "URBANISTA_KILL_LOG"
_reached = 0


def reach(point: str) -> None:
    """Mark the kill point ``point`` (``"output.rename"``...): log it or die there if asked."""
    global _reached
    kill_at = os.environ.get(_KILL_AT)
    log = os.environ.get(_KILL_LOG)
    if kill_at is None and log is None:
        return
    _reached += 1
    if log is not None:
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{_reached} {point} {os.getpid()}\n")
    if kill_at is not None and _reached == int(kill_at):
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
