"""Widget leftovers found over the corpus: related links that are not posts, ad and like frames, share bars,
orphaned widget headings and meta lines at the top of the body. Each page is small and hand-written."""

from __future__ import annotations

import pytest

from wparchive.extract.page import extract_page
from wparchive.extract.related import is_post_link
from wparchive.extract.tidy import html_text
from wparchive.model import Link

URL = "https://blog.example.org/2023/11/01/heron/"


def page(body: str, *, related: str = "", title: str = "Heron at the weir") -> str:
    return (f"<html><head><title>{title}</title><link rel='canonical' href='{URL}'>"
            "<meta name='generator' content='WordPress 6.4'></head><body class='single single-post'>"
            f"<article class='post-7 post type-post'><h1 class='entry-title'>{title}</h1>"
            f"<div class='entry-content'>{body}</div>{related}</article></body></html>")


def extract(body: str, **kwargs):
    return extract_page(page(body, **kwargs), url=URL)


def text(body: str, **kwargs) -> str:
    return html_text(extract(body, **kwargs).body_html)


PROSE = "<p>The frost had not lifted by nine, and the path along the river was white with it.</p>"


def test_related_widget_keeps_only_links_to_other_posts():
    teaser = ("<li class='related post-hover'><a href='/2023/10/02/frost/'><script>jQuery(function($){{}});</script>"
              "<img src='t.jpg' alt='First frost'></a><a class='post-comments' href='/2023/10/02/frost/#respond'>0</a>"
              "<h4><a href='/2023/10/02/frost/'>First frost</a></h4><a href='/author/ana/'>Ana</a>"
              "<a href='/category/birds/'>Birds</a><a href='/tag/heron/'>heron</a><a href='/2023/10/'>October 2023</a>"
              "<a href='/page/2/'>2</a><a href='/?s=heron'>Search</a><a href='/feed/'>Feed</a>"
              "<a href='/2023/09/01/owls/#comments'>5</a><a href='/2023/09/01/owls/'>Owls</a>"
              "<a href='/kategorie/news'>News</a><a href='/topic/rivers/'>Rivers</a>"
              "<a href='/wp-content/uploads/2023/10/heron.jpg'>Gallery</a>"
              f"<a href='{URL}'>Heron at the weir</a><a href='{URL}#comment-12'>12</a></li>")
    post = extract(PROSE, related=f"<ul class='related-posts'>{teaser}</ul>")
    assert [(link.text, link.href) for link in post.related] == [
        ("First frost", "https://blog.example.org/2023/10/02/frost/"),
        ("Owls", "https://blog.example.org/2023/09/01/owls/"),
    ]


@pytest.mark.parametrize(("href", "text", "kept"), [
    ("/2023/10/02/frost/", "First frost", True),
    ("/1899", "A post whose permalink is its id", True),
    ("/2019/11/autumn-birds/", "Autumn birds", True),
    ("/2023/10/02/frost/#respond", "0", False),
    ("/2023/10/02/frost/", "(12)", False),
    ("/autor/ana/", "Ana", False),
    ("/categoria/aves/", "Aves", False),
    ("/schlagwort/reiher/", "Reiher", False),
    ("/?cat=3", "Birds", False),
    ("/comments/feed/", "Comments feed", False),
    ("/2023/10/", "Oktober 2023", False),
])
def test_is_post_link(href, text, kept):
    assert is_post_link(Link(text=text, href=href)) is kept


def test_is_post_link_refuses_the_page_itself():
    assert not is_post_link(Link(text="Heron", href="https://blog.example.org/2023/11/01/heron"), URL)
    assert is_post_link(Link(text="Frost", href="https://blog.example.org/2023/10/02/frost/"), URL)


@pytest.mark.parametrize("frame", [
    "<iframe src='//ws-eu.amazon-adsystem.com/widgets/q?ServiceVersion=20070822&amp;asins=B09XTXHJ59'></iframe>",
    "<iframe src='http://www.facebook.com/plugins/like.php?href=x&amp;layout=standard'></iframe>",
    "<div class='inves-content'><iframe src='//www.dianomi.com/smartads.epl?id=3387'></iframe></div>",
])
def test_ad_and_like_frames_are_not_turned_into_links(frame):
    post = extract(PROSE + frame + "<iframe src='https://www.youtube.com/embed/abcdefghijk'></iframe>")
    assert "amazon-adsystem" not in post.body_html
    assert "facebook.com/plugins" not in post.body_html and "dianomi" not in post.body_html
    assert "https://www.youtube.com/watch?v=abcdefghijk" in post.body_html  # a video stays a link


