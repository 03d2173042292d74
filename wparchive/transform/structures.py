"""WordPress markup (blocks, classic captions and galleries, embeds) as plain figures, links and paragraphs."""

from __future__ import annotations

import copy
import re

from lxml import etree

from .tree import drop_tag, drop_tree
from .urls import page_url

__all__ = ["normalize_structures"]

_URL_TEXT = re.compile(r'https?://[^\s<>"]+')


def normalize_structures(root) -> None:
    """WordPress markup (blocks, classic captions and galleries) into plain figures, links and paragraphs.

    What a replaced element held is not looked at again: the replacement was made from it, and going
    on into it made nested galleries cost the cube of their depth.
    """
    removed: set = set()  # every element under one that left the tree
    for el in list(root.iter("figure", "div", "ul", "dl", "p", "dd", "a")):
        if el in removed:
            continue
        classes = _classes(el)
        if not classes:
            continue
        if "wp-block-embed" in classes or any(c.startswith("wp-block-embed-") for c in classes):
            _replace_embed(el)
        elif classes & {"wp-block-gallery", "blocks-gallery-grid", "gallery", "tiled-gallery"}:
            _flatten_gallery(el)
        elif "wp-caption" in classes:
            el.tag = "figure"
            for cap in el.find_class("wp-caption-text") + el.find_class("wp-caption-dd"):
                cap.tag = "figcaption"
        elif classes & {"wp-block-pullquote"} and el.tag == "figure":
            drop_tag(el)
        elif "wp-block-button" in classes:
            el.tag = "p"
        elif "wp-block-file__button" in classes:
            el.drop_tree()  # the file block's "Download" button repeats the file link before it
        if el.getparent() is None and el is not root:
            removed.update(el.iter())


def _classes(el) -> set[str]:
    return set(el.get("class", "").split())


def _replace_embed(el) -> None:
    """An embed block (saved or rendered) becomes a link to what it embedded, its caption a paragraph.

    A rendered embed that carries its own text (a tweet's or a post's blockquote) keeps that text instead.
    """
    quote = next((q for q in el.iter("blockquote") if q.text_content().strip()), None)
    if quote is not None:
        el.tag = "div"
        for caption in el.iter("figcaption"):
            caption.tag = "p"
        return
    url = _embed_url(el)
    caption = next(el.iter("figcaption"), None)
    new = []
    if url:
        p = etree.Element("p")
        a = etree.SubElement(p, "a", href=url)
        a.text = url
        new.append(p)
    if caption is not None and caption.text_content().strip():
        caption.tag = "p"
        caption.tail = None
        new.append(caption)
    _replace(el, new)


def _embed_url(el) -> str:
    for a in el.iter("a"):
        if a.get("href"):
            return a.get("href")
    for frame in el.iter("iframe", "embed", "video", "audio"):
        if frame.get("src") or frame.get("data-src"):
            return page_url(frame.get("src") or frame.get("data-src"))
    m = _URL_TEXT.search(el.text_content())
    return m.group(0) if m else ""


def _flatten_gallery(el) -> None:
    """One figure per gallery image (with its own caption); the gallery's caption becomes a paragraph."""
    images = list(el.iter("img"))
    parents = [img.getparent() for img in images]  # held, so each parent keeps one proxy: dict keys below
    shared: dict = {}  # a link holding several images: each figure gets the link around its own image only
    for parent in parents:
        if parent is not None and parent.tag == "a":
            shared[parent] = shared.get(parent, 0) + 1
    captions: dict = {}
    new = [_gallery_figure(img, parent, shared.get(parent, 0) > 1, el, captions)
           for img, parent in zip(images, parents, strict=True)]
    own = [c for c in el if c.tag == "figcaption" and c.text_content().strip()]
    for cap in own:
        cap.tag = "p"
        cap.tail = None
    _replace(el, new + own)


def _gallery_figure(img, parent, shared_link: bool, gallery, captions: dict):
    figure = etree.Element("figure")
    if shared_link:
        node = etree.Element("a", dict(parent.attrib))
        image = copy.deepcopy(img)
        image.tail = None
        node.append(image)
    else:
        node = copy.deepcopy(parent if parent is not None and parent.tag == "a" else img)
    node.tail = None
    figure.append(node)
    caption = _gallery_caption(img, gallery, captions)
    if caption is not None:
        cap = copy.deepcopy(caption)
        cap.tag, cap.tail = "figcaption", None
        figure.append(cap)
    return figure


def _gallery_caption(img, gallery, captions: dict):
    """The caption beside an image: figcaption of its figure, or the dd of a classic gallery item.

    Each item's first caption is looked for once (`captions`): images sharing one <dl> or <li>
    each read all its captions before.
    """
    node = img.getparent()
    while node is not None and node is not gallery:
        if node.tag in ("figure", "li", "dl"):
            if node not in captions:
                captions[node] = next((c for c in node.iter("figcaption", "dd") if c.text_content().strip()), None)
            if captions[node] is not None or node.tag == "figure":
                return captions[node]
        node = node.getparent()
    return None


def _replace(el, new: list) -> None:
    """Put `new` elements where `el` was, keeping the text that followed it.

    Placed before `el` one by one, not inserted at its index: a gallery of thousands of images
    made each insert walk the siblings before it.
    """
    if el.getparent() is None:
        return
    for node in new:
        el.addprevious(node)
    if new and el.tail:
        new[-1].tail = (new[-1].tail or "") + el.tail
        el.tail = None
    drop_tree(el)  # keeps its tail when nothing took its place
