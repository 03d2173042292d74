"""Post content as WordPress stores it into clean HTML, in the order of WordPress's `the_content` filters.

Priority order mirrored: code shortcodes (SyntaxHighlighter, 7), [embed] and autoembed (8), do_blocks (9),
wpautop + shortcode_unautop (10, classic content only), do_shortcode (11); then cleaning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from ..model import Image, Problem
from .blocks import has_blocks, render_blocks
from .clean import clean_fragment
from .clickable import make_clickable
from .code import CODE_NAMES, protect_code, restore_code
from .context import Notes, RenderContext
from .embeds import MEDIA_HANDLERS, autoembed, run_embed_shortcodes
from .figures import FIGURE_HANDLERS
from .scan import lazy_spans, sub_spans
from .shortcodes import ShortcodePattern, apply_shortcodes, find_unknown
from .wpautop import wpautop

__all__ = ["RenderContext", "Rendered", "render_comment", "render_content", "render_wordpress"]

HANDLERS = {**FIGURE_HANDLERS, **MEDIA_HANDLERS}
KNOWN = frozenset(HANDLERS) | frozenset(CODE_NAMES)
_SHORTCODES = ShortcodePattern(HANDLERS)
# The_content shows the whole post: the <!--more--> and <!--nextpage--> markers are dropped; alone on a
# line they leave that line blank, which keeps the paragraphs on either side apart.
_MORE_LINE = re.compile(r"^[ \t]*<!--(?:more|nextpage)\b.*?-->[ \t]*$", re.M)
# `<!--more…-->` within a line, and block comments (`<!--\s*/?wp:[^>]*?-->`): see scan.lazy_spans.
_MORE_OPEN = re.compile(r"<!--(?:more|nextpage)\b")
_BLOCK_COMMENT_OPEN = re.compile(r"<!--\s*/?wp:")
_COMMENT_END = re.compile("-->")
_STRAY_CLOSER = re.compile(r"\[/(" + "|".join(sorted(HANDLERS, key=len, reverse=True)) + r")\]")


@dataclass(frozen=True, kw_only=True)
class Rendered:
    html: str  # clean HTML fragment (no <html>/<body>)
    images: tuple[Image, ...]  # every image in the body, in order, with alt and caption
    problems: tuple[Problem, ...]  # warnings: unbalanced shortcode, caption without image, …
    unknown_shortcodes: tuple[str, ...]  # names of shortcodes left as text


DEFAULT_CONTEXT = RenderContext()


def render_content(raw: str, ctx: RenderContext = DEFAULT_CONTEXT,
                   finish: Callable[[etree._Element], None] | None = None) -> Rendered:
    """What a reader saw of the post, as clean HTML, with its images and what could not be rendered.

    `finish` is clean_fragment's: the caller's last rewriting of the cleaned tree.
    """
    notes = Notes(source=ctx.source, item=ctx.item)
    html, images = clean_fragment(_wordpress_html(raw, ctx, notes), ctx.base_url, finish, notes.warn)
    return Rendered(
        html=html, images=images, problems=tuple(notes.problems), unknown_shortcodes=tuple(notes.unknown)
    )


def render_wordpress(raw: str, ctx: RenderContext = DEFAULT_CONTEXT) -> str:
    """The HTML WordPress itself would output for the post (before cleaning): the reference for fidelity checks."""
    return _wordpress_html(raw, ctx, Notes(source=ctx.source, item=ctx.item))


def _wordpress_html(raw: str, ctx: RenderContext, notes: Notes) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text, code_blocks = protect_code(text, notes)
    text = autoembed(run_embed_shortcodes(text))
    if has_blocks(text):
        text = _SHORTCODES.unautop(_blocks_or_flat(text, ctx, notes))
    else:
        text = _autop(text)
    text = apply_shortcodes(text, _SHORTCODES, HANDLERS, ctx, notes)
    _report_leftovers(text, notes)
    notes.unknown.update(dict.fromkeys(find_unknown(text, KNOWN)))
    return restore_code(text, code_blocks)


def _blocks_or_flat(text: str, ctx: RenderContext, notes: Notes) -> str:
    """Blocks rendered as WordPress would; blocks nested past any sane depth read as one classic block."""
    try:
        return render_blocks(text, ctx, notes, classic=_autop)
    except RecursionError:
        notes.warn("blocks nested too deep to render one by one; block comments dropped, text kept")
        return _autop(sub_spans(text, lazy_spans(text, _BLOCK_COMMENT_OPEN, _COMMENT_END, never=">")))


def render_comment(text: str, base_url: str = "", warn: Callable[[str], None] | None = None,
                   finish: Callable | None = None) -> str:
    """Comment text as WordPress shows it (comment_text: make_clickable, wpautop), cleaned; no shortcodes.

    `warn` hears what cleaning changed to keep the text, and `finish` sees the cleaned tree, as for a post.
    """
    return clean_fragment(wpautop(make_clickable(text.replace("\r\n", "\n"))), base_url, finish, warn)[0]


def _autop(text: str) -> str:
    """Classic content: paragraphs and line breaks, shortcodes alone on a line left unwrapped."""
    text = _MORE_LINE.sub("", text)
    text = sub_spans(text, lazy_spans(text, _MORE_OPEN, _COMMENT_END, never="\n"))
    return _SHORTCODES.unautop(wpautop(text))


def _report_leftovers(text: str, notes: Notes) -> None:
    """A closing tag left after do_shortcode has lost its opener: kept as text, reported."""
    for name in dict.fromkeys(m.group(1) for m in _STRAY_CLOSER.finditer(text)):
        notes.warn(f"[/{name}] without its opening tag left as text")
