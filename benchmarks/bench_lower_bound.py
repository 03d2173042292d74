"""What conversion costs before any of wparchive's own Python runs: the library calls alone.

    python benchmarks/bench_lower_bound.py            # the 10k-post export
    python benchmarks/bench_lower_bound.py 1000 --cores 2

Walks the export as the floor does and, for each published post or page, adds one step at a
time: parse and serialise its body (lxml), convert it to Markdown (html-to-markdown, with
wparchive's options), dump a small front matter (libyaml), and write the file atomically. No
wpautop, no shortcodes, no blocks, no sanitising, no links, no manifest. Each line prints the
cumulative time and its multiple of the floor, and the same split perfectly over --cores, so a
speed bar stated as a multiple of the floor can be set against what it leaves for the rest.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import lxml.html
import yaml
from lxml import etree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from gen_wxr import generate  # noqa: E402

from wparchive.writers.atomic import atomic_write  # noqa: E402
from wparchive.writers.markdown import _CONVERT  # noqa: E402 - the converter wparchive calls, options built once

WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
STEPS = ("walk", "+ parse and serialise HTML", "+ Markdown", "+ front matter", "+ atomic write")
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _walk(export: Path, steps: int, out: Path) -> tuple[float, int]:
    """Seconds for the walk with the first `steps` per-post steps, and how many posts they ran on."""
    started, posts = time.perf_counter(), 0
    for _, item in etree.iterparse(str(export), events=("end",), tag="item", huge_tree=True):
        if steps and item.findtext(f"{WP}post_type") in ("post", "page") and item.findtext(f"{WP}status") == "publish":
            posts += 1
            body = item.findtext(CONTENT) or ""
            parts = lxml.html.fragments_fromstring(body) if body.strip() else []
            html = "".join(p if isinstance(p, str) else lxml.html.tostring(p, encoding="unicode") for p in parts)
            text = _CONVERT(html) if steps >= 2 and html else ""
            if steps >= 3:
                head = yaml.dump({"title": item.findtext("title"), "date": item.findtext(f"{WP}post_date"),
                                  "slug": item.findtext(f"{WP}post_name")}, Dumper=DUMPER, allow_unicode=True)
                text = f"---\n{head}---\n\n{text}"
            if steps >= 4:
                atomic_write(out, f"{posts}.md", text)
        item.clear()
        while item.getprevious() is not None:
            del item.getparent()[0]
    return time.perf_counter() - started, posts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", nargs="?", type=int, default=10000)
    parser.add_argument("--cores", type=int, default=2, help="cores to split the per-post steps over (ideal)")
    args = parser.parse_args()
    export = HERE / "data" / f"{args.posts}.xml"
    if not export.exists():
        export.parent.mkdir(exist_ok=True)
        generate(args.posts, export)
    _walk(export, 0, Path())  # warm the file cache and the libraries
    floor = min(_walk(export, 0, Path())[0] for _ in range(2))
    print(f"{export.name}: floor {floor:.2f} s")
    print(f"{'':28} {'1 core':>16} {f'{args.cores} cores, ideal':>20}")
    for steps in range(1, len(STEPS)):
        with tempfile.TemporaryDirectory(prefix="wparchive-bound-") as out:
            seconds, posts = _walk(export, steps, Path(out))
        split = floor + (seconds - floor) / args.cores
        print(f"{STEPS[steps]:28} {seconds:6.2f} s {seconds / floor:5.1f}x {split:10.2f} s {split / floor:5.1f}x"
              f"   ({posts} posts)")


if __name__ == "__main__":
    main()
