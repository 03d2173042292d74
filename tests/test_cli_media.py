"""convert --download-media against a local server: images saved and linked, a 404 reported and kept."""

from __future__ import annotations

import json
import re
import threading

import yaml
from click.testing import CliRunner
from conftest import SAMPLES

from wparchive.cli import main

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_download_media(httpserver, tmp_path):
    base = httpserver.url_for("/wp-content/uploads")
    export = tmp_path / "export.xml"
    export.write_text((SAMPLES / "sample-export.xml").read_text(encoding="utf-8")
                      .replace("https://fieldnotes.example.org/wp-content/uploads", base), encoding="utf-8")
    httpserver.expect_request("/wp-content/uploads/2020/01/heron.jpg").respond_with_data(PNG, content_type="image/jpeg")
    httpserver.expect_request("/wp-content/uploads/2020/01/bunting.jpg").respond_with_data("gone", status=404)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(export), "-o", str(out), "-q", "--download-media"])
    assert result.exit_code == 0, result.output  # a failed download is a warning, not a loss
    assert "image not downloaded: HTTP 404" in result.output
    saved = list(out.glob("media/*/2020/01/heron.jpg"))
    assert len(saved) == 1 and saved[0].read_bytes() == PNG
    walk = (out / "posts/winter-walk.md").read_text()
    assert "](../media/" in walk and "heron-640x427.jpg" not in walk  # the original size, linked locally
    assert f"{base}/2020/01/bunting.jpg" in walk  # the failed one keeps its URL
    assert "The frost had not lifted by nine" in walk
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["written_with_warnings"] >= 1
    requests = len(httpserver.log)
    again = CliRunner().invoke(main, ["convert", str(export), "-o", str(out), "-q", "--download-media"])
    assert again.exit_code == 0
    fetched = [entry[0].path for entry in httpserver.log[requests:]]
    assert "/wp-content/uploads/2020/01/heron.jpg" not in fetched  # cached: not fetched again


def test_extract_download_media(httpserver, tmp_path):
    """A saved page's images saved beside the archive's posts: the body's and the featured one, a 404 kept."""
    base = httpserver.url_for("/files")
    page = (SAMPLES / "wordpress-com-post.html").read_text(encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "market.html").write_text(
        page.replace("https://worldaffairsnotes.files.wordpress.com", base), encoding="utf-8")
    market_image = "https://worldaffairsnotes.files.wordpress.com/2016/10/aleppo-market.jpg"
    assert page.count(market_image) >= 2
    (pages / "gone.html").write_text(page.replace(market_image, f"{base}/gone.jpg"), encoding="utf-8")
    httpserver.expect_request("/files/2016/10/aleppo-market.jpg").respond_with_data(PNG, content_type="image/jpeg")
    httpserver.expect_request("/files/gone.jpg").respond_with_data("gone", status=404)
    out = tmp_path / "out"
    for layout in ("flat", "bundle"):
        result = CliRunner().invoke(main, ["extract", str(pages), "-o", str(out / layout), "-q", "--download-media",
                                           "--layout", layout])
        assert result.exit_code == 0, result.output  # a failed download is a warning, not a loss
        assert "image not downloaded: HTTP 404" in result.output
    [saved] = list((out / "flat").glob("media/*/files/2016/10/aleppo-market.jpg"))
    assert saved.read_bytes() == PNG
    texts = {p.name: p.read_text() for p in (out / "flat/posts").iterdir()}
    [(gone_name, gone)] = [(name, text) for name, text in texts.items() if "gone.jpg" in text]
    [market] = [text for text in texts.values() if "gone.jpg" not in text]
    plain = CliRunner().invoke(main, ["extract", str(pages), "-o", str(out / "plain"), "-q"])
    assert plain.exit_code == 0, plain.output
    assert (out / "plain/posts" / gone_name).read_text() == gone  # nothing saved: the post as without the flag
    head = yaml.safe_load(market.split("---\n")[1])
    assert head["featured_image"]["src"] == "../" + saved.relative_to(out / "flat").as_posix()
    assert f"](../{saved.relative_to(out / 'flat').as_posix()})" in market and base not in market
    assert "This cease-fire will only be useful" in market
    assert f"]({base}/gone.jpg)" in gone and "../media/" not in gone  # the failed one keeps its URL
    bundled = out / "bundle/posts/us-and-russia-beginning-talks-over-syrian-conflict-again-2"
    assert (bundled / "files-2016-10-aleppo-market.jpg").read_bytes() == PNG
    assert "](files-2016-10-aleppo-market.jpg)" in (bundled / "index.md").read_text()
    manifest = json.loads((out / "flat/manifest.json").read_text())
    assert manifest["counts"]["written"] == 2 and manifest["counts"]["written_with_warnings"] >= 1
    requests = len(httpserver.log)
    again = CliRunner().invoke(main, ["extract", str(pages), "-o", str(out / "flat"), "-q", "--download-media"])
    assert again.exit_code == 0
    assert "/files/2016/10/aleppo-market.jpg" not in [entry[0].path for entry in httpserver.log[requests:]]


