"""Boilerplate found by its words or links when the theme's markup gives no class to go by."""

from __future__ import annotations

import pytest
from lxml.html import fragment_fromstring, tostring

from wparchive.extract.textrules import (
    is_boilerplate_text,
    remove_boilerplate_text,
    remove_leading_meta,
    remove_term_lists,
)
from wparchive.extract.tidy import html_text


@pytest.mark.parametrize("text", [
    "Connecting to %s", "Verbinde mit %s", "Connexion à %s", "Conectando a %s",
    "You are commenting using your WordPress.com account. ( Log Out / Change )",
    "Vous commentez à l’aide de votre compte WordPress.com.", "Du kommentierst mit Deinem Twitter-Konto.",
    "Estás comentando usando tu cuenta de Facebook.", "Fill in your details below or click an icon to log in:",
    "Notify me of new comments via email.", "Share this:", "Partager :", "Teilen mit:", "Compartir esto:",
    "Like this:", "J’aime ça :", "Gefällt mir:", "Me gusta esto:", "Like Loading...", "Leave a Reply",
    "Laisser un commentaire", "Kommentar verfassen", "Deja una respuesta", "This slideshow requires JavaScript.",
])
def test_comment_form_sharing_and_likes_text(text):
    assert is_boilerplate_text(text)


@pytest.mark.parametrize("text", [
    "Share your thoughts with the mayor at the meeting on Tuesday.",
    "I like this recipe a lot.",
    "Related stories were published by three newspapers, and the discussion that followed was long. " * 5,
])
def test_prose_is_not_boilerplate(text):
    assert not is_boilerplate_text(text)


def test_removal_takes_the_smallest_block():
    root = fragment_fromstring(
        "<div><div><p>The real paragraph.</p><div class='x'><h3>Share this:</h3><ul><li><a href='#'>Twitter</a>"
        "</li></ul></div><p>Connecting to %s</p></div></div>")
    remove_boilerplate_text(root)
    text = html_text(tostring(root, encoding="unicode"))
    assert text.startswith("The real paragraph.")
    assert "Share this" not in text and "Connecting" not in text


def test_term_lists_go_but_prose_with_a_tag_link_stays():
    root = fragment_fromstring(
        "<div><p>Filed under <a href='/tag/rust/'>Rust</a> — our favourite language, as <a href='/tag/go/'>Go</a> "
        "users keep reminding us in long and friendly discussions.</p>"
        "<div class='meta'><a href='/category/news/'>News</a>, <a href='/tag/rust/'>Rust</a></div></div>")
    remove_term_lists(root)
    assert [el.tag for el in root] == ["p"]


@pytest.mark.parametrize("text", [
    "Sharing is caring!", "Comments", "12 Comments", "No comments", "3 Kommentare", "Commentaires",
    "Advertisement", "Advertising", "Advert", "Anzeige", "Publicité",
    "Click here to subscribe to The Paradigm Newsletter",
    "Sign Up: Stay on top of the latest news! Sign up for our Email Newsletters here.",
])
def test_share_headings_comment_headings_ad_labels_and_newsletter_calls(text):
    assert is_boilerplate_text(text)


@pytest.mark.parametrize("text", [
    "The comments were harsh.", "Advertising budgets fell by a third in 2009.",
    ("She wrote that she would subscribe to the idea of a weekly newsletter if readers asked for one, and "
     "explained at length why the old one had stopped in 2014 after the printer closed and nobody took over."),
])
def test_prose_about_comments_ads_and_newsletters_stays(text):
    root = fragment_fromstring(f"<div><p>{text}</p><p>Other text.</p></div>")
    remove_boilerplate_text(root)
    assert html_text(tostring(root, encoding="unicode")).splitlines() == [text, "Other text."]


def _leading(html: str, title: str) -> list[str]:
    root = fragment_fromstring(html, create_parent="div")
    remove_leading_meta(root, title)
    return html_text(tostring(root, encoding="unicode")).splitlines()


def test_leading_title_and_byline_lines_go():
    assert _leading("<h1>Lunar Landers: Five More</h1><div><span class='a'>by Jeff Foust — November 18, 2019</span>"
                    "</div><p>Published 18 November 2019</p><p>WASHINGTON — NASA announced on Monday.</p>",
                    "Lunar landers — five more") == ["WASHINGTON — NASA announced on Monday."]


def test_leading_meta_stops_at_the_first_other_block():
    html = ("<p>By 2024 the landers should fly.</p><h1>Lunar landers</h1><p>by Jeff Foust — November 18, 2019</p>"
            "<p>Posted on 1 May 2019 by a reader who wrote in.</p>")
    assert _leading(html, "Lunar landers") == ["By 2024 the landers should fly.", "Lunar landers",
                                               "by Jeff Foust — November 18, 2019",
                                               "Posted on 1 May 2019 by a reader who wrote in."]


def test_leading_meta_keeps_a_heading_that_is_not_the_title_and_a_byline_without_a_date():
    assert _leading("<h2>Why it matters</h2><p>Text.</p>", "Lunar landers") == ["Why it matters", "Text."]
    assert _leading("<p>by the sea, where we lived</p><p>Text.</p>", "Title") == ["by the sea, where we lived", "Text."]
