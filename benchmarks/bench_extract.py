"""Page extraction speed and memory: a WARC of saved pages through `wparchive extract` at each --jobs.

    python benchmarks/bench_extract.py                  # 2,000 pages, --jobs 1 and all cores
    python benchmarks/bench_extract.py 4000 --jobs 1 2 4

The WARC holds the saved pages of the corpus (../shared/corpus/html) when it is there, else the
project's own sample and fixture pages, repeated under distinct URLs up to the count asked for.
Each run is its own process, so peak RSS is its own; the archives of all --jobs values are
compared and said byte-identical or not.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench_convert import _digest, _run  # noqa: E402
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "html"


def _pages() -> list[bytes]:
    found = sorted(CORPUS.rglob("*.html")) if CORPUS.is_dir() else []
    own = [ROOT / "samples/wordpress-com-post.html", *sorted((ROOT / "tests/fixtures/extract").glob("*.html"))]
    return [path.read_bytes() for path in found or own]


def _warc(count: int, path: Path) -> float:
    """A WARC of `count` saved pages; returns its size in MB."""
    pages = _pages()
    headers = [("Content-Type", "text/html; charset=utf-8")]
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(count):
            writer.write_record(writer.create_warc_record(
                f"https://blog.example.org/{2000 + n % 20}/01/page-{n}/", "response",
                payload=io.BytesIO(pages[n % len(pages)]),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")))
    return path.stat().st_size / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", type=int, default=2000)
    parser.add_argument("--jobs", nargs="*", type=int, default=[1, os.cpu_count() or 1])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wparchive-bench-") as work:
        warc = Path(work) / "pages.warc.gz"
        size = _warc(args.pages, warc)
        print(f"{warc.name}: {args.pages} pages, {size:.1f} MB gzipped ({'corpus' if CORPUS.is_dir() else 'samples'})")
        digests = {}
        for jobs in args.jobs:
            out = Path(work) / f"jobs{jobs}"
            seconds, rss, _ = _run([sys.executable, "-m", "wparchive", "extract", str(warc), "-o", str(out), "-q",
                                    "--jobs", str(jobs)])
            print(f"wparchive extract --jobs {jobs:<3} {seconds:8.2f}s {args.pages / seconds:8.0f} pages/s "
                  f"{seconds / args.pages * 1e3:6.2f} ms/page {rss:8.1f} MB peak")
            digests[jobs] = _digest(out)
        if len(digests) > 1:
            same = len(set(digests.values())) == 1
            print(f"archives of --jobs {' and '.join(map(str, digests))}: {'byte-identical' if same else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
