"""Items built in worker processes, chunk by chunk, give the archive one process reading in order gives."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from wparchive import convert as convert_module
from wparchive.convert import ConvertOptions, convert
from wparchive.readers.wxr import ItemReader

HEAD = ('<?xml version="1.0" encoding="UTF-8"?><rss xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>'
        "<link>https://t.example.org</link><wp:wxr_version>1.2</wp:wxr_version>")


def _item(ident: int, status: str, local: str, gmt: str, kind: str = "post") -> str:
    return (f"<item><title>Post {ident}</title><link>https://t.example.org/p{ident}/</link>"
            f"<content:encoded><![CDATA[Text of {ident}, see <a href=\"https://t.example.org/p1/\">one</a>.]]>"
            f"</content:encoded><wp:post_id>{ident}</wp:post_id><wp:post_name>p{ident}</wp:post_name>"
            f"<wp:post_date>{local}</wp:post_date><wp:post_date_gmt>{gmt}</wp:post_date_gmt>"
            f"<wp:status>{status}</wp:status><wp:post_type>{kind}</wp:post_type></item>")


def _export(tmp_path: Path) -> Path:
    items = [_item(1, "publish", "2020-06-01 10:00:00", "2020-06-01 08:00:00"),  # teaches the offset: +02:00
             _item(2, "draft", "2020-06-02 10:00:00", "0000-00-00 00:00:00"),  # a later chunk's first item
             _item(3, "publish", "2020-06-03 10:00:00", "2020-06-03 08:00:00"),
             _item(4, "draft", "2020-06-04 10:00:00", "0000-00-00 00:00:00")]
    path = tmp_path / "export.xml"
    path.write_text(HEAD + "".join(items) + "</channel></rss>", encoding="utf-8")
    return path


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_one_item_chunks_in_workers_match_one_process(tmp_path, monkeypatch):
    export = _export(tmp_path)
    options = ConvertOptions(drafts=True, jobs=1)
    convert([export], tmp_path / "one", options)
    monkeypatch.setattr(convert_module, "CHUNK_ITEMS", 1)
    monkeypatch.setattr(convert_module, "SMALL_EXPORT", 0)
    convert([export], tmp_path / "two", ConvertOptions(drafts=True, jobs=2))
    assert _tree(tmp_path / "two") == _tree(tmp_path / "one")
    head = yaml.safe_load((tmp_path / "two/posts/p2.md").read_text(encoding="utf-8").split("---\n")[1])
    assert head["date"].isoformat() == "2020-06-02T10:00:00+02:00"  # the offset of the item before, not UTC
    assert "(p1.md)" in (tmp_path / "two/posts/p3.md").read_text(encoding="utf-8")  # links across chunks
    assert not list((tmp_path / "two").glob(".wparchive-*"))  # spool, plan and index files all gone


def test_an_item_that_cannot_be_built_is_reported_and_the_rest_written(tmp_path, monkeypatch):
    export = _export(tmp_path)
    build = ItemReader.build

    def broken(self, raw):
        if b"<wp:post_id>3<" in raw.xml:
            raise RuntimeError("boom")
        return build(self, raw)

    monkeypatch.setattr(ItemReader, "build", broken)
    manifest = convert([export], tmp_path / "out", ConvertOptions(drafts=True))
    assert sorted(p.name for p in (tmp_path / "out/posts").iterdir()) == ["p1.md", "p2.md", "p4.md"]
    problems = json.loads((tmp_path / "out/manifest.json").read_text(encoding="utf-8"))["problems"]
    assert any("item could not be read: RuntimeError: boom" in p and "export.xml" in p for p in problems)
    assert manifest.counts()["written"] == 3


def _die(*args):
    os._exit(3)  # a worker killed mid-chunk (out of memory, kill -9)


def test_a_worker_that_dies_ends_the_run_in_one_line_and_leaves_no_working_files(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from wparchive.cli import main

    monkeypatch.setattr(convert_module, "SMALL_EXPORT", 0)
    monkeypatch.setattr(convert_module, "_build_chunk", _die)
    result = CliRunner().invoke(main, ["convert", str(_export(tmp_path)), "-o", str(tmp_path / "out"), "-q",
                                       "--jobs", "2"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {tmp_path / 'out'}: a worker process stopped unexpectedly (out of memory, or killed); "
        "run the same command again to finish"]
    assert not list((tmp_path / "out").rglob(".wparchive-*"))


def _open_files() -> set[str]:
    return {os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
            if os.path.exists(f"/proc/self/fd/{fd}")}


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc to list this process's open files")
def test_no_working_file_stays_open_after_a_run(tmp_path, monkeypatch):
    """The run deletes its index file; an open handle would hold its space (and on Windows stop the deletion)."""
    convert([_export(tmp_path)], tmp_path / "out", ConvertOptions(jobs=1))
    assert not [f for f in _open_files() if ".wparchive-" in f]
    monkeypatch.setattr(convert_module, "_plan_chunk", lambda *a: 1 / 0)  # a run that fails half-way
    with pytest.raises(ZeroDivisionError):
        convert([_export(tmp_path)], tmp_path / "failed", ConvertOptions(jobs=1))
    assert not [f for f in _open_files() if ".wparchive-" in f]
    assert not list((tmp_path / "failed").glob(".wparchive-*"))
