"""Discovery on the simulated site: REST API (pretty and plain permalinks), sitemaps, feeds and archives, URL lists."""

from __future__ import annotations

from datetime import datetime, timezone

from sitesim import SimServer, SiteConfig

from wparchive.crawl import CrawlOptions, crawl, crawl_urls
from wparchive.model import Post
from wparchive.readers.rest import posts_from_warc
from wparchive.readers.warc import iter_warc_responses


def _options(agent: str = "wparchive-test/sources", **kw) -> CrawlOptions:
    return CrawlOptions(user_agent=agent, rate=500, concurrency=2, **kw)


def _pages(out) -> set[str]:
    """URLs of the HTML pages archived with a 200."""
    return {r.url for r in iter_warc_responses(out / "crawl.warc.gz")
            if r.status == 200 and r.content_type.startswith("text/html")}


def _posts(out) -> dict[int, Post]:
    return {p.id: p for p in posts_from_warc(out / "crawl.warc.gz") if isinstance(p, Post)}


def test_rest_api_gives_every_post_with_names_resolved(tmp_path):
    with SimServer(SiteConfig(posts=130)) as sim:  # two pages of 100 posts
        summary = crawl(sim.url, tmp_path, _options())
        paths = [h.path for h in sim.hits]
    assert summary.source == "rest" and summary.posts == 132 and summary.failures == ()
    assert "/wp-json/wp/v2/posts?per_page=100&page=2" in paths
    posts = _posts(tmp_path)
    assert set(posts) == set(range(1, 131)) | {1001, 1002}
    post = posts[8]
    assert post.title == "Post 8 \u201cquoted\u201d"
    assert post.author == "Alice Example"
    assert [(t.name, t.slug, t.parent) for t in post.categories] == [("Life", "life", "news")]
    assert [t.slug for t in post.tags] == ["alpha"]
    assert post.featured_image.src == sim.url + "/wp-content/uploads/img-8.jpg"
    assert post.featured_image.caption == "Caption 8 & more"
    assert post.date == datetime(2024, 1, 9, 10, 8, tzinfo=post.date.tzinfo)
    assert post.date.utcoffset().total_seconds() == 7200
    assert not post.problems


def test_rest_api_also_archives_each_html_page(tmp_path):
    with SimServer(SiteConfig(posts=12)) as sim:
        crawl(sim.url, tmp_path, _options())
        expected = {sim.url + sim.site.post_path(n) for n in range(1, 13)}
    assert expected <= _pages(tmp_path)


def test_html_pages_can_be_left_out(tmp_path):
    with SimServer(SiteConfig(posts=12)) as sim:
        summary = crawl(sim.url, tmp_path, _options(html_pages=False))
        assert not [h for h in sim.hits if "/post-" in h.path]
    assert summary.posts == 14 and len(_posts(tmp_path)) == 14


def test_plain_permalinks_use_rest_route(tmp_path):
    with SimServer(SiteConfig(posts=12, pretty=False)) as sim:
        summary = crawl(sim.url, tmp_path, _options())
        api = [h.path for h in sim.hits if "rest_route=%2Fwp%2Fv2" in h.path or "rest_route=/wp/v2" in h.path]
    assert summary.source == "rest" and summary.failures == ()
    assert len(api) == 7  # the post types, then six collections
    assert set(_posts(tmp_path)) == set(range(1, 13)) | {1001, 1002}
    assert f"{sim.url}/?p=5" in _pages(tmp_path)


def test_sitemaps_take_over_when_the_api_is_off(tmp_path):
    with SimServer(SiteConfig(posts=15, api=False)) as sim:
        summary = crawl(sim.url, tmp_path, _options())
        paths = {h.path for h in sim.hits}
        expected = {sim.url + sim.site.post_path(n) for n in range(1, 16)}
    assert summary.source == "sitemaps" and summary.failures == ()
    assert expected <= _pages(tmp_path)
    assert summary.posts == 17  # 15 posts, 2 pages
    assert "/wp-sitemap-posts-post-1.xml" in paths
    assert "/wp-sitemap-users-1.xml" not in paths and "/category/news/" not in paths


def test_sitemaps_take_over_when_the_api_refuses_to_list_posts(tmp_path):
    config = SiteConfig(posts=15, faults={"/wp-json/wp/v2/posts": "forbidden", "/wp-json/wp/v2/pages": "forbidden"})
    with SimServer(config) as sim:
        summary = crawl(sim.url, tmp_path, _options())
        expected = {sim.url + sim.site.post_path(n) for n in range(1, 16)}
    assert summary.source == "sitemaps" and summary.posts == 17
    assert expected <= _pages(tmp_path)
    assert dict(summary.failures) == {
        f"{sim.url}/wp-json/wp/v2/{name}?per_page=100&page=1": "HTTP 401 Unauthorized" for name in ("pages", "posts")}


