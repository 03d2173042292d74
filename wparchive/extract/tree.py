"""Tree edits on plain lxml elements (the parser skips lxml.html's per-element class lookup)."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

from ..transform.tree import drop_tag, drop_tree

__all__ = ["drop_tag", "drop_tree", "make_links_absolute"]

_LINK_ATTRS = (("a", "href"), ("img", "src"))


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