@pytest.mark.parametrize("bar", [
    ("<div class='socializer'><span><a href='https://www.facebook.com/share.php?u=x'>Facebook<span>0</span></a>"
     "</span> <span><a href='https://twitter.com/intent/tweet?text=x'>Twitter</a></span> "
     "<span><a href='mailto:?subject=x'>Email</a></span> <span><a href='https://blog.example.org/feed/'>RSS feed</a>"
     "</span> <span><a href='/newsletters/'><span>Subscribe To Our Newsletter</span></a></span></div>"),
    ("<div class='article-actions'><a href='#'>Share</a> <a href='#'>Adjust</a> <a href='#'>Comment</a> "
     "<a href='javascript:window.print();'>Print</a></div>"),
    ("<ul class='social'><li><a href='https://www.facebook.com/sharer/sharer.php?u=x'><span>Facebook</span></a></li>"
     "<li><a href='https://www.linkedin.com/shareArticle?mini=true'>linkedin</a></li><li>Print</li>"
     "<li>75,345 shares</li></ul>"),
])
def test_share_bars_are_removed(bar):
    body = text(bar + PROSE)
    assert body == "The frost had not lifted by nine, and the path along the river was white with it."


def test_links_to_people_and_tweetable_quotes_stay():
    contacts = ("<p><a href='mailto:ana@example.org'>Ana Sousa</a> and "
                "<a href='mailto:joe@example.org'>Joe Bloggs</a></p>")
    quote = ("<p><span class='bctt-click-to-tweet'><a href='https://twitter.com/intent/tweet?text=x'>Herons wait "
             "longer than anyone at the weir.</a> <a href='https://twitter.com/intent/tweet?text=x'>Tweet</a></span></p>")
    body = text(PROSE + contacts + quote)
    assert "Ana Sousa and Joe Bloggs" in body
    assert "Herons wait longer than anyone at the weir." in body


@pytest.mark.parametrize("heading", [
    "<h3>Popular on IndieWire</h3>", "<h3>Noch mehr Infos für dich</h3>", "<h3>Tell us what YOU think...</h3>",
])
def test_heading_left_at_the_end_by_its_widget_is_removed(heading):
    body = text(PROSE + heading + "<div class='widget'><a href='/x/'>X</a></div>")
    assert body == "The frost had not lifted by nine, and the path along the river was white with it."


def test_related_heading_followed_by_prose_is_removed():
    body = text(PROSE + "<h2>Related</h2><div class='related-links'><a href='/a/'>A</a></div>"
                "<p>The heron had not moved.</p>")
    assert "Related" not in body and "The heron had not moved." in body


def test_headings_that_head_text_or_close_the_post_with_a_link_stay():
    closing = "<h3>All these birds and many more are in <a href='/guide/'>our guide</a>!</h3>"
    long_closing = "<h3>Thanks for reading to the end of this long walk along the frozen river, friends!</h3>"
    body = text("<h2>Related</h2>" + "<ul><li><a href='/a/'>A story</a></li></ul>" + PROSE + closing
                + "<h2>Later</h2><p>We went home.</p>" + long_closing)
    assert "Related" in body and "A story" in body and "Later" in body
    assert "All these birds and many more are in our guide!" in body
    assert "Thanks for reading to the end" in body


def test_meta_lines_at_the_top_are_removed():
    head = ("<div class='cm-post-categories'><a href='/category/birds/'>Birds</a></div>"
            "<h1>Heron at the weir</h1>"
            "<div class='cm-below'><span><a href='/author/ana/'>Ana Sousa</a></span>"
            "<span><a href='/2023/11/01/heron/'>1. November 2023</a></span></div>")
    assert text(head + PROSE) == "The frost had not lifted by nine, and the path along the river was white with it."


def test_avatar_and_published_line_are_removed():
    head = ("<div class='meta'><img alt='Author' class='avatar avatar-85' src='https://secure.gravatar.com/avatar/?s=85'>"
            "<div class='time'>PUBLISHED: <time>November 8, 2023 at 11:30 p.m.</time> | UPDATED: "
            "<time>November 9, 2023 at 12:21 a.m.</time></div></div>")
    post = extract(head + PROSE)
    assert html_text(post.body_html) == PROSE[3:-4]
    assert "gravatar" not in post.body_html


@pytest.mark.parametrize("line", ["Veröffentlicht: 05.01.2020", "24. Januar 2022", "January 22, 2014"])
def test_date_lines_are_removed(line):
    assert text(f"<p>{line}</p>" + PROSE) == PROSE[3:-4]


@pytest.mark.parametrize("lead", ["<p>2019</p>", "<h2>1999–2004</h2>", "<p>In 2019 we moved.</p>",
                                  "<p><a href='/2023/10/02/frost/'>First frost</a>, last year, 2022.</p>"])
def test_year_lines_that_are_text_stay(lead):
    assert text(lead + PROSE).startswith(html_text(lead))


def test_ad_label_is_removed():
    assert text(PROSE + "<p>Anzeigen</p>") == PROSE[3:-4]


def test_a_placeholder_in_code_or_prose_is_not_the_comment_form():
    """'Connecting to %s' is the form; `%s` in a listing or a sentence about printf is the post's."""
    body = ("<p>Format a name with printf and its %s conversion, as the C library documents it.</p>"
            "<pre><code><span>printf(\"Hello %s\", name);</span></code></pre>"
            "<p>Use <code>%s</code> here.</p><div class='x'><p>Connecting to %s</p></div>")
    kept = text(body)
    assert "its %s conversion" in kept and 'printf("Hello %s", name);' in kept and "Use %s here." in kept
    assert "Connecting to" not in kept
