"""Text of a page to an lxml tree that survives hostile markup (deep nesting, bad declarations)."""

from __future__ import annotations

import re

from lxml import etree

from ..model import Problem
from ..transform.nesting import drop_wrappers, too_deep

__all__ = ["parse_html", "xml_safe"]

# Characters XML forbids: libxml2 keeps them in text nodes, and lxml then refuses to edit those nodes.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# Hyphenation plugins (wp-Typography, Hyphenator) fill words with soft hyphens; they only hint line breaks.
_SOFT_HYPHEN = re.compile("\u00ad|&shy;|&#173;|&#xad;", re.IGNORECASE)


def parse_html(text: str, source: str) -> tuple[etree._Element | None, tuple[Problem, ...]]:
    """The document root, or None with the problem when nothing can be parsed."""
    text = _SOFT_HYPHEN.sub("", xml_safe(text))
    root, deep = _parse(text)
    if not deep:
        return root, ()
    flat, lost = _parse(drop_wrappers(text))  # past libxml2's depth limit (256): wrappers go, content stays
    warning = Problem(source=source, severity="warning",
                      message="page nested too deeply; layout wrappers removed to read its text"
                      + ("; some text nested deeper still was lost" if lost else ""))
    return (flat if flat is not None else root), (warning,)


def _parse(text: str) -> tuple[etree._Element | None, bool]:
    # No huge_tree: libxml2's depth and size limits keep a hostile page from exhausting memory.
    # A parser per call: lxml parsers must not be shared between threads.
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None, False
    return root, too_deep(parser.error_log)


def xml_safe(text: str) -> str:
    """Text without the characters lxml refuses in element text."""
    return _NOT_XML.sub("", text)
