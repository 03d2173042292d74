"""Saved pages → archive: the `extract` job. Files, folders, URLs, WARC files or one page on stdin.

Each page goes through the WordPress-aware extractor and then the same writers as `convert`, so a
post rescued from a saved page looks like one converted from an export.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .extract.page import ExtractOptions, extract_page
from .model import Post, Problem
from .readers.pages import read_pages
from .readers.warc import iter_warc_responses
from .writers import FORMATS
from .writers.atomic import remove_stale_temporaries
from .writers.lock import output_lock
from .writers.manifest import Manifest
from .writers.paths import Namer
from .writers.stream import STREAM_OF, StreamFiles

__all__ = ["PageOptions", "extract_pages", "page_output", "slug_from_url"]

USER_AGENT = "wparchive/0.1 (archiving a WordPress blog)"
MAX_PAGE_BYTES = 30_000_000


@dataclass(frozen=True, kw_only=True)
class PageOptions:
    format: str = "md"
    layout: str = "flat"
    front_matter: str = "generic"
    comments: bool = False
    fallback: bool = True
    only_urls: frozenset[str] = frozenset()  # from a WARC, extract just these pages (a crawl's posts)


def slug_from_url(url: str) -> str:
    """The last path segment of a permalink (`/2016/10/us-russia-talks/` → `us-russia-talks`)."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    last = unquote(segments[-1]) if segments else ""
    return last.rsplit(".", 1)[0] if last.endswith((".html", ".htm", ".php")) else last


def _fetch(url: str) -> tuple[str, bytes] | Problem:
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read(MAX_PAGE_BYTES + 1)
    except urllib.error.HTTPError as error:
        return Problem(source=url, message=f"HTTP {error.code}")
    except (urllib.error.URLError, TimeoutError, ConnectionError, ValueError) as error:
        return Problem(source=url, message=f"could not fetch: {getattr(error, 'reason', error)}")
    if len(body) > MAX_PAGE_BYTES:
        return Problem(source=url, message=f"larger than {MAX_PAGE_BYTES} bytes")
    return url, body


def _warc_pages(path: str, only: frozenset[str]) -> Iterator[tuple[str, str, bytes] | Problem]:
    for response in iter_warc_responses(path):
        if isinstance(response, Problem):
            yield response
        elif response.status == 200 and "html" in response.content_type and (not only or response.url in only):
            yield f"{path}#{response.url}", response.url, response.body


def _inputs(inputs: Iterable[str], only: frozenset[str]) -> Iterator[tuple[str, str, bytes] | Problem]:
    """(source, url, raw bytes) of every page named, in order; unreadable ones as problems."""
    for name in inputs:
        name = str(name)
        if name.startswith(("http://", "https://")):
            fetched = _fetch(name)
            yield fetched if isinstance(fetched, Problem) else (name, name, fetched[1])
        elif name.endswith((".warc", ".warc.gz")):
            yield from _warc_pages(name, only)
        else:
            for page in read_pages([name]):
                yield page if isinstance(page, Problem) else (page[0], "", page[1])


def page_output(post: Post, rel: str, options: PageOptions) -> list[tuple[str, bytes]]:
    """The files for one extracted post, in the chosen format."""
    write, _ = FORMATS[options.format]
    return write(post, rel, preset=options.front_matter, comments="inline" if options.comments else "none")


def _with_slug(post: Post, url: str) -> Post:
    return post if post.slug else replace(post, slug=slug_from_url(post.link or url))


def _record_page(post: Post, manifest: Manifest, streams: StreamFiles, namer: Namer, options: PageOptions) -> None:
    """A listing page is recorded with its post links; a post is written under a name of its own."""
    if not post.is_post:
        manifest.skipped(post, f"listing page with {len(post.related)} post links",
                         post_links=[link.href for link in post.related])
        return
    rel = namer.claim(post, options.layout, FORMATS[options.format][1])
    manifest.written(post, streams.write(page_output(post, rel, options)), post.problems)


def extract_pages(inputs: Iterable[str | Path], out: str | Path, options: PageOptions = PageOptions(),
                  on_progress: Callable[[int, int, Post], None] | None = None) -> Manifest:
    """Extract every page into `out`; listing pages are recorded with the post links they hold."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        return _extract_pages(inputs, out, options, on_progress)


def _extract_pages(inputs: Iterable[str | Path], out: Path, options: PageOptions, on_progress) -> Manifest:
    remove_stale_temporaries(out)  # what a killed run left half-written
    names = [str(i) for i in inputs]
    manifest, namer, done = Manifest(command="extract", inputs=names), Namer(), 0
    extract_options = ExtractOptions(comments=options.comments, fallback=options.fallback)
    with StreamFiles(out, STREAM_OF.get(options.format, ())) as streams:
        for page in _inputs(names, options.only_urls):
            if isinstance(page, Problem):
                manifest.problem(page)
                continue
            source, url, raw = page
            done += 1
            try:
                post = _with_slug(extract_page(raw, url=url, source=source, options=extract_options), url)
                _record_page(post, manifest, streams, namer, options)
            except Exception as error:  # noqa: BLE001 - one broken page must not stop the others
                post = Post(link=url, source=source)
                manifest.failed(post, f"could not extract: {type(error).__name__}: {error}")
                manifest.problem(Problem(source=source, message=f"could not extract: {error}"))
            if on_progress:
                on_progress(done, 0, post)
    manifest.write(out)
    return manifest
