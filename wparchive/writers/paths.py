"""File names from slugs: safe on every OS, unique, and always inside the output folder."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..model import Post

__all__ = ["LAYOUTS", "Namer", "post_path", "safe_segment", "slugify"]

LAYOUTS = ("flat", "year-month", "bundle")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_SPACES = re.compile(r"[\s\-]+")
_SLUG_DROP = re.compile(r"[^\w\s-]+")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
_MAX_BYTES = 120  # leaves room for suffixes and extensions under the 255-byte name limit


def slugify(text: str) -> str:
    """A slug from a title, as WordPress's sanitize_title would make (keeps non-ASCII letters)."""
    text = unicodedata.normalize("NFC", text).lower()
    return _SPACES.sub("-", _SLUG_DROP.sub("", text)).strip("-_")


def safe_segment(text: str, fallback: str = "untitled") -> str:
    """One path segment: percent-decoded, no separators or control characters, no dot names, portable."""
    text = unicodedata.normalize("NFC", unquote(text))
    text = _UNSAFE.sub("-", text).strip(" .-")
    if reserved := _WINDOWS_RESERVED.match(text):  # CON, CON.txt, … are devices on Windows
        text = f"{reserved.group(1)}_{reserved.group(2) or ''}"
    encoded = text.encode("utf-8")[:_MAX_BYTES]
    text = encoded.decode("utf-8", "ignore").rstrip(" .-")
    return text or fallback


def _digest(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "big")


def _folder(post: Post) -> str:
    return {"post": "posts", "page": "pages"}.get(post.type, safe_segment(post.type, "items"))


def post_path(post: Post, layout: str, stem: str, ext: str = ".md") -> str:
    """Relative path of a post's file for a layout; `stem` is its already unique name."""
    folder = _folder(post)
    if layout == "year-month" and post.date is not None:
        folder = f"{folder}/{post.date:%Y}/{post.date:%m}"
    if layout == "bundle":
        return f"{folder}/{stem}/index{ext}"
    return f"{folder}/{stem}{ext}"


@dataclass
class Namer:
    """Hands out unique stems per folder, case-insensitively (macOS and Windows fold case).

    Names given are remembered as 64-bit digests, a few bytes each, however many posts there are.
    A name given more than once also remembers its last suffix, so the next post of that name
    starts there: ten thousand "Untitled" posts cost ten thousand tries, not fifty million.
    """

    taken: set[int] = field(default_factory=set)
    suffixes: dict[int, int] = field(default_factory=dict)  # first name's digest -> last suffix given

    def claim(self, post: Post, layout: str, ext: str = ".md") -> str:
        base = safe_segment(post.slug or slugify(post.title), fallback=f"{post.type}-{post.id or 'untitled'}")
        first = _digest(post_path(post, layout, base, ext).casefold())
        n = self.suffixes.get(first, 1)  # base, base-2, … base-n are all taken already
        stem, key = base, first
        while key in self.taken:
            n += 1
            stem = f"{base}-{n}"
            key = _digest(post_path(post, layout, stem, ext).casefold())
        self.taken.add(key)
        if n > 1:
            self.suffixes[first] = n
        return post_path(post, layout, stem, ext)
