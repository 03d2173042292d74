"""Crawl manners against a misbehaving simulated site: retries, timeouts, loops, size cap, robots.txt, rate."""

from __future__ import annotations

from collections import Counter

import pytest
from sitesim import SimServer, SiteConfig

from wparchive.crawl.crawler import crawl
from wparchive.crawl.options import CrawlOptions
from wparchive.readers.rest import posts_from_warc
from wparchive.readers.warc import iter_warc_responses

UA = "wparchive-test/faults"
FAST = CrawlOptions(user_agent=UA, rate=200, concurrency=2, timeout=0.5, retries=2, backoff=0.01,
                    max_bytes=1_000_000)


def _failures(summary) -> dict[str, str]:
    return dict(summary.failures)


@pytest.fixture(scope="module")
def faulty():
    config = SiteConfig(posts=16, private_posts=(11,), disallow=("/private/",), fail_times=2)
    with SimServer(config) as sim:
        site = sim.site
        config.faults.update({
            site.post_path(2): "flaky", site.post_path(3): "broken", site.post_path(5): "loop",
            site.post_path(7): "huge", site.post_path(9): "slow",
            "/wp-json/wp/v2/categories?per_page=100&page=1": "throttle",
        })
        yield sim


@pytest.fixture(scope="module")
def crawled(faulty, tmp_path_factory):
    out = tmp_path_factory.mktemp("faults")
    return faulty, crawl(faulty.url, out, FAST), out


def test_every_unreachable_page_is_reported_with_its_reason(crawled):
    sim, summary, _ = crawled
    site, failures = sim.site, _failures(crawled[1])
    assert failures[sim.url + site.post_path(3)] == "HTTP 500 after 3 attempts"
    assert failures[sim.url + site.post_path(5)].startswith("redirect loop: ")
    assert failures[sim.url + site.post_path(7)] == "response larger than 1000000 bytes (Content-Length 2000003)"
    assert failures[sim.url + site.post_path(9)] == "timed out after 3 attempts"
    assert failures[sim.url + site.post_path(11)] == "disallowed by robots.txt"
    assert summary.failed == len(summary.failures) == 5


def test_every_reachable_page_is_archived_after_retries(crawled):
    sim, summary, out = crawled
    ok = {r.url for r in iter_warc_responses(out / "crawl.warc.gz") if r.status == 200}
    unreachable = {sim.url + sim.site.post_path(n) for n in (3, 5, 7, 9, 11)}
    pages = {sim.url + sim.site.post_path(n) for n in range(1, 17)}
    assert pages - unreachable <= ok
    assert sim.url + sim.site.post_path(2) in ok  # two 500s, then success


def test_flaky_and_throttled_responses_are_kept_in_the_warc(crawled):
    sim, _, out = crawled
    statuses = Counter((r.url.replace(sim.url, ""), r.status) for r in iter_warc_responses(out / "crawl.warc.gz"))
    assert statuses[(sim.site.post_path(2), 500)] == 2
    assert statuses[("/wp-json/wp/v2/categories?per_page=100&page=1", 429)] == 2
    assert statuses[("/wp-json/wp/v2/categories?per_page=100&page=1", 200)] == 1


def test_retry_after_is_honoured(crawled):
    sim, _, _ = crawled
    times = [h.at for h in sim.hits_for(UA) if h.path == "/wp-json/wp/v2/categories?per_page=100&page=1"]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.95 and times[2] - times[1] >= 0.95  # Retry-After: 1


def test_throttled_categories_still_resolve_post_terms(crawled):
    _, _, out = crawled
    posts = [p for p in posts_from_warc(out / "crawl.warc.gz") if getattr(p, "type", "") == "post"]
    assert len(posts) == 16  # the REST API still lists the posts whose pages failed
    assert {t.name for p in posts for t in p.categories} == {"News & Views", "Tech", "Life"}


def test_no_disallowed_url_is_ever_requested(crawled):
    sim, _, _ = crawled
    paths = [h.path for h in sim.hits_for(UA)]
    assert paths[0] == "/robots.txt"
    assert not [p for p in paths if p.startswith("/private/")]


def test_huge_response_is_not_read_past_the_cap(crawled):
    sim, _, out = crawled
    assert sim.url + sim.site.post_path(7) not in {r.url for r in iter_warc_responses(out / "crawl.warc.gz")}


def test_robots_can_be_ignored_on_request(tmp_path):
    config = SiteConfig(posts=12, private_posts=(11,), disallow=("/private/",))
    with SimServer(config) as sim:
        options = CrawlOptions(user_agent=UA + "-rude", rate=200, respect_robots=False)
        summary = crawl(sim.url, tmp_path, options)
        assert summary.failures == ()
        assert any(h.path.startswith("/private/") and h.status == 200 for h in sim.hits_for(UA + "-rude"))


