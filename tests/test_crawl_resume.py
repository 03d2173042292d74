"""Resumability: re-runs fetch only what changed, a SIGKILLed crawl resumes without refetching, torn WARCs heal."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from signal import SIGINT, SIGKILL

import pytest
from sitesim import SimServer, SiteConfig

from wparchive.crawl.crawler import crawl
from wparchive.crawl.options import CrawlOptions
from wparchive.model import Problem
from wparchive.readers.rest import posts_from_warc
from wparchive.readers.warc import iter_warc_responses

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import sys
from pathlib import Path
from wparchive.crawl.crawler import crawl
from wparchive.crawl.options import CrawlOptions
options = CrawlOptions(user_agent=sys.argv[3], rate=float(sys.argv[4]), concurrency=2)
crawl(sys.argv[1], Path(sys.argv[2]), options)
"""


def _options(agent: str, **kw) -> CrawlOptions:
    return CrawlOptions(user_agent=agent, rate=500, concurrency=2, **kw)


def _archived(out: Path) -> set[tuple]:
    """What an archive holds: every post and page with its modification time."""
    return {(p.type, p.id, p.modified, p.title) for p in posts_from_warc(out / "crawl.warc.gz")}


def _ok_paths(sim: SimServer, agent: str) -> Counter:
    return Counter(h.path for h in sim.hits_for(agent) if h.status == 200)


def test_second_run_on_unchanged_site_fetches_nothing_new(tmp_path):
    with SimServer(SiteConfig(posts=20)) as sim:
        first = crawl(sim.url, tmp_path, _options("run-1"))
        second = crawl(sim.url, tmp_path, _options("run-2"))
        hits = sim.hits_for("run-2")
    assert first.fetched == first.requests and first.posts == 22
    assert second.fetched == 0 and second.failed == 0
    assert {h.status for h in hits} == {304}
    assert second.not_modified == len(hits) == 10  # robots, home, API root, post types, six collections
    assert second.posts == 22


@pytest.mark.parametrize("config", [SiteConfig(posts=8, pretty=False), SiteConfig(posts=8, api=False),
                                    SiteConfig(posts=25, api=False, sitemaps=False)],
                         ids=["plain-permalinks", "sitemaps", "feeds"])
def test_second_run_fetches_nothing_new_whatever_the_source(tmp_path, config):
    with SimServer(config) as sim:
        first = crawl(sim.url, tmp_path, _options("run-1"))
        second = crawl(sim.url, tmp_path, _options("run-2"))
        statuses = Counter(h.status for h in sim.hits_for("run-2"))
    assert second.fetched == statuses[200] == 0
    assert second.not_modified == statuses[304] > 0
    assert second.posts == first.posts and second.failures == ()


def test_second_run_fetches_only_new_posts(tmp_path):
    with SimServer(SiteConfig(posts=20)) as sim:
        crawl(sim.url, tmp_path, _options("run-1"))
        sim.config.posts = 23
        crawl(sim.url, tmp_path, _options("run-2"))
        ok = _ok_paths(sim, "run-2")
    new_pages = {sim.site.post_path(n) for n in (21, 22, 23)}
    assert new_pages <= set(ok)
    assert not [p for p in ok if "/post-" in p and p not in new_pages]
    assert len([a for a in _archived(tmp_path) if a[0] == "post"]) == 23


def test_max_pages_stops_and_the_next_run_completes(tmp_path):
    with SimServer(SiteConfig(posts=20)) as sim:
        partial = crawl(sim.url, tmp_path / "a", _options("part", max_pages=12))
        rest = crawl(sim.url, tmp_path / "a", _options("rest"))
        crawl(sim.url, tmp_path / "b", _options("whole"))
        counts = _ok_paths(sim, "part") + _ok_paths(sim, "rest")
    assert partial.pending > 0 and partial.fetched == 12 + 1  # robots.txt is not counted
    assert rest.pending == 0
    assert max(counts.values()) == 1
    assert _archived(tmp_path / "a") == _archived(tmp_path / "b")


@pytest.mark.parametrize("limit", [4, 6, 9])
def test_a_stopped_crawl_of_a_site_with_its_own_post_types_completes_the_same(tmp_path, limit):
    """The site's post types are remembered: list pages left pending are read as the first run would have."""
    with SimServer(SiteConfig(posts=5, recipes=3)) as sim:
        partial = crawl(sim.url, tmp_path / "a", _options(f"part-{limit}", max_pages=limit))
        rest = crawl(sim.url, tmp_path / "a", _options(f"rest-{limit}"))
        whole = crawl(sim.url, tmp_path / "b", _options(f"whole-{limit}"))
        fetched = set(_ok_paths(sim, f"part-{limit}") + _ok_paths(sim, f"rest-{limit}"))
        assert fetched == set(_ok_paths(sim, f"whole-{limit}"))
    assert partial.pending > 0 and rest.pending == 0
    assert rest.posts == whole.posts == 5 + 2 + 3
    assert {f"/recipes/recipe-{k}/" for k in (1, 2, 3)} <= fetched
    assert _archived(tmp_path / "a") == _archived(tmp_path / "b")
    assert {t for t, *_ in _archived(tmp_path / "b")} == {"post", "page", "recipe"}


