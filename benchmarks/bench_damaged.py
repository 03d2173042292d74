"""Time to render (or extract) one damaged post as it grows: each shape repeated N times in one post.

    python benchmarks/bench_damaged.py [--sizes 1000 2000 4000 8000]

A shape whose time grows about as N is fine; the growth column shows the ratio from one size to
the next (2.0 is linear when sizes double, 4.0 quadratic). These are the shapes that once took
seconds to minutes; the tests check their output, this prints their cost.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wparchive.extract.page import extract_page  # noqa: E402
from wparchive.transform.content import render_comment, render_content  # noqa: E402

SHAPES = {
    "unclosed [caption]": lambda n: "[caption id=x]<img src=a.jpg> words\n\n" * n,
    "[caption with no ]": lambda n: "[caption id=y <img src=b.jpg> no bracket\n\n" * n,
    "unclosed [code]": lambda n: "[code]x = 1\n\n" * n,
    "unclosed [embed]": lambda n: "[embed]https://youtu.be/abcdefgh\n\n" * n,
    "block attributes never closed": lambda n: '<!-- wp:image {"id":12 -->x<!-- /wp:image -->\n' * n,
    "block closers without openers": lambda n: "<!-- wp:group --><!-- /wp:column -->" * n,
    "nested unclosed galleries (n/8)": lambda n: '<div class="gallery"><img src="a.jpg">' * (n // 8),
    "nested embed figures (n/8)": lambda n: '<figure class="wp-block-embed"><blockquote>' * (n // 8),
    "unclosed <style>": lambda n: "<style>x\n" * n,
    "unclosed <script>": lambda n: "<script>x\n" * n,
    "<pre> blocks": lambda n: "<pre>x</pre>\n" * n,
    "unclosed <!--more on one line": lambda n: "<!--more x " * n,
    "unclosed <pre> and a URL": lambda n: "<pre>" * n + "http://x.com",
    "runs of < and a URL": lambda n: "<<<<<<<<" * n + "http://x.com",
    "unclosed <figcaption> in an embed": lambda n: '<!-- wp:embed {"url":"http://x"} -->' + "<figcaption>" * n
    + "<!-- /wp:embed -->",
    "<p without > and a URL": lambda n: "<p " * n + "http://x.com",
    "one gallery <dl> holding every item": lambda n: '<div class="gallery"><dl>'
    + '<dt><img src="a.jpg"></dt><dd></dd>' * n + "</dl></div>",
    "one gallery link around every image (n/4)": lambda n: '<div class="gallery"><a href="x">'
    + '<img src="a.jpg">' * (n // 4) + "</a></div>",
    "one figure holding every image": lambda n: "<figure>" + '<img src="a.jpg">' * n + "</figure>",
    "unclosed <img in a [caption]": lambda n: "[caption]" + "<img xxxxxxxxxxxxxxxxxxxx" * n + "[/caption]",
    "Word spans in one paragraph": lambda n: "<p>" + "<span>x</span> " * n + "</p>",
    "blocks inside <p>": lambda n: "<p>a<figure>b</figure>c</p>" * n,
    "pasted code with <": lambda n: "for (i = 0; i<len; i++) a[i]<pivot; " * n + "\n\nend <b>x</b>",
}
COMMENT_SHAPES = {
    "comment: unclosed <a> and a URL": lambda n: "<a href=x>" * n + "http://x.com",
}
PAGE_SHAPES = {
    "page: og:title repeating the site name": lambda n: (
        "<html><head><meta property='og:title' content='Post" + " | Blog" * n + "'>"
        "<meta property='og:site_name' content='Blog'></head><body><article><p>x</p></article></body></html>"),
}


def _time(render, text: str) -> float:
    start = time.perf_counter()
    render(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=[1000, 2000, 4000, 8000])
    parser.add_argument("--limit", type=float, default=20.0, help="stop a shape once one size takes longer")
    args = parser.parse_args()
    print(f"{'shape':<44}" + "".join(f"{n:>10}" for n in args.sizes) + "   growth")
    cases = [(name, make, render_content) for name, make in SHAPES.items()]
    cases += [(name, make, render_comment) for name, make in COMMENT_SHAPES.items()]
    cases += [(name, make, lambda html: extract_page(html.encode())) for name, make in PAGE_SHAPES.items()]
    for name, make, render in cases:
        times: list[float] = []
        for n in args.sizes:
            times.append(_time(render, make(n)))
            if times[-1] > args.limit:
                break
        cells = "".join(f"{t:>9.3f}s" for t in times) + " " * 10 * (len(args.sizes) - len(times))
        growth = times[-1] / times[-2] if len(times) > 1 and times[-2] > 0.001 else float("nan")
        print(f"{name:<44}{cells}   {growth:5.1f}x")


if __name__ == "__main__":
    main()
