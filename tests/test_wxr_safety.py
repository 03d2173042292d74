"""Hostile and damaged exports: entity bombs, external entities, truncation, bad characters, not-WXR."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from conftest import FIXTURES

from wparchive.errors import InputError
from wparchive.model import Post, Problem, Site
from wparchive.readers.inputs import Source, expand_inputs
from wparchive.readers.wxr import read_wxr

FULL = (FIXTURES / "wxr" / "full-1.2.xml").read_bytes()
FULL_IDS = [10, 20, 30, 40, 50, 60]


def source(data: bytes, name: str = "mem.xml") -> Source:
    return Source(name, lambda: io.BytesIO(data))


def read(data: bytes, **kwargs) -> list:
    return list(read_wxr(source(data), **kwargs))


def ids(values) -> list:
    return [v.id for v in values if isinstance(v, Post)]


def problems(values) -> list[Problem]:
    return [v for v in values if isinstance(v, Problem)]


def post(values, post_id: int) -> Post:
    return next(v for v in values if isinstance(v, Post) and v.id == post_id)


def with_doctype(doctype: str, content: str) -> bytes:
    return (f'<?xml version="1.0"?>\n{doctype}\n<rss xmlns:wp="http://wordpress.org/export/1.2/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><wp:wxr_version>1.2</wp:wxr_version>'
            f"<item><title>Bomb</title><wp:post_id>1</wp:post_id><content:encoded>{content}</content:encoded>"
            "</item></channel></rss>").encode()


BILLION_LAUGHS = "<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n" + "".join(
    f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n' for i in range(1, 10)
) + "]>"


def test_billion_laughs_left_unexpanded():
    values = read(with_doctype(BILLION_LAUGHS, "&lol9;"))
    bomb = post(values, 1)
    assert bomb.content == "&lol9;"
    assert any("DOCTYPE" in p.message for p in problems(values))


def test_quadratic_blowup_left_unexpanded():
    doctype = f'<!DOCTYPE rss [<!ENTITY big "{"x" * 100_000}">]>'
    values = read(with_doctype(doctype, "&big;" * 20_000))  # 2 GB if expanded
    bomb = post(values, 1)
    assert bomb.content == "&big;" * 20_000
    assert "xxxx" not in bomb.content


def test_external_entity_file_is_not_read():
    values = read(with_doctype('<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"))
    assert post(values, 1).content == "&xxe;"
    assert "root:" not in repr(values)


def test_no_network_for_external_dtd_or_entities(httpserver):
    httpserver.expect_request("/evil.dtd").respond_with_data('<!ENTITY stolen "FROM-NETWORK">')
    url = httpserver.url_for("/evil.dtd")
    doctype = f'<!DOCTYPE rss SYSTEM "{url}" [<!ENTITY % remote SYSTEM "{url}"> %remote; <!ENTITY e SYSTEM "{url}">]>'
    values = read(with_doctype(doctype, "&e;&stolen;"))
    assert post(values, 1).content == "&e;&stolen;"
    assert httpserver.log == []


def test_strict_mode_refuses_a_doctype():
    values = read(with_doctype(BILLION_LAUGHS, "&lol9;"), strict=True)
    assert len(values) == 1 and isinstance(values[0], Problem)
    assert "DOCTYPE" in values[0].message and "strict" in values[0].message


def cut_at(marker: bytes) -> bytes:
    return FULL[:FULL.index(marker)]


def test_truncated_mid_item_keeps_everything_before():
    values = read(cut_at(b"<wp:post_password><![CDATA[hunter2"))
    assert isinstance(values[0], Site)
    assert ids(values) == [10, 20, 30, 40]
    cut_item = post(values, 40)
    assert any("cut off" in p.message for p in cut_item.problems)
    assert post(values, 10).problems == ()
    truncated = [p for p in problems(values) if "truncated" in p.message]
    last_line = cut_at(b"<wp:post_password><![CDATA[hunter2").count(b"\n") + 1
    assert len(truncated) == 1 and truncated[0].line == last_line
    assert f"line {last_line}" in truncated[0].message


def test_truncated_between_items():
    data = FULL[:FULL.index(b"<item>", FULL.index(b"<wp:post_id>30<"))]
    values = read(data)
    assert ids(values) == [10, 20, 30]
    assert [p for p in problems(values) if "truncated" in p.message]


def test_strict_mode_stops_at_first_error_with_a_problem():
    values = read(cut_at(b"<wp:post_password><![CDATA[hunter2"), strict=True)
    assert ids(values) == [10, 20, 30]
    assert isinstance(values[-1], Problem) and values[-1].line is not None and values[-1].column is not None
    assert "strict" in values[-1].message


def replace_in_item(post_id: int, old: bytes, new: bytes) -> bytes:
    start = FULL.rindex(b"<item>", 0, FULL.index(f"<wp:post_id>{post_id}<".encode()))
    at = FULL.index(old, start)
    return FULL[:at] + new + FULL[at + len(old):]


def test_control_characters_removed_with_a_warning():
    data = replace_in_item(30, b"Pas fini", b"Pas\x01 fi\x0bni\x00")
    values = read(data)
    assert ids(values) == FULL_IDS
    assert post(values, 30).content == "Pas fini"
    first = problems(values)[0]
    assert first.line == data[:data.index(b"\x01")].count(b"\n") + 1 and first.column is not None
    warning = [p for p in problems(values) if "control characters" in p.message]
    assert warning and warning[0].severity == "warning"


def test_bare_ampersand_escaped_and_every_item_once():
    data = replace_in_item(40, b"https://cafe.example.org/prive/", b"https://cafe.example.org/?a=1&b=2")
    values = read(data)
    assert Counter(ids(values)) == Counter(FULL_IDS)
    page = post(values, 40)
    assert page.link == "https://cafe.example.org/?a=1&b=2"
    assert any("'&'" in p.message for p in page.problems)
    assert post(values, 10).title == "Tarte & café — « été »"  # read by the strict pass before the damage


def test_html_entity_outside_cdata_is_decoded():
    values = read(replace_in_item(60, b"<title>Menu du jour", b"<title>Menu&nbsp;du&hellip;jour"))
    assert post(values, 60).title == "Menu\xa0du\u2026jour"


def test_damaged_item_in_the_middle_is_kept_with_a_problem():
    values = read(replace_in_item(20, b"</wp:post_name>", b"</wp:post_nam>"))
    assert ids(values) == FULL_IDS
    assert post(values, 20).attachment_url.endswith("tarte.jpg")
    assert any("damaged" in p.message for p in post(values, 20).problems)


def test_invalid_utf8_bytes_replaced():
    values = read(replace_in_item(30, b"Pas fini", b"Pas \xff\xfe fini"))
    assert ids(values) == FULL_IDS
    assert post(values, 30).content == "Pas \ufffd\ufffd fini"
    assert any("undecodable" in p.message for p in problems(values))


def test_text_after_the_end_yields_nothing_twice():
    values = read(FULL + b"\n<br />\n<b>Warning</b>: something in /wp-includes/x.php\n")
    assert ids(values) == FULL_IDS
    assert sum(isinstance(v, Site) for v in values) == 1


def test_php_notice_before_the_export():
    values = read(b"\nNotice: Undefined index: foo in /var/www/wp-admin/export.php on line 5\n" + FULL)
    assert ids(values) == FULL_IDS
    assert post(values, 10).date.utcoffset().total_seconds() == 7200
    assert any("before the <rss> element" in p.message for p in problems(values))


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"   \n\t", "empty file"),
    (b"<!DOCTYPE html><html><head><title>Log in</title></head><body><p>x</p></body></html>", "root element is <html>"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary data"),
    (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', "root element is <feed>"),
    (b'<?xml version="1.0"?><rss version="2.0"></rss>', "no <channel>"),
    (b"just some text", "no XML element"),
])
def test_not_an_export_raises_input_error(data, reason):
    with pytest.raises(InputError) as err:
        read(data)
    assert err.value.source == "mem.xml"
    assert err.value.reason.startswith("not a WordPress export (")
    assert reason in err.value.reason
    assert "\n" not in str(err.value)


def test_missing_path_raises_input_error(tmp_path):
    with pytest.raises(InputError) as err:
        expand_inputs([tmp_path / "nope.xml"])
    assert err.value.reason == "no such file or folder"


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.served = 0

    def read(self, size: int = -1) -> bytes:
        chunk = super().read(size)
        self.served += len(chunk)
        return chunk


def big_export(items: int) -> bytes:
    body = "".join(
        f"<item><title>Post {i}</title><wp:post_id>{i}</wp:post_id><wp:post_type>post</wp:post_type>"
        f"<content:encoded><![CDATA[{'<p>words</p>' * 50}]]></content:encoded></item>\n" for i in range(items)
    )
    return with_doctype("", "").replace(b"<item>", body.encode() + b"<item>", 1)


def test_items_stream_before_the_file_is_read():
    data = big_export(5000)
    streams: list[CountingStream] = []

    def opener() -> CountingStream:
        streams.append(CountingStream(data))
        return streams[-1]

    values = read_wxr(Source("big.xml", opener))
    assert isinstance(next(values), Site)
    assert next(values).id == 0
    assert streams[-1].served < len(data) / 4
    assert sum(1 for v in values if isinstance(v, Post)) == 5000  # 4999 more plus the trailing one
