"""The crawl's parts on their own: discovery parsers, Retry-After, decoding limits, redirects across hosts."""

from __future__ import annotations

import gzip
from datetime import datetime, timezone
from email.utils import format_datetime

import pytest
from sitesim import SimServer, SiteConfig

from wparchive.crawl import CrawlOptions, crawl, crawl_urls, discover
from wparchive.crawl.fetch import Exchange, TooLarge, decoded_body, retry_after
from wparchive.readers.warc import iter_warc_responses


def _exchange(headers=(), body=b"") -> Exchange:
    return Exchange("http://x/", (), 200, "OK", tuple(headers), body, "2024-01-01T00:00:00Z")


def test_api_link_from_header_then_html():
    header = ['<https://b.org/wp-json/>; rel="https://api.w.org/", <https://b.org/?p=1>; rel=shortlink']
    assert discover.api_link(header, b"") == "https://b.org/wp-json/"
    html = b'<html><head><link rel="https://api.w.org/" href="https://b.org/?rest_route=/"></head></html>'
    assert discover.api_link([], html) == "https://b.org/?rest_route=/"
    assert discover.api_link(['<https://b.org/>; rel="canonical"'], b"<p>no api</p>") == ""


def test_api_root_needs_wp_v2():
    assert discover.api_root(b'{"namespaces": ["oembed/1.0", "wp/v2"]}') is not None
    assert discover.api_root(b'{"namespaces": ["oembed/1.0"]}') is None
    assert discover.api_root(b"<html>home page</html>") is None


@pytest.mark.parametrize("root, expected", [
    ("https://b.org/wp-json/", "https://b.org/wp-json/wp/v2/posts?per_page=100&page=1"),
    ("https://b.org/blog/wp-json", "https://b.org/blog/wp-json/wp/v2/posts?per_page=100&page=1"),
    ("https://b.org/?rest_route=/", "https://b.org/?rest_route=/wp/v2/posts&per_page=100&page=1"),
])
def test_rest_url_pretty_and_plain(root, expected):
    assert discover.rest_url(root, "/wp/v2/posts", {"per_page": "100", "page": "1"}) == expected


def test_rest_list_queues_later_pages_and_post_links():
    body = b'[{"id": 1, "link": "https://b.org/a/", "modified_gmt": "2024-01-01T00:00:00"}]'
    found = discover.parse_rest_list("https://b.org/wp-json/wp/v2/posts?per_page=100&page=1", "3", body)
    assert found.items == ["https://b.org/a/"]
    assert [(u, k) for u, k, _, _ in found.queue] == [
        ("https://b.org/wp-json/wp/v2/posts?per_page=100&page=2", "api-list"),
        ("https://b.org/wp-json/wp/v2/posts?per_page=100&page=3", "api-list"),
        ("https://b.org/a/", "page")]
    later = discover.parse_rest_list("https://b.org/wp-json/wp/v2/posts?per_page=100&page=2", "3", body)
    assert [k for _, k, _, _ in later.queue] == ["page"]


def test_sitemap_index_skips_taxonomy_and_user_sitemaps():
    body = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://b.org/wp-sitemap-posts-post-1.xml</loc></sitemap>
      <sitemap><loc>https://b.org/wp-sitemap-taxonomies-category-1.xml</loc></sitemap>
      <sitemap><loc>https://b.org/wp-sitemap-users-1.xml</loc></sitemap>
      <sitemap><loc>https://b.org/post-sitemap.xml</loc></sitemap>
      <sitemap><loc>https://b.org/post_tag-sitemap.xml</loc></sitemap>
      <sitemap><loc>https://b.org/author-sitemap.xml</loc></sitemap></sitemapindex>"""
    found = discover.parse_sitemap(body, None)
    assert [u for u, *_ in found.queue] == ["https://b.org/wp-sitemap-posts-post-1.xml",
                                            "https://b.org/post-sitemap.xml"]


def test_sitemap_urlset_honours_since():
    body = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://b.org/old/</loc><lastmod>2020-01-01</lastmod></url>
      <url><loc>https://b.org/new/</loc><lastmod>2024-05-01T10:00:00+02:00</lastmod></url>
      <url><loc>https://b.org/undated/</loc></url></urlset>"""
    found = discover.parse_sitemap(body, datetime(2023, 1, 1))
    assert [(u, m) for u, _, m, _ in found.queue] == [
        ("https://b.org/new/", "2024-05-01T10:00:00+02:00"), ("https://b.org/undated/", "")]


def test_feed_pages_until_older_than_since():
    item = "<item><link>https://b.org/{0}/</link><pubDate>{1}</pubDate></item>"
    body = ("<rss><channel>" + item.format("a", "Mon, 06 May 2024 10:00:00 +0000")
            + item.format("b", "Mon, 01 Jan 2018 10:00:00 +0000") + "</channel></rss>").encode()
    everything = discover.parse_feed("https://b.org/feed/", body, None)
    assert [u for u, *_ in everything.queue] == ["https://b.org/a/", "https://b.org/b/", "https://b.org/feed/?paged=2"]
    assert everything.queue[-1][3] is True  # the next page is a guess
    recent = discover.parse_feed("https://b.org/feed/?paged=3", body, datetime(2020, 1, 1, tzinfo=timezone.utc))
    assert [u for u, *_ in recent.queue] == ["https://b.org/a/"]