def _max_in_window(times: list[float], window: float) -> int:
    """The most requests that started within any `window` seconds."""
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_request_rate_never_exceeds_the_limit(tmp_path):
    with SimServer(SiteConfig(posts=30)) as sim:
        crawl(sim.url, tmp_path, CrawlOptions(user_agent=UA, rate=40, concurrency=3))
        times = sorted(h.at for h in sim.hits_for(UA))
    assert len(times) >= 40
    # 40/s: 4 request starts in any 0.1 s, 40 in any second; one more for scheduling jitter.
    assert _max_in_window(times, 0.1) <= 5
    assert _max_in_window(times, 1.0) <= 41


def test_crawl_delay_slows_the_crawl_below_the_rate(tmp_path):
    with SimServer(SiteConfig(posts=4, pages=0, crawl_delay=0.2)) as sim:
        crawl(sim.url, tmp_path, CrawlOptions(user_agent=UA, rate=100, concurrency=2, html_pages=False))
        times = sorted(h.at for h in sim.hits_for(UA))
    gaps = [b - a for a, b in zip(times[1:], times[2:], strict=False)]  # after robots.txt was read
    assert len(gaps) >= 5 and min(gaps) >= 0.19


def test_missing_robots_txt_allows_everything(tmp_path):
    with SimServer(SiteConfig(posts=6, robots=False)) as sim:
        summary = crawl(sim.url, tmp_path, CrawlOptions(user_agent=UA, rate=500))
    assert summary.failures == () and summary.posts == 8 and summary.fetched == summary.requests - 1


def test_robots_txt_server_error_means_disallow_all(tmp_path):
    config = SiteConfig(posts=6, faults={"/robots.txt": "broken"})
    with SimServer(config) as sim:
        summary = crawl(sim.url, tmp_path, CrawlOptions(user_agent=UA, rate=500, retries=1, backoff=0.01))
        assert [h.path for h in sim.hits] == ["/robots.txt", "/robots.txt"]
    reasons = dict(summary.failures)
    assert reasons[sim.url + "/robots.txt"] == "HTTP 500 after 2 attempts"
    assert reasons[sim.url + "/"] == "robots.txt unreachable, so the host is treated as disallowed"


def test_wrong_content_type_is_reported(tmp_path):
    config = SiteConfig(posts=4, api=False)
    with SimServer(config) as sim:
        config.faults["/wp-sitemap-posts-post-1.xml"] = sim.url + "/"  # now redirects to the HTML home page
        summary = crawl(sim.url, tmp_path, CrawlOptions(user_agent=UA, rate=500))
    assert dict(summary.failures) == {
        sim.url + "/wp-sitemap-posts-post-1.xml": "expected XML, got text/html; charset=utf-8"}


def test_redirected_robots_txt_is_followed_and_obeyed(tmp_path, monkeypatch):
    """A robots.txt that redirects (http to https, a new path) is followed; its rules then apply."""
    import sitesim

    original = sitesim.SimSite._route_html

    def route(self, path, query):
        if path == "/robots.txt":
            return 301, {"Location": self.base + "/robots-real.txt", "Content-Type": "text/html"}, b""
        if path == "/robots-real.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /20\n"
        return original(self, path, query)

    monkeypatch.setattr(sitesim.SimSite, "_route_html", route)
    with sitesim.SimServer(sitesim.SiteConfig(posts=5)) as sim:
        summary = crawl(sim.url, tmp_path, CrawlOptions(user_agent="wparchive-test/robots", rate=500))
        paths = [h.path for h in sim.hits]
    assert paths[:2] == ["/robots.txt", "/robots-real.txt"]
    assert not [p for p in paths if p.startswith("/20")]  # the post pages the real rules disallow
    assert summary.pending == 0


@pytest.mark.parametrize("fault", [{"/wp-json/wp/v2/types": "garbled"}, {"/wp-json/wp/v2/types": "forbidden"},
                                   {"/wp-json/wp/v2/recipes": "forbidden"}])
def test_post_types_that_cannot_be_read_cost_nothing_else(tmp_path, fault):
    """A garbled or closed types answer, or a type that needs a login: its posts are missed, nothing fails."""
    with SimServer(SiteConfig(posts=4, recipes=3, faults=fault, fail_times=99)) as sim:
        summary = crawl(sim.url, tmp_path, FAST)
    assert summary.failures == () and summary.failed == 0
    assert summary.posts == 4 + 2
