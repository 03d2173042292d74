"""A simulated WordPress site on 127.0.0.1: REST API, sitemaps, feeds, robots.txt and HTML pages.

Used by the crawl tests and the crawl benchmark; run as a script to serve one by hand:
    python tests/sitesim.py --posts 2000 --port 8080

Fault switches (SiteConfig.faults maps a request path to one): "flaky" (500 `fail_times` times,
then 200), "throttle" (429 with Retry-After: `retry_after`, `fail_times` times), "slow" (answers after
`slow_seconds`), "loop" (redirects back and forth), "huge" (`huge_bytes` body), "broken" (always 500),
"forbidden" (401 as from a plugin that closes the REST API),
or an absolute URL (301 to it).
Every request is logged with its arrival time, path, status and User-Agent.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

LOCAL = timezone(timedelta(hours=2))  # the blog's timezone
START = datetime(2024, 1, 1, 10, 0, tzinfo=LOCAL)
PER_PAGE_MAX = 100
FEED_PAGE = 10
IMAGE = b"\xff\xd8\xff\xe0 JFIF "  # the start of a JPEG; each image ends with its own path


@dataclass
class SiteConfig:
    posts: int = 12
    pages: int = 2
    api: bool = True
    pretty: bool = True  # pretty permalinks; off: /?p=N links and /?rest_route=/ (and /wp-json/ shows the home page)
    sitemaps: bool = True
    link_header: bool = True
    robots: bool = True  # serve a robots.txt at all
    disallow: tuple[str, ...] = ()  # robots.txt Disallow lines
    crawl_delay: float | None = None
    private_posts: tuple[int, ...] = ()  # posts whose link sits under /private/
    faults: dict[str, str] = field(default_factory=dict)
    fail_times: int = 2
    retry_after: int = 1  # seconds, in the 429 answers of "throttle"
    slow_seconds: float = 1.0
    huge_bytes: int = 2_000_000
    gzip: bool = True
    home: str = ""  # the REST index's "home" when the front end lives on another host
    feed_paging: bool = True  # off: every ?paged=N answers the first page, as some caching setups do
    images: bool = False  # post pages as a theme writes them, every 4th with its image; uploads served
    recipes: int = 0  # items of a custom post type, "recipe", listed by /wp/v2/types under the REST base "recipes"


@dataclass(frozen=True)
class Hit:
    at: float  # time.monotonic() on arrival
    path: str
    status: int  # 0: held and dropped without an answer
    user_agent: str
    conditional: bool
    host: str = ""


class SimSite:
    """The site's content and routing; answers (status, headers, body) for a request path."""

    def __init__(self, config: SiteConfig, base: str):
        self.config, self.base = config, base
        self.fault_counts: dict[str, int] = {}
        self._paths: dict[str, int] = {}

    # -- content ---------------------------------------------------------------------------------

    def post_date(self, n: int) -> datetime:
        return START + timedelta(days=n, minutes=n)

    def post_path(self, n: int) -> str:
        if n in self.config.private_posts:
            return f"/private/post-{n}/"
        if not self.config.pretty:
            return f"/?p={n}"
        return f"/{self.post_date(n):%Y/%m}/post-{n}/"

    def page_path(self, k: int) -> str:
        return f"/about-{k}/" if self.config.pretty else f"/?page_id={1000 + k}"

    def post_record(self, n: int) -> dict:
        date = self.post_date(n)
        modified = date + timedelta(hours=1)
        gmt = lambda d: d.astimezone(timezone.utc).replace(tzinfo=None).isoformat()  # noqa: E731
        return {
            "id": n, "type": "post", "status": "publish", "slug": f"post-{n}",
            "date": date.replace(tzinfo=None).isoformat(), "date_gmt": gmt(date),
            "modified": modified.replace(tzinfo=None).isoformat(), "modified_gmt": gmt(modified),
            "link": self.base + self.post_path(n), "guid": {"rendered": f"{self.base}/?p={n}"},
            "title": {"rendered": f"Post {n} &#8220;quoted&#8221;"},
            "content": {"rendered": f"<p>Body of post {n}.</p>\n", "protected": False},
            "excerpt": {"rendered": f"<p>Excerpt {n}</p>\n", "protected": False},
            "author": 1 + n % 2, "featured_media": 100 + n if n % 4 == 0 else 0,
            "comment_status": "open", "sticky": False, "format": "standard",
            "categories": [1 + n % 3], "tags": [10 + n % 2], "meta": {},
        }

    def page_record(self, k: int) -> dict:
        record = self.post_record(k)
        record.update(id=1000 + k, type="page", slug=f"about-{k}", link=self.base + self.page_path(k),
                      title={"rendered": f"About {k}"}, categories=[], tags=[], featured_media=0)
        return record

    def recipe_record(self, k: int) -> dict:
        record = self.post_record(k)
        record.update(id=5000 + k, type="recipe", slug=f"recipe-{k}", link=f"{self.base}/recipes/recipe-{k}/",
                      title={"rendered": f"Recipe {k}"}, categories=[], tags=[], featured_media=0,
                      content={"rendered": f"<p>Cook {k}.</p>\n", "protected": False})
        return record

    def posts_newest_first(self) -> list[int]:
        return list(range(self.config.posts, 0, -1))

    # -- routing ---------------------------------------------------------------------------------

    def respond(self, target: str) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(target)
        query = dict(parse_qsl(parts.query))
        fault = self.config.faults.get(target) or self.config.faults.get(parts.path)
        if parts.path.endswith("/loop/") and self.config.faults.get(parts.path[: -len("loop/")]) == "loop":
            fault = "loop"
        if fault:
            answer = self._fault(fault, target, parts.path)
            if answer is not None:
                return answer
        if "rest_route" in query and self.config.api:
            return self._rest(query.pop("rest_route"), query)
        if parts.path.startswith("/wp-json"):
            if not self.config.api:
                return self._not_found()
            if not self.config.pretty:
                return self._home()  # no rewrite rules: WordPress serves the front page
            return self._rest(parts.path[len("/wp-json"):] or "/", query)
        return self._route_html(parts.path, query)

    def _route_html(self, path: str, query: dict) -> tuple[int, dict[str, str], bytes]:
        if path == "/robots.txt":
            return self._robots()
        if path == "/wp-sitemap.xml" and self.config.sitemaps:
            return self._sitemap_index()
        if path.startswith("/wp-sitemap-") and self.config.sitemaps:
            return self._sitemap(path)
        if path in ("/feed/", "/feed") or query.get("feed"):
            return self._feed(int(query.get("paged", "1")) if self.config.feed_paging else 1)
        if path.startswith("/category/"):
            return self._category(path)
        if self.config.images and path.startswith("/wp-content/uploads/img-") and path.endswith(".jpg"):
            return 200, {"Content-Type": "image/jpeg"}, IMAGE + path.encode()
        if path == "/" and "p" in query:
            return self._post_page(int(query["p"]))
        if path == "/" and "page_id" in query:
            return self._html(f"About {int(query['page_id']) - 1000}", "<p>A page.</p>")
        if path == "/":
            return self._home()
        return self._by_path(path)

    def _by_path(self, path: str) -> tuple[int, dict[str, str], bytes]:
        if len(self._paths) != self.config.posts:
            self._paths = {self.post_path(n): n for n in range(1, self.config.posts + 1)}
        if path in self._paths:
            return self._post_page(self._paths[path])
        for k in range(1, self.config.pages + 1):
            if self.page_path(k) == path:
                return self._html(f"About {k}", "<p>A page.</p>")
        for k in range(1, self.config.recipes + 1):
            if path == f"/recipes/recipe-{k}/":
                return self._html(f"Recipe {k}", f"<p>Cook {k}.</p>")
        return self._not_found()

    def _fault(self, fault: str, target: str, path: str):
        seen = self.fault_counts[target] = self.fault_counts.get(target, 0) + 1
        if fault == "flaky" and seen <= self.config.fail_times:
            return 500, {"Content-Type": "text/html"}, b"<h1>Internal Server Error</h1>"
        if fault == "throttle" and seen <= self.config.fail_times:
            headers = {"Content-Type": "text/html", "Retry-After": str(self.config.retry_after)}
            return 429, headers, b"<h1>Too Many Requests</h1>"
        if fault == "forbidden":  # a security plugin closing the REST API to anonymous readers
            return 401, {"Content-Type": "application/json"}, b'{"code": "rest_login_required"}'
        if fault == "garbled":  # JSON cut short
            return 200, {"Content-Type": "application/json"}, b'{"recipe": {"slug": "rec'
        if fault == "broken":
            return 500, {"Content-Type": "text/html"}, b"<h1>Internal Server Error</h1>"
        if fault == "slow":
            time.sleep(self.config.slow_seconds)
        if fault.startswith("http"):
            return 301, {"Location": fault, "Content-Type": "text/html"}, b""
        if fault == "loop":
            other = path + "loop/" if not path.endswith("loop/") else path[: -len("loop/")]
            return 302, {"Location": self.base + other, "Content-Type": "text/html"}, b""
        if fault == "huge":
            return 200, {"Content-Type": "text/html", "X-No-Gzip": "1"}, b"<p>" + b"x" * self.config.huge_bytes
        return None

    # -- responses -------------------------------------------------------------------------------

    def _not_found(self):
        return 404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"

    def _api_root(self) -> str:
        return self.base + ("/wp-json/" if self.config.pretty else "/?rest_route=/")

    def _head(self, title: str) -> str:
        links = f'<link rel="https://api.w.org/" href="{self._api_root()}">' if self.config.api else ""
        feed = f'<link rel="alternate" type="application/rss+xml" href="{self.base}/feed/">'
        return f"<head><title>{escape(title)}</title>{links}{feed}</head>"

    def _html(self, title: str, body: str):
        page = f"<!doctype html><html>{self._head(title)}<body><h1>{escape(title)}</h1>{body}</body></html>"
        headers = {"Content-Type": "text/html; charset=UTF-8"}
        if self.config.api and self.config.link_header:
            headers["Link"] = f'<{self._api_root()}>; rel="https://api.w.org/"'
        return 200, headers, page.encode()

    def _links(self, numbers) -> str:
        return "".join(f'<li><a href="{self.base}{self.post_path(n)}">Post {n}</a></li>' for n in numbers)

    def _home(self):
        cats = "".join(f'<a href="{self.base}/category/{slug}/">{slug}</a>' for slug in ("news", "tech", "life"))
        recent = self._links(self.posts_newest_first()[:FEED_PAGE])
        return self._html("Sim Blog", f"<nav>{cats}<a href='/wp-login.php'>Log in</a></nav><ul>{recent}</ul>")

    def _category(self, path: str):
        pieces = [p for p in path.split("/") if p]
        slugs = ["news", "tech", "life"]
        if len(pieces) < 2 or pieces[1] not in slugs:
            return self._not_found()
        page = int(pieces[3]) if len(pieces) >= 4 and pieces[2] == "page" and pieces[3].isdigit() else 1
        members = [n for n in self.posts_newest_first() if 1 + n % 3 == slugs.index(pieces[1]) + 1]
        chunk = members[(page - 1) * FEED_PAGE: page * FEED_PAGE]
        if not chunk:
            return self._not_found()
        older = f'<a href="{self.base}/category/{pieces[1]}/page/{page + 1}/">Older</a>'
        more = older if len(members) > page * FEED_PAGE else ""
        return self._html(f"Category {pieces[1]}", f"<ul>{self._links(chunk)}</ul>{more}")

    def _post_page(self, n: int):
        if not 1 <= n <= self.config.posts:
            return self._not_found()
        if not self.config.images:
            return self._html(f"Post {n}", f"<article><p>Body of post {n}.</p></article>")
        image = f'<p><img src="{self.base}/wp-content/uploads/img-{n}.jpg" alt="alt {n}"></p>' if n % 4 == 0 else ""
        return self._html(f"Post {n}", f'<article class="post-{n} post type-post status-publish hentry">'
                          f'<div class="entry-content"><p>Body of post {n}.</p>{image}</div></article>')

    def _robots(self):
        if not self.config.robots:
            return self._not_found()
        lines = ["User-agent: *", *(f"Disallow: {p}" for p in self.config.disallow)]
        if self.config.crawl_delay is not None:
            lines.append(f"Crawl-delay: {self.config.crawl_delay}")
        if self.config.sitemaps:
            lines.append(f"Sitemap: {self.base}/wp-sitemap.xml")
        return 200, {"Content-Type": "text/plain"}, ("\n".join(lines) + "\n").encode()

    def _json(self, data, headers: dict[str, str] | None = None, status: int = 200):
        headers = {"Content-Type": "application/json; charset=UTF-8", **(headers or {})}
        return status, headers, json.dumps(data).encode()

    def _rest(self, route: str, query: dict):
        route = "/" + route.strip("/")
        if route == "/":
            return self._json({"name": "Sim Blog", "url": self.base, "home": self.config.home or self.base,
                               "namespaces": ["oembed/1.0", "wp/v2"], "routes": {}})
        if route == "/wp/v2/types":
            return self._json(self._types())
        collections = {"/wp/v2/posts": self._post_records, "/wp/v2/pages": self._page_records,
                       "/wp/v2/categories": self._categories, "/wp/v2/tags": self._tags,
                       "/wp/v2/users": self._users, "/wp/v2/media": self._media}
        if self.config.recipes:
            collections["/wp/v2/recipes"] = self._recipe_records
        if route not in collections:
            return self._json({"code": "rest_no_route", "data": {"status": 404}}, status=404)
        return self._paged(collections[route](query), query)

    def _paged(self, records: list[dict], query: dict):
        per_page = min(int(query.get("per_page", "10")), PER_PAGE_MAX)
        page = int(query.get("page", "1"))
        total_pages = max(1, -(-len(records) // per_page))
        if page > total_pages:
            return self._json({"code": "rest_post_invalid_page_number", "data": {"status": 400}}, status=400)
        chunk = records[(page - 1) * per_page: page * per_page]
        return self._json(chunk, {"X-WP-Total": str(len(records)), "X-WP-TotalPages": str(total_pages)})

    def _post_records(self, query: dict) -> list[dict]:
        records = [self.post_record(n) for n in self.posts_newest_first()]
        if "after" in query:
            after = datetime.fromisoformat(query["after"])
            records = [r for r in records if self.post_date(r["id"]) > after]
        return records

    def _recipe_records(self, query: dict) -> list[dict]:
        after = datetime.fromisoformat(query["after"]) if "after" in query else None
        return [self.recipe_record(k) for k in range(1, self.config.recipes + 1)
                if after is None or self.post_date(k) > after]

    def _page_records(self, query: dict) -> list[dict]:
        return [self.page_record(k) for k in range(1, self.config.pages + 1)]

    def _types(self) -> dict:
        """As WordPress answers /wp/v2/types: core types, the block editor's, and the site's own."""
        kinds = [("post", "posts"), ("page", "pages"), ("attachment", "media"), ("wp_block", "blocks"),
                 ("wp_template", "templates"), *([("recipe", "recipes")] if self.config.recipes else [])]
        return {slug: {"slug": slug, "name": slug.title(), "rest_base": base, "rest_namespace": "wp/v2",
                       "hierarchical": slug == "page"} for slug, base in kinds}

    def _categories(self, query: dict) -> list[dict]:
        names = [(1, "News &amp; Views", "news", 0), (2, "Tech", "tech", 0), (3, "Life", "life", 1)]
        return [{"id": i, "name": n, "slug": s, "parent": p, "taxonomy": "category", "description": ""}
                for i, n, s, p in names]

    def _tags(self, query: dict) -> list[dict]:
        return [{"id": 10, "name": "alpha", "slug": "alpha", "taxonomy": "post_tag"},
                {"id": 11, "name": "beta", "slug": "beta", "taxonomy": "post_tag"}]

    def _users(self, query: dict) -> list[dict]:
        return [{"id": 1, "name": "Alice Example", "slug": "alice"}, {"id": 2, "name": "Bob", "slug": "bob"}]

    def _media(self, query: dict) -> list[dict]:
        return [{"id": 100 + n, "source_url": f"{self.base}/wp-content/uploads/img-{n}.jpg", "alt_text": f"alt {n}",
                 "caption": {"rendered": f"<p>Caption {n} &amp; more</p>\n"}, "title": {"rendered": f"img-{n}"},
                 "link": f"{self.base}/img-{n}/"} for n in range(4, self.config.posts + 1, 4)]

    def _sitemap_index(self):
        names = ["posts-post-1", "posts-page-1", "taxonomies-category-1", "users-1"]
        entries = "".join(f"<sitemap><loc>{self.base}/wp-sitemap-{n}.xml</loc></sitemap>" for n in names)
        return self._xml(f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>')

    def _sitemap(self, path: str):
        if path == "/wp-sitemap-posts-post-1.xml":
            urls = [(self.post_path(n), self.post_date(n) + timedelta(hours=1)) for n in self.posts_newest_first()]
        elif path == "/wp-sitemap-posts-page-1.xml":
            urls = [(self.page_path(k), START) for k in range(1, self.config.pages + 1)]
        else:
            urls = [(f"/category/{s}/", START) for s in ("news", "tech", "life")]
        entries = "".join(f"<url><loc>{escape(self.base + p)}</loc><lastmod>{d.isoformat()}</lastmod></url>"
                          for p, d in urls)
        return self._xml(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>')

    def _feed(self, paged: int):
        numbers = self.posts_newest_first()[(paged - 1) * FEED_PAGE: paged * FEED_PAGE]
        if not numbers:
            return self._not_found()
        items = "".join(
            f"<item><title>Post {n}</title><link>{escape(self.base + self.post_path(n))}</link>"
            f"<pubDate>{self.post_date(n).strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate></item>" for n in numbers)
        return self._xml(f'<rss version="2.0"><channel><title>Sim Blog</title>{items}</channel></rss>',
                         "application/rss+xml; charset=UTF-8")

    def _xml(self, text: str, ctype: str = "application/xml; charset=UTF-8"):
        return 200, {"Content-Type": ctype}, ('<?xml version="1.0" encoding="UTF-8"?>' + text).encode()


class SimServer:
    """The simulated site served by a ThreadingHTTPServer on 127.0.0.1 in a background thread."""

    def __init__(self, config: SiteConfig | None = None, port: int = 0):
        self.config = config or SiteConfig()
        self.hits: list[Hit] = []
        self.hold_after: int | None = None  # once this many requests were let through, hold every other one
        self.held = 0
        self._admitted = 0
        self._release = threading.Event()
        self._lock = threading.Lock()
        self.httpd = _Server(("127.0.0.1", port), _Handler)
        self.httpd.sim = self
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.site = SimSite(self.config, self.url)
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SimServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def release(self) -> None:
        """Drop every held request unanswered and stop holding."""
        self.hold_after = None
        self._release.set()

    def hits_for(self, user_agent: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.user_agent == user_agent]

    def _log(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def _should_hold(self) -> bool:
        with self._lock:
            if self.hold_after is None or self._admitted < self.hold_after:
                self._admitted += 1
                return False
            self.held += 1
            return True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that timed out and left is part of the tests, not an error worth printing."""


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        sim: SimServer = self.server.sim
        at, agent = time.monotonic(), self.headers.get("User-Agent", "")
        conditional = "If-None-Match" in self.headers
        if sim._should_hold():
            sim._release.wait(60)
            sim._log(Hit(at, self.path, 0, agent, conditional, self.headers.get("Host", "")))
            self.close_connection = True
            return
        status, headers, body = sim.site.respond(self.path)
        if status == 200:
            headers["ETag"] = _etag(body)
            if self.headers.get("If-None-Match") == headers["ETag"]:
                status, body = 304, b""
        if body and sim.config.gzip and "gzip" in self.headers.get("Accept-Encoding", "") \
                and not headers.pop("X-No-Gzip", ""):
            body = gzip.compress(body, 1)
            headers["Content-Encoding"] = "gzip"
        headers.pop("X-No-Gzip", None)
        sim._log(Hit(at, self.path, status, agent, conditional, self.headers.get("Host", "")))
        self._send(status, headers, body)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format, *args) -> None:  # noqa: A002 - the stdlib's signature
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--no-api", action="store_true")
    parser.add_argument("--plain", action="store_true", help="pretty permalinks off")
    args = parser.parse_args()
    config = SiteConfig(posts=args.posts, api=not args.no_api, pretty=not args.plain)
    with SimServer(config, args.port) as server:
        print(server.url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
