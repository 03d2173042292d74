"""expand_inputs: files, folders, zip and gzip archives, WordPress.com split exports, bad paths."""

from __future__ import annotations

import gzip
import shutil
import zipfile

import pytest
from conftest import FIXTURES, SAMPLES

from wparchive.errors import InputError
from wparchive.model import Post, Site
from wparchive.readers.inputs import expand_inputs
from wparchive.readers.wxr import read_wxr

FULL = FIXTURES / "wxr" / "full-1.2.xml"
OLD = FIXTURES / "wxr" / "wxr-1.0.xml"


def post_ids(source) -> list[int]:
    return [v.id for v in read_wxr(source) if isinstance(v, Post)]


def test_single_file(tmp_path):
    (source,) = expand_inputs([str(FULL)])
    assert source.name == str(FULL)
    with source.open() as stream:
        assert stream.read(5) == b"<?xml"
    assert post_ids(source) == [10, 20, 30, 40, 50, 60]


def test_folder_is_recursive_sorted_and_xml_only(tmp_path):
    (tmp_path / "b").mkdir()
    shutil.copy(FULL, tmp_path / "b" / "site.001.xml")
    shutil.copy(OLD, tmp_path / "b" / "site.000.xml")
    shutil.copy(OLD, tmp_path / "a.XML")
    (tmp_path / "notes.txt").write_text("not an export")
    names = [s.name for s in expand_inputs([tmp_path])]
    assert names == [str(tmp_path / "a.XML"), str(tmp_path / "b" / "site.000.xml"), str(tmp_path / "b" / "site.001.xml")]


def test_split_export_parts_stay_in_sequence(tmp_path):
    for part in ("002", "000", "010", "001"):
        shutil.copy(OLD, tmp_path / f"blog.wordpress.2024-01-01.{part}.xml")
    names = [s.name.rsplit(".", 2)[-2] for s in expand_inputs([tmp_path])]
    assert names == ["000", "001", "002", "010"]


def test_zip_members(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(FULL, "export/site.001.xml")
        zf.write(OLD, "export/site.000.xml")
        zf.writestr("export/readme.txt", "hi")
        zf.writestr("__MACOSX/export/._site.000.xml", "resource fork")
    sources = expand_inputs([archive])
    assert [s.name for s in sources] == [f"{archive}!export/site.000.xml", f"{archive}!export/site.001.xml"]
    assert post_ids(sources[1]) == [10, 20, 30, 40, 50, 60]
    assert post_ids(sources[1]) == [10, 20, 30, 40, 50, 60]  # opens again for a second pass


def test_gzip_stream(tmp_path):
    packed = tmp_path / "export.xml.gz"
    packed.write_bytes(gzip.compress(FULL.read_bytes()))
    (source,) = expand_inputs([packed])
    values = list(read_wxr(source))
    assert isinstance(values[0], Site) and values[0].title == "Café & Co"
    assert [v.id for v in values if isinstance(v, Post)] == [10, 20, 30, 40, 50, 60]


def test_mixed_paths_keep_argument_order(tmp_path):
    shutil.copy(OLD, tmp_path / "z.xml")
    names = [s.name for s in expand_inputs([tmp_path / "z.xml", FULL])]
    assert names == [str(tmp_path / "z.xml"), str(FULL)]


@pytest.mark.parametrize("name, content, reason", [
    ("bad.zip", b"PK\x03\x04 this is not really a zip", "not a readable zip file"),
    ("text.zip", b"hello", "not a readable zip file"),
    ("bad.gz", b"plain text", "not a gzip file"),
])
def test_broken_archives(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        expand_inputs([path])
    assert err.value.source == str(path)
    assert err.value.reason.startswith(reason)
    assert "\n" not in str(err.value)


def test_zip_without_xml(tmp_path):
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.jpg", b"\xff\xd8")
    with pytest.raises(InputError, match="holds no .xml export"):
        expand_inputs([archive])


def test_missing_path(tmp_path):
    with pytest.raises(InputError) as err:
        expand_inputs([FULL, tmp_path / "gone"])
    assert (err.value.source, err.value.reason) == (str(tmp_path / "gone"), "no such file or folder")


def test_gzip_cut_short_reads_up_to_the_cut(tmp_path):
    packed = gzip.compress(FULL.read_bytes())
    cut = tmp_path / "partial.xml.gz"
    cut.write_bytes(packed[: len(packed) * 2 // 3])
    values = list(read_wxr(expand_inputs([cut])[0]))
    assert isinstance(values[0], Site)
    assert [v for v in values if isinstance(v, Post)]
    assert "truncated" in values[-1].message


def test_unreadable_gzip_body(tmp_path):
    broken = tmp_path / "broken.xml.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"garbage that does not inflate")
    with pytest.raises(InputError, match="cannot be read"):
        list(read_wxr(expand_inputs([broken])[0]))


def test_folder_of_compressed_exports_and_empty_folder(tmp_path):
    data = (SAMPLES / "sample-export.xml").read_bytes()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "blog.001.xml.gz").write_bytes(gzip.compress(data))
    sources = expand_inputs([tmp_path / "in"])
    assert len(sources) == 1 and sources[0].open().read() == data
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no export files"):
        expand_inputs([tmp_path / "empty"])
