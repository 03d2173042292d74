"""[caption] and [gallery]: images with their captions as <figure>/<figcaption>, as WordPress renders them."""

from __future__ import annotations

import html
import re

from ..model import Image
from .context import Notes, RenderContext
from .scan import Matches
from .shortcodes import Shortcode

__all__ = ["FIGURE_HANDLERS", "caption", "gallery", "image_figure"]

# img_caption_shortcode(): without a caption attribute, the text after the (linked) image is the caption:
# `((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)` with re.S and re.I, found by _image_then_text().
_LINK_OR_IMAGE = re.compile(r"<(?:a|img) ", re.I)
_IMAGE_AFTER_LINK = re.compile(r"\s*<img ", re.I)
_LINK_END = re.compile(r"\s*</a>", re.I)
_TAG_END = re.compile(">")
_HAS_IMG = re.compile(r"<img\s", re.I)
_EDGE_BREAKS = re.compile(r"^(?:\s|<br\s*/?>|</?p>)+|(?:\s|<br\s*/?>|</?p>)+$", re.I)
_IDS = re.compile(r"\b\d{1,18}\b")  # ids past 18 digits are no post id (and int() refuses 4300+)
_LINK_OPEN = re.compile(r"<a[\s>]", re.I)
_LINK_CLOSE = re.compile(r"</a>", re.I)


def _image_then_text(html: str) -> tuple[str, str] | None:
    """The first (linked) image and the text after it, as the regex finds them, reading the text once.

    The regex reads on to the end of the text from every `<img ` or `<a ` without its `>`; here the
    `>` after each is found by bisection.
    """
    ends = Matches(html, _TAG_END)

    def tag_end(start: int) -> int:  # the `>` ending `[^>]+>` from `start`; -1 when `[^>]+` is empty or unclosed
        gt = ends.first(start)
        return gt.start() if gt and gt.start() > start else -1

    for m in _LINK_OR_IMAGE.finditer(html):
        if ends.first(m.end()) is None:
            return None  # no `>` after this opener, so none after any later one
        gt = tag_end(m.end())
        if gt >= 0 and m.group(0)[1] in "aA":
            image = _IMAGE_AFTER_LINK.match(html, gt + 1)
            gt = tag_end(image.end()) if image else -1
        if gt < 0:
            continue
        end = gt + 1
        if link_end := _LINK_END.match(html, end):
            end = link_end.end()
        return html[m.start():end], html[end:]
    return None


def caption(code: Shortcode, ctx: RenderContext, notes: Notes) -> str:
    """Both forms: `caption="…"` and the caption text after the image inside the shortcode."""
    if code.content is None and not code.raw.endswith("/]"):
        notes.warn("[caption] without [/caption] left as text")
        return code.raw
    content = code.content or ""
    text = code.named.get("caption", "")
    if not text:
        split = _image_then_text(content)
        if split:
            content, text = split
    text = _EDGE_BREAKS.sub("", text)
    if not _HAS_IMG.search(content):
        notes.warn("[caption] without an image: caption kept as a paragraph")
        kept = _EDGE_BREAKS.sub("", content) + (" " if content.strip() and text else "") + text
        return f"<p>{kept}</p>" if kept.strip() else ""
    content = _close_links(_EDGE_BREAKS.sub("", content))
    if not text:
        return content
    return f"<figure>{content}<figcaption>{text}</figcaption></figure>"


def _close_links(content: str) -> str:
    """A link opened around the image but never closed would swallow the caption: close it after the image."""
    missing = len(_LINK_OPEN.findall(content)) - len(_LINK_CLOSE.findall(content))
    return content + "</a>" * max(missing, 0)


def image_figure(image: Image, link: str = "") -> str:
    """A figure for one attachment, linked when the gallery links its images."""
    attrs = f'src="{_attr(image.src)}" alt="{_attr(image.alt)}"'
    if image.id is not None:
        attrs += f' data-id="{image.id}"'
    if image.title:
        attrs += f' title="{_attr(image.title)}"'
    img = f"<img {attrs} />"
    if link:
        img = f'<a href="{_attr(link)}">{img}</a>'
    caption_html = f"<figcaption>{html.escape(image.caption)}</figcaption>" if image.caption else ""
    return f"<figure>{img}{caption_html}</figure>"


def gallery(code: Shortcode, ctx: RenderContext, notes: Notes) -> str:
    """gallery_shortcode(): `ids`/`include` name attachments; without them, the post's attached images."""
    images = _gallery_images(code, ctx, notes)
    if not images:
        notes.warn("[gallery] has no images to show")
        return ""
    link_to = code.named.get("link", "")
    figures = (image_figure(image, _gallery_link(image, link_to)) for image in images)
    return "".join(figures)


def _gallery_images(code: Shortcode, ctx: RenderContext, notes: Notes) -> list[Image]:
    wanted = code.named.get("ids") or code.named.get("include")
    if not wanted:
        excluded = {int(i) for i in _IDS.findall(code.named.get("exclude", ""))}
        return [image for image in ctx.children if image.id not in excluded]
    images = []
    for ident in map(int, _IDS.findall(wanted)):
        image = ctx.attachments.get(ident)
        if image is None:
            notes.warn(f"[gallery] attachment {ident} not found")
        else:
            images.append(image)
    return images


def _gallery_link(image: Image, link_to: str) -> str:
    if link_to == "none":
        return ""
    if link_to == "file":
        return image.src
    return image.link


def _attr(value: str) -> str:
    return html.escape(html.unescape(value), quote=True)


FIGURE_HANDLERS = {"caption": caption, "wp_caption": caption, "gallery": gallery}
