"""Comments in the markup of themes other than the core ones: found, with author and time, without widgets."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from conftest import corpus_dir

from wparchive.extract.metadata import parse_moment
from wparchive.extract.page import ExtractOptions, extract_page
from wparchive.extract.tidy import html_text

CEST = timezone(timedelta(hours=2))


def comments(body: str):
    page = (f"<html><head><title>A post</title></head><body><article class='post'><h1 class='entry-title'>A post</h1>"
            f"<div class='entry-content'><p>The post itself, long enough to be the body of the page.</p></div>"
            f"</article>{body}</body></html>")
    return extract_page(page, source="page.html", options=ExtractOptions(comments=True)).comments


TWENTY_TWENTY = """
<div class="comments-wrapper"><div id="comments" class="comments"><div class="comments-inner">
 <div id="comment-7" class="comment even thread-even depth-1 parent">
  <article id="div-comment-7" class="comment-body">
   <footer class="comment-meta"><div class="comment-author vcard"><img class="avatar" src="a.png">
    <span class="fn"><a href="https://ada.example" class="url">Ada</a></span><span class="screen-reader-text says">says:</span>
   </div><div class="comment-metadata"><a href="#comment-7"><time datetime="2020-05-05T09:15:00+02:00">May 5, 2020 at 9:15 am</time></a></div>
   </footer>
   <div class="comment-content entry-content"><p>Es war ein wunderbarer Beschluss.</p></div>
   <footer class="comment-footer-meta"><span class="comment-reply"><a class="comment-reply-link" href="?replytocom=7#respond">Reply</a></span></footer>
  </article>
  <div class="children">
   <div id="comment-8" class="comment odd alt depth-2">
    <article id="div-comment-8" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard">
     <span class="fn">Bo</span></div></footer><div class="comment-content entry-content"><p>Thanks.</p></div></article>
   </div>
  </div>
 </div>
</div></div></div>"""


def test_div_comments_of_twenty_twenty_with_their_replies():
    first, reply = comments(TWENTY_TWENTY)
    assert (first.id, first.author, first.author_url) == (7, "Ada", "https://ada.example")
    assert first.date == datetime(2020, 5, 5, 9, 15, tzinfo=CEST)
    assert first.text == "<p>Es war ein wunderbarer Beschluss.</p>"
    assert (reply.id, reply.parent, reply.author, reply.text) == (8, 7, "Bo", "<p>Thanks.</p>")


WORDPRESS_COM = """
<div id="comments"><ol id="commentlist">
 <li class="comment byuser comment-author-anhora even thread-even depth-1 highlander-comment" id="comment-8354">
  <div id="div-comment-8354" class="comment-body">
   <div class="comment-author vcard"><img class="avatar avatar-26" src="g.png">
    <cite class="fn"><a href="http://anhora.example" class="url">Anhora</a></cite> <span class="says">sagt:</span></div>
   <div class="comment-meta commentmetadata"><a href="https://blog.example/post/#comment-8354">06.01.2020 um 9:16</a></div>
   <p>Beide Bilder sind toll! Das zweite ist unschlagbar.</p>
   <p id="comment-like-8354" class="comment-likes comment-not-liked"><a href="https://blog.example/post/?like_comment=8354&amp;_wpnonce=e211ceffc9"
    class="comment-like-link needs-login" rel="nofollow"><span>Liken</span></a><span id="comment-like-count-8354"
    class="comment-like-feedback">Gefällt 1 Person</span></p>
   <div class="cs-rating pd-rating" id="pd_rating_holder_1_comm_8354"></div>
  </div>
 </li>
