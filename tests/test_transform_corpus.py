"""Every post of every corpus export renders with no shortcode or block markup left, captions beside images."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import corpus_params
from lxml import etree

from wparchive.model import Image
from wparchive.transform.content import RenderContext, render_content
from wparchive.transform.shortcodes import parse_atts

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
RAW_LEFT = re.compile(r"\[caption|\[gallery|\[embed|\[code|\[sourcecode|<!-- wp:")
CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S)
IMAGE_THEN_TEXT = re.compile(r"<img [^>]+>(?:\s*</a>)?(.*)", re.S | re.I)
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")


def _child(item, name: str) -> str:
    found = next((c for c in item if isinstance(c.tag, str) and etree.QName(c).localname == name), None)
    return (found.text or "") if found is not None else ""


def _items(path: Path) -> Iterator[dict[str, str]]:
    for _, item in etree.iterparse(str(path), tag="item", recover=True, huge_tree=True):
        yield {
            "id": _child(item, "post_id"),
            "type": _child(item, "post_type"),
            "parent": _child(item, "post_parent"),
            "url": _child(item, "attachment_url"),
            "content": next((c.text or "" for c in item if c.tag == CONTENT), ""),
            "title": _child(item, "title"),
        }
        item.clear()


def _contexts(items: list[dict[str, str]]) -> tuple[dict[int, Image], dict[str, tuple[Image, ...]]]:
    attachments: dict[int, Image] = {}
    children: dict[str, list[Image]] = {}
    for it in items:
        if it["type"] == "attachment" and it["id"].isdigit() and it["url"]:
            image = Image(src=it["url"], id=int(it["id"]))
            attachments[image.id] = image
            children.setdefault(it["parent"], []).append(image)
    return attachments, {k: tuple(v) for k, v in children.items()}


def _expected_captions(raw: str) -> list[str]:
    captions = []
    for m in CAPTION.finditer(raw):
        if "<img" not in m.group(2):
            continue
        text = parse_atts(m.group(1))[0].get("caption", "")
        if not text:
            after = IMAGE_THEN_TEXT.search(m.group(2))
            text = after.group(1) if after else ""
        text = SPACE.sub(" ", html.unescape(TAG.sub("", text))).strip()
        if text:
            captions.append(text)
    return captions


@pytest.mark.parametrize("path", corpus_params("wxr", "*.xml"))
def test_corpus_content_renders_clean(path: Path) -> None:
    items = list(_items(path))
    attachments, children = _contexts(items)
    rendered_count = 0
    for it in items:
        if not it["content"].strip():
            continue
        ctx = RenderContext(
            attachments=attachments, children=children.get(it["id"], ()), source=str(path),
            item=f"{it['type']} {it['id']} {it['title']!r}",
        )
        rendered = render_content(it["content"], ctx)
        rendered_count += 1
        left = RAW_LEFT.search(rendered.html)
        assert left is None, f"{ctx.item}: raw markup left: {rendered.html[left.start():left.start() + 80]!r}"
        image_captions = [SPACE.sub(" ", i.caption) for i in rendered.images]
        for caption in _expected_captions(it["content"]):
            assert caption in image_captions, f"{ctx.item}: caption {caption!r} not beside its image"
    assert rendered_count or not any(it["content"].strip() for it in items)
