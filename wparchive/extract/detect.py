"""Is a page WordPress? The same markers the corpus records as `wp_markers`."""

from __future__ import annotations

import re

__all__ = ["is_wordpress", "wordpress_markers"]

_MARKERS = (
    ("wp-content/themes|plugins", re.compile(r"wp-content/(?:themes|plugins)/")),
    ("wp-includes", re.compile(r"wp-includes/")),
    ("generator", re.compile(r"""<meta[^>]+(?:name=["']?generator["']?[^>]+content=["']?WordPress"""
                             r"""|content=["']?WordPress[^>]+name=["']?generator)""", re.IGNORECASE)),
    ("api.w.org", re.compile(r"api\.w\.org")),
    ("wp-content/uploads", re.compile(r"wp-content/uploads/")),
)


def wordpress_markers(html: str) -> tuple[str, ...]:
    """Names of the WordPress markers found in the page source."""
    return tuple(name for name, pattern in _MARKERS if pattern.search(html))


def is_wordpress(html: str) -> bool:
    return bool(wordpress_markers(html))
