"""Every field read_wxr takes from an item and the channel header, on small hand-written exports."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from conftest import FIXTURES

from wparchive.model import Post, Problem, Site
from wparchive.readers.inputs import Source, expand_inputs
from wparchive.readers.wxr import attachment_image, read_attachments, read_wxr

WXR = FIXTURES / "wxr"
CEST = timezone(timedelta(hours=2))


def memory_source(data: bytes, name: str = "mem.xml") -> Source:
    return Source(name, lambda: io.BytesIO(data))


def read(path) -> list:
    return list(read_wxr(expand_inputs([path])[0]))


@pytest.fixture(scope="module")
def full():
    return read(WXR / "full-1.2.xml")


def posts_by_id(values) -> dict[int, Post]:
    return {v.id: v for v in values if isinstance(v, Post)}


def test_site_comes_first_with_header_fields(full):
    site = full[0]
    assert isinstance(site, Site)
    assert site.title == "Café & Co"
    assert site.link == "https://cafe.example.org"
    assert site.description == "Notes from a small café"
    assert site.language == "fr-FR"
    assert site.wxr_version == "1.2"
    assert site.base_site_url == "https://cafe.example.org"
    assert site.base_blog_url == "https://cafe.example.org/blog"
    assert site.generator == "https://wordpress.org/?v=6.4.2"
    assert site.source.endswith("full-1.2.xml")


def test_site_authors(full):
    marie, paul = full[0].authors
    assert (marie.login, marie.display_name, marie.first_name, marie.last_name, marie.id) == (
        "marie", "Marie Curie", "Marie", "Curie", 1)
    assert paul.display_name == "Paul & Co"


def test_site_terms(full):
    terms = {(t.taxonomy, t.slug): t for t in full[0].terms}
    assert terms["category", "recettes"].description == "Nos recettes"
    assert terms["category", "desserts"].name == "Desserts & gâteaux"
    assert terms["category", "desserts"].parent == "recettes"
    assert terms["post_tag", "chocolat"].name == "Chocolat"
    assert terms["series", "hiver"].name == "Hiver"


def test_one_post_per_item_of_any_type_no_problems(full):
    posts = [v for v in full if isinstance(v, Post)]
    assert [p.type for p in posts] == ["post", "attachment", "post", "page", "nav_menu_item", "menu"]
    assert [v for v in full if isinstance(v, Problem)] == []


def test_post_simple_fields(full):
    post = posts_by_id(full)[10]
    assert post.title == "Tarte & café — « été »"
    assert post.link == "https://cafe.example.org/2023/07/14/tarte/"
    assert post.guid == "https://cafe.example.org/?p=10"
    assert post.status == "publish"
    assert post.slug == "tarte-été"
    assert post.sticky is True
    assert post.comment_status == "open"
    assert post.parent is None
    assert post.excerpt == "Une tarte."
    assert post.content.startswith("<p>Une tarte <strong>fine</strong>.</p>\n\n[caption id=\"attachment_20\"")
    assert post.source.endswith("full-1.2.xml:27")


def test_author_display_name_resolved_from_channel(full):
    posts = posts_by_id(full)
    assert (posts[10].author, posts[10].author_login) == ("Marie Curie", "marie")
    assert posts[20].author == "Paul & Co"
    assert (posts[30].author, posts[30].author_login) == ("ghost", "ghost")  # unknown login kept


def test_dates_carry_the_blogs_offset(full):
    post = posts_by_id(full)[10]
    assert post.date == datetime(2023, 7, 14, 10, 30, tzinfo=CEST)
    assert post.date.utcoffset() == timedelta(hours=2)
    # post_modified is 7 s off its GMT twin; the offset is rounded to 15 minutes
    assert post.modified == datetime(2023, 7, 15, 12, 0, 0, tzinfo=CEST)


def test_draft_with_zero_gmt_uses_offset_seen_earlier(full):
    draft = posts_by_id(full)[30]
    assert draft.status == "draft"
    assert draft.date == datetime(2024, 1, 5, 9, 15, tzinfo=CEST)
    assert draft.problems == ()
    assert draft.slug == ""


def test_categories_tags_and_other_terms(full):
    post = posts_by_id(full)[10]
    assert [(t.name, t.slug) for t in post.categories] == [("Desserts & gâteaux", "desserts")]
    assert [(t.name, t.slug) for t in post.tags] == [("Chocolat", "chocolat")]
    assert [(t.taxonomy, t.slug) for t in post.terms] == [("series", "hiver"), ("post_format", "post-format-image")]
    menu_item = posts_by_id(full)[50]
    assert [(t.taxonomy, t.name) for t in menu_item.terms] == [("nav_menu", "Main")]


def test_postmeta_in_order_and_old_slugs(full):
    post = posts_by_id(full)[10]
    assert post.meta == (("_thumbnail_id", "20"), ("_wp_old_slug", "tarte-ancienne"), ("_wp_old_slug", "%c3%a9t%c3%a9"))
    assert post.meta_value("_thumbnail_id") == "20"
    assert post.old_slugs == ("tarte-ancienne", "été")


def test_comments_threaded_without_private_data(full):
    first, reply, spam = posts_by_id(full)[10].comments
    assert (first.id, first.author, first.author_url, first.text, first.parent) == (
        100, "Jean", "https://jean.example", "Miam !", None)
    assert first.date == datetime(2023, 7, 14, 12, 0, tzinfo=CEST)
    assert first.approved is True and first.type == "comment"
    assert (reply.id, reply.parent, reply.text, reply.type) == (101, 100, "Merci <em>Jean</em>", "")
    assert spam.approved is False and spam.type == "pingback"
    dumped = repr(posts_by_id(full)[10])
    for private in ("jean@secret.example", "192.0.2.55", "198.51.100.7", "spam@spam.example"):
        assert private not in dumped


def test_password_is_flagged_never_stored(full):
    page = posts_by_id(full)[40]
    assert page.password_protected is True
    assert page.menu_order == 3
    assert "hunter2" not in repr(page)


def test_attachment_fields_and_image(full):
    att = posts_by_id(full)[20]
    assert att.attachment_url == "https://cafe.example.org/wp-content/uploads/2023/07/tarte.jpg"
    assert att.parent == 10
    image = attachment_image(att)
    assert image.src == att.attachment_url
    assert image.alt == "Une tarte aux fraises"
    assert image.caption == "La tarte du jour & son café"
    assert (image.title, image.id) == ("tarte", 20)


def test_read_attachments_yields_only_attachments():
    found = list(read_attachments(expand_inputs([WXR / "full-1.2.xml"])[0]))
    assert [(p.id, p.type) for p in found] == [(20, "attachment")]
    assert found[0].meta_value("_wp_attachment_image_alt") == "Une tarte aux fraises"


def test_custom_post_type_kept_as_is(full):
    menu = posts_by_id(full)[60]
    assert (menu.type, menu.status, menu.title, menu.slug) == ("menu", "private", "Menu du jour", "lundi")
    assert menu.guid == "https://cafe.example.org/?post_type=menu&p=60"


@pytest.mark.parametrize("name, version", [("wxr-1.0.xml", "1.0"), ("wxr-1.1-https.xml", "1.1")])
def test_older_versions_and_https_namespace(name, version):
    values = read(WXR / name)
    site, post = values[0], values[1]
    assert site.wxr_version == version
    assert post.title == "Hello \u201cold\u201d world"
    assert post.date == datetime(2008, 12, 31, 18, 30, tzinfo=timezone(timedelta(hours=-5)))
    # WXR 1.0 writes each category twice and tags with domain "tag"
    assert [(t.name, t.slug) for t in post.categories] == [("News", "news")]
    assert [(t.name, t.slug) for t in post.tags] == [("Retro", "retro")]
    (comment,) = post.comments
    assert comment.approved is False
    assert comment.date == datetime(2009, 1, 1, 0, 10, tzinfo=timezone(timedelta(hours=-5)))
    assert "bob@example.com" not in repr(comment) and "10.0.0.1" not in repr(comment)
    assert len(values) == 2


def test_declared_latin1_encoding():
    values = read(WXR / "latin1.xml")
    assert values[0].description == "Depuis l'an 2005"
    assert values[1].content == "Bonne année, ça va ?"
    assert not [v for v in values if isinstance(v, Problem)]


def _item(post_id: int, date: str, gmt: str) -> str:
    return (f"<item><title>t{post_id}</title><wp:post_id>{post_id}</wp:post_id>"
            f"<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{gmt}</wp:post_date_gmt>"
            "<wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item>")


def _export(*items: str, header: str = "<wp:wxr_version>1.2</wp:wxr_version>") -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:wp="http://wordpress.org/export/1.2/"><channel>' + header + "".join(items)
            + "</channel></rss>").encode()


def test_draft_before_any_offset_is_utc_with_a_warning():
    values = list(read_wxr(memory_source(_export(
        _item(1, "2020-05-01 10:00:00", "0000-00-00 00:00:00"),
        _item(2, "2020-05-02 10:00:00", "2020-05-02 08:00:00"),
        _item(3, "2020-05-03 10:00:00", "0000-00-00 00:00:00"),
    ))))
    first, second, third = values[1:]
    assert first.date == datetime(2020, 5, 1, 10, 0, tzinfo=timezone.utc)
    assert [p.severity for p in first.problems] == ["warning"]
    assert "assumed UTC" in first.problems[0].message
    assert second.date.utcoffset() == timedelta(hours=2)
    assert third.date == datetime(2020, 5, 3, 10, 0, tzinfo=CEST) and third.problems == ()


def test_zero_dates_give_none():
    values = list(read_wxr(memory_source(_export(_item(1, "0000-00-00 00:00:00", "0000-00-00 00:00:00")))))
    assert values[1].date is None
    assert values[1].problems == ()


def test_pubdate_used_when_wp_dates_are_missing():
    item = "<item><title>Feed</title><pubDate>Tue, 02 Jan 2024 17:00:00 +0100</pubDate></item>"
    values = list(read_wxr(memory_source(_export(item))))
    assert values[1].date == datetime(2024, 1, 2, 17, 0, tzinfo=timezone(timedelta(hours=1)))
    assert values[1].type == "post"  # WordPress's default when post_type is missing


def test_site_at_end_when_there_are_no_items():
    values = list(read_wxr(memory_source(_export(header="<title>Empty</title><wp:wxr_version>1.1</wp:wxr_version>"))))
    assert values == [Site(title="Empty", wxr_version="1.1", source="mem.xml")]


def test_missing_and_unknown_versions_are_warnings():
    (site, problem) = list(read_wxr(memory_source(_export(header="<title>Plain</title>"))))
    assert site.title == "Plain" and problem.severity == "warning" and "wxr_version" in problem.message
    values = list(read_wxr(memory_source(_export(header="<wp:wxr_version>9.9</wp:wxr_version>"))))
    assert "unknown WXR version '9.9'" in values[1].message


def test_utf16_export():
    text = (WXR / "full-1.2.xml").read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    values = list(read_wxr(memory_source(text.encode("utf-16"))))
    assert values[0].title == "Café & Co"
    assert [v.id for v in values if isinstance(v, Post)] == [10, 20, 30, 40, 50, 60]
    assert not [v for v in values if isinstance(v, Problem)]


def test_latin1_export_through_the_repairing_reader():
    data = (WXR / "latin1.xml").read_bytes().replace(b"Same to you", b"Fish & chips")
    values = list(read_wxr(memory_source(data)))
    post = values[1] if isinstance(values[1], Post) else values[2]
    assert post.content == "Bonne année, ça va ?"
    assert post.comments[0].text == "Fish & chips"


def test_dates_at_the_calendar_edge_stay_in_utc():
    values = list(read_wxr(memory_source(_export(_item(1, "0001-01-01 00:00:00", "0001-01-01 05:00:00")))))
    assert values[1].date == datetime(1, 1, 1, 5, 0, tzinfo=timezone.utc)


def test_declared_windows_1252_encoding():
    text = (WXR / "wxr-1.0.xml").read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="windows-1252"')
    data = text.replace("Happy new year!", "\u201cQuotes\u201d \u2013 \u20ac5").encode("cp1252")
    values = list(read_wxr(memory_source(data)))
    assert values[1].content == "\u201cQuotes\u201d \u2013 \u20ac5"
    assert not [v for v in values if isinstance(v, Problem)]


def test_same_name_categories_with_different_slugs_both_stay():
    from wparchive.readers.wxr import _item_terms

    categories, tags, _ = _item_terms([
        ("category", "", "News"), ("category", "news", "News"), ("category", "news-2", "News"),
        ("category", "news", "News"), ("tag", "t", "T"), ("category", "", "News"),
    ])
    assert [(t.name, t.slug) for t in categories] == [("News", "news"), ("News", "news-2")]
    assert [(t.name, t.slug) for t in tags] == [("T", "t")]


@pytest.mark.parametrize(("text", "expected"), [
    ("2020-01-31 09:30:00", datetime(2020, 1, 31, 9, 30)),
    ("2020-1-5 9:30", datetime(2020, 1, 5, 9, 30)),
    (" 2020-01-31T09:30:00 ", datetime(2020, 1, 31, 9, 30)),
    ("2020-01-31", datetime(2020, 1, 31)),
    ("0000-00-00 00:00:00", None),
    ("2020-02-30 10:00:00", None),
    ("2020-01-31 24:00:00", None),
    ("2020-01-31 09:30.00", None),  # fromisoformat would take it; WordPress never writes it
    ("2020-01-31 09:30+01", None),
    ("２０２０-01-31 09:30:00", datetime(2020, 1, 31, 9, 30)),  # any script's digits, as int() reads them
])
def test_wordpress_dates_parse_as_written_or_not_at_all(text, expected):
    from wparchive.readers.wxr_dates import parse_wp_date

    assert parse_wp_date(text) == expected


def test_pubdate_gives_the_offset_when_the_gmt_date_is_missing():
    """WordPress writes pubDate from the GMT column; without that column, pubDate is the moment."""
    item = ("<item><title>Links</title><wp:post_id>{}</wp:post_id><pubDate>{}</pubDate>"
            "<wp:post_date>{}</wp:post_date><wp:status>publish</wp:status></item>")
    values = list(read_wxr(memory_source(_export(
        _item(1, "2020-05-02 10:00:00", "2020-05-02 00:00:00"),  # an offset of +10:00 seen first
        item.format(2, "Fri, 20 Jun 2008 20:06:53 +0000", "2008-06-20 20:06:53"),
        item.format(3, "Fri, 20 Jun 2008 18:06:53 +0000", "2008-06-20 20:06:53"),
        item.format(4, "Mon, 30 Nov -0001 00:00:00 +0000", "2008-06-20 20:06:53"),  # a draft's zero pubDate
        item.format(5, "Thu, 01 Jan 1970 00:00:00 +0000", "2008-06-20 20:06:53"),  # no pair: 38 years apart
        item.format(6, "Fri, 20 Jun 2008 20:06:53 -0500 (CDT)", "2008-06-21 06:06:53"),  # a comment after the zone
        "<item><title>Feed</title><wp:post_id>7</wp:post_id><pubDate>Fri, 20 Jun 2008 20:06:53 +0200</pubDate></item>",
    ))))
    links, cest, zero, epoch, cdt, feed = values[2:]
    assert links.date == datetime(2008, 6, 20, 20, 6, 53, tzinfo=timezone.utc) and links.problems == ()
    assert cest.date == datetime(2008, 6, 20, 20, 6, 53, tzinfo=CEST)
    plus10 = timezone(timedelta(hours=10))  # what the export's GMT columns said; pubDate pairs are not remembered
    assert zero.date == epoch.date == datetime(2008, 6, 20, 20, 6, 53, tzinfo=plus10)
    assert cdt.date == datetime(2008, 6, 21, 6, 6, 53, tzinfo=timezone(timedelta(hours=5)))
    assert feed.date == datetime(2008, 6, 20, 20, 6, 53, tzinfo=CEST)  # pubDate alone keeps its own offset


def test_a_drafts_zero_gmt_date_ignores_its_pubdate():
    """Old WordPress writes `Thu, 01 Jan 1970` as a draft's pubDate beside the zero GMT date."""
    draft = ("<item><title>d</title><wp:post_id>2</wp:post_id><pubDate>Thu, 01 Jan 1970 00:00:00 +0000</pubDate>"
             "<wp:post_date>2009-08-11 10:00:00</wp:post_date><wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>"
             "<wp:status>draft</wp:status></item>")
    values = list(read_wxr(memory_source(_export(_item(1, "2009-08-01 12:00:00", "2009-08-01 10:00:00"), draft))))
    assert values[2].date == datetime(2009, 8, 11, 10, 0, tzinfo=CEST)


