"""Jobs in worker processes, results back in the order given, and workers that belong to their run.

Workers leave the output folder's lock and Ctrl-C to the run's own process, and exit when it is
gone, so a killed run never leaves idle workers holding the folder.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .errors import WparchiveError
from .writers.lock import release_in_child

__all__ = ["Runner", "worker_died"]


class Runner:
    """Runs jobs in this process until started, then in worker processes; results come back as futures."""

    def __init__(self, jobs: int):
        self.jobs, self.pool = jobs, None

    @property
    def processes(self) -> int:
        """How many processes run the jobs: the workers once started, else this one."""
        return self.jobs if self.pool is not None else 1

    def start(self) -> None:
        if self.jobs > 1 and self.pool is None:
            self.pool = ProcessPoolExecutor(self.jobs, initializer=_worker_start, initargs=(os.getpid(),))

    def submit(self, fn: Callable, *args) -> Future:
        if self.pool is not None:
            return self.pool.submit(fn, *args)
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    def in_order(self, jobs: Iterable[tuple[object, Callable | None, tuple]]) -> Iterator[tuple[object, object]]:
        """(tag, result) for each (tag, fn, args) in the order given, at most 2×jobs in flight."""
        pending: deque = deque()
        for tag, fn, args in jobs:
            pending.append((tag, self.submit(fn, *args) if fn else None))
            if len(pending) >= 2 * self.jobs:
                tag, future = pending.popleft()
                yield tag, future.result() if future else None
        while pending:
            tag, future = pending.popleft()
            yield tag, future.result() if future else None

    def close(self, abandon: bool = False) -> None:
        """Let the workers go: once their jobs in hand are done, or at once when the run was stopped
        (Ctrl-C, an error), since a chunk in hand can hold minutes of image downloads. What a stopped
        worker leaves half-written is a temporary file the next run removes."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        if not abandon:
            pool.shutdown(cancel_futures=True)
            return
        workers = list((getattr(pool, "_processes", None) or {}).values())  # public only from Python 3.14
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(timeout=10)


def worker_died(out: Path) -> WparchiveError:
    """The one line a run ends with when a worker was killed (out of memory, kill -9): what was written stays."""
    return WparchiveError(f"{out}: a worker process stopped unexpectedly (out of memory, or killed); "
                          "run the same command again to finish")


def _worker_start(parent: int) -> None:
    """A worker leaves the output folder's lock and Ctrl-C to the run's own process, and ends with it."""
    release_in_child()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process stops the run; a chunk in hand finishes
    threading.Thread(target=_end_with, args=(parent,), daemon=True, name="wparchive-parent-watch").start()


def _end_with(parent: int) -> None:
    """A killed run must not leave idle workers behind: they notice their parent is gone and exit."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)
