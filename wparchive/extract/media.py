"""Images, captions and embeds of a post body, put in the shapes the writers expect."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from ..model import Image
from ..transform.tree import drop_tag, drop_tree
from ..transform.urls import resolve_url

__all__ = ["captions_to_figures", "collect_images", "embeds_to_links", "fix_lazy_images", "real_src"]

# Lazy-loading plugins (a3 Lazy Load, WP Rocket, Jetpack, Smush, core themes' lazysizes) keep the
# real address in one of these and put a placeholder in src.
_LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-orig-file", "data-url")
_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "srcset")
# Placeholders in src: data: URIs, blank gifs, a theme's holder image (Soledad's penci2-holder.png)
# and low-quality previews; the real address is then in one of the attributes above.
_PLACEHOLDER = re.compile(r"^data:|lazy|placeholder|[-_]holder\.|blank\.gif|spacer\.gif|pixel\.gif|1x1"
                          r"|lqip|[_?&]blur\b", re.IGNORECASE)
# Never the image itself, whichever attribute holds it: inline data and low-quality previews
# (ShortPixel/Cloudinary `q_lqip`, Cloudinary `e_blur`, imgix `?blur=`) that a lazy loader replaces.
_LOW_QUALITY = re.compile(r"^data:|lqip|[_?&]blur\b", re.IGNORECASE)
_SRCSET_URL = re.compile(r"[\s,]*([^\s,]\S*)")
_SPACE = re.compile(r"[ \t\r\n]+")
_CAPTION_TEXT = (".//*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')]"
                 " | .//*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-dd ')]"
                 " | .//*[contains(concat(' ', normalize-space(@class), ' '), ' gallery-caption ')]"
                 " | .//figcaption")
_CLASSIC_CAPTIONS = etree.XPath(
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption ')]"
    " | .//*[contains(concat(' ', normalize-space(@class), ' '), ' gallery-item ')]")
_CAPTION_TEXT_XP = etree.XPath(_CAPTION_TEXT)
# Consent managers (Complianz, Borlabs, Cookiebot, CookieYes) and lazy loaders move iframe src here.
_EMBED_ATTRS = ("src", "data-src", "data-src-cmplz", "data-cookieblock-src", "data-borlabs-cookie-src",
                "data-lazy-src", "data-cli-src", "data-ezsrc", "data-url")
_YOUTUBE_EMBED = re.compile(r"^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]{6,})", re.IGNORECASE)
_VIMEO_EMBED = re.compile(r"^(?:https?:)?//player\.vimeo\.com/video/(\d+)", re.IGNORECASE)
# Embed blocks left as a bare URL (oEmbed failed when saved) and WP Rocket's YouTube placeholders.
_EMBED_WRAPPERS = etree.XPath(
    ".//*[contains(@class, 'wp-block-embed__wrapper') or contains(@class, 'rll-youtube-player')]")
_TEXT_AND_BR = etree.XPath(".//text() | .//br")
_URL_ONLY = re.compile(r"^\s*(https?://\S+)\s*$")


def real_src(img: etree._Element) -> str:
    """The image address a browser ends up showing, not the lazy-loading placeholder."""
    src = (img.get("src") or "").strip()
    if src and not _PLACEHOLDER.search(src):
        return src
    for attr in _LAZY_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not _LOW_QUALITY.search(value):
            return value
    for attr in _SRCSET_ATTRS:
        best = _largest(img.get(attr) or "")
        if best:
            return best
    return "" if src.startswith("data:") else src


def _largest(srcset: str) -> str:
    best, best_width = "", -1.0
    for url, descriptor in _candidates(srcset):
        if _LOW_QUALITY.search(url):
            continue
        size = _width(descriptor)
        if size > best_width:
            best, best_width = url, size
    return best


def _candidates(srcset: str) -> Iterator[tuple[str, str]]:
    """(url, descriptor) pairs read as browsers read them: a URL may hold commas (ShortPixel's
    `q_lossy,ret_img,w_700/…`), and a candidate ends at the first comma after its URL."""
    pos = 0
    while match := _SRCSET_URL.match(srcset, pos):
        url, pos = match.group(1), match.end()
        if url.endswith(","):
            yield url.rstrip(","), ""
            continue
        end = srcset.find(",", pos)
        end = len(srcset) if end < 0 else end
        yield url, srcset[pos:end].strip()
        pos = end + 1


def _width(descriptor: str) -> float:
    try:
        return float(descriptor.split()[0].rstrip("wx")) if descriptor else 0.0
    except ValueError:
        return 0.0


def fix_lazy_images(root: etree._Element) -> None:
    """Give every img its real src; a <noscript> copy of a lazy img is merged into it, others unwrapped."""
    for noscript in list(root.iter("noscript")):
        inner = noscript.find(".//img")
        twin = _lazy_twin(noscript, inner) if inner is not None else None
        if twin is not None:
            _merge_twin(twin, inner)
            drop_tree(noscript)
        elif inner is not None:
            drop_tag(noscript)
        else:
            drop_tree(noscript)
    for img in list(root.iter("img")):
        src = real_src(img)
        if src:
            img.set("src", src)
        else:
            drop_tree(img)


def _lazy_twin(noscript: etree._Element, copy: etree._Element) -> etree._Element | None:
    """The img the <noscript> copy stands for: most lazy loaders print the copy after it, Autoptimize
    and ShortPixel before it, sometimes each in its own link."""
    prev, after = noscript.getprevious(), noscript.getnext()
    for sibling, gap in ((prev, prev.tail if prev is not None else ""), (after, noscript.tail)):
        img = _only_img(sibling)
        if img is not None and _same_image(img, copy, beside=img is sibling and not (gap or "").strip()):
            return img
    return None


def _only_img(el: etree._Element | None) -> etree._Element | None:
    """The element if it is an img, or the one img it wraps (a link, a span)."""
    if el is None or not isinstance(el.tag, str) or el.tag == "noscript":
        return None
    if el.tag == "img":
        return el
    found = el.findall(".//img")
    return found[0] if len(found) == 1 else None


def _same_image(img: etree._Element, copy: etree._Element, *, beside: bool) -> bool:
    """A lazy img right beside the copy is its twin; any other must show the same file."""
    if beside and _is_lazy(img):
        return True
    return _file_name(real_src(img)) == _file_name(real_src(copy)) != ""


def _is_lazy(img: etree._Element) -> bool:
    src = (img.get("src") or "").strip()
    return not src or bool(_PLACEHOLDER.search(src)) or any(img.get(attr) for attr in _LAZY_ATTRS + _SRCSET_ATTRS[:2])


def _file_name(src: str) -> str:
    return src.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def _merge_twin(img: etree._Element, copy: etree._Element) -> None:
    """The copy's src (what the page shows without scripts) replaces a placeholder, never a real src."""
    current = (img.get("src") or "").strip()
    src = real_src(copy)
    if (not current or _PLACEHOLDER.search(current)) and src and not _LOW_QUALITY.search(src):
        img.set("src", src)
    for attr in ("alt", "title"):
        if not img.get(attr) and copy.get(attr):
            img.set(attr, copy.get(attr))


