"""What each discovery endpoint says: API roots, REST list pages, sitemaps, feeds and archive pages.

Pure functions from a response (URL, headers, body) to the URLs it names; the crawler queues them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree
from lxml import html as lxml_html

from ..readers.rest import POST_COLLECTIONS, rest_collection

__all__ = [
    "Found", "api_link", "api_root", "feed_link", "collection_urls", "parse_feed", "parse_listing", "parse_rest_list",
    "parse_sitemap", "parse_date", "rest_route", "rest_url", "same_site", "site_root", "COLLECTIONS", "TYPES_ROUTE",
]

# The REST API advertises itself with this link relation, in a Link header and in <head>.
# https://developer.wordpress.org/rest-api/using-the-rest-api/discovery/
API_REL = "https://api.w.org/"
LINK_HEADER = re.compile(r'<([^>]+)>\s*;[^,]*rel="?https://api\.w\.org/"?', re.I)
# Terms, users and media first so posts can be resolved as soon as they arrive.
COLLECTIONS = ("categories", "tags", "users", "media", "pages", "posts")
LOOKUPS = ("categories", "tags", "users", "media")  # what posts name; the rest hold posts, so --since limits them
# The site's post types: its own (recipes, portfolio) are read like posts, after them.
TYPES_ROUTE = "/wp/v2/types"
# Sitemaps of taxonomies and authors list archive pages, not content: core wp-sitemap-taxonomies-*,
# wp-sitemap-users-*, Yoast category-/post_tag-/author-sitemap.xml.
SKIP_SITEMAP = re.compile(r"(taxonomies|users|author|category|post_tag|tag)[-_]", re.I)
# WordPress archive URLs (category, tag, author, date and paged listings), pretty and plain.
ARCHIVE_PATH = re.compile(r"/(category|tag|author|page)/|/\d{4}/(\d{2}/)?$")
ARCHIVE_QUERY = re.compile(r"(^|&)(cat|tag|author|paged|m|year|monthnum)=")
# Links that are never posts: admin, assets, feeds, comment replies, search, the API itself.
NOT_CONTENT = re.compile(
    r"/wp-(admin|login\.php|content|includes|json)|xmlrpc\.php|/feed/?$|/comments/|/trackback/?$|"
    r"[?&](replytocom|s|share|rest_route|feed)=|\.(jpe?g|png|gif|webp|svg|pdf|zip|mp3|mp4|css|js|xml)$", re.I)


@dataclass
class Found:
    """URLs a response named: (url, kind, lastmod) to queue, and the links of posts it carried."""

    queue: list[tuple[str, str, str, bool]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)

    def add(self, url: str, kind: str, lastmod: str = "", probe: bool = False) -> None:
        self.queue.append((url, kind, lastmod, probe))


def site_root(site: str) -> str:
    """The site's base URL with a scheme and a trailing slash."""
    site = site.strip()
    if "://" not in site:
        site = "https://" + site
    parts = urlsplit(site)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def same_site(url: str, hosts: frozenset[str]) -> bool:
    return urlsplit(url).netloc.lower() in hosts


def parse_date(value: str) -> datetime | None:
    """An ISO 8601 (sitemap, REST) or RFC 822 (RSS) date, UTC when no offset is given."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _before(value: str, since: datetime | None) -> bool:
    when = parse_date(value)
    if since is None or when is None:
        return False
    return when < (since if since.tzinfo else since.replace(tzinfo=timezone.utc))


def api_link(headers: list[str], body: bytes) -> str:
    """The API root a page advertises (Link header first, then <link rel> in the HTML)."""
    for value in headers:
        if match := LINK_HEADER.search(value):
            return match.group(1)
    try:
        doc = lxml_html.fromstring(body)
    except (etree.ParserError, ValueError):
        return ""
    hrefs = doc.xpath('//link[@rel="https://api.w.org/"]/@href')
    return str(hrefs[0]) if hrefs else ""


def feed_link(url: str, body: bytes) -> str:
    """The posts feed a page advertises in <head> (not a comments feed)."""
    try:
        doc = lxml_html.fromstring(body)
    except (etree.ParserError, ValueError):
        return ""
    for href in doc.xpath('//link[@rel="alternate"][contains(@type, "rss") or contains(@type, "atom")]/@href'):
        if "comments" not in str(href):
            return urljoin(url, str(href))
    return ""


def api_root(body: bytes) -> dict | None:
    """The API index when it serves the core wp/v2 namespace, else None."""
    try:
        index = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(index, dict) and "wp/v2" in (index.get("namespaces") or ()):
        return index
    return None


def rest_url(root: str, route: str, params: dict[str, str]) -> str:
    """An endpoint URL under a root, pretty (/wp-json/) or plain (?rest_route=/)."""
    parts = urlsplit(root)
    query = dict(parse_qsl(parts.query))
    if "rest_route" in query:
        # Plain permalinks: the route travels in the query string.
        query = {"rest_route": route, **params}
        return urlunsplit(parts._replace(query=urlencode(query, safe="/")))
    path = parts.path.rstrip("/") + route
    return urlunsplit(parts._replace(path=path, query=urlencode(params)))


def rest_route(url: str) -> str:
    """The REST route a URL asks for ('' when it is not a REST URL)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if "rest_route" in query:
        return query["rest_route"]
    marker = parts.path.find("/wp-json")
    return parts.path[marker + len("/wp-json"):] if marker >= 0 else ""


