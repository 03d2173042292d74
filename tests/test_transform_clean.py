"""clean_html: unsafe markup never survives; WordPress noise goes; meaning stays."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from wparchive.model import Comment, Post
from wparchive.render import BuildContext, render_post
from wparchive.transform.clean import clean_fragment, clean_html
from wparchive.transform.content import render_content

XSS = [
    '<script>alert(1)</script><p>ok</p>',
    '<img src="http://e.x/a.png" onerror="alert(1)"><p>ok</p>',
    '<a href="javascript:alert(1)">ok</a>',
    '<a href=" JaVaScRiPt:alert(1)">ok</a>',
    '<a href="java\tscript:alert(1)">ok</a>',
    '<svg onload="alert(1)"><circle r="1"/></svg><p>ok</p>',
    '<p onmouseover="alert(1)" style="background:url(javascript:alert(1))">ok</p>',
    '<iframe src="javascript:alert(1)"></iframe><p>ok</p>',
    '<img src="data:text/html;base64,PHNjcmlwdD4=" alt=""><p>ok</p>',
    '<object data="javascript:alert(1)"></object><p>ok</p>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math><p>ok</p>',
    '<style>p{color:red}</style><p>ok</p>',
    '<form action="http://evil"><input name=a><button>Go</button></form><p>ok</p>',
    '<p>ok</p><!-- <script>alert(1)</script> -->',
]


@pytest.mark.parametrize("html", XSS)
def test_no_script_survives(html: str) -> None:
    out = clean_html(html).lower()
    for bad in ("<script", "javascript:", "onerror", "onload", "onmouseover", "<svg", "<style", "style=",
                "<iframe", "<object", "<form", "<input", "data:text", "<!--"):
        assert bad not in out
    assert "ok" in out


def test_wordpress_classes_and_styles_removed_language_kept() -> None:
    html = (
        '<figure class="wp-block-image size-full aligncenter"><img class="wp-image-123 size-full" '
        'src="/a.jpg" alt="A" style="width:100px"></figure>'
        '<pre class="wp-block-code"><code class="language-python hljs">x = 1</code></pre>'
    )
    assert clean_html(html, "https://b.example/") == (
        '<figure><img src="https://b.example/a.jpg" alt="A"></figure>'
        '<pre><code class="language-python">x = 1</code></pre>'
    )


def test_syntaxhighlighter_brush_becomes_code_language() -> None:
    assert clean_html('<pre class="brush: php; title: ;">echo 1;</pre>') == (
        '<pre><code class="language-php">echo 1;</code></pre>'
    )


def test_spans_unwrapped_empty_ones_dropped() -> None:
    html = '<p><span style="x">a</span> <span class="y"></span><b><span>b</span></b></p>'
    assert clean_html(html) == "<p>a <b>b</b></p>"


def test_tracking_pixels_removed() -> None:
    html = (
        '<p>t<img src="http://feeds.feedburner.com/~r/blog/~4/abc" height="1" width="1">'
        '<img src="https://pixel.wp.com/b.gif?v=1" alt=""><img src="http://e.x/x.gif" width="1" height="1"></p>'
    )
    assert clean_html(html) == "<p>t</p>"


def test_lazy_images_get_real_src() -> None:
    html = (
        '<img src="data:image/gif;base64,R0lGOD" data-src="http://e.x/a.jpg" alt="a">'
        '<noscript><img src="http://e.x/a.jpg" alt="a"></noscript>'
        '<img data-lazy-srcset="http://e.x/b-300.jpg 300w, http://e.x/b.jpg 900w" alt="b">'
    )
    assert clean_html(html) == '<img src="http://e.x/a.jpg" alt="a"><img src="http://e.x/b.jpg" alt="b">'


def test_iframe_becomes_link_to_page() -> None:
    out = clean_html('<div><iframe src="https://player.vimeo.com/video/42?title=0"></iframe></div>')
    assert out == '<p><a href="https://vimeo.com/42">https://vimeo.com/42</a></p>'


def test_classic_caption_and_gallery_markup_from_pages() -> None:
    html = (
        '<div class="wp-caption aligncenter"><img src="http://e.x/a.jpg" alt="a">'
        '<p class="wp-caption-text">Cap A</p></div>'
        '<div class="gallery"><dl class="gallery-item"><dt class="gallery-icon"><a href="http://e.x/b">'
        '<img src="http://e.x/b.jpg" alt="b"></a></dt><dd class="wp-caption-text gallery-caption">Cap B</dd></dl></div>'
    )
    assert clean_html(html) == (
        '<figure><img src="http://e.x/a.jpg" alt="a"><figcaption>Cap A</figcaption></figure>'
        '<figure><a href="http://e.x/b"><img src="http://e.x/b.jpg" alt="b"></a><figcaption>Cap B</figcaption></figure>'
    )


def test_relative_urls_resolved_fragments_kept() -> None:
    out = clean_html('<a href="../x">x</a> <a href="#top">t</a> <a href="mailto:a@b.c">m</a>', "https://b.example/blog/post/")
    assert out == '<a href="https://b.example/blog/x">x</a> <a href="#top">t</a> <a href="mailto:a@b.c">m</a>'


def test_empty_and_unparseable_input() -> None:
    assert clean_html("") == ""
    assert clean_html("   ") == ""
    assert clean_html("<!-- only a comment -->") == ""
    assert clean_html("\x00\x01") == ""


def test_whole_page_reduced_to_its_body_content() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head>"
        "<body><article><p>a <span>b</span></p><script>x()</script></article></body></html>"
    )
    assert clean_html(page) == "<p>a b</p>"


def test_inline_only_div_becomes_paragraph_layout_div_unwrapped() -> None:
    html = '<div class="wp-block-group"><div class="entry">one <a href="http://e.x/">two</a></div><p>three</p></div>'
    assert clean_html(html) == '<p>one <a href="http://e.x/">two</a></p><p>three</p>'


def test_deeply_nested_text_survives() -> None:
    assert clean_html("<div>" * 500 + "deep" + "</div>" * 500) == "<p>deep</p>"


def test_text_nested_past_the_parser_limit_is_kept_with_a_warning() -> None:
    """libxml2 drops what lies deeper than 2,048 elements; unclosed wrappers are dropped instead."""
    warnings: list[str] = []
    html, _ = clean_fragment("<div><font color=red>word " * 3000, warn=warnings.append)
    assert html.count("word") == 3000
    assert len(warnings) == 1 and "nested deeper than 2,048" in warnings[0] and "lost" not in warnings[0]
    rendered = render_content("<blockquote>line\n\n" * 2500)
    assert rendered.html.count("line") == 2500 and any("2,048" in p.message for p in rendered.problems)
    warnings.clear()
    html, _ = clean_fragment("<ul><li>item " * 2500, warn=warnings.append)  # lists are kept, so some is lost
    assert "still was lost" in warnings[0]


def test_a_comment_nested_past_the_parser_limit_is_kept_with_a_warning() -> None:
    comment = Comment(id=7, author="A", date=None, text="<div>reply " * 3000)
    post = Post(id=1, title="T", content="<p>Body</p>", comments=(comment,))
    out, warnings, _ = render_post(post, BuildContext(comments="inline"))
    assert out.comments[0].text.count("reply") == 3000
    assert [w.message[:10] for w in warnings] == ["comment 7:"] and "2,048" in warnings[0].message
    assert warnings[0].item == post.label() and warnings[0].severity == "warning"


def test_images_named_like_pixels_are_kept() -> None:
    html = '<img src="http://e.x/pixel-art.png" alt="a"><img src="http://e.x/lazy-cat.jpg" alt="b">'
    assert clean_html(html) == html


def test_rendered_tweet_embed_keeps_its_text() -> None:
    html = (
        '<figure class="wp-block-embed is-provider-twitter"><div class="wp-block-embed__wrapper">'
        '<blockquote class="twitter-tweet"><p>Hello <a href="https://twitter.com/hashtag/wp">#wp</a></p>'
        '&mdash; W (@w) <a href="https://twitter.com/w/status/1">May 1</a></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js"></script></div></figure>'
    )
    assert clean_html(html) == (
        '<blockquote><p>Hello <a href="https://twitter.com/hashtag/wp">#wp</a></p>'
        '— W (@w) <a href="https://twitter.com/w/status/1">May 1</a></blockquote>'
    )


def test_text_after_a_stray_document_end_or_a_lone_surrogate_is_kept():
    assert clean_html("<p>one</p></body></html><p>two</p>") == "<p>one</p><p>two</p>"
    assert "more text" in clean_html("<p>a</p><p>x \ud83d</p><p>more text</p>")


def test_threads_cleaning_at_once_each_hear_only_their_own_warnings() -> None:
    """The parser's error log says whether a fragment was nested too deep: each thread reads its own.

    Threads switch every microsecond here, so a parser shared between them is caught out.
    """
    deep, shallow = "<div><font>word " * 2500, "<p>plain</p>" * 50

    def clean(n: int) -> int:
        warnings: list[str] = []
        clean_fragment(deep if n % 2 else shallow, warn=warnings.append)
        return len(warnings)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(clean, range(400)))
    finally:
        sys.setswitchinterval(interval)
    assert results == [n % 2 for n in range(400)]
