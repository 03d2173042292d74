"""Comment threads of any shape come out whole: every comment once, in thread order, nested as WordPress shows them."""

from __future__ import annotations

import json
import os
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from wparchive.model import Comment, Post
from wparchive.writers.comments import MAX_DEPTH, thread_order, threads
from wparchive.writers.html import comments_html, html_files
from wparchive.writers.markdown import comments_markdown, markdown_files

EXAMPLES = int(os.environ.get("WPARCHIVE_FUZZ_EXAMPLES", "400"))


def chain(n: int) -> tuple[Comment, ...]:
    """n comments, each answering the one before."""
    return tuple(Comment(id=i, author=f"A{i}", date=None, text=f"<p>c{i}</p>", parent=i - 1 or None)
                 for i in range(1, n + 1))


def test_replies_past_the_deepest_level_follow_what_they_answer_at_that_level():
    """WordPress's Walker_Comment: at the last level, replies are shown beside the comment they answer."""
    order = [(c.id, depth) for c, depth in thread_order(chain(13))]
    assert order == [(i, min(i - 1, MAX_DEPTH - 1)) for i in range(1, 14)]
    assert MAX_DEPTH == 10


def test_a_thread_thousands_of_replies_deep_is_written_whole():
    """Threads nested without end once failed the whole post (recursion) after quadratic work."""
    comments = chain(5000)
    post = Post(id=1, title="t", slug="t", body_html="<p>x</p>", comments=comments)
    md = dict(markdown_files(post, "t.md", comments="inline"))["t.md"].decode()
    assert re.findall(r"- \*\*A(\d+)\*\*", md) == [str(i) for i in range(1, 5001)]
    assert max(len(line) - len(line.lstrip(" ")) for line in md.splitlines()) == 2 * (MAX_DEPTH - 1) + 2
    page = dict(html_files(post, "t.html", comments="inline"))["t.html"].decode()
    assert page.count("<li>") == 5000 == page.count("</li>") and page.count("<ol>") == page.count("</ol>") == MAX_DEPTH
    side = json.loads(dict(markdown_files(post, "t.md", comments="sidecar"))["t.comments.json"])
    node, depth = side[0], 1
    while node["replies"]:
        node, depth = node["replies"][0], depth + 1
    assert depth == MAX_DEPTH and len(node.get("replies")) == 0
    assert [n["id"] for n in _flatten(side)] == list(range(1, 5001))
    assert _flatten(side)[4999]["parent"] == 4999  # what each one answers is kept where nesting stops


def _flatten(nodes: list[dict]) -> list[dict]:
    out = []
    for node in nodes:
        out += [node, *_flatten(node["replies"])]
    return out


COMMENTS = st.lists(
    st.builds(Comment, id=st.one_of(st.none(), st.integers(1, 6)), author=st.just("a"), date=st.none(),
              text=st.just("<p>t</p>"), parent=st.one_of(st.none(), st.integers(0, 7))),
    max_size=14,
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(COMMENTS)
def test_any_thread_shape_keeps_every_comment_once(comments: list[Comment]) -> None:
    """Orphans, self-replies, loops, shared ids and missing ids: each comment once, nothing nested without end."""
    order = thread_order(comments)
    assert sorted(map(id, (c for c, _ in order))) == sorted(map(id, comments))
    assert all(0 <= depth < MAX_DEPTH for _, depth in order)
    assert comments_markdown(comments).count("- **a**") == len(comments)
    html = comments_html(comments)
    assert html.count("<li>") == html.count("</li>") == len(comments)
    assert html.count("<ol>") == html.count("</ol>")
    assert len(_flatten(threads(comments))) == len(comments)


def test_comments_read_oldest_first_whatever_the_export_order():
    """WordPress lists comments by GMT date, then id; exports often keep them otherwise (ids 59, 60, 57, 58)."""
    from datetime import date, datetime, timedelta, timezone

    from wparchive.writers.jsonl import record

    plus2 = timezone(timedelta(hours=2))
    comments = (
        Comment(id=59, author="c", date=datetime(2011, 9, 19, 19, 26, tzinfo=timezone.utc), text="x"),
        Comment(id=60, author="d", date=datetime(2011, 9, 19, 19, 35, tzinfo=timezone.utc), text="x"),
        Comment(id=57, author="a", date=datetime(2011, 9, 19, 16, 54, tzinfo=timezone.utc), text="x"),
        Comment(id=61, author="r2", date=datetime(2011, 9, 19, 21, 0, tzinfo=plus2), text="x", parent=57),  # 19:00Z
        Comment(id=58, author="b", date=datetime(2011, 9, 19, 19, 3, tzinfo=timezone.utc), text="x"),
        Comment(id=62, author="r1", date=datetime(2011, 9, 19, 17, 0, tzinfo=timezone.utc), text="x", parent=57),
        Comment(id=64, author="undated", date=None, text="x"),
        Comment(id=63, author="same", date=datetime(2011, 9, 19, 19, 35, tzinfo=timezone.utc), text="x"),
        Comment(id=65, author="a day", date=date(2011, 9, 19), text="x"),
    )
    assert [(c.author, depth) for c, depth in thread_order(comments)] == [
        ("a day", 0), ("a", 0), ("r1", 1), ("r2", 1), ("b", 0), ("c", 0), ("d", 0), ("same", 0), ("undated", 0)]
    flat = record(Post(id=1, title="t", comments=comments))["comments"]
    assert [c["author"] for c in flat] == ["a day", "a", "r1", "r2", "b", "c", "d", "same", "undated"]
