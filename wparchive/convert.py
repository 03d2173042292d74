"""Export → archive: read every item, decide what to keep, render it, write it, account for it.

The inputs are read once. This process parses them while worker processes build the items into
Posts, chunk by chunk; the posts to convert wait in spool files in the output folder, and the
first pass plans every output path, so internal links can point at files not yet written. The
second pass renders and writes each chunk in a worker. Memory holds the chunks in flight and an
on-disk index, never the export.
"""

from __future__ import annotations

import glob
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from .diskmap import DiskMap, DiskTables
from .media import MediaOptions, parallel_per_process
from .model import MACHINERY, Image, Post, Problem, Site
from .readers.inputs import Source, expand_inputs
from .readers.wxr import ItemReader, RawItem, attachment_image, author_names, read_raw
from .render import BuildContext, BuildResult, build_post, images_ahead, release_media
from .transform.links import link_key
from .workers import Runner, worker_died
from .writers import FORMATS, ONE_FILE
from .writers.atomic import remove_stale_temporaries
from .writers.lock import output_lock
from .writers.manifest import Manifest
from .writers.paths import LAYOUTS, Namer
from .writers.stream import STREAM_OF, StreamFiles

__all__ = ["ConvertOptions", "convert", "default_jobs", "plan_reason", "record_build"]

PUBLISHED = frozenset({"publish"})
DRAFTS = frozenset({"draft", "pending", "future", "private"})
SMALL_EXPORT = 200  # below this many items, worker processes cost more than they save


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
    if post.password_protected and post.status in PUBLISHED and not options.drafts:
        return "password-protected (see --drafts)"  # its readers needed the password: not published to all
    if post.status in PUBLISHED or (options.drafts and post.status in DRAFTS):
        return ""
    hint = " (see --drafts)" if post.status in DRAFTS else ""
    return f"status {post.status}{hint}"


@dataclass
class _Index:
    """What the first pass learns: attachments, and the output path of every item to convert.

    The lookups live in an SQLite file and the plan (every record, in order, with the path of each
    post to build) in a pickle stream, both in the output folder and removed at the end, so memory
    does not grow with the export.
    """

    attachments: Mapping[int, Image]
    children: Mapping[int, list[Image]]  # parent post id -> its attached images, in file order
    links: Mapping[str, str]  # link_key(original permalink) -> archive path
    plan: Path  # per chunk: (spool file, its entries with their paths)
    count: int  # how many posts to build
    site: Site | None = None

    def close(self) -> None:
        """Let go of the lookups' file, so the run can delete it."""
        for table in (self.attachments, self.children, self.links):
            if isinstance(table, DiskMap):
                table.close()


CHUNK_ITEMS = 64  # items read by one worker job: few enough to keep memory flat, enough to pay the round trip
CHUNK_BYTES = 8 << 20


@dataclass(frozen=True)
class _Chunk:
    """Consecutive records of one source, parsed here, to be built into Posts in a worker."""

    number: int
    part: int  # which source
    source: str
    authors: dict[str, str]
    records: list[RawItem | Problem]
    spool: str  # where the chunk's posts to convert are kept until they are built
    options: ConvertOptions
    offset: timezone | None = None  # the blog's offset learned before this chunk, once known


class _Light(NamedTuple):
    """What naming, indexing and the manifest read of a post; the rest stays in the spool."""

    id: int | None
    type: str
    status: str
    title: str
    slug: str
    date: datetime | None
    parent: int | None
    source: str
    problems: tuple[Problem, ...]


class _Entry(NamedTuple):
    """One item as the plan needs it, and why it is skipped, if it is.

    A tuple of plain values, not a Post: every item crosses from a worker to this process and
    through the plan file, and a Post's 35 fields cost more to pickle than the item to name.
    """

    item: _Light
    reason: str = ""
    attachment: Image | None = None
    links: tuple[str, ...] = ()  # link_key of its permalink and guid
    path: str = ""  # set by the plan when the post is built

    @property
    def post(self) -> Post:
        return Post(**self.item._asdict())


@dataclass(frozen=True)
class _Read:
    entries: list[_Entry | Problem]
    offset: timezone | None
    guessed_blind: bool