def test_feed_and_archive_pages_are_the_last_resort(tmp_path):
    with SimServer(SiteConfig(posts=25, api=False, sitemaps=False)) as sim:
        summary = crawl(sim.url, tmp_path, _options())
        paths = {h.path for h in sim.hits}
        expected = {sim.url + sim.site.post_path(n) for n in range(1, 26)}
    assert summary.source == "feeds" and summary.failures == ()
    assert expected <= _pages(tmp_path)
    assert {"/feed/", "/feed/?paged=2", "/category/news/"} <= paths
    assert "/wp-login.php" not in paths


def test_feed_that_ignores_paging_is_not_followed_forever(tmp_path):
    with SimServer(SiteConfig(posts=25, api=False, sitemaps=False, feed_paging=False)) as sim:
        summary = crawl(sim.url, tmp_path, _options())
        feeds = [h.path for h in sim.hits if h.path.startswith("/feed/")]
    assert feeds == ["/feed/", "/feed/?paged=2"]
    assert summary.posts == 25  # the archive pages still lead to every post


def test_since_limits_rest_and_sitemaps(tmp_path):
    since = datetime(2024, 1, 10, tzinfo=timezone.utc)
    with SimServer(SiteConfig(posts=15, pages=0, recipes=12)) as sim:
        crawl(sim.url, tmp_path / "rest", _options(since=since))
        listed = ("/wp-json/wp/v2/posts", "/wp-json/wp/v2/recipes")  # the site's own type is limited too
        rest_queries = [h.path for h in sim.hits if h.path.startswith(listed)]
    with SimServer(SiteConfig(posts=15, pages=0, api=False)) as sim:
        crawl(sim.url, tmp_path / "maps", _options(since=since))
        mapped = {u.rsplit("/", 2)[-2] for u in _pages(tmp_path / "maps") if "/post-" in u}
    assert all("after=2024-01-10T00%3A00%3A00%2B00%3A00" in q for q in rest_queries)
    assert len(rest_queries) == 2
    # Post 9 is dated 2024-01-10 10:09 +02:00; recipe k is dated as post k.
    assert set(_posts(tmp_path / "rest")) == set(range(9, 16)) | {5000 + k for k in range(9, 13)}
    assert mapped == {f"post-{n}" for n in range(9, 16)}


def test_include_and_exclude_filter_pages_not_discovery(tmp_path):
    with SimServer(SiteConfig(posts=12)) as sim:
        summary = crawl(sim.url, tmp_path, _options(include=(r"/post-1\d?/$",), exclude=(r"post-12",)))
    pages = {u.rsplit("/", 2)[-2] for u in _pages(tmp_path) if "/post-" in u}
    assert pages == {"post-1", "post-10", "post-11"}
    assert summary.posts == 14  # the REST API still lists every post


def test_url_list(tmp_path):
    with SimServer(SiteConfig(posts=5, disallow=("/about-1/",))) as sim:
        urls = [sim.url + sim.site.post_path(n) for n in (1, 2)] + [sim.url + "/about-1/", sim.url + "/nope/",
                                                                    "ftp://example.org/x", "# a comment", ""]
        summary = crawl_urls(urls, tmp_path, _options())
    assert summary.source == "urls" and summary.posts == 2 and summary.fetched == 3  # robots.txt and two posts
    assert dict(summary.failures) == {sim.url + "/about-1/": "disallowed by robots.txt",
                                      sim.url + "/nope/": "HTTP 404 Not Found",
                                      "ftp://example.org/x": "not an http(s) URL"}


def test_progress_callback_reports_counts(tmp_path):
    seen = []
    with SimServer(SiteConfig(posts=5)) as sim:
        crawl(sim.url, tmp_path, _options(), on_progress=seen.append)
    assert seen and set(seen[-1]) >= {"found", "fetched", "failed", "rate", "not_modified"}
    assert seen[-1]["fetched"] == max(s["fetched"] for s in seen) > 5


def test_nothing_is_written_outside_the_output_folder(tmp_path):
    out = tmp_path / "out"
    with SimServer(SiteConfig(posts=3)) as sim:
        crawl(sim.url, out, _options())
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert {p.name for p in out.iterdir()} <= {"crawl.warc.gz", "crawl.sqlite", "crawl.sqlite-wal", "crawl.sqlite-shm"}
