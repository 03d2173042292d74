"""The quick first pass names every item exactly as the full read does."""

import pytest

from conftest import SAMPLES, corpus_params
from wparchive.model import Post
from wparchive.readers.inputs import expand_inputs
from wparchive.readers.wxr import read_index, read_wxr

FIELDS = ("id", "type", "status", "title", "slug", "link", "guid", "source")


def _posts(read, path):
    return [r for r in read(expand_inputs([path])[0]) if isinstance(r, Post)]


@pytest.mark.parametrize("path", [SAMPLES / "sample-export.xml", *[p.values[0] for p in corpus_params("wxr", "*.xml")
                                                                   if p.values[0] is not None]])
def test_index_matches_full_read(path):
    full, quick = _posts(read_wxr, path), _posts(read_index, path)
    assert [tuple(getattr(p, f) for f in FIELDS) for p in quick] == [tuple(getattr(p, f) for f in FIELDS) for p in full]
    assert [p for p in quick if p.type == "attachment"] == [p for p in full if p.type == "attachment"]
    assert not any(p.content or p.comments for p in quick if p.type != "attachment")