def captions_to_figures(root: etree._Element) -> None:
    """[caption] and [gallery] markup (<div class="wp-caption">, <dl class="gallery-item">) as <figure>."""
    for box in _CLASSIC_CAPTIONS(root):
        caption = next(iter(_CAPTION_TEXT_XP(box)), None)
        media = box.find(".//img")
        if media is None:
            continue
        holder = media.getparent() if media.getparent() is not None and media.getparent().tag == "a" else media
        figure = etree.Element("figure")
        figure.append(_detached(holder))
        if caption is not None and _text(caption):
            figure.append(_as_figcaption(caption))
        figure.tail = box.tail
        box.getparent().replace(box, figure)
    for caption in root.iter("figcaption"):
        caption.attrib.clear()
    for figure in list(root.iter("figure")):
        if figure.find(".//img") is None:
            _unwrap_figure(figure)  # embed blocks: the link paragraph stays, the caption becomes text
            continue
        for cap in _CAPTION_TEXT_XP(figure):
            if cap.tag != "figcaption":
                cap.tag = "figcaption"


def _unwrap_figure(figure: etree._Element) -> None:
    for caption in figure.iter("figcaption"):
        caption.tag = "p"
    drop_tag(figure)


def _detached(el: etree._Element) -> etree._Element:
    el.getparent().remove(el) if el.getparent() is not None else None
    el.tail = None
    return el


