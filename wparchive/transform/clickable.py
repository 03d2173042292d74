"""make_clickable(): WordPress links bare URLs in comment text, outside tags and existing links."""

from __future__ import annotations

import html
import re

from .scan import first_of_spans, split_spans

__all__ = ["make_clickable"]

# Pieces left alone: whole links, other tags, and text inside <pre>/<code>.
# `(<a\b.*?</a>|<pre\b.*?</pre>|<code\b.*?</code>|<[^>]*>)` with re.S and re.I: see scan.first_of_spans.
_SKIP = [(re.compile(rf"<{name}\b", re.I), re.compile(f"</{name}>", re.I)) for name in ("a", "pre", "code")]
_URL = re.compile(r"(?<![\w/\"'=])(?:https?://|www\.)[^\s<>\"']+", re.I)
_TRAILING = ".,;:!?)]}'\""


def make_clickable(text: str) -> str:
    """Bare http(s):// and www. URLs in running text become links, trailing punctuation left outside."""
    if "http" not in text and "www." not in text:
        return text
    parts = split_spans(text, first_of_spans(text, _SKIP))
    return "".join(part if i % 2 else _URL.sub(_link, part) for i, part in enumerate(parts))


def _link(m: re.Match[str]) -> str:
    url = m.group(0)
    trail = len(url) - len(url.rstrip(_TRAILING))
    url, rest = url[: len(url) - trail], url[len(url) - trail :]
    href = html.escape(html.unescape(url if "://" in url else f"http://{url}"), quote=True)
    return f'<a href="{href}">{url}</a>{rest}'
