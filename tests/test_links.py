"""Links between posts of one export find the archive's file whatever way they were written."""

import pytest

from wparchive.transform.links import link_key, relative_link

LINKS = {link_key("https://b.org/2020/07/%c3%a9t%c3%a9/"): "posts/été.md", link_key("http://b.org/a/"): "posts/a.md"}


@pytest.mark.parametrize("href", [
    "https://b.org/2020/07/%C3%A9t%C3%A9/", "https://b.org/2020/07/été", "http://www.b.org/2020/07/%c3%a9t%c3%a9",
])
def test_encodings_of_one_permalink(href):
    assert relative_link(href, LINKS, "posts/x.md") == "été.md"


def test_fragment_kept_and_other_links_untouched():
    assert relative_link("https://b.org/a#top", LINKS, "posts/2020/x.md") == "../a.md#top"
    assert relative_link("https://other.org/a/", LINKS, "posts/x.md") is None


def test_not_a_url():
    assert link_key("http://[::1/a/") == "http://[::1/a/"
    assert relative_link("http://[::1/a/", LINKS, "posts/x.md") is None
