"""Throughput of read_wxr against a bare lxml iterparse walk over the same export.

    .venv/bin/python benchmarks/bench_wxr_read.py [EXPORT.xml ...] [--scale N]

Without paths it uses the biggest WXR file of the public corpus (../shared/corpus/wxr). `--scale N`
also writes a copy whose items are repeated N times, to show that memory stays flat as files grow.
Prints items/s and MB/s for: the bare walk, read_wxr (strict fast path), read_wxr forced through the
repairing path, and read_attachments.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wparchive.model import Post  # noqa: E402
from wparchive.readers.inputs import Source  # noqa: E402
from wparchive.readers.wxr import read_attachments, read_wxr  # noqa: E402
from wparchive.readers.xml_safety import parser_options  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "wxr"
MIN_SECONDS = 1.0


def bare_walk(data: bytes) -> int:
    """The floor: iterparse with the same safe options, counting and clearing items."""
    count = 0
    for _, el in etree.iterparse(io.BytesIO(data), events=("end",), tag="item", **parser_options()):
        count += 1
        el.clear()
        while el.getprevious() is not None:
            del el.getparent()[0]
    return count


def count_posts(values) -> int:
    return sum(1 for v in values if isinstance(v, Post))


def runners(data: bytes) -> dict:
    fast = Source("bench.xml", lambda: io.BytesIO(data))
    repaired = Source("bench.xml", lambda: io.BytesIO(b"junk before the declaration\n" + data))
    return {
        "bare iterparse": lambda: bare_walk(data),
        "read_wxr (strict path)": lambda: count_posts(read_wxr(fast)),
        "read_wxr (repairing path)": lambda: count_posts(read_wxr(repaired)),
        "read_attachments": lambda: count_posts(read_attachments(fast)),
    }


def measure(run) -> tuple[int, float]:
    """Items and seconds per run, repeating until at least MIN_SECONDS have passed."""
    rounds, items, start = 0, 0, time.perf_counter()
    while True:
        items = run()
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= MIN_SECONDS:
            return items, elapsed / rounds


def report(path: Path) -> None:
    data = path.read_bytes()
    megabytes = len(data) / 1e6
    print(f"\n{path} ({megabytes:.1f} MB)")
    for name, run in runners(data).items():
        items, seconds = measure(run)
        print(f"  {name:28} {items:7d} items  {items / seconds:10.0f} items/s  {megabytes / seconds:7.1f} MB/s")


def scaled_copy(path: Path, times: int, folder: Path) -> Path:
    """The export with its items repeated, written to a temporary file."""
    text = path.read_bytes()
    first, last = text.find(b"<item>"), text.rfind(b"</item>") + len(b"</item>")
    out = folder / f"{path.stem}.x{times}.xml"
    with open(out, "wb") as handle:
        handle.write(text[:first])
        for _ in range(times):
            handle.write(text[first:last])
        handle.write(text[last:])
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def biggest_corpus_file() -> Path:
    files = sorted(CORPUS.rglob("*.xml"), key=lambda p: p.stat().st_size)
    if not files:
        sys.exit(f"no corpus at {CORPUS}; pass an export path")
    return files[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--scale", type=int, default=0, help="also time a copy with items repeated N times")
    args = parser.parse_args()
    paths = args.paths or [biggest_corpus_file()]
    for path in paths:
        report(path)
    if args.scale:
        with tempfile.TemporaryDirectory() as folder:
            big = scaled_copy(paths[0], args.scale, Path(folder))
            before = peak_rss_mb()
            start = time.perf_counter()
            items = count_posts(read_wxr(Source(str(big), lambda: open(big, "rb"))))
            seconds = time.perf_counter() - start
            size = big.stat().st_size / 1e6
            print(f"\n{big.name} ({size:.0f} MB, read once): {items} items in {seconds:.1f} s, "
                  f"{size / seconds:.1f} MB/s; peak RSS {before:.0f} MB before, {peak_rss_mb():.0f} MB after")


if __name__ == "__main__":
    main()
