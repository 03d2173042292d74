"""Front matter that every generator parses, bodies that keep captions, comments threaded."""

import json
from datetime import datetime, timedelta, timezone

import pytest
import yaml

from wparchive.model import Comment, Image, Link, Post, Term
from wparchive.writers.frontmatter import PRESETS, front_matter
from wparchive.writers.jsonl import record
from wparchive.writers.markdown import comments_markdown, markdown_files, post_markdown, to_markdown

PLUS2 = timezone(timedelta(hours=2))
POST = Post(
    id=7, title='Quotes "here": colons, emoji 🎉 & #hash', slug="q", status="publish",
    date=datetime(2021, 6, 1, 9, 30, tzinfo=PLUS2), modified=datetime(2021, 6, 2, 10, 0, tzinfo=PLUS2),
    author="Zoë", author_login="zoe",
    categories=(Term(taxonomy="category", name="Café & Bar", slug="cafe"),),
    tags=(Term(taxonomy="post_tag", name="yes", slug="yes"), Term(taxonomy="post_tag", name="null", slug="null")),
    excerpt="Short: text", featured_image=Image(src="https://x.org/a.jpg", alt="A"),
    related=(Link(text="Older", href="https://x.org/older/"),),
    body_html="<p>Body <em>text</em></p>",
)


