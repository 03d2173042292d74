"""Comments of a saved post page, with their threading, from wp_list_comments() markup and its theme variants."""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree

from ..model import Comment
from ..transform.clean import clean_html
from .metadata import parse_date, parse_moment

__all__ = ["read_comments"]

_ID = re.compile(r"^(?:li-)?comment-(\d+)$")
_SPACE = re.compile(r"\s+")
_KINDS = ("pingback", "trackback", "comment")
# What holds a comment: <li class="comment" id="comment-12"> (or id="li-comment-12", Twenty Ten) in
# ol.commentlist; div.comment (Twenty Twenty, html5 "div" style); article.comment; <dt class="comment">
# with its text in the next <dd> (Thesis); or only the id, as in <li id="comment-4414" class="alt">
# (WordPress.com and older themes). The class or id is checked in Python after this coarse filter.
_CANDIDATES = etree.XPath(
    "(.//li | .//div | .//article | .//dt | .//dd)[contains(@class, 'comment') or contains(@class, 'pingback')"
    " or contains(@class, 'trackback') or starts-with(@id, 'comment-') or starts-with(@id, 'li-comment-')]")
_CANDIDATE_TAGS = frozenset({"li", "div", "article", "dt", "dd"})
# Sidebar widgets ("Recent comments", some with their own ol.commentlist of other posts' comments) and the
# reply form list comments or look like them: never this post's comments.
_NOT_A_LIST = re.compile(r"recent[-_]?comments|widget_recent|^respond$|comment-?form|top-comments", re.IGNORECASE)
_PING_LIST = re.compile(r"ping|trackback", re.IGNORECASE)
_REPLY_LIST = re.compile(r"(?:^|\s)children(?:\s|$)")
# The comment's own text, innermost first: comment-content, comment-text, wp-block-comment-content,
# commentContent, social-comment-body (Social), w-comments-item-text (Impreza), comment-body (core themes),
# blockquote.entry-content (hAtom comment lists).
_CONTENT_CLASS = re.compile(r"comments?[-_]*(?:item[-_]?)?(?:content|text|body)$|^entry-content$", re.IGNORECASE)
# Parts of a comment that are not its text: author block, meta line, reply and edit links, avatars,
# WordPress.com likes and ratings, "says:", moderation notes.
_NOISE_CLASS = re.compile(
    r"comments?[-_]*(?:item[-_]?)?(?:author|meta|metadata|time|date|number|edit|reply|actions?|header|footer|icon)"
    r"|commentmeta|comment-?likes?|like-(?:link|feedback|count)|rating|^says$|^avatar|gravatar|^reply$|reply-link"
    r"|edit-link|^vcard$|^author$|awaiting-moderation|^social-actions$|screen-reader-text|posted-when|^comment-author-",
    re.IGNORECASE)
_NOISE_TAGS = frozenset({"script", "style", "noscript", "form", "button", "textarea", "input", "svg"})
_SAYS = re.compile(r"^(?:says|screen-reader-text)$")
_AVATAR = re.compile(r"avatar|gravatar", re.IGNORECASE)
_AUTHOR_CLASS = re.compile(r"^(?:fn|wp-block-comment-author-name)$")
_AUTHOR_BLOCK_CLASS = re.compile(r"comments?[-_]*(?:item[-_]?)?author(?:[-_]name)?$|^author$", re.IGNORECASE)
_DATE_CLASS = re.compile(r"comments?[-_]*(?:item[-_]?)?(?:meta|metadata|date|time)|commentmeta|posted-when|"
                         r"wp-block-comment-date", re.IGNORECASE)
# '<cite>Comment by Jan Dark — 18.07, 2011 @ <a href="#comment-9295">16:41</a></cite>' (WordPress.com's Rapidly).
_BYLINE = re.compile(
    r"(?:comment|kommentar|commentaire|comentario|commento)\s+(?:by|von|de|par|di)\s+(.{1,80}?)\s+[—–-]\s",
    re.IGNORECASE)
_PERMALINK = etree.XPath(".//a[contains(@href, '#comment-')]")
_BLOCKS = frozenset({"p", "blockquote", "ul", "ol", "pre", "div", "table", "figure", "h1", "h2", "h3", "h4", "h5",
                     "h6", "dl"})
_NAME_TAGS = frozenset({"a", "strong", "b", "span", "cite", "em"})
_KEEP_EMPTY = frozenset({"br", "img", "hr", "iframe", "video", "audio"})
_LONG_TEXT = 40  # a paragraph this long inside an "author" block is the comment's text (WordPress.com's Rapidly)
_LONG_AUTHOR = 80


def read_comments(root: etree._Element, base_url: str = "") -> tuple[Comment, ...]:
    """Every listed comment in page order; `parent` is the comment whose reply list holds it.
    Images and links in a comment's text are made absolute against `base_url`, the page's address."""
    items = _items(root)
    counted = set(items)
    comments = (_comment(item, counted, base_url) for item in items)
    return tuple(c for c in comments if c.id is not None or c.text)  # an empty div.trackback is a theme's slot


