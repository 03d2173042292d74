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


def test_links_in_comments_point_at_the_archive_too():
    from wparchive.model import Comment, Post
    from wparchive.render import BuildContext, render_post

    post = Post(id=1, title="t", slug="t", content="<p>see <a href='http://b.org/a/'>a</a></p>", comments=(
        Comment(id=5, author="x", date=None, text='as <a href="http://b.org/a/#comment-9">there</a> and http://b.org/a/'),
    ))
    rendered, _, _ = render_post(post, BuildContext(links=LINKS, comments="inline"), "posts/2020/t.md")
    assert 'href="../a.md"' in rendered.body_html
    assert rendered.comments[0].text.count('href="../a.md') == 2 and "#comment-9" in rendered.comments[0].text
