"""Comment threads: replies under what they answer, and the JSON sidecar file beside a post."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence

from ..model import Comment, Post

__all__ = ["replies", "sidecar_file", "threads"]


def replies(comments: Sequence[Comment]) -> dict[int | None, list[Comment]]:
    """Replies under their parent; orphans, self-replies and reply cycles at the top, so none is lost."""
    by_id = {c.id: c for c in comments}
    tree: dict[int | None, list[Comment]] = {}
    for comment in comments:
        tree.setdefault(None if _detached(comment, by_id) else comment.parent, []).append(comment)
    return tree


def _detached(comment: Comment, by_id: dict) -> bool:
    """No reachable parent: missing, or the chain of parents loops back."""
    seen, parent = {comment.id}, comment.parent
    while parent is not None:
        if parent in seen or parent not in by_id:
            return True
        seen.add(parent)
        parent = by_id[parent].parent
    return False


def threads(comments: Sequence[Comment]) -> list[dict]:
    """Nested plain data of the threads, for JSON."""
    tree = replies(comments)

    def node(c: Comment) -> dict:
        return {"id": c.id, "author": c.author, "author_url": c.author_url or None,
                "date": c.date.isoformat() if c.date else None, "text": c.text,
                "replies": [node(r) for r in tree.get(c.id, [])]}

    return [node(c) for c in tree.get(None, [])]


def sidecar_file(post: Post, rel: str) -> list[tuple[str, bytes]]:
    """`name.comments.json` beside the post's file, when it has comments."""
    if not post.comments:
        return []
    name = posixpath.splitext(rel)[0] + ".comments.json"
    return [(name, (json.dumps(threads(post.comments), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))]
