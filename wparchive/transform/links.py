"""Links between posts of the same blog rewritten to the archive's own files."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from urllib.parse import quote, unquote, urlsplit, urlunsplit

__all__ = ["link_key", "relative_link"]


def link_key(url: str) -> str:
    """The same post whatever the scheme, `www.`, trailing slash, fragment or percent-encoding (é, %c3%a9, %C3%A9)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # "http://[::1/": not a URL, only ever equal to itself
        return url
    host = parts.netloc.lower().removeprefix("www.")
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=~-._").rstrip("/") or "/"
    return urlunsplit(("", host, path, parts.query, ""))


def relative_link(href: str, links: Mapping[str, str], from_path: str) -> str | None:
    """The archive-relative path for a link to another converted post, or None if it is not one."""
    target = links.get(link_key(href))
    if target is None:
        return None
    fragment = href.partition("#")[2]
    rel = posixpath.relpath(target, posixpath.dirname(from_path) or ".")
    return f"{rel}#{fragment}" if fragment else rel
