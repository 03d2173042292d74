"""A lazy image and its <noscript> copy are one image; an image in a heading stays an image."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from wparchive.extract.media import fix_lazy_images, real_src
from wparchive.extract.page import extract_page
from wparchive.writers.markdown import to_markdown

REAL = "https://blog.example.org/wp-content/uploads/2020/05/heron.png"
SVG = "data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22%3E%3C/svg%3E"
LQIP = "https://cdn.shortpixel.ai/client/q_lqip,ret_wait,w_700/https://blog.example.org/heron.png"
SHOWN = "https://cdn.shortpixel.ai/client/q_lossy,ret_img,w_700/https://blog.example.org/heron.png"
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def _fixed(fragment: str) -> list[str]:
    root = lxml_html.fragment_fromstring(f"<div>{fragment}</div>")
    fix_lazy_images(root)
    return [img.get("src") for img in root.iter("img")]


def _page(body: str) -> str:
    return (f"<html><head><meta name='generator' content='WordPress 6.4'><title>Herons</title></head><body>"
            f"<article class='post type-post hentry'><h1 class='entry-title'>Herons</h1>"
            f"<div class='entry-content'><p>The frost had not lifted by nine.</p>{body}"
            f"<p>The path along the river was white.</p></div></article></body></html>")


@pytest.mark.parametrize("fragment", [
    # Autoptimize: the copy first, then the lazy img
    f'<noscript><img src="{REAL}" alt="Heron"></noscript><img class="lazyload" src="{SVG}" data-src="{REAL}" alt="Heron">',
    # most lazy loaders: the lazy img first
    f'<img class="lazyload" src="{SVG}" data-src="{REAL}" alt="Heron"><noscript><img src="{REAL}" alt="Heron"></noscript>',
    # each in its own link
    f'<a href="{REAL}"><img src="{SVG}" data-lazy-src="{REAL}"></a><noscript><a href="{REAL}"><img src="{REAL}"></a></noscript>',
    f'<noscript><a href="{REAL}"><img src="{REAL}"></a></noscript> <a href="{REAL}"><img src="{SVG}" data-src="{REAL}"></a>',
])
def test_lazy_img_and_its_noscript_copy_are_one_image(fragment):
    assert _fixed(fragment) == [REAL]


def test_copy_before_the_lazy_img_keeps_alt_and_src():
    root = lxml_html.fragment_fromstring(
        f'<p><noscript><img src="{REAL}" alt="Heron"></noscript><img src="{SVG}" data-src="{REAL}"></p>')
    fix_lazy_images(root)
    assert [(img.get("src"), img.get("alt")) for img in root.iter("img")] == [(REAL, "Heron")]


def test_low_quality_preview_never_wins():
    assert _fixed(f'<noscript><img src="{SHOWN}"></noscript><img class="lazyload" src="{LQIP}" data-src="{SHOWN}">') \
        == [SHOWN]
    assert _fixed(f'<img src="{LQIP}" data-src="{SHOWN}">') == [SHOWN]


@pytest.mark.parametrize("img, expected", [
    (f'<img src="{LQIP}" data-src="{SHOWN}">', SHOWN),
    (f'<img src="{SVG}" data-lazy-src="{LQIP}" data-srcset="{LQIP} 700w, {REAL} 300w">', REAL),
    (f'<img src="{SVG}" srcset="data:image/gif;base64,R0lGODlhAQABAAAAACw= 1w, {REAL} 300w">', REAL),
    (f'<img src="https://blog.example.org/t/images/penci2-holder.png" data-src="{REAL}">', REAL),
    (f'<img src="https://res.cloudinary.com/x/image/upload/e_blur:1000,q_1/heron.jpg" data-src="{REAL}">', REAL),
])
def test_real_src_skips_placeholders_in_every_attribute(img, expected):
    assert real_src(lxml_html.fragment_fromstring(img)) == expected


def test_noscript_beside_another_image_is_not_a_twin():
    other = "https://blog.example.org/wp-content/uploads/2020/05/weir.png"
    # a real image (not lazy) beside the copy of another file, and a lazy one with text between: both kept
    assert _fixed(f'<img src="{other}"><noscript><img src="{REAL}"></noscript>') == [other, REAL]
    assert _fixed(f'<noscript><img src="{REAL}"></noscript> and <img src="{SVG}" data-src="{other}">') == [REAL, other]


def test_extracted_page_shows_the_image_once():
    body = (f'<p><a href="{REAL}"><noscript><img src="{REAL}" alt="Heron"></noscript>'
            f'<img class="lazyload" src="{SVG}" data-src="{REAL}" alt="Heron"></a></p>')
    post = extract_page(_page(body), url="https://blog.example.org/herons/")
    assert IMAGE.findall(to_markdown(post.body_html)) == [REAL]
    assert [image.src for image in post.images] == [REAL]


def test_image_only_heading_becomes_the_image():
    md = to_markdown(f'<p>Before.</p><h3><img src="{REAL}" alt="Business focus: a camera lens"></h3><p>After.</p>')
    assert md == f"Before.\n\n![Business focus: a camera lens]({REAL})\n\nAfter.\n"


def test_heading_keeps_its_text_and_the_image_its_place():
    md = to_markdown(f'<h2><a href="{REAL}"><img src="{REAL}" alt="Heron"></a> Herons at the weir</h2>'
                     f'<h2>Winter <img src="{SHOWN}" alt=""></h2>')
    assert md == f"[![Heron]({REAL})]({REAL})\n\n## Herons at the weir\n\n## Winter\n\n![]({SHOWN})\n"


def test_image_in_linked_heading_text_keeps_both():
    md = to_markdown(f'<h4><a href="/more"><img src="{REAL}" alt="Heron">More herons</a></h4>')
    assert md == f"![Heron]({REAL})\n\n#### [More herons](/more)\n"


def test_headings_without_images_are_untouched():
    html = f'<h2 id="a">Plain <em>title</em></h2><p><img src="{REAL}" alt="x"></p><h3>Next</h3>'
    assert to_markdown(html) == f"## Plain *title*\n\n![x]({REAL})\n\n### Next\n"


def test_extracted_heading_images_reach_the_markdown():
    body = "".join(f'<h3><img src="https://blog.example.org/{n}.jpg" alt="Focus {n}"></h3><p>Part {n}.</p>'
                   for n in range(3))
    post = extract_page(_page(body), url="https://blog.example.org/herons/")
    md = to_markdown(post.body_html)
    assert [image.src for image in post.images] == IMAGE.findall(md)
    assert "### " not in md and all(f"Part {n}." in md for n in range(3))


def test_a_page_read_by_generic_extraction_keeps_its_lazy_images_real_address():
    """The generic extractor keeps only `src`: the real address is put there before it reads the page."""
    from wparchive.extract.page import extract_page

    words = " ".join(f"word{n}" for n in range(120))
    html = (f"<html><head><title>A story</title></head><body><div class='x'><h1>A story</h1><p>{words}.</p>"
            "<p><img src='https://news.example/lazyload-placeholder.png' data-lazy-src='https://news.example/real.jpg'"
            f" alt='Real'></p><p>{words}.</p></div></body></html>")
    post = extract_page(html, url="https://news.example/story")
    assert "https://news.example/real.jpg" in post.body_html and "placeholder" not in post.body_html
