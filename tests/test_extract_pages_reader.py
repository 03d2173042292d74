"""read_pages: files, folders and stdin in; unreadable, empty and binary files out as problems."""

from __future__ import annotations

import io
import sys

from wparchive.model import Problem
from wparchive.readers.pages import read_pages


def test_folder_recursive_sorted_html_and_htm_only(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.html").write_bytes(b"<p>a</p>")
    (tmp_path / "b" / "c.HTM").write_bytes(b"<p>c</p>")
    (tmp_path / "notes.txt").write_bytes(b"not a page")
    assert list(read_pages([tmp_path])) == [(str(tmp_path / "a.html"), b"<p>a</p>"),
                                            (str(tmp_path / "b" / "c.HTM"), b"<p>c</p>")]


def test_problems_for_missing_empty_and_binary(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    results = list(read_pages([tmp_path / "gone.html", empty, binary]))
    assert all(isinstance(r, Problem) for r in results)
    assert [r.message for r in results] == ["no such file or folder", "empty file", "binary file, not an HTML page"]


def test_empty_folder_is_a_warning(tmp_path):
    (problem,) = read_pages([tmp_path])
    assert problem.severity == "warning"


def test_utf16_with_bom_is_not_binary(tmp_path):
    page = tmp_path / "utf16.html"
    page.write_bytes(b"\xff\xfe" + "<p>ok</p>".encode("utf-16-le"))
    assert list(read_pages([page])) == [(str(page), page.read_bytes())]


def test_dash_reads_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"<p>piped</p>")))
    assert list(read_pages(["-"])) == [("<stdin>", b"<p>piped</p>")]
