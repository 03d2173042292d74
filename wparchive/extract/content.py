"""Where the post is on a page: post elements, listing or single, the content container, leads.

Rules come from selectors.py; this module decides between their matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..transform.tree import drop_tree
from . import selectors

__all__ = ["Found", "content_anchor", "find_content", "has_content", "looks_single", "main_post", "post_elements",
           "prepend_leads", "remove_boilerplate", "remove_other_posts"]

# body_class(): single posts, pages and attachments vs. home, archives and search results.
_SINGLE_BODY = re.compile(r"\b(?:single|single-post|singular|page-id-\d+|attachment|postid-\d+)\b")
# Post-like elements inside these are teasers of other posts or comments, not the page's post.
_NOISE_TOKENS = frozenset({"sidebar", "widget", "widget-area", "comments-area", "comment-list", "commentlist",
                           "comment", "comment-body", "site-footer", "footer", "children"})
_NOISE_IDS = frozenset({"secondary", "sidebar", "comments", "colophon", "footer"})
_NOISE_PART = re.compile(r"related|crp_|yarpp|widget_", re.IGNORECASE)
_LEAD = re.compile(r"(?:^|[\s_-])(?:excerpt|intro|lead|standfirst|teaser|subtitle|dek)(?:$|[\s_-])", re.IGNORECASE)
_POST_ID = re.compile(r"(?:^|\s)post-(\d+)(?:\s|$)")
_CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "td", "body"})
_PARTIAL = 0.5  # share of the page's densest paragraph text a content container must hold
_MIN_TEXT = 1  # a container with no text at all is a theme shell, not the post


@dataclass(frozen=True)
class Found:
    """Every rule group's matches, from one walk over the page."""

    posts: list
    content: list
    variants: list
    related: list
    boilerplate: list

    @classmethod
    def of(cls, root: etree._Element) -> Found:
        return cls(*selectors.classify(root, selectors.posts, selectors.content, selectors.content_variants,
                                       selectors.related_blocks, selectors.boilerplate))


def prepend_leads(article: etree._Element, container: etree._Element) -> None:
    """News themes print the excerpt as a lead above the content element (entry-excerpt, intro,
    standfirst); it is part of the article text, so it moves into the body."""
    inside = set(container.iter())
    ahead = set(container.iterancestors())
    leads = []
    for el in article.iter(etree.Element):
        if el is container:
            break
        if el in ahead or not _LEAD.search(el.get("class") or ""):
            continue
        if any(a in leads for a in el.iterancestors()) or el in inside:
            continue
        text = " ".join("".join(el.itertext()).split())
        if len(text) > 20 and text[:60] not in " ".join("".join(container.itertext()).split()):
            leads.append(el)
    for offset, lead in enumerate(leads):
        lead.getparent().remove(lead)
        lead.tail = None
        container.insert(offset, lead)


def looks_single(root: etree._Element) -> bool:
    """body_class() says single/page, or the page declares itself an article (og:type)."""
    if _SINGLE_BODY.search(_body_class(root)):
        return True
    og_type = root.xpath("string(.//meta[@property='og:type']/@content)").strip().lower()
    return og_type == "article"


def _body_class(root: etree._Element) -> str:
    body = root.find("body")
    return body.get("class", "") if body is not None else ""


def post_elements(found: Found) -> list[etree._Element]:
    """Top-level post elements outside related-post blocks, widgets and comments."""
    posts = [el for el, _ in found.posts]
    inside = set(posts)
    top = [el for el in posts if not any(a in inside for a in el.iterancestors())]
    clean = [el for el in top if not _is_noise(el) and not any(_is_noise(a) for a in el.iterancestors())]
    # Unclosed widget markup can swallow the whole post: then a post inside a "widget" is still the post.
    return clean or [el for el in top if not _is_noise(el)]


def _is_noise(el: etree._Element) -> bool:
    classes = (el.get("class") or "").split()
    return (el.get("id") in _NOISE_IDS or any(c in _NOISE_TOKENS for c in classes)
            or any(_NOISE_PART.search(c) for c in classes))


