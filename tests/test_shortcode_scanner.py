"""The shortcode scanner finds exactly what WordPress's regexes find, in linear time on damaged posts.

The two regexes below are get_shortcode_regex() and shortcode_unautop()'s pattern as WordPress
writes them; they are the reference the scanner must agree with on any text. For a longer hunt:
    WPARCHIVE_FUZZ_EXAMPLES=20000 .venv/bin/pytest tests/test_shortcode_scanner.py
"""

from __future__ import annotations

import os
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from wparchive.transform.content import render_wordpress
from wparchive.transform.embeds import embed_link, run_embed_shortcodes
from wparchive.transform.shortcodes import _UNKNOWN_OPEN, ShortcodePattern

EXAMPLES = int(os.environ.get("WPARCHIVE_FUZZ_EXAMPLES", "400"))
NAMES = ("caption", "gallery", "x", "x-y", "x.y")  # WordPress allows a dot: "x.y" is "x" with more
_TAGS = "|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True))
_SPACES = "(?:[\r\n\t ]|\u00a0|&nbsp;)*"
WORDPRESS = re.compile(
    r"\[(\[?)(" + _TAGS + r")(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:(/)\]|\](?:([^\[]*(?:\[(?!/\2\])[^\[]*)*)\[/\2\])?)(\]?)"
)
WORDPRESS_UNAUTOP = re.compile(
    r"<p>" + _SPACES + r"(\[(" + _TAGS + r")(?![\w-])[^\]/]*(?:/(?!\])[^\]/]*)*?"
    r"(?:/\]|\](?:[^\[]*(?:\[(?!/\2\])[^\[]*)*\[/\2\])?))" + _SPACES + r"</p>"
)
SCANNER = ShortcodePattern(NAMES)

# Texts built from the pieces that decide a match: openings, closers, brackets, slashes, paragraphs.
PIECES = st.sampled_from([
    "[caption", "[gallery", "[x", "[x-y", "[xy", "[[", "]", "]]", "/", "/]", "[/caption]", "[/gallery]",
    "[/x]", "[/x-y]", "[x.y", "[/x.y]", ".y", "[/", " ", "\n", "&nbsp;", "\u00a0", " id=1", ' a="b c"', "text",
    "<p>", "</p>", "<img src=a.jpg>", "-", "_",
])
TEXTS = st.lists(PIECES, max_size=30).map("".join)


def _groups(m: re.Match[str]) -> str:
    return repr(m.groups())


@settings(max_examples=EXAMPLES, deadline=None)
@given(TEXTS)
@example("[caption]a[/caption]]")
@example("[[x]] [x /] [x/] [x a=1]in[/x] [x-y]")
@example("<p>[caption]</p>[/caption]")  # unautop without the content, once the content is not followed by </p>
@example("[x a='/]'] [caption")
@example("<p>[x.y]z[/x]</p>")  # unautop backtracks from the name x.y to x
def test_scanner_matches_wordpress_regex(text: str) -> None:
    assert SCANNER.sub(lambda m: repr(m.groups[1:]), text) == WORDPRESS.sub(_groups, text)
    assert SCANNER.unautop(text) == WORDPRESS_UNAUTOP.sub(r"\1", text)


def test_match_positions_and_groups() -> None:
    seen = []
    SCANNER.sub(lambda m: seen.append((m.start, m.end, m.group(0), m.group(5))) or "", "ab [x]in[/x]] cd")
    assert seen == [(3, 13, "[x]in[/x]]", "in")]


def test_damaged_post_with_thousands_of_unclosed_shortcodes() -> None:
    """WordPress's regex reads to the end of the text for each unclosed opening: 6,000 took 40 s."""
    text = "[caption id=x]<img src=a.jpg> words\n\n" * 20_000 + "[caption id=y <img src=b.jpg> no bracket\n\n" * 20_000
    html = render_wordpress(text)
    assert html.count("<img") == 40_000 and html.count("words</p>") == 20_000
    assert html.count("[caption id=y") == 20_000  # never closed by a `]`: text


WORDPRESS_EMBED = re.compile(r"\[embed(?![\w-])([^\]]*)\](.*?)\[/embed\]", re.S)
EMBED_PIECES = st.sampled_from(
    ["[embed", "[embed]", "[embeds", "[/embed]", "]", "[", " w=1", "https://example.com/v", " ", "\n"])


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(EMBED_PIECES, max_size=25).map("".join))
def test_embed_runner_matches_the_regex(text: str) -> None:
    def link(m: re.Match[str]) -> str:
        return embed_link(m.group(2)) if m.group(2).strip() else ""

    assert run_embed_shortcodes(text) == WORDPRESS_EMBED.sub(link, text)


def test_thousands_of_unclosed_embeds() -> None:
    text = "[embed]https://youtu.be/abcdefgh\n\n" * 20_000 + "[embed w=1 https://youtu.be/x\n\n" * 20_000
    assert run_embed_shortcodes(text) == text
    closed = text + "[/embed] after"  # the first opening runs to the only closer, as the lazy regex does
    assert run_embed_shortcodes(closed) == embed_link(text[len("[embed]"):]) + " after"


# find_unknown's opening pattern as first written: a `[` not after another `[`, by a lookbehind first.
UNKNOWN_OPEN = re.compile(r"(?<!\[)\[([A-Za-z][\w-]*)(?:\s+[\w-]+\s*=[^\]\[]*|\s*/)\]")
UNKNOWN_PIECES = st.sampled_from(["[", "[[", "]", "col", "x-y", " ", " a=1", "=", "/", "/]", "[/col]", "9", "é"])


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(UNKNOWN_PIECES, max_size=30).map("".join))
@example("[[col a=1] [col a=1] [[[x/]")
def test_unknown_shortcode_openings_as_first_written(text: str) -> None:
    assert [(m.span(), m.groups()) for m in _UNKNOWN_OPEN.finditer(text)] == [
        (m.span(), m.groups()) for m in UNKNOWN_OPEN.finditer(text)]
