"""Golden pairs: tests/fixtures/transform/<case>.txt renders to <case>.expected.html."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wparchive.model import Image
from wparchive.transform.content import RenderContext, render_content

CASES = Path(__file__).resolve().parent / "fixtures" / "transform"
FOOTNOTES = json.dumps([{"id": "fn-1", "content": "The <em>footnote</em> text."}])
CONTEXT = RenderContext(
    base_url="http://example.com/blog/",
    attachments={
        1: Image(src="http://example.com/1.jpg", alt="One", caption="Caption one", id=1),
        2: Image(src="http://example.com/2.jpg", alt="Two", id=2, link="http://example.com/?attachment_id=2"),
        3: Image(src="http://example.com/3.jpg", alt="Three", caption="Caption three", id=3),
    },
    children=(
        Image(src="http://example.com/c1.jpg", alt="Child one", caption="Child caption", id=11),
        Image(src="http://example.com/c2.jpg", alt="Child two", id=12),
    ),
    source="golden",
    footnotes=FOOTNOTES,
)


def cases() -> list[str]:
    return sorted(p.name.removesuffix(".txt") for p in CASES.glob("*.txt"))


@pytest.mark.parametrize("case", cases())
def test_golden(case: str) -> None:
    raw = (CASES / f"{case}.txt").read_text(encoding="utf-8")
    expected = (CASES / f"{case}.expected.html").read_text(encoding="utf-8")
    assert render_content(raw, CONTEXT).html == expected.rstrip("\n")
