"""read_wxr over every public corpus export, checked against the corpus INDEX and known values."""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from conftest import CORPUS, corpus_dir, corpus_params

from wparchive.model import Post, Problem, Site
from wparchive.readers.inputs import Source, expand_inputs
from wparchive.readers.wxr import read_attachments, read_wxr


def index_entry(path) -> dict:
    records = json.loads((corpus_dir("wxr") / "INDEX.json").read_text())
    rel = str(path.relative_to(CORPUS / "wxr"))
    return next(r for r in records if r["file"] == rel)


def expected_types(entry: dict) -> Counter:
    """INDEX counts items without <wp:post_type> as "null"; WordPress (and read_wxr) treat them as posts."""
    types: Counter = Counter()
    for name, count in entry["post_types"].items():
        types["post" if name == "null" else name] += count
    return types


@pytest.mark.parametrize("path", corpus_params("wxr", "*.xml"))
def test_corpus_file_matches_index(path):
    entry = index_entry(path)
    values = list(read_wxr(expand_inputs([path])[0]))
    sites = [v for v in values if isinstance(v, Site)]
    posts = [v for v in values if isinstance(v, Post)]
    assert len(sites) == 1 and isinstance(values[0], Site)
    assert len(posts) == entry["items"]
    assert Counter(p.type for p in posts) == expected_types(entry)
    assert sum(len(p.comments) for p in posts) == entry["comments"]
    assert len({p.source for p in posts}) == len(posts)  # each item once, at its own line
    if entry["wellformed_xml"]:
        assert not [v for v in values if isinstance(v, Problem) and v.severity == "error"]
    else:
        assert [v for v in values if isinstance(v, Problem) and v.line is not None]


def wellformed_params() -> list:
    """Corpus files the INDEX marks well-formed (the fast path reads them whole)."""
    params = corpus_params("wxr", "*.xml")
    if not (CORPUS / "wxr" / "INDEX.json").exists():
        return params
    damaged = {r["file"] for r in json.loads((CORPUS / "wxr" / "INDEX.json").read_text()) if not r["wellformed_xml"]}
    return [p for p in params if str(p.values[0].relative_to(CORPUS / "wxr")) not in damaged]


@pytest.mark.parametrize("path", wellformed_params())
def test_recovery_path_reads_the_same_items(path):
    """Text before the XML declaration forces the repairing reader; well-formed items must not change."""
    data = path.read_bytes()
    fast = [v for v in read_wxr(Source("f", lambda: open(path, "rb"))) if isinstance(v, Post)]
    slow = [v for v in read_wxr(Source("f", lambda: io.BytesIO(b"junk\n" + data)))
            if isinstance(v, Post)]
    assert len(slow) == len(fast)
    for a, b in zip(fast, slow, strict=True):
        assert replace(a, source="", problems=()) == replace(b, source="", problems=())


def test_read_attachments_matches_index():
    for path in corpus_dir("wxr").rglob("*.xml"):
        entry = index_entry(path)
        found = list(read_attachments(expand_inputs([path])[0]))
        assert all(p.type == "attachment" for p in found)
        assert len(found) == entry["post_types"].get("attachment", 0), path


@pytest.fixture(scope="module")
def theme_unit_test():
    path = corpus_dir("wxr", "WordPress__theme-test-data", "themeunittestdata.wordpress.xml")
    return list(read_wxr(expand_inputs([path])[0]))


def by_id(values, post_id: int) -> Post:
    return next(v for v in values if isinstance(v, Post) and v.id == post_id)


def test_theme_unit_test_site(theme_unit_test):
    site = theme_unit_test[0]
    assert site.title == "Theme Unit Test Data"
    assert site.wxr_version == "1.2"
    assert site.base_site_url == "https://wordpress.com/"
    assert {a.login: a.display_name for a in site.authors} == {
        "themedemos": "Theme Buster", "themereviewteam": "Theme Reviewer"}


def test_theme_unit_test_known_post(theme_unit_test):
    post = by_id(theme_unit_test, 1174)
    assert post.title == "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>"
    assert post.date == datetime(2013, 1, 5, 11, 0, 20, tzinfo=timezone(timedelta(hours=-7)))
    assert post.author == "Theme Buster" and post.author_login == "themedemos"
    assert [c.name for c in post.categories] == ["Classic", "Markup"]
    assert [t.name for t in post.tags] == ["html", "markup", "post", "title"]
    assert post.slug == "title-with-special-characters"


def test_theme_unit_test_special_posts(theme_unit_test):
    assert by_id(theme_unit_test, 1241).sticky is True
    protected = by_id(theme_unit_test, 1168)
    assert protected.password_protected is True and "enter</" not in repr(protected)
    comments = by_id(theme_unit_test, 1148).comments
    assert len(comments) == 20
    assert any(c.parent for c in comments)
    assert {c.id for c in comments} >= {c.parent for c in comments if c.parent}
    typo = by_id(theme_unit_test, 1730)  # <dc:creator>>themereviewteam</dc:creator> in the file
    assert typo.author == "Theme Reviewer"


@pytest.mark.parametrize("path", corpus_params("wxr", "*.xml"))
def test_strict_mode_stops_with_one_error(path):
    entry = index_entry(path)
    values = list(read_wxr(expand_inputs([path])[0], strict=True))
    errors = [v for v in values if isinstance(v, Problem) and v.severity == "error"]
    posts = [v for v in values if isinstance(v, Post)]
    if entry["wellformed_xml"]:
        assert errors == [] and len(posts) == entry["items"]
    else:
        assert len(errors) == 1 and values[-1] is errors[0] and "strict" in errors[0].message
        assert errors[0].line is not None and len(posts) < max(entry["items"], 1)
