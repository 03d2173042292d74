"""Body extraction for pages without a recognisable WordPress post container."""

from __future__ import annotations

import logging

from lxml import etree
from lxml.html import fragment_fromstring, tostring

from .highlight import code_languages

__all__ = ["fallback_body"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())


def fallback_body(page: etree._Element, url: str = "") -> etree._Element | None:
    """Trafilatura's main-text HTML as an element, or None when it finds no article text.

    The page's listings are already plain (highlight.py): trafilatura would make one-cell tables of
    highlighter layouts. It drops their languages, which are put back from the page."""
    import trafilatura  # imported on first use: it takes longer to load than the rest of the package

    html = tostring(page, encoding="unicode", method="html")
    try:
        result = trafilatura.extract(html, url=url or None, output_format="html", include_images=True,
                                     include_links=True, include_comments=False, include_tables=True)
    except Exception as exc:  # noqa: BLE001 - trafilatura raises assorted errors on hostile markup; the page is kept
        logger.debug("fallback extraction failed: %s", exc)
        return None
    if not result:
        return None
    root = fragment_fromstring(result, create_parent="div")
    body = root.find(".//body")
    body = body if body is not None else root
    if body.find(".//pre") is not None:
        _plain_listings(body, code_languages(page))
    return body


def _plain_listings(body: etree._Element, languages: dict[str, str]) -> None:
    """Trafilatura writes a listing as <pre><pre>…</pre></pre> without its language: one <pre><code>
    again, with the language the page gave it."""
    for pre in list(body.iter("pre")):
        inner = pre[0] if len(pre) == 1 and pre[0].tag in ("pre", "code") else None
        if inner is None or (pre.text or "").strip() or (inner.tail or "").strip() or len(inner):
            continue
        code = etree.Element("code")
        code.text = inner.text
        if language := languages.get("".join((inner.text or "").split())):
            code.set("class", f"language-{language}")
        pre.text = None
        pre.remove(inner)
        pre.append(code)
