"""Posts from WordPress REST API JSON (wp/v2), as fetched live or read back from a crawl's WARC.

https://developer.wordpress.org/rest-api/reference/posts/ : `*.rendered` fields are HTML with
entities encoded, `date` is the blog's local time and `date_gmt` UTC (null for undated drafts).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..errors import InputError
from ..model import MACHINERY, Image, Post, Problem, Term
from .warc import WarcResponse, iter_warc_responses

__all__ = ["image_from_rest", "post_from_rest", "post_type_collections", "posts_from_warc", "rest_collection",
           "term_from_rest"]

TAXONOMY = {"categories": "category", "tags": "post_tag"}
POST_COLLECTIONS = ("posts", "pages")
# wp/v2 routes of WordPress's own that are not a post type's collection, whatever a types answer says.
CORE_ROUTES = frozenset({"media", "users", "categories", "tags", "comments", "types", "taxonomies", "statuses",
                         "search", "settings", "themes", "plugins", "sidebars", "widgets", "menus", "menu-items"})
MAX_POST_TYPES = 50  # a types answer naming more is not a blog's; the first 50 are read
_NAME = re.compile(r"[\w-]+")


def post_from_rest(record: dict, *, source: str, users: Mapping[int, str] = {},
                   terms: Mapping[int, Term] = {}, media: Mapping[int, Image] = {}) -> Post:
    """A Post from one wp/v2 posts or pages record; ids it cannot resolve become warnings."""
    if not isinstance(record, dict) or not isinstance(record.get("id"), int):
        raise InputError(source, "not a WordPress REST API post record (no numeric id)")
    problems: list[Problem] = []
    label = f"{record.get('type', 'post')} {record['id']}"
    content = record.get("content") if isinstance(record.get("content"), dict) else {}
    date = _aware(record.get("date_gmt"), record.get("date"))
    return Post(
        id=record["id"], type=str(record.get("type") or "post"), status=str(record.get("status") or "publish"),
        title=html.unescape(_rendered(record, "title")), slug=unquote(str(record.get("slug") or "")),
        link=str(record.get("link") or ""), guid=html.unescape(_rendered(record, "guid")),
        date=date, modified=_aware(record.get("modified_gmt"), record.get("modified")),
        author=_author(record, users, source, label, problems),
        categories=_terms(record, "categories", terms, source, label, problems),
        tags=_terms(record, "tags", terms, source, label, problems),
        terms=_format_term(record), excerpt=_rendered(record, "excerpt").strip(),
        content=str(content.get("rendered") or ""),
        featured_image=_featured(record, media, source, label, problems),
        parent=record.get("parent") or None, menu_order=int(record.get("menu_order") or 0),
        sticky=bool(record.get("sticky")), password_protected=bool(content.get("protected")),
        comment_status=str(record.get("comment_status") or ""), meta=_meta(record.get("meta")),
        source=source, problems=tuple(problems))


def term_from_rest(record: dict, parents: Mapping[int, str] = {}) -> Term:
    """A category or tag record; `parents` maps term ids to slugs for hierarchical taxonomies."""
    taxonomy = str(record.get("taxonomy") or "category")
    return Term(taxonomy=taxonomy, name=html.unescape(str(record.get("name") or "")),
                slug=unquote(str(record.get("slug") or "")), parent=parents.get(record.get("parent") or 0, ""),
                description=str(record.get("description") or ""))


def image_from_rest(record: dict) -> Image:
    """A media (attachment) record as the Image a post's featured_media names."""
    return Image(src=str(record.get("source_url") or ""), alt=str(record.get("alt_text") or ""),
                 caption=_plain(_rendered(record, "caption")), title=html.unescape(_rendered(record, "title")),
                 link=str(record.get("link") or ""), id=record.get("id") if isinstance(record.get("id"), int) else None)