def _read_chunk(chunk: _Chunk) -> _Read:
    """Build a chunk's items into Posts; keep those to convert in its spool file, return the rest of what it said."""
    reader = ItemReader(chunk.source, chunk.authors, chunk.offset)
    entries: list[_Entry | Problem] = []
    keep: dict[int, Post] = {}
    for number, record in enumerate(chunk.records):
        if isinstance(record, Problem):
            entries.append(record)
            continue
        try:
            post = reader.build(record)
        except Exception as error:  # noqa: BLE001 - one unreadable item must not stop the others
            entries.append(Problem(source=chunk.source, line=record.line,
                                   message=f"item could not be read: {type(error).__name__}: {error}"))
            continue
        reason = plan_reason(post, chunk.options)
        if not reason:
            keep[number] = post
        image = attachment_image(post) if post.type == "attachment" and post.id is not None else None
        links = () if reason else tuple(link_key(link) for link in (post.link, post.guid) if link.startswith("http"))
        entries.append(_Entry(_light(post), reason, image, links))
    if keep:
        with _private(chunk.spool) as spool:
            pickle.dump(keep, spool, protocol=pickle.HIGHEST_PROTOCOL)
    return _Read(entries, reader.offset, reader.guessed_blind)


def _private(path: str | Path):
    """A working file only this user may read: spooled posts include drafts and private posts."""
    return open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600), "wb")


def _light(post: Post) -> _Light:
    return _Light(*(getattr(post, name) for name in _Light._fields))


def _chunks(sources: list[Source], options: ConvertOptions, spool: str) -> Iterator[Site | _Chunk]:
    """Every source's records, parsed here and grouped in chunks; each Site as it comes."""
    number = 0
    for part, source in enumerate(sources):
        authors: dict[str, str] = {}
        records: list[RawItem | Problem] = []
        size = 0
        for record in read_raw(source, strict=options.strict):
            if isinstance(record, Site):
                yield record
                authors = author_names(record)
                continue
            records.append(record)
            size += len(record.xml) if isinstance(record, RawItem) else 0
            if len(records) >= CHUNK_ITEMS or size >= CHUNK_BYTES:
                yield _Chunk(number, part, source.name, authors, records, f"{spool}-{number}.tmp", options)
                number, records, size = number + 1, [], 0
        if records:
            yield _Chunk(number, part, source.name, authors, records, f"{spool}-{number}.tmp", options)
            number += 1


def _index(sources: list[Source], options: ConvertOptions, db: Path, runner: Runner) -> _Index:
    """First pass: parse here while workers build Posts; plan every record in order, spool the posts to convert."""
    tables = DiskTables(db, {"attachments": "last", "children": "many", "links": "first"})
    namer, count, plan = Namer(), 0, _plan_file(db)
    found: list[Site] = []
    running: dict[int, timezone] = {}  # source part -> the blog offset learned so far

    def jobs() -> Iterator[tuple[_Chunk, Callable, tuple]]:
        items = 0
        for chunk in _chunks(sources, options, str(db.with_suffix(""))):
            if isinstance(chunk, Site):
                found.append(chunk)
                continue
            items += len(chunk.records)
            if items > SMALL_EXPORT:
                runner.start()
            yield chunk, _read_chunk, (chunk,)

    try:
        with _private(plan) as planned:
            for chunk, read in runner.in_order(jobs()):
                count += _plan_chunk(chunk, read, running, namer, tables, options, planned)
    except BaseException:
        tables.discard()  # let the file go, so the run can delete it
        raise
    maps = tables.close()
    return _Index(attachments=maps["attachments"], children=maps["children"], links=maps["links"], plan=plan,
                  count=count, site=found[0] if found else None)


def _plan_chunk(chunk: _Chunk, read: _Read, running: dict[int, timezone], namer: Namer, tables: DiskTables,
                options: ConvertOptions, planned) -> int:
    """One chunk into the plan: its attachments and links indexed, its posts named; returns how many to build."""
    if read.guessed_blind and chunk.part in running:  # a draft dated before this chunk learned the offset
        read = _read_chunk(replace(chunk, offset=running[chunk.part]))
    if read.offset is not None:
        running[chunk.part] = read.offset
    entries, count = [], 0
    for entry in read.entries:
        if isinstance(entry, _Entry):
            _index_attachment(entry, tables)
            if not entry.reason:
                path = namer.claim(entry.post, options.layout, FORMATS[options.format][1])
                entry = entry._replace(path=path)
                count += 1
                for key in entry.links:
                    tables.add("links", key, path)
        entries.append(entry)
    pickle.dump((chunk.spool, entries), planned, protocol=pickle.HIGHEST_PROTOCOL)
    return count


