"""`wparchive convert` and `info` end to end on the project's sample export, through CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, SAMPLES

from wparchive import convert as convert_module
from wparchive.cli import main

SAMPLE = SAMPLES / "sample-export.xml"


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def front(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def archive(tmp_path):
    result = run("convert", SAMPLE, "-o", tmp_path, "-q")
    assert result.exit_code == 0, result.output
    return tmp_path


def test_writes_published_posts_and_pages_only(archive):
    assert sorted(tree(archive)) == [
        "manifest.json", "pages/about.md", "posts/first-frost.md", "posts/winter-walk.md", "posts/été-au-marais.md",
    ]


def test_manifest_accounts_for_every_item(archive):
    manifest = json.loads((archive / "manifest.json").read_text())
    counts = manifest["counts"]
    assert counts["items"] == 8 == counts["written"] + counts["skipped"] + counts["failed"]
    assert counts["written"] == 4 and counts["failed"] == 0
    assert counts["skipped_by_reason"] == {
        "status draft (see --drafts)": 1, "type attachment: site machinery": 2, "type nav_menu_item: site machinery": 1,
    }
    walk = next(e for e in manifest["items"] if e["id"] == 11)
    assert walk["outcome"] == "written" and walk["paths"] == ["posts/winter-walk.md"]
    assert re.search(r"sample-export\.xml:\d+$", walk["source"])


def test_front_matter(archive):
    data, _ = front(archive / "posts/winter-walk.md")
    assert data["title"] == 'Winter walk: herons, "buntings" & a frozen weir ❄️'
    assert data["date"].isoformat() == "2020-01-12T08:30:00+00:00"
    assert data["categories"] == ["Birds", "Walks & Hikes"] and data["tags"] == ["heron", "winter"]
    assert data["author"] == "Ana Sousa"
    assert data["featured_image"]["src"].endswith("/2020/01/heron.jpg")
    assert data["featured_image"]["alt"] == "A grey heron standing in shallow water"
    assert data["old_slugs"] == ["frosty-walk"]
    assert data["wordpress"]["sticky"] is True
    summer, _ = front(archive / "posts/été-au-marais.md")
    assert summer["date"].isoformat() == "2020-07-01T07:00:00+01:00"  # the blog's summer offset


def test_body_keeps_captions_gallery_line_breaks_and_related_links(archive):
    data, body = front(archive / "posts/winter-walk.md")
    assert "The frost had not lifted by nine" in body
    assert re.search(r"!\[A grey heron standing in shallow water\]\([^)]*heron-640x427\.jpg\)\]\([^)]*heron\.jpg\)\n\n"
                     r"\*The heron at the weir, as still as the ice\.\*", body)
    assert "two herons  \neleven coots" in body or "two herons\\\neleven coots" in body
    assert "*A reed bunting on a bulrush.*" in body  # gallery item with its caption
    assert "[caption" not in body and "[gallery" not in body
    assert [r["text"] for r in data["related"]] == ["First frost on the marsh", "Autumn birds"]
    assert data["related"][0]["href"] == "first-frost.md"  # a post of the same export: the archive's file
    assert data["related"][1]["href"] == "https://fieldnotes.example.org/2019/11/autumn-birds/"


def test_block_post_and_internal_link(archive):
    _, body = front(archive / "posts/first-frost.md")
    assert "<!-- wp:" not in body
    assert "[winter walk](winter-walk.md)" in body
    assert "*A reed bunting, puffed up against the cold.*" in body
    assert "> Every frost is the first one, for someone." in body
    assert "- Teal: 40" in body


def test_code_shortcode_becomes_fenced_block(archive):
    _, body = front(archive / "posts/été-au-marais.md")
    assert '```python\ncount = {"martinet": 12}\nif count["martinet"] > 10 and True:\n    print("summer")\n```' in body
    assert "## Ce que nous avons vu" in body


def test_relative_link_resolved_against_blog_url(archive):
    _, body = front(archive / "pages/about.md")
    assert "(https://fieldnotes.example.org/contact/)" in body


def test_inline_comments_threaded_and_spam_dropped(tmp_path):
    assert run("convert", SAMPLE, "-o", tmp_path, "-q", "--comments", "inline").exit_code == 0
    _, body = front(tmp_path / "posts/winter-walk.md")
    comments = body.split("## Comments", 1)[1]
    assert "- **[Mel](<https://mel.example.net>)** — 2020-01-12 12:00" in comments
    assert "  - **Ana Sousa**" in comments and "Yes, just upstream of it." in comments
    assert "Buy now" not in body and "mel@example.net" not in body and "192.0.2.10" not in body


def test_sidecar_comments(tmp_path):
    assert run("convert", SAMPLE, "-o", tmp_path, "-q", "--comments", "sidecar").exit_code == 0
    threads = json.loads((tmp_path / "posts/winter-walk.comments.json").read_text())
    assert threads[0]["author"] == "Mel" and threads[0]["replies"][0]["author"] == "Ana Sousa"


def test_drafts_layouts_and_presets(tmp_path):
    result = run("convert", SAMPLE, "-o", tmp_path, "-q", "--drafts", "--layout", "bundle", "--front-matter", "hugo")
    assert result.exit_code == 0, result.output
    data, _ = front(tmp_path / "posts/notes-for-a-spring-walk/index.md")
    assert data["draft"] is True and data["title"] == "Notes for a spring walk"
    assert data["date"].isoformat() == "2020-03-01T18:20:00+01:00"  # no GMT date: the offset seen last
    walk, _ = front(tmp_path / "posts/winter-walk/index.md")
    assert "lastmod" in walk
    result = run("convert", SAMPLE, "-o", tmp_path / "ym", "-q", "--layout", "year-month")
    assert (tmp_path / "ym/posts/2020/01/winter-walk.md").exists()


def test_html_and_jsonl_formats(tmp_path):
    assert run("convert", SAMPLE, "-o", tmp_path / "h", "-q", "--format", "html").exit_code == 0
    page = (tmp_path / "h/posts/winter-walk.html").read_text()
    assert "<figcaption>The heron at the weir, as still as the ice.</figcaption>" in page
    assert run("convert", SAMPLE, "-o", tmp_path / "j", "-q", "--format", "jsonl").exit_code == 0
    records = [json.loads(line) for line in (tmp_path / "j/posts.jsonl").read_text().splitlines()]
    assert len(records) == 4
    walk = next(r for r in records if r["id"] == 11)
    assert "The heron at the weir, as still as the ice." in walk["captions"]


def test_rerun_is_byte_identical_and_jobs_do_not_change_output(tmp_path, monkeypatch):
    args = ["--comments", "inline", "--drafts"]
    assert run("convert", SAMPLE, "-o", tmp_path / "a", "-q", "--jobs", "1", *args).exit_code == 0
    first = tree(tmp_path / "a")
    assert run("convert", SAMPLE, "-o", tmp_path / "a", "-q", "--jobs", "1", *args).exit_code == 0
    assert tree(tmp_path / "a") == first
    monkeypatch.setattr(convert_module, "SMALL_EXPORT", 0)  # use worker processes even for 5 posts
    assert run("convert", SAMPLE, "-o", tmp_path / "b", "-q", "--jobs", "2", *args).exit_code == 0
    assert tree(tmp_path / "b") == first


def test_info_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("info", SAMPLE)
    assert result.exit_code == 0
    assert "site: Field Notes <https://fieldnotes.example.org> (WXR 1.2)" in result.output
    assert re.search(r"post\s+publish\s+3", result.output) and re.search(r"post\s+draft\s+1", result.output)
    assert "comments: 3 (2 approved)" in result.output
    assert "author: Ana Sousa (4)" in result.output
    assert "published: 2019-12-15T07:45:00+00:00 … 2020-07-01T07:00:00+01:00" in result.output
    assert list(tmp_path.iterdir()) == []


def test_readme_options_exist_in_help():
    help_text = "".join(run(command, "--help").output for command in ("convert", "extract", "crawl", "info"))
    readme = (ROOT / "README.md").read_text()
    for option in set(re.findall(r"`(--[a-z-]+)", readme)):
        assert option in help_text, option


def test_library_never_imports_click():
    for path in (ROOT / "wparchive").rglob("*.py"):
        if path.name != "cli.py":
            assert not re.search(r"^\s*(import click|from click)", path.read_text(), re.M), path


def test_html_format_carries_comments(tmp_path):
    assert run("convert", SAMPLE, "-o", tmp_path / "i", "-q", "--format", "html", "--comments", "inline").exit_code == 0
    page = (tmp_path / "i/posts/winter-walk.html").read_text()
    assert '<section class="comments">' in page and "Yes, just upstream of it." in page and "Buy now" not in page
    assert page.index("Lovely heron photo!") < page.index("Yes, just upstream of it.")
    assert run("convert", SAMPLE, "-o", tmp_path / "s", "-q", "--format", "html", "--comments", "sidecar").exit_code == 0
    assert json.loads((tmp_path / "s/posts/winter-walk.comments.json").read_text())[0]["author"] == "Mel"


def test_duplicate_and_hostile_slugs_match_their_file_names(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("<wp:post_name><![CDATA[first-frost]]>", "<wp:post_name><![CDATA[winter-walk]]>")
    text = text.replace("<wp:post_name><![CDATA[about]]>", "<wp:post_name><![CDATA[../../etc/passwd]]>")
    export = tmp_path / "dup.xml"
    export.write_text(text, encoding="utf-8")
    assert run("convert", export, "-o", tmp_path / "o", "-q").exit_code == 0
    second, _ = front(tmp_path / "o/posts/winter-walk-2.md")
    assert second["title"] == "First frost on the marsh"
    assert second["slug"] == "winter-walk-2" and second["old_slugs"] == ["winter-walk"]  # no two posts, one URL
    page, _ = front(tmp_path / "o/pages/etc-passwd.md")
    assert page["slug"] == "etc-passwd"
