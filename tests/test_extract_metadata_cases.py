"""Title, author and date of saved pages whose themes mislead: Kubrick's h1, teasers, bylines, dates without a time."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from wparchive.extract.page import extract_page
from wparchive.model import Post
from wparchive.writers.frontmatter import dump, front_matter


def page(head: str, body: str, url: str = "") -> Post:
    html = f"<html><head>{head}</head><body class='single'>{body}</body></html>"
    return extract_page(html.encode(), url=url, source="t.html")


KUBRICK_POST = """<div id="page"><div id="header"><h1><a href="/">Four Years Remaining</a></h1></div>
<div id="content"><div class="post" id="post-12"><h2><a href="/interning/" rel="bookmark">{h2}</a></h2>
<small>21.10.2019</small><div class="entry"><p>Small integers are interned by CPython.</p></div></div></div></div>"""


@pytest.mark.parametrize("archive", ["Blog Archive", "Blog Archiv"])
def test_kubrick_title_is_the_post_not_the_blog_name_in_the_h1(archive):
    post = page(f"<title>Four Years Remaining » {archive} » Interning of Small Integers in Python</title>",
                KUBRICK_POST.format(h2="Interning of Small Integers in Python"))
    assert post.title == "Interning of Small Integers in Python"


def test_kubrick_title_without_a_post_heading_comes_from_the_title_element():
    post = page("<title>Four Years Remaining » Blog Archive » Interning of Small Integers in Python</title>",
                "<h1>Four Years Remaining</h1><p>Small integers are interned by CPython.</p>")
    assert post.title == "Interning of Small Integers in Python"


def test_an_h1_holding_the_site_name_of_the_title_suffix_loses():
    post = page("<title>Rinderleber-Geschnetzeltes mit Apfel | Liebe geht durch den Magen</title>",
                "<h1>Liebe geht durch den Magen</h1><p>Die Leber in Streifen schneiden.</p>")
    assert post.title == "Rinderleber-Geschnetzeltes mit Apfel"


def test_another_posts_title_in_the_post_element_loses_to_the_heading_og_title_backs():
    post = page("<meta property='og:title' content='Neue DJV-Online-Seminare'>"
                "<title>Neue DJV-Online-Seminare – Natürlich Jagd</title>",
                "<div class='nj-main-post'><h2 class='wp-block-post-title'>Neue DJV-Online-Seminare</h2>"
                "<div class='entry-content'><p>Im März starten neue Seminare.</p></div></div>"
                "<ul class='wp-block-post-template'><li class='wp-block-post post-9587 post type-post hentry'>"
                "<h2 class='wp-block-post-title'><a href='/wolf/'>Abschuss eines zweiten Wolfes</a></h2></li></ul>")
    assert post.title == "Neue DJV-Online-Seminare"


def test_an_h1_that_is_part_of_og_title_wins_over_the_whole():
    post = page("<meta property='og:title' content='Alkohol auf dem Boot – Erfahre mehr zu den Risiken'>"
                "<meta property='og:site_name' content='Fisch-Hitparade'>",
                "<h1 class='post_title'>Alkohol auf dem Boot</h1><div class='entry-content'><p>Text.</p></div>")
    assert post.title == "Alkohol auf dem Boot"


def test_a_post_title_header_holding_date_and_byline_gives_its_heading():
    post = page("<meta property='og:title' content='Nach viel zu langer Zeit mal wieder'>"
                "<title>Nach viel zu langer Zeit mal wieder | Ein Hundetagebuch</title>",
                "<article class='post-2253 post type-post hentry'><header class='post-title'>"
                "<h1>Nach viel zu langer Zeit mal wieder</h1><p class='post-date'>31 Donnerstag Okt 2019</p>"
                "<p>Posted by DT in Tagebuch</p></header><div class='entry-content'><p>Endlich.</p></div></article>")
    assert post.title == "Nach viel zu langer Zeit mal wieder"


def test_the_posts_own_entry_title_still_beats_a_different_og_title():
    """An edited headline the SEO title was not updated for: the page shows the post's own."""
    post = page("<meta property='og:title' content='DB Lounge: Kein Zutritt mehr'>",
                "<article class='post-1 post hentry'><h1 class='entry-title'>DB Lounge: Kein Zugang mehr</h1>"
                "<div class='entry-content'><p>Text.</p></div></article>")
    assert post.title == "DB Lounge: Kein Zugang mehr"


ARTICLE = "<article class='post-1 post hentry'><h1 class='entry-title'>Unbefriedigt</h1>{meta}" \
          "<div class='entry-content'><p>Text of the post.</p></div></article>"


