"""The minimal cleaning extraction needs: known tags only, no attributes but links and images.

What it keeps then passes convert's allow-list (transform/clean.py), so no link or tag of a scraped
page can run code in a reader's browser.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import fragment_fromstring, tostring

from ..transform.clean import sanitize
from ..transform.tree import drop_tag, drop_tree
from ..transform.urls import resolve_url
from .parse import xml_safe

__all__ = ["html_text", "tidy"]

_KEEP_ATTRS = {"a": ("href",), "img": ("src", "alt"), "td": ("colspan", "rowspan"), "th": ("colspan", "rowspan"),
               "abbr": ("title",), "code": ("class",)}
_URL_ATTRS = frozenset({"href", "src"})
_BLOCKS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre",
    "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr",
})
_INLINE = frozenset({"a", "img", "br", "em", "strong", "b", "i", "code", "sup", "sub", "s", "del", "q", "cite",
                     "abbr", "kbd", "mark", "small", "u", "samp", "var"})
# Obsolete phrasing tags with a kept equivalent in the allow-list (transform/clean.py's TAGS).
_EQUIVALENT = {"tt": "code", "strike": "s", "acronym": "abbr"}
# Phrasing tags whose text is all they carry: unwrapped in place, as clean.py unwraps or nh3 strips them.
_INLINE_WRAPPERS = frozenset({
    "span", "font", "ins", "label", "summary", "time", "bdi", "dfn", "bdo", "big", "nobr", "data", "blink",
    "output", "meter", "progress", "ruby", "rb", "rt", "rp", "rtc", "slot", "wbr", "picture",
})
# A paragraph cannot hold a paragraph: an unknown tag inside these is unwrapped too.
_PHRASING_PARENTS = frozenset({"p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", *_INLINE, *_INLINE_WRAPPERS,
                               *_EQUIVALENT})
_DROP = frozenset({"script", "style", "noscript", "template", "svg", "math", "canvas", "map", "head", "title",
                   "meta", "link", "iframe", "object", "embed", "video", "audio", "source", "track"})
_KEEP_EMPTY = frozenset({"img", "br", "hr", "td", "th"})
_SPACE = re.compile(r"\s+")
_CODE_LANGUAGE = re.compile(r"language-[\w+#.-]+")


def tidy(root: etree._Element) -> str:
    """Clean HTML of the element's content: the body_html of a Post (its listings already plain: highlight.py)."""
    for el in reversed(list(root.iter())):
        if el is root:
            continue
        if not isinstance(el.tag, str) or el.tag in _DROP:
            _drop(el)
        elif el.tag == "p" and _inline_holds_block(el):
            drop_tag(el)  # a paragraph cannot hold `<a><h4>…</h4></a>`: browsers would split it around the link
        elif el.tag in _BLOCKS or el.tag in _INLINE or el.tag in _EQUIVALENT:
            el.tag = _EQUIVALENT.get(el.tag, el.tag)
            _strip_attrs(el)
        else:
            _unwrap(el)  # div, section, span and every tag a writer would not know
    _wrap_loose_inline(root)
    _drop_empty(root)
    return sanitize(_serialize(root))


def _drop(el: etree._Element) -> None:
    if el.getparent() is not None:
        drop_tree(el)


def _strip_attrs(el: etree._Element) -> None:
    keep = {name: el.get(name) for name in _KEEP_ATTRS.get(el.tag, ()) if el.get(name) is not None}
    for name in _URL_ATTRS.intersection(keep):
        if not resolve_url(keep[name], ""):  # what the allow-list would miss: `java\tscript:` and the like
            del keep[name]
    if "class" in keep:
        keep["class"] = _listing_language(el, keep["class"])
        if not keep["class"]:
            del keep["class"]
    el.attrib.clear()
    el.attrib.update(keep)


def _listing_language(code: etree._Element, classes: str) -> str:
    """Only a listing's language stays, as highlight.py and convert's clean.py write it."""
    parent = code.getparent()
    language = _CODE_LANGUAGE.search(classes) if parent is not None and parent.tag == "pre" else None
    return language.group(0).lower() if language else ""


def _unwrap(el: etree._Element) -> None:
    """A wrapper whose children are blocks is dropped; one holding only inline content becomes <p>,
    unless it is itself inline (a phrasing tag, or inside a paragraph): then only its text stays."""
    parent = el.getparent()
    if parent is None:
        return
    has_block = any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in el) or _inline_holds_block(el)
    is_inline = el.tag in _INLINE_WRAPPERS or parent.tag in _PHRASING_PARENTS
    if has_block or is_inline or not _has_text(el):
        if not has_block and not is_inline and el.tail is not None:
            el.tail = " " + el.tail
        drop_tag(el)
    else:
        el.tag = "p"
        el.attrib.clear()


def _has_text(el: etree._Element) -> bool:
    return bool("".join(el.itertext()).strip()) or el.find(".//img") is not None


def _wrap_loose_inline(root: etree._Element) -> None:
    """Text and inline elements sitting directly in the body get a paragraph, as wpautop would."""
    children = list(root)
    lead, root.text = root.text, None
    for child in children:
        root.remove(child)  # lxml moves the tail along with the element
    current = _add_text(root, None, lead)
    for child in children:
        tail, child.tail = child.tail, None
        if child.tag in _BLOCKS or _holds_block(child):
            root.append(child)
            current = None
        else:
            current = current if current is not None else etree.SubElement(root, "p")
            current.append(child)
        current = _add_text(root, current, tail)


def _holds_block(el: etree._Element) -> bool:
    """A link around a heading (`<a><h4>…</h4></a>`): a paragraph around it would be split by any browser,
    and by the allow-list's parser, leaving empty copies of the link."""
    return any(d.tag in _BLOCKS for d in el.iterdescendants(etree.Element))


def _inline_holds_block(el: etree._Element) -> bool:
    """Whether one of the element's inline children holds a block, so the element cannot be a paragraph."""
    return any(isinstance(c.tag, str) and c.tag in _INLINE and _holds_block(c) for c in el)


def _add_text(root: etree._Element, current: etree._Element | None, text: str | None) -> etree._Element | None:
    if not text or not text.strip():
        if current is not None and text:
            _append_text(current, text)
        return current
    current = current if current is not None else etree.SubElement(root, "p")
    _append_text(current, text)
    return current


def _append_text(el: etree._Element, text: str) -> None:
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _drop_empty(root: etree._Element) -> None:
    for el in reversed(list(root.iter())):
        if el is root or el.tag in _KEEP_EMPTY or el.getparent() is None:
            continue
        if not (el.text or "").strip() and not len(el):
            drop_tag(el) if (el.tail or "").strip() else drop_tree(el)
        elif el.tag in ("p", "li", "figcaption") and _only_breaks(el):
            drop_tree(el)


def _only_breaks(el: etree._Element) -> bool:
    return not "".join(el.itertext()).strip() and all(c.tag == "br" for c in el)


def _serialize(root: etree._Element) -> str:
    parts = [tostring(child, encoding="unicode", with_tail=False) for child in root]
    return "\n".join(parts)


def html_text(html: str) -> str:
    """Plain text of body HTML, one line per block: what evaluations and tests compare against."""
    if not html.strip():
        return ""
    root = fragment_fromstring(xml_safe(html), create_parent="div")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
        el.text = "\n" + (el.text or "")
    lines = (_SPACE.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
