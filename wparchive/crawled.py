"""A crawl's WARC → archive: REST API posts through the content pipeline, else the saved pages.

Only the WARC is read, so the archive can be rebuilt at any time without touching the site.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

from .convert import ConvertOptions, plan_reason, record_build
from .crawl.crawler import CrawlSummary
from .crawl.options import CrawlOptions
from .crawl.state import page_urls
from .media import MediaOptions
from .model import Post, Problem
from .pages import PageOptions, extract_pages
from .readers.rest import posts_from_warc
from .render import BuildContext, build_post, images_ahead, release_media
from .transform.links import link_key
from .writers import FORMATS, ONE_FILE
from .writers.atomic import remove_stale_temporaries
from .writers.lock import output_lock
from .writers.manifest import Manifest
from .writers.paths import Namer
from .writers.stream import STREAM_OF, StreamFiles

__all__ = ["archive_warc", "image_manners"]

GROUP = 16  # posts whose images download together while they are written, one after another


def _plan(warc: Path, options: ConvertOptions) -> tuple[list[str], dict[str, str], int]:
    """Paths of the posts to write, permalink → path for internal links, and how many REST posts exist."""
    namer, paths, links, seen = Namer(), [], {}, 0
    for record in posts_from_warc(warc):
        if isinstance(record, Post):
            seen += 1
            if not plan_reason(record, options):
                path = namer.claim(record, options.layout, FORMATS[options.format][1])
                paths.append(path)
                if record.link:
                    links.setdefault(link_key(record.link), path)
    return paths, links, seen


def image_manners(crawl: CrawlOptions, summary: CrawlSummary) -> MediaOptions:
    """A crawl's images fetched as its pages were: its user agent, its rate per host, the robots.txt it read."""
    return MediaOptions(user_agent=crawl.user_agent, rate=crawl.rate,
                        robots=summary.robots if crawl.respect_robots else ())


def archive_warc(warc: str | Path, out: str | Path, options: ConvertOptions = ConvertOptions(),
                 site: str = "", on_progress: Callable[[int, int, Post], None] | None = None,
                 media: MediaOptions = MediaOptions()) -> Manifest:
    """Write the archive of a crawl into `out`; the WARC may be the crawl's own or any other.

    With `download_media`, images are fetched with `media`'s manners (see image_manners).
    """
    warc, out = Path(warc), Path(out)
    paths, links, seen = _plan(warc, options)
    if not seen:  # no REST API on the site: the saved HTML pages are all there is
        return extract_pages([str(warc)], out, PageOptions(
            format=options.format, layout=options.layout, front_matter=options.front_matter,
            comments=options.comments != "none", only_urls=page_urls(warc.parent / "crawl.sqlite"),
            jobs=options.jobs, download_media=options.download_media, media=media),
            on_progress=on_progress)
    out.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        return _archive(warc, out, options, site, on_progress, paths, links, media)


def _archive(warc: Path, out: Path, options: ConvertOptions, site: str, on_progress, paths, links,
             media: MediaOptions) -> Manifest:
    remove_stale_temporaries(out)
    manifest = Manifest(command="crawl", inputs=[warc.name])
    context = BuildContext(base_url=site, links={} if options.format in ONE_FILE else links,
                           format=options.format, preset=options.front_matter,
                           comments=options.comments, prerendered=True, out=str(out),
                           media_out=str(out.resolve()) if options.download_media else "",
                           bundle=options.layout == "bundle", run=uuid.uuid4().hex, media=media)
    planned, done = iter(paths), 0
    records = posts_from_warc(warc)
    with StreamFiles(out, STREAM_OF.get(options.format, ())) as streams:
        try:
            while group := list(islice(records, GROUP)):
                jobs = [(r, "", "") if isinstance(r, Problem) else _job(r, options, planned) for r in group]
                with images_ahead([(r, path) for r, _, path in jobs if path], context):
                    for record, reason, path in jobs:
                        if isinstance(record, Problem):
                            manifest.problem(record)
                            continue
                        result = build_post(record, path, context) if path else None
                        record_build(manifest, streams, record, reason, result)
                        if result and on_progress:
                            done += 1
                            on_progress(done, len(paths), record)
        finally:
            release_media(context)
    manifest.write(out)
    return manifest


def _job(record: Post, options: ConvertOptions, planned: Iterator[str]) -> tuple[Post, str, str]:
    """(post, why it is skipped, its planned path): the path is "" for a skipped post."""
    reason = plan_reason(record, options)
    return record, reason, "" if reason else next(planned)
