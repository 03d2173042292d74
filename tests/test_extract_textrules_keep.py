"""Article text the boilerplate rules must keep: runs of headings, date headings deep in the body, contact
lines with mail links, and 'See also' headings over prose."""

from __future__ import annotations

from lxml.html import fragment_fromstring, tostring

from wparchive.extract.page import extract_page
from wparchive.extract.textrules import remove_leading_meta, remove_orphan_headings, remove_share_bars
from wparchive.extract.tidy import html_text

URL = "https://blog.example.org/2023/11/01/albums/"
ALBUMS = "<p>My favourite albums, in the order I found them.</p>"


def page_text(body: str, title: str = "Albums") -> str:
    html = (f"<html><head><title>{title}</title><link rel='canonical' href='{URL}'>"
            "<meta name='generator' content='WordPress 6.4'></head><body class='single single-post'>"
            f"<article class='post-7 post type-post'><h1 class='entry-title'>{title}</h1>"
            f"<div class='entry-content'>{body}</div></article></body></html>")
    return html_text(extract_page(html, url=URL).body_html)


def lines(html: str, rule, *args) -> list[str]:
    root = fragment_fromstring(html, create_parent="div")
    rule(root, *args)
    return html_text(tostring(root, encoding="unicode")).splitlines()


def test_a_run_of_headings_at_the_end_stays():
    body = ALBUMS + "<h3>1. Kind of Blue</h3><h3>2. A Love Supreme</h3><h3>3. Blue Train</h3>"
    assert page_text(body).splitlines() == [
        "My favourite albums, in the order I found them.", "1. Kind of Blue", "2. A Love Supreme", "3. Blue Train"]


def test_headings_separated_by_empty_blocks_are_a_run_too():
    html = ALBUMS + "".join(f"<div><h3>{n}. Album</h3><p> </p><p></p></div>" for n in range(1, 4))
    assert lines(html, remove_orphan_headings) == [
        "My favourite albums, in the order I found them.", "1. Album", "2. Album", "3. Album"]


def test_only_the_one_trailing_heading_after_text_is_an_orphan():
    """'### Popular on IndieWire' left by its widget: a short heading after text with nothing after it.
    A short closing line written as a heading ('Happy coding!') looks the same and goes too."""
    html = "<h2>Setup</h2><p>Install it.</p><h2>Usage</h2><p>Run it.</p><h3>Happy coding!</h3>"
    assert lines(html, remove_orphan_headings) == ["Setup", "Install it.", "Usage", "Run it."]
    nested = "<div><p>Run it.</p></div><div><div><h3>Popular on IndieWire</h3></div><p> </p></div>"
    assert lines(nested, remove_orphan_headings) == ["Run it."]


def test_a_trailing_heading_with_text_or_an_image_after_it_stays():
    assert lines("<p>Run it.</p><h3>Done</h3>and that is all", remove_orphan_headings) == [
        "Run it.", "Done", "and that is all"]
    kept = fragment_fromstring("<div><p>Run it.</p><h3>Done</h3><p><img src='x.png'></p></div>")
    remove_orphan_headings(kept)
    assert kept.find("h3") is not None
    alone = fragment_fromstring("<div><h3>Done</h3></div>")
    remove_orphan_headings(alone)
    assert alone.find("h3") is not None


def test_date_headings_deep_in_the_body_stay():
    body = ("<h2>June 2019</h2><ul><li>Alpha.</li></ul><h2>May 2019</h2><ul><li>Gamma.</li></ul>"
            "<h2>April 2019</h2><p>Beta.</p>")
    assert page_text(body, title="Changelog").splitlines() == [
        "June 2019", "Alpha.", "May 2019", "Gamma.", "April 2019", "Beta."]


def test_leading_meta_stops_at_a_list_table_or_quote():
    for block in ("<ul><li>Alpha.</li></ul>", "<table><tr><td>Alpha.</td></tr></table>",
                  "<blockquote><p>Alpha.</p></blockquote>", "<pre>Alpha.</pre>"):
        assert lines(block + "<p>January 22, 2014</p><p>Text.</p>", remove_leading_meta, "Title") == [
            "Alpha.", "January 22, 2014", "Text."]


def test_leading_meta_passes_over_a_category_list_as_before():
    """the_category()'s list is left to remove_term_lists; the date line after it still goes."""
    html = ("<ul class='post-categories'><li><a href='/category/jazz/'>Jazz</a></li></ul>"
            "<p>January 22, 2014</p><p>Text.</p>")
    assert lines(html, remove_leading_meta, "Title") == ["Jazz", "Text."]


def test_mail_links_with_a_recipient_are_a_contact_line():
    html = ("<p>Questions? <a href='mailto:jane@x.org'>Email</a> or <a href='mailto:bob@x.org'>mail</a> us.</p>"
            "<div><a href='mailto:?subject=Albums'>Email</a> <a href='javascript:print()'>Print</a></div>")
    assert lines(html, remove_share_bars) == ["Questions? Email or mail us."]


def test_see_also_over_prose_stays_and_a_related_label_over_prose_goes():
    html = ("<p>Text.</p><h2>See also</h2><p>The second part of this series.</p>"
            "<h2>Related</h2><p>More text.</p><p>The end.</p>")
    assert lines(html, remove_orphan_headings) == [
        "Text.", "See also", "The second part of this series.", "More text.", "The end."]
