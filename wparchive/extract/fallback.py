"""Body extraction for pages without a recognisable WordPress post container."""

from __future__ import annotations

import logging

from lxml import etree
from lxml.html import fragment_fromstring

__all__ = ["fallback_body"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())


def fallback_body(html: str, url: str = "") -> etree._Element | None:
    """Trafilatura's main-text HTML as an element, or None when it finds no article text."""
    import trafilatura  # imported on first use: it takes longer to load than the rest of the package

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
    return body if body is not None else root
