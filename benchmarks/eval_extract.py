"""Extraction quality and speed on the public corpus, ours beside trafilatura and readability-lxml.

Usage: python benchmarks/eval_extract.py [CORPUS_HTML_DIR] [--fallback-study]

Figures: with-string hit rate and without-string leak rate (trafilatura expectations), token
precision/recall/F1 against full article bodies (scrapinghub, readability), goose3 text prefixes,
caption-text and related-link recall on the pages that have them, pages per second.
"""

from __future__ import annotations

import collections
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from lxml.html import HTMLParser, document_fromstring

try:
    from readability import Document
except ImportError:  # a benchmark-only dependency
    raise SystemExit("benchmarks/eval_extract.py needs readability-lxml: pip install -e '.[bench]'") from None

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wparchive.extract.encoding import decode_page
from wparchive.extract.page import FALLBACK_NOTE, ExtractOptions, extract_page
from wparchive.extract.tidy import html_text

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "html"
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+", re.UNICODE)
# Without-strings that come from comment forms, share buttons and like blocks.
_FORM_SHARE = re.compile(
    r"reply|comment|share|like|log ?in|logged|notify|e-?mail|required|akismet|%s|follow|subscribe|facebook|"
    r"twitter|tweet|pinterest|linkedin|whatsapp|print|loading|kommentar|antworten|teilen|commentaire|répondre|"
    r"partager|respuesta|comentario|compartir", re.IGNORECASE)
# Related-post blocks, told apart by the class or id every such plugin and theme uses.
_RELATED_CLASS = re.compile(r"related[-_]?posts?\b|yarpp-related|crp_related|jp-relatedposts\b|related-articles|"
                            r"rp4wp|wp_rp_wrap", re.IGNORECASE)
_CAPTION = etree.XPath(
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ') or self::figcaption]"
    "[ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' post-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' td-post-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' wp-block-post-content ')]]")


@dataclass
class Page:
    path: Path
    url: str
    kind: str
    expect: dict


@dataclass
class Score:
    with_hit: int = 0
    with_total: int = 0
    without_leak: int = 0
    without_total: int = 0
    form_leak: int = 0
    form_total: int = 0
    f1: list = field(default_factory=list)
    f1_no_captions: list = field(default_factory=list)
    precision: list = field(default_factory=list)
    recall: list = field(default_factory=list)
    goose_ok: int = 0
    goose_total: int = 0
    caption_hit: int = 0
    caption_total: int = 0
    related_hit: int = 0
    related_total: int = 0
    seconds: float = 0.0
    pages: int = 0
    leaks: list = field(default_factory=list)


def norm(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def load_pages(base: Path) -> list[Page]:
    pages = []
    for entry in json.loads((base / "trafilatura" / "expectations.json").read_text()):
        pages.append(Page(base / "trafilatura" / entry["file"], entry["url"], "trafilatura", entry))
    truth = json.loads((base / "scrapinghub" / "ground-truth.json").read_text())
    for ident, entry in truth.items():
        pages.append(Page(base / "scrapinghub" / f"{ident}.html", entry["url"], "scrapinghub", entry))
    for folder in sorted((base / "readability").iterdir()):
        expected = document_fromstring((folder / "expected.html").read_bytes()).text_content()
        pages.append(Page(folder / "source.html", "", "readability", {"articleBody": expected}))
    for meta in sorted((base / "goose3" / "content").glob("*.json")):
        entry = json.loads(meta.read_text())
        pages.append(Page(meta.with_suffix(".html"), entry.get("url", ""), "goose3", entry["expected"]))
    return pages


def ours(options: ExtractOptions):
    def run(raw: bytes, url: str):
        post = extract_page(raw, url=url, options=options)
        return html_text(post.body_html), {link.href for link in post.related}, post
    return run


def run_trafilatura(raw: bytes, url: str):
    return trafilatura.extract(raw, url=url or None, include_comments=False) or "", set(), None


def run_readability(raw: bytes, url: str):
    try:
        summary = Document(raw, url=url or None).summary(html_partial=True)
    except Exception:  # noqa: BLE001 - readability-lxml raises assorted errors; count the page as empty
        return "", set(), None
    return html_text(summary), set(), None


def tokens(text: str) -> collections.Counter:
    return collections.Counter(t.lower() for t in _TOKEN.findall(text))


def prf(got: str, want: str) -> tuple[float, float, float]:
    g, w = tokens(got), tokens(want)
    common = sum((g & w).values())
    p = common / sum(g.values()) if g else 0.0
    r = common / sum(w.values()) if w else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def page_facts(raw: bytes, url: str) -> tuple[list[str], set[str]]:
    """Caption texts inside the post content and hrefs of related-post blocks, read from the HTML itself."""
    text, _ = decode_page(raw, "page")
    root = document_fromstring(text.encode("utf-8"), parser=HTMLParser(remove_comments=True, encoding="utf-8"))
    captions = [norm("".join(c.itertext())) for c in _CAPTION(root)]
    related = set()
    for el in root.iter():
        if isinstance(el.tag, str) and _RELATED_CLASS.search((el.get("class") or "") + " " + (el.get("id") or "")):
            for a in el.iter("a"):
                href = (a.get("href") or "").strip()
                if href and not href.startswith(("#", "javascript:")):
                    related.add(urljoin(url, href))
    # A caption's first line is what must survive; later lines are often credits split by <br>.
    return [c[:40] for c in captions if len(c) > 3], related


_FIGCAPTION = re.compile(r"<figcaption>.*?</figcaption>", re.DOTALL)


def score_page(score: Score, page: Page, text: str, related: set[str], facts, post=None) -> None:
    body = norm(text)
    if page.kind == "trafilatura":
        for s in page.expect["with"]:
            score.with_total += 1
            score.with_hit += norm(s) in body
        for s in page.expect["without"]:
            leaked = norm(s) in body
            score.without_total += 1
            score.without_leak += leaked
            if _FORM_SHARE.search(s):
                score.form_total += 1
                score.form_leak += leaked
                if leaked:
                    score.leaks.append((page.path.name, s))
    elif page.kind in ("scrapinghub", "readability"):
        p, r, f = prf(text, page.expect["articleBody"])
        score.precision.append(p)
        score.recall.append(r)
        score.f1.append(f)
        # The ground truths leave image captions out; our bodies keep them on purpose.
        plain = html_text(_FIGCAPTION.sub("", post.body_html)) if post is not None else text
        score.f1_no_captions.append(prf(plain, page.expect["articleBody"])[2])
    elif page.kind == "goose3":
        want = norm(page.expect.get("cleaned_text", ""))[:200]
        score.goose_total += 1
        score.goose_ok += want in body
    captions, related_want = facts
    score.caption_total += len(captions)
    score.caption_hit += sum(c in body for c in captions)
    if related_want:
        score.related_total += len(related_want)
        score.related_hit += len(related_want & related)


def evaluate(pages: list[Page], runners: dict, facts: dict) -> dict[str, Score]:
    scores = {name: Score() for name in runners}
    for page in pages:
        raw = page.path.read_bytes()
        for name, run in runners.items():
            start = time.perf_counter()
            text, related, post = run(raw, page.url)
            scores[name].seconds += time.perf_counter() - start
            scores[name].pages += 1
            score_page(scores[name], page, text, related, facts[page.path], post)
    return scores


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:6.2f}% ({a}/{b})" if b else "   n/a"


