"""One run at a time per output folder.

A second run would take the first one's live temporary files (its index, spooled posts, WARC) for
a killed run's leftovers and remove them. The lock is an advisory `flock` on the folder itself, so
nothing is left in the archive; it goes with the process, even when the process is killed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import WparchiveError

try:
    import fcntl
except ImportError:  # Windows: no flock; runs are not guarded there
    fcntl = None

__all__ = ["OutputBusy", "output_lock"]


class OutputBusy(WparchiveError):
    """Another run is writing to the same output folder."""


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output folder for this run; OutputBusy at once if another run holds it."""
    if fcntl is None:
        yield
        return
    fd = os.open(out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(f"{out}: another wparchive run is writing to this folder; "
                             "wait for it to finish or choose another folder") from None
        yield
    finally:
        os.close(fd)
