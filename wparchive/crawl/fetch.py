"""HTTP GET with the crawl's manners: rate limit, retries with backoff, size cap, manual redirects.

Stdlib `http.client` with one keep-alive connection per thread and host, through the proxy the
environment names (see proxy.py); every response on the way (retried 5xx, redirects, the final
one) comes back as an `Exchange` so the WARC holds them all.
"""

from __future__ import annotations

import email.utils
import http.client
import threading
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from .options import CrawlOptions
from .proxy import Proxy, proxy_for, proxy_table
from .ratelimit import RateLimiter

__all__ = ["DEFER", "Exchange", "Fetched", "Fetcher", "TooLarge", "ascii_url", "decoded_body", "host_of"]

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
DEFER = "defer"  # a redirect to a host whose robots.txt is not loaded yet: the caller queues it
CHUNK = 65536
URL_SAFE = "!#$%&'()*+,/:;=?@[]~"  # already-escaped URLs pass through unchanged
# A reused keep-alive socket the server already closed fails at once; that is no real attempt.
STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


def first_header(headers, name: str) -> str:
    """The first value of a header, matched case-insensitively, or ""."""
    name = name.lower()
    return next((v for k, v in headers if k.lower() == name), "")


def header_values(headers, name: str) -> list[str]:
    """Every value of a header (Link, Set-Cookie repeat), matched case-insensitively."""
    name = name.lower()
    return [v for k, v in headers if k.lower() == name]


class TooLarge(Exception):
    """The response exceeds max_bytes: not retried, not saved."""


@dataclass(frozen=True)
class Exchange:
    """One request and the response to it, as sent and received (body still content-encoded)."""

    url: str
    request_headers: tuple[tuple[str, str], ...]
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    date: str

    def header(self, name: str) -> str:
        return first_header(self.headers, name)

    def header_values(self, name: str) -> list[str]:
        return header_values(self.headers, name)


@dataclass(frozen=True)
class Fetched:
    """The outcome for one URL: every exchange on the way, the last response and why it failed."""

    url: str
    exchanges: tuple[Exchange, ...] = ()
    final: Exchange | None = None
    final_url: str = ""
    error: str = ""
    redirect_to: str = ""  # set with error == "" when the caller must queue the target itself
    attempts: int = 0


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def ascii_url(url: str) -> str:
    """Links in HTML and sitemaps may carry raw UTF-8 or spaces; HTTP and WARC headers take only ASCII."""
    return quote(url, safe=URL_SAFE)


def warc_date() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def decoded_body(exchange: Exchange, limit: int) -> bytes:
    """The body without its Content-Encoding; a gzip bomb counts as too large."""
    encoding = exchange.header("content-encoding").lower().strip()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return exchange.body
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    out = zlib.decompressobj(wbits).decompress(exchange.body, limit + 1)
    if len(out) > limit:
        raise TooLarge(f"response larger than {limit} bytes once decompressed")
    return out


