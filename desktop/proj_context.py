"""Keep pyproj usable in Qt's pooled threads.

pyproj keeps each thread's PROJ context in native thread storage, but frees it
with the thread's Python state. PySide gives a pooled thread a new Python state
for every job, so the second job on that thread would use a freed context and
crash. :func:`keeping_proj_context` wraps a job's work so that the context of
its thread is kept for the thread's life.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_KEPT: dict[int, Any] = {}
"""This process's PROJ context owners, by native thread id."""


def keep_proj_context() -> None:
    """Keep the current thread's PROJ context (if pyproj made one) alive."""
    if "pyproj" not in sys.modules:
        return
    from pyproj._context import get_context_manager

    manager = get_context_manager()
    if manager is not None:
        _KEPT[threading.get_native_id()] = manager


def keeping_proj_context(work: Callable[..., T]) -> Callable[..., T]:
    """Return ``work`` that keeps its thread's PROJ context when it ends."""

    def run(*args: Any) -> T:
        try:
            return work(*args)
        finally:
            keep_proj_context()

    return run
