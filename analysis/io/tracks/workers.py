"""Parsing in worker processes, each file under a time budget.

A few long-lived workers (started with ``spawn``: no fork of a process
holding GDAL) get tasks of many files and say when they start and finish
each. A file still being read ``GRACE_S`` after its budget ran out (the
parsers give up on their own at the budget, but not inside a library call
that hangs) costs its worker: the worker is killed, the file rejected with
the reason, and the rest of the worker's tasks go to a new one. A worker that
dies (a decoder crashing the interpreter, the system killing it for memory) is
replaced the same way; the file it died on is read once more by the new worker
and rejected only if that one dies on it too. A worker that dies before taking
any file costs no file.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from analysis.errors import UrbanistaError
from analysis.io.budget import too_slow
from analysis.io.tracks.reader import read_activity

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import SpawnContext
    from multiprocessing.queues import Queue

    from analysis.io.tracks.activity import Activity, Context
    from analysis.io.tracks.archives import Unit

log = logging.getLogger(__name__)
T = TypeVar("T")
GRACE_S = 2.0
"""Seconds past its budget before a file's worker is killed: the parser stops on its own first."""
STILLBORN_LIMIT = 3
"""Workers dead before taking any file after which the import stops: they cannot start."""
TASKS_PER_WORKER = 2
"""Tasks queued on a worker: it goes on with the next while this process writes."""
_Task = tuple[int, int, list[tuple["Unit", str]]]
"""(task number, index of its first file, the files from there)."""


def _serve(
    inbox: Queue[_Task | None], outbox: Connection, context: Context, budget_s: float
) -> None:
    """A worker: read the files of each task, saying ``(task, index, None)`` before each."""
    while (task := inbox.get()) is not None:
        key, first, work = task
        for i, (unit, ident) in enumerate(work, first):
            outbox.send((key, i, None))
            try:
                result: Activity | str | Exception = read_activity(unit, ident, context, budget_s)
            except Exception as exc:  # a bug, not bad input: raised again by the importer
                result = exc
            outbox.send((key, i, result))


@dataclass
class _Chunk:
    """Jobs handed out together, with their results as they come."""

    jobs: list[Any]
    results: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.results = [None] * len(self.jobs)


class _Worker:
    """One worker process, the tasks queued on it, and the file it is reading."""

    def __init__(self, spawn: SpawnContext, context: Context, budget_s: float) -> None:
        self.inbox: Queue[_Task | None] = spawn.Queue()
        self.conn, sender = spawn.Pipe(duplex=False)
        self.process = spawn.Process(
            target=_serve, args=(self.inbox, sender, context, budget_s), daemon=True
        )
        self.process.start()
        sender.close()
        self.queued: deque[int] = deque()  # task numbers, in order
        self.reading: tuple[int, int] | None = None
        self.deadline = float("inf")
        self.took_any = False

    def send(self, key: int, first: int, work: list[tuple[Unit, str]]) -> None:
        self.queued.append(key)
        self.inbox.put((key, first, work))

    def stop(self, kill: bool) -> None:
        """End the process: asked to (``kill`` False), else at once."""
        if not kill:
            self.inbox.put(None)
            self.process.join(10)
        self.process.kill()
        self.process.join(10)
        self.inbox.cancel_join_thread()  # what a killed worker never read is dropped
        self.inbox.close()
        self.conn.close()


def parse_in_workers(
    chunks: Iterator[list[tuple[T, Unit, str]]],
    context: Context,
    workers: int,
    budget_s: float,
    grace_s: float = GRACE_S,
) -> Iterator[tuple[tuple[T, Unit, str], Activity | str]]:
    """Each job of ``chunks`` with its activity or rejection, in job order.

    At most ``TASKS_PER_WORKER`` chunks per worker are out at a time, so memory
    stays bounded whatever the import's size. A worker still reading a file
    ``grace_s`` after its budget of ``budget_s`` is killed.

    Raises
    ------
    UrbanistaError
        If :data:`STILLBORN_LIMIT` workers die before taking any file.
    """
    import multiprocessing

    pool = _Pool(multiprocessing.get_context("spawn"), context, budget_s, grace_s)
    pool.workers = [pool.start() for _ in range(workers)]
    chunk_of = pool.chunk_of
    order: deque[int] = deque()
    done = 0  # results of order[0] already yielded
    keys = iter(range(1 << 62))
    try:
        while True:
            while len(order) < TASKS_PER_WORKER * workers:
                jobs = next(chunks, None)
                if jobs is None:
                    break
                key = next(keys)
                chunk_of[key] = _Chunk(jobs)
                order.append(key)
                worker = min(pool.workers, key=lambda w: len(w.queued))
                worker.send(key, 0, [(unit, ident) for _, unit, ident in jobs])
            while order and done < len(chunk_of[order[0]].jobs):
                head = chunk_of[order[0]]
                if head.results[done] is None:
                    break
                yield head.jobs[done], head.results[done]
                done += 1
                if done == len(head.jobs):
                    del chunk_of[order.popleft()]
                    done = 0
            if not order:
                return
            pool.listen()
            pool.replace_lost()
    finally:
        for worker in pool.workers:
            worker.stop(kill=bool(worker.queued))


