"""The crawl's WARC file: request + response records appended to OUT/crawl.warc.gz across runs.

Each record is its own gzip member, so a file cut anywhere still reads up to the cut. The state
database remembers the file size after the last committed record; on start the file is truncated
back to it, dropping a record torn by a crash (its URL is still pending and is fetched again).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ..errors import InputError
from .fetch import Exchange, first_header, header_values

__all__ = ["StoredResponse", "WarcStore"]


class StoredResponse:
    """A response read back from the WARC: status, headers and decoded body."""

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return first_header(self.headers, name)

    def header_values(self, name: str) -> list[str]:
        return header_values(self.headers, name)


class WarcStore:
    """Appends exchanges; reads a stored response back by offset when a revalidation answers 304."""

    def __init__(self, path: Path, committed: int):
        self.path = path
        path.touch(exist_ok=True)
        self._file = path.open("r+b")
        size = self._file.seek(0, io.SEEK_END)
        if size < committed:
            self._file.close()
            raise InputError(str(path), f"holds {size} bytes but the crawl state expects {committed}; "
                             "delete crawl.sqlite beside it to start over")
        if size > committed:
            self._file.truncate(committed)
            self._file.seek(committed)
        self._writer = WARCWriter(self._file, gzip=True)

    def size(self) -> int:
        return self._file.tell()

    def write_info(self, info: dict[str, str]) -> None:
        """A warcinfo record opening each run: software and options."""
        self._writer.write_record(self._writer.create_warcinfo_record(self.path.name, info))
        self._file.flush()

    def write(self, exchange: Exchange) -> int:
        """Append the response then its request; return the response record's offset."""
        offset = self._file.tell()
        response = self._response_record(exchange)
        self._writer.write_record(response)
        self._writer.write_record(self._request_record(exchange, response.rec_headers.get_header("WARC-Record-ID")))
        self._file.flush()
        return offset

    def _response_record(self, exchange: Exchange):
        http = StatusAndHeaders(f"{exchange.status} {exchange.reason}", list(exchange.headers), protocol="HTTP/1.1")
        return self._writer.create_warc_record(
            exchange.url, "response", payload=io.BytesIO(exchange.body), length=len(exchange.body),
            http_headers=http, warc_headers_dict={"WARC-Date": exchange.date})

    def _request_record(self, exchange: Exchange, response_id: str):
        path = exchange.url.split("/", 3)[3] if exchange.url.count("/") >= 3 else ""
        http = StatusAndHeaders(f"GET /{path} HTTP/1.1", list(exchange.request_headers), is_http_request=True)
        headers = {"WARC-Date": exchange.date, "WARC-Concurrent-To": response_id}
        return self._writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(b""), length=0, http_headers=http,
            warc_headers_dict=headers)

    def read(self, offset: int) -> StoredResponse:
        """The response record at `offset`, with its Content-Encoding undone."""
        with self.path.open("rb") as handle:
            handle.seek(offset)
            record = next(iter(ArchiveIterator(handle)))
            http = record.http_headers
            body = record.content_stream().read()
            return StoredResponse(int(http.get_statuscode() or 0), list(http.headers), body)

    def close(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
