"""`opener .*? closer` found in linear time, for the WordPress regexes that read to the end of a post
for every opener left unclosed.

A regex engine looks for the closer again from every opener; here the first closer after an opener
is remembered until the scan passes it, so each stretch of text is searched once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

__all__ = ["lazy_spans", "split_spans", "sub_spans", "sub_up_to_last"]


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