def rest_collection(url: str) -> str:
    """Which wp/v2 collection a URL (pretty /wp-json/ or plain ?rest_route=) reads; '' for others."""
    parts = urlsplit(url)
    route = dict(parse_qsl(parts.query)).get("rest_route")
    if route is None:
        marker = parts.path.find("/wp-json/")
        route = parts.path[marker + len("/wp-json"):] if marker >= 0 else ""
    pieces = route.strip("/").split("/")
    if len(pieces) >= 3 and pieces[:2] == ["wp", "v2"] and _NAME.fullmatch(pieces[2]):
        return pieces[2] if len(pieces) == 3 or (len(pieces) == 4 and pieces[3].isdecimal()) else ""
    return ""


def post_type_collections(types: object) -> tuple[str, ...]:
    """The wp/v2 collections of a site's own post types (recipes, portfolio), from its /wp/v2/types answer.

    Posts and pages are read anyway; media and editor machinery (blocks, templates, menus) are not writing.
    """
    bases = []
    for slug, kind in types.items() if isinstance(types, dict) else ():
        if not isinstance(kind, dict) or slug in ("post", "page") or slug in MACHINERY:
            continue
        base = kind.get("rest_base") or slug
        if (kind.get("rest_namespace", "wp/v2") == "wp/v2" and isinstance(base, str) and _NAME.fullmatch(base)
                and base not in CORE_ROUTES and base not in POST_COLLECTIONS):
            bases.append(base)
    return tuple(dict.fromkeys(bases))[:MAX_POST_TYPES]


def posts_from_warc(path: str | Path) -> Iterator[Post | Problem]:
    """Every post the WARC's REST responses hold, latest version of each, with names resolved.

    Posts, pages and the site's own types (from its /wp/v2/types answer). Two passes: the first
    collects users, terms and media and finds the last copy of each post (a re-crawl appends newer
    list pages); the second builds those posts.
    """
    lookups, latest, problems, collections = _first_pass(path)
    yield from problems
    users, terms, media = lookups
    for ordinal, response, record in _post_records(path, collections):
        if latest.get((record.get("type"), record.get("id"))) == ordinal:
            try:
                yield post_from_rest(record, source=response.url, users=users, terms=terms, media=media)
            except InputError as exc:
                yield Problem(source=response.url, message=exc.reason, item=f"record {ordinal[1] + 1}")


def _first_pass(path) -> tuple[tuple[dict, dict, dict], dict, list[Problem], frozenset[str]]:
    """Lookups, the last copy of each post, problems, and which collections hold posts (the site's types)."""
    users: dict[int, str] = {}
    raw_terms: dict[int, dict] = {}
    media: dict[int, Image] = {}
    copies: dict[str, dict[tuple, tuple[int, int]]] = {}  # collection -> (type, id) -> its last copy
    problems: list[Problem] = []
    collections = set(POST_COLLECTIONS)
    for index, item in enumerate(iter_warc_responses(path)):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        name, data = _json(item, problems)
        if name == "types":
            collections.update(post_type_collections(data))
        for position, record in enumerate(_records(data)):
            if name == "users":
                users[record["id"]] = html.unescape(str(record.get("name") or record.get("slug") or ""))
            elif name in TAXONOMY:
                raw_terms[record["id"]] = {**record, "taxonomy": record.get("taxonomy") or TAXONOMY[name]}
            elif name == "media":
                media[record["id"]] = image_from_rest(record)
            elif name not in CORE_ROUTES:  # used below if the site's types say this collection holds posts
                copies.setdefault(name, {})[(record.get("type"), record["id"])] = (index, position)
    slugs = {tid: str(r.get("slug") or "") for tid, r in raw_terms.items()}
    terms = {tid: term_from_rest(r, slugs) for tid, r in raw_terms.items()}
    latest: dict[tuple, tuple[int, int]] = {}
    for name in collections & copies.keys():
        for key, ordinal in copies[name].items():
            latest[key] = max(latest.get(key, ordinal), ordinal)
    return (users, terms, media), latest, problems, frozenset(collections)


