"""Reading a crawl back: REST records as Posts, WARC responses, torn and foreign files."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from conftest import FIXTURES
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wparchive.errors import InputError
from wparchive.model import Image, Post, Problem, Term
from wparchive.readers.rest import post_from_rest, post_type_collections, posts_from_warc, rest_collection
from wparchive.readers.warc import WarcResponse, iter_warc_responses

RECORD = json.loads((FIXTURES / "crawl" / "rest-post.json").read_text())
TERMS = {5: Term(taxonomy="category", name="Travel", slug="travel"),
         8: Term(taxonomy="post_tag", name="France", slug="france")}
MEDIA = {77: Image(src="https://blog.example.org/wp-content/uploads/2023/03/field.jpg", alt="Field", id=77)}


def test_post_from_rest_maps_every_field():
    post = post_from_rest(RECORD, source="s", users={3: "Marie Curie"}, terms=TERMS, media=MEDIA)
    assert post.id == 4242 and post.type == "post" and post.status == "publish"
    assert post.title == "\u00c9t\u00e9 en Provence \u2013 Tom & Jerry\u2019s trip"
    assert post.slug == "\u00e9t\u00e9-en-provence"
    assert post.link == "https://blog.example.org/2023/03/%c3%a9t%c3%a9-en-provence/"
    assert post.date == datetime(2023, 3, 26, 1, 30, tzinfo=timezone(timedelta(hours=1)))
    assert post.modified == datetime(2023, 3, 27, 9, 15, tzinfo=timezone(timedelta(hours=2)))
    assert post.author == "Marie Curie"
    assert post.categories == (TERMS[5],) and post.tags == (TERMS[8],)
    assert post.terms == (Term(taxonomy="post_format", name="Gallery", slug="post-format-gallery"),)
    assert post.featured_image == MEDIA[77]
    assert post.content.startswith("\n<p>Lavender fields.</p>") and post.excerpt == "<p>Lavender fields.</p>"
    assert post.sticky and post.comment_status == "closed" and post.guid == "https://blog.example.org/?p=4242"
    assert post.meta == (("footnotes", ""),)


def test_unknown_ids_become_warnings_not_errors():
    post = post_from_rest(RECORD, source="s")
    assert post.author == "" and post.categories == () and post.featured_image is None
    assert {p.severity for p in post.problems} == {"warning"}
    assert [p.message for p in post.problems] == [
        "author 3 not found among the site's users", "category 5 not found among the site's terms",
        "category 99 not found among the site's terms", "post_tag 8 not found among the site's terms",
        "featured media 77 not found among the site's media"]


def test_undated_draft_has_no_date():
    post = post_from_rest({**RECORD, "status": "draft", "date_gmt": None}, source="s")
    assert post.date is None and post.status == "draft"


def test_a_record_without_id_is_refused():
    with pytest.raises(InputError, match="no numeric id"):
        post_from_rest({"title": {"rendered": "x"}}, source="s")


@pytest.mark.parametrize("url, name", [
    ("https://b.org/wp-json/wp/v2/posts?per_page=100&page=2", "posts"),
    ("https://b.org/blog/wp-json/wp/v2/media/", "media"),
    ("https://b.org/?rest_route=/wp/v2/pages&page=1", "pages"),
    ("https://b.org/?rest_route=%2Fwp%2Fv2%2Fcategories", "categories"),
    ("https://b.org/wp-json/wp/v2/posts/12", "posts"),
    ("https://b.org/wp-json/wp/v2/posts/12/revisions", ""),
    ("https://b.org/wp-json/wp/v2/recipes?per_page=100&page=1", "recipes"),
    ("https://b.org/?rest_route=/wp/v2/types", "types"),
    ("https://b.org/wp-json/", ""),
    ("https://b.org/2024/01/post/", ""),
])
def test_rest_collection(url, name):
    assert rest_collection(url) == name


def test_post_type_collections_are_the_sites_own_types():
    types = {
        "post": {"slug": "post", "rest_base": "posts", "rest_namespace": "wp/v2"},
        "attachment": {"slug": "attachment", "rest_base": "media"},
        "wp_block": {"slug": "wp_block", "rest_base": "blocks", "rest_namespace": "wp/v2"},
        "recipe": {"slug": "recipe", "rest_base": "recipes", "rest_namespace": "wp/v2"},
        "portfolio": {"slug": "portfolio"},  # before WordPress 4.7: no rest_base, the slug is the route
        "product": {"slug": "product", "rest_base": "products", "rest_namespace": "wc/store"},
        "odd": {"slug": "odd", "rest_base": "a/../b"},
        "newline": {"slug": "newline", "rest_base": "recipes2\n"},
        "number": {"slug": "number", "rest_base": 7},
        "twin": {"slug": "twin", "rest_base": "recipes"},
        "photo": {"slug": "photo", "rest_base": "media"},  # WordPress's own routes are never read as posts
        "person": {"slug": "person", "rest_base": "users"},
        "listed": "not a type",
        **{f"t{n}": {"slug": f"t{n}", "rest_base": f"t{n}"} for n in range(80)},
    }
    assert post_type_collections(types) == ("recipes", "portfolio", *(f"t{n}" for n in range(48)))
    assert post_type_collections([]) == post_type_collections(None) == ()


def test_site_types_read_from_the_warc_and_other_routes_never_replace_a_post(tmp_path):
    api = "https://blog.example.org/wp-json/wp/v2/"
    recipe = {**RECORD, "id": 77, "type": "recipe", "link": "https://blog.example.org/recipes/soup/"}
    path = tmp_path / "a.warc"
    _warc(path, [
        (api + "recipes?per_page=100&page=1", json.dumps([recipe]).encode()),  # before the types: still read
        (api + "posts?per_page=100&page=1", json.dumps([RECORD]).encode()),
        (api + "types", json.dumps({"recipe": {"slug": "recipe", "rest_base": "recipes"}}).encode()),
        (api + "search?search=x", json.dumps([{**RECORD, "title": "a search hit"}]).encode()),
        (api + "gadgets", json.dumps([{**RECORD, "id": 78, "type": "gadget"}]).encode()),  # not a listed type
        (api + "widgets", b"<html>not json</html>"),
    ], gzip=False)
    items = list(posts_from_warc(path))
    assert not [i for i in items if isinstance(i, Problem)]
    assert sorted((p.type, p.id, p.title[:3]) for p in items) == [("post", RECORD["id"], "\u00c9t\u00e9"),
                                                                  ("recipe", 77, "\u00c9t\u00e9")]


def _warc(path, responses, gzip=True) -> None:
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for url, body in responses:
            http = StatusAndHeaders("200 OK", [("Content-Type", "application/json"),
                                                ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          length=len(body), http_headers=http))


def test_posts_from_warc_keeps_the_latest_copy_and_resolves_names(tmp_path):
    api = "https://blog.example.org/wp-json/wp/v2/"
    old = {**RECORD, "title": {"rendered": "Old title"}}
    path = tmp_path / "a.warc"
    _warc(path, [
        (api + "posts?per_page=100&page=1", json.dumps([old]).encode()),
        (api + "users?per_page=100&page=1", json.dumps([{"id": 3, "name": "Marie Curie"}]).encode()),
        (api + "categories?per_page=100&page=1", json.dumps([{"id": 5, "name": "Travel &amp; Food", "slug": "travel",
                                                               "taxonomy": "category", "parent": 0}]).encode()),
        (api + "posts?per_page=100&page=1", json.dumps([RECORD]).encode()),
        (api + "tags?per_page=100&page=1", b"<html>not json</html>"),
    ], gzip=False)
    items = list(posts_from_warc(path))
    problems = [i for i in items if isinstance(i, Problem)]
    posts = [i for i in items if isinstance(i, Post)]
    assert [p.message.split(" (")[0] for p in problems] == ["REST response is not JSON"]
    assert len(posts) == 1 and posts[0].title.startswith("\u00c9t\u00e9")
    assert posts[0].author == "Marie Curie" and posts[0].categories[0].name == "Travel & Food"


def test_iter_warc_responses_reads_plain_and_gzipped_files(tmp_path):
    for name, gzip in (("a.warc", False), ("a.warc.gz", True)):
        _warc(tmp_path / name, [("https://b.org/x", b'{"a": 1}')], gzip=gzip)
        (item,) = iter_warc_responses(tmp_path / name)
        assert item == WarcResponse(url="https://b.org/x", status=200, content_type="application/json",
                                    body=b'{"a": 1}', date=item.date, headers=item.headers)


def test_torn_gzip_member_becomes_a_problem(tmp_path):
    path = tmp_path / "a.warc.gz"
    _warc(path, [("https://b.org/1", b"x" * 500), ("https://b.org/2", b"y" * 500)])
    path.write_bytes(path.read_bytes()[:-40])
    items = list(iter_warc_responses(path))
    assert [i.url for i in items if isinstance(i, WarcResponse)] == ["https://b.org/1"]
    assert isinstance(items[-1], Problem) and "torn write" in items[-1].message


def test_unreadable_inputs_raise_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        list(iter_warc_responses(tmp_path / "missing.warc.gz"))
    (tmp_path / "page.html").write_text("<html></html>")
    with pytest.raises(InputError, match="not a readable WARC file"):
        list(iter_warc_responses(tmp_path / "page.html"))