def _items(root: etree._Element) -> list[etree._Element]:
    """Elements that are comments: one per comment, not its inner wrapper with the same id."""
    found: dict[etree._Element, None] = {}
    for el in _CANDIDATES(root):
        if not _looks_like_comment(el) or _dd_of_dt(el) is not None:
            continue
        outer = next((a for a in el.iterancestors() if a in found), None)
        if outer is not None and not _own_comment(el, outer):
            continue
        if not _in_widget_or_form(el):
            found[el] = None
    return list(found)


def _looks_like_comment(el: etree._Element) -> bool:
    if el.tag not in _CANDIDATE_TAGS:
        return False
    classes = (el.get("class") or "").split()
    return any(kind in classes for kind in _KINDS) or bool(_ID.match(el.get("id") or ""))


def _dd_of_dt(el: etree._Element) -> etree._Element | None:
    """The <dt> a <dd class="comment"> belongs to: the two halves of one comment (Thesis)."""
    if el.tag != "dd" or el.get("id"):
        return None
    before = el.getprevious()
    return before if before is not None and before.tag == "dt" and _looks_like_comment(before) else None


def _own_comment(el: etree._Element, outer: etree._Element) -> bool:
    """A comment inside another is a reply when its id differs or it sits in a reply list."""
    inner_id, outer_id = _comment_id(el), _comment_id(outer)
    if inner_id is not None and outer_id is not None:
        return inner_id != outer_id
    for ancestor in el.iterancestors():
        if ancestor is outer:
            return False
        if _REPLY_LIST.search(ancestor.get("class") or ""):
            return True
    return False


