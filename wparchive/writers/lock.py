"""One run at a time per output folder.

A second run would take the first one's live temporary files (its index, spooled posts, WARC) for
a killed run's leftovers and remove them. The lock is an advisory `flock` on the folder itself, so
nothing is left in the archive; it goes with the process, even when the process is killed. Worker
processes close their inherited copy (`release_in_child`), or a killed run's orphaned workers would
keep the folder locked.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import WparchiveError

try:
    import fcntl
except ImportError:  # Windows: no flock; runs are not guarded there
    fcntl = None

__all__ = ["OutputBusy", "output_lock", "release_in_child"]

# Filesystems without flock (some NFS, SMB and FUSE mounts) say so with one of these: runs there are
# not guarded, as on Windows, rather than refused.
_UNSUPPORTED = {errno.ENOLCK, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP), errno.EINVAL}
_HELD: dict[str, int] = {}  # folder -> descriptor holding it, so one process may nest its own runs


class OutputBusy(WparchiveError):
    """Another run is writing to the same output folder."""


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output folder for this run; OutputBusy at once if another run holds it."""
    key = os.path.realpath(out)
    if key in _HELD:  # a job inside a job of this process (crawl, then its archive): already held
        yield
        return
    fd = _locked(out)
    if fd is None:
        yield
        return
    _HELD[key] = fd
    try:
        yield
    finally:
        if _HELD.pop(key, None) is not None:  # not already let go of by release_in_child
            os.close(fd)


def _locked(out: Path) -> int | None:
    """An open descriptor of the folder holding the lock, or None where locks are not available."""
    if fcntl is None:
        return None
    try:
        fd = os.open(out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except PermissionError:  # a folder we may write but not read: unguarded; writes report their own errors
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputBusy(f"{out}: another wparchive run is writing to this folder; "
                         "wait for it to finish or choose another folder") from None
    except OSError as error:
        os.close(fd)
        if error.errno in _UNSUPPORTED:
            return None
        raise
    return fd


def release_in_child() -> None:
    """In a forked worker: close the inherited lock descriptors, so only the run's own process holds them."""
    for fd in _HELD.values():
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()
