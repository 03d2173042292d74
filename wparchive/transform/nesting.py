"""Markup nested past libxml2's depth limit, made parseable without losing its text.

libxml2 drops whatever lies deeper than its limit (256 elements, 2,048 with huge_tree). Such depth
comes from tags opened and never closed (a <div> or <font> per paragraph); dropping those tags
keeps every word. Block wrappers leave a space so words on either side stay apart. Tags that say
something (del, code, sup, landmarks such as nav that extraction reads) stay.
"""

from __future__ import annotations

import re

__all__ = ["drop_wrappers", "too_deep"]

_BLOCK_WRAPPERS = re.compile(
    r"</?(?:div|section|article|main|aside|center|blockquote)\b[^<>]*>", re.IGNORECASE)
_INLINE_WRAPPERS = re.compile(
    r"</?(?:span|font|b|i|u|em|strong|small|big)\b[^<>]*>", re.IGNORECASE)


def drop_wrappers(html: str) -> str:
    """The markup without the tags that nest when left open; their text stays."""
    return _INLINE_WRAPPERS.sub("", _BLOCK_WRAPPERS.sub(" ", html))


def too_deep(error_log) -> bool:
    """Whether a parse hit libxml2's depth limit, from the parser's error log."""
    return any(e.type_name == "ERR_RESOURCE_LIMIT" or e.message.startswith("Excessive depth") for e in error_log)
