"""Links to other posts: lead-in paragraphs followed by links, and related-post plugin blocks."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from lxml import etree

from ..model import Link
from ..transform.urls import resolve_url
from .selectors import related_blocks

__all__ = ["block_links", "find_related_links", "is_lead_in", "is_post_link", "lead_in_links", "merge_links"]

# Lead-ins authors and plugins put before a list of links, in English, French, German and Spanish.
_LEAD_INS = (
    r"(?:previous|earlier|past|older|more|other) (?:\w+ ){0,2}on (?:this|the same) (?:topic|subject)",
    r"(?:more |other )?related(?: posts| articles| stories| reading| content| links| coverage)?",
    r"see also", r"read more", r"read also", r"also read", r"further reading", r"recommended reading",
    r"more on this(?: topic| subject)?", r"you (?:may|might) also like", r"more stories",
    r"(?:à |a )?lire (?:aussi|également|egalement)", r"voir aussi", r"articles? (?:similaires|liés|lies|connexes)",
    r"sur le même sujet", r"sur le meme sujet", r"pour aller plus loin", r"dans la même catégorie",
    r"siehe auch", r"weiterlesen", r"lesen sie auch", r"lies auch", r"mehr zum thema",
    r"ähnliche (?:beiträge|artikel)", r"verwandte (?:beiträge|artikel)", r"auch interessant",
    r"ver también", r"véase también", r"vea también", r"(?:artículos|entradas|publicaciones|notas) relacionad[ao]s",
    r"relacionad[ao]s?", r"lee también", r"leer más", r"(?:también )?te puede interesar",
)
_ANY_LEAD_IN = "|".join(_LEAD_INS)
_LEAD_IN = re.compile(rf"^\W{{0,3}}(?:{_ANY_LEAD_IN})\s*(?::|…|\.\.\.|»|→)?\s*$", re.IGNORECASE)
_LEAD_IN_INLINE = re.compile(rf"^\W{{0,3}}(?:{_ANY_LEAD_IN})\s*:", re.IGNORECASE)
_LEAD_START = re.compile(rf"^\W{{0,3}}(?:{_ANY_LEAD_IN})", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_FILLER = re.compile(r"[\W\d_]+")  # separators and dates between links ("•", "|", "(2016)")
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "strong", "b", "em", "span", "dt"})
_INLINE = frozenset({"strong", "b", "em", "i", "span", "u"})
_LISTS = frozenset({"ul", "ol", "dl"})
_SKIP_HREF = re.compile(r"^(?:#|javascript:|mailto:)", re.IGNORECASE)
# What a theme links beside a post's title that is not another post: comment counts (#respond, #comments),
# the author, category, tag and date archives, feeds, search and pagination (WordPress's permalink bases
# and their translations), and image files of galleries.
_COMMENT_FRAGMENT = re.compile(r"^(?:respond|comments?|comment-\d+|div-comment-\d+|reply|disqus_thread|"
                               r"comments-title|reply-title)$", re.IGNORECASE)
_ARCHIVE_PATH = re.compile(r"/(?:author|autor|auteur|category|categories|kategorie|categorie|categoria|tag|tags|"
                           r"etiqueta|schlagwort|topics?|feed)(?:/|$)|/page/\d+/?$|^/?(?:19|20)\d\d/\d\d?(?:/\d\d?)?/?$",
                           re.IGNORECASE)
_ARCHIVE_QUERY = re.compile(r"(?:^|&)(?:s|cat|tag|author|feed|paged)=", re.IGNORECASE)
_MEDIA_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif)$", re.IGNORECASE)
_COUNT_TEXT = re.compile(r"^[\W_]*\d{1,3}[\W_]*$")  # a comment count beside a teaser: "0", "(5)"
_VISIBLE_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
                           " or ancestor::template or ancestor::svg)]")
_OWN_URL = etree.XPath("string(//link[@rel='canonical']/@href | //meta[@property='og:url']/@content)")


def find_related_links(root: etree._Element) -> tuple[Link, ...]:
    """Links listed after a related lead-in and inside related-post blocks, once each, in page order."""
    return merge_links(lead_in_links(root), block_links(root))


def is_post_link(link: Link, own: str = "") -> bool:
    """Whether a link can be another post: not a comment anchor, an archive, feed or search page, an image
    file, a count ('0' beside a teaser's comment icon), nor the page itself (own: its address)."""
    parts = urlsplit(link.href)
    if _COMMENT_FRAGMENT.match(parts.fragment) or _ARCHIVE_PATH.search(parts.path):
        return False
    if _ARCHIVE_QUERY.search(parts.query) or _MEDIA_FILE.search(parts.path) or _COUNT_TEXT.match(link.text):
        return False
    return not own or not _same_page(link.href, own)


def _same_page(href: str, own: str) -> bool:
    here, there = urlsplit(href), urlsplit(own)
    return (here.netloc.lower() in ("", there.netloc.lower()) and here.path.rstrip("/") == there.path.rstrip("/")
            and here.query == there.query)


def _post_links(links: list[Link], el: etree._Element) -> tuple[Link, ...]:
    """Only the links that can be other posts; the page's own address is its canonical or og:url."""
    own = _OWN_URL(el.getroottree().getroot()).strip() if links else ""
    return tuple(link for link in links if is_post_link(link, own))


def merge_links(*groups: tuple[Link, ...]) -> tuple[Link, ...]:
    """Links once per href, first text kept."""
    found: dict[str, Link] = {}
    for group in groups:
        for link in group:
            found.setdefault(link.href, link)
    return tuple(found.values())


def is_lead_in(el: etree._Element) -> bool:
    """A short block whose whole text is a lead-in such as 'Related:' or 'Lire aussi'."""
    if not isinstance(el.tag, str) or el.tag not in _BLOCKS or el.tag == "a":
        return False
    text = _text(el)
    return len(text) < 60 and bool(_LEAD_IN.match(text)) and not _has_own_link(el)


def lead_in_links(root: etree._Element) -> tuple[Link, ...]:
    """Only elements whose own text starts with a lead-in are looked at: one cheap test per element."""
    links: list[Link] = []
    seen = set()
    texts: dict = {}  # each element's text, joined once: many lead-ins in one block each asked for it

    def text(el: etree._Element) -> str:
        if el not in texts:
            texts[el] = _text(el)
        return texts[el]

    for el in root.iter(etree.Element):
        own = el.text
        if not own or not _LEAD_START.match(own.lstrip()):
            continue
        block = _block_of(el, text)
        if block in seen:
            continue
        seen.add(block)
        if is_lead_in(block):
            links.extend(link for sib in _following_link_blocks(block) for link in _links(sib))
        elif block.tag in ("p", "div", "li") and _LEAD_IN_INLINE.match(text(block)):
            links.extend(_links(block))  # "Related: <a>…</a>" in one paragraph
    return _post_links(links, root)


def _block_of(el: etree._Element, text: Callable[[etree._Element], str]) -> etree._Element:
    """The lead-in's paragraph when the lead-in is its only text ('<p><strong>Related:</strong></p>')."""
    parent = el.getparent()
    while parent is not None and el.tag in _INLINE and text(parent) == text(el):
        el, parent = parent, parent.getparent()
    return el


def _following_link_blocks(el: etree._Element):
    """Siblings after a lead-in that are nothing but links, up to the first one with prose."""
    for sib in el.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        if sib.tag in _LISTS and sib.find(".//a[@href]") is not None or _is_link_only(sib):
            yield sib
        else:
            return


def _is_link_only(el: etree._Element) -> bool:
    anchors = el.findall(".//a[@href]")
    if not anchors and el.tag != "a":
        return False
    rest = _text(el)
    for a in anchors if el.tag != "a" else [el]:
        rest = rest.replace(_text(a), "", 1)
    return len(_FILLER.sub("", rest)) <= 3


def block_links(root: etree._Element, blocks: list[etree._Element] | None = None) -> tuple[Link, ...]:
    """Links of related-post plugin and theme blocks (found in root unless given)."""
    blocks = related_blocks(root) if blocks is None else blocks
    inside = set(blocks)
    top = [b for b in blocks if not any(a in inside for a in b.iterancestors())]
    return _post_links([link for block in top for link in _links(block)], root)


def _links(el: etree._Element) -> list[Link]:
    anchors = [el] if el.tag == "a" else el.iter("a")
    links = []
    for a in anchors:
        href = (a.get("href") or "").strip()
        if not href or _SKIP_HREF.match(href) or not resolve_url(href, ""):  # data:, vbscript:, java\tscript:
            continue
        text = _visible_text(a) or a.get("title", "").strip() or _img_alt(a)
        links.append(Link(text=text, href=href))
    return _prefer_text(links)


def _prefer_text(links: list[Link]) -> list[Link]:
    """An image link and a title link to the same post: keep one, with the title as text."""
    best: dict[str, Link] = {}
    for link in links:
        if not best.get(link.href) or not best[link.href].text:
            best[link.href] = link
    return list(best.values())


def _img_alt(a: etree._Element) -> str:
    img = a.find(".//img")
    return (img.get("alt") or "").strip() if img is not None else ""


def _has_own_link(el: etree._Element) -> bool:
    return el.find(".//a[@href]") is not None


def _visible_text(el: etree._Element) -> str:
    """Text a reader sees: a theme's script inside a teaser's thumbnail link is not its title."""
    return _SPACE.sub(" ", "".join(_VISIBLE_TEXT(el))).strip()


def _text(el: etree._Element) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()
