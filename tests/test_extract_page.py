"""extract_page on the WordPress.com sample and on small pages for each theme family and hazard."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from conftest import FIXTURES, SAMPLES

from wparchive.extract.page import ExtractOptions, extract_page
from wparchive.extract.tidy import html_text
from wparchive.model import Link

PAGES = FIXTURES / "extract"
SEED_URL = "https://worldaffairsnotes.wordpress.com/2016/10/13/us-and-russia-beginning-talks-over-syrian-conflict-again/"
BLOG = "https://worldaffairsnotes.wordpress.com"


@pytest.fixture(scope="module")
def seed():
    return extract_page((SAMPLES / "wordpress-com-post.html").read_bytes(), source="wordpress-com-post.html")


@pytest.fixture(scope="module")
def seed_text(seed):
    return html_text(seed.body_html)


def page(name: str, **kwargs):
    return extract_page((PAGES / name).read_bytes(), source=name, **kwargs)


def test_seed_title_and_metadata(seed):
    assert seed.title == "US and Russia beginning talks over Syrian conflict again"
    assert seed.date == datetime(2016, 10, 13, 12, 12, 45, tzinfo=timezone.utc)
    assert seed.modified == datetime(2016, 10, 13, 12, 40, 2, tzinfo=timezone.utc)
    assert seed.author == "Megan Collins"
    assert [t.name for t in seed.categories] == ["Foreign Policy", "Middle East"]
    assert [(t.taxonomy, t.slug) for t in seed.tags][:2] == [("post_tag", "aleppo"), ("post_tag", "john-kerry")]
    assert seed.link == SEED_URL
    assert seed.language == "en"
    assert seed.is_post and seed.problems == ()


def test_seed_keeps_the_four_body_paragraphs(seed_text):
    for start in ("After Secretary of State John Kerry threatened to end talks with Russia",
                  "After air strikes killed 25 on Wednesday",
                  "The immediate rejoining of relations is silly.",
                  "This cease-fire will only be useful if Syria and Russia keep terms of the deal"):
        assert start in seed_text
    assert seed_text.endswith("which they failed horribly at last time.")


def test_seed_keeps_the_caption_with_both_lines(seed):
    assert "<figcaption>People inspect the damage at a market hit by airstrikes in Aleppo’s rebel held " \
           "al-Fardous district<br>\nA market, destroyed in recent airstrikes in Aleppo." in seed.body_html
    (image,) = seed.images
    assert image.caption.splitlines() == [
        "People inspect the damage at a market hit by airstrikes in Aleppo’s rebel held al-Fardous district",
        "A market, destroyed in recent airstrikes in Aleppo. Image courtesy of Reuters."]
    assert image.src == "https://worldaffairsnotes.files.wordpress.com/2016/10/aleppo-market.jpg?w=840"
    assert image.link == "https://worldaffairsnotes.files.wordpress.com/2016/10/aleppo-market.jpg"


def test_seed_keeps_the_related_lead_in_and_its_links(seed, seed_text):
    lines = seed_text.splitlines()
    start = lines.index("Previous stories on this topic:")
    assert lines[start + 1:start + 3] == ["Update: US finally gives up on talks for a Syrian cease-fire deal",
                                          "Update: Syrian cease-fire expires as US and Russia trade insults"]
    assert seed.related[:2] == (
        Link(text="Update: US finally gives up on talks for a Syrian cease-fire deal",
             href=f"{BLOG}/2016/10/04/update-us-finally-gives-up-on-talks-for-a-syrian-cease-fire-deal/"),
        Link(text="Update: Syrian cease-fire expires as US and Russia trade insults",
             href=f"{BLOG}/2016/09/20/update-syrian-cease-fire-expires-as-us-and-russia-trade-insults/"))


def test_seed_related_posts_widget_leaves_the_body_but_not_the_links(seed, seed_text):
    assert f"{BLOG}/2016/08/30/turkey-moves-into-northern-syria/" in {link.href for link in seed.related}
    assert "Turkey moves into northern Syria" not in seed_text
    assert "October 4, 2016" not in seed_text


@pytest.mark.parametrize("boilerplate", [
    "Leave a Reply", "Connecting to %s", "You are commenting using", "Fill in your details below",
    "Log Out", "Notify me of new comments", "Share this:", "Twitter", "Facebook", "Like this:", "Loading...",
    "Advertisements", "Recent Posts", "Blog at WordPress.com", "Post navigation", "Follow", "Logo",
])
def test_seed_strips_comment_form_sharing_likes_and_chrome(seed_text, boilerplate):
    assert boilerplate not in seed_text


def test_block_theme_post():
    post = page("block-theme.html")
    text = html_text(post.body_html)
    assert post.title == "Frühling im Garten"
    assert post.date == datetime(2024, 3, 21, 9, 30, tzinfo=timezone(timedelta(hours=1)))  # Article, not WebPage
    assert post.author == "Anna Beet"
    assert [t.name for t in post.categories] == ["Garten"] and [t.name for t in post.tags] == ["Krokus"]
    assert post.link == "https://gartenblog.example/2024/03/fruehling-im-garten/"
    assert text.splitlines() == ["Die ersten Krokusse blühen schon, und im Beet zeigen sich die Tulpen.",
                                 "Was jetzt zu tun ist", "Rosen schneiden", "Kompost verteilen",
                                 "Krokusse im Vorgarten", "Mehr dazu im nächsten Beitrag."]
    assert "<h2>Was jetzt zu tun ist</h2>" in post.body_html
    assert post.images[0].caption == "Krokusse im Vorgarten"


def test_block_theme_comments_only_when_asked():
    assert page("block-theme.html").comments == ()
    (comment,) = page("block-theme.html", options=ExtractOptions(comments=True)).comments
    assert (comment.id, comment.author, comment.author_url, comment.text) == (
        5, "Bernd", "https://bernd.example", "<p>Schöne Bilder!</p>")
    assert comment.date == datetime(2024, 3, 21, 12, 0, tzinfo=timezone(timedelta(hours=1)))


def test_lazy_images_get_their_real_address():
    post = page("lazy-images.html", url="https://photos.example/2023/05/harbour/")
    base = "https://photos.example/wp-content/uploads/2023/05/"
    assert [(i.src, i.alt) for i in post.images] == [
        (base + "harbour.jpg", "Harbour at dawn"), (base + "boats.jpg", "Boats"),
        (base + "gulls-1024x683.jpg", "Gulls"), (base + "lighthouse.jpg", "Lighthouse")]
    assert "data:image" not in post.body_html and "blank.gif" not in post.body_html
    assert post.body_html.count("harbour.jpg") == 1  # the <noscript> copy is not a second image


def test_embeds_become_links_even_when_consent_blocked():
    post = page("youtube-embeds.html")
    assert '<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Concert au parc</a></p>' in post.body_html
    assert 'href="https://www.youtube.com/watch?v=oHg5SJYRHA0"' in post.body_html
    assert 'href="https://vimeo.com/76979871"' in post.body_html
    assert "<iframe" not in post.body_html and "about:blank" not in post.body_html


def test_listing_page_lists_its_posts():
    post = page("listing.html", url="https://travel.example/page/2/")
    assert not post.is_post and post.body_html == ""
    assert post.related == (
        Link(text="Three days in Lisbon", href="https://travel.example/2021/07/lisbon/"),
        Link(text="Porto by the river", href="https://travel.example/2021/06/porto/"),
        Link(text="A day in Sintra", href="https://travel.example/2021/05/sintra/"))


def test_windows_1252_page_labelled_latin_1():
    post = page("windows-1252.html")
    assert post.title == "Crêpes de la Chandeleur"
    assert html_text(post.body_html).splitlines() == [
        "Pour la Chandeleur, on fait sauter des crêpes : « farine, œufs, lait ».",
        "Bon appétit à tous — et n’oubliez pas la pièce dans la main gauche."]
    assert post.problems == ()


def test_mixed_utf8_and_latin_1_bytes_are_both_read():
    raw = "<html><body><article class='post'><div class='entry-content'><p>Grüße aus Köln</p>".encode() + \
          "<p>und Mäuse</p></div></article></body></html>".encode("latin-1")
    post = extract_page(raw, source="mixed.html")
    assert html_text(post.body_html) == "Grüße aus Köln\nund Mäuse"
    assert [p.severity for p in post.problems] == ["warning"]


def test_utf16_page_with_bom():
    html = "<html><body><article class='post'><div class='entry-content'><p>Ça marche</p></div></article></body></html>"
    post = extract_page(b"\xff\xfe" + html.encode("utf-16-le"), source="utf16.html")
    assert html_text(post.body_html) == "Ça marche"


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "empty file"),
    (b"  \n\t ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "binary file, not an HTML page"),
    (bytes(range(256)) * 8, "binary file, not an HTML page"),
])
def test_empty_and_binary_input_become_problems(raw, message):
    post = extract_page(raw, source="bad.html")
    assert post.body_html == "" and post.source == "bad.html"
    assert [p.message for p in post.problems] == [message]


def test_oversized_page_is_refused(monkeypatch):
    monkeypatch.setattr("wparchive.extract.encoding.MAX_BYTES", 1000)
    post = extract_page(b"<p>" + b"x" * 2000 + b"</p>", source="huge.html")
    assert post.body_html == "" and "larger than" in post.problems[0].message


def test_deeply_nested_page_keeps_its_text():
    html = ("<html><body><article class='post'><div class='entry-content'>" + "<div>" * 5000
            + "<p>Deep inside</p>" + "</div>" * 5000 + "<p>After the nest</p></div></article></body></html>")
    post = extract_page(html, source="deep.html")
    assert html_text(post.body_html).splitlines() == ["Deep inside", "After the nest"]
    assert any("nested too deeply" in p.message and p.severity == "warning" for p in post.problems)
    assert not any("lost" in p.message for p in post.problems)


def test_text_lost_past_the_depth_limit_is_said():
    """Lists are not wrappers: nested past the limit, what lies deeper is lost, and the warning says so."""
    html = "<html><body><article class='post'><div class='entry-content'>" + "<ul><li>item " * 1000
    post = extract_page(html, source="lists.html")
    assert 0 < html_text(post.body_html).count("item") < 1000
    assert any("nested too deeply" in p.message and "still was lost" in p.message for p in post.problems)


def test_non_wordpress_page_uses_generic_extraction():
    paragraphs = "".join(f"<p>Paragraph {i} of a plain article about rivers and their long journeys to the sea.</p>"
                         for i in range(8))
    html = (f"<html><head><title>Rivers</title></head><body><div class='menu'><a href='/'>Home</a></div>"
            f"<div class='story'>{paragraphs}</div><div class='foot'>Copyright 2020</div></body></html>")
    post = extract_page(html, source="plain.html")
    text = html_text(post.body_html)
    assert "Paragraph 0 of a plain article" in text and "Paragraph 7" in text
    assert "Copyright 2020" not in text
    assert "generic extraction" in post.problems[0].message


def test_without_fallback_the_whole_page_text_is_kept_with_a_warning():
    html = "<html><body><div class='story'><p>Just a paragraph.</p></div></body></html>"
    post = extract_page(html, source="plain.html", options=ExtractOptions(fallback=False))
    assert html_text(post.body_html) == "Just a paragraph."
    assert post.problems[0].severity == "warning"


def test_links_are_made_absolute_against_the_page_url():
    html = ("<html><body><article class='post'><div class='entry-content'><p><a href='/about/'>About</a>"
            "<img src='img/a.png' alt='A'></p></div></article></body></html>")
    post = extract_page(html, url="https://blog.example/2020/01/post/")
    assert 'href="https://blog.example/about/"' in post.body_html
    assert post.images[0].src == "https://blog.example/2020/01/post/img/a.png"
    assert post.link == "https://blog.example/2020/01/post/"


def test_date_never_comes_from_comments_or_related_posts():
    html = """<html><body class="single"><article class="post hentry"><h1 class="entry-title">Undated</h1>
    <div class="entry-content"><p>Text without a date.</p>
    <div class="jp-relatedposts"><p class="jp-relatedposts-post-date">October 4, 2016</p>
    <a href="/other/">Other</a></div></div></article>
    <ol class="commentlist"><li class="comment" id="comment-1"><div class="comment-meta">
    <time datetime="2017-01-02T10:00:00+00:00">January 2, 2017</time></div><p>Hi</p></li></ol></body></html>"""
    post = extract_page(html, url="https://blog.example/2015/03/09/undated/")
    assert post.date == date(2015, 3, 9)  # the day of the date-based permalink, no invented time


def test_find_related_links_leaves_the_tree_alone():
    from lxml.html import fragment_fromstring, tostring

    from wparchive.extract.related import find_related_links

    root = fragment_fromstring("<div><p>Related:</p><p><a href='/a/'>A</a></p>"
                               "<div class='yarpp-related'><a href='/b/'>B</a></div></div>")
    before = tostring(root)
    assert len(find_related_links(root)) == 2
    assert tostring(root) == before


def test_content_element_inside_a_post_element_with_a_content_class():
    post = page("meta-in-content.html")
    text = html_text(post.body_html)
    assert text.splitlines() == [
        "The last keepers left the north coast lights in 1987, but their logbooks remain.",
        "Each entry records the weather, the ships that passed and the oil burned that night.",
    ]


def test_title_and_byline_at_the_top_of_the_content_go():
    post = page("byline-in-content.html")
    assert post.title == "Five companies join the lunar lander program"
    assert html_text(post.body_html).splitlines() == [
        "WASHINGTON — The agency announced on Monday that it was adding five companies to the program.",
        "By 2024 the landers should carry instruments to the south pole, the agency said.",
    ]


def test_other_posts_nested_in_the_post_are_dropped():
    text = html_text(page("nested-posts.html").body_html)
    assert "Viver uma verdadeira experiência amorosa" in text
    assert "Só quem se ama pode encontrar" in text
    assert "A vida requer" not in text and "Gratidão" not in text


def test_a_teasers_excerpt_is_not_the_posts_lead():
    text = html_text(page("teaser-lead.html").body_html)
    assert text.splitlines() == [
        "A case of the bubonic plague was reported in China over the weekend, the news agency said.",
        "Authorities say that the cases appear to be unrelated.",
    ]


@pytest.mark.parametrize(("title", "expected"), [
    ("Rivers | Field Notes", "Rivers"),
    ("Field Notes – Rivers", "Rivers"),
    ("Rivers | Field Notes | Field Notes", "Rivers"),
    ("Field Notes | Field Notes | Rivers", "Field Notes | Rivers"),  # the name is cut once at the start
    ("Rivers - Part 2 | Field Notes", "Rivers - Part 2"),
    ("Field Notes", "Field Notes"),  # a title that is only the name stays
    ("Field Notes | Field Notes", "Field Notes"),
    ("Notes | Rivers", "Notes | Rivers"),  # a title holding part of the name is not cut
])
def test_site_name_cut_from_the_title(title, expected):
    html = (f"<html><head><title>Page | Field Notes</title><meta property='og:title' content='{title}'>"
            "</head><body><article class='post'><p>Text of the post.</p></article></body></html>")
    assert extract_page(html.encode(), source="t.html").title == expected


def test_a_title_repeating_the_site_name_thousands_of_times_is_cut_in_one_go():
    """Cut one repeat at a time, 8,000 repeats took seconds."""
    title = "Rivers" + " | Field Notes" * 8000
    html = (f"<html><head><meta property='og:title' content='{title}'><title>{title}</title>"
            "<meta property='og:site_name' content='Field Notes'></head>"
            "<body><article class='post'><p>Text of the post.</p></article></body></html>")
    assert extract_page(html.encode(), source="t.html").title == "Rivers"
