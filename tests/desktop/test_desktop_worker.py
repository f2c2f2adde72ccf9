"""Background jobs: progress reaches the GUI thread, Cancel stops the core, errors don't crash."""

from __future__ import annotations

import threading
import time

import pytest

from analysis.errors import InputError
from analysis.progress import check_cancelled
from desktop.worker import Job


def test_progress_and_result_arrive_in_the_gui_thread(qtbot) -> None:
    seen, threads = [], []
    gui = threading.get_ident()

    def work(progress):
        threads.append(threading.get_ident())
        for i in range(3):
            progress.report(i / 2, f"step {i}")
        return 42

    job = Job(work)
    job.progress.connect(lambda f, m: seen.append((f, m, threading.get_ident() == gui)))
    with qtbot.waitSignal(job.finished, timeout=5000) as blocker:
        job.start()
    assert blocker.args == [42]
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert seen == [(0.0, "step 0", True), (0.5, "step 1", True), (1.0, "step 2", True)]
    assert threads[0] != gui


def test_cancel_stops_the_work_at_its_next_check(qtbot) -> None:
    steps = []

    def work(progress):
        for i in range(10_000):
            check_cancelled(progress)
            steps.append(i)
            time.sleep(0.001)

    job = Job(work)
    job.finished.connect(lambda _: pytest.fail("a cancelled job must not finish"))
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        job.start()
        qtbot.waitUntil(lambda: len(steps) > 5)
        job.cancel()
    qtbot.waitUntil(job.is_done, timeout=2000)  # its thread ends just after the signal
    assert len(steps) < 10_000


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (InputError("reports.csv, line 3: no date"), "reports.csv, line 3: no date"),
        (ZeroDivisionError("division by zero"), "ZeroDivisionError: division by zero"),
    ],
)
def test_errors_become_a_message(qtbot, error: Exception, message: str) -> None:
    def work(progress):
        raise error

    job = Job(work)
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        job.start()
    assert blocker.args == [message, error]


def test_work_that_returned_finishes_even_if_cancel_came_after_its_last_check(qtbot) -> None:
    job = Job(lambda progress: (job.cancel(), "stored")[1])
    with qtbot.waitSignal(job.finished, timeout=5000) as blocker:
        job.start()
    assert blocker.args == ["stored"] and job.is_cancelled()
