"""Link and image addresses of an extracted page made absolute (tree edits themselves: transform/tree.py)."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

__all__ = ["make_links_absolute"]

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