</ol></div>"""


def test_wordpress_com_list_by_id_without_like_widget_and_with_the_time_of_day():
    (comment,) = comments(WORDPRESS_COM)
    assert (comment.id, comment.author, comment.author_url) == (8354, "Anhora", "http://anhora.example")
    assert comment.date == datetime(2020, 1, 6, 9, 16)
    assert comment.text == "<p>Beide Bilder sind toll! Das zweite ist unschlagbar.</p>"
    assert "like_comment" not in comment.text and "Liken" not in comment.text


SPEKTRUM = """
<div id="comments"><ol class="commentlist">
 <li class="comment even thread-even depth-1" id="li-comment-2772">
  <article id="comment-2772" class="comment regular">
   <div class="comment-avatar"><img class="avatar avatar-60 photo" src="g.png"></div>
   <div class="comment-content">
    <ul class="comment-meta">
     <li class="comment-reply"><a rel="nofollow" class="comment-reply-link" href="#comment-2772">Antworten</a></li>
     <li class="comment-author">Dietmar Hilsebein</li>
     <li class="comment-time"><a href="https://scilogs.example/post/#comment-2772"> 8. April 2019 @ 11:38</a></li>
     <li class="comment-edit"></li>
    </ul>
    <div class="comment-text"><p>Sind da Frauen nicht befragt worden?</p></div>
   </div>
  </article>
 </li>
</ol></div>"""


def test_author_and_date_in_a_meta_list_stay_out_of_the_text():
    (comment,) = comments(SPEKTRUM)
    assert (comment.id, comment.author) == (2772, "Dietmar Hilsebein")
    assert comment.date == datetime(2019, 4, 8, 11, 38)
    assert comment.text == "<p>Sind da Frauen nicht befragt worden?</p>"


OLD_THEMES = """
<div id="comments"><ol id="commentlist" class="commentlist">
 <li id="comment-4414" class="alt">
  <p class="comment-number"><a href="#comment-4414">1</a></p><img class="gravatar" src="g.png">
  Kommentar<small> von </small><cite>Mareike</cite><br>
  <small class="commentmetadata">8. Dezember 2010 um 10:56 </small>
  <p>Eine interessante Art Leber zuzubereiten.</p>
 </li>
 <li id="comment-9295">
  <p>Mit Verlaub, ich halte das für groben Unsinn.</p>
  <p><cite>Comment by Jan Dark — 18.07.2011 @ <a href="#comment-9295">16:41</a></cite></p>
 </li>
</ol></div>"""


def test_items_known_only_by_their_id_lose_their_bylines():
    mareike, jan = comments(OLD_THEMES)
    assert (mareike.id, mareike.author, mareike.text) == (4414, "Mareike", "<p>Eine interessante Art Leber zuzubereiten.</p>")
    assert mareike.date == datetime(2010, 12, 8, 10, 56)
    assert (jan.id, jan.author, jan.text) == (9295, "Jan Dark", "<p>Mit Verlaub, ich halte das für groben Unsinn.</p>")
    assert jan.date == datetime(2011, 7, 18, 16, 41)


THESIS = """
<div id="comments"><dl id="comment_list">
 <dt class="comment even thread-even depth-1" id="comment-1769281">
  <span class="comment_author">Armanox</span>
  <span class="comment_time"><a href="#comment-1769281" rel="nofollow">June 28, 2015 at 10:25 pm</a></span>
 </dt>
 <dd class="comment even thread-even depth-1">
  <div class="format_text" id="comment-body-1769281"><p>Really, no Shagrath?</p></div>
 </dd>
</dl></div>"""


def test_dt_author_and_dd_text_are_one_comment():
    (comment,) = comments(THESIS)
    assert (comment.id, comment.author, comment.text) == (1769281, "Armanox", "<p>Really, no Shagrath?</p>")
    assert comment.date == datetime(2015, 6, 28, 22, 25)


ARTICLE_AND_PINGS = """
<section id="comments"><ol class="comment-list">
 <li class="comment depth-1" id="li-comment-1999"><article id="comment-1999">
  <div class="content"><header><span class="author">Boluwatife A.</span>
   <a href="#comment-1999"><time datetime="2019-09-28T12:29:27+05:30">September 28, 2019 at 12:29 pm</time></a>
   <span class="reply"><a class="comment-reply-link" href="#comment-1999">Reply</a></span></header>
   <p>Well detailed article.</p></div>
 </article></li>
