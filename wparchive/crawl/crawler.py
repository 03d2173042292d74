"""Archive a live WordPress site into OUT/crawl.warc.gz, politely and resumably.

Discovery goes best source first, each step only when the one before found nothing: the REST API
(advertised by a Link header or guessed at /wp-json/ and ?rest_route=/), then sitemaps (core, SEO
plugins, robots.txt), then the feed and archive pages. Fetch threads only do HTTP; this module's
main loop writes the WARC, parses listings and commits state, one result at a time.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .. import __version__
from ..errors import InputError
from ..readers.rest import post_type_collections
from ..writers.lock import output_lock
from . import discover
from .fetch import DEFER, Exchange, Fetched, Fetcher, TooLarge, ascii_url, decoded_body, host_of
from .options import CrawlOptions
from .proxy import proxy_table
from .ratelimit import RateLimiter
from .robots import Robots, robots_url
from .state import Row, State
from .warcstore import StoredResponse, WarcStore

__all__ = ["CrawlSummary", "crawl", "crawl_urls", "WARC_NAME", "STATE_NAME"]

WARC_NAME = "crawl.warc.gz"
STATE_NAME = "crawl.sqlite"
# What each discovery kind must be to be parsed; anything else is reported instead.
EXPECTED_TYPE = {"api-root": "json", "api-types": "json", "api-list": "json", "sitemap": "xml", "feed": "xml",
                 "listing": "html", "home": "html"}


@dataclass(frozen=True)
class CrawlSummary:
    """What one run did; `failures` pairs each URL given up on with the reason."""

    found: int
    fetched: int
    not_modified: int
    failed: int
    failures: tuple[tuple[str, str], ...]
    warc_path: Path
    posts: int
    pending: int = 0  # still queued when max_pages stopped the run
    source: str = ""  # where posts were discovered: rest, sitemaps, feeds or urls
    requests: int = 0
    seconds: float = 0.0
    robots: tuple[tuple[str, str | None], ...] = ()  # (host, robots.txt as read; None: unreachable)


def crawl(site: str, out_dir: Path, options: CrawlOptions = CrawlOptions(),
          on_progress: Callable[[dict], None] | None = None) -> CrawlSummary:
    """Archive a whole site; run again to resume or to pick up what changed."""
    root = discover.site_root(site)
    host = urlsplit(root).netloc
    other = host[4:] if host.startswith("www.") else "www." + host
    with _held(Path(out_dir)):
        job = _Crawl(Path(out_dir), options, on_progress, {host, other})
        return job.run(job.site_stages(root))


def crawl_urls(urls: Iterable[str], out_dir: Path, options: CrawlOptions = CrawlOptions(),
               on_progress: Callable[[dict], None] | None = None) -> CrawlSummary:
    """Archive the given pages only (a URL list file), with the same manners and resumability."""
    wanted = [u.strip() for u in urls if u.strip() and not u.lstrip().startswith("#")]
    hosts = {host_of(u) for u in wanted if u.startswith(("http://", "https://"))}
    with _held(Path(out_dir)):
        job = _Crawl(Path(out_dir), options, on_progress, hosts)
        return job.run(job.url_stages(wanted))


@contextmanager
def _held(out_dir: Path) -> Iterator[None]:
    """The output folder, made and held for this run: a second crawl would cut the first one's WARC."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(out_dir), f"cannot create the output folder ({exc.strerror or exc})") from None
    with output_lock(out_dir):
        yield


