"""Tree edits on plain lxml elements (the parser skips lxml.html's per-element class lookup)."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

__all__ = ["drop_tag", "drop_tree", "make_links_absolute"]

_LINK_ATTRS = (("a", "href"), ("img", "src"))


def drop_tree(el: etree._Element) -> None:
    """Remove the element and its content, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)


def drop_tag(el: etree._Element) -> None:
    """Remove the element but keep its text and children in place."""
    parent = el.getparent()
    if parent is None:
        return
    previous = el.getprevious()
    if el.text:
        if previous is None:
            parent.text = (parent.text or "") + el.text
        else:
            previous.tail = (previous.tail or "") + el.text
    if el.tail:
        if len(el):
            last = el[-1]
            last.tail = (last.tail or "") + el.tail
        elif previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    index = parent.index(el)
    parent[index:index + 1] = el[:]


def make_links_absolute(root: etree._Element, base: str) -> None:
    """Link and image addresses resolved against the page address."""
    for tag, attr in _LINK_ATTRS:
        for el in root.iter(tag):
            value = (el.get(attr) or "").strip()
            if value and not value.startswith(("#", "data:", "mailto:", "javascript:")):
                try:
                    el.set(attr, urljoin(base, value))
                except ValueError:  # malformed IPv6 host and the like: leave the address as written
                    continue
