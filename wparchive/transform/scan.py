"""What WordPress's lazy regexes find (`opener.*?closer`, `<tag[^>]*>` and what follows), in linear time.

Those regexes read on to the end of a post for every opener left unclosed. Here the first closer
(or `>`) after an opener is remembered until the scan passes it, so each stretch of text is
searched once; the tests hold every scan to the regex it replaces.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator

__all__ = [
    "Matches", "first_of_spans", "lazy_spans", "split_spans", "sub_spans", "sub_tag_followed", "sub_up_to_last",
]


class Matches:
    """Every match of a pattern in a text, found on first use; then the first one at or after any
    point by bisection, however many openers ask."""

    def __init__(self, text: str, pattern: re.Pattern[str]):
        self.text, self.pattern = text, pattern
        self._matches: list[re.Match[str]] | None = None
        self._starts: list[int] = []

    def first(self, start: int) -> re.Match[str] | None:
        if self._matches is None:
            self._matches = list(self.pattern.finditer(self.text))
            self._starts = [m.start() for m in self._matches]
        i = bisect_left(self._starts, start)
        return self._matches[i] if i < len(self._matches) else None


def lazy_spans(text: str, opener: re.Pattern[str], closer: re.Pattern[str], *, never: str = "",
               ) -> Iterator[tuple[int, int]]:
    """The (start, end) of each match of `opener.*?closer` (with re.S), left to right, as finditer gives them.

    `never` is a character the `.*?` may not cross (`[^>]*?` or `.` without re.S for a newline).
    """
    pos, close, stop = 0, None, -1  # the first closer and the first `never` at or after the last opener
    while (m := opener.search(text, pos)) is not None:
        if close is None or close.start() < m.end():
            close = closer.search(text, m.end())
            if close is None:
                return  # no closer after this opener, so none after any later one
        if never:
            if stop < m.end():
                stop = text.find(never, m.end())
                stop = len(text) if stop < 0 else stop
            if stop < close.start():
                pos = m.start() + 1
                continue
        yield m.start(), close.end()
        pos = close.end()


def split_spans(text: str, spans: Iterator[tuple[int, int]]) -> list[str]:
    """Like re.split with the whole pattern captured: text, span, text, span, …, text."""
    parts, pos = [], 0
    for start, end in spans:
        parts += (text[pos:start], text[start:end])
        pos = end
    parts.append(text[pos:])
    return parts


def sub_spans(text: str, spans: Iterator[tuple[int, int]], repl: str = "") -> str:
    parts = split_spans(text, spans)
    parts[1::2] = [repl] * (len(parts) // 2)
    return "".join(parts)


def sub_up_to_last(pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str], text: str, end: str) -> str:
    """pattern.sub() for a pattern whose every match ends with `end` (`<[^>]*>`): run only up to the last one.

    An opener after the last `end` can never match, and the regex engine would read to the end of the
    text for each of them.
    """
    last = text.rfind(end)
    if last < 0:
        return text
    last += len(end)
    return pattern.sub(repl, text[:last]) + text[last:]


def sub_tag_followed(text: str, tag: re.Pattern[str], follow: re.Pattern[str],
                     repl: Callable[[str, re.Match[str]], str] | None = None) -> str:
    """re.sub(`(tag[^>]*>)follow`, r"\\1", text): the tag kept, what follows it dropped; or, given
    `repl`, the whole match replaced by repl(the tag, the match of `follow`).

    `[^>]*>` always ends at the first `>` after the tag's name; found once and remembered, it is not
    read again for each `<p`-like opener before it (`i<pivot` in pasted code).
    """
    parts, pos, at, gt, failed = [], 0, 0, -1, -1
    while (m := tag.search(text, at)) is not None:
        if gt < m.end():
            gt = text.find(">", m.end())
            if gt < 0:
                break  # no `>` after this opener, so none after any later one
        after = None if gt == failed else follow.match(text, gt + 1)
        if after is None:
            failed, at = gt, m.start() + 1  # openers sharing this `>` fail the same way
            continue
        parts += (text[pos:m.start()], repl(text[m.start():gt + 1], after) if repl else text[m.start():gt + 1])
        pos = at = after.end()
    return "".join(parts) + text[pos:] if parts else text


def first_of_spans(text: str, lazies: list[tuple[re.Pattern[str], re.Pattern[str]]]) -> Iterator[tuple[int, int]]:
    """Spans of `(open1.*?close1|open2.*?close2|…|<[^>]*>)` with re.S, left to right, as finditer gives them.

    Each alternative's first closer after an opener is remembered until the scan passes it, and a
    closer that is missing is never looked for again.
    """
    closes: list[int | None] = [None] * len(lazies)  # end of the first closer after the last look; -1: none left
    starts: list[int] = [-1] * len(lazies)
    pos, gt = 0, -1
    while (lt := text.find("<", pos)) >= 0:
        span = None
        for i, (opener, closer) in enumerate(lazies):
            m = opener.match(text, lt)
            if m is None or closes[i] == -1:
                continue
            if closes[i] is None or starts[i] < m.end():
                close = closer.search(text, m.end())
                closes[i], starts[i] = (close.end(), close.start()) if close else (-1, -1)
            if closes[i] != -1:
                span = (lt, closes[i])
                break
        if span is None:
            if gt < lt:
                gt = text.find(">", lt)
            if gt < 0:
                return
            span = (lt, gt + 1)
        yield span
        pos = span[1]
