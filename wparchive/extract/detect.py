"""Is a page WordPress? The same markers the corpus records as `wp_markers`."""

from __future__ import annotations

import re

__all__ = ["is_wordpress", "wordpress_markers"]

# Each <meta> tag is matched on its own, then tested: one regex over both attribute orders backtracks
# cubically on pages full of unclosed "<meta name=generator" text.
_META = re.compile(r"<meta\b[^>]{0,1000}>", re.IGNORECASE)
_GENERATOR = re.compile(r"""name=["']?generator\b""", re.IGNORECASE)
_BY_WORDPRESS = re.compile(r"""content=["']?WordPress""", re.IGNORECASE)


def _has_generator(html: str) -> bool:
    return any(_GENERATOR.search(tag) and _BY_WORDPRESS.search(tag) for tag in _META.findall(html))


_MARKERS = (
    ("wp-content/themes|plugins", re.compile(r"wp-content/(?:themes|plugins)/").search),
    ("wp-includes", re.compile(r"wp-includes/").search),
    ("generator", _has_generator),
    ("api.w.org", re.compile(r"api\.w\.org").search),
    ("wp-content/uploads", re.compile(r"wp-content/uploads/").search),
)


def wordpress_markers(html: str) -> tuple[str, ...]:
    """Names of the WordPress markers found in the page source."""
    return tuple(name for name, found in _MARKERS if found(html))


def is_wordpress(html: str) -> bool:
    return bool(wordpress_markers(html))
