"""URLs in post content: made absolute against the blog, unsafe schemes refused, players mapped to pages."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

__all__ = ["page_url", "resolve_url"]

_SAFE_SCHEMES = {"", "http", "https", "mailto", "ftp", "tel"}
_YOUTUBE_EMBED = re.compile(r"^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/(?:embed|v)/([\w-]+)", re.I)
_VIMEO_PLAYER = re.compile(r"^(?:https?:)?//player\.vimeo\.com/video/(\d+)", re.I)


def resolve_url(url: str, base_url: str) -> str:
    """Absolute URL against the blog's, or "" for schemes that are not safe to follow (javascript:, data:)."""
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    except ValueError:  # "http://[::1/a.jpg": not a URL a browser could follow either
        return ""
    if scheme not in _SAFE_SCHEMES or _has_hidden_scheme(url):
        return ""
    if base_url and not scheme and not url.startswith("#"):
        try:
            return urljoin(base_url, url)
        except ValueError:
            return url
    return url


def _has_hidden_scheme(url: str) -> bool:
    """`java\\tscript:` and friends: browsers ignore control characters and spaces inside a scheme."""
    head = "".join(ch for ch in url[:40] if ch > " ").lower()
    return head.startswith(("javascript:", "vbscript:", "data:"))


def page_url(url: str) -> str:
    """Player URLs back to the page a reader can open (YouTube, Vimeo)."""
    m = _YOUTUBE_EMBED.match(url)
    if m:
        return f"https://www.youtube.com/watch?v={m.group(1)}"
    m = _VIMEO_PLAYER.match(url)
    if m:
        return f"https://vimeo.com/{m.group(1)}"
    return url
