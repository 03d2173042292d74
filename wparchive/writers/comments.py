"""Comment threads: replies under what they answer, and the JSON sidecar file beside a post."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from datetime import datetime, timezone

from ..model import Comment, Post

__all__ = ["MAX_DEPTH", "oldest_first", "replies", "sidecar_file", "thread_order", "threads"]


MAX_DEPTH = 10  # WordPress's deepest thread_comments_depth: replies further down are shown at this level


def replies(comments: Sequence[Comment]) -> dict[int | None, list[Comment]]:
    """Replies under their parent, oldest first; orphans, self-replies and reply cycles at the top, so
    none is lost."""
    by_id = {c.id: c for c in comments}
    rooted = _rooted(by_id)
    tree: dict[int | None, list[Comment]] = {}
    for comment in oldest_first(comments):
        parent = comment.parent
        answers = parent is not None and parent != comment.id and rooted.get(parent, False)
        tree.setdefault(parent if answers else None, []).append(comment)
    return tree


def oldest_first(comments: Sequence[Comment]) -> list[Comment]:
    """WordPress lists comments by their GMT date, then id; exports often keep another order.
    Undated comments follow the dated ones, in the order they came."""
    return sorted(comments, key=_when)


def _when(comment: Comment) -> tuple:
    date = comment.date
    if date is None:
        return (1, 0.0, 0)
    if not isinstance(date, datetime):  # a day alone
        date = datetime(date.year, date.month, date.day)
    moment = (date if date.tzinfo else date.replace(tzinfo=timezone.utc)).timestamp()
    return (0, moment, comment.id if comment.id is not None else 0)


def _rooted(by_id: dict) -> dict:
    """For each id, whether its chain of parents ends at a top-level comment (none missing, no loop).

    Each chain is walked once and its verdict kept for every comment on it, so a thread of
    thousands of replies, each answering the one before, costs its length, not its square.
    """
    known: dict = {}
    for start in by_id:
        chain, node = {}, start  # an ordered set
        while node not in known:
            parent = by_id[node].parent
            if parent is None:
                known[node] = True
                break
            chain[node] = None
            if parent not in by_id or parent in chain:
                known[node] = False
                break
            node = parent
        verdict = known[node]
        for link in chain:  # a loop, and all that hangs from it, has no top
            known[link] = verdict
    return known


def thread_order(comments: Sequence[Comment]) -> list[tuple[Comment, int]]:
    """Each comment and its depth (0 at the top), replies right after what they answer.

    As WordPress's Walker_Comment shows them: a reply deeper than MAX_DEPTH levels is shown at the
    last level, after the comment it answers; so any thread reads in order, and none nests without end.
    """
    tree = replies(comments)
    order: list[tuple[Comment, int]] = []
    stack = [(c, 0) for c in reversed(tree.get(None, []))]
    answered = set()  # ids whose replies are placed: two comments sharing an id get them once
    while stack:
        comment, depth = stack.pop()
        order.append((comment, depth))
        if comment.id is None or comment.id in answered:  # nothing can answer a comment without an id
            continue
        answered.add(comment.id)
        below = min(depth + 1, MAX_DEPTH - 1)
        stack.extend((reply, below) for reply in reversed(tree.get(comment.id, [])))
    return order


def threads(comments: Sequence[Comment]) -> list[dict]:
    """Nested plain data of the threads, for JSON, nested as thread_order shows them; `parent` says
    what each comment answers."""
    top: list[dict] = []
    levels = [top]  # levels[d]: the list a comment at depth d joins
    for c, depth in thread_order(comments):
        node = {"id": c.id, "parent": c.parent, "author": c.author, "author_url": c.author_url or None,
                "date": c.date.isoformat() if c.date else None, "text": c.text, "replies": []}
        levels[depth].append(node)
        del levels[depth + 1:]
        levels.append(node["replies"])
    return top


def sidecar_file(post: Post, rel: str) -> list[tuple[str, bytes]]:
    """`name.comments.json` beside the post's file, when it has comments."""
    if not post.comments:
        return []
    name = posixpath.splitext(rel)[0] + ".comments.json"
    return [(name, (json.dumps(threads(post.comments), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))]
