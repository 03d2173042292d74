"""Standalone clean HTML pages, one per post: readable in any browser, forever."""

from __future__ import annotations

from html import escape
from typing import Any

from ..model import Post
from .comments import replies, sidecar_file

__all__ = ["comments_html", "html_document", "html_files"]


def _comment_items(comments, tree) -> str:
    items = []
    for c in comments:
        who = escape(c.author or "Anonymous")
        if c.author_url.startswith(("http://", "https://")):
            who = f'<a href="{escape(c.author_url)}" rel="nofollow">{who}</a>'
        when = f' <time datetime="{c.date.isoformat()}">{c.date:%Y-%m-%d %H:%M}</time>' if c.date else ""
        children = tree.get(c.id, [])
        nested = f"<ol>{_comment_items(children, tree)}</ol>" if children else ""
        items.append(f"<li><p class=\"comment-meta\">{who}{when}</p>{c.text}{nested}</li>")
    return "".join(items)


def comments_html(comments) -> str:
    """A comments section, replies nested; comment text is already clean, sanitised HTML."""
    if not comments:
        return ""
    tree = replies(comments)
    items = _comment_items(tree.get(None, []), tree)
    return f'<section class="comments">\n<h2>Comments</h2>\n<ol>{items}</ol>\n</section>\n'


def html_document(post: Post, inline_comments: bool = False) -> str:
    """A minimal valid HTML5 document around the post's (already sanitised) body."""
    meta = []
    if post.date:
        meta.append(f'<time datetime="{post.date.isoformat()}">{post.date:%Y-%m-%d}</time>')
    if post.author:
        meta.append(f'<span class="author">{escape(post.author)}</span>')
    tags = ", ".join(escape(t.name) for t in (*post.categories, *post.tags))
    if tags:
        meta.append(f'<span class="terms">{tags}</span>')
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
