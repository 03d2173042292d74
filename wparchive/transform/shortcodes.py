"""Shortcode parsing with WordPress's own rules (`get_shortcode_regex`, `shortcode_parse_atts`, `do_shortcode`).

Only registered names are shortcodes, as in WordPress: anything else in brackets stays text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .context import Notes, RenderContext

__all__ = [
    "Shortcode", "apply_shortcodes", "find_unknown", "parse_atts", "shortcode_regex", "shortcode_unautop",
]

# shortcode_parse_atts(): name="v", name='v', name=v, "positional", 'positional', positional.
_ATTS = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
_ODD_SPACES = re.compile("[\u00a0\u200b]+")
# WordPress blanks attribute values holding '<' unless the angle brackets pair up as tags.
_BALANCED_TAGS = re.compile(r"^[^<]*(?:<[^>]*>[^<]*)*$")
# PHP's stripcslashes(): C escapes (\n, \x41, \101) decoded, any other backslash dropped.
_CSLASH = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)", re.S)
_CESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "f": "\f", "a": "\a", "b": "\b"}
_SPACES = "(?:[\r\n\t ]|\u00a0|&nbsp;)*"  # wp_spaces_regexp()
_TAG_WITH_BRACKET = re.compile(r"<[^<>[]*\[[^<>]*>")  # first "[" only: linear, no backtracking over each "["
_UNKNOWN_OPEN = re.compile(r"(?<!\[)\[([A-Za-z][\w-]*)(?:\s+[\w-]+\s*=[^\]\[]*|\s*/)\]")
_UNKNOWN_CLOSE = re.compile(r"\[/([A-Za-z][\w-]*)\]")


@dataclass(frozen=True, slots=True)
class Shortcode:
    """One matched shortcode; `content` is None for the self-closing form."""

    name: str
    named: Mapping[str, str] = field(default_factory=dict)
    positional: tuple[str, ...] = ()
    content: str | None = None
    raw: str = ""

    def att(self, *names: str) -> str:
        """First non-empty of the named attributes (WordPress shortcodes accept aliases like src/mp4)."""
        return next((self.named[n] for n in names if self.named.get(n)), "")


Handler = Callable[[Shortcode, RenderContext, Notes], str]


def parse_atts(text: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """Named attributes (keys lower-cased) and positional values, as shortcode_parse_atts returns them."""
    named: dict[str, str] = {}
    positional: list[str] = []
    for m in _ATTS.finditer(_ODD_SPACES.sub(" ", text)):
        key = m.group(1) or m.group(3) or m.group(5)
        if key:
            named[key.lower()] = _clean_value(m.group(2) if m.group(1) else m.group(4) if m.group(3) else m.group(6))
        elif m.group(7) or m.group(8) or m.group(9) is not None:  # empty quoted values are skipped
            positional.append(_clean_value(m.group(7) or m.group(8) or m.group(9)))
    return named, tuple(positional)


def _clean_value(value: str) -> str:
    """stripcslashes(), then blank a value whose angle brackets do not pair up as tags."""
    if "\\" in value:
        value = _CSLASH.sub(_unescape_c, value)
    if "<" in value and not _BALANCED_TAGS.match(value):
        return ""
    return value


def _unescape_c(m: re.Match[str]) -> str:
    code = m.group(1)
    if code[0] == "x" and len(code) > 1:
        return chr(int(code[1:], 16))
    if code[0] in "01234567":
        return chr(int(code, 8) & 0xFF)
    return _CESCAPES.get(code, code)


def shortcode_regex(names: Iterable[str]) -> re.Pattern[str]:
    """get_shortcode_regex(): groups 1 `[` escape, 2 name, 3 atts, 4 self-closing `/`, 5 content, 6 `]` escape."""
    tags = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        r"\[(\[?)(" + tags + r")(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)"
        r"(?:(/)\]|\](?:([^\[]*(?:\[(?!/\2\])[^\[]*)*)\[/\2\])?)(\]?)"
    )


def unautop_regex(names: Iterable[str]) -> re.Pattern[str]:
    """shortcode_unautop(): a registered shortcode alone in a paragraph is not a paragraph."""
    tags = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        r"<p>" + _SPACES + r"(\[(" + tags + r")(?![\w-])[^\]/]*(?:/(?!\])[^\]/]*)*?"
        r"(?:/\]|\](?:[^\[]*(?:\[(?!/\2\])[^\[]*)*\[/\2\])?))" + _SPACES + r"</p>"
    )


def shortcode_unautop(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(r"\1", text)


def apply_shortcodes(
    text: str, pattern: re.Pattern[str], handlers: Mapping[str, Handler], ctx: RenderContext, notes: Notes
) -> str:
    """do_shortcode(): one pass over the text, `[[x]]` unescaped to `[x]`, each match replaced by its handler."""
    if "[" not in text:
        return text

    def replace(m: re.Match[str]) -> str:
        if m.group(1) == "[" and m.group(6) == "]":
            return m.group(0)[1:-1]
        named, positional = parse_atts(m.group(3))
        raw = m.group(0)[len(m.group(1)):len(m.group(0)) - len(m.group(6))]
        code = Shortcode(m.group(2), named, positional, m.group(5), raw)
        return m.group(1) + handlers[code.name](code, ctx, notes) + m.group(6)

    text = _TAG_WITH_BRACKET.sub(_escape_brackets, text)
    text = pattern.sub(replace, text)
    return text.replace("&#91;", "[").replace("&#93;", "]")  # unescape_invalid_shortcodes()


def _escape_brackets(m: re.Match[str]) -> str:
    """do_shortcodes_in_html_tags(): brackets inside a tag's attributes never start a shortcode."""
    return m.group(0).replace("[", "&#91;").replace("]", "&#93;")


def find_unknown(text: str, known: Iterable[str]) -> list[str]:
    """Names that look like shortcodes (attributes, `/]` or a closing tag) but that nothing handles."""
    known = set(known)
    names = [m.group(1) for m in _UNKNOWN_OPEN.finditer(text)] + [m.group(1) for m in _UNKNOWN_CLOSE.finditer(text)]
    return [n for n in dict.fromkeys(names) if n not in known]
