"""Boilerplate found by its words or links when the theme's markup gives no class to go by."""

from __future__ import annotations

import pytest
from lxml.html import fragment_fromstring, tostring

from wparchive.extract.textrules import (
    is_boilerplate_text,
    remove_boilerplate_text,
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
