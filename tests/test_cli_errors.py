"""Bad input: a one-line error naming the file and the problem, a non-zero exit, nothing else lost."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

from click.testing import CliRunner
from conftest import SAMPLES

from wparchive.cli import main

SAMPLE = SAMPLES / "sample-export.xml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line_error(result, *fragments):
    assert result.exit_code != 0
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_missing_file(tmp_path):
    one_line_error(run("convert", tmp_path / "nope.xml", "-o", tmp_path / "out"), "nope.xml", "no such file")


def test_not_wxr_xml(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>')
    one_line_error(run("convert", feed, "-o", tmp_path / "out"), "feed.xml", "not a WordPress export")


def test_html_and_binary_and_empty_files(tmp_path):
    cases = {"page.html": b"<!DOCTYPE html><html><body><p>hi</p></body></html>",
             "photo.xml": bytes(range(256)) * 10, "empty.xml": b""}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        one_line_error(run("convert", tmp_path / name, "-o", tmp_path / "out"), name)


def test_truncated_export_keeps_everything_before_the_damage(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    cut = text.index("<title><![CDATA[About]]></title>")  # inside the 7th item
    broken = tmp_path / "broken.xml"
    broken.write_text(text[:cut], encoding="utf-8")
    result = run("convert", broken, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "broken.xml" in result.output and "error:" in result.output
    written = sorted(p.name for p in (tmp_path / "out/posts").iterdir())
    assert written == ["first-frost.md", "winter-walk.md", "été-au-marais.md"]
    manifest = json.loads((tmp_path / "out/manifest.json").read_text())
    assert manifest["counts"]["errors"] >= 1 and any("broken.xml" in p for p in manifest["problems"])


def test_bad_characters_are_repaired_with_a_warning(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("The frost had not lifted", "The frost\x01 had not\x0b lifted")
    bad = tmp_path / "bad.xml"
    bad.write_text(text, encoding="utf-8")
    result = run("convert", bad, "-o", tmp_path / "out", "-q")
    assert "Traceback" not in result.output
    body = (tmp_path / "out/posts/winter-walk.md").read_text()
    assert "The frost had not lifted" in body and "\x01" not in body
    assert "bad.xml" in result.output


def test_gzip_and_folder_inputs(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in/export.xml.gz").write_bytes(gzip.compress(SAMPLE.read_bytes()))
    result = run("convert", tmp_path / "in/export.xml.gz", "-o", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out/posts/winter-walk.md").exists()
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir/a.xml").write_bytes(SAMPLE.read_bytes())
    assert run("convert", tmp_path / "dir", "-o", tmp_path / "out2", "-q").exit_code == 0
    assert (tmp_path / "out2/pages/about.md").exists()


def test_bad_option_value_is_a_usage_error(tmp_path):
    result = run("convert", SAMPLE, "-o", tmp_path, "--layout", "spiral")
    assert result.exit_code == 2 and "spiral" in result.output


def test_real_process_prints_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "wparchive", "convert", str(tmp_path / "missing.xml"), "-o",
                           str(tmp_path / "o")], capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [f"Error: {tmp_path / 'missing.xml'}: no such file or folder"]


def test_symlink_in_output_is_never_followed_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "posts").symlink_to(outside, target_is_directory=True)
    result = run("convert", SAMPLE, "-o", out, "-q")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert list(outside.iterdir()) == []
    assert "would be written outside" in result.output
    assert (out / "pages/about.md").exists()  # everything else still written


def test_numbers_wordpress_never_writes(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("<![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[10]]>",
                                                     "<![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[²]]>")
    text = text.replace("<wp:post_id>8</wp:post_id>", "<wp:post_id>99999999999999999999999</wp:post_id>")
    text = text.replace('[gallery ids="10,12"', '[gallery ids="10,99999999999999999999999,12"')
    bad = tmp_path / "numbers.xml"
    bad.write_text(text, encoding="utf-8")
    result = run("convert", bad, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert sorted(p.name for p in (tmp_path / "out/posts").iterdir()) == [
        "first-frost.md", "winter-walk.md", "été-au-marais.md"]


def test_output_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    one_line_error(run("convert", SAMPLE, "-o", blocker / "out"), "cannot write")


def test_urls_that_are_not_urls(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "<link>https://fieldnotes.example.org/2019/12/first-frost/</link>", "<link>http://[::1/first-frost/</link>")
    text = text.replace("The frost had not lifted by nine", '<img src="http://[::1/a.jpg"> The frost had not lifted by nine')
    bad = tmp_path / "urls.xml"
    bad.write_text(text, encoding="utf-8")
    result = run("convert", bad, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.output
    assert "The frost had not lifted by nine" in (tmp_path / "out/posts/winter-walk.md").read_text()
