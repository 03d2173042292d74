"""`extract` in worker processes: the same archive as one process, failures kept to their page."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SAMPLES

import wparchive.pages as pages_module
from wparchive.cli import main
from wparchive.pages import PageOptions, extract_pages

# A function replaced in this process reaches the workers only when they are forked from it.
FORKED = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                            reason="workers are not forked here, so a replaced function does not reach them")
PAGES = sorted((FIXTURES / "extract").glob("*.html")) + [SAMPLES / "wordpress-com-post.html"]


def _folder(tmp_path):
    """Every fixture page twice (so names collide and must be given in order), with unreadable files between."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for n, page in enumerate(PAGES * 2):
        shutil.copy(page, folder / f"{n:02d}-{page.name}")
        if n % 5 == 0:
            (folder / f"{n:02d}-empty.html").write_bytes(b"")
    return folder


def _tree(out):
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _small_chunks(monkeypatch):
    """Chunks of three pages and workers from the first chunk, so a few pages exercise the pool."""
    started = []

    class Runner(pages_module.Runner):
        def start(self):
            super().start()
            started.append((self.jobs, self.pool is not None))

    monkeypatch.setattr(pages_module, "Runner", Runner)
    monkeypatch.setattr(pages_module, "CHUNK_PAGES", 3)
    monkeypatch.setattr(pages_module, "SMALL_RUN", 0)
    return started


def test_workers_give_the_single_process_archive(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    alone = extract_pages([folder], tmp_path / "one", PageOptions(jobs=1))
    started = _small_chunks(monkeypatch)
    for options in (PageOptions(jobs=2), PageOptions(jobs=3, format="jsonl"), PageOptions(jobs=1, format="jsonl")):
        extract_pages([folder], tmp_path / f"{options.format}-{options.jobs}", options)
    assert set(started) == {(1, False), (2, True), (3, True)}  # workers only when asked for
    assert _tree(tmp_path / "one") == _tree(tmp_path / "md-2")
    assert _tree(tmp_path / "jsonl-1") == _tree(tmp_path / "jsonl-3")
    counts = alone.counts()
    assert counts["written"] == sum(1 for _ in (tmp_path / "one/posts").iterdir()) > len(PAGES)
    assert counts["skipped"] == 2  # the listing page, twice
    problems = json.loads((tmp_path / "md-2/manifest.json").read_text(encoding="utf-8"))["problems"]
    assert sum("empty.html" in p for p in problems) == len(range(0, len(PAGES) * 2, 5))


@FORKED
def test_a_page_that_fails_in_a_worker_is_reported_and_the_others_written(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    extract = pages_module.extract_page

    def broken(raw, *, source, **kw):
        if source.endswith("03-" + PAGES[3].name):
            raise RuntimeError("boom")
        return extract(raw, source=source, **kw)

    _small_chunks(monkeypatch)
    monkeypatch.setattr(pages_module, "extract_page", broken)
    manifest = extract_pages([folder], tmp_path / "out", PageOptions(jobs=2))
    report = json.loads((tmp_path / "out/manifest.json").read_text(encoding="utf-8"))
    [failed] = [item for item in report["items"] if item["outcome"] == "failed"]
    assert failed["source"].endswith("03-" + PAGES[3].name)
    assert "could not extract: RuntimeError: boom" in json.dumps(failed)
    assert any("could not extract: boom" in p for p in report["problems"])
    assert manifest.counts()["written"] == len(PAGES) * 2 - 2 - 1  # all but the listing pages and the broken one


def _die(*args):
    os._exit(3)  # a worker killed mid-chunk (out of memory, kill -9)


@FORKED
def test_a_worker_that_dies_ends_extract_in_one_line(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    _small_chunks(monkeypatch)
    monkeypatch.setattr(pages_module, "_extract_chunk", _die)
    result = CliRunner().invoke(main, ["extract", str(folder), "-o", str(tmp_path / "out"), "-q", "--jobs", "2"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {tmp_path / 'out'}: a worker process stopped unexpectedly (out of memory, or killed); "
        "run the same command again to finish"]
    assert not list((tmp_path / "out").rglob(".wparchive-*"))


def test_a_post_that_cannot_be_written_is_reported_and_the_others_written(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    extract_pages([folder], tmp_path / "names", PageOptions(jobs=1))
    names = sorted(p.name for p in (tmp_path / "names/posts").iterdir())
    _small_chunks(monkeypatch)
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        (out / "posts" / names[1]).mkdir(parents=True)  # a folder where a post's file should go
        manifest = extract_pages([folder], out, PageOptions(jobs=jobs))
        report = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        [failed] = [item for item in report["items"] if item["outcome"] == "failed"]
        assert failed["reason"].startswith("could not extract: IsADirectoryError: ")
        assert manifest.counts()["written"] == len(names) - 1
        assert sorted(p.name for p in (out / "posts").iterdir() if p.is_file()) == names[:1] + names[2:]


def test_inputs_ending_in_problems_are_all_reported(tmp_path, monkeypatch):
    _small_chunks(monkeypatch)
    missing = [tmp_path / f"missing-{n}.html" for n in range(4)]
    manifest = extract_pages([_folder(tmp_path), *missing], tmp_path / "out", PageOptions(jobs=2))
    problems = json.loads((tmp_path / "out/manifest.json").read_text(encoding="utf-8"))["problems"]
    assert [p for p in problems if "missing-" in p] == [p for m in missing for p in problems if m.name in p]
    assert len([p for p in problems if "missing-" in p]) == 4
    assert manifest.counts()["written"] == len(PAGES) * 2 - 2
    alone = extract_pages(missing[:1], tmp_path / "alone", PageOptions(jobs=2))
    assert alone.counts()["items"] == 0 and alone.first_problems[0].source.endswith("missing-0.html")
