"""Images and media in post HTML: real sources for lazy images, no tracking pixels, players as links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from ..model import Image
from .urls import page_url, resolve_url

__all__ = ["fix_images", "image_of", "media_to_links"]

_BLOCK_PARENTS = {"div", "figure", "blockquote", "body", "section", "article", "td", "th", "details", "dd"}
_LAZY_SRC = ("data-lazy-src", "data-src", "data-original", "data-orig-file", "data-large-file")
_LAZY_SRCSET = ("data-lazy-srcset", "data-srcset", "srcset")
_PLACEHOLDER_SRC = re.compile(r"^data:|lazy|blank\.gif|spacer\.gif|placeholder|pixel\.gif", re.I)
# Hosts that serve only counters and beacons (WordPress.com stats, Feedburner, analytics, ad networks).
_PIXEL_HOST = re.compile(
    r"(?:^|\.)(?:pixel\.wp\.com|stats\.wordpress\.com|feeds\.feedburner\.com|feedproxy\.google\.com"
    r"|google-analytics\.com|doubleclick\.net|pixel\.quantserve\.com|scorecardresearch\.com|sb\.scorecardresearch"
    r"|feeds\.wordpress\.com|pixel\.facebook\.com|bat\.bing\.com|analytics\.twitter\.com|count\.ly)$",
    re.I,
)
_PIXEL_PATH = re.compile(r"/~r/|/~ff/|/[bg]\.gif(?:\?|$)|/pixel(?:\.gif|\.png)?(?:\?|$)|/tr\?|/beacon(?:\?|$)", re.I)
_ONE_PX = re.compile(r"^\s*1(?:px)?\s*$")
_STYLE_1PX = re.compile(r"(?:^|;)\s*(?:width|height)\s*:\s*1px", re.I)
_WP_IMAGE_ID = re.compile(r"\bwp-image-(\d+)\b")
_SPACE = re.compile(r"\s+")
_ATTR_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")


def fix_images(root, base_url: str) -> None:
    """Real src for lazy-loaded images; drop tracking pixels and images with nothing to show."""
    for img in list(root.iter("img")):
        src = _real_src(img)
        if src:
            src = resolve_url(src, base_url)
        if not src or _is_pixel(img, src):
            img.drop_tree()
        elif img.get("src") != src:
            _set_first(img, "src", src)


def _set_first(el, name: str, value: str) -> None:
    """Set an attribute as the first one, so src leads whichever attribute it came from."""
    rest = [(k, v) for k, v in el.attrib.items() if k != name and _ATTR_NAME.match(k)]
    el.attrib.clear()
    el.set(name, value)
    for key, val in rest:
        el.set(key, val)


def _real_src(img) -> str:
    src = (img.get("src") or "").strip()
    if src and not _PLACEHOLDER_SRC.search(src):
        return src
    for name in _LAZY_SRC:
        if img.get(name, "").strip():
            return img.get(name).strip()
    for name in _LAZY_SRCSET:
        if img.get(name, "").strip():
            return _largest(img.get(name))
    return "" if src.startswith("data:") else src


def _largest(srcset: str) -> str:
    """The widest candidate of a srcset (`url 300w, url 1024w`)."""
    best, best_width = "", -1.0
    for candidate in srcset.split(","):
        parts = candidate.split()
        if not parts:
            continue
        width = _descriptor(parts[1]) if len(parts) > 1 else 0.0
        if width > best_width:
            best, best_width = parts[0], width
    return best


def _descriptor(value: str) -> float:
    try:
        return float(value.rstrip("wx"))
    except ValueError:
        return 0.0


def _is_pixel(img, src: str) -> bool:
    if _ONE_PX.match(img.get("width", "")) and _ONE_PX.match(img.get("height", "")):
        return True
    if _STYLE_1PX.search(img.get("style", "")):
        return True
    parts = urlsplit(src)
    return bool(_PIXEL_HOST.search(parts.hostname or "")) or bool(parts.hostname and _PIXEL_PATH.search(parts.path))


def image_of(img, base_url: str, captions: dict | None = None) -> Image:
    """The Image a reader of the archive needs: src, alt, title, caption, link, attachment id.

    `captions` keeps each figure's caption for the next image in it, when one tree's images are read.
    """
    parent = img.getparent()
    link = parent.get("href", "") if parent is not None and parent.tag == "a" else ""
    link = resolve_url(link, base_url) if link else ""
    m = _WP_IMAGE_ID.search(img.get("class", ""))
    ident = m.group(1) if m else img.get("data-id") or img.get("data-attachment-id") or ""
    return Image(
        src=img.get("src", ""),
        alt=_SPACE.sub(" ", img.get("alt", "")).strip(),
        title=img.get("title", "") or "",
        caption=_figure_caption(img, {} if captions is None else captions),
        link=link,
        id=int(ident) if ident.isdecimal() and len(ident) < 19 else None,
    )


def _figure_caption(img, captions: dict) -> str:
    node = img.getparent()
    while node is not None:
        if node.tag == "figure":
            if node not in captions:
                cap = next((c for c in node if c.tag == "figcaption"), None)
                captions[node] = _SPACE.sub(" ", cap.text_content()).strip() if cap is not None else ""
            return captions[node]
        node = node.getparent()
    return ""


def media_to_links(root, base_url: str) -> None:
    """iframes, video, audio and Flash objects become links to what they played."""
    for el in list(root.iter("iframe", "video", "audio", "object", "embed")):
        if el.getparent() is None:
            continue
        url = resolve_url(page_url(_media_src(el)), base_url)
        if not url:
            el.drop_tree()
            continue
        a = etree.Element("a", href=url)
        a.text = url
        node = a
        if el.getparent().tag in _BLOCK_PARENTS or el.getparent() is root:
            node = etree.Element("p")
            node.append(a)
        node.tail = el.tail
        el.getparent().replace(el, node)


def _media_src(el) -> str:
    for name in ("src", "data-src", "data"):
        if el.get(name, "").strip():
            return el.get(name).strip()
    for child in el.iter("source", "param", "embed"):
        if child.tag == "param" and child.get("name", "").lower() in ("movie", "src", "url"):
            return child.get("value", "").strip()
        if child.tag != "param" and child.get("src"):
            return child.get("src").strip()
    return ""