def test_terms_and_old_slugs_without_a_name_are_dropped():
    item = ('<item><title>t</title><wp:post_id>1</wp:post_id><category domain="" nicename="empty"></category>'
            '<category domain="category" nicename="news"><![CDATA[News]]></category>'
            "<wp:postmeta><wp:meta_key>_wp_old_slug</wp:meta_key><wp:meta_value></wp:meta_value></wp:postmeta>"
            "<wp:postmeta><wp:meta_key>_wp_old_slug</wp:meta_key><wp:meta_value>old</wp:meta_value></wp:postmeta>"
            "</item>")
    post = list(read_wxr(memory_source(_export(item))))[1]
    assert [t.name for t in (*post.categories, *post.tags, *post.terms)] == ["News"]
    assert post.old_slugs == ("old",)


def test_co_authors_become_the_bylines():
    header = ("<wp:wxr_version>1.2</wp:wxr_version><wp:author><wp:author_login>alice</wp:author_login>"
              "<wp:author_display_name>Alice Smith</wp:author_display_name></wp:author>"
              "<wp:author><wp:author_login>bob</wp:author_login>"
              "<wp:author_display_name>Bob Jones</wp:author_display_name></wp:author>")
    item = ("<item><title>t{}</title><wp:post_id>{}</wp:post_id><dc:creator>alice</dc:creator>{}</item>")
    values = list(read_wxr(memory_source(_export(
        item.format(1, 1, '<category domain="author" nicename="cap-alice">alice</category>'
                          '<category domain="author" nicename="cap-bob">bob</category>'
                          '<category domain="author" nicename="cap-guest">A Guest</category>'),
        item.format(2, 2, '<category domain="author" nicename="alice-smith">Alice Smith</category>'),
        item.format(3, 3, '<category domain="author" nicename="cap-guest">A Guest</category>'),
        item.format(4, 4, '<category domain="author" nicename="cap-bob">bob</category>'
                          '<category domain="author" nicename="cap-alice">alice</category>'),
        item.format(5, 5, ""),
        header=header,
    ).replace(b"<rss ", b'<rss xmlns:dc="http://purl.org/dc/elements/1.1/" '))))
    several, one, guest, bob_first, plain = values[1:]
    assert several.author == "Alice Smith" and several.authors == ("Alice Smith", "Bob Jones", "A Guest")
    assert one.author == "Alice Smith" and one.authors == ()
    assert guest.author == "A Guest" and guest.authors == ()  # the byline, not who saved the post
    assert bob_first.author == "Bob Jones" and bob_first.authors == ("Bob Jones", "Alice Smith")
    assert plain.author == "Alice Smith" and plain.authors == ()