def test_listing_separates_archives_from_pages():
    body = b"""<a href="/category/news/">News</a><a href="/2024/05/">May</a><a href="/page/2/">Older</a>
      <a href="/2024/05/hello/#comments">Hello</a><a href="/wp-login.php">Log in</a><a href="/feed/">RSS</a>
      <a href="https://elsewhere.org/x/">x</a><a href="/wp-content/uploads/a.jpg">img</a><a href="/?cat=3">c</a>"""
    found = discover.parse_listing("https://b.org/", body, frozenset({"b.org"}))
    assert [(u, k) for u, k, *_ in found.queue] == [
        ("https://b.org/category/news/", "listing"), ("https://b.org/2024/05/", "listing"),
        ("https://b.org/page/2/", "listing"), ("https://b.org/2024/05/hello/", "page"),
        ("https://b.org/?cat=3", "listing")]


def test_site_root():
    assert discover.site_root("Example.org") == "https://example.org/"
    assert discover.site_root("http://example.org/blog") == "http://example.org/blog/"


def test_retry_after_seconds_and_date():
    assert retry_after("7") == 7.0
    later = datetime.now(timezone.utc).replace(microsecond=0).timestamp() + 30
    date = format_datetime(datetime.fromtimestamp(later, timezone.utc), usegmt=True)
    assert 25 <= retry_after(date) <= 30
    assert retry_after(None) is None and retry_after("") is None and retry_after("soon") is None


def test_gzip_bomb_counts_as_too_large():
    body = gzip.compress(b"0" * 2_000_000)
    assert len(decoded_body(_exchange([("Content-Encoding", "gzip")], body), 3_000_000)) == 2_000_000
    with pytest.raises(TooLarge):
        decoded_body(_exchange([("Content-Encoding", "gzip")], body), 1_000_000)


def test_redirects_inside_the_site_are_followed_and_recorded(tmp_path):
    with SimServer(SiteConfig(posts=3)) as sim:
        sim.config.faults["/old-post/"] = sim.url + sim.site.post_path(2)
        summary = crawl_urls([sim.url + "/old-post/"], tmp_path, CrawlOptions(rate=500))
    statuses = [(r.url.replace(sim.url, ""), r.status) for r in iter_warc_responses(tmp_path / "crawl.warc.gz")]
    assert statuses[-2:] == [("/old-post/", 301), (sim.site.post_path(2), 200)]
    assert summary.failures == () and summary.posts == 1


def test_redirect_to_another_listed_host_obeys_its_robots_txt(tmp_path):
    with SimServer(SiteConfig(posts=3, disallow=("/2024/",))) as sim:
        other = sim.url.replace("127.0.0.1", "localhost")
        sim.config.faults["/moved/"] = other + "/about-1/"
        sim.config.faults["/moved-blocked/"] = other + sim.site.post_path(1)
        urls = [sim.url + "/moved/", sim.url + "/moved-blocked/", other + "/about-2/"]
        summary = crawl_urls(urls, tmp_path, CrawlOptions(rate=500, concurrency=1))
        robots = [h for h in sim.hits if h.path == "/robots.txt"]
    assert len(robots) == 2  # one per host, each before any other request to it
    assert dict(summary.failures) == {
        sim.url + "/moved-blocked/": f"redirected to {other}{sim.site.post_path(1)}, disallowed by robots.txt"}
    ok = {r.url for r in iter_warc_responses(tmp_path / "crawl.warc.gz") if r.status == 200}
    assert {other + "/about-1/", other + "/about-2/"} <= ok


def test_redirect_off_site_is_refused(tmp_path):
    with SimServer(SiteConfig(posts=3)) as sim:
        sim.config.faults[sim.site.post_path(1)] = "http://elsewhere.invalid/post/"
        summary = crawl(sim.url, tmp_path, CrawlOptions(rate=500))
        assert not [h for h in sim.hits if "elsewhere" in h.path]
    assert dict(summary.failures) == {
        sim.url + sim.site.post_path(1): "redirected outside the site to http://elsewhere.invalid/post/"}


def test_redirect_to_the_front_end_host_waits_for_its_robots_txt(tmp_path):
    with SimServer(SiteConfig(posts=3, disallow=("/about-2/",))) as sim:
        front = sim.url.replace("127.0.0.1", "localhost")
        sim.config.home = front  # the REST index names the front end's host
        sim.config.faults[sim.site.post_path(1)] = front + "/about-1/"
        sim.config.faults[sim.site.post_path(2)] = front + "/about-2/"
        summary = crawl(sim.url, tmp_path, CrawlOptions(rate=500, concurrency=1))
        on_front = [h for h in sim.hits if h.host.startswith("localhost")]
    assert [h.path for h in on_front] == ["/robots.txt", "/about-1/"]
    assert dict(summary.failures) == {front + "/about-2/": "disallowed by robots.txt",
                                      sim.url + "/about-2/": "disallowed by robots.txt"}
    ok = {r.url for r in iter_warc_responses(tmp_path / "crawl.warc.gz") if r.status == 200}
    assert front + "/about-1/" in ok


def test_non_ascii_links_are_requested_percent_encoded(tmp_path):
    with SimServer(SiteConfig(posts=2)) as sim:
        summary = crawl_urls([sim.url + "/caf\u00e9 cr\u00e8me/"], tmp_path, CrawlOptions(rate=500))
        assert "/caf%C3%A9%20cr%C3%A8me/" in [h.path for h in sim.hits]
    assert dict(summary.failures) == {sim.url + "/caf%C3%A9%20cr%C3%A8me/": "HTTP 404 Not Found"}
