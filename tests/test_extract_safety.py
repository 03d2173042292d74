"""What `extract` writes passes convert's allow-list, and inline tags of a scraped page stay inline."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from wparchive.cli import main
from wparchive.extract.page import ExtractOptions, extract_page
from wparchive.extract.tidy import html_text
from wparchive.writers.markdown import to_markdown

URL = "https://blog.example.org/2020/05/a-post/"
UNSAFE = ("javascript:", "vbscript:", "data:text/html", "alert(", "<script", "<iframe", "onerror", "onclick",
          "addComment")

BODY = """
<p>Read <a href="javascript:alert(document.cookie)">the first post</a>, <a href="data:text/html,<script>alert(1)</script>">the
second</a>, <a href="vbscript:msgbox(2)">the third</a>, <a href="java&#9;script:alert(3)">the fourth</a> and
<a href="/2020/04/safe/">the safe one</a>.</p>
<p onmouseover="alert(4)">Also <a href="JavaScript:alert(5)">the fifth</a>.</p>
<figure class="wp-block-image"><img src="/uploads/heron.jpg" alt="A heron" onerror="alert(6)">
<figcaption>The heron at the weir</figcaption></figure>
<table><tr><th>Bird</th><th>Count</th></tr><tr><td colspan="2">Heron 3</td></tr></table>
<pre><code>print("kept")</code></pre>
<p>See also: <a href="data:text/html,x">bad related</a> <a href="https://blog.example.org/other/">Other post</a></p>
"""

COMMENTS = """
<ol class="commentlist">
<li class="comment" id="comment-7"><div class="comment-author"><cite class="fn">Mallory</cite></div>
<div class="comment-content"><p>Nice post<script>alert(10)</script> <img src="/x.png" onerror="alert(9)"></p>
<iframe src="https://evil.example/frame"></iframe>
<p><a href="javascript:alert(8)">click here</a> and <b onclick="alert(11)">bold words</b></p></div>
<div class="reply"><a class="comment-reply-link" href="#"
 onclick='return addComment.moveForm("comment-7", "7", "respond", "1")'>Reply</a></div>