def _as_figcaption(caption: etree._Element) -> etree._Element:
    new = etree.Element("figcaption")
    new.text = caption.text
    for child in caption:
        new.append(child)
    return new


def embeds_to_links(root: etree._Element, base_url: str = "") -> None:
    """Video and other embeds become a paragraph with a link, since iframes do not survive archiving;
    one whose address a browser must not follow (javascript:, data:) is dropped."""
    for frame in list(root.iter("iframe", "embed", "video", "audio", "object", "lite-youtube")):
        href = _embed_href(frame)
        if href and (href := resolve_url(href, base_url)):
            _replace_with_link(frame, href)
        elif frame.getparent() is not None:
            drop_tree(frame)
    for wrapper in _EMBED_WRAPPERS(root):
        match = _URL_ONLY.match(_text(wrapper))
        if match and wrapper.find(".//a") is None:
            _replace_with_link(wrapper, match.group(1))
        elif wrapper.get("data-id") and "youtube" in (wrapper.get("class") or ""):
            _replace_with_link(wrapper, f"https://www.youtube.com/watch?v={wrapper.get('data-id')}")


def _embed_href(frame: etree._Element) -> str:
    if frame.tag == "lite-youtube" and frame.get("videoid"):
        return f"https://www.youtube.com/watch?v={frame.get('videoid')}"
    candidates = [frame.get(attr) for attr in _EMBED_ATTRS]
    if frame.tag in ("video", "audio"):
        candidates += [s.get("src") for s in frame.iter("source")]
    if frame.tag == "object":
        candidates += [frame.get("data")] + [p.get("value") for p in frame.iter("param") if p.get("name") == "movie"]
    src = next((c.strip() for c in candidates if c and c.strip() and c.strip() != "about:blank"), "")
    if src.startswith("//"):
        src = "https:" + src
    if m := _YOUTUBE_EMBED.match(src):
        return f"https://www.youtube.com/watch?v={m.group(1)}"
    if m := _VIMEO_EMBED.match(src):
        return f"https://vimeo.com/{m.group(1)}"
    return src


def _replace_with_link(el: etree._Element, href: str) -> None:
    p = etree.Element("p")
    a = etree.SubElement(p, "a", href=href)
    a.text = (el.get("title") or "").strip() or href  # oEmbed iframes carry the video title
    p.tail = el.tail
    parent = el.getparent()
    if parent is not None:
        parent.replace(el, p)


def collect_images(root: etree._Element) -> tuple[Image, ...]:
    """Every image of the body once, with the caption of its figure and the link around it."""
    images: dict[str, Image] = {}
    for img in root.iter("img"):
        src = img.get("src", "")
        if not src or src in images or not resolve_url(src, ""):  # the allow-list takes an unsafe src out
            continue
        figure = next((a for a in img.iterancestors("figure")), None)
        caption = figure.find(".//figcaption") if figure is not None else None
        parent = img.getparent()
        link = parent.get("href", "") if parent is not None and parent.tag == "a" else ""
        images[src] = Image(src=src, alt=(img.get("alt") or "").strip(), title=(img.get("title") or "").strip(),
                            caption=caption_text(caption) if caption is not None else "", link=link)
    return tuple(images.values())


def caption_text(caption: etree._Element) -> str:
    """Caption as plain text; <br> lines stay separate lines."""
    parts = ["\n" if isinstance(node, etree._Element) else str(node) for node in _TEXT_AND_BR(caption)]
    lines = (_SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _text(el: etree._Element) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()
