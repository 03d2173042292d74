"""Standalone clean HTML pages, one per post: readable in any browser, forever."""

from __future__ import annotations

from html import escape
from typing import Any

from ..model import Post

__all__ = ["html_document", "html_files"]


def html_document(post: Post) -> str:
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
        f"{post.body_html}\n</article>\n</body>\n</html>\n"
    )


def html_files(post: Post, rel: str, **_: Any) -> list[tuple[str, bytes]]:
    return [(rel, html_document(post).encode("utf-8"))]
