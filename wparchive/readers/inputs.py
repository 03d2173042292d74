"""Turn the paths a user gives into openable export sources: files, folders, .zip and .gz archives.

WordPress.com splits big exports into `name.000.xml`, `name.001.xml`, ...; sorting names keeps them
in sequence, so every expansion here is sorted.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError

__all__ = ["Source", "expand_inputs"]


@dataclass(frozen=True)
class Source:
    """One export stream: a name for messages and a way to (re)open it, since recovery reads twice."""

    name: str
    open: Callable[[], BinaryIO]


def expand_inputs(paths: Iterable[str | Path]) -> list[Source]:
    """Every export stream the given paths hold, in order; a path that cannot be read raises InputError."""
    sources: list[Source] = []
    for raw in paths:
        sources.extend(_expand(Path(raw)))
    return sources


def _expand(path: Path) -> list[Source]:
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    if path.is_dir():
        return _folder_sources(path)
    name = path.name.lower()
    if name.endswith(".zip"):
        return _zip_sources(path)
    if name.endswith(".gz"):
        return [_gzip_source(path)]
    return [_file_source(path)]


_EXPORT_SUFFIXES = (".xml", ".xml.gz", ".zip")


def _folder_sources(folder: Path) -> list[Source]:
    """Every export in a folder, in name order (split exports stay in sequence): .xml, .xml.gz, .zip."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name.lower().endswith(_EXPORT_SUFFIXES))
    if not files:
        raise InputError(str(folder), "no export files (.xml, .xml.gz, .zip) in this folder")
    return [source for path in files for source in _expand(path)]


def _file_source(path: Path) -> Source:
    return Source(str(path), lambda: open(path, "rb"))


def _gzip_source(path: Path) -> Source:
    with open(path, "rb") as handle:
        if handle.read(2) != b"\x1f\x8b":
            raise InputError(str(path), "not a gzip file (bad magic number)")
    return Source(str(path), lambda: _CutTolerantGzip(gzip.open(path, "rb")))


def _zip_sources(path: Path) -> list[Source]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = sorted(
                info.filename for info in archive.infolist()
                if not info.is_dir() and info.filename.lower().endswith(".xml")
                and not info.filename.startswith("__MACOSX/")  # macOS resource forks, not exports
            )
    except (zipfile.BadZipFile, OSError) as err:
        raise InputError(str(path), f"not a readable zip file ({err})") from None
    if not members:
        raise InputError(str(path), "zip file holds no .xml export")
    return [Source(f"{path}!{member}", _zip_opener(path, member)) for member in members]


def _zip_opener(path: Path, member: str) -> Callable[[], BinaryIO]:
    def open_member() -> BinaryIO:
        archive = zipfile.ZipFile(path)
        return _ZipMember(archive, archive.open(member))

    return open_member


class _ZipMember:
    """A zip member stream that also closes its archive, so sources leave no open file behind."""

    def __init__(self, archive: zipfile.ZipFile, stream: BinaryIO):
        self._archive = archive
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def close(self) -> None:
        self._stream.close()
        self._archive.close()

    def __enter__(self) -> _ZipMember:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _CutTolerantGzip:
    """A gzip stream that ends where the data ends when the file was cut short (partial download).

    The reader then sees a truncated export and reports it with its line; plain GzipFile would
    raise and lose the last decompressed block.
    """

    _STEP = 4096  # what a cut stream loses at most

    def __init__(self, stream: gzip.GzipFile):
        self._stream = stream
        self._started = False
        self._ended = False

    def read(self, size: int = -1) -> bytes:
        if self._ended:
            return b""
        want = size if size is not None and size >= 0 else 1 << 62
        out = bytearray()
        try:
            while len(out) < want and (chunk := self._stream.read(min(self._STEP, want - len(out)))):
                out += chunk
        except (EOFError, zlib.error, gzip.BadGzipFile):
            if not self._started and not out:
                raise
            self._ended = True
        self._started = True
        return bytes(out)

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> _CutTolerantGzip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