</ol>
<div id="trackbacks"><ol class="pinglist"><li id="comment-1225"><a href="https://other.example/" class="url">Other post</a> - […] a mention […]</li></ol></div>
</section>"""


def test_article_in_li_is_one_comment_and_a_ping_list_gives_pingbacks():
    comment, ping = comments(ARTICLE_AND_PINGS)
    assert (comment.id, comment.author, comment.text) == (1999, "Boluwatife A.", "<p>Well detailed article.</p>")
    assert comment.date == datetime(2019, 9, 28, 12, 29, 27, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert (ping.id, ping.type) == (1225, "pingback")
    assert "a mention" in ping.text


WIDGETS = """
<aside id="sidebar"><section class="widget widget_recent_comments"><h2>Recent comments</h2>
 <ul id="recentcomments"><li class="recentcomments"><span class="comment-author-link">Ada</span> on
  <a href="https://blog.example/post/#comment-12">A post</a></li></ul></section>
 <section class="widget top-comments"><ul><li class="comment" id="comment-13"><a href="/x/#comment-13">Bo</a>: nice</li></ul>
 </section></aside>
<div class="trackback notforprint">&nbsp;</div>"""


def test_recent_comment_widgets_and_empty_theme_slots_are_no_comments():
    assert comments(WIDGETS) == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("06.01.2020 um 9:16", datetime(2020, 1, 6, 9, 16)),
    ("June 28, 2015 at 10:25 pm", datetime(2015, 6, 28, 22, 25)),
    ("May 5, 2020 at 12:15 am", datetime(2020, 5, 5, 0, 15)),
    ("18.10.2019, 16:18", datetime(2019, 10, 18, 16, 18)),
    ("October 6, 2016", datetime(2016, 10, 6)),
    ("October 6, 2016 at 25:99", datetime(2016, 10, 6)),
])
def test_visible_dates_keep_their_time_of_day(text, expected):
    assert parse_moment(text) == expected


# Corpus pages whose comments are in the HTML in one of the patterns above.
CORPUS_COMMENTS = {
    "helge.at.mahu.html": 1, "journelles.de.westwing.html": 1, "literaturgefluester.wordpress.com.jahr.html": 2,
    "internet-law.de.pseudonymen.html": 35, "hearya.com.metal.html": 38, "der-erfolg-gibt-recht.de.rinderleber.html": 6,
    "spektrum.de.engelbart.html": 54, "gnadlib.wordpress.com.scherenschnitt.html": 5,
}


@pytest.fixture(scope="module")
def corpus_comments():
    base = corpus_dir("html", "trafilatura")
    entries = {e["file"]: e for e in json.loads((base / "expectations.json").read_text())}
    return {name: (entries[name], extract_page((base / name).read_bytes(), url=entries[name]["url"],
                                              options=ExtractOptions(comments=True)).comments)
            for name in CORPUS_COMMENTS}


def test_corpus_theme_pages_give_their_comments(corpus_comments):
    counts = {name: len(found) for name, (_, found) in corpus_comments.items()}
    assert counts == CORPUS_COMMENTS
    texts = {name: " ".join(html_text(c.text) for c in found) for name, (_, found) in corpus_comments.items()}
    missing = [(name, s) for name, (entry, _) in corpus_comments.items() for s in entry["comments"]
               if " ".join(s.split()) not in " ".join(texts[name].split()) and s != "Lena"]  # Lena is an author
    assert missing == []


def test_corpus_comments_have_authors_times_and_no_widgets(corpus_comments):
    spektrum = corpus_comments["spektrum.de.engelbart.html"][1]
    assert all(c.author for c in spektrum)
    assert not any("Antworten" in c.text or "#comment-" in c.text for c in spektrum)
    gnadlib = corpus_comments["gnadlib.wordpress.com.scherenschnitt.html"][1]
    assert gnadlib[0].date == datetime(2020, 1, 6, 9, 16)
    assert not any("Liken" in c.text or "like_comment" in c.text for c in gnadlib)