def _in_widget_or_form(el: etree._Element) -> bool:
    return any(_NOT_A_LIST.search(name) for ancestor in el.iterancestors()
               for name in f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".split())


def _kind(item: etree._Element) -> str:
    """Its class, else the list holding it: some themes list pingbacks apart (ol.pinglist) with only an id."""
    classes = (item.get("class") or "").split()
    if kind := next((kind for kind in _KINDS if kind in classes), None):
        return kind
    holder = item.getparent()
    names = f"{holder.get('class') or ''} {holder.get('id') or ''}" if holder is not None else ""
    return "pingback" if _PING_LIST.search(names) else "comment"


def _comment(item: etree._Element, counted: set, base_url: str) -> Comment:
    own = _own_part(item, counted)
    author_el = _author(own)
    return Comment(
        id=_comment_id(item),
        author=_author_name(author_el),
        author_url=_author_url(author_el),
        date=_date(own, author_el),
        text=_content(own, item, base_url),
        parent=_parent_id(item, counted),
        type=_kind(item),
    )


def _own_part(item: etree._Element, counted: set) -> etree._Element:
    """A copy of the comment without its replies, so no reply's text or date leaks in; a <dt> takes its <dd>."""
    body = etree.Element("div")
    body.append(_copy_without(item, counted))
    after = item.getnext()
    if item.tag == "dt" and after is not None and _dd_of_dt(after) is item:
        body.append(_copy_without(after, counted))
    return body


def _copy_without(el: etree._Element, counted: set) -> etree._Element:
    """A copy to cut down freely: the page itself is still read for the post's body."""
    copy = deepcopy(el)
    replies = [twin for original, twin in zip(el.iter(), copy.iter(), strict=True)
               if original is not el and original in counted]
    for twin in replies:
        if twin.getparent() is not None:
            _remove(twin)
    return copy


def _comment_id(item: etree._Element) -> int | None:
    for candidate in (item.get("id") or "", *(c.get("id") or "" for c in item[:1])):
        if m := _ID.match(candidate):
            return int(m.group(1))
    return None


def _parent_id(item: etree._Element, counted: set) -> int | None:
    for ancestor in item.iterancestors():
        if ancestor in counted:
            return _comment_id(ancestor)
    return None


def _author(own: etree._Element) -> etree._Element | None:
    """vcard's fn, else an author element with a short text, else a <cite> that is not the byline."""
    for el in own.iter():
        if isinstance(el.tag, str) and _has_class(el, _AUTHOR_CLASS):
            return el
    for el in own.iter():
        if isinstance(el.tag, str) and _has_class(el, _AUTHOR_BLOCK_CLASS) and _short(el):
            return el
    for el in own.iter("cite"):
        if _short(el) and not _PERMALINK(el):
            return el
    for el in own.iter("cite"):
        if match := _BYLINE.match(_text(el)):
            name = etree.Element("span")
            name.text = match[1]
            return name
    return None


def _name_part(el: etree._Element) -> etree._Element:
    """The name alone: an author block's first named child when it also holds the date and reply link."""
    return next((child for child in el if child.tag in _NAME_TAGS and _text(child)), el)


def _author_name(el: etree._Element | None) -> str:
    if el is None:
        return ""
    copy = _copy_without(_name_part(el), set())
    for part in [p for p in copy.iter() if _has_class(p, _SAYS)]:
        _remove(part)
    return _text(copy)


def _author_url(el: etree._Element | None) -> str:
    if el is None:
        return ""
    name = _name_part(el)
    link = name if name.tag == "a" else name.find(".//a[@href]")
    if link is None or _has_class(link, _NOISE_CLASS) or "replytocom=" in link.get("href", ""):
        return ""
    return link.get("href", "")


def _date(own: etree._Element, author: etree._Element | None):
    """The machine-readable <time datetime> when there is one, else the visible date with its time of day."""
    for el in own.iter("time"):
        if date := parse_date(el.get("datetime")):
            return date
    for el in _date_holders(own):
        if date := parse_moment(_text(el)):
            return date
    if author is None:
        return None
    return parse_moment(_header_text(author)) or (
        parse_moment(_header_text(author.getparent())) if author.getparent() is not None else None)


def _header_text(el: etree._Element) -> str:
    """What stands beside the author's name before the paragraphs: '<span>Ada</span><br> März 7, 2018 <p>'."""
    parts = [el.text or ""]
    for child in el:
        if child.tag in _BLOCKS:
            break
        parts += [_text(child), child.tail or ""]
    return _SPACE.sub(" ", " ".join(parts)).strip()


def _date_holders(own: etree._Element) -> list[etree._Element]:
    """Meta lines first, then what holds the permalink ('2019-01-01 @ <a>00:39</a>'), then the permalink."""
    metas = [el for el in own.iter() if isinstance(el.tag, str) and _has_class(el, _DATE_CLASS)]
    links = _PERMALINK(own)
    return metas + [a.getparent() for a in links] + links


def _content(own: etree._Element, item: etree._Element, base_url: str) -> str:
    """The comment's HTML: its content element, else its body, minus author, meta, reply and like blocks.

    Cleaned as convert cleans a comment: the page's scripts, frames and handlers never reach an output."""
    content = _content_element(own)
    if content is None:
        content = own[-1] if item.tag == "dt" and len(own) > 1 else own[0]
    _drop_bylines(content)
    _strip_noise(content)
    _drop_empty(content)
    content = _unwrap(content)
    _blocks_only(content)
    parts = [content.text or ""] + [etree.tostring(c, encoding="unicode", method="html") for c in content]
    return clean_html("".join(parts), base_url)


def _content_element(own: etree._Element) -> etree._Element | None:
    """The innermost element named as the comment's text."""
    found = [el for el in own.iterdescendants()
             if el is not own[0] and isinstance(el.tag, str) and _has_class(el, _CONTENT_CLASS)]
    for el in found:
        if not any(other in found for other in el.iterdescendants()):
            return el
    return None


def _strip_noise(content: etree._Element) -> None:
    for el in list(content.iterdescendants()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag in _NOISE_TAGS or (el.tag == "img" and _has_class(el, _AVATAR)):
            _remove(el)
        elif _has_class(el, _NOISE_CLASS) and not _holds_paragraphs(el):
            _remove(el)


def _holds_paragraphs(el: etree._Element) -> bool:
    return any(len(_text(p)) >= _LONG_TEXT for p in el.iter("p", "blockquote"))


def _drop_bylines(content: etree._Element) -> None:
    """'<cite>Comment by Jan — 18.07.2011 @ <a href="#comment-9295">16:41</a></cite>': a byline, not text."""
    for cite in list(content.iter("cite")):
        if _PERMALINK(cite) and cite.getparent() is not None:
            _remove(cite)


def _unwrap(content: etree._Element) -> etree._Element:
    """The wrappers around a comment's paragraphs (div#div-comment-12, div.format_text) are not its text."""
    while (len(content) == 1 and content[0].tag in ("div", "article", "section", "dd", "dt")
           and not (content.text or "").strip() and not (content[0].tail or "").strip()):
        content = content[0]
    return content


def _blocks_only(content: etree._Element) -> None:
    """Beside paragraphs, loose words ('Kommentar von <cite>Mareike</cite>') are the theme's byline."""
    if not any(child.tag == "p" for child in content):
        return
    content.text = None
    for child in list(content):
        if child.tag in _BLOCKS:
            child.tail = None
        else:
            content.remove(child)


def _drop_empty(content: etree._Element) -> None:
    for el in reversed(list(content.iterdescendants())):
        if el.tag in _KEEP_EMPTY or el.getparent() is None:
            continue
        if not _text(el) and not any(d.tag in _KEEP_EMPTY - {"br"} for d in el.iterdescendants()):
            _remove(el)


def _remove(el: etree._Element) -> None:
    """Remove an element but keep the text after it."""
    parent = el.getparent()
    if el.tail and el.tail.strip():
        before = el.getprevious()
        if before is not None:
            before.tail = (before.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _has_class(el: etree._Element, pattern: re.Pattern) -> bool:
    return any(pattern.search(name) for name in (el.get("class") or "").split())


def _short(el: etree._Element) -> bool:
    text = _text(el)
    return 0 < len(text) <= _LONG_AUTHOR and el.find(".//p") is None


def _text(el: etree._Element) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()
