"""Block-editor content: parse `<!-- wp:… -->` comments into blocks and render them as `do_blocks` would.

Static blocks keep their saved HTML; freeform (classic) runs get wpautop; dynamic blocks, which WordPress
renders from the database at view time, have nothing to show in an export and are dropped with a warning.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from .context import Notes, RenderContext
from .embeds import embed_link
from .scan import Matches, sub_up_to_last
from .wpautop import wpautop

__all__ = ["Block", "has_blocks", "parse_blocks", "render_blocks"]

# WP_Block_Parser's token, `<!-- /ns/name {attrs} /-->`, in two parts: up to the name, and the
# end that closes JSON attributes (the first `}`, spaces, `-->` after the `{`), see _tokens().
_TOKEN_HEAD = re.compile(r"<!--\s+(/)?wp:([a-z][a-z0-9_-]*/)?([a-z][a-z0-9_-]*)\s+")
_TOKEN_END = re.compile(r"(/)?-->")
_ATTRS_END = re.compile(r"\}\s+(/)?-->")
_BROKEN_TOKEN = re.compile(r"<!--\s+/?wp:")
_FIGCAPTION_OPEN = re.compile(r"<figcaption", re.I)  # `<figcaption[^>]*>(.*?)</figcaption>`: _first_caption
_FIGCAPTION_CLOSE = re.compile(r"</figcaption>", re.I)
_FIRST_URL = re.compile(r'https?://[^\s<>"]+')
_TAG = re.compile(r"<[^>]*>")

# Blocks whose output WordPress builds at view time from other posts, comments, menus or site settings.
DYNAMIC = frozenset({
    "archives", "avatar", "calendar", "categories", "comment-author-name", "comment-content", "comment-date",
    "comment-edit-link", "comment-reply-link", "comment-template", "comments", "comments-pagination",
    "comments-pagination-next", "comments-pagination-numbers", "comments-pagination-previous",
    "comments-title", "latest-comments", "latest-posts", "loginout", "navigation", "navigation-link",
    "navigation-submenu", "page-list", "post-author", "post-author-biography", "post-author-name",
    "post-comments", "post-comments-form", "post-content", "post-date", "post-excerpt", "post-featured-image",
    "post-navigation-link", "post-template", "post-terms", "post-title", "query", "query-no-results",
    "query-pagination", "query-pagination-next", "query-pagination-numbers", "query-pagination-previous",
    "query-title", "read-more", "rss", "search", "site-logo", "site-tagline", "site-title", "social-link",
    "social-links", "tag-cloud", "term-description", "template-part", "home-link", "block",
})
_SILENT = frozenset({"more", "nextpage", "spacer"})
_LISTS = frozenset({"query"})  # dynamic, around stored blocks: render_block_core_query renders its inner blocks


@dataclass
class Block:
    """A parsed block; `parts` interleaves its own HTML (str) with inner blocks."""

    name: str  # "core/paragraph"; "" for freeform text between blocks
    attrs: dict = field(default_factory=dict)
    parts: list = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.name.removeprefix("core/")


def has_blocks(text: str) -> bool:
    return "<!-- wp:" in text


def parse_blocks(text: str, notes: Notes) -> list[Block]:
    """Top-level blocks, freeform text as blocks named ""; a closer without its opener is ignored, with a warning."""
    root = Block("")
    stack = [root]
    open_names: Counter[str] = Counter()  # so a closer with no opener costs nothing, however deep the stack
    pos = 0
    for token in _tokens(text):
        _add_text(stack[-1], text[pos:token.start], notes)
        pos = token.end
        name = (token.ns or "core/") + token.name
        if token.closer:
            _close(stack, open_names, name, notes)
            continue
        block = Block(name, _attrs(token.attrs, name, notes))
        stack[-1].parts.append(block)
        if not token.void:
            stack.append(block)
            open_names[name] += 1
    _add_text(stack[-1], text[pos:], notes)
    if len(stack) > 1:
        notes.warn(f"block {stack[-1].name} not closed")
    return _top_level(root)


class _Token(NamedTuple):
    start: int
    end: int
    closer: bool
    ns: str | None
    name: str
    attrs: str | None  # the JSON text, `{` to `}` and the spaces after it
    void: bool


def _tokens(text: str) -> Iterator[_Token]:
    """The block comments WP_Block_Parser's regex finds, left to right.

    Its `{.*?}\\s+/?-->` reads on to the end of the post for every `{` never closed; here the
    attribute ends are found once and each `{` takes the first one after it by bisection.
    """
    ends, pos = Matches(text, _ATTRS_END), 0
    while (head := _TOKEN_HEAD.search(text, pos)) is not None:
        after, attrs, tail = head.end(), None, None
        if text.startswith("{", after):
            tail = ends.first(after + 1)
            if tail is not None:
                attrs = text[after:tail.start(1) if tail.group(1) else tail.end() - 3]  # `{…}` and its spaces
        else:
            tail = _TOKEN_END.match(text, after)
        if tail is None:
            pos = head.start() + 1
            continue
        yield _Token(head.start(), tail.end(), bool(head.group(1)), head.group(2), head.group(3), attrs,
                     bool(tail.group(1)))
        pos = tail.end()


def _add_text(block: Block, text: str, notes: Notes) -> None:
    if text:
        if _BROKEN_TOKEN.search(text):
            notes.warn("unreadable block comment dropped")
        block.parts.append(text)


def _close(stack: list[Block], open_names: Counter[str], name: str, notes: Notes) -> None:
    """Close the innermost open block of that name, and any left open inside it."""
    if not open_names[name]:
        notes.warn(f"closing comment for block {name} without its opening")
        return
    while True:
        block = stack.pop()
        open_names[block.name] -= 1
        if block.name == name:
            return


def _attrs(raw: str | None, name: str, notes: Notes) -> dict:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        notes.warn(f"block {name} has unreadable attributes")
        return {}
    return value if isinstance(value, dict) else {}


def _top_level(root: Block) -> list[Block]:
    """Text between top-level blocks is a freeform block of its own, as parse_blocks() returns it."""
    return [part if isinstance(part, Block) else Block("", parts=[part]) for part in root.parts]


def render_blocks(text: str, ctx: RenderContext, notes: Notes, classic: Callable[[str], str]) -> str:
    """do_blocks(): every block's HTML in order; `classic` renders freeform runs."""
    return "".join(_render(block, ctx, notes, classic) for block in parse_blocks(text, notes))


