"""Saved pages → archive: the `extract` job. Files, folders, URLs, WARC files or one page on stdin.

Each page goes through the WordPress-aware extractor and then the same writers as `convert`, so a
post rescued from a saved page looks like one converted from an export. Extraction, the costly
part, runs in worker processes; naming and writing stay in this one, in input order, so the
archive is the same for any number of workers.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import lxml.html

from .extract.page import ExtractOptions, extract_page
from .media import MediaOptions, MediaStore, localize, post_image_urls
from .model import Post, Problem
from .readers.pages import read_pages
from .readers.warc import iter_warc_responses
from .workers import Runner, worker_died
from .writers import FORMATS
from .writers.atomic import remove_stale_temporaries
from .writers.lock import output_lock
from .writers.manifest import Manifest
from .writers.paths import Namer
from .writers.stream import STREAM_OF, StreamFiles

__all__ = ["PageOptions", "extract_pages", "page_output", "slug_from_url"]

USER_AGENT = "wparchive/0.1 (archiving a WordPress blog)"
MAX_PAGE_BYTES = 30_000_000
CHUNK_PAGES = 16  # pages (and unreadable inputs) in one worker job: 0.1-0.2 s of work, far more than its round trip
CHUNK_BYTES = 4 << 20
SMALL_RUN = 32  # below this many pages, worker processes cost more than they save


@dataclass(frozen=True, kw_only=True)
class PageOptions:
    format: str = "md"
    layout: str = "flat"
    front_matter: str = "generic"
    comments: bool = False
    fallback: bool = True
    only_urls: frozenset[str] = frozenset()  # from a WARC, extract just these pages (a crawl's posts)
    jobs: int = 1  # worker processes extracting pages; the archive is the same for any number
    download_media: bool = False  # save the images into the archive and link them locally
    media: MediaOptions = MediaOptions()  # how they are downloaded


def slug_from_url(url: str) -> str:
    """The last path segment of a permalink (`/2016/10/us-russia-talks/` → `us-russia-talks`)."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    last = unquote(segments[-1]) if segments else ""
    return last.rsplit(".", 1)[0] if last.endswith((".html", ".htm", ".php")) else last


def _fetch(url: str) -> tuple[str, bytes] | Problem:
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.build_opener().open(request, timeout=30) as response:  # today's proxy settings
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


def page_output(post: Post, rel: str, options: PageOptions,
                featured_src: str | None = None) -> list[tuple[str, bytes]]:
    """The files for one extracted post, in the chosen format."""
    write, _ = FORMATS[options.format]
    return write(post, rel, preset=options.front_matter, comments="inline" if options.comments else "none",
                 featured_src=featured_src)


def _local_media(post: Post, rel: str, store: MediaStore, bundle: bool) -> tuple[Post, str | None]:
    """The body's images and the featured image saved into the archive and linked from the post.

    A failed download is a warning, and the post keeps the original URL.
    """
    body, problems = post.body_html, []
    if body.strip():
        root = lxml.html.fragment_fromstring(body, create_parent="div")
        problems, changed = localize(root, store, rel, bundle=bundle, source=post.source)
        if changed:
            body = lxml.html.tostring(root, encoding="unicode")[len("<div>"):-len("</div>")]
    featured = None
    if post.featured_image is not None:
        featured, problem = store.local(post.featured_image.src, rel, bundle=bundle, source=post.source)
        problems += [problem] if problem else []
    return replace(post, body_html=body, problems=post.problems + tuple(problems)), featured


def _with_slug(post: Post, url: str) -> Post:
    return post if post.slug else replace(post, slug=slug_from_url(post.link or url))


class _Failed(NamedTuple):
    """Why a page could not be extracted or written: the exception's type and message."""

    kind: str
    message: str


class _Named(NamedTuple):
    post: Post
    rel: str  # "" for a listing page, which is not written


def _name_chunk(results: Iterable[Post | _Failed], namer: Namer, options: PageOptions) -> list[_Named | _Failed]:
    """A chunk's posts named in input order before any is written, so their images can download ahead."""
    named: list[_Named | _Failed] = []
    for post in results:
        if isinstance(post, _Failed) or not post.is_post:
            named.append(post if isinstance(post, _Failed) else _Named(post, ""))
            continue
        try:
            named.append(_Named(post, namer.claim(post, options.layout, FORMATS[options.format][1])))
        except Exception as error:  # noqa: BLE001 - one page that cannot be named must not stop the others
            named.append(_Failed(type(error).__name__, str(error)))
    return named


def _images_wanted(named: list[_Named | _Failed]) -> Iterator[tuple[str, str]]:
    """(image URL, post path) for every image the chunk's posts will save, in the order they save them."""
    for page in named:
        if isinstance(page, _Named) and page.rel:
            yield from ((src, page.rel) for src in post_image_urls(page.post))


