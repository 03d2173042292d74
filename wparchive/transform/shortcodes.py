"""Shortcode parsing with WordPress's own rules (`get_shortcode_regex`, `shortcode_parse_atts`, `do_shortcode`).

Only registered names are shortcodes, as in WordPress: anything else in brackets stays text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from .context import Notes, RenderContext
from .scan import Matches

__all__ = [
    "Shortcode", "ShortcodeMatch", "ShortcodePattern", "apply_shortcodes", "find_unknown", "parse_atts",
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
# `[` not after another `[`: the lookbehind comes after the `[`, so the regex engine can skip from `[` to `[`.
_UNKNOWN_OPEN = re.compile(r"\[(?<!\[\[)([A-Za-z][\w-]*)(?:\s+[\w-]+\s*=[^\]\[]*|\s*/)\]")
_UNKNOWN_CLOSE = re.compile(r"\[/([A-Za-z][\w-]*)\]")
_BRACKET_END = re.compile(r"\]")
_ALONE_END = re.compile(_SPACES + "</p>")
_NAME_GOES_ON = re.compile(r"[\w-]")


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


class ShortcodePattern:
    """get_shortcode_regex() and shortcode_unautop()'s regex, as a scanner that finds the same matches.

    The regexes look for an opening's `[/name]` by reading on to the end of the text when there is
    none, and for its `]` likewise, so a damaged post with thousands of unclosed `[caption]`s took
    minutes. Here the closing `]` and `[/name]` after each opening are found by bisection.
    """

    def __init__(self, names: Iterable[str]):
        self._names = sorted(names, key=len, reverse=True)  # the regex's alternation, in its order
        tags = "|".join(re.escape(n) for n in self._names)
        self._open = re.compile(r"\[(\[?)(" + tags + r")(?![\w-])")
        self._open_alone = re.compile(r"<p>" + _SPACES + r"(?=\[(?:" + tags + r")(?![\w-]))")

    def sub(self, repl: Callable[[ShortcodeMatch], str], text: str) -> str:
        """Like re.sub with get_shortcode_regex(): each shortcode, left to right, replaced by repl(match)."""
        parts, pos, marks = [], 0, _Marks(text)
        while (m := self._open.search(text, pos)) is not None:
            found = _find(marks, m.start(), m.end(), m.group(2), with_content=True)
            if found is None:
                break  # no `]` after this opening, so none after any later one either
            match = _to_match(text, found, m.group(1), m.group(2))
            parts += (text[pos:match.start], repl(match))
            pos = match.end
        return "".join(parts) + text[pos:] if parts else text

    def unautop(self, text: str) -> str:
        """shortcode_unautop(): a registered shortcode alone in a paragraph loses the paragraph."""
        parts, pos, at, marks = [], 0, 0, _Marks(text)
        while (m := self._open_alone.search(text, at)) is not None:
            at = m.start() + 1
            alone = self._alone(text, marks, m.end())
            if alone is not None:
                parts += (text[pos:m.start()], alone[0])
                pos = at = alone[1]
        return "".join(parts) + text[pos:] if parts else text

    def _alone(self, text: str, marks: _Marks, tag: int) -> tuple[str, int] | None:
        """The shortcode at `tag` and where the `</p>` after it ends, trying what the regex backtracks
        through: each name that fits, longest first; with its content, then without."""
        for name in self._names:
            name_end = tag + 1 + len(name)
            if not text.startswith(name, tag + 1) or _NAME_GOES_ON.match(text, name_end):
                continue
            for with_content in (True, False):
                found = _find(marks, tag, name_end, name, with_content)
                if found is None:
                    break
                close = _ALONE_END.match(text, found.end)
                if close:
                    return text[tag:found.end], close.end()
                if found.closer < 0:
                    break
        return None


@dataclass(frozen=True, slots=True)
class ShortcodeMatch:
    """One shortcode found, with get_shortcode_regex()'s groups: 1 `[` escape, 2 name, 3 atts, 4 `/`,
    5 content (None when it has none), 6 `]` escape."""

    groups: tuple[str | None, ...]
    start: int
    end: int

    def group(self, number: int = 0) -> str | None:
        return self.groups[number]


class _Marks:
    """Where each `]` and each `[/name]` is in a text, found once and then looked up by bisection."""

    def __init__(self, text: str):
        self.text, self._ends, self._closers = text, Matches(text, _BRACKET_END), {}

    def end(self, start: int) -> int:
        m = self._ends.first(start)
        return m.start() if m else -1

    def closer(self, name: str, start: int) -> int:
        if name not in self._closers:
            self._closers[name] = Matches(self.text, re.compile(re.escape(f"[/{name}]")))
        m = self._closers[name].first(start)
        return m.start() if m else -1


class _Found(NamedTuple):
    """Where a shortcode lies, as positions: an opening tried and given up costs no copying."""

    start: int
    name_end: int
    bracket: int  # its `]` (after the `/` when self-closing)
    slash: bool
    closer: int  # where its `[/name]` starts, or -1
    end: int  # after the `]` or the `[/name]`


def _find(marks: _Marks, start: int, name_end: int, name: str, with_content: bool) -> _Found | None:
    """The shortcode opening at `start`, as the regex would match it there; None when no `]` follows."""
    bracket = marks.end(name_end)
    if bracket < 0:
        return None
    if bracket > name_end and marks.text[bracket - 1] == "/":
        return _Found(start, name_end, bracket, True, -1, bracket + 1)
    closer = marks.closer(name, bracket + 1) if with_content else -1
    return _Found(start, name_end, bracket, False, closer, closer + len(name) + 3 if closer >= 0 else bracket + 1)


def _to_match(text: str, found: _Found, escape: str, name: str) -> ShortcodeMatch:
    tail = "]" if text.startswith("]", found.end) else ""
    end = found.end + len(tail)
    atts = text[found.name_end:found.bracket - 1 if found.slash else found.bracket]
    content = text[found.bracket + 1:found.closer] if found.closer >= 0 else None
    groups = (text[found.start:end], escape, name, atts, "/" if found.slash else None, content, tail)
    return ShortcodeMatch(groups, found.start, end)


def apply_shortcodes(
    text: str, pattern: ShortcodePattern, handlers: Mapping[str, Handler], ctx: RenderContext, notes: Notes
) -> str:
    """do_shortcode(): one pass over the text, `[[x]]` unescaped to `[x]`, each match replaced by its handler."""
    if "[" not in text:
        return text

    def replace(m: ShortcodeMatch) -> str:
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
    if "[" not in text:
        return []
    known = set(known)
    names = [m.group(1) for m in _UNKNOWN_OPEN.finditer(text)] + [m.group(1) for m in _UNKNOWN_CLOSE.finditer(text)]
    return [n for n in dict.fromkeys(names) if n not in known]
