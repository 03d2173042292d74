"""Writes that never leave a half-written file and never leave the output folder."""

from __future__ import annotations

import functools
import itertools
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TextIO

from ..errors import WparchiveError

__all__ = ["OutsideOutput", "atomic_stream", "atomic_write", "inside", "new_temporary", "remove_stale_temporaries"]


class OutsideOutput(WparchiveError):
    """A computed path would land outside the output folder (a hostile slug, a symlink)."""


def inside(root: Path, relative: str | Path) -> Path:
    """`root/relative`, refusing anything that resolves outside root, symlinks included."""
    root = root.resolve()
    target = (root / relative).resolve()
    if target != root and root not in target.parents:
        raise OutsideOutput(f"{relative}: would be written outside {root}")
    return target


_CHECKED: set[tuple[str, str]] = set()  # (output folder, sub-folder) made and checked in this process


def _target(root: Path, relative: str | Path) -> tuple[Path, os.stat_result | None]:
    """inside(), with each folder made and checked once per process; after that one lstat per file.

    Also returns that lstat (None when nothing is there yet), so the caller need not ask again.
    """
    rel = PurePosixPath(relative)
    key = (str(root), str(rel.parent))
    if key not in _CHECKED or ".." in rel.parts or rel.is_absolute():
        target = inside(root, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        inside(root, rel.parent)  # a symlinked folder inside OUT is refused too
        _CHECKED.add(key)
    else:
        target = _resolved(str(root)) / rel
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        return target, None
    if stat.S_ISLNK(status.st_mode):
        return inside(root, rel), None  # raises when it points outside; written through when inside
    return target, status


@functools.lru_cache(maxsize=64)
def _resolved(root: str) -> Path:
    return Path(root).resolve()


_NAMES = itertools.count()


def new_temporary(folder: Path) -> tuple[int, Path]:
    """A new file beside a target, never one already there (O_EXCL does not follow symlinks).

    Its mode follows the umask, as any file the user makes: it becomes the output file by rename.
    """
    while True:
        tmp = folder / f".wparchive-{os.getpid()}-{next(_NAMES)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), tmp
        except FileExistsError:
            continue


def atomic_write(root: Path, relative: str | Path, data: bytes | str) -> Path:
    """Write to a temporary file beside the target, then rename: readers see the old or the new file."""
    target, status = _target(root, relative)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if status is not None and stat.S_ISREG(status.st_mode) and status.st_size == len(data):
        if target.read_bytes() == data:
            return target  # unchanged: keep mtime, so re-runs are cheap and tools see no change
    fd, tmp = new_temporary(target.parent)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


@contextmanager
def atomic_stream(root: Path, relative: str | Path) -> Iterator[TextIO]:
    """A text file written bit by bit, renamed into place only when complete."""
    target = inside(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = new_temporary(target.parent)
    try:
        with open(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(root: Path) -> int:
    """Delete temporary files a killed run left behind in `root` (never anything else); returns how many."""
    removed = 0
    for tmp in Path(root).rglob(".wparchive-*.tmp"):
        if tmp.is_file() and not tmp.is_symlink():
            tmp.unlink(missing_ok=True)
            removed += 1
    return removed
