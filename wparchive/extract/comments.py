"""Comments of a saved post page, with their threading, from wp_list_comments() markup."""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree

from ..model import Comment
from ..transform.clean import clean_html
from .metadata import parse_date

__all__ = ["read_comments"]

_ID = re.compile(r"(?:li-)?comment-(\d+)$")
_SPACE = re.compile(r"\s+")
# Classic and core themes: <li class="comment" id="comment-12"> (or id="li-comment-12", Twenty Ten) in
# ol.commentlist / ol.comment-list, replies in ul.children; block themes use .wp-block-comment-template.
_ITEMS = etree.XPath(
    ".//li[contains(concat(' ', normalize-space(@class), ' '), ' comment ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' pingback ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' trackback ')]"
    "[ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' commentlist ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' comment-list ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' wp-block-comment-template ')]]")
_AUTHOR = etree.XPath(
    ".//*[contains(@class, 'comment-author')]//*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]"
    " | .//*[contains(@class, 'wp-block-comment-author-name')]"
    " | .//cite[contains(@class, 'fn')]")
_DATE = etree.XPath(
    ".//*[contains(@class, 'comment-meta') or contains(@class, 'commentmetadata')"
    " or contains(@class, 'wp-block-comment-date')]//time[@datetime]")
_DATE_TEXT = etree.XPath(
    ".//*[contains(@class, 'comment-meta') or contains(@class, 'commentmetadata')"
    " or contains(@class, 'wp-block-comment-date')]//a")
_CONTENT = etree.XPath(
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' comment-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' wp-block-comment-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' comment-text ')]")
_NOT_TEXT = (".//*[contains(@class, 'comment-author') or contains(@class, 'comment-meta')"
             " or contains(@class, 'commentmetadata') or contains(@class, 'reply')"
             " or contains(@class, 'comment-awaiting-moderation')]")


def read_comments(root: etree._Element) -> tuple[Comment, ...]:
    """Every listed comment in page order; `parent` is the comment whose reply list holds it."""
    comments = []
    for number, item in enumerate(_ITEMS(root)):
        comments.append(_comment(item, number))
    return tuple(comments)


def _comment(item: etree._Element, number: int) -> Comment:
    own = _own_part(item)
    kind = "pingback" if "pingback" in (item.get("class") or "") else "trackback" if "trackback" in (
        item.get("class") or "") else "comment"
    author_el = next(iter(_AUTHOR(own)), None)
    author_link = author_el if author_el is not None and author_el.tag == "a" else (
        author_el.find(".//a") if author_el is not None else None)
    return Comment(
        id=_comment_id(item),
        author=_text(author_el) if author_el is not None else "",
        author_url=author_link.get("href", "") if author_link is not None else "",
        date=_date(own),
        text=_content(own),
        parent=_parent_id(item),
        type=kind,
    )


def _own_part(item: etree._Element) -> etree._Element:
    """The comment without its replies (ul.children), so no reply's text or date leaks in."""
    body = etree.Element("div")
    for child in item:
        if child.tag in ("ul", "ol") and "children" in (child.get("class") or ""):
            continue
        body.append(deepcopy(child))
    return body


def _comment_id(item: etree._Element) -> int | None:
    for candidate in (item.get("id") or "", *(c.get("id") or "" for c in item[:1])):
        if m := _ID.search(candidate):
            return int(m.group(1))
    return None


def _parent_id(item: etree._Element) -> int | None:
    for ancestor in item.iterancestors("li"):
        if _ID.search(ancestor.get("id") or "") or "comment" in (ancestor.get("class") or ""):
            return _comment_id(ancestor)
    return None


def _date(own: etree._Element):
    for el in _DATE(own):
        if date := parse_date(el.get("datetime")):
            return date
    for el in _DATE_TEXT(own):
        if date := parse_date(_text(el)):
            return date
    return None


def _content(own: etree._Element) -> str:
    """The comment's HTML: its content element, else the body minus author, meta and reply link.

    Cleaned as convert cleans a comment: the page's scripts, frames and handlers never reach an output."""
    content = next(iter(_CONTENT(own)), None)
    if content is None:
        content = own
        for el in content.xpath(_NOT_TEXT):
            if el.getparent() is not None:
                el.getparent().remove(el)
    parts = [content.text or ""] + [etree.tostring(c, encoding="unicode", method="html") for c in content]
    return clean_html("".join(parts))


def _text(el: etree._Element) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()
