"""`convert` over every public export in ../shared/corpus/wxr: nothing lost, every item accounted for."""

from __future__ import annotations

import json
from collections import Counter

import pytest
import yaml
from click.testing import CliRunner
from conftest import CORPUS, corpus_dir, corpus_params

from wparchive.cli import main


def _index() -> dict[str, dict]:
    path = CORPUS / "wxr" / "INDEX.json"
    return {e["file"]: e for e in json.loads(path.read_text())} if path.exists() else {}


INDEX = _index()


def _convert(path, out):
    result = CliRunner().invoke(main, ["convert", str(path), "-o", str(out), "-q", "--jobs", "1"])
    assert "Traceback" not in result.output
    manifest = json.loads((out / "manifest.json").read_text()) if (out / "manifest.json").exists() else None
    return result, manifest


@pytest.mark.parametrize("path", corpus_params("wxr", "*.xml"))
def test_every_item_is_accounted_for(path, tmp_path):
    entry = INDEX[str(path.relative_to(CORPUS / "wxr"))]
    result, manifest = _convert(path, tmp_path)
    if entry["wellformed_xml"]:
        assert result.exit_code == 0, result.output
    assert manifest is not None, result.output
    counts = manifest["counts"]
    assert counts["items"] == counts["written"] + counts["skipped"] + counts["failed"]
    assert counts["failed"] == 0
    if entry["wellformed_xml"] and entry["counts_method"] == "xml-parse":
        assert counts["items"] == entry["items"]
        expected = Counter()
        for kind, n in entry["post_types"].items():  # "null": no <wp:post_type>, WordPress's default is post
            expected["post" if kind == "null" else kind] += n
        assert counts["by_type"] == dict(sorted(expected.items()))
    protected = {e["id"] for e in manifest["items"] if e.get("reason") == "password-protected (see --drafts)"}
    published = Counter(e["type"] for e in manifest["items"]
                        if e["type"] in ("post", "page") and e["status"] == "publish" and e["id"] not in protected)
    written = Counter(e["type"] for e in manifest["items"] if e["outcome"] == "written")
    assert written == published
    files = [p for p in tmp_path.rglob("*.md")]
    assert len(files) == sum(published.values())


def test_theme_unit_test_front_matter(tmp_path):
    path = corpus_dir("wxr", "WordPress__theme-test-data", "themeunittestdata.wordpress.xml")
    result, manifest = _convert(path, tmp_path)
    assert result.exit_code == 0, result.output
    written = [e for e in manifest["items"] if e["outcome"] == "written"]
    protected = [e for e in manifest["items"] if e["outcome"] == "skipped" and e["type"] in ("post", "page")
                 and e["status"] == "publish"]
    assert [(e["id"], e["reason"]) for e in protected] == [(1168, "password-protected (see --drafts)")]
    assert len(written) == 58 + 21 - len(protected) - sum(1 for e in manifest["items"]
                                                          if e["type"] in ("post", "page") and e["status"] != "publish")
    for entry in written:
        text = (tmp_path / entry["paths"][0]).read_text(encoding="utf-8")
        data = yaml.safe_load(text.split("---\n")[1])
        assert data["title"] == entry["title"] or not entry["title"]
        assert data["date"].utcoffset() is not None
        assert data["author"]
    post = next(e for e in written if e["title"].startswith("Markup: Title With Special Characters"))
    data = yaml.safe_load((tmp_path / post["paths"][0]).read_text(encoding="utf-8").split("---\n")[1])
    assert data["title"] == "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>"
    assert data["date"].isoformat() == "2013-01-05T11:00:20-07:00"
    assert data["categories"] == ["Classic", "Markup"]
    assert data["tags"] == ["html", "markup", "post", "title"]
    assert data["author"] == "Theme Buster"
