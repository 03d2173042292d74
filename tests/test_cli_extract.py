"""`wparchive extract` end to end: the seed page, folders with bad files, stdin, WARC input."""

from __future__ import annotations

import io
import json

import yaml
from click.testing import CliRunner
from conftest import FIXTURES, SAMPLES
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wparchive.cli import main

SEED = SAMPLES / "wordpress-com-post.html"
FORM = ("Leave a Reply", "Connecting to %s", "You are commenting using", "Log Out")


def run(*args, stdin: bytes | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin)


def test_seed_page_to_markdown(tmp_path):
    result = run("extract", SEED, "-o", tmp_path, "-q")
    assert result.exit_code == 0, result.output
    [path] = list((tmp_path / "posts").glob("*.md"))
    text = path.read_text(encoding="utf-8")
    head = yaml.safe_load(text.split("---\n")[1])
    assert head["title"] == "US and Russia beginning talks over Syrian conflict again"
    assert head["date"].utcoffset() is not None
    assert [r["text"] for r in head["related"]][:2] == [
        "Update: US finally gives up on talks for a Syrian cease-fire deal",
        "Update: Syrian cease-fire expires as US and Russia trade insults"]
    assert ("\n*People inspect the damage at a market hit by airstrikes in Aleppo’s rebel held al-Fardous district  \n"
            "A market, destroyed in recent airstrikes in Aleppo. Image courtesy of Reuters.*\n") in text
    assert "This cease-fire will only be useful if Syria and Russia keep terms of the deal" in text
    assert not any(s in text for s in FORM)


def test_folder_with_bad_files_keeps_the_good_ones(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.html").write_bytes(SEED.read_bytes())
    (pages / "empty.html").write_bytes(b"")
    (pages / "photo.html").write_bytes(bytes(range(256)) * 40)
    (pages / "listing.html").write_bytes((FIXTURES / "extract/listing.html").read_bytes())
    result = run("extract", pages, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "empty.html" in result.output and "photo.html" in result.output
    manifest = json.loads((tmp_path / "out/manifest.json").read_text())
    outcomes = {e["source"].rsplit("/", 1)[-1]: e for e in manifest["items"]}
    assert outcomes["good.html"]["outcome"] == "written"
    assert outcomes["listing.html"]["outcome"] == "skipped" and outcomes["listing.html"]["post_links"]


def test_stdin_to_stdout_as_jsonl():
    result = run("extract", "-", "--format", "jsonl", stdin=SEED.read_bytes())
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    for key in ("url", "title", "date", "modified", "author", "categories", "tags", "language", "body_markdown",
                "body_html", "images", "captions", "related_links", "comments", "is_post", "problems"):
        assert key in record
    assert record["is_post"] is True and record["captions"]
    assert not any(s in record["body_markdown"] for s in FORM)


def test_warc_input(tmp_path):
    warc = tmp_path / "saved.warc.gz"
    with open(warc, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://example.wordpress.com/2016/10/13/us-and-russia-talks/", "response",
            payload=io.BytesIO(SEED.read_bytes()), http_headers=headers))
    result = run("extract", warc, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.output
    names = [p.name for p in (tmp_path / "out/posts").iterdir()]
    assert names == ["us-and-russia-beginning-talks-over-syrian-conflict-again.md"]  # slug of the canonical URL


def test_extract_needs_out_unless_stdin():
    result = run("extract", SEED)
    assert result.exit_code == 2 and "--out" in result.output