def _post_records(path, collections: frozenset[str]) -> Iterator[tuple[tuple[int, int], WarcResponse, dict]]:
    for index, item in enumerate(iter_warc_responses(path)):
        if isinstance(item, Problem) or rest_collection(item.url) not in collections:
            continue
        name, data = _json(item, [])
        if name:
            for position, record in enumerate(_records(data)):
                yield (index, position), item, record


def _json(response: WarcResponse, problems: list[Problem]) -> tuple[str, object]:
    """The wp/v2 collection a 200 response answers and its parsed JSON; ("", None) for anything else."""
    name = rest_collection(response.url)
    if not name or response.status != 200:
        return "", None
    try:
        return name, json.loads(response.body)
    except (ValueError, UnicodeDecodeError) as exc:
        if name in (*POST_COLLECTIONS, *TAXONOMY, "users", "media"):  # others may be no collection at all
            problems.append(Problem(source=response.url, message=f"REST response is not JSON ({exc})"))
        return "", None


def _records(data: object) -> list[dict]:
    """The records of a collection answer (a list, or one record), those with a numeric id."""
    records = data if isinstance(data, list) else [data]
    return [r for r in records if isinstance(r, dict) and isinstance(r.get("id"), int)]


def _rendered(record: dict, key: str) -> str:
    value = record.get(key)
    if isinstance(value, dict):
        value = value.get("rendered")
    return str(value) if value is not None else ""


def _plain(fragment: str) -> str:
    """Caption HTML (`<p>Text &amp; more</p>`) as plain text."""
    if not fragment.strip():
        return ""
    try:
        return " ".join(lxml_html.fragment_fromstring(fragment, create_parent="div").text_content().split())
    except (etree.ParserError, ValueError):
        return html.unescape(fragment).strip()


def _parse_naive(value) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", ""))
    except ValueError:
        return None


def _aware(gmt_value, local_value) -> datetime | None:
    """UTC time shown in the blog's own offset: the offset is the local date minus the GMT date."""
    gmt, local = _parse_naive(gmt_value), _parse_naive(local_value)
    if gmt is None:
        return None
    gmt = gmt.replace(tzinfo=None)
    offset = timedelta(0)
    if local is not None:
        minutes = round((local.replace(tzinfo=None) - gmt).total_seconds() / 60)
        offset = timedelta(minutes=minutes) if abs(minutes) < 24 * 60 else timedelta(0)
    return gmt.replace(tzinfo=timezone.utc).astimezone(timezone(offset))


def _author(record, users, source, label, problems) -> str:
    author = record.get("author")
    if not author:
        return ""
    if author not in users:
        problems.append(Problem(source=source, item=label, severity="warning",
                                message=f"author {author} not found among the site's users"))
        return ""
    return users[author]


def _terms(record, key, terms, source, label, problems) -> tuple[Term, ...]:
    found = []
    for term_id in record.get(key) or ():
        if term_id in terms:
            found.append(terms[term_id])
        else:
            problems.append(Problem(source=source, item=label, severity="warning",
                                    message=f"{TAXONOMY[key]} {term_id} not found among the site's terms"))
    return tuple(found)


def _featured(record, media, source, label, problems) -> Image | None:
    media_id = record.get("featured_media")
    if not media_id:
        return None
    if media_id not in media:
        problems.append(Problem(source=source, item=label, severity="warning",
                                message=f"featured media {media_id} not found among the site's media"))
        return None
    return media[media_id]


def _format_term(record) -> tuple[Term, ...]:
    """Post formats live in the post_format taxonomy; REST gives just the name, 'standard' meaning none."""
    fmt = record.get("format")
    if not isinstance(fmt, str) or fmt in ("", "standard"):
        return ()
    return (Term(taxonomy="post_format", name=fmt.capitalize(), slug=f"post-format-{fmt}"),)


def _meta(meta) -> tuple[tuple[str, str], ...]:
    if not isinstance(meta, dict):
        return ()
    return tuple((str(k), v if isinstance(v, str) else json.dumps(v)) for k, v in meta.items())
