"""One post from stored markup to output files: the per-post work, safe to run in a worker process."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import lxml.html

from .extract.related import find_related_links
from .media import MediaOptions, MediaStore, localize, post_image_urls
from .model import Comment, Image, Link, Post, Problem
from .transform.clean import clean_fragment
from .transform.content import RenderContext, Rendered, render_comment, render_content
from .transform.context import Notes
from .transform.links import relative_link
from .transform.mojibake import repair
from .writers import FORMATS
from .writers.atomic import atomic_write
from .writers.stream import STREAMED

__all__ = ["BuildContext", "BuildResult", "build_post", "images_ahead", "release_media", "render_post"]


@dataclass(frozen=True, kw_only=True)
class BuildContext:
    """Everything a worker needs besides the post; sent to each worker process once."""

    base_url: str = ""
    attachments: Mapping[int, Image] = field(default_factory=dict)
    children: Mapping[int, list[Image]] = field(default_factory=dict)
    links: Mapping[str, str] = field(default_factory=dict)  # link_key(permalink) -> archive path
    format: str = "md"
    preset: str = "generic"
    comments: str = "none"
    prerendered: bool = False  # content is WordPress's own output (REST `content.rendered`), not stored markup
    media_out: str = ""  # the output folder when images are downloaded, else ""
    media: MediaOptions = MediaOptions()  # how images are downloaded: at once in each process, manners
    run: str = ""  # names the run, so what a process remembers of images belongs to this run only
    bundle: bool = False  # images go beside the post (Hugo page bundles)
    out: str = ""  # the output folder: each post's own files are written where they are built


@dataclass(frozen=True, kw_only=True)
class BuildResult:
    """What a build made: files already written in place, and records for shared streamed files."""

    written: tuple[str, ...] = ()
    streamed: tuple[tuple[str, bytes], ...] = ()  # (name, record) for files like posts.jsonl
    warnings: tuple[Problem, ...] = ()
    unknown_shortcodes: tuple[str, ...] = ()
    error: str = ""


_STORES: dict[tuple[str, str], MediaStore] = {}


def _store(context: BuildContext) -> MediaStore | None:
    """One store per run and process, so its memory of failures is shared by all the run's posts;
    a later run in the same process starts afresh (a host down then may be up now)."""
    if not context.media_out:
        return None
    key = (context.media_out, context.run)
    if key not in _STORES:
        _STORES[key] = MediaStore(Path(context.media_out), context.media)
    return _STORES[key]


def release_media(context: BuildContext) -> None:
    """At the end of a run, its image downloads in this process let go (a worker's end with it)."""
    store = _STORES.pop((context.media_out, context.run), None)
    if store is not None:
        store.close()


def images_ahead(posts: Sequence[tuple[Post, str]], context: BuildContext) -> AbstractContextManager:
    """With --download-media, the images these (post, path) pairs name download in the background
    while the posts are built one by one; without it, nothing."""
    store = _store(context)
    if store is None or context.media.parallel < 2:  # one at a time: nothing to look ahead for
        return nullcontext()
    plain = replace(context, media_out="")
    wanted = [(src, path) for post, path in posts for src in _images_of(post, path, plain)]
    return store.prefetching(wanted, bundle=context.bundle)


def _images_of(post: Post, path: str, plain: BuildContext) -> list[str]:
    """The images a post will save: those of its body as rendered (no tracking pixel, no lazy-load
    placeholder), found by rendering it once without downloads, cheap beside one download."""
    try:
        return post_image_urls(render_post(_named(post, path), plain, path)[0])
    except Exception:  # noqa: BLE001 - the post's own build reports what is wrong with it
        return []


@dataclass
class _Finish:
    """The last rewriting of a post's cleaned tree: internal links and images, then its related links."""

    context: BuildContext
    path: str
    source: str
    related: tuple[Link, ...] = ()
    problems: list[Problem] = field(default_factory=list)

    def __call__(self, root) -> None:
        _link_inside(root, self.context.links, self.path)
        self.related = find_related_links(root)
        if store := _store(self.context):
            self.problems = localize(root, store, self.path, bundle=self.context.bundle, source=self.source)[0]


def _link_inside(root, links: Mapping[str, str], path: str) -> None:
    """Links to posts of the archive point at their files."""
    if links:
        for anchor in root.iter("a"):
            href = anchor.get("href")
            if href and (local := relative_link(href, links, path)):
                anchor.set("href", local)


def _plain(html: str) -> str:
    if not html.strip():
        return ""
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


def _base(post: Post, context: BuildContext) -> str:
    """Relative URLs in a post are relative to the post's own address, as a browser read them."""
    return post.link if post.link.startswith(("http://", "https://")) else context.base_url


def _rendered(post: Post, context: BuildContext, finish: _Finish) -> Rendered:
    """Stored markup goes through WordPress's filters; already rendered HTML only needs cleaning."""
    base = _base(post, context)
    if context.prerendered:
        notes = Notes(source=post.source, item=post.label())
        html, images = clean_fragment(post.content, base, finish, notes.warn)
        return Rendered(html=html, images=images, problems=tuple(notes.problems), unknown_shortcodes=())
    return render_content(post.content, RenderContext(
        base_url=base, attachments=context.attachments,
        children=tuple(context.children.get(post.id, ())) if post.id is not None else (),
        source=post.source, item=post.label(), footnotes=post.meta_value("footnotes"),
    ), finish)


def _repaired(post: Post) -> tuple[Post, tuple[Problem, ...]]:
    """Mis-decoded text ("CafÃ©") repaired in the fields a reader sees, with a warning saying so."""
    fixed = {name: repair(getattr(post, name)) for name in ("title", "content", "excerpt")}
    changed = [name for name, value in fixed.items() if value != getattr(post, name)]
    comments = tuple(_repaired_comment(c) for c in post.comments)
    if comments != post.comments:
        changed.append("comments")
    if not changed:
        return post, ()
    warning = Problem(source=post.source, item=post.label(), severity="warning",
                      message=f"repaired mis-decoded characters in {', '.join(changed)}")
    return replace(post, comments=comments, **fixed), (warning,)


def _repaired_comment(comment: Comment) -> Comment:
    text, author = repair(comment.text), repair(comment.author)
    if text is comment.text and author is comment.author:
        return comment
    return replace(comment, text=text, author=author)


def render_post(post: Post, context: BuildContext, path: str = "") -> tuple[Post, tuple[Problem, ...], tuple[str, ...]]:
    """The post with clean body, images, related links, excerpt and comments filled in."""
    post, repairs = _repaired(post)
    finish = _Finish(context, path, post.source)
    rendered = _rendered(post, context, finish)
    body, related, media_problems = rendered.html, finish.related, finish.problems
    comments, notes = (), Notes(source=post.source, item=post.label())
    if context.comments != "none":
        inside = functools.partial(_link_inside, links=context.links, path=path)
        comments = tuple(_rendered_comment(c, _base(post, context), notes, inside)
                         for c in post.comments if c.approved)
    warnings = repairs + rendered.problems + tuple(media_problems) + tuple(notes.problems)
    post = replace(
        post, body_html=body, images=rendered.images, related=related, comments=comments,
        excerpt=_plain(post.excerpt), problems=post.problems + warnings,
    )
    return post, warnings, rendered.unknown_shortcodes


def _rendered_comment(comment: Comment, base_url: str, notes: Notes, finish: Callable) -> Comment:
    def warn(message: str) -> None:
        notes.warn(f"comment {comment.id}: {message}" if comment.id is not None else f"a comment: {message}")
    return replace(comment, text=render_comment(comment.text, base_url, warn, finish))


def _featured_src(post: Post, context: BuildContext, path: str) -> tuple[str | None, tuple[Problem, ...]]:
    store = _store(context)
    if store is None or post.featured_image is None:
        return None, ()
    local, problem = store.local(post.featured_image.src, path, bundle=context.bundle, source=post.source)
    return local, (problem,) if problem else ()


def _named(post: Post, path: str) -> Post:
    """The slug the archive uses is the file's name (made unique and safe); a different original is kept."""
    name = PurePosixPath(path).parent.name if PurePosixPath(path).stem == "index" else PurePosixPath(path).stem
    if not name or name == post.slug:
        return post
    old = (post.slug, *post.old_slugs) if post.slug else post.old_slugs
    return replace(post, slug=name, old_slugs=old)


def build_post(post: Post, path: str, context: BuildContext) -> BuildResult:
    """Render, serialise and write one post; an unexpected failure is returned, never raised, so the rest go on.

    Files of the post's own are written here (in the worker, when there are workers); records of
    shared files are returned, for the caller to append in input order.
    """
    try:
        post, warnings, unknown = render_post(_named(post, path), context, path)
        write, _ = FORMATS[context.format]
        featured, featured_problems = _featured_src(post, context, path)
        warnings += featured_problems
        files = write(post, path, preset=context.preset, comments=context.comments, featured_src=featured)
        streamed = tuple((rel, data) for rel, data in files if rel in STREAMED)
        written = tuple(rel for rel, _ in files if rel not in STREAMED)
        for rel, data in files:
            if rel not in STREAMED:
                atomic_write(Path(context.out), rel, data)
    except Exception as error:  # noqa: BLE001 - one broken post must not stop ten thousand others
        return BuildResult(error=f"could not convert: {type(error).__name__}: {error}")
    return BuildResult(written=written, streamed=streamed, warnings=warnings, unknown_shortcodes=unknown)
