"""Saved web pages as (source name, raw bytes): files, folders of *.html/*.htm, or '-' for stdin."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import Problem

__all__ = ["PAGE_SUFFIXES", "read_pages"]

PAGE_SUFFIXES = (".html", ".htm")
_SNIFF = 4096


def read_pages(paths: Iterable[str | Path]) -> Iterator[tuple[str, bytes] | Problem]:
    """Every page under the given paths in sorted order; what cannot be read becomes a Problem."""
    for path in paths:
        if str(path) == "-":
            yield from _checked("<stdin>", _read_stdin)
            continue
        path = Path(path)
        if path.is_dir():
            yield from _folder(path)
        elif path.exists():
            yield from _checked(str(path), path.read_bytes)
        else:
            yield Problem(source=str(path), message="no such file or folder")


def _folder(folder: Path) -> Iterator[tuple[str, bytes] | Problem]:
    try:
        files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES and p.is_file())
    except OSError as exc:
        yield Problem(source=str(folder), message=f"cannot list folder: {exc.strerror or exc}")
        return
    if not files:
        yield Problem(source=str(folder), message="no .html or .htm files in this folder", severity="warning")
    for file in files:
        yield from _checked(str(file), file.read_bytes)


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def _checked(source: str, read) -> Iterator[tuple[str, bytes] | Problem]:
    try:
        data = read()
    except OSError as exc:
        yield Problem(source=source, message=f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Problem(source=source, message="empty file")
    elif _is_binary(data):
        yield Problem(source=source, message="binary file, not an HTML page")
    else:
        yield source, data


def _is_binary(data: bytes) -> bool:
    """NUL bytes in the first block, unless a UTF-16/32 byte-order mark explains them."""
    head = data[:_SNIFF]
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))
