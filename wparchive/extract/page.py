"""A saved WordPress page to a Post: metadata, clean body, images, related links, comments."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from ..model import Link, Post, Problem
from ..transform.urls import resolve_url
from .comments import read_comments
from .content import (
    Found,
    content_anchor,
    find_content,
    has_content,
    looks_single,
    main_post,
    post_elements,
    prepend_leads,
    remove_boilerplate,
    remove_other_posts,
)
from .encoding import decode_page
from .fallback import fallback_body
from .highlight import plain_code
from .media import captions_to_figures, collect_images, embeds_to_links, fix_lazy_images
from .metadata import read_metadata
from .parse import parse_html
from .related import block_links, find_related_links, lead_in_links, merge_links
from .textrules import remove_boilerplate_text, remove_leading_meta, remove_orphan_headings, remove_term_lists
from .tidy import tidy
from .tree import make_links_absolute

__all__ = ["ExtractOptions", "extract_page"]

_TITLE_LINK = etree.XPath(
    ".//*[contains(@class, 'entry-title') or contains(@class, 'post-title')]//a[@href]"
    " | .//a[@rel='bookmark'][@href] | .//h2//a[@href] | .//h1//a[@href] | .//h3//a[@href]")
FALLBACK_NOTE = "no WordPress post container found; body taken by generic extraction"
WHOLE_PAGE_NOTE = "no post content container found; kept the whole page text"


@dataclass(frozen=True, kw_only=True)
class ExtractOptions:
    comments: bool = False
    fallback: bool = True  # generic extraction for pages that are not recognisably WordPress


def extract_page(html: bytes | str, *, url: str = "", source: str = "",
                 options: ExtractOptions = ExtractOptions()) -> Post:
    """The post a saved page shows.

    For a listing (home, archive, category, search page) `is_post` is False, the body is empty and
    `related` lists the posts the page links to, one Link per post title.
    """
    name = source or url or "<page>"
    text, problems = decode_page(html, name)
    if text is None:
        return Post(link=url, source=name, problems=problems)
    root, parse_problems = parse_html(text, name)
    problems += parse_problems
    if root is None:
        return Post(link=url, source=name, problems=(*problems, Problem(source=name, message="not an HTML page")))
    post = _extract(root, url, name, options)
    return replace(post, problems=problems + post.problems)


def _extract(root: etree._Element, url: str, name: str, options: ExtractOptions) -> Post:
    found = Found.of(root)
    posts = post_elements(found)
    listing = len(posts) > 1 and not looks_single(root)
    article = None if listing else main_post(posts, found)
    meta = read_metadata(root, article, url)
    base = url or meta.link
    comments = read_comments(root, base) if options.comments else ()
    common = {"title": meta.title, "date": meta.date, "modified": meta.modified, "author": meta.author,
              "categories": meta.categories, "tags": meta.tags, "link": meta.link or url, "language": meta.language,
              "featured_image": meta.featured_image, "comments": comments, "source": name}
    if listing:
        return Post(is_post=False, related=_listing_links(posts, base), **common)
    blocks = [el for el, _ in found.related]
    related = merge_links(lead_in_links(article if article is not None else root), block_links(root, blocks))
    anchor = article if article is not None else content_anchor(found)
    remove_boilerplate(anchor, [el for el, _ in found.boilerplate] + blocks)
    # Highlighter chrome (gutters, toolbars, hidden raw copies) goes too: listings become plain <pre><code>
    # once, before text rules read them and before generic extraction, which would make tables of them.
    plain_code(root)
    remove_other_posts(article, found)
    container, problems = _choose_body(article, root, found, url, name, options)
    if any(p.message == FALLBACK_NOTE for p in problems):
        related = related or find_related_links(container)
    body_html, images = _body(container, base, meta.title)
    return Post(body_html=body_html, images=images, related=_absolute(related, base), problems=problems, **common)


def _choose_body(article, root, found: Found, url: str, name: str, options: ExtractOptions):
    """The content container, else generic extraction, else the whole page text.

    Measured on the corpus, generic extraction beats taking the post element's whole text when a
    theme's content element is unknown (fewer menus, meta lines and comment texts)."""
    container = find_content(article, root, found)
    if container is not None and has_content(container):
        if article is not None and article in container.iterancestors():
            # Only the post element holding the body has its lead; another one's excerpt is a teaser.
            prepend_leads(article, container)
        return container, ()
    if options.fallback:
        # Generic extraction sees the page without the boilerplate already recognised, and with its
        # lazy images' real addresses: it keeps only `src`.
        fix_lazy_images(root)
        fallback = fallback_body(root, url)
        if fallback is not None:
            return fallback, (Problem(source=name, severity="warning", message=FALLBACK_NOTE),)
    body = root.find("body")
    return (body if body is not None else root), (Problem(source=name, severity="warning", message=WHOLE_PAGE_NOTE),)


def _body(container: etree._Element, base: str, title: str) -> tuple[str, tuple]:
    remove_boilerplate_text(container)
    remove_leading_meta(container, title)
    remove_term_lists(container)
    remove_orphan_headings(container)  # what the rules above removed can leave a heading heading nothing
    fix_lazy_images(container)
    embeds_to_links(container, base)
    captions_to_figures(container)
    if base:
        make_links_absolute(container, base)
    images = collect_images(container)
    return tidy(container), images


def _listing_links(posts: list[etree._Element], base: str) -> tuple[Link, ...]:
    links: dict[str, Link] = {}
    for post in posts:
        a = next(iter(_TITLE_LINK(post)), None)
        if a is not None and (href := resolve_url(a.get("href"), base)):
            links.setdefault(href, Link(text=" ".join("".join(a.itertext()).split()), href=href))
    return tuple(links.values())


def _absolute(links: tuple[Link, ...], base: str) -> tuple[Link, ...]:
    """Related links against the page address; one a browser must not follow (javascript:, data:) is dropped."""
    return tuple(Link(text=link.text, href=href) for link in links if (href := resolve_url(link.href, base)))
