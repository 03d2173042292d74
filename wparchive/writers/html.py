"""Standalone clean HTML pages, one per post: readable in any browser, forever."""

from __future__ import annotations

from html import escape
from typing import Any

from ..model import Post
from .comments import sidecar_file, thread_order
from .frontmatter import enclosures

__all__ = ["comments_html", "html_document", "html_files"]


def _comment_item(c) -> str:
    """A comment's <li>, left open for its replies."""
    who = escape(c.author or "Anonymous")
    if c.author_url.startswith(("http://", "https://")):
        who = f'<a href="{escape(c.author_url)}" rel="nofollow">{who}</a>'
    when = f' <time datetime="{c.date.isoformat()}">{c.date:%Y-%m-%d %H:%M}</time>' if c.date else ""
    return f"<li><p class=\"comment-meta\">{who}{when}</p>{c.text}"


def comments_html(comments) -> str:
    """A comments section, replies nested (see thread_order); comment text is already clean, sanitised HTML."""
    if not comments:
        return ""
    parts, order = [], thread_order(comments)
    for n, (comment, depth) in enumerate(order):
        parts.append(_comment_item(comment))
        below = order[n + 1][1] if n + 1 < len(order) else 0
        if below > depth:
            parts.append("<ol>")  # its replies follow
        else:
            parts.append("</li>" + "</ol></li>" * (depth - below))
    return f'<section class="comments">\n<h2>Comments</h2>\n<ol>{"".join(parts)}</ol>\n</section>\n'


def html_document(post: Post, inline_comments: bool = False) -> str:
    """A minimal valid HTML5 document around the post's (already sanitised) body."""
    meta = []
    if post.date:
        meta.append(f'<time datetime="{post.date.isoformat()}">{post.date:%Y-%m-%d}</time>')
    if post.author or post.authors:
        meta.append(f'<span class="author">{", ".join(escape(a) for a in post.authors or (post.author,))}</span>')
    tags = ", ".join(escape(t.name) for t in (*post.categories, *post.tags))
    if tags:
        meta.append(f'<span class="terms">{tags}</span>')
    for enclosure in enclosures(post):  # a podcast episode's audio: a link a reader can follow
        url = enclosure["url"]
        meta.append(f'<a class="enclosure" href="{escape(url)}">{escape(url.rstrip("/").rsplit("/", 1)[-1])}</a>')
    lang = f' lang="{escape(post.language)}"' if post.language else ""
    return (
        f"<!DOCTYPE html>\n<html{lang}>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(post.title)}</title>\n</head>\n<body>\n<article>\n"
        f"<h1>{escape(post.title)}</h1>\n<p class=\"meta\">{' · '.join(meta)}</p>\n"
        f"{post.body_html}\n</article>\n{comments_html(post.comments) if inline_comments else ''}</body>\n</html>\n"
    )


def html_files(post: Post, rel: str, *, comments: str = "none", **_: Any) -> list[tuple[str, bytes]]:
    """The page, and with comments="sidecar" the JSON threads beside it."""
    files = [(rel, html_document(post, inline_comments=comments == "inline").encode("utf-8"))]
    return files + (sidecar_file(post, rel) if comments == "sidecar" else [])
