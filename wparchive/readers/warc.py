"""Read HTTP responses back out of a WARC file (.warc or .warc.gz), for extraction without the network."""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..model import Problem

__all__ = ["WarcResponse", "iter_warc_responses"]


@dataclass(frozen=True)
class WarcResponse:
    """One archived response; `body` has its Content-Encoding and chunking undone."""

    url: str
    status: int
    content_type: str
    body: bytes
    date: str
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), "")


def iter_warc_responses(path: str | Path) -> Iterator[WarcResponse | Problem]:
    """Every response record in file order; damage after the first record becomes a Problem, not an error."""
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    with handle:
        yield from _records(path, handle)


def _records(path: Path, handle) -> Iterator[WarcResponse | Problem]:
    count = 0
    records = ArchiveIterator(handle)
    try:
        for record in records:
            count += 1
            if record.rec_type == "response" and record.http_headers is not None:
                yield _response(path, record)
        # A crawl killed mid-write leaves a torn last record; what precedes it is intact.
        left = os.fstat(handle.fileno()).st_size - records.offset
        if count and (left > 0 or not _gzip_members_complete(path)):
            yield Problem(source=str(path), message="the last record is incomplete (a torn write)",
                          item=f"record {count}")
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        if count == 0:
            raise InputError(str(path), f"not a readable WARC file ({_oneline(exc)})") from None
        # A crawl killed mid-write leaves a torn last record; what precedes it is intact.
        yield Problem(source=str(path), message=f"WARC damaged after record {count}: {_oneline(exc)}",
                      item=f"record {count + 1}")


def _response(path: Path, record) -> WarcResponse | Problem:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    http = record.http_headers
    raw = record.raw_stream.read()
    declared = (http.get_header("Content-Length") or "").strip()
    chunked = "chunked" in (http.get_header("Transfer-Encoding") or "").lower()
    if declared.isdecimal() and not chunked and len(raw) < int(declared):
        return Problem(source=str(path), item=url, message=f"response cut short: {len(raw)} of {declared} bytes "
                       "(a torn write)")
    record.raw_stream = io.BytesIO(raw)  # read once to measure, then decoded by warcio as usual
    try:
        body = record.content_stream().read()
    except (zlib.error, OSError, ValueError, EOFError) as exc:
        return Problem(source=str(path), message=f"unreadable response body ({_oneline(exc)})", item=url)
    return WarcResponse(
        url=url, status=int(http.get_statuscode() or 0),
        content_type=(http.get_header("Content-Type") or "").strip(), body=body,
        date=record.rec_headers.get_header("WARC-Date") or "", headers=tuple(http.headers))


def _gzip_members_complete(path: Path) -> bool:
    """Whether every gzip member of a .warc.gz ends properly; warcio reads a cut member without a word."""
    with path.open("rb") as handle:
        if handle.read(2) != b"\x1f\x8b":
            return True
        handle.seek(0)
        member, started, data = zlib.decompressobj(16 + zlib.MAX_WBITS), False, handle.read(1 << 20)
        try:
            while data:
                started = True
                member.decompress(data)
                if member.eof:
                    data = member.unused_data or handle.read(1 << 20)
                    member, started = zlib.decompressobj(16 + zlib.MAX_WBITS), False
                else:
                    data = handle.read(1 << 20)
        except zlib.error:
            return False
        return not started


def _oneline(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:200]