def _wait_until_stuck(sim: SimServer, proc: subprocess.Popen) -> None:
    """Wait until the crawler is blocked on held requests and has settled everything before them."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        seen = len(sim.hits)
        time.sleep(0.5)
        if sim.held and len(sim.hits) == seen:
            return
    raise AssertionError("the crawl never reached the held requests")


@pytest.mark.parametrize("kill_after", [4, 25])  # during discovery; among the post pages
def test_sigkilled_crawl_resumes_to_the_same_archive_without_refetching(tmp_path, kill_after):
    with SimServer(SiteConfig(posts=40)) as sim:
        crawl(sim.url, tmp_path / "whole", _options("whole"))
        sim.hold_after = len(sim.hits) + kill_after
        proc = subprocess.Popen([sys.executable, "-c", CHILD, sim.url, str(tmp_path / "killed"), "killed", "500"],
                                cwd=ROOT)
        try:
            _wait_until_stuck(sim, proc)
        finally:
            proc.send_signal(SIGKILL)
            proc.wait()
        sim.release()
        assert sum(_ok_paths(sim, "killed").values()) == kill_after
        crawl(sim.url, tmp_path / "killed", _options("killed"))
        ok = _ok_paths(sim, "killed")
        assert set(ok) == set(_ok_paths(sim, "whole"))
    assert max(ok.values()) == 1
    assert _archived(tmp_path / "killed") == _archived(tmp_path / "whole")
    assert not [r for r in iter_warc_responses(tmp_path / "killed" / "crawl.warc.gz") if isinstance(r, Problem)]


@pytest.mark.parametrize("hits", [5, 40])
def test_crawl_killed_at_any_moment_still_completes_the_same_archive(tmp_path, hits):
    """Killed blind (maybe mid-write): at most the results in flight are fetched again."""
    with SimServer(SiteConfig(posts=60)) as sim:
        crawl(sim.url, tmp_path / "whole", _options("whole"))
        child = [sys.executable, "-c", CHILD, sim.url, str(tmp_path / "blind"), "blind", "100"]
        proc = subprocess.Popen(child, cwd=ROOT)
        deadline = time.monotonic() + 30
        while len(sim.hits_for("blind")) < hits and time.monotonic() < deadline:
            time.sleep(0.001)
        proc.send_signal(SIGKILL)
        proc.wait()
        assert 0 < len(sim.hits_for("blind")) < len(sim.hits_for("whole"))  # stopped mid-crawl
        crawl(sim.url, tmp_path / "blind", _options("blind"))
        ok = _ok_paths(sim, "blind")
        assert set(ok) == set(_ok_paths(sim, "whole"))
    assert sum(ok.values()) - len(ok) <= 2  # the concurrency
    assert _archived(tmp_path / "blind") == _archived(tmp_path / "whole")
    assert not [r for r in iter_warc_responses(tmp_path / "blind" / "crawl.warc.gz") if isinstance(r, Problem)]


def test_ctrl_c_stops_at_once_even_while_backing_off(tmp_path):
    config = SiteConfig(posts=5, faults={"/wp-json/wp/v2/posts": "throttle"}, retry_after=30)
    with SimServer(config) as sim:
        child = [sys.executable, "-c", CHILD, sim.url, str(tmp_path), "interrupted", "500"]
        proc = subprocess.Popen(child, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while not [h for h in sim.hits if h.status == 429] and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(SIGINT)
        _, err = proc.communicate(timeout=10)  # not the 30 s Retry-After, nor four of them
        assert "KeyboardInterrupt" in err
        sim.config.faults.clear()
        summary = crawl(sim.url, tmp_path, _options("resumed"))
    assert summary.failures == () and summary.posts == 7


def test_torn_last_record_is_cut_off_on_restart(tmp_path):
    with SimServer(SiteConfig(posts=5)) as sim:
        crawl(sim.url, tmp_path, _options("one"))
        warc = tmp_path / "crawl.warc.gz"
        whole = warc.read_bytes()
        with warc.open("ab") as handle:
            handle.write(whole[:300])  # half a record, as a crash mid-write leaves it
        assert isinstance(list(iter_warc_responses(warc))[-1], Problem)
        crawl(sim.url, tmp_path, _options("two"))
    items = list(iter_warc_responses(warc))
    assert not [i for i in items if isinstance(i, Problem)]
    assert warc.read_bytes().startswith(whole) and len(items) > len([i for i in items if i.status == 200])
