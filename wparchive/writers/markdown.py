"""Markdown files: YAML front matter, the body converted from clean HTML, comments threaded on request.

Figures become the image followed by its caption as an italic line, which Hugo, Jekyll and every
CommonMark renderer show as a captioned image without any shortcode.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import html_to_markdown

from ..model import Comment, Post
from . import frontmatter
from .comments import sidecar_file, thread_order
from .tables import layout_tables

__all__ = ["comments_markdown", "markdown_files", "post_markdown", "to_markdown"]

_OPTIONS = html_to_markdown.ConversionOptions(
    heading_style="atx",
    bullets="-",
    code_block_style="backticks",
    escape_asterisks=True,
    escape_underscores=True,
    escape_misc=False,
    extract_metadata=False,
    # Markdown has no superscript, subscript or highlight: kept as HTML, which CommonMark passes
    # through, rather than lost (MC<sup>2</sup> is not MC2).
    sup_symbol="<sup>",
    sub_symbol="<sub>",
    highlight_style="html",
    # A line break in a data table's cell stays one (`<br>`, which GFM renders) instead of a space
    # that runs its lines together; layout tables are no longer tables by then (writers/tables.py).
    br_in_tables=True,
)


_TOKENS = re.compile(r"(<[^>]*>)")
_VERBATIM = re.compile(r"<(/?)(pre|code|kbd|samp|tt)\b", re.IGNORECASE)  # written as code: shown as is
# Text that Markdown would read as markup: "<div>" or "<!--" (raw HTML) and "&copy;" (an entity).
_TAG_LIKE = re.compile(r"&lt;(?=[A-Za-z/!?])")
_ENTITY_LIKE = re.compile(r"&amp;(?=#?\w+;)")
_LINK_LIKE = re.compile(r"\](?:\(|:)")  # the middle of [text](url) or [label]: url, written as text
_LINK_MIDDLE = re.compile(r"\](?:<[^>]*>)*[(:]")  # the same, tags between allowed: [x]<small>(…)
_FOOTNOTE_REF = re.compile(r"<sup><a ([^>]*)>(\d{1,4})</a></sup>")
_HREF = re.compile(r'\bhref="#([^"]+)"')
_ID = re.compile(r'\bid="([^"]+)"')
# An item's text never runs past its own </li>: one way to split a list, so no search over all of them.
_FOOTNOTE_LIST = re.compile(r'<ol>((?:<li id="[^"]+">(?:(?!</li>).)*</li>)+)</ol>', re.DOTALL)
_FOOTNOTE_ITEM = re.compile(r'(<li id="([^"]+)">((?:(?!</li>).)*?)\s*<a href="#([^"]+)-link">↩︎</a></li>)', re.DOTALL)
_LINKED_FIGURE = re.compile(r"(<a\b[^>]*>)\s*(<figure\b[^>]*>)((?:(?!</figure>).)*)</figure>\s*</a>",
                            re.IGNORECASE | re.DOTALL)
_FIGURE_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_FIGCAPTION = re.compile(r"<figcaption\b.*?</figcaption>", re.IGNORECASE | re.DOTALL)
_ITALIC_TAG = re.compile(r"</?(?:em|i)\b[^>]*>", re.IGNORECASE)
_PRE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
_LINK_TAG = re.compile(r"</?a\b[^>]*>", re.IGNORECASE)
_HEADING = re.compile(r"<(h[1-6])\b([^>]*)>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_HEADING_OPEN = re.compile(r"<h[1-6][\s>]", re.IGNORECASE)
_HEADING_CLOSE = re.compile(r"</h[1-6]\s*>", re.IGNORECASE)
_HEADING_WITH_IMAGE = re.compile(r"<h[1-6][\s>](?:[^<]|<(?!/h[1-6]))*<img", re.IGNORECASE)
_HEADING_IMAGE = re.compile(r"<a\b[^>]*>\s*<img\b[^>]*>\s*</a\s*>|<img\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")


def _balanced(html: str, opener: str, closer: str) -> bool:
    """Each element of a kind closed, as in any serialised tree: the rewrites below search from an
    opener to its closer, and on markup left open that search would run to the end from every opener."""
    return html.count(opener) == html.count(closer)


def _unlinked_pre(html: str) -> str:
    """Links inside <pre> as their text: a code block shows its characters, so a link there would
    read as `[text](url)`."""
    if "<pre" not in html or not _balanced(html, "<pre", "</pre>"):
        return html
    return _PRE.sub(lambda block: _LINK_TAG.sub("", block.group(0)), html)


def _images_out_of_headings(html: str) -> str:
    """A Markdown heading holds text only, so an image in one would be reduced to its alt text
    (`### Shy owl`). Each image goes to a line of its own, before the heading when no text precedes
    it, else after; a heading with no text of its own is left out."""
    if "<img" not in html or "<h" not in html:
        return html
    if len(_HEADING_OPEN.findall(html)) != len(_HEADING_CLOSE.findall(html)) or not _HEADING_WITH_IMAGE.search(html):
        return html  # see _balanced
    return _HEADING.sub(_heading_without_images, html)


def _heading_without_images(match: re.Match) -> str:
    """One heading with its images beside it (see _images_out_of_headings)."""
    tag, attributes, inner = match.groups()
    if "<img" not in inner:
        return match.group(0)
    before: list[str] = []
    after: list[str] = []
    for image in _HEADING_IMAGE.finditer(inner):
        (after if _has_text(inner[:image.start()]) else before).append(image.group(0))
    rest = _HEADING_IMAGE.sub("", inner)
    heading = f"<{tag}{attributes}>{rest}</{tag}>" if _has_text(rest) else ""
    return _image_line(before) + heading + _image_line(after)


def _has_text(html: str) -> bool:
    """Whether a piece of a heading shows any text of its own."""
    return bool(_ANY_TAG.sub("", html).replace("&nbsp;", " ").strip())


def _image_line(images: list[str]) -> str:
    """Images taken out of a heading, as a paragraph of their own."""
    return f"<p>{' '.join(images)}</p>" if images else ""


def _links_into_figures(html: str) -> str:
    """A link around a whole figure goes around its image: Markdown has no link holding a picture and its
    caption, so the converter kept only their text, and the image was lost."""
    if "<figure" not in html or not _balanced(html, "<figure", "</figure>"):
        return html
    return _LINKED_FIGURE.sub(_link_inside_figure, html)


def _link_inside_figure(match: re.Match) -> str:
    link, figure, inner = match.group(1), match.group(2), match.group(3)
    image = _FIGURE_IMAGE.search(inner)
    if image is None or "<a" in inner[:image.start()]:
        return match.group(0)
    inner = f"{inner[:image.start()]}{link}{image.group(0)}</a>{inner[image.end():]}"
    return f"{figure}{inner}</figure>"


def _plain_captions(html: str) -> str:
    """A caption is written in italics, so italics inside it are plain: `*…*` around `<em>` would read as bold."""
    if "<figcaption" not in html or not _balanced(html, "<figcaption", "</figcaption>"):
        return html
    return _FIGCAPTION.sub(lambda caption: _ITALIC_TAG.sub("", caption.group(0)), html)


def _footnotes(html: str) -> str:
    """Block-editor footnotes as Markdown footnotes: `<sup><a href="#ID" id="ID-link">1</a></sup>`
    becomes `[^1]`, and the list item `<li id="ID">… <a href="#ID-link">↩︎</a></li>` becomes
    `[^1]: …`. Markdown keeps no ids, so the HTML's links would lead nowhere. A list holding
    anything else stays a list, and its references stay links."""
    if '-link"' not in html or not _balanced(html, "<li", "</li>"):
        return html
    labels: dict[str, str] = {}  # footnote id -> the number its reference shows
    for match in _FOOTNOTE_REF.finditer(html):
        ident = _footnote_id(match.group(1))
        if ident and ident not in labels:
            labels[ident] = match.group(2)
    done: set[str] = set()

    def notes(match: re.Match) -> str:
        items = _FOOTNOTE_ITEM.findall(match.group(1))
        if "".join(whole for whole, *_ in items) != match.group(1) or any(
                ident not in labels or back != ident for _, ident, _, back in items):
            return match.group(0)
        done.update(ident for _, ident, _, _ in items)
        return "".join(f"<p>[^{labels[ident]}]: {text.strip()}</p>" for _, ident, text, _ in items)

    def reference(match: re.Match) -> str:
        ident = _footnote_id(match.group(1))
        return f"[^{labels[ident]}]" if ident in done else match.group(0)

    html = _FOOTNOTE_LIST.sub(notes, html) if labels else html
    return _FOOTNOTE_REF.sub(reference, html) if done else html


def _footnote_id(attributes: str) -> str:
    """The footnote a reference's <a> leads to, when its own id is that footnote's `-link`."""
    target, own = _HREF.search(attributes), _ID.search(attributes)
    return target.group(1) if target and own and own.group(1) == f"{target.group(1)}-link" else ""


def _keep_literal(html: str) -> str:
    """Escape text that reads as a tag, an entity or a link, outside code, so Markdown shows it as
    written: `[x](javascript:…)` typed in a post must not become a link."""
    if "&lt;" not in html and "&amp;" not in html and not ("]" in html and _LINK_MIDDLE.search(html)):
        return html
    parts, depth, text = _TOKENS.split(html), 0, []
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            if verbatim := _VERBATIM.match(part):
                depth += -1 if verbatim.group(1) else 1
        elif depth <= 0 and part:
            parts[i] = _TAG_LIKE.sub("&amp;lt;", _ENTITY_LIKE.sub("&amp;amp;", part))
            text.append(i)
    if _LINK_LIKE.search("".join(parts[i] for i in text)):  # across tags: [<em>x</em>](…), [x]<small>(…)
        for i in text:
            parts[i] = parts[i].replace("[", "&amp;#91;")  # an entity's [ opens no link
    return "".join(parts)


def _converter() -> Callable[[str], str]:
    """html_to_markdown.convert rebuilds its options on every call, which costs more than a short
    post's conversion; with the library's own builder available, they are built once."""
    try:
        from html_to_markdown._html_to_markdown import convert
        from html_to_markdown.api import _to_rust_conversion_options
        options = _to_rust_conversion_options(_OPTIONS)
        convert(html="<p>x</p>", options=options, visitor=None)
    except Exception:  # noqa: BLE001 - a later release moved or changed them: the public call
        return lambda html: html_to_markdown.convert(html, _OPTIONS).content or ""
    return lambda html: convert(html=html, options=options, visitor=None).content or ""


_CONVERT = _converter()


def to_markdown(html: str) -> str:
    """Clean HTML fragment -> CommonMark, ending in exactly one newline (or empty)."""
    if not html.strip():
        return ""
    html = _links_into_figures(_images_out_of_headings(_unlinked_pre(layout_tables(html))))
    text = _CONVERT(_footnotes(_keep_literal(_plain_captions(html))))
    text = text.strip()
    return f"{text}\n" if text else ""


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|])")


def _plain_md(text: str) -> str:
    """Text shown as itself in Markdown: its special characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _comment_lines(comment: Comment, depth: int) -> list[str]:
    pad = "  " * depth
    when = f" — {comment.date:%Y-%m-%d %H:%M}" if comment.date else ""
    name = _plain_md(comment.author) or "Anonymous"
    url = comment.author_url.strip().replace(" ", "%20").replace(">", "%3E")
    who = f"[{name}](<{url}>)" if url.startswith(("http://", "https://")) else name
    lines = [f"{pad}- **{who}**{when}", ""]
    body = to_markdown(comment.text).rstrip("\n")
    return lines + [f"{pad}  {line}" if line else "" for line in body.split("\n")] + [""]