def _record_page(page: _Named, manifest: Manifest, streams: StreamFiles, options: PageOptions,
                 store: MediaStore | None) -> _Failed | None:
    """A listing page is recorded with its post links; a post is written under its name."""
    post, rel = page
    try:
        if not rel:
            manifest.skipped(post, f"listing page with {len(post.related)} post links",
                             post_links=[link.href for link in post.related])
            return None
        featured = None
        if store is not None:
            post, featured = _local_media(post, rel, store, options.layout == "bundle")
        manifest.written(post, streams.write(page_output(post, rel, options, featured)), post.problems)
    except Exception as error:  # noqa: BLE001 - one page that cannot be written must not stop the others
        return _Failed(type(error).__name__, str(error))
    return None


def _extract_chunk(pages: list[tuple[str, str, bytes]], options: ExtractOptions) -> list[Post | _Failed]:
    """Extraction, the costly part, in a worker: each page of a chunk, or why it failed."""
    posts: list[Post | _Failed] = []
    for source, url, raw in pages:
        try:
            posts.append(_with_slug(extract_page(raw, url=url, source=source, options=options), url))
        except Exception as error:  # noqa: BLE001 - one broken page must not stop the others
            posts.append(_Failed(type(error).__name__, str(error)))
    return posts


def _chunks(pages: Iterable[tuple[str, str, bytes] | Problem], options: ExtractOptions,
            runner: Runner) -> Iterator[tuple[list, Callable | None, tuple]]:
    """Consecutive pages as worker jobs, each tagged with what it holds in order: (source, url) or a Problem."""
    tags: list[tuple[str, str] | Problem] = []
    batch: list[tuple[str, str, bytes]] = []
    size = seen = 0
    for page in pages:
        if isinstance(page, Problem):
            tags.append(page)
        else:
            tags.append(page[:2])
            batch.append(page)
            size, seen = size + len(page[2]), seen + 1
        if len(tags) >= CHUNK_PAGES or size >= CHUNK_BYTES:
            if seen > SMALL_RUN:
                runner.start()
            yield tags, (_extract_chunk if batch else None), (batch, options)
            tags, batch, size = [], [], 0
    if tags:
        yield tags, (_extract_chunk if batch else None), (batch, options)


def extract_pages(inputs: Iterable[str | Path], out: str | Path, options: PageOptions = PageOptions(),
                  on_progress: Callable[[int, int, Post], None] | None = None) -> Manifest:
    """Extract every page into `out`; listing pages are recorded with the post links they hold."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        runner = Runner(options.jobs)
        try:
            return _extract_pages(inputs, out, options, on_progress, runner)
        except BrokenProcessPool:
            raise worker_died(out) from None
        except BaseException:
            runner.close(abandon=True)
            raise
        finally:
            runner.close()


def _extract_pages(inputs: Iterable[str | Path], out: Path, options: PageOptions, on_progress,
                   runner: Runner) -> Manifest:
    """Pages extracted in workers, in chunks; named, written and accounted for here, in input order."""
    remove_stale_temporaries(out)  # what a killed run left half-written
    names = [str(i) for i in inputs]
    manifest, namer, done = Manifest(command="extract", inputs=names), Namer(), 0
    extract_options = ExtractOptions(comments=options.comments, fallback=options.fallback)
    store = MediaStore(out, options.media) if options.download_media else None
    try:
        with StreamFiles(out, STREAM_OF.get(options.format, ())) as streams:
            for tags, results in runner.in_order(_chunks(_inputs(names, options.only_urls), extract_options, runner)):
                named = _name_chunk(results or (), namer, options)
                ahead = store.prefetching(_images_wanted(named), bundle=options.layout == "bundle") if store \
                    else nullcontext()
                with ahead:
                    done = _record_chunk(tags, iter(named), manifest, streams, options, store, on_progress, done)
    finally:
        if store is not None:
            store.close()
    manifest.write(out)
    return manifest


def _record_chunk(tags: list, named: Iterator[_Named | _Failed], manifest: Manifest, streams: StreamFiles,
                  options: PageOptions, store: MediaStore | None, on_progress, done: int) -> int:
    """Each input of a chunk accounted for in order: a problem, a failed page, or a page recorded."""
    for tag in tags:
        if isinstance(tag, Problem):
            manifest.problem(tag)
            continue
        source, url = tag
        done += 1
        page = next(named)
        failed = page if isinstance(page, _Failed) else _record_page(page, manifest, streams, options, store)
        post = page.post if failed is None else Post(link=url, source=source)
        if failed is not None:
            manifest.failed(post, f"could not extract: {failed.kind}: {failed.message}")
            manifest.problem(Problem(source=source, message=f"could not extract: {failed.message}"))
        if on_progress:
            on_progress(done, 0, post)
    return done