def _render(block: Block, ctx: RenderContext, notes: Notes, classic: Callable[[str], str]) -> str:
    short = block.short
    if not block.name or short == "freeform":
        inner = _inner(block, ctx, notes, classic)
        return classic(inner) if inner.strip() else inner
    if short in _LISTS:  # what it lists is built at view time; its own headings and notes are stored
        notes.warn(f"dynamic block {block.name}: the posts it lists are not stored in the post; the rest is kept")
        return _inner(block, ctx, notes, classic)
    if short in DYNAMIC:
        notes.warn(f"dynamic block {block.name} dropped: its content is not stored in the post")
        return ""
    special = _SPECIAL.get(short) or (_embed_block if block.name.startswith("core-embed/") else None)
    if special is not None:
        return special(block, ctx, notes, classic)
    inner = _inner(block, ctx, notes, classic)
    if not inner.strip() and short not in _SILENT:
        notes.warn(f"block {block.name} has no stored content")
    return inner


def _inner(block: Block, ctx: RenderContext, notes: Notes, classic: Callable[[str], str]) -> str:
    return "".join(
        part if isinstance(part, str) else _render(part, ctx, notes, classic) for part in block.parts
    )


def _shortcode_block(block: Block, ctx: RenderContext, notes: Notes, classic: Callable[[str], str]) -> str:
    """render_block_core_shortcode() runs wpautop on the block's text; do_shortcode follows on the whole post."""
    return wpautop(_inner(block, ctx, notes, classic))


def _embed_block(block: Block, ctx: RenderContext, notes: Notes, classic: Callable[[str], str]) -> str:
    """An embed is its URL; the caption, if any, follows as a paragraph."""
    inner = _inner(block, ctx, notes, classic)
    url = block.attrs.get("url") or next(iter(_FIRST_URL.findall(sub_up_to_last(_TAG, " ", inner, ">"))), "")
    if not url:
        notes.warn(f"block {block.name} without a URL dropped")
        return ""
    caption = _first_caption(inner)
    return embed_link(url) + (f"<p>{caption}</p>" if caption and caption.strip() else "")


def _first_caption(html: str) -> str | None:
    """What `<figcaption[^>]*>(.*?)</figcaption>` (re.S, re.I) finds first, reading the text once.

    Only the first opener can match: a later one's `>` and closer come no earlier than its own.
    """
    opener = _FIGCAPTION_OPEN.search(html)
    gt = html.find(">", opener.end()) if opener else -1
    closer = _FIGCAPTION_CLOSE.search(html, gt + 1) if gt >= 0 else None
    return html[gt + 1:closer.start()] if closer else None


def _footnotes_block(block: Block, ctx: RenderContext, notes: Notes, classic: Callable[[str], str]) -> str:
    """core/footnotes is rendered from the post's `footnotes` meta: an ordered list with links back."""
    try:
        notes_list = json.loads(ctx.footnotes) if ctx.footnotes else []
    except ValueError:
        notes.warn("footnotes meta is not valid JSON")
        return ""
    items = [_footnote_item(n) for n in notes_list if isinstance(n, dict) and n.get("id")]
    if not items:
        if not ctx.footnotes:
            notes.warn("footnotes block without footnotes meta")
        return ""
    return "<ol>" + "".join(items) + "</ol>"


def _footnote_item(note: dict) -> str:
    ident = html.escape(str(note["id"]), quote=True)
    return f'<li id="{ident}">{note.get("content", "")} <a href="#{ident}-link">↩︎</a></li>'


_SPECIAL = {
    "shortcode": _shortcode_block,
    "embed": _embed_block,
    "footnotes": _footnotes_block,
}
