"""The boilerplate rules are data: every rule names what it is for, and matching finds what it says."""

from __future__ import annotations

import pytest
from cssselect import GenericTranslator
from lxml.html import fragment_fromstring

from wparchive.extract import selectors
from wparchive.extract.detect import is_wordpress, wordpress_markers

GROUPS = {"posts": selectors.POSTS, "content": selectors.CONTENT, "variants": selectors.CONTENT_VARIANTS,
          "related": selectors.RELATED_BLOCKS, "boilerplate": selectors.BOILERPLATE}


@pytest.mark.parametrize("group", GROUPS)
def test_every_rule_is_valid_css_with_a_comment(group):
    rules = GROUPS[group]
    for css, comment in rules:
        GenericTranslator().css_to_xpath(css)
        assert comment.strip(), css
    assert len({css for css, _ in rules}) == len(rules), "duplicate rule"


def test_ruleset_matches_like_css():
    root = fragment_fromstring(
        "<div><div id='secondary'><p class='x sharedaddy y'>s</p></div><footer class='entry-meta'>f</footer>"
        "<footer>plain</footer><div id='div-gpt-ad-12'>ad</div><div class='mvp-author-box-wrap'>a</div>"
        "<span hidden>h</span><p>kept</p></div>")
    found = {"".join(el.itertext()) for el in selectors.boilerplate(root)}
    assert found == {"s", "f", "ad", "a", "h"}


def test_ruleset_reports_the_first_matching_rule():
    root = fragment_fromstring("<div><div class='entry post-content entry-content'>x</div></div>")
    ((_, index),) = selectors.content.select(root)
    assert selectors.CONTENT[index][0] == ".entry-content"


@pytest.mark.parametrize(("html", "markers"), [
    ('<meta name="generator" content="WordPress 6.4">', ("generator",)),
    ('<meta content="WordPress.com" name="generator">', ("generator",)),
    ("<link rel='https://api.w.org/' href='/wp-json/'>", ("api.w.org",)),
    ('<script src="/wp-includes/js/jquery.js"></script>', ("wp-includes",)),
    ('<link href="/wp-content/themes/x/style.css">', ("wp-content/themes|plugins",)),
    ("<p>Hello</p>", ()),
])
def test_wordpress_markers(html, markers):
    assert wordpress_markers(html) == markers
    assert is_wordpress(html) == bool(markers)


def test_share_text_reading_time_and_byline_rules():
    root = fragment_fromstring(
        "<div><p class='dpsp-share-text'>Sharing is caring!</p><span class='rt-reading-time'>3 min</span>"
        "<p class='estimated-read-time'>Tempo de leitura: 1 minuto</p><div class='post-reading-time'>4 min</div>"
        "<span class='posted-on'>May 1</span><p class='byline'>by Ann</p><p>Bread time is kept.</p></div>")
    found = {"".join(el.itertext()) for el in selectors.boilerplate(root)}
    assert found == {"Sharing is caring!", "3 min", "Tempo de leitura: 1 minuto", "4 min", "May 1", "by Ann"}


def test_underscore_article_body_is_a_content_variant():
    root = fragment_fromstring("<div><div id='article' class='article_body'>x</div></div>")
    assert [el.get("class") for el in selectors.content_variants(root)] == ["article_body"]


def test_generator_marker_is_linear_on_hostile_text():
    """Once cubic: 1,000 unclosed '<meta name=generator' took 24 s."""
    assert wordpress_markers("<meta name=generator " * 5000) == ()
    assert wordpress_markers('<meta content="WordPress 6.4" name="generator">') == ("generator",)
