"""Files written record by record (JSON Lines), still atomic: a temp file renamed when complete."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from .atomic import atomic_write, inside, new_temporary
from .jsonl import FILE_NAME as JSONL

STREAMED = frozenset({JSONL})  # files that collect one record per post
STREAM_OF = {"jsonl": (JSONL,)}  # format -> the streamed files it always writes

__all__ = ["StreamFiles"]


class StreamFiles:
    """Open appenders by relative name; all are renamed into place on a clean exit, dropped on error."""

    def __init__(self, root: Path, names: tuple[str, ...] = ()):
        """`names` are created even if no record comes, so a re-run never leaves an old file behind."""
        self.root = root
        self._open: dict[str, tuple[BinaryIO, str, Path]] = {}
        for name in names:
            self.append(name, b"")

    def append(self, rel: str, data: bytes) -> None:
        if rel not in self._open:
            target = inside(self.root, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = new_temporary(target.parent)
            self._open[rel] = (open(fd, "wb"), tmp, target)
        self._open[rel][0].write(data)

    def write(self, files: list[tuple[str, bytes]]) -> list[str]:
        """Write a post's files: streamed ones appended, the others atomically; returns their names."""
        for rel, data in files:
            if rel in STREAMED:
                self.append(rel, data)
            else:
                atomic_write(self.root, rel, data)
        return [rel for rel, _ in files]

    def add(self, written: tuple[str, ...], streamed: tuple[tuple[str, bytes], ...]) -> list[str]:
        """Append a built post's records; returns the names of all its files."""
        for rel, data in streamed:
            self.append(rel, data)
        return [*written, *(rel for rel, _ in streamed)]

    def __enter__(self) -> StreamFiles:
        return self

    def __exit__(self, kind, value, trace) -> None:
        for handle, tmp, target in self._open.values():
            handle.close()
            if kind is None:
                os.replace(tmp, target)
            else:
                Path(tmp).unlink(missing_ok=True)
