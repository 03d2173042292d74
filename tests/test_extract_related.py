"""find_related_links: lead-in paragraphs in four languages and related-post plugin blocks."""

from __future__ import annotations

import pytest
from lxml.html import fragment_fromstring

from wparchive.extract.related import find_related_links, is_lead_in
from wparchive.model import Link


def links(html: str) -> list[tuple[str, str]]:
    return [(link.text, link.href) for link in find_related_links(fragment_fromstring(html, create_parent="div"))]


@pytest.mark.parametrize("lead_in", [
    "Previous stories on this topic:", "Related:", "Related posts", "See also", "Read more:",
    "À lire aussi :", "Voir aussi", "Siehe auch:", "Lesen Sie auch", "Ähnliche Beiträge", "Ver también:",
    "Artículos relacionados", "Lee también",
])
def test_lead_in_followed_by_link_paragraphs(lead_in):
    html = (f"<p>Body text.</p><p><strong>{lead_in}</strong></p>"
            "<p><a href='/a/'>First story</a></p><p><a href='/b/'>Second story</a></p>"
            "<p>More prose that <a href='/c/'>mentions a link</a> in passing is not a related link.</p>")
    assert links(html) == [("First story", "/a/"), ("Second story", "/b/")]


def test_lead_in_followed_by_a_list():
    html = "<h3>Related</h3><ul><li><a href='/x/'>X</a> (2019)</li><li><a href='/y/'>Y</a></li></ul><p>Prose.</p>"
    assert links(html) == [("X", "/x/"), ("Y", "/y/")]


def test_inline_lead_in():
    assert links("<p>Read more: <a href='/one/'>One</a> | <a href='/two/'>Two</a></p>") == [
        ("One", "/one/"), ("Two", "/two/")]


def test_prose_starting_like_a_lead_in_is_not_one():
    html = "<p>Related to this, I went to <a href='/shop/'>the shop</a> yesterday and bought bread.</p>"
    assert links(html) == []


@pytest.mark.parametrize("block", [
    ("<div id='jp-relatedposts' class='jp-relatedposts'><h3 class='jp-relatedposts-headline'><em>Related</em></h3>"
     "<div class='jp-relatedposts-items'><div class='jp-relatedposts-post'>"
     "<a class='jp-relatedposts-post-a' href='/p/1/' title='Post one'><img src='t.jpg' alt='Post one'></a>"
     "<h4 class='jp-relatedposts-post-title'><a class='jp-relatedposts-post-a' href='/p/1/'>Post one</a></h4>"
     "</div></div></div>"),
    ("<div class='yarpp yarpp-related'><h3>Related posts:</h3><ol><li><a href='/p/1/' rel='bookmark'>Post one</a>"
     "</li></ol></div>"),
    ("<div class='crp_related'><ul><li><a href='/p/1/' class='crp_link'><span class='crp_title'>Post one</span></a>"
     "</li></ul></div>"),
    "<section class='related-posts'><h2>You may also like</h2><article><a href='/p/1/'>Post one</a></article></section>",
])
def test_plugin_blocks(block):
    assert links(f"<p>Body.</p>{block}") == [("Post one", "/p/1/")]


def test_each_href_once_and_anchors_skipped():
    html = ("<p>See also:</p><p><a href='/a/'>A</a></p>"
            "<div class='yarpp-related'><a href='/a/'>A again</a><a href='#top'>Top</a><a href='/b/'>B</a></div>")
    assert find_related_links(fragment_fromstring(html, create_parent="div")) == (
        Link(text="A", href="/a/"), Link(text="B", href="/b/"))


def test_is_lead_in():
    div = fragment_fromstring("<div><p>Related:</p><p><a href='/x/'>Related</a></p><p>Related reading is fun.</p></div>")
    assert [is_lead_in(p) for p in div] == [True, False, False]


def test_thousands_of_inline_lead_ins_in_one_block() -> None:
    """Each inline "Related" joined its whole block's text again: 8,000 in one div took 39 s."""
    spans = "".join(f'<span>Related</span> <a href="https://e.x/{n}">post {n}</a> ' for n in range(8000))
    links = find_related_links(fragment_fromstring(f"<div><p>text</p><div>{spans}</div></div>"))
    assert len(links) == 8000 and links[-1] == Link(text="post 7999", href="https://e.x/7999")