@dataclass
class _Pool:
    """The workers, the chunks out with them, and what their deaths cost so far."""

    spawn: SpawnContext
    context: Context
    budget_s: float
    grace_s: float
    workers: list[_Worker] = field(default_factory=list)
    chunk_of: dict[int, _Chunk] = field(default_factory=dict)
    retried: set[tuple[int, int]] = field(default_factory=set)
    """Files a worker died on, given to a new worker once more."""
    stillborn: int = 0

    def start(self) -> _Worker:
        return _Worker(self.spawn, self.context, self.budget_s)

    def listen(self) -> None:
        """Wait for news from the workers (at most until the nearest deadline) and take it all."""
        from multiprocessing.connection import wait

        timeout = max(min(w.deadline for w in self.workers) - time.monotonic(), 0.0)
        ready = wait([w.conn for w in self.workers], timeout=min(timeout, 1.0))
        for worker in self.workers:
            if worker.conn in ready:
                self.take(worker)

    def take(self, worker: _Worker) -> None:
        """Every message ``worker`` has sent: files started (with their deadline) and results."""
        try:
            while worker.conn.poll():
                key, i, result = worker.conn.recv()
                if result is None:
                    worker.reading = key, i
                    worker.deadline = time.monotonic() + self.budget_s + self.grace_s
                    worker.took_any = True
                    continue
                if isinstance(result, Exception):
                    raise result
                self.chunk_of[key].results[i] = result
                worker.reading, worker.deadline = None, float("inf")
                if i == len(self.chunk_of[key].jobs) - 1:
                    worker.queued.popleft()
        except (EOFError, OSError):  # it died: replace_lost sees it
            return

    def replace_lost(self) -> None:
        """Replace each worker past its deadline or dead (once its last news is taken).

        Raises
        ------
        UrbanistaError
            If :data:`STILLBORN_LIMIT` workers have died before taking any file.
        """
        for n, worker in enumerate(self.workers):
            if worker.deadline < time.monotonic() or not worker.process.is_alive():
                self.take(worker)
                if worker.deadline < time.monotonic() or not worker.process.is_alive():
                    self.workers[n] = self.replace(worker)
        if self.stillborn >= STILLBORN_LIMIT:
            raise UrbanistaError(
                f"the processes reading track files stop before reading any ({self.stillborn} "
                "did); the computer may be short of memory: close other programs and run "
                "the import again"
            )

    def replace(self, worker: _Worker) -> _Worker:
        """A new worker taking over ``worker``'s tasks, from the file it was on.

        That file is rejected if ``worker`` hung on it, or died on it after another
        worker had died on it already; else the new worker reads it again.
        """
        hung = worker.process.is_alive()
        worker.stop(kill=True)
        code = worker.process.exitcode
        if worker.reading is not None:
            key, i = worker.reading
            if hung:
                reason = too_slow(self.budget_s)
            elif worker.reading in self.retried:
                reason = (
                    f"its reader stopped (exit code {code}), and again when read once more "
                    "in a new process; abandoned"
                )
            else:
                self.retried.add(worker.reading)
                log.warning(
                    "worker %s died (exit code %s); its file is read again",
                    worker.process.pid,
                    code,
                )
                reason = None
            if reason is not None:
                self.chunk_of[key].results[i] = reason
                log.warning("worker %s lost: %s", worker.process.pid, reason)
        elif not worker.took_any:
            self.stillborn += 1
            log.warning("worker %s died at start (exit code %s)", worker.process.pid, code)
        new = self.start()
        for key in worker.queued:
            chunk = self.chunk_of[key]
            if None not in chunk.results:
                continue
            first = chunk.results.index(None)
            new.send(key, first, [(unit, ident) for _, unit, ident in chunk.jobs[first:]])
        return new
