"""Conversion speed and memory against the floor (a bare lxml iterparse walk) and installed peers.

    python benchmarks/bench_convert.py                 # 1k and 10k posts
    python benchmarks/bench_convert.py 1000 10000 100000 --jobs 1 2 --no-peers

Each measurement runs in its own process so peak RSS is that run's alone; with several --jobs
values the outputs are compared and said byte-identical or not. Output goes to the system's
temporary folder, so file creation on that disk is part of the figure. Every output stays there
until the benchmark ends: ext4 will not reuse an inode freed in the last minutes and scans past
each one, so a run started right after deleting the previous run's 10,000 files pays for that
deletion too. Generated exports are kept in benchmarks/data/ (ignored by git) and reused.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gen_wxr import generate  # noqa: E402

FLOOR = """
import sys
from lxml import etree
n = 0
for _, el in etree.iterparse(sys.argv[1], events=("end",), tag="item", huge_tree=True):
    n += 1
    el.clear()
    while el.getprevious() is not None:
        del el.getparent()[0]
print(n)
"""


def _run(argv: list[str], peer: bool = False) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB of the largest process of the run, and stdout."""
    script = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "dt = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([dt, rss, p.returncode, p.stdout[-2000:], p.stderr[-2000:]]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, check=True)
    seconds, rss, code, stdout, stderr = json.loads(out.stdout)
    if code not in (0, 1) or (peer and code):
        raise RuntimeError(f"exit {code}: {(stderr or stdout).strip().splitlines()[-1:] or ''}")
    return seconds, rss, stdout


def _export(posts: int) -> Path:
    path = HERE / "data" / f"{posts}.xml"
    if not path.exists():
        generate(posts, path)
    return path


def _peers(path: Path) -> list[tuple[str, list[str]]]:
    """Commands of other converters installed here, run on the same file."""
    peers = []
    if shutil.which("pelican-import"):
        peers.append(("pelican-import", ["pelican-import", "--wpfile", str(path), "-o", "{out}", "-m", "markdown"]))
    if shutil.which("wordpress-export-to-markdown"):
        peers.append(("wordpress-export-to-markdown",
                      ["wordpress-export-to-markdown", "--wizard=false", f"--input={path}", "--output={out}",
                       "--save-attached-images=false", "--save-scraped-images=false"]))
    return peers


def _digest(out: Path) -> str:
    """One hash over every file's relative path and bytes, the manifest included."""
    digest = hashlib.blake2b()
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(out)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _row(name: str, posts: int, size_mb: float, seconds: float, rss: float, floor: float | None) -> str:
    ratio = f"{seconds / floor:6.1f}x" if floor else "      "
    return (f"{name:<32} {posts:>8} {seconds:8.2f}s {posts / seconds:10.0f} posts/s {size_mb / seconds:7.1f} MB/s "
            f"{rss:8.1f} MB peak {ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--jobs", nargs="*", type=int, default=[1, os.cpu_count() or 1])
    parser.add_argument("--no-peers", action="store_true", help="skip the other converters")
    args = parser.parse_args()
    wparchive = [sys.executable, "-m", "wparchive"]
    with tempfile.TemporaryDirectory(prefix="wparchive-bench-") as outputs:
        for posts in args.sizes:
            _measure(posts, args, wparchive, Path(outputs))


def _measure(posts: int, args: argparse.Namespace, wparchive: list[str], outputs: Path) -> None:
    """One export size: the floor, each --jobs, then the peers, each writing its own folder in `outputs`."""
    path = _export(posts)
    size_mb = path.stat().st_size / 1e6
    print(f"\n{path.name}: {posts} posts, {size_mb:.1f} MB")
    floor, rss, _ = _run([sys.executable, "-c", FLOOR, str(path)])
    print(_row("floor: lxml iterparse walk", posts, size_mb, floor, rss, None))
    trees = {}
    for jobs in args.jobs:
        out = outputs / f"{posts}-wparchive-jobs{jobs}"
        seconds, rss, _ = _run([*wparchive, "convert", str(path), "-o", str(out), "-q", "--jobs", str(jobs)])
        print(_row(f"wparchive convert --jobs {jobs}", posts, size_mb, seconds, rss, floor))
        trees[jobs] = _digest(out)
    if len(trees) > 1:
        same = len(set(trees.values())) == 1
        print(f"output of --jobs {' and '.join(map(str, trees))}: {'byte-identical' if same else 'DIFFERENT'}")
    peers = [] if args.no_peers else _peers(path)
    for name, argv in peers:
        out = outputs / f"{posts}-{name}"
        out.mkdir()
        try:
            seconds, rss, _ = _run([a.replace("{out}", str(out)) for a in argv], peer=True)
        except RuntimeError as error:
            print(f"{name:<32} failed on this file ({error})")
            continue
        files = sum(1 for _ in out.rglob("*.md"))
        print(_row(name, posts, size_mb, seconds, rss, floor) + f"  ({files} files)")
    if not peers and not args.no_peers:
        print("peers: none installed (pip install pelican; npm i -g wordpress-export-to-markdown) — skipped")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