def comments_markdown(comments: Sequence[Comment]) -> str:
    """A `## Comments` section, replies nested under what they answer (see thread_order)."""
    if not comments:
        return ""
    lines = ["## Comments", ""]
    for comment, depth in thread_order(comments):
        lines += _comment_lines(comment, depth)
    return "\n".join(lines).rstrip("\n") + "\n"


def post_markdown(post: Post, *, preset: str = "generic", inline_comments: bool = False,
                  featured_src: str | None = None) -> str:
    """The whole file: front matter, body, and the comments when they belong in the file."""
    head = frontmatter.dump(frontmatter.front_matter(post, preset, featured_src=featured_src))
    parts = [head, to_markdown(post.body_html)]
    if inline_comments and post.comments:
        parts.append(comments_markdown(post.comments))
    return "\n".join(p for p in parts if p)


def markdown_files(post: Post, rel: str, *, preset: str = "generic", comments: str = "none",
                   featured_src: str | None = None) -> list[tuple[str, bytes]]:
    """The post's file, and with comments="sidecar" a JSON file of its comment threads beside it."""
    text = post_markdown(post, preset=preset, inline_comments=comments == "inline", featured_src=featured_src)
    files = [(rel, text.encode("utf-8"))]
    if comments == "sidecar":
        files += sidecar_file(post, rel)
    return files
