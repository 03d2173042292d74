"""The export index on disk behaves like the dicts it replaces, in any process."""

import pickle

import pytest

from wparchive.diskmap import DiskTables
from wparchive.model import Image


def test_tables_keep_first_last_or_all_values(tmp_path):
    tables = DiskTables(tmp_path / "index.tmp", {"first": "first", "last": "last", "many": "many"})
    for n in range(5000):  # past one batch
        tables.add("first", n % 10, f"first-{n}")
        tables.add("last", n % 10, f"last-{n}")
    tables.add("many", 7, Image(src="a.jpg"))
    tables.add("many", 7, Image(src="b.jpg"))
    maps = tables.close()
    assert maps["first"][3] == "first-3" and maps["last"][3] == "last-4993"
    assert [i.src for i in maps["many"][7]] == ["a.jpg", "b.jpg"]
    assert maps["many"].get(8, ()) == () and 8 not in maps["many"] and len(maps["first"]) == 10
    assert sorted(maps["first"]) == list(range(10))
    with pytest.raises(KeyError):
        maps["first"][10]
    copy = pickle.loads(pickle.dumps(maps["last"]))  # as sent to a worker process
    assert copy[9] == "last-4999" and copy.get("missing") is None


def test_odd_keys_and_folder_names(tmp_path):
    folder = tmp_path / "out#1 %20?x"
    folder.mkdir()
    maps = DiskTables(folder / "index.tmp", {"t": "first"}).close()
    assert maps["t"].get(2**70) is None and maps["t"].get("x") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out#1 %20?x"]  # nothing created beside it


def test_a_reused_file_name_is_read_afresh(tmp_path):
    """Maps arrive pickled with every chunk and share one open file; a later run at the same name is new data."""
    path = tmp_path / "index.tmp"
    tables = DiskTables(path, {"t": "first"})
    tables.add("t", 1, "old")
    old = pickle.loads(pickle.dumps(tables.close()["t"]))
    assert old[1] == "old"
    path.unlink()
    tables = DiskTables(path, {"t": "first"})
    tables.add("t", 1, "new")
    new = tables.close()["t"]
    assert pickle.loads(pickle.dumps(new))[1] == "new" and new[1] == "new"
    assert old[1] == "old"  # a map already reading keeps the file it opened