def retry_after(value: str | None) -> float | None:
    """Seconds asked by a Retry-After header, given as seconds or as an HTTP date."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdecimal():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class Fetcher:
    """Fetches URLs for many threads; `can_follow(url)` returns "" to follow a redirect, DEFER or a reason."""

    def __init__(self, options: CrawlOptions, limiter: RateLimiter, can_follow: Callable[[str], str],
                 stop: threading.Event | None = None, proxies: Mapping[str, Proxy] | None = None):
        self.options = options
        self.proxies = proxy_table() if proxies is None else proxies  # URL scheme -> proxy
        self.stop = stop or threading.Event()  # set on interrupt: no new attempt, no more backoff
        self.limiter = limiter
        self.can_follow = can_follow
        self._local = threading.local()

    def fetch(self, url: str, validators: Mapping[str, str] | None = None,
              can_follow: Callable[[str], str] | None = None) -> Fetched:
        """GET a URL, following redirects by hand so each hop is checked and recorded.

        `can_follow` replaces the fetcher's own policy for this one request (robots.txt redirects).
        """
        chain, exchanges, current = [url], [], url
        headers = self._headers(validators or {})
        attempts = 0
        while True:
            got, final, error, tries = self._attempts(current, headers)
            exchanges += got
            attempts += tries
            done = Fetched(url, tuple(exchanges), final, current, error, attempts=attempts)
            if error or final is None or final.status not in REDIRECT_STATUS or not final.header("location"):
                return done
            location = urljoin(current, final.header("location").strip())
            target = ascii_url(urlunsplit(urlsplit(location)._replace(fragment="")))
            problem = self._redirect_problem(chain, target, can_follow or self.can_follow)
            if problem == DEFER:
                return Fetched(url, tuple(exchanges), final, current, "", target, attempts)
            if problem:
                return Fetched(url, tuple(exchanges), final, current, problem, attempts=attempts)
            chain.append(target)
            current, headers = target, self._headers({})

    def _redirect_problem(self, chain: list[str], target: str, can_follow: Callable[[str], str]) -> str:
        if target in chain:
            return "redirect loop: " + " -> ".join(chain + [target])
        if len(chain) > self.options.max_redirects:
            return f"more than {self.options.max_redirects} redirects"
        return can_follow(target)

    def _headers(self, validators: Mapping[str, str]) -> dict[str, str]:
        headers = {"User-Agent": self.options.user_agent, "Accept-Encoding": "gzip", "Accept": "*/*"}
        if validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        return headers

    def _attempts(self, url: str, headers: dict[str, str]) -> tuple[list[Exchange], Exchange | None, str, int]:
        """Try up to 1 + retries times; back off on 429/5xx and network errors."""
        host, opts, got, reason = host_of(url), self.options, [], ""
        for attempt in range(opts.retries + 1):
            self.limiter.wait(host)
            if self.stop.is_set():
                return got, None, "crawl interrupted", attempt
            try:
                exchange = self._send_fresh_if_stale(url, headers)
            except TooLarge as exc:
                return got, None, str(exc), attempt + 1
            except (OSError, http.client.HTTPException, UnicodeError) as exc:
                reason, wait = _network_reason(exc), opts.backoff * 2**attempt
                if proxy := proxy_for(urlsplit(url), self.proxies):
                    reason += f" through the proxy {proxy.address}"
            else:
                got.append(exchange)
                if exchange.status not in RETRY_STATUS:
                    return got, exchange, "", attempt + 1
                reason, asked = f"HTTP {exchange.status}", retry_after(exchange.header("retry-after"))
                wait = asked if asked is not None else opts.backoff * 2**attempt
                if asked is not None:
                    self.limiter.pause(host, min(wait, opts.max_retry_wait))
            if attempt < opts.retries:
                self.stop.wait(min(wait, opts.max_retry_wait))
        tries = opts.retries + 1
        return got, (got[-1] if got else None), f"{reason} after {tries} attempt{'s' * (tries > 1)}", tries

    def _send_fresh_if_stale(self, url: str, headers: dict[str, str]) -> Exchange:
        parts = urlsplit(url)
        reused = self._has_connection(parts)
        try:
            return self._send(parts, url, headers)
        except STALE:
            if not reused:
                raise
            return self._send(parts, url, headers)

    def _send(self, parts, url: str, headers: dict[str, str]) -> Exchange:
        proxy = proxy_for(parts, self.proxies)
        conn = self._connection(parts, proxy)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sending = headers
        if proxy is not None and parts.scheme == "http":  # a plain-HTTP proxy takes the whole URL
            target = f"http://{parts.netloc}{target}"
            sending = {**headers, **proxy.headers()}
        try:
            conn.request("GET", target, headers=sending)
            response = conn.getresponse()
            body = self._read(response)
        except BaseException:
            self._drop(parts)
            raise
        if response.will_close:
            self._drop(parts)
        sent = (("Host", parts.netloc), *headers.items())  # as the site saw it: no proxy credentials
        return Exchange(url, sent, response.status, response.reason, _kept_headers(response, body), body, warc_date())

    def _read(self, response: http.client.HTTPResponse) -> bytes:
        limit = self.options.max_bytes
        length = response.getheader("content-length", "")
        if length.isdecimal() and int(length) > limit:
            raise TooLarge(f"response larger than {limit} bytes (Content-Length {length})")
        chunks, size = [], 0
        while chunk := response.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"response larger than {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _pool(self) -> dict:
        pool = getattr(self._local, "pool", None)
        if pool is None:
            pool = self._local.pool = {}
        return pool

    def _has_connection(self, parts) -> bool:
        return (parts.scheme, parts.netloc) in self._pool()

    def _connection(self, parts, proxy: Proxy | None) -> http.client.HTTPConnection:
        key = (parts.scheme, parts.netloc)
        pool = self._pool()
        if key not in pool:
            https, timeout = parts.scheme == "https", self.options.timeout
            cls = http.client.HTTPSConnection if https else http.client.HTTPConnection
            if proxy is None:
                pool[key] = cls(parts.netloc, timeout=timeout)
            else:
                pool[key] = conn = cls(proxy.host, proxy.port, timeout=timeout)
                if https:  # CONNECT through the proxy, then TLS with the site itself
                    conn.set_tunnel(parts.hostname, parts.port or 443, headers=proxy.headers())
        return pool[key]

    def _drop(self, parts) -> None:
        conn = self._pool().pop((parts.scheme, parts.netloc), None)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        """Close this thread's connections."""
        for conn in self._pool().values():
            conn.close()
        self._pool().clear()


def _kept_headers(response: http.client.HTTPResponse, body: bytes) -> tuple[tuple[str, str], ...]:
    """Headers as received, less Transfer-Encoding: http.client already removed the chunking."""
    headers = [(k, v) for k, v in response.getheaders() if k.lower() != "transfer-encoding"]
    if not any(k.lower() == "content-length" for k, _ in headers):
        headers.append(("Content-Length", str(len(body))))
    return tuple(headers)


def _network_reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError) or "timed out" in str(exc):
        return "timed out"
    return f"network error ({type(exc).__name__}: {exc})".replace("\n", " ")
