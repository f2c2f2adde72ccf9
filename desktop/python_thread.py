"""Running core work on a thread Python created, inside a Qt pool thread.

A stopgap until :class:`desktop.worker.Job` does it itself: see :func:`in_python_thread`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def in_python_thread(work: Callable[[], T]) -> T:
    """Return ``work()``, run in a thread Python started, and re-raise what it raised.

    pyproj 3.7 keeps its PROJ context per thread in two places whose lives differ
    on threads Python did not create, such as Qt's pool threads; there its objects
    crash the process when the garbage collector frees them at the wrong moment
    (pyproj issues 1509 and 1622, fixed after 3.7.2). A thread of :mod:`threading`
    keeps one Python thread state throughout, so the context stays valid.
    """
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append((False, exc))

    thread = threading.Thread(target=target, name="urbanista-core")
    thread.start()
    thread.join()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]