def main_post(posts: list[etree._Element], found: Found) -> etree._Element | None:
    """The post of a single page: the first post element with a content container, else the longest."""
    for post in posts:
        if any(_within(el, post) for el, _ in found.content):
            return post
    return max(posts, key=_text_length) if posts else None


def content_anchor(found: Found) -> etree._Element | None:
    """Without a post element, the best content container is what boilerplate removal must spare."""
    matches = [(el, rule) for el, rule in found.content if el.tag in _CONTAINER_TAGS]
    if not matches:
        return None
    first = min(rule for _, rule in matches)
    return max((el for el, rule in matches if rule == first), key=_text_length)


def remove_boilerplate(article: etree._Element | None, elements: list) -> None:
    """Drop boilerplate and related-post blocks everywhere except the post element and what encloses it."""
    keep = set(article.iterancestors()) | {article} if article is not None else set()
    for el in elements:
        if el in keep or el.tag in ("html", "body") or el.getparent() is None:
            continue
        drop_tree(el)


def remove_other_posts(article: etree._Element | None, found: Found) -> None:
    """Drop post elements nested in the post that belong to other posts: post_class() gives each post
    its own post-N class, so a different N inside the post is a teaser (or a listing the theme left
    inside an unclosed <article>), not part of it."""
    own = _post_id(article) if article is not None else None
    if own is None:
        return
    for el, _ in found.posts:
        other = _post_id(el)
        if other is not None and other != own and el.getparent() is not None and _within(el, article):
            drop_tree(el)


def _post_id(el: etree._Element) -> str | None:
    match = _POST_ID.search(el.get("class") or "")
    return match.group(1) if match else None


def find_content(article: etree._Element | None, root: etree._Element, found: Found) -> etree._Element | None:
    """The post body: the first content rule that matches, inside the post element first; then the
    longest theme variant. None when that misses most of the page's paragraph text."""
    for scope in ((article, root) if article is not None else (root,)):
        matches = [(el, rule) for el, rule in found.content
                   if el.tag in _CONTAINER_TAGS and _within(el, scope) and (el is not scope or scope is article)]
        # A post element that carries a content class itself (9to5Mac's <article class="post-content">)
        # also holds the title and byline: a content element inside it is the body.
        matches = [(el, rule) for el, rule in matches if el is not scope] or matches
        if matches:
            first = min(rule for _, rule in matches)
            return _unless_partial(max((el for el, rule in matches if rule == first), key=_text_length), root)
        variants = [el for el, _ in found.variants if el.tag in _CONTAINER_TAGS and _within(el, scope)]
        if variants:
            return _unless_partial(max(variants, key=_text_length), root)
    return None


def _unless_partial(container: etree._Element, root: etree._Element) -> etree._Element | None:
    """Page builders (Divi, Elementor, Enfold) often leave a theme's content element holding an
    excerpt while the text sits elsewhere: then the container is not trusted."""
    best = _densest_paragraphs(root)
    if best is None or _paragraph_text(container) >= _PARTIAL * _paragraph_text(best):
        return container
    return None


def _densest_paragraphs(root: etree._Element) -> etree._Element | None:
    """The element whose own <p> children hold the most text."""
    totals: dict[etree._Element, int] = {}
    for p in root.iter("p"):
        parent = p.getparent()
        if parent is not None:
            totals[parent] = totals.get(parent, 0) + _text_length(p)
    return max(totals, key=totals.__getitem__) if totals else None


def _paragraph_text(el: etree._Element) -> int:
    return sum(_text_length(p) for p in el.iter("p"))


def _within(el: etree._Element, scope: etree._Element) -> bool:
    """el is scope or inside it (and still in the tree: removed boilerplate is not)."""
    return el is scope or any(a is scope for a in el.iterancestors())


def has_content(el: etree._Element) -> bool:
    return _text_length(el) >= _MIN_TEXT or el.find(".//img") is not None


def _text_length(el: etree._Element) -> int:
    return len("".join(el.itertext()).strip())
