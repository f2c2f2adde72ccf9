"""Long work off the GUI thread, with progress and a Cancel that really stops it.

A :class:`Job` runs a function of the core in a thread of its own. The
function receives a :class:`QtProgress`, the core's Qt-free progress protocol
(:mod:`analysis.progress`): its reports arrive in the GUI thread as the
``progress`` signal, and :meth:`Job.cancel` makes ``is_cancelled()`` true, so
the core stops at its next check and raises :class:`~analysis.errors.Cancelled`.
The job ends with exactly one of ``finished(result)``, ``failed(message, error)``
or ``cancelled()``; before that, work may hand over a first part of its result
with :meth:`Job.deliver` (``partial(part)``), to be shown while it goes on.

The thread is Python's (:mod:`threading`), not one of Qt's pool: pyproj 3.7
keeps its PROJ context per thread in two places whose lives differ on threads
Python did not create, and on Qt's pooled threads the second job would use a
freed context and crash (pyproj issues 1509 and 1622). Signals emitted from
the thread reach the GUI thread queued, as from any other thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from analysis.errors import Cancelled, UrbanistaError

log = logging.getLogger(__name__)


class QtProgress:
    """The core's progress protocol, reporting through a job's signals."""

    def __init__(self, job: Job) -> None:
        self._job = job

    def report(self, fraction: float, message: str = "") -> None:
        """Forward ``fraction`` (0..1) and ``message`` to the GUI thread."""
        self._job._emit(self._job.progress, min(max(float(fraction), 0.0), 1.0), message)

    def is_cancelled(self) -> bool:
        """Return True once :meth:`Job.cancel` was called."""
        return self._job.is_cancelled()


class Job(QObject):
    """One call of ``work(progress)`` in a thread of its own.

    Errors Urbanista raises on purpose (bad input, a locked workspace) become
    ``failed`` with their message and the exception (a
    :class:`~analysis.errors.ParameterError` names the field to correct);
    anything else is a bug, logged with its traceback and reported as
    ``failed`` too, so the window never crashes. A slot may take the message alone.
    """

    progress = Signal(float, str)
    partial = Signal(object)
    finished = Signal(object)
    failed = Signal(str, object)
    cancelled = Signal()

    def __init__(self, work: Callable[[QtProgress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self._done = threading.Event()

    def start(self) -> None:
        """Start the work in a new thread (a daemon: it never keeps the app from quitting)."""
        threading.Thread(target=self._run, name="urbanista-job", daemon=True).start()

    def cancel(self) -> None:
        """Ask the work to stop at its next progress check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """Return True once :meth:`cancel` was called."""
        return self._cancel.is_set()

    def deliver(self, part: Any) -> None:
        """Hand ``part`` of the result to the GUI thread now, as ``partial(part)``."""
        self._emit(self.partial, part)

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
            self._emit(self.cancelled)
        except UrbanistaError as exc:
            self._emit(self.failed, str(exc), exc)
        except Exception as exc:  # a bug: keep the app alive, keep the traceback in the log
            log.exception("background job failed")
            self._emit(self.failed, f"{type(exc).__name__}: {exc}", exc)
        else:
            # Work that returned is done, even if Cancel came after its last check.
            self._emit(self.finished, result)
        finally:
            self._done.set()

    def _emit(self, signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window that started the job is gone: nobody to tell
            log.debug("job ended after its owner was deleted")
