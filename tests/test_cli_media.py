"""convert --download-media against a local server: images saved and linked, a 404 reported and kept."""

from __future__ import annotations

import json

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
