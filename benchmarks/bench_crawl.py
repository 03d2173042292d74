"""Crawl a simulated 2,000-post WordPress site on loopback; print posts/second and peak memory.

The site runs in a child process (tests/sitesim.py) so the figures are the crawler's own.
    python benchmarks/bench_crawl.py [--posts 2000] [--concurrency 4] [--rate 1000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wparchive.crawl import CrawlOptions, crawl  # noqa: E402
from wparchive.readers.rest import posts_from_warc  # noqa: E402


def _serve(posts: int) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "sitesim.py"), "--posts", str(posts),
                             "--port", "0"], stdout=subprocess.PIPE, text=True)
    return proc, proc.stdout.readline().strip()


def _timed(func):
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rate", type=float, default=1000.0)
    args = parser.parse_args()
    proc, url = _serve(args.posts)
    options = CrawlOptions(rate=args.rate, concurrency=args.concurrency)
    try:
        with tempfile.TemporaryDirectory() as out:
            first, first_s = _timed(lambda: crawl(url, Path(out), options))
            again, again_s = _timed(lambda: crawl(url, Path(out), options))
            posts, read_s = _timed(lambda: sum(1 for _ in posts_from_warc(Path(out) / "crawl.warc.gz")))
            size = (Path(out) / "crawl.warc.gz").stat().st_size
    finally:
        proc.terminate()
        proc.wait()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"site: {args.posts} posts, rate limit {args.rate}/s, concurrency {args.concurrency}")
    print(f"first crawl: {first.requests} requests, {first.posts} posts in {first_s:.2f} s "
          f"= {first.posts / first_s:.0f} posts/s, {first.requests / first_s:.0f} requests/s; "
          f"failures {first.failed}; WARC {size / 1e6:.1f} MB")
    print(f"second crawl (unchanged site): {again.requests} requests, {again.fetched} fetched, "
          f"{again.not_modified} not modified in {again_s:.2f} s")
    print(f"posts_from_warc: {posts} posts in {read_s:.2f} s = {posts / read_s:.0f} posts/s")
    print(f"peak memory (ru_maxrss): {peak:.0f} MB")


if __name__ == "__main__":
    main()
