"""Long work off the GUI thread, with progress and a Cancel that really stops it.

A :class:`Job` runs a function of the core in Qt's global thread pool. The
function receives a :class:`QtProgress`, the core's Qt-free progress protocol
(:mod:`analysis.progress`): its reports arrive in the GUI thread as the
``progress`` signal, and :meth:`Job.cancel` makes ``is_cancelled()`` true, so
the core stops at its next check and raises :class:`~analysis.errors.Cancelled`.
The job ends with exactly one of ``finished(result)``, ``failed(message)`` or
``cancelled()``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from analysis.errors import Cancelled, UrbanistaError

log = logging.getLogger(__name__)


class QtProgress:
    """The core's progress protocol, reporting through a job's signals."""

    def __init__(self, job: Job) -> None:
        self._job = job

    def report(self, fraction: float, message: str = "") -> None:
        """Forward ``fraction`` (0..1) and ``message`` to the GUI thread."""
        self._job.progress.emit(min(max(float(fraction), 0.0), 1.0), message)

    def is_cancelled(self) -> bool:
        """Return True once :meth:`Job.cancel` was called."""
        return self._job.is_cancelled()


class Job(QObject):
    """One call of ``work(progress)`` in the thread pool.

    Errors Urbanista raises on purpose (bad input, a locked workspace) become
    ``failed`` with their message; anything else is a bug, logged with its
    traceback and reported as ``failed`` too, so the window never crashes.
    """

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, work: Callable[[QtProgress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self._done = threading.Event()

    def start(self, pool: QThreadPool | None = None) -> None:
        """Queue the job in ``pool`` (the global pool by default)."""
        (pool or QThreadPool.globalInstance()).start(_Runner(self))

    def cancel(self) -> None:
        """Ask the work to stop at its next progress check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """Return True once :meth:`cancel` was called."""
        return self._cancel.is_set()

    def is_done(self) -> bool:
        """Return True once one of the end signals was emitted."""
        return self._done.is_set()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the work ended (for tests and shutdown); True if it did."""
        return self._done.wait(timeout_s)

    def _run(self) -> None:
        try:
            result = self._work(QtProgress(self))
        except Cancelled:
            self.cancelled.emit()
        except UrbanistaError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: keep the app alive, keep the traceback in the log
            log.exception("background job failed")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            if self.is_cancelled():
                self.cancelled.emit()
            else:
                self.finished.emit(result)
        finally:
            self._done.set()


class _Runner(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        self._job._run()
