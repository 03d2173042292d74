"""Odd JSON-LD never costs the page, zone-less times stay naive, and no unsafe address reaches a post's fields."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
import yaml
from click.testing import CliRunner

from wparchive.cli import main
from wparchive.extract.metadata import parse_date, parse_moment
from wparchive.extract.page import ExtractOptions, extract_page
from wparchive.model import Post
from wparchive.writers.frontmatter import dump, front_matter
from wparchive.writers.markdown import to_markdown

URL = "https://blog.example.org/2020/05/a-post/"
UNSAFE = ("javascript:", "vbscript:", "data:", "alert(")
GOOD_LD = ('{"@type": "BlogPosting", "headline": "A post", "author": {"@type": "Person", "name": "Ann Author"},'
           ' "datePublished": "2020-05-04T10:00:00+02:00"}')


def html(head: str = "", body: str = "<p>The post itself, long enough to be the body of the page.</p>",
         comments: str = "") -> str:
    return (f"<html><head><title>A post</title>{head}</head><body class='single'><article class='post'>"
            f"<h1 class='entry-title'>A post</h1><div class='entry-content'>{body}</div></article>{comments}"
            f"</body></html>")


def extracted(head: str = "", url: str = URL, **parts) -> Post:
    return extract_page(html(head, **parts).encode(), url=url, source="t.html", options=ExtractOptions(comments=True))


def ld(*blocks: str) -> str:
    return "".join(f'<script type="application/ld+json">{block}</script>' for block in blocks)


ODD_LD = [
    '{"@type": [{"x": 1}], "headline": "Other"}',
    '{"@type": [["BlogPosting"]], "headline": "Other"}',
    '{"@type": [null, 3, true, {"@id": "#x"}]}',
    '{"@type": {"@value": "BlogPosting"}}',
    "[" * 100_000 + "]" * 100_000,
    '{"@graph": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"a": ' * 100_000 + "1" + "}" * 100_000,
    "{not json",
    '[1, "two", null, [{"@graph": {"not": "a list"}}]]',
]


@pytest.mark.parametrize("block", ODD_LD, ids=range(len(ODD_LD)))
def test_odd_json_ld_is_skipped_and_the_next_block_still_read(block):
    post = extracted(ld(block, GOOD_LD))
    assert not post.problems
    assert (post.title, post.author) == ("A post", "Ann Author")
    assert post.date == datetime(2020, 5, 4, 10, 0, tzinfo=timezone(timedelta(hours=2)))


ODD_VALUES = [None, 0, 7.5, True, [], [None], [[1]], ["x", "y"], {}, {"@id": ["#a"]}, {"name": ["Ann"]},
              {"name": {"@value": "Ann"}}, {"@id": {"x": 1}}, "", "   "]


@pytest.mark.parametrize("value", ODD_VALUES, ids=range(len(ODD_VALUES)))
@pytest.mark.parametrize("field", ["author", "name", "headline", "datePublished", "dateModified", "@id", "@graph"])
def test_any_shape_of_a_json_ld_field_never_raises(field, value):
    article = {"@type": "BlogPosting", "@id": "#post", field: value}
    graph = {"@graph": [article, {"@type": "Person", "@id": value, "name": value}, {"@id": "#post", "name": value}]}
    for block in (article, graph, [article, value]):
        post = extracted(ld(json.dumps(block)))
        assert post.title == "A post"
        assert isinstance(post.author, str)
        assert post.date is None or isinstance(post.date, date)


def test_odd_json_ld_from_stdin_gives_the_post_not_a_traceback():
    page = html(ld('{"@type": [["BlogPosting"]], "author": [{"x": 1}]}', "[" * 100_000))
    result = CliRunner().invoke(main, ["extract", "-"], input=page.encode())
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert "The post itself" in result.output


@pytest.mark.parametrize("head, body", [
    (ld('{"@type": "BlogPosting", "datePublished": "2020-01-08T10:00:00"}'), ""),
    ("<meta property='article:published_time' content='2020-01-08T10:00:00'>", ""),
    ("", "<time class='entry-date published' datetime='2020-01-08T10:00:00'>8 January 2020</time>"),
    ("", "<span class='posted-on'>8 January 2020, 10:00</span>"),
])
def test_a_post_time_without_a_zone_is_naive_wherever_it_is_read(head, body):
    post = extracted(head, body=body + "<p>The post itself, long enough to be the body of the page.</p>")
    assert post.date == datetime(2020, 1, 8, 10, 0) and post.date.tzinfo is None


def test_a_post_time_with_a_zone_keeps_it():
    post = extracted(ld('{"@type": "BlogPosting", "datePublished": "2020-01-08T10:00:00Z"}'))
    assert post.date == datetime(2020, 1, 8, 10, 0, tzinfo=timezone.utc)
    post = extracted("<meta property='article:published_time' content='2020-01-08T10:00:00-05:00'>")
    assert post.date.utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize("text, expected", [
    ("June 28, 2015 at 10:25 pm", datetime(2015, 6, 28, 22, 25)),
    ("October 6, 2016", datetime(2016, 10, 6)),
    ("June 28, 2015 at 10:25 pm UTC", datetime(2015, 6, 28, 22, 25, tzinfo=timezone.utc)),
])
def test_a_visible_comment_time_names_a_zone_only_when_the_page_does(text, expected):
    moment = parse_moment(text)
    assert moment == expected and moment.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("value, expected", [
    ("2020-01-08T10:00:00", datetime(2020, 1, 8, 10, 0)),
    ("2020-01-08", datetime(2020, 1, 8)),
    ("October 6, 2016", datetime(2016, 10, 6)),
    ("2020-01-08T10:00:00+02:00", datetime(2020, 1, 8, 10, 0, tzinfo=timezone(timedelta(hours=2)))),
])
def test_a_comment_datetime_attribute_without_an_offset_is_naive(value, expected):
    moment = parse_date(value)
    assert moment == expected and moment.utcoffset() == expected.utcoffset()


COMMENT = """<ol class="commentlist"><li class="comment" id="comment-3">
<div class="comment-author"><cite class="fn">Bo</cite></div>
<div class="comment-meta">June 28, 2015 at 10:25 pm</div>
<div class="comment-content"><p>Nice heron <img src="x.jpg" alt="x"> and <img src="/up/y.png" alt="y"></p></div>
</li></ol>"""


def test_naive_times_reach_every_writer_without_an_offset(tmp_path):
    head = ld('{"@type": "BlogPosting", "datePublished": "2020-01-08T10:00:00"}')
    post = extracted(head, comments=COMMENT)
    (comment,) = post.comments
    assert comment.date == datetime(2015, 6, 28, 22, 25) and comment.date.tzinfo is None
    (tmp_path / "page.html").write_text(html(head, comments=COMMENT), encoding="utf-8")
    for fmt in ("jsonl", "md", "html"):
        out = tmp_path / fmt
        result = CliRunner().invoke(main, ["extract", str(tmp_path / "page.html"), "-o", str(out), "-q", "--comments",
                                           "--format", fmt])
        assert result.exit_code == 0, result.output
        written = "".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob(f"*.{fmt}")))
        if fmt == "jsonl":
            record = json.loads(written.splitlines()[0])
            assert record["date"] == "2020-01-08T10:00:00"
            assert record["comments"][0]["date"] == "2015-06-28T22:25:00"
        elif fmt == "md":
            assert "2015-06-28 22:25" in written
            assert yaml.safe_load(written.split("---")[1])["date"] == datetime(2020, 1, 8, 10, 0)
        else:
            assert '<time datetime="2020-01-08T10:00:00">' in written
            assert '<time datetime="2015-06-28T22:25:00">' in written
        assert "+00:00" not in written


def test_front_matter_writes_a_naive_time_without_an_offset():
    post = extracted("<meta property='article:published_time' content='2020-01-08T10:00:00'>")
    assert "date: 2020-01-08T10:00:00\n" in dump(front_matter(post))


def test_comment_images_are_absolute_against_the_page():
    (comment,) = extracted(comments=COMMENT).comments
    assert '<img src="https://blog.example.org/2020/05/a-post/x.jpg" alt="x">' in comment.text
    assert '<img src="https://blog.example.org/up/y.png" alt="y">' in comment.text


def test_comment_images_are_absolute_against_the_canonical_link_from_stdin():
    post = extract_page(html('<link rel="canonical" href="https://blog.example.org/p/">', comments=COMMENT).encode(),
                        source="<stdin>", options=ExtractOptions(comments=True))
    assert '<img src="https://blog.example.org/p/x.jpg" alt="x">' in post.comments[0].text


@pytest.mark.parametrize("bad", ["javascript:alert('og')", "JavaScript:alert(1)", "java\tscript:alert(1)",
                                 "data:image/svg+xml,<svg onload=alert(1)>", "vbscript:msgbox(1)"])
def test_featured_image_never_takes_an_unsafe_address(bad):
    assert extracted(f'<meta property="og:image" content="{bad}">').featured_image is None
    post = extracted(f'<meta property="og:image" content="{bad}">',
                     body=f'<img class="wp-post-image" src="{bad}"><p>The post itself, long enough to be kept.</p>')
    assert post.featured_image is None
    post = extracted('<meta property="og:image" content="/up/og.jpg">',
                     body=f'<img class="wp-post-image" src="{bad}"><p>The post itself, long enough to be kept.</p>')
    assert post.featured_image.src == "https://blog.example.org/up/og.jpg"


def test_a_safe_featured_image_is_made_absolute():
    post = extracted('<meta property="og:image" content="/up/og.jpg">')
    assert post.featured_image.src == "https://blog.example.org/up/og.jpg"


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "vbscript:msgbox(1)", "http://[::1/broken"])
def test_canonical_link_never_takes_an_unsafe_address(bad):
    post = extracted(f'<link rel="canonical" href="{bad}">')
    assert post.link == URL
    post = extracted(f'<link rel="canonical" href="{bad}"><meta property="og:url" content="{bad}">', url="")
    assert post.link == ""
    post = extracted(f'<link rel="canonical" href="{bad}"><link rel="canonical" href="/the-post/">', url="")
    assert post.link == "/the-post/"


def test_unsafe_canonical_link_from_stdin_is_neither_url_nor_slug_nor_base():
    page = html('<link rel="canonical" href="javascript:alert(1)//x">',
                body="<p>The post itself, long enough to be the body. <a href='/other/'>Other</a></p>")
    for fmt in ("jsonl", "md"):
        result = CliRunner().invoke(main, ["extract", "-", "--format", fmt], input=page.encode())
        assert result.exit_code == 0, result.output
        assert not any(bad in result.output for bad in UNSAFE), result.output
        assert 'href="/other/"' in result.output or "](/other/)" in result.output


@pytest.mark.parametrize("embed", [
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe src="  JavaScript:alert(1)" title="Watch"></iframe>',
    '<object data="javascript:alert(2)"></object>',
    '<object><param name="movie" value="data:text/html,x"></object>',
    '<embed src="vbscript:msgbox(3)">',
    '<video src="data:video/mp4;base64,AAAA"></video>',
])
def test_embeds_with_unsafe_addresses_leave_nothing_behind(embed):
    post = extracted(body=f"<p>The post itself, long enough to be the body of the page.</p>{embed}")
    assert not any(bad in post.body_html for bad in UNSAFE), post.body_html
    assert post.body_html.count("<p>") == 1
    assert not any(bad in to_markdown(post.body_html) for bad in UNSAFE)


def test_a_safe_embed_still_becomes_a_link():
    post = extracted(body="<p>The post itself, long enough to be the body of the page.</p>"
                          "<iframe src='https://www.youtube.com/embed/abc123'></iframe>"
                          "<embed src='/media/clip.swf'>")
    assert '<a href="https://www.youtube.com/watch?v=abc123">' in post.body_html
    assert '<a href="https://blog.example.org/media/clip.swf">' in post.body_html
