"""The data model every stage passes along: frozen, keyword-only values; collections are tuples.

Readers build these, transforms return new ones with `dataclasses.replace`, writers only read them.
No `slots`: posts travel between processes, and slotted dataclasses pickle through a slow Python path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Day
from datetime import datetime

__all__ = ["MACHINERY", "Author", "Comment", "Image", "Link", "Post", "Problem", "Site", "Term"]

# Post types that hold site machinery, not writing (menus, revisions, editor templates, styles).
MACHINERY = frozenset({
    "attachment", "nav_menu_item", "revision", "custom_css", "customize_changeset", "oembed_cache",
    "user_request", "wp_block", "wp_template", "wp_template_part", "wp_global_styles", "wp_navigation",
    "wp_font_family", "wp_font_face", "scheduled-action", "shop_order",
})


@dataclass(frozen=True, kw_only=True)
class Term:
    """A category, tag or custom-taxonomy term; `taxonomy` is WordPress's domain name."""

    taxonomy: str
    name: str
    slug: str = ""
    parent: str = ""  # parent term slug, for hierarchical taxonomies
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class Author:
    login: str
    display_name: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    id: int | None = None


@dataclass(frozen=True, kw_only=True)
class Image:
    """An image of a post; `caption` is plain text, kept next to the image in every output."""

    src: str
    alt: str = ""
    caption: str = ""
    title: str = ""
    link: str = ""  # where the image linked to (often the full-size file)
    id: int | None = None  # attachment post id, when known


@dataclass(frozen=True, kw_only=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True, kw_only=True)
class Comment:
    id: int | None
    author: str
    date: datetime | None
    text: str  # the comment's HTML as written (WordPress stores it unformatted; see wpautop)
    parent: int | None = None
    author_url: str = ""
    approved: bool = True
    type: str = ""  # "", "comment", "pingback", "trackback"


@dataclass(frozen=True, kw_only=True)
class Problem:
    """Something wrong with one input or item: reported, never raised past the item it concerns."""

    source: str  # file or URL
    message: str
    item: str = ""  # which item: "post 123 'Title'", a URL, an XML line
    severity: str = "error"  # "error" (item lost or damaged) or "warning" (item kept)
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        what = f" ({self.item})" if self.item else ""
        return f"{where}{what}: {self.message}"


@dataclass(frozen=True, kw_only=True)
class Site:
    """Channel-level facts of an export or a crawled site."""

    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    generator: str = ""
    authors: tuple[Author, ...] = ()
    terms: tuple[Term, ...] = ()
    source: str = ""


@dataclass(frozen=True, kw_only=True)
class Post:
    """One item: a post, page, attachment or any other post type, from an export or a page.

    `content` is the markup as WordPress stores it (classic or block editor); `body_html` is the
    clean HTML the content pipeline made of it (empty until then).
    """

    id: int | None = None
    type: str = "post"
    status: str = "publish"
    title: str = ""
    slug: str = ""
    link: str = ""
    guid: str = ""
    # From an export: aware, with the blog's real UTC offset; None for undated drafts. From a page:
    # the day alone when it shows no time, naive when it names no zone.
    date: Day | datetime | None = None
    modified: Day | datetime | None = None
    author: str = ""  # display name
    author_login: str = ""
    authors: tuple[str, ...] = ()  # every byline's display name when a plugin (Co-Authors Plus) gives several
    categories: tuple[Term, ...] = ()
    tags: tuple[Term, ...] = ()
    terms: tuple[Term, ...] = ()  # other taxonomies (post_format, custom ones)
    excerpt: str = ""
    content: str = ""
    body_html: str = ""
    featured_image: Image | None = None
    attachment_url: str = ""  # for attachments: the file
    parent: int | None = None
    menu_order: int = 0
    sticky: bool = False
    password_protected: bool = False
    comment_status: str = ""
    comments: tuple[Comment, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()  # postmeta key/value pairs, in file order
    old_slugs: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    related: tuple[Link, ...] = ()
    language: str = ""
    is_post: bool = True  # False for a listing/archive page found while extracting
    source: str = ""  # file (and line) or URL the item came from
    problems: tuple[Problem, ...] = field(default=())

    def label(self) -> str:
        """How messages name this item: type, id and title."""
        ident = f" {self.id}" if self.id is not None else ""
        title = f" {self.title!r}" if self.title else ""
        return f"{self.type}{ident}{title}"

    def meta_value(self, key: str) -> str:
        return next((v for k, v in self.meta if k == key), "")
