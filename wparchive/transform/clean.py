"""Clean HTML: WordPress structure made plain, theme and tracking noise removed, safe to open in a browser.

One lxml pass set rewrites what WordPress and its plugins add (block wrappers, captions, galleries, lazy
images, embeds); nh3 then enforces the allow-list, so nothing unsafe survives whatever the input.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import lxml.html
import nh3
from lxml import etree

from ..model import Image
from .images import fix_images, image_of, media_to_links
from .nesting import drop_wrappers, too_deep
from .structures import normalize_structures
from .tree import drop_tag, set_code_language
from .urls import resolve_url

__all__ = ["clean_fragment", "clean_html", "sanitize"]

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "samp", "small", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title", "width", "height"},
    "code": {"class"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "li": {"id"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "abbr": {"title"},
    "time": {"datetime"},
}
_LOCAL = threading.local()
_LINK_ATTRIBUTES = {"href", "title"}
_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    url_schemes={"http", "https", "mailto", "ftp", "tel"},
    link_rel=None,
    strip_comments=True,
)
# Elements whose content is never post text.
_DROP = ("script", "style", "noscript", "template", "head", "meta", "link", "input", "button", "select",
         "textarea", "svg", "math", "canvas", "map")
_UNWRAP = {"span", "font", "center", "big", "section", "article", "main", "header", "footer", "aside", "nav",
           "form", "label", "fieldset", "picture", "o:p", "bdi", "nobr", "tt"}
_LANGUAGE = re.compile(r"\b(?:language|lang)-([\w+#.-]+)|\bbrush:\s*([\w+#.-]+)")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")  # lone surrogates too
# A stray </body> or </html> (pasted e-mails, Word) makes the HTML parser end the document there.
_DOCUMENT_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_BLOCKS = {"figure", "div", "table", "ul", "ol", "dl", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
           "hr", "section", "article", "aside", "header", "footer", "nav", "form", "details", "figcaption", "p"}
_EMPTY_OK = {"img", "br", "hr", "td", "th", "li", "a"}


def clean_html(html: str, base_url: str = "") -> str:
    """A clean, safe HTML fragment from any WordPress-made HTML: post content, scraped pages, REST output."""
    return clean_fragment(html, base_url)[0]


def clean_fragment(html: str, base_url: str = "", finish: Callable[[etree._Element], None] | None = None,
                   warn: Callable[[str], None] | None = None) -> tuple[str, tuple[Image, ...]]:
    """The clean fragment and every image in it, in order, with its caption.

    `finish` sees the cleaned tree (a <div> holding the fragment) before it is serialised: the
    caller's own rewriting (internal links, local images) costs no second parse. `warn` hears
    what was changed to keep the text (markup nested too deep to parse).
    """
    html = _DOCUMENT_END.sub("", _CONTROL.sub("", html))
    if not html.strip():
        return "", ()
    try:
        root = _fragment(html, warn)
    except (etree.ParserError, ValueError):
        return sanitize(html), ()
    _drop_noise(root)
    _split_paragraphs(root)
    normalize_structures(root)
    fix_images(root, base_url)
    captions: dict = {}
    images = tuple(image_of(img, base_url, captions) for img in root.iter("img"))
    media_to_links(root, base_url)
    _strip_attributes(root, base_url)
    _unwrap(root)
    _tidy_whitespace(root)
    if finish is not None:
        finish(root)
    out = lxml.html.tostring(root, encoding="unicode")
    return sanitize(out[len("<div>"):-len("</div>")]), images


def sanitize(html: str) -> str:
    """The allow-list alone, for HTML already cleaned another way (extract's): nothing in it can run code."""
    return _CLEANER.clean(html).strip()


def _parser() -> etree.HTMLParser:
    """This thread's parser: its error log is read after each parse, so threads must not share one."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        # huge_tree: libxml2 otherwise drops text nested deeper than 256 elements (2048 with it).
        parser = _LOCAL.parser = lxml.html.HTMLParser(huge_tree=True)
        # lxml.html's own lookup calls back into Python for every element touched, to give form fields
        # their classes; plain HtmlElements are all cleaning needs, and a fixed lookup costs nothing.
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity))
    return parser


def _fragment(html: str, warn: Callable[[str], None] | None = None):
    """lxml.html.fragment_fromstring(html, create_parent="div"), with the wrapper made by the same
    parser so the whole tree keeps its element lookup.

    Markup nested past libxml2's limit is parsed again without its unclosed wrappers, with a warning.
    """
    parser = _parser()
    elements = lxml.html.fragments_fromstring(html, parser=parser)
    if too_deep(parser.error_log):
        elements = lxml.html.fragments_fromstring(drop_wrappers(html), parser=parser)
        lost = too_deep(parser.error_log)
        if warn is not None:
            warn("markup nested deeper than 2,048 elements: its wrapper and formatting tags dropped to keep the "
                 "text" + ("; some text nested deeper still was lost" if lost else ""))
    root = parser.makeelement("div")
    if elements and isinstance(elements[0], str):
        root.text = elements.pop(0)
    root.extend(elements)
    return root


def _drop_noise(root) -> None:
    """Scripts, styles, form controls and comments (`<!--more-->` included) carry no post text."""
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction, *_DROP)):
        if el.tag == "noscript" and _noscript_has_new_image(el):
            drop_tag(el)
        else:
            el.drop_tree()


def _noscript_has_new_image(el) -> bool:
    """Lazy-load plugins put the real <img> in <noscript>; keep it unless the lazy twin is just before it."""
    img = next(el.iter("img"), None)
    if img is None:
        return False
    prev = el.getprevious()
    return prev is None or prev.tag != "img"


def _split_paragraphs(root) -> None:
    """A block inside <p> (a figure from an inline [caption]) closes the paragraph, as browsers do."""
    for p in list(root.iter("p")):
        if p.getparent() is None or not any(c.tag in _BLOCKS for c in p):
            continue
        pieces, current = [], _new_p(p.text)
        for child in list(p):
            if child.tag in _BLOCKS:
                pieces += [current, child]
                current = _new_p(child.tail)
                child.tail = None
            else:
                current.append(child)
        pieces.append(current)
        pieces = [x for x in pieces if x.tag != "p" or len(x) or (x.text or "").strip()]
        pieces[-1].tail = p.tail
        for node in pieces:  # placed before p and p removed: no index(), which made many such p quadratic
            p.addprevious(node)
        p.getparent().remove(p)


def _new_p(text):
    p = etree.Element("p")
    p.text = text
    return p


def _strip_attributes(root, base_url: str) -> None:
    """Only the attributes of the allow-list; classes only `language-*` on code; URLs absolute and safe."""
    for el in root.iter(etree.Element):  # lxml builds a new string each time .tag is read: read once
        tag = el.tag
        if tag == "pre":
            _code_language(el)
        attrib = el.attrib
        if not attrib:
            continue
        allowed = ATTRIBUTES.get(tag, ())
        if tag == "a" and (parent := el.getparent()) is not None and parent.tag != "sup":
            allowed = _LINK_ATTRIBUTES  # ids only on footnote references (<sup><a id=…-link>)
        kept = [(k, v) for k, v in attrib.items() if k in allowed]
        if len(kept) != len(attrib):
            attrib.clear()  # rebuilt rather than deleted: lxml cannot delete names like `{"id":1}`
            for key, value in kept:
                el.set(key, value)
        if tag == "code" and "class" in attrib:
            _keep_language(el)
        if "href" in attrib:
            _set_url(el, "href", base_url)


def _code_language(pre) -> None:
    """SyntaxHighlighter (`brush: php`) and Prism (`language-php`) languages move to the inner <code>."""
    if m := _LANGUAGE.search(pre.get("class", "")):
        set_code_language(pre, (m.group(1) or m.group(2)).lower(), _LANGUAGE)


def _keep_language(code) -> None:
    m = _LANGUAGE.search(code.get("class", ""))
    if m:
        code.set("class", f"language-{(m.group(1) or m.group(2)).lower()}")
    else:
        del code.attrib["class"]


def _set_url(el, name: str, base_url: str) -> None:
    url = resolve_url(el.get(name).strip(), base_url)
    if url:
        el.set(name, url)
    else:
        del el.attrib[name]


def _unwrap(root) -> None:
    """Meaningless wrappers (spans, fonts, layout divs, anchors without href) out; empty blocks gone."""
    for el in list(root.iter(*_UNWRAP, "a", "div", "figure")):
        if el is root or el.getparent() is None:
            continue
        tag = el.tag
        if tag in _UNWRAP or (tag == "a" and not el.get("href") and not el.get("id")):
            drop_tag(el)
        elif tag == "div":
            _unwrap_div(el)
        elif tag == "figure" and next(el.iter("img"), None) is None:
            _figure_to_blocks(el)
    for el in list(root.iter("p", "strong", "em", "b", "i", "li", "figcaption", "h1", "h2", "h3", "h4", "h5",
                             "h6", "blockquote", "figure", "div", "sup", "sub", "u", "small")):
        if el.getparent() is not None and _is_empty(el):
            el.drop_tree()


def _unwrap_div(div) -> None:
    """Layout divs go; a div holding only inline content is a paragraph, so its text stays apart from the next."""
    if not any(child.tag in _BLOCKS for child in div):
        div.tag = "p"
    elif not (div.text or "").strip() and not any((c.tail or "").strip() for c in div):
        drop_tag(div)


def _figure_to_blocks(el) -> None:
    """A figure without an image (table, video, audio blocks) is its content, the caption a paragraph."""
    for cap in el.iter("figcaption"):
        cap.tag = "p"
    drop_tag(el)


def _is_empty(el) -> bool:
    text = el.text
    if text and not text.isspace():
        return False
    if el.tag in _EMPTY_OK or len(el) and next(el.iter("img", "br", "hr", "a", "iframe"), None) is not None:
        return False
    return not el.text_content().replace("\xa0", " ").strip()


def _tidy_whitespace(root) -> None:
    """Blank lines between blocks (left by block comments) carry nothing; <pre> keeps its own."""
    stack = list(root)
    while stack:
        el = stack.pop()
        tail = el.tail
        if tail and "\n" in tail:
            el.tail = _BLANK_LINES.sub("\n", tail)
        tag = el.tag
        if tag == "pre" or not isinstance(tag, str):
            continue
        if len(el):
            if tag == "p" and el[0].tag == "br" and not (el.text or "").strip():
                drop_tag(el[0])
            if tag in _BLOCKS and len(el) and el[-1].tag == "br" and not (el[-1].tail or "").strip():
                el[-1].drop_tree()  # a break closing a block (wpautop leaves one before </figcaption>) shows nothing
            stack.extend(el)
        text = el.text
        if text and "\n" in text:
            el.text = _BLANK_LINES.sub("\n", text)
