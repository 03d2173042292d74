"""extract_page never raises, whatever bytes or markup it is given."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wparchive.extract.page import ExtractOptions, extract_page
from wparchive.model import Post

TAGS = ["div", "p", "article", "span", "a", "img", "figure", "figcaption", "ul", "li", "iframe", "noscript",
        "script", "form", "table", "td", "br", "h2", "time", "meta", "body", "html"]
CLASSES = ["post", "hentry", "entry-content", "wp-caption", "wp-caption-text", "sharedaddy", "comment-list",
           "comment", "children", "jp-relatedposts", "yarpp-related", "gallery-item", "widget", ""]
ATTRS = st.sampled_from([
    "", ' class="{}"', ' id="comment-7"', ' href="/x/"', ' src="data:image/gif;base64,AA"', ' data-src="//y/z.jpg"',
    ' srcset="a.jpg 10w, b.jpg bad"', ' datetime="2020-13-45T99:00"', ' data-src-cmplz="https://youtube.com/embed/x"',
    ' charset="klingon"', ' rel="category tag"', ' hidden'])


@st.composite
def markup(draw):
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(st.sampled_from(TAGS))
        attr = draw(ATTRS).format(draw(st.sampled_from(CLASSES)))
        text = draw(st.text(max_size=20))
        parts.append(draw(st.sampled_from([f"<{tag}{attr}>{text}", f"</{tag}>", text, f"<{tag}{attr}/>"])))
    return "".join(parts)


EXAMPLES = int(os.environ.get("WPARCHIVE_FUZZ_EXAMPLES", "150"))  # e.g. 10000 for a long run


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup(), st.booleans())
def test_markup_never_raises(html, comments):
    post = extract_page(html, source="fuzz.html", options=ExtractOptions(comments=comments))
    assert isinstance(post, Post)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.binary(max_size=2000))
def test_bytes_never_raise(raw):
    post = extract_page(raw, source="fuzz.bin")
    assert isinstance(post, Post) and post.source == "fuzz.bin"