def test_a_date_link_in_the_byline_is_not_the_author():
    post = page("", ARTICLE.format(meta="<div class='byline'><a href='/2020/01/08/'>8. Januar 2020</a> "
                                        "<a rel='author' href='/author/aureliana/'>Aureliana</a></div>"))
    assert post.author == "Aureliana"


@pytest.mark.parametrize(("link", "expected"), [
    ("Archiv anzeigen →", ""),
    ("View all posts by Daniel Lemire", "Daniel Lemire"),
    ("by Jake Goulding", "Jake Goulding"),
])
def test_author_link_words_are_no_name(link, expected):
    post = page("", ARTICLE.format(meta=f"<span class='author-name'><a href='/a/'>{link}</a></span>"))
    assert post.author == expected


def test_json_ld_author_given_by_id_is_looked_up_in_the_graph():
    graph = ('{"@context": "https://schema.org", "@graph": ['
             '{"@type": "Article", "headline": "Unbefriedigt", "author": "https://blog.example/author/a/#author"},'
             '{"@type": "Person", "@id": "https://blog.example/author/a/#author", "name": "Aureliana"}]}')
    post = page(f"<script type='application/ld+json'>{graph}</script>", ARTICLE.format(meta=""))
    assert post.author == "Aureliana"


def test_json_ld_author_id_that_cannot_be_resolved_is_no_author():
    graph = '{"@type": "Article", "headline": "Unbefriedigt", "author": "https://blog.example/author/a/#author"}'
    post = page(f"<script type='application/ld+json'>{graph}</script>", ARTICLE.format(meta=""))
    assert post.author == ""


@pytest.mark.parametrize(("meta", "expected"), [
    ("Frank Bueltge - http://bueltge.de", ""),  # Kubrick-era theme credit
    ("Matthias Hille - Lukas Balbach", ""),
    ("No Author", ""),
    ("Example Blog - Alberto Ávila", "Alberto Ávila"),  # the site's name beside the author's
    ("Anna Beet", "Anna Beet"),
])
def test_meta_author_that_is_a_theme_credit_or_a_placeholder_is_dropped(meta, expected):
    post = page(f"<meta name='author' content='{meta}'><meta property='og:site_name' content='Example Blog'>",
                ARTICLE.format(meta=""))
    assert post.author == expected


def test_json_ld_wrapped_in_cdata_is_read():
    ld = ('<![CDATA[ [{"@type": "BlogPosting", "headline": "Unbefriedigt", '
          '"datePublished": "2020-07-10T14:15:42+00:00"}] ]]>')
    post = page(f"<script type='application/ld+json'>{ld}</script>",
                ARTICLE.format(meta="<p class='post-date'>Last Updated: January 7, 2025</p>"))
    assert post.date == datetime(2020, 7, 10, 14, 15, 42, tzinfo=timezone.utc)


def test_a_visible_date_without_time_is_a_day_not_midnight_utc():
    post = page("", ARTICLE.format(meta="<span class='posted-on'>6. August 2009</span>"))
    assert post.date == date(2009, 8, 6) and not isinstance(post.date, datetime)
    assert "date: 2009-08-06\n" in dump(front_matter(post))


def test_a_visible_date_keeps_its_time_and_claims_no_offset():
    post = page("", ARTICLE.format(meta="<div class='byline'>By Emily Burack 8 January 2020, 3:51 pm</div>"))
    assert post.date == datetime(2020, 1, 8, 15, 51)
    assert post.date.tzinfo is None
    assert "date: 2020-01-08T15:51:00\n" in dump(front_matter(post))


def test_a_visible_time_that_names_utc_keeps_it():
    post = page("", ARTICLE.format(meta="<p class='byline'>Dan Goodin - Apr 16, 2015 8:02 pm UTC</p>"))
    assert post.date == datetime(2015, 4, 16, 20, 2, tzinfo=timezone.utc)


def test_a_permalink_day_takes_the_time_the_date_line_shows_that_day():
    post = page("", ARTICLE.format(meta="<span class='post-date'>Von R. R. am 07.08.2013 um 09:07 Uhr</span>"),
                url="https://blog.example/2013/08/07/kinos/")
    assert post.date == datetime(2013, 8, 7, 9, 7)


def test_a_day_only_iso_date_stays_a_day():
    post = page("<meta property='article:published_time' content='2014-09-25'>", ARTICLE.format(meta=""))
    assert post.date == date(2014, 9, 25) and not isinstance(post.date, datetime)