def _plan_file(db: Path) -> Path:
    return db.with_name(db.stem + "-plan.tmp")


def _index_attachment(entry: _Entry, tables: DiskTables) -> None:
    if entry.attachment is not None:
        tables.add("attachments", entry.item.id, entry.attachment)
        if entry.item.parent:
            tables.add("children", entry.item.parent, entry.attachment)


def _featured(post: Post, attachments: Mapping[int, Image]) -> Post:
    thumb = post.meta_value("_thumbnail_id")
    image = attachments.get(int(thumb)) if thumb.isdecimal() else None
    return replace(post, featured_image=image) if image else post


def _build_chunk(spool: str, paths: list[tuple[int, str]], context: BuildContext) -> list[BuildResult]:
    """Second pass, in a worker: the spooled posts of one chunk rendered and written."""
    with open(spool, "rb") as handle:
        spooled = pickle.load(handle)
    os.unlink(spool)
    posts = [(_featured(spooled[number], context.attachments), path) for number, path in paths]
    with images_ahead(posts, context):
        return [build_post(post, path, context) for post, path in posts]


def _planned(index: _Index, context: BuildContext) -> Iterator[tuple[list, Callable | None, tuple]]:
    with open(index.plan, "rb") as planned:
        while True:
            try:
                spool, entries = pickle.load(planned)
            except EOFError:
                return
            paths = [(n, e.path) for n, e in enumerate(entries) if isinstance(e, _Entry) and e.path]
            yield entries, (_build_chunk if paths else None), (spool, paths, context)


def convert(inputs: Iterable[str | Path], out: str | Path, options: ConvertOptions = ConvertOptions(),
            on_progress: Callable[[int, int, Post], None] | None = None) -> Manifest:
    """Convert WordPress exports into an archive in `out`; returns the manifest also written there.

    Raises InputError only when an input cannot be read at all; damage inside an export is
    recovered from and reported in the manifest.
    """
    sources = expand_inputs(inputs)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        remove_stale_temporaries(out)  # what a killed run left half-written
        fd, db = tempfile.mkstemp(prefix=".wparchive-index-", suffix=".tmp", dir=out)
        os.close(fd)
        db = Path(db)
        runner = Runner(options.jobs)
        try:
            return _convert(sources, out, options, on_progress, db, runner)
        except BrokenProcessPool:
            raise worker_died(out) from None
        except BaseException:
            runner.close(abandon=True)
            raise
        finally:
            runner.close()
            for leftover in (db, _plan_file(db), *out.glob(glob.escape(db.with_suffix("").name) + "-*.tmp")):
                leftover.unlink(missing_ok=True)


def _convert(sources: list[Source], out: Path, options: ConvertOptions, on_progress, db: Path,
             runner: Runner) -> Manifest:
    manifest = Manifest(command="convert", inputs=[s.name for s in sources])
    index = _index(sources, options, db, runner)
    try:
        _build(index, manifest, out, options, on_progress, runner)
    finally:
        index.close()
    manifest.write(out)
    return manifest


def _build(index: _Index, manifest: Manifest, out: Path, options: ConvertOptions, on_progress,
           runner: Runner) -> None:
    """Second pass: every planned post built, every item accounted for in the manifest, in input order."""
    site = index.site or Site()
    context = BuildContext(
        base_url=site.base_blog_url or site.link, attachments=index.attachments, children=index.children,
        links={} if options.format in ONE_FILE else index.links, format=options.format,
        preset=options.front_matter, comments=options.comments,
        media_out=str(out.resolve()) if options.download_media else "", bundle=options.layout == "bundle",
        out=str(out), media=MediaOptions(parallel=parallel_per_process(runner.processes)), run=index.plan.name,
    )
    total, done = index.count, 0
    with StreamFiles(out, STREAM_OF.get(options.format, ())) as streams:
        try:
            for entries, results in runner.in_order(_planned(index, context)):
                results = iter(results or ())
                for entry in entries:
                    if isinstance(entry, Problem):
                        manifest.problem(entry)
                        continue
                    result = next(results) if entry.path else None
                    post = entry.post
                    record_build(manifest, streams, post, entry.reason, result)
                    if result and on_progress:
                        done += 1
                        on_progress(done, total, post)
        finally:
            release_media(context)


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

