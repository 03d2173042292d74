"""How much of the text WordPress shows survives render_content → Markdown → HTML → text, per corpus export.

For every post and page of every export in the corpus, the reference is WordPress's own rendering
(wpautop + shortcodes, before cleaning) as text; the candidate is render_content's HTML converted to
Markdown by the archive's own writer (`wparchive.writers.markdown.to_markdown`), rendered back (markdown-it-py) and taken as text. A reference word counts as kept
when it appears in order in the candidate. Prints the percentage per file and overall (target ≥ 99.5 %).

Usage: python benchmarks/text_preservation.py [CORPUS_WXR_DIR]
"""

from __future__ import annotations

import difflib
import re
import sys
import time
from pathlib import Path

import lxml.html
from lxml import etree
from markdown_it import MarkdownIt

from wparchive.transform.content import render_content, render_wordpress
from wparchive.writers.markdown import to_markdown

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "wxr"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
WORD = re.compile(r"\w+")
SPACED = ("p", "div", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
          "figure", "figcaption", "dt", "dd", "hr", "img", "option", "caption")
MD = MarkdownIt("commonmark").enable("table")


def words_of_html(html: str) -> list[str]:
    if not html.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    for el in list(root.iter("script", "style", etree.Comment)):
        el.drop_tree()
    for el in root.iter(*SPACED):  # adjacent cells, items and blocks must not run into one word
        el.tail = " " + (el.tail or "")
    return WORD.findall(root.text_content().lower())


def kept(reference: list[str], candidate: list[str]) -> int:
    """Reference words matched in order in the candidate (difflib's longest matching blocks, recursively)."""
    matcher = difflib.SequenceMatcher(None, reference, candidate, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def post_contents(path: Path):
    for _, item in etree.iterparse(str(path), tag="item", recover=True, huge_tree=True):
        kind = next((c.text for c in item if isinstance(c.tag, str) and c.tag.endswith("}post_type")), "")
        content = next((c.text or "" for c in item if c.tag == CONTENT), "")
        item.clear()
        if kind in ("post", "page") and content.strip():
            yield content


def measure(path: Path) -> tuple[int, int, int]:
    total = found = posts = 0
    for raw in post_contents(path):
        reference = words_of_html(render_wordpress(raw))
        markdown = to_markdown(render_content(raw).html)
        candidate = words_of_html(MD.render(markdown))
        total, found, posts = total + len(reference), found + kept(reference, candidate), posts + 1
    return total, found, posts


def main(base: Path) -> int:
    files = sorted(base.rglob("*.xml"))
    if not files:
        print(f"no exports under {base}")
        return 1
    grand_total = grand_found = 0
    start = time.perf_counter()
    for path in files:
        total, found, posts = measure(path)
        grand_total, grand_found = grand_total + total, grand_found + found
        if total:
            share = 100 * found / total
            print(f"{share:7.2f} %  {found:>7}/{total:<7} words  {posts:>4} posts  {path.relative_to(base)}")
    elapsed = time.perf_counter() - start
    overall = 100 * grand_found / grand_total if grand_total else 100.0
    print(f"overall {overall:.2f} % of {grand_total} words kept in {elapsed:.1f} s (target >= 99.5 %)")
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sys.exit(main(Path(args[0]) if args else CORPUS))