def mean(values: list) -> str:
    return f"{sum(values) / len(values):.3f}" if values else "n/a"


def report(scores: dict[str, Score]) -> None:
    rows = [
        ("with-strings found", lambda s: pct(s.with_hit, s.with_total)),
        ("without-strings leaked", lambda s: pct(s.without_leak, s.without_total)),
        ("  of them form/share/like", lambda s: pct(s.form_leak, s.form_total)),
        ("token precision", lambda s: mean(s.precision)),
        ("token recall", lambda s: mean(s.recall)),
        ("token F1", lambda s: mean(s.f1)),
        ("token F1, captions aside", lambda s: mean(s.f1_no_captions)),
        ("goose3 text prefix", lambda s: pct(s.goose_ok, s.goose_total)),
        ("caption text recall", lambda s: pct(s.caption_hit, s.caption_total)),
        ("related-link recall", lambda s: pct(s.related_hit, s.related_total)),
        ("pages/second", lambda s: f"{s.pages / s.seconds:.1f}" if s.seconds else "n/a"),
    ]
    names = list(scores)
    print(f"{'':28}" + "".join(f"{n:>26}" for n in names))
    for label, fn in rows:
        print(f"{label:28}" + "".join(f"{fn(scores[n]):>26}" for n in names))


def metadata_study(pages: list[Page]) -> None:
    """Publication day and title against the trafilatura expectations that give them (not timed)."""
    counts = collections.Counter()
    for page in pages:
        if page.kind != "trafilatura":
            continue
        raw = page.path.read_bytes()
        post = extract_page(raw, url=page.url)
        theirs = trafilatura.extract_metadata(raw, default_url=page.url or None)
        if want := page.expect.get("date"):
            counts["date pages"] += 1
            counts["date wparchive"] += bool(post.date) and post.date.date().isoformat() == want
            counts["date trafilatura"] += bool(theirs) and theirs.date == want
        if want := page.expect.get("title"):
            counts["title pages"] += 1
            counts["title wparchive"] += norm(post.title) == norm(want)
            counts["title trafilatura"] += bool(theirs) and norm(theirs.title or "") == norm(want)
    print("\nmetadata (trafilatura expectations)")
    for what in ("date", "title"):
        print(f"{what + ' matches':28}" + "".join(f"{pct(counts[f'{what} {n}'], counts[f'{what} pages']):>26}"
                                                  for n in ("wparchive", "trafilatura")))


def fallback_study(pages: list[Page], facts: dict) -> None:
    """Pages where no WordPress container is found: generic extraction vs. the whole article/page text."""
    used = []
    for page in pages:
        post = extract_page(page.path.read_bytes(), url=page.url)
        if any(p.message == FALLBACK_NOTE for p in post.problems):
            used.append(page)
    print(f"\nfallback used on {len(used)} of {len(pages)} pages")
    if used:
        report(evaluate(used, {"trafilatura fallback": ours(ExtractOptions()),
                               "no fallback (page text)": ours(ExtractOptions(fallback=False))}, facts))


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    base = Path(args[0]) if args else DEFAULT_CORPUS
    pages = load_pages(base)
    facts = {p.path: page_facts(p.path.read_bytes(), p.url) for p in pages}
    print(f"{len(pages)} pages; {sum(1 for f in facts.values() if f[0])} with captions, "
          f"{sum(1 for f in facts.values() if f[1])} with related-post blocks\n")
    runners = {"wparchive": ours(ExtractOptions()), "trafilatura": run_trafilatura, "readability-lxml": run_readability}
    scores = evaluate(pages, runners, facts)
    report(scores)
    if scores["wparchive"].leaks:
        print("\nform/share/like strings in our body:")
        for name, s in scores["wparchive"].leaks:
            print(f"  {name}: {s!r}")
    metadata_study(pages)
    if "--fallback-study" in argv:
        fallback_study(pages, facts)


if __name__ == "__main__":
    main(sys.argv[1:])
