"""JSON Lines: one self-contained record per post, for pipelines and search indexes."""

from __future__ import annotations

import json
from typing import Any

from ..model import Post
from .comments import oldest_first
from .frontmatter import enclosures
from .markdown import to_markdown

__all__ = ["FILE_NAME", "record", "jsonl_files"]

FILE_NAME = "posts.jsonl"


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def record(post: Post) -> dict[str, Any]:
    """The record's fields; stable names, documented in the README."""
    return {
        "id": post.id,
        "type": post.type,
        "status": post.status,
        "password_protected": post.password_protected,
        "url": post.link,
        "title": post.title,
        "slug": post.slug,
        "date": _iso(post.date),
        "modified": _iso(post.modified),
        "author": post.author,
        "authors": list(post.authors),
        "categories": [t.name for t in post.categories],
        "tags": [t.name for t in post.tags],
        "language": post.language,
        "excerpt": post.excerpt,
        "body_markdown": to_markdown(post.body_html),
        "body_html": post.body_html,
        "featured_image": post.featured_image.src if post.featured_image else None,
        "enclosures": enclosures(post),
        "images": [{"src": i.src, "alt": i.alt, "caption": i.caption} for i in post.images],
        "captions": [i.caption for i in post.images if i.caption],
        "related_links": [{"text": link.text, "href": link.href} for link in post.related],
        "comments": [
            {"id": c.id, "author": c.author, "date": _iso(c.date), "text": c.text, "parent": c.parent}
            for c in oldest_first(post.comments)
        ],
        "is_post": post.is_post,
        "source": post.source,
        "problems": [str(p) for p in post.problems],
    }


def jsonl_files(post: Post, rel: str, **_: Any) -> list[tuple[str, bytes]]:
    """All records go to one file; the runner appends them in input order."""
    return [(FILE_NAME, (json.dumps(record(post), ensure_ascii=False) + "\n").encode("utf-8"))]
