"""Comments read from wp_list_comments() markup keep their threading and stay out of the body."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from conftest import FIXTURES

from wparchive.extract.page import ExtractOptions, extract_page
from wparchive.extract.tidy import html_text

CEST = timezone(timedelta(hours=2))


def threaded():
    raw = (FIXTURES / "extract" / "comments-threading.html").read_bytes()
    return extract_page(raw, source="comments.html", options=ExtractOptions(comments=True))


def test_threading_follows_nested_reply_lists():
    comments = threaded().comments
    assert [(c.id, c.parent) for c in comments] == [(11, None), (12, 11), (13, 12), (14, None)]


def test_comment_fields():
    first, reply, _, pingback = threaded().comments
    assert (first.author, first.author_url, first.type) == ("Ada", "https://ada.example", "comment")
    assert first.date == datetime(2020, 5, 5, 9, 15, tzinfo=CEST)
    assert first.text == "<p>I agree with the <em>first</em> point.</p>"
    assert (reply.author, reply.text) == ("Post Author", "<p>Thanks, Ada.</p>")  # not the nested reply's text
    assert pingback.type == "pingback" and "https://other.example/post/" in pingback.text


def test_comments_never_reach_the_body_or_the_post_date():
    post = threaded()
    assert html_text(post.body_html) == "What do you think?"
    assert post.date == datetime(2020, 5, 4, 10, 0, tzinfo=CEST)
    assert post.title == "A post with a discussion"
