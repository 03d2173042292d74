"""Export → archive: read every item, decide what to keep, render it, write it, account for it.

Two streaming passes over the inputs: the first indexes attachments (featured images, galleries
without ids) and plans every output path, so internal links can point at files not yet written;
the second renders and writes. Memory holds only that index, never the posts.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from .diskmap import DiskTables
from .model import Image, Post, Problem, Site
from .readers.inputs import Source, expand_inputs
from .readers.wxr import attachment_image, read_index, read_wxr
from .render import BuildContext, BuildResult, build_post
from .transform.links import link_key
from .writers import FORMATS, ONE_FILE
from .writers.atomic import remove_stale_temporaries
from .writers.manifest import Manifest
from .writers.paths import LAYOUTS, Namer
from .writers.stream import STREAM_OF, StreamFiles

__all__ = ["ConvertOptions", "convert", "default_jobs", "plan_reason", "record_build"]

PUBLISHED = frozenset({"publish"})
DRAFTS = frozenset({"draft", "pending", "future", "private"})
# Post types that hold site machinery, not writing (menus, revisions, editor templates, styles).
MACHINERY = frozenset({
    "attachment", "nav_menu_item", "revision", "custom_css", "customize_changeset", "oembed_cache",
    "user_request", "wp_block", "wp_template", "wp_template_part", "wp_global_styles", "wp_navigation",
    "wp_font_family", "wp_font_face", "scheduled-action", "shop_order",
})
SMALL_EXPORT = 200  # below this many posts, worker processes cost more than they save


@dataclass(frozen=True, kw_only=True)
class ConvertOptions:
    post_types: tuple[str, ...] = ("post", "page")
    drafts: bool = False
    comments: str = "none"  # none | inline | sidecar
    layout: str = "flat"
    front_matter: str = "generic"
    format: str = "md"
    jobs: int = 1
    strict: bool = False
    download_media: bool = False

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown layout {self.layout!r}; choose one of {', '.join(LAYOUTS)}")
        if self.format not in FORMATS:
            raise ValueError(f"unknown format {self.format!r}; choose one of {', '.join(FORMATS)}")


def plan_reason(post: Post, options: ConvertOptions) -> str:
    """Why an item is not converted, or "" when it is."""
    if post.id is None and not post.title and any(p.severity == "error" for p in post.problems):
        return "damaged beyond reading (no id, no title)"
    if post.type not in options.post_types:
        kind = "site machinery" if post.type in MACHINERY else "not selected (see --post-types)"
        return f"type {post.type}: {kind}"
    if post.status in PUBLISHED or (options.drafts and post.status in DRAFTS):
        return ""
    hint = " (see --drafts)" if post.status in DRAFTS else ""
    return f"status {post.status}{hint}"


@dataclass
class _Index:
    """What the first pass learns: attachments, and the output path of every item to convert.

    The lookups live in an SQLite file and the planned paths in a text file, both in the output
    folder and removed at the end, so memory does not grow with the export.
    """

    attachments: Mapping[int, Image]
    children: Mapping[int, list[Image]]  # parent post id -> its attached images, in file order
    links: Mapping[str, str]  # link_key(original permalink) -> archive path
    paths: Path  # one line per item to convert, in item order
    count: int  # how many
    site: Site | None = None


def _records(sources: list[Source], strict: bool, read=read_wxr) -> Iterator[Site | Post | Problem]:
    for source in sources:
        yield from read(source, strict=strict)


def _index(sources: list[Source], options: ConvertOptions, db: Path) -> _Index:
    tables = DiskTables(db, {"attachments": "last", "children": "many", "links": "first"})
    namer, site, count, paths = Namer(), None, 0, _paths_file(db)
    with open(paths, "w", encoding="utf-8") as planned:
        for record in _records(sources, options.strict, read_index):
            if isinstance(record, Site):
                site = site or record
            elif isinstance(record, Post):
                _index_attachment(record, tables)
                if not plan_reason(record, options):
                    path = namer.claim(record, options.layout, FORMATS[options.format][1])
                    planned.write(path + "\n")
                    count += 1
                    for link in (record.link, record.guid):
                        if link.startswith("http"):
                            tables.add("links", link_key(link), path)
    maps = tables.close()
    return _Index(attachments=maps["attachments"], children=maps["children"], links=maps["links"], paths=paths,
                  count=count, site=site)


def _paths_file(db: Path) -> Path:
    return db.with_name(db.stem + "-paths.tmp")


def _index_attachment(record: Post, tables: DiskTables) -> None:
    if record.type == "attachment" and record.id is not None:
        image = attachment_image(record)
        tables.add("attachments", record.id, image)
        if record.parent:
            tables.add("children", record.parent, image)


def _featured(post: Post, index: _Index) -> Post:
    thumb = post.meta_value("_thumbnail_id")
    image = index.attachments.get(int(thumb)) if thumb.isdecimal() else None
    return replace(post, featured_image=image) if image else post


@dataclass(frozen=True)
class _Work:
    """One entry of the second pass, in input order: a problem, an item to skip, or a post to build."""

    problem: Problem | None = None
    post: Post | None = None
    path: str = ""  # set when the post is built
    reason: str = ""  # set when it is skipped
    result: BuildResult | None = None

    @property
    def to_build(self) -> bool:
        return bool(self.path)


def _planned(sources: list[Source], index: _Index, options: ConvertOptions) -> Iterator[_Work]:
    """Second pass: every record as work, each post to convert with the path the first pass gave it."""
    with open(index.paths, encoding="utf-8") as planned:
        paths = (line.rstrip("\n") for line in planned)
        for record in _records(sources, options.strict):
            if isinstance(record, Problem):
                yield _Work(problem=record)
            elif isinstance(record, Post):
                reason = plan_reason(record, options)
                if reason:
                    yield _Work(post=record, reason=reason)
                else:
                    yield _Work(post=_featured(record, index), path=next(paths))


def _built(jobs: int, context: BuildContext, work: Iterable[_Work]) -> Iterator[_Work]:
    """Each work entry with its build result, in input order.

    With jobs > 1, entries go to worker processes in batches (one round trip per BATCH entries),
    at most 2×jobs batches in flight, so memory stays bounded and the order never depends on timing.
    """
    if jobs <= 1:
        for entry in work:
            yield replace(entry, result=build_post(entry.post, entry.path, context)) if entry.to_build else entry
        return
    with ProcessPoolExecutor(jobs, initializer=_set_context, initargs=(context,)) as pool:
        pending: deque = deque()
        for batch in _batches(work, BATCH):
            to_build = [(entry.post, entry.path) for entry in batch if entry.to_build]
            pending.append((batch, pool.submit(_build_batch, to_build)))
            if len(pending) >= 2 * jobs:
                yield from _joined(*pending.popleft())
        while pending:
            yield from _joined(*pending.popleft())


BATCH = 16


def _batches(work: Iterable[_Work], size: int) -> Iterator[list[_Work]]:
    batch: list[_Work] = []
    for entry in work:
        batch.append(entry)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _joined(batch: list[_Work], future) -> Iterator[_Work]:
    results = iter(future.result())
    for entry in batch:
        yield replace(entry, result=next(results)) if entry.to_build else entry


_WORKER_CONTEXT: BuildContext | None = None


def _set_context(context: BuildContext) -> None:
    global _WORKER_CONTEXT
    _WORKER_CONTEXT = context


def _build_batch(work: list[tuple[Post, str]]) -> list[BuildResult]:
    assert _WORKER_CONTEXT is not None
    return [build_post(post, path, _WORKER_CONTEXT) for post, path in work]


def convert(inputs: Iterable[str | Path], out: str | Path, options: ConvertOptions = ConvertOptions(),
            on_progress: Callable[[int, int, Post], None] | None = None) -> Manifest:
    """Convert WordPress exports into an archive in `out`; returns the manifest also written there.

    Raises InputError only when an input cannot be read at all; damage inside an export is
    recovered from and reported in the manifest.
    """
    sources = expand_inputs(inputs)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)  # what a killed run left half-written
    fd, db = tempfile.mkstemp(prefix=".wparchive-index-", suffix=".tmp", dir=out)
    os.close(fd)
    try:
        return _convert(sources, out, options, on_progress, Path(db))
    finally:
        Path(db).unlink(missing_ok=True)
        _paths_file(Path(db)).unlink(missing_ok=True)


def _convert(sources: list[Source], out: Path, options: ConvertOptions, on_progress, db: Path) -> Manifest:
    manifest = Manifest(command="convert", inputs=[s.name for s in sources])
    index = _index(sources, options, db)
    site = index.site or Site()
    context = BuildContext(
        base_url=site.base_blog_url or site.link, attachments=index.attachments, children=index.children,
        links={} if options.format in ONE_FILE else index.links, format=options.format,
        preset=options.front_matter, comments=options.comments,
        media_out=str(out.resolve()) if options.download_media else "", bundle=options.layout == "bundle",
        out=str(out),
    )
    jobs = options.jobs if index.count >= SMALL_EXPORT else 1
    total, done = index.count, 0
    with StreamFiles(out, STREAM_OF.get(options.format, ())) as streams:
        for entry in _built(jobs, context, _planned(sources, index, options)):
            if entry.problem:
                manifest.problem(entry.problem)
                continue
            record_build(manifest, streams, entry.post, entry.reason, entry.result)
            if entry.result and on_progress:
                done += 1
                on_progress(done, total, entry.post)
    manifest.write(out)
    return manifest


def record_build(manifest: Manifest, streams: StreamFiles, post: Post, reason: str, result: BuildResult | None) -> None:
    """Account for one item: its own problems, then skipped (with reason), failed or written."""
    for problem in post.problems:  # damage inside one item travels on the item
        manifest.problem(problem)
    if reason:
        manifest.skipped(post, reason)
    elif result.error:
        manifest.failed(post, result.error)
        manifest.problem(Problem(source=post.source, item=post.label(), message=result.error))
    else:
        manifest.written(post, streams.add(result.written, result.streamed), result.warnings)
        manifest.unknown_shortcodes.update(result.unknown_shortcodes)


def default_jobs() -> int:
    """All cores: the output is the same for any number of workers."""
    return os.cpu_count() or 1