class _Crawl:
    """One run over one output folder."""

    def __init__(self, out_dir: Path, options: CrawlOptions, on_progress, hosts: set[str]):
        proxies = proxy_table()  # an unusable proxy setting stops the run before anything is written
        self.options, self.on_progress, self.hosts = options, on_progress, hosts
        self.state = State(out_dir / STATE_NAME)
        self.warc = WarcStore(out_dir / WARC_NAME, self.state.start_run())
        self.stop = threading.Event()
        self.limiter = RateLimiter(options.rate, self.stop)
        self.robots = Robots(options.user_agent, options.respect_robots)
        self.fetcher = Fetcher(options, self.limiter, self._can_follow, self.stop, proxies)
        self.include = [re.compile(p) for p in options.include]
        self.exclude = [re.compile(p) for p in options.exclude]
        self.counts = {"fetched": 0, "not_modified": 0, "failed": 0, "requests": 0, "dispatched": 0}
        self.listed = 0  # pages named by sitemaps/feeds/archives this run
        self.rest_items = 0  # posts the REST API listed this run (posts, pages, the site's own types)
        # Collections of the site's own post types, from /wp/v2/types; kept in the state, so a resumed
        # crawl reads the list pages its last run left pending as it would have.
        self.post_types: tuple[str, ...] = tuple(json.loads(self.state.get_meta("post_types") or "[]"))
        self.feed_pages: set[tuple[str, ...]] = set()  # the links of each feed page read this run
        self.source, self.started = "", time.monotonic()
        self.inflight: dict[Future, Row] = {}
        self.bad_urls: list[tuple[str, str]] = []

    # -- stages: each seeds the frontier, then the loop drains it -------------------------------

    def site_stages(self, root: str) -> Iterator[None]:
        self._probe(robots_url(root), "robots")
        self._queue(root, "home")
        self._probe(root + "wp-json/", "api-root")
        yield
        if not self.state.get_meta("run:api_root"):
            self._probe(root + "?rest_route=/", "api-root")
            yield
        if api := self.state.get_meta("run:api_root"):
            self.source = "rest"
            self._probe(discover.rest_url(api, discover.TYPES_ROUTE, {}), "api-types")
            yield
            for url in discover.collection_urls(api, self.options.since):
                self._queue(url, "api-list")
            for url in discover.collection_urls(api, self.options.since, self.post_types):
                self._probe(url, "api-list")  # a plugin's type may need a login: its absence is no failure
            yield
            if self.rest_items:
                return
        # No API, or one that lists nothing (security plugins answer 401 to anonymous readers).
        yield from self._sitemap_stages(root)

    def _sitemap_stages(self, root: str) -> Iterator[None]:
        self.source = "sitemaps"
        for url in ["wp-sitemap.xml", "sitemap_index.xml", "sitemap.xml"]:
            self._probe(root + url, "sitemap")
        for url in self.robots.sitemaps:
            self._queue(url, "sitemap")
        yield
        if self.listed:
            return
        # No sitemap: WordPress feeds page back with ?paged=N; archive pages link the rest.
        self.source = "feeds"
        self._probe(self.state.get_meta("run:feed") or root + "feed/", "feed")
        self._reread_as_listing(root)
        yield

    def url_stages(self, urls: list[str]) -> Iterator[None]:
        self.source = "urls"
        for url in urls:
            if not url.startswith(("http://", "https://")):
                self.counts["failed"] += 1
                self.bad_urls.append((url, "not an http(s) URL"))
                continue
            self._probe(robots_url(url), "robots")
            self._queue(url, "page", filtered=False)
        yield

    # -- the loop --------------------------------------------------------------------------------

    def run(self, stages: Iterator[None]) -> CrawlSummary:
        pool = ThreadPoolExecutor(max(1, self.options.concurrency), thread_name_prefix="wparchive-fetch")
        finished = False
        try:
            self.warc.write_info({"software": f"wparchive/{__version__}", "format": "WARC File Format 1.1",
                                  "http-header-user-agent": self.options.user_agent})
            self.state.commit(self.warc.size())
            for _ in stages:
                self.state.commit(self.warc.size())
                self._drain(pool)
                if self._limit_reached():
                    break
            summary = self._summary()
            finished = True
            return summary
        finally:
            # Interrupted (Ctrl-C): drop the result being recorded; its URL stays pending for next time.
            self.stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            self.state.close(commit=finished)
            self.warc.close()

    def _drain(self, pool: ThreadPoolExecutor) -> None:
        while True:
            self._fill(pool)
            if not self.inflight:
                return
            done, _ = wait(self.inflight, return_when=FIRST_COMPLETED)
            for future in done:
                self._handle(self.inflight.pop(future), future.result())

    def _fill(self, pool: ThreadPoolExecutor) -> None:
        """Start fetches up to the concurrency; never queue more, so each result is saved before the next."""
        while len(self.inflight) < self.options.concurrency and not self._limit_reached():
            busy = {row.url for row in self.inflight.values()}
            rows = self.state.pending(self.options.concurrency - len(self.inflight), busy)
            if not rows:
                return
            for row in rows:
                if len(self.inflight) < self.options.concurrency and not self._limit_reached():
                    self._dispatch(pool, row)

    def _limit_reached(self) -> bool:
        limit = self.options.max_pages
        return limit is not None and self.counts["dispatched"] >= limit

    def _dispatch(self, pool: ThreadPoolExecutor, row: Row) -> None:
        host = host_of(row.url)
        if host not in self.hosts:
            self._fail(row.url, f"outside the site ({host})")
            return
        if row.kind == "robots" or not self.robots.known(host):
            self._load_robots(row.url)
            if row.kind == "robots":
                if self.state.get(row.url).state == "pending":  # never leave a row neither sent nor settled
                    self.state.skip(row.url)
                return
        if refusal := self.robots.refusal(row.url):
            self._fail(row.url, refusal)
            return
        self.counts["dispatched"] += 1
        self.inflight[pool.submit(self._fetch, row)] = row

    def _fetch(self, row: Row, can_follow: Callable[[str], str] | None = None) -> Fetched:
        """Runs on a fetch thread: conditional when an earlier 200 is in the WARC to fall back on."""
        validators = {"etag": row.etag, "last_modified": row.last_modified} if row.warc_offset is not None else {}
        try:
            return self.fetcher.fetch(row.url, validators, can_follow)
        except Exception as exc:  # a malformed URL from a listing must not stop the crawl
            return Fetched(row.url, error=f"cannot fetch ({type(exc).__name__}: {exc})")

    def _can_follow(self, url: str) -> str:
        host = host_of(url)
        if host not in self.hosts:
            return f"redirected outside the site to {url}"
        if not self.robots.known(host):
            return DEFER
        refusal = self.robots.refusal(url)
        return f"redirected to {url}, {refusal}" if refusal else ""

    def _robots_can_follow(self, url: str) -> str:
        """robots.txt redirects are followed within the site (RFC 9309 2.3.1.2: http to https, a new path)."""
        host = host_of(url)
        return "" if host in self.hosts else f"robots.txt redirected outside the site to {url}"

    # -- robots.txt, fetched by the main loop before any other request to its host -------------------

    def _load_robots(self, any_url: str) -> None:
        url = robots_url(any_url)
        host = host_of(url)
        self._probe(url, "robots")
        if self.robots.known(host):
            self.state.skip(url)  # the same host under the other scheme
            return
        row = self.state.get(url)
        fetched = self._fetch(row, self._robots_can_follow)
        response = self._save(row, fetched)
        delay = self.robots.load(host, _robots_text(fetched, response))
        if delay:
            self.limiter.set_delay(host, float(delay))
        self.state.commit(self.warc.size())

    # -- results -----------------------------------------------------------------------------------

    def _handle(self, row: Row, fetched: Fetched) -> None:
        response = self._save(row, fetched)
        if response is not None and response.status in (200, 304):
            self._after_fetch(row, fetched, response)
        self.state.commit(self.warc.size())
        self._progress(row.url)

    def _save(self, row: Row, fetched: Fetched) -> StoredResponse | None:
        """Write every exchange, record the outcome; return the usable response (a 304 reads the old one)."""
        offsets = [self.warc.write(exchange) for exchange in fetched.exchanges]
        self.counts["requests"] += len(fetched.exchanges)
        final = fetched.final
        if fetched.error or final is None:
            self._fail(row.url, fetched.error or "no response", final.status if final else None)
            return None
        if fetched.redirect_to:
            self.state.done(row.url, final.status, offset=offsets[-1])
            self._queue(fetched.redirect_to, row.kind, filtered=False)
            return None
        if final.status == 304:
            return self._not_modified(row)
        if final.status != 200:
            self._fail_or_absent(row.url, f"HTTP {final.status} {final.reason}".strip(), final.status)
            return None
        return self._fresh(row, fetched, final, offsets[-1])

    def _not_modified(self, row: Row) -> StoredResponse | None:
        if row.warc_offset is None:
            self._fail(row.url, "HTTP 304 to a request that was not conditional", 304)
            return None
        self.state.done(row.url, 304)
        self.counts["not_modified"] += 1
        if row.kind == "page":
            return StoredResponse(304, [], b"")  # pages are archived, not parsed: no need to read it back
        return self.warc.read(row.warc_offset)

    def _fresh(self, row: Row, fetched: Fetched, final: Exchange, offset: int) -> StoredResponse | None:
        try:
            body = decoded_body(final, self.options.max_bytes)
        except (TooLarge, zlib.error) as exc:
            self._fail(row.url, f"unreadable body ({exc})", 200)
            return None
        self.state.done(row.url, 200, etag=final.header("etag"), last_modified=final.header("last-modified"),
                        offset=offset)
        if fetched.final_url != row.url:
            self.state.alias(fetched.final_url, row.kind, row.url)
        self.counts["fetched"] += 1
        return StoredResponse(200, list(final.headers), body)

    def _after_fetch(self, row: Row, fetched: Fetched, response: StoredResponse) -> None:
        """Parse what a discovery endpoint lists; count a page as a post when no REST API gave posts."""
        if row.kind == "page":
            if self.source != "rest":
                self.state.add_item(row.url)
            return
        expected = EXPECTED_TYPE.get(row.kind)
        ctype = response.header("content-type").lower()
        if expected and expected not in ctype and not _sniff(expected, response.body):
            self._fail_or_absent(row.url, f"expected {expected.upper()}, got {ctype or 'no content type'}", 200)
            return
        try:
            self._discover(row, response)
        except (ValueError, TypeError, AttributeError) as exc:
            self._fail(row.url, f"unreadable {row.kind} ({type(exc).__name__}: {exc})", 200)

    def _discover(self, row: Row, response: StoredResponse) -> None:
        kind, body = row.kind, response.body
        if kind == "home":
            self._on_home(row.url, response)
        elif kind == "api-root":
            self._on_api_root(row.url, body)
        elif kind == "api-types":
            self._on_types(body)
        elif kind == "api-list":
            found = discover.parse_rest_list(row.url, response.header("x-wp-totalpages"), body, self.post_types)
            self.rest_items += len(found.items)
            for link in found.items:
                self.state.add_item(link)
            self._enqueue(found, pages=self.options.html_pages)
        elif kind == "sitemap":
            self._enqueue(discover.parse_sitemap(_gunzip(body), self.options.since), listed=True)
        elif kind == "feed":
            self._enqueue(self._feed_with_news(row.url, body), listed=True)
        elif kind == "listing":
            self._enqueue(discover.parse_listing(row.url, body, frozenset(self.hosts)), listed=True)

    def _feed_with_news(self, url: str, body: bytes) -> discover.Found:
        """A feed page; no next page once a page repeats an earlier one (some servers ignore ?paged)."""
        found = discover.parse_feed(url, body, self.options.since)
        pages = tuple(u for u, kind, *_ in found.queue if kind == "page")
        if pages in self.feed_pages:
            found.queue = [entry for entry in found.queue if entry[1] != "feed"]
        self.feed_pages.add(pages)
        return found

    def _on_home(self, url: str, response: StoredResponse) -> None:
        advertised = discover.api_link(response.header_values("link"), response.body)
        if advertised:
            self.hosts.add(host_of(advertised))
            self._probe(advertised, "api-root")
        feed = discover.feed_link(url, response.body)
        if feed:
            self.state.set_meta("run:feed", feed)

    def _on_types(self, body: bytes) -> None:
        """The site's post types; an answer that is no JSON says nothing, as an absent one."""
        try:
            types = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return
        self.post_types = post_type_collections(types)
        self.state.set_meta("post_types", json.dumps(self.post_types))

    def _on_api_root(self, url: str, body: bytes) -> None:
        index = discover.api_root(body)
        if index is None:
            self._fail_or_absent(url, "no WordPress REST API (wp/v2) here", 200)
            return
        for key in ("home", "url"):
            if isinstance(index.get(key), str) and index[key].startswith("http"):
                self.hosts.add(host_of(index[key]))
        if not self.state.get_meta("run:api_root"):
            self.state.set_meta("run:api_root", url)

    def _reread_as_listing(self, root: str) -> None:
        row = self.state.get(root)
        if row is not None and row.warc_offset is not None:
            self._enqueue(discover.parse_listing(root, self.warc.read(row.warc_offset).body,
                                                 frozenset(self.hosts)), listed=True)

    # -- queueing ----------------------------------------------------------------------------------

    def _enqueue(self, found: discover.Found, *, pages: bool = True, listed: bool = False) -> None:
        for url, kind, lastmod, probe in found.queue:
            if kind == "page" and not pages:
                continue
            if self._queue(url, kind, lastmod, probe=probe) and kind == "page" and listed:
                self.listed += 1

    def _queue(self, url: str, kind: str, lastmod: str = "", *, filtered: bool = True, probe: bool = False) -> bool:
        """Add a URL to the frontier; pages must pass include/exclude. True when the URL is wanted."""
        if not url.startswith(("http://", "https://")):
            return False
        url = ascii_url(url)
        if kind == "page" and filtered and not self._wanted(url):
            return False
        self.state.add(url, kind, lastmod, probe)
        return True

    def _probe(self, url: str, kind: str) -> None:
        """A guessed endpoint: its absence (404, wrong type) is expected, not a failure."""
        self._queue(url, kind, probe=True)

    def _wanted(self, url: str) -> bool:
        if self.include and not any(p.search(url) for p in self.include):
            return False
        return not any(p.search(url) for p in self.exclude)

    def _fail(self, url: str, reason: str, status: int | None = None) -> None:
        self.state.failed(url, reason, status)
        self.counts["failed"] += 1

    def _fail_or_absent(self, url: str, reason: str, status: int) -> None:
        row = self.state.get(url)
        if row is not None and row.probe:
            self.state.absent(url, status, reason)
            return
        self._fail(url, reason, status)

    # -- reporting ---------------------------------------------------------------------------------

    def _progress(self, url: str) -> None:
        if self.on_progress is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-9)
        self.on_progress({"found": self.state.count(), "fetched": self.counts["fetched"],
                          "not_modified": self.counts["not_modified"], "failed": self.counts["failed"],
                          "requests": self.counts["requests"], "rate": self.counts["requests"] / elapsed,
                          "url": url})

    def _summary(self) -> CrawlSummary:
        failures = tuple(self.state.failures()) + tuple(self.bad_urls)
        return CrawlSummary(
            found=self.state.count(), fetched=self.counts["fetched"], not_modified=self.counts["not_modified"],
            failed=len(failures), failures=failures, warc_path=self.warc.path, posts=self.state.items(),
            pending=self.state.count("state='pending'"), source=self.source, requests=self.counts["requests"],
            seconds=time.monotonic() - self.started, robots=tuple(self.robots.texts.items()))


def _robots_text(fetched: Fetched, response: StoredResponse | None) -> str | None:
    """The rules to apply: RFC 9309 2.3.1 reads a 4xx as "no rules", a 5xx or no answer as "disallow all"."""
    if response is not None:
        return response.body.decode("utf-8", "replace")
    final = fetched.final
    if not fetched.redirect_to and not fetched.error and final is not None and 400 <= final.status < 500:
        return ""
    return None  # no answer, a 5xx, or a redirect that could not be followed: disallow all


def _sniff(expected: str, body: bytes) -> bool:
    """Servers often mislabel sitemaps and feeds (text/html, text/plain); trust an XML prolog."""
    head = body[:200].lstrip()
    if expected == "xml":
        return head.startswith((b"<?xml", b"<urlset", b"<sitemapindex", b"<rss", b"<feed", b"\x1f\x8b"))
    return False


def _gunzip(body: bytes) -> bytes:
    """Sitemaps may be served as .xml.gz files (application/x-gzip), not gzip-encoded responses."""
    if body[:2] == b"\x1f\x8b":
        return gzip.decompress(body)
    return body
