"""Items read as XML and built elsewhere (worker processes) come out exactly as the direct read gives them."""

from datetime import timedelta, timezone

import pytest
from conftest import SAMPLES, corpus_params

from wparchive.model import Site
from wparchive.readers.inputs import expand_inputs
from wparchive.readers.wxr import ItemReader, RawItem, author_names, read_raw, read_wxr

HOSTILE = SAMPLES.parent / "tests" / "fixtures" / "wxr"


def _built(source):
    reader = None
    for record in read_raw(source):
        if isinstance(record, Site):
            reader = ItemReader(source.name, author_names(record))
        yield reader.build(record) if isinstance(record, RawItem) else record


EXPORTS = [SAMPLES / "sample-export.xml", *sorted(HOSTILE.glob("*.xml")),
           *[p.values[0] for p in corpus_params("wxr", "*.xml") if p.values[0] is not None]]


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_raw_items_build_into_the_same_records(path):
    source = expand_inputs([path])[0]
    assert list(_built(source)) == list(read_wxr(source))


def test_a_reader_told_the_earlier_offset_dates_a_draft_as_the_full_read_does(tmp_path):
    export = tmp_path / "offset.xml"
    export.write_text(_export(_item(1, "2020-06-01 10:00:00", "2020-06-01 08:00:00"),
                              _item(2, "2020-06-02 10:00:00", "0000-00-00 00:00:00")), encoding="utf-8")
    source = expand_inputs([export])[0]
    site, first, draft = list(read_raw(source))
    blind = ItemReader(source.name, author_names(site))
    assert blind.build(draft).date.utcoffset() == timedelta(0) and blind.guessed_blind
    told = ItemReader(source.name, author_names(site), offset=timezone(timedelta(hours=2)))
    full = [r for r in read_wxr(source) if not isinstance(r, Site)]
    assert told.build(draft) == full[1] and not told.guessed_blind
    assert full[1].date.utcoffset() == timedelta(hours=2)


def _item(ident, local, gmt):
    return (f"<item><title>P{ident}</title><wp:post_id>{ident}</wp:post_id><wp:post_date>{local}</wp:post_date>"
            f"<wp:post_date_gmt>{gmt}</wp:post_date_gmt><wp:post_type>post</wp:post_type>"
            f"<wp:status>draft</wp:status></item>")


def _export(*items):
    return ('<?xml version="1.0" encoding="UTF-8"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
            "<title>T</title><wp:wxr_version>1.2</wp:wxr_version>" + "".join(items) + "</channel></rss>")