def test_extract_download_media_needs_an_output_folder():
    result = CliRunner().invoke(main, ["extract", "-", "--download-media"], input=b"<p>x</p>")
    assert result.exit_code == 2 and "--download-media needs -o/--out" in result.output


def test_extract_downloads_the_next_pages_images_together(overlapping, tmp_path):
    page = (SAMPLES / "wordpress-com-post.html").read_text(encoding="utf-8")
    market_image = "https://worldaffairsnotes.files.wordpress.com/2016/10/aleppo-market.jpg"
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(1, 5):
        (pages / f"page-{n}.html").write_text(
            page.replace(market_image, f"{overlapping.url}/files/2016/10/market-{n}.jpg"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(pages), "-o", str(out), "-q", "--download-media"])
    assert result.exit_code == 0, result.output
    assert overlapping.peak >= 2  # one at a time would never have two in flight
    written = sorted(out.glob("posts/*.md"))
    assert len(written) == 4
    linked = [set(re.findall(r"\(\.\./media/[^)]+/2016/10/(market-\d\.jpg)\)", post.read_text())) for post in written]
    assert sorted(name for names in linked for name in names) == [f"market-{n}.jpg" for n in range(1, 5)]
    assert all(len(names) == 1 for names in linked)  # each post its own image, saved and linked
    assert sorted(p.name for p in out.rglob("market-*.jpg")) == [f"market-{n}.jpg" for n in range(1, 5)]
    assert not list(out.rglob("*.tmp"))


def test_convert_downloads_a_posts_images_together(overlapping, tmp_path):
    export = tmp_path / "export.xml"
    export.write_text((SAMPLES / "sample-export.xml").read_text(encoding="utf-8")
                      .replace("https://fieldnotes.example.org/wp-content/uploads", overlapping.url + "/up"),
                      encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(export), "-o", str(out), "-q", "--download-media"])
    assert result.exit_code == 0, result.output
    assert overlapping.peak >= 2
    walk = (out / "posts/winter-walk.md").read_text()
    assert "2020/01/heron.jpg" in walk and "2020/01/bunting.jpg" in walk and overlapping.url not in walk
    assert sorted(p.name for p in out.rglob("*.jpg")) == ["bunting.jpg", "heron.jpg"]
    assert not list(out.rglob("*.tmp"))
    for thread in [t for t in threading.enumerate() if t.name.startswith("wparchive-media")]:
        thread.join(timeout=10)  # the run's download threads end with it, idle
    assert not [t for t in threading.enumerate() if t.name.startswith("wparchive-media")]


def test_a_later_run_in_the_same_process_tries_a_failed_image_again(httpserver, tmp_path):
    base = httpserver.url_for("/wp-content/uploads")
    export = tmp_path / "export.xml"
    export.write_text((SAMPLES / "sample-export.xml").read_text(encoding="utf-8")
                      .replace("https://fieldnotes.example.org/wp-content/uploads", base), encoding="utf-8")
    bunting = "/wp-content/uploads/2020/01/bunting.jpg"
    httpserver.expect_request("/wp-content/uploads/2020/01/heron.jpg").respond_with_data(PNG, content_type="image/jpeg")
    httpserver.expect_oneshot_request(bunting).respond_with_data("down", status=503)
    httpserver.expect_oneshot_request(bunting).respond_with_data("down", status=503)
    httpserver.expect_oneshot_request(bunting).respond_with_data("down", status=503)
    httpserver.expect_oneshot_request(bunting).respond_with_data("down", status=503)
    httpserver.expect_request(bunting).respond_with_data(PNG, content_type="image/jpeg")
    out = tmp_path / "out"
    first = CliRunner().invoke(main, ["convert", str(export), "-o", str(out), "-q", "--download-media"])
    assert first.exit_code == 0 and "image not downloaded: HTTP 503" in first.output
    again = CliRunner().invoke(main, ["convert", str(export), "-o", str(out), "-q", "--download-media"])
    assert again.exit_code == 0, again.output
    assert "image not downloaded" not in again.output
    assert list(out.glob("media/*/2020/01/bunting.jpg"))


def test_images_the_post_does_not_show_are_never_fetched(httpserver, tmp_path):
    """A tracking pixel and a lazy-load placeholder are removed by cleaning: nothing asks for them, even ahead."""
    base = httpserver.url_for("")
    export = tmp_path / "export.xml"
    export.write_text((SAMPLES / "sample-export.xml").read_text(encoding="utf-8").replace(
        "The frost had not lifted by nine",
        f'<img src="{base}stats/pixel.png?u=1" width="1" height="1"><img src="{base}blank.gif" '
        f'data-src="{base}real.jpg" alt="real"> The frost had not lifted by nine'), encoding="utf-8")
    httpserver.expect_request("/real.jpg").respond_with_data(PNG, content_type="image/jpeg")
    result = CliRunner().invoke(main, ["convert", str(export), "-o", str(tmp_path / "out"), "-q", "--download-media"])
    assert result.exit_code == 0, result.output
    asked = sorted(entry[0].path for entry in httpserver.log if entry[0].host.startswith(("127.0.0.1", "localhost")))
    assert [path for path in asked if "uploads" not in path] == ["/real.jpg"]
    assert "real.jpg" in (tmp_path / "out/posts/winter-walk.md").read_text()