def collection_urls(root: str, since: datetime | None, names: tuple[str, ...] = COLLECTIONS) -> list[str]:
    """Page 1 of each collection named (by default WordPress's own), 100 records a page (the API's maximum)."""
    urls = []
    for name in names:
        params = {"per_page": "100", "page": "1"}
        if since is not None and name not in LOOKUPS:
            params["after"] = (since if since.tzinfo else since.replace(tzinfo=timezone.utc)).isoformat()
        urls.append(rest_url(root, f"/wp/v2/{name}", params))
    return urls


def _with_page(url: str, page: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "page"] + [("page", str(page))]
    return urlunsplit(parts._replace(query=urlencode(query, safe="/")))


def parse_rest_list(url: str, total_pages: str, body: bytes, post_types: tuple[str, ...] = ()) -> Found:
    """Later pages of a collection (from X-WP-TotalPages on page 1) and the links of its posts.

    Posts, pages and the collections named in `post_types` hold posts; the others only lookups.
    """
    found = Found()
    if dict(parse_qsl(urlsplit(url).query)).get("page", "1") == "1" and total_pages.strip().isdecimal():
        for page in range(2, int(total_pages) + 1):
            found.add(_with_page(url, page), "api-list")
    if rest_collection(url) not in (*POST_COLLECTIONS, *post_types):
        return found
    records = json.loads(body)
    for record in records if isinstance(records, list) else ():
        link = record.get("link") if isinstance(record, dict) else None
        if isinstance(link, str) and link:
            found.items.append(link)
            found.add(link, "page", str(record.get("modified_gmt") or ""))
    return found


def _xml(body: bytes) -> etree._Element:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(body.lstrip(), parser)
    if root is None:
        raise ValueError("not XML")
    return root


def _children(root: etree._Element, name: str) -> Iterator[etree._Element]:
    return (el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == name)


def _text(el: etree._Element, name: str) -> str:
    child = next(_children(el, name), None)
    return (child.text or "").strip() if child is not None else ""


def parse_sitemap(body: bytes, since: datetime | None) -> Found:
    """Child sitemaps of an index, or the page URLs of a urlset (skipping ones older than `since`)."""
    root, found = _xml(body), Found()
    if etree.QName(root).localname == "sitemapindex":
        for entry in _children(root, "sitemap"):
            loc = _text(entry, "loc")
            if loc and not SKIP_SITEMAP.search(loc.rsplit("/", 1)[-1]):
                found.add(loc, "sitemap")
        return found
    for entry in _children(root, "url"):
        loc, lastmod = _text(entry, "loc"), _text(entry, "lastmod")
        if loc and not _before(lastmod, since):
            found.add(loc, "page", lastmod)
    return found


def parse_feed(url: str, body: bytes, since: datetime | None) -> Found:
    """Post links of an RSS or Atom feed page, and the next page (?paged=N+1) while items continue."""
    root, found, old = _xml(body), Found(), False
    for entry in [*_children(root, "item"), *_children(root, "entry")]:
        link = _text(entry, "link") or next((str(h) for h in entry.xpath("*[local-name()='link']/@href")), "")
        date = _text(entry, "pubDate") or _text(entry, "updated") or _text(entry, "published")
        if _before(date, since):
            old = True
            continue
        if link:
            found.add(link, "page")
    if found.queue and not old:
        query = dict(parse_qsl(urlsplit(url).query))
        page = int(query.get("paged", "1")) if query.get("paged", "1").isdecimal() else 1
        # The page after the last one is a 404 (or an empty feed): a guess, not a failure.
        next_page = urlunsplit(urlsplit(url)._replace(query=urlencode({**query, "paged": str(page + 1)})))
        found.add(next_page, "feed", probe=True)
    return found


def parse_listing(url: str, body: bytes, hosts: frozenset[str]) -> Found:
    """Same-site links of an archive page: more archive pages to follow, other pages to fetch."""
    found = Found()
    try:
        doc = lxml_html.fromstring(body)
    except (etree.ParserError, ValueError):
        return found
    seen = set()
    for href in doc.xpath("//a/@href"):
        link = urlunsplit(urlsplit(urljoin(url, str(href).strip()))._replace(fragment=""))
        if link in seen or not link.startswith("http") or not same_site(link, hosts) or NOT_CONTENT.search(link):
            continue
        seen.add(link)
        parts = urlsplit(link)
        if ARCHIVE_PATH.search(parts.path) or ARCHIVE_QUERY.search(parts.query):
            found.add(link, "listing")
        elif parts.path.strip("/") or parts.query:
            found.add(link, "page")
    return found