def _front(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def test_front_matter_round_trips_through_yaml():
    data = _front(post_markdown(POST))
    assert data["title"] == POST.title
    assert data["date"] == POST.date and data["date"].utcoffset() == timedelta(hours=2)
    assert data["categories"] == ["Café & Bar"] and data["tags"] == ["yes", "null"]  # strings, not bool/None
    assert data["author"] == "Zoë"
    assert data["featured_image"] == {"src": "https://x.org/a.jpg", "alt": "A"}
    assert data["related"] == [{"text": "Older", "href": "https://x.org/older/"}]
    assert data["wordpress"]["id"] == 7


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_preset_parses_and_keeps_title_and_date(preset):
    data = _front(post_markdown(POST, preset=preset))
    assert data["title"] == POST.title
    assert POST.date in data.values()


def test_presets_rename_fields():
    assert "lastmod" in front_matter(POST, "hugo") and "summary" in front_matter(POST, "hugo")
    assert front_matter(POST, "astro")["pubDate"] == POST.date
    draft = Post(title="d", status="draft")
    assert front_matter(draft, "hugo")["draft"] is True
    assert front_matter(draft, "jekyll")["published"] is False


def test_figure_becomes_image_then_italic_caption():
    md = to_markdown('<figure><a href="big.jpg"><img src="a.jpg" alt="Heron"></a>'
                     "<figcaption>The heron, still.</figcaption></figure><p>After.</p>")
    assert md == "[![Heron](a.jpg)](big.jpg)\n\n*The heron, still.*\n\nAfter.\n"


def test_markdown_escapes_literal_emphasis_characters():
    assert to_markdown("<p>snake_case and 2*3*4</p>") == "snake\\_case and 2\\*3\\*4\n"


def test_code_block_keeps_language():
    assert to_markdown('<pre><code class="language-python">x = 1</code></pre>') == "```python\nx = 1\n```\n"


COMMENTS = (
    Comment(id=1, author="A", date=datetime(2021, 1, 1, tzinfo=timezone.utc), text="<p>first</p>"),
    Comment(id=2, author="B", date=None, text="<p>reply</p>", parent=1, author_url="https://b.org"),
    Comment(id=3, author="C", date=None, text="<p>orphan</p>", parent=99),
)


def test_inline_comments_are_threaded():
    md = comments_markdown(COMMENTS)
    assert md.startswith("## Comments\n")
    assert "- **A** — 2021-01-01 00:00" in md
    assert "  - **[B](<https://b.org>)**" in md and "    reply" in md
    assert "\n- **C**" in md  # an orphan reply is kept at the top level, never lost


def test_sidecar_comments_file():
    post = Post(title="t", slug="t", comments=COMMENTS, body_html="<p>x</p>")
    files = dict(markdown_files(post, "posts/t.md", comments="sidecar"))
    assert "## Comments" not in files["posts/t.md"].decode()
    tree = json.loads(files["posts/t.comments.json"])
    assert [c["author"] for c in tree] == ["A", "C"] and tree[0]["replies"][0]["author"] == "B"


def test_jsonl_record_fields():
    rec = record(POST)
    for key in ("url", "title", "date", "modified", "author", "categories", "tags", "language", "body_markdown",
                "body_html", "images", "captions", "related_links", "comments", "is_post", "problems"):
        assert key in rec
    assert rec["date"] == "2021-06-01T09:30:00+02:00" and rec["body_markdown"] == "Body *text*\n"


def test_comment_cycles_and_hostile_authors_are_kept_and_inert():
    loop = (Comment(id=1, author="Self", date=None, text="<p>me</p>", parent=1),
            Comment(id=2, author="A", date=None, text="<p>a</p>", parent=3),
            Comment(id=3, author="B](javascript:x) *b*", date=None, text="<p>b</p>", parent=2,
                    author_url="http://e.com/a b)c"))
    md = comments_markdown(loop)
    assert md.count("\n- **") == 3  # all three kept, none twice
    assert "[B\\](javascript:x) \\*b\\*](<http://e.com/a%20b)c>)" in md


def test_text_that_looks_like_markup_stays_text():
    md = to_markdown("<p>Use &lt;div&gt;, &lt;!-- x --&gt; and &amp;copy; but x &lt; y &amp; z</p>"
                     "<pre><code>&lt;div&gt; &amp;amp;</code></pre>")
    assert md.startswith("Use &lt;div>, &lt;!-- x --> and &amp;copy; but x < y & z\n")
    assert "```\n<div> &amp;\n```" in md  # code is shown verbatim, never escaped


def test_options_built_once_convert_as_the_public_call_does():
    import html_to_markdown

    from wparchive.writers import markdown

    html = ('<h2>Title</h2><p>A <em>b</em> * c_d <a href="https://x.org/">link</a></p><ul><li>one</li></ul>'
            '<pre><code class="language-py">x = 1</code></pre><table><tr><th>a</th></tr><tr><td>1</td></tr></table>')
    assert markdown._CONVERT(html) == html_to_markdown.convert(html, markdown._OPTIONS).content


def test_superscripts_subscripts_and_highlights_stay():
    """Markdown has none of them: they stay as HTML rather than turning MC² into MC2."""
    md = to_markdown("<p>H<sub>2</sub>O, E = MC<sup>2</sup>, k<sup>−1</sup> and <mark>this</mark>.</p>")
    assert md == "H<sub>2</sub>O, E = MC<sup>2</sup>, k<sup>−1</sup> and <mark>this</mark>.\n"


def test_links_in_a_code_block_are_its_text():
    md = to_markdown('<pre class="wp-block-code"><code><a href="#">Hello World, linked</a> x&lt;y</code></pre>'
                     '<p>a <a href="https://x.org/">link</a> and <code><abbr>ab</abbr></code></p>')
    assert md == "```\nHello World, linked x<y\n```\n\na [link](https://x.org/) and `ab`\n"


def test_block_footnotes_become_markdown_footnotes():
    """The block editor's footnotes link by id, which Markdown does not keep."""
    html = ('<p>A paragraph<sup><a href="#aa-1" id="aa-1-link">1</a></sup> and '
            '<sup><a id="bb-2-link" href="#bb-2">2</a></sup></p>'
            '<ol><li id="aa-1">A <em>note</em> <a href="#aa-1-link">↩︎</a></li>'
            '<li id="bb-2">Another <a href="#bb-2-link">↩︎</a></li></ol><ol><li>A list</li></ol>')
    assert to_markdown(html) == "A paragraph[^1] and [^2]\n\n[^1]: A *note*\n\n[^2]: Another\n\n1. A list\n"


def test_a_list_that_is_not_only_footnotes_stays_a_list():
    html = ('<p>A<sup><a href="#n1" id="n1-link">1</a></sup></p>'
            '<ol><li id="n1">Note <a href="#n1-link">↩︎</a></li><li id="other">Not a note</li></ol>')
    md = to_markdown(html)
    assert md.startswith("A<sup>[1](#n1)</sup>\n\n1. Note") and "2. Not a note" in md


def test_password_protected_posts_are_drafts():
    from dataclasses import replace

    from wparchive.convert import ConvertOptions, plan_reason

    protected = replace(POST, type="post", password_protected=True)
    assert plan_reason(protected, ConvertOptions()) == "password-protected (see --drafts)"
    assert plan_reason(protected, ConvertOptions(drafts=True)) == ""
    assert front_matter(protected)["draft"] is True and "draft" not in front_matter(POST)


def test_enclosures_of_a_podcast_episode_are_kept():
    from dataclasses import replace

    episode = replace(POST, meta=(
        ("enclosure", "http://media.libsyn.com/media/example/podcast.mp3\n21169426\naudio/mpeg\n"),
        ("enclosure", "https://x.org/v.mov\r\n\r\nvideo/quicktime"), ("enclosure", "not a url\n1\na/b"),
        ("_edit_lock", "1"),
    ))
    expected = [{"url": "http://media.libsyn.com/media/example/podcast.mp3", "length": 21169426, "type": "audio/mpeg"},
                {"url": "https://x.org/v.mov", "type": "video/quicktime"}]
    assert front_matter(episode)["enclosures"] == expected
    assert record(episode)["enclosures"] == expected
    assert "enclosures" not in front_matter(POST) and record(POST)["enclosures"] == []


def test_italics_inside_a_caption_do_not_turn_it_bold():
    md = to_markdown('<figure><img src="https://x.org/a.jpg" alt="A"><figcaption><em>Whole</em></figcaption></figure>'
                     '<figure><img src="https://x.org/b.jpg" alt="B"><figcaption>Part <i>it</i>, <strong>b</strong>'
                     "</figcaption></figure><p><em>kept</em> <img src='https://x.org/i.jpg' alt='i'></p>")
    assert md == ("![A](https://x.org/a.jpg)\n\n*Whole*\n\n![B](https://x.org/b.jpg)\n\n*Part it, **b***\n\n"
                  "*kept* ![i](https://x.org/i.jpg)\n")


def test_text_written_like_a_link_stays_text():
    """`[x](javascript:…)` typed into a post, or a page, must not become a live Markdown link."""
    md = to_markdown('<p>[post](javascript:alert(8)), [1] and <code>[c](d)</code></p><p>[x]: javascript:y</p>')
    assert md == "&#91;post](javascript:alert(8)), &#91;1] and `[c](d)`\n\n&#91;x]: javascript:y\n"
    assert to_markdown("<p>[1] and [x]</p>") == "[1] and [x]\n"  # brackets alone open no link: as written


def test_a_link_written_as_text_around_formatting_stays_text():
    md = to_markdown("<p>[<em>x</em>](javascript:alert(1)) and <strong>[</strong>y](z)</p>")
    assert md == "&#91;*x*](javascript:alert(1)) and **&#91;**y](z)\n"


def test_footnotes_after_another_list_of_ids():
    """A list whose items have ids (a table of contents) is not the footnotes, and does not swallow them;
    such a list left open after its last item costs no search over every way to split it."""
    toc = "<ol>" + "".join(f'<li id="s{n}">Section {n}</li>\n' for n in range(30)) + "</ol>"
    html = (f'{toc}<p>A<sup><a href="#fn" id="fn-link">1</a></sup></p>'
            '<ol><li id="fn">The note <a href="#fn-link">↩︎</a></li></ol>')
    md = to_markdown(html)
    assert md.endswith("A[^1]\n\n[^1]: The note\n") and "29. Section 28" in md


def test_a_link_split_by_a_tag_the_converter_drops_stays_text():
    md = to_markdown("<p>[x]<small>(javascript:alert(2))</small> and <kbd>[</kbd></p>")
    assert md == "&#91;x](javascript:alert(2)) and `[`\n"


def test_rewrites_leave_markup_left_open_as_it_is():
    """Open elements (a caller's own HTML: serialised trees are always closed) are converted as they are."""
    md = to_markdown('<hr><h2><img src="https://x.org/a.png" alt="A"> Title</h2><pre><a href="#">x</a>')
    assert md.startswith("---\n\n![A](https://x.org/a.png)\n\n## Title")


def test_an_html_page_names_every_byline_and_links_the_episode():
    from dataclasses import replace

    from wparchive.writers.html import html_files

    episode = replace(POST, authors=("Zoë", "Ann <Lee>"), meta=(("enclosure", "https://x.org/ep1.mp3\n12\naudio/mpeg"),))
    page = dict(html_files(episode, "q.html"))["q.html"].decode()
    assert '<span class="author">Zoë, Ann &lt;Lee&gt;</span>' in page
    assert '<a class="enclosure" href="https://x.org/ep1.mp3">ep1.mp3</a>' in page
    assert '<span class="author">Zoë</span>' in dict(html_files(POST, "q.html"))["q.html"].decode()


def test_a_json_record_says_a_post_was_password_protected():
    from dataclasses import replace

    assert record(replace(POST, password_protected=True))["password_protected"] is True
    assert record(POST)["password_protected"] is False


def test_a_link_around_a_figure_keeps_its_image():
    """Markdown has no link around an image and its caption: the link goes around the image."""
    md = to_markdown('<p>x</p><a href="https://x.org/big.jpg"><figure class="wp-block-image">'
                     '<img src="https://x.org/a.jpg" alt="A"><figcaption>Cap</figcaption></figure></a><p>y</p>')
    assert md == "x\n\n[![A](https://x.org/a.jpg)](https://x.org/big.jpg)\n\n*Cap*\n\ny\n"