</li>
</ol>
"""


def page(body: str, comments: str = "") -> str:
    return (f'<html><head><meta name="generator" content="WordPress 6.4"><title>A post</title></head><body>'
            f'<article class="post type-post"><h1 class="entry-title">A post</h1>'
            f'<div class="entry-content">{body}</div></article>{comments}</body></html>')


def extracted(body: str = BODY, comments: str = COMMENTS):
    return extract_page(page(body, comments), url=URL, options=ExtractOptions(comments=True))


def assert_safe(text: str) -> None:
    found = [word for word in UNSAFE if word.lower() in text.lower()]
    assert not found, f"{found} in {text!r}"


def test_unsafe_links_in_the_body_lose_their_address_and_keep_their_text():
    post = extracted()
    assert_safe(post.body_html)
    assert_safe(to_markdown(post.body_html))
    text = html_text(post.body_html)
    for words in ("the first post", "second", "the third", "the fourth", "the fifth", "the safe one", "bad related"):
        assert words in text
    assert '<a href="https://blog.example.org/2020/04/safe/">the safe one</a>' in post.body_html


def test_legitimate_content_survives_the_allow_list():
    post = extracted()
    assert '<img src="https://blog.example.org/uploads/heron.jpg" alt="A heron">' in post.body_html
    assert "<figcaption>The heron at the weir</figcaption>" in post.body_html
    assert '<td colspan="2">Heron 3</td>' in post.body_html
    assert '<pre><code>print("kept")</code></pre>' in post.body_html
    assert [(i.src, i.caption) for i in post.images] == [("https://blog.example.org/uploads/heron.jpg",
                                                          "The heron at the weir")]


def test_related_links_never_keep_an_unsafe_address():
    post = extracted()
    assert [link.href for link in post.related] == ["https://blog.example.org/other/"]


def test_comment_html_is_cleaned_as_convert_cleans_it():
    [comment] = extracted().comments
    assert_safe(comment.text)
    text = html_text(comment.text)
    assert "Nice post" in text and "click here" in text and "bold words" in text
    assert "<b>bold words</b>" in comment.text
    assert '<img src="https://blog.example.org/x.png">' in comment.text


def test_an_image_with_an_unsafe_address_is_not_listed():
    post = extracted('<p>Text <img src="javascript:alert(1)" alt="x"> more</p>', "")
    assert post.images == ()
    assert_safe(post.body_html)


def run_extract(tmp_path, fmt: str) -> str:
    src = tmp_path / "pages"
    src.mkdir()
    (src / "a-post.html").write_text(page(BODY, COMMENTS), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(src), "-o", str(out), "--format", fmt, "--comments", "-q"])
    assert result.exit_code == 0, result.output
    files = [p for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"]
    assert files
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


@pytest.mark.parametrize("fmt", ["html", "md", "jsonl"])
def test_no_output_format_keeps_code_that_could_run(tmp_path, fmt):
    text = run_extract(tmp_path, fmt)
    assert_safe(text)
    assert "the safe one" in text and "Nice post" in text and "bold words" in text


def test_jsonl_html_fields_are_clean(tmp_path):
    record = json.loads(run_extract(tmp_path, "jsonl"))
    assert_safe(record["body_html"])
    assert_safe(record["body_markdown"])
    assert all(link["href"].startswith("https://") for link in record["related_links"])
    [comment] = record["comments"]
    assert_safe(comment["text"])


def test_markdown_front_matter_keeps_only_safe_related_links(tmp_path):
    text = run_extract(tmp_path, "md")
    head = yaml.safe_load(text.split("---\n")[1])
    assert head["related"] == [{"text": "Other post", "href": "https://blog.example.org/other/"}]


@pytest.mark.parametrize(("markup", "kept"), [
    ("<tt>www.google.com</tt>", "<code>www.google.com</code>"),
    ("<samp>www.google.com</samp>", "<samp>www.google.com</samp>"),
    ("<kbd>www.google.com</kbd>", "<kbd>www.google.com</kbd>"),
    ("<var>www.google.com</var>", "<var>www.google.com</var>"),
    ("<strike>www.google.com</strike>", "<s>www.google.com</s>"),
    ('<acronym title="World Wide Web">www.google.com</acronym>', '<abbr title="World Wide Web">www.google.com</abbr>'),
    ('<abbr title="World Wide Web">www.google.com</abbr>', '<abbr title="World Wide Web">www.google.com</abbr>'),
    ("<big>www.google.com</big>", "www.google.com"),
    ("<nobr>www.google.com</nobr>", "www.google.com"),
    ('<bdo dir="rtl">www.google.com</bdo>', "www.google.com"),
    ('<data value="1">www.google.com</data>', "www.google.com"),
    ('<font color="red">www.google.com</font>', "www.google.com"),
    ("<blink>www.google.com</blink>", "www.google.com"),
    ("<my-tooltip>www.google.com</my-tooltip>", "www.google.com"),
])
def test_inline_tags_stay_inside_their_sentence(markup, kept):
    post = extracted(f"<p>By default the target is {markup}. But you can change it.</p>", "")
    assert post.body_html == f"<p>By default the target is {kept}. But you can change it.</p>"
    assert "\n\n" not in to_markdown(post.body_html).strip()


def test_strike_between_words_is_one_paragraph_in_markdown():
    post = extracted("<p>Before <strike>X</strike> after.</p>", "")
    assert to_markdown(post.body_html) == "Before ~~X~~ after.\n"


def test_typewriter_text_inside_a_preformatted_block_stays_in_it():
    post = extracted("<pre><tt>make all</tt></pre><p>Then <tt>make install</tt>.</p>", "")
    assert post.body_html == "<pre><code>make all</code></pre>\n<p>Then <code>make install</code>.</p>"


def test_a_link_around_a_heading_is_not_split_into_empty_links():
    post = extracted('<p>Intro text.</p><p><a href="/places/milan/"><h4>Milan</h4></a></p>', "")
    markdown = to_markdown(post.body_html)
    assert "[]" not in markdown
    assert "Milan" in markdown and "Intro text." in markdown
