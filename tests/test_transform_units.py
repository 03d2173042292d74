"""Unit tests: shortcode attributes and matching, wpautop options, Rendered images and problems, comments."""

from __future__ import annotations

from wparchive.model import Image
from wparchive.transform.content import RenderContext, render_comment, render_content
from wparchive.transform.context import Notes
from wparchive.transform.shortcodes import ShortcodePattern, apply_shortcodes, find_unknown, parse_atts
from wparchive.transform.wpautop import wpautop


def test_parse_atts_quoting_styles() -> None:
    named, positional = parse_atts(' id="a b" Align=\'left\' width=300 "pos one" \'pos two\' bare ')
    assert named == {"id": "a b", "align": "left", "width": "300"}
    assert positional == ("pos one", "pos two", "bare")


def test_parse_atts_jetpack_equals_form_and_odd_spaces() -> None:
    assert parse_atts("=http://youtu.be/x?a=1")[1] == ("=http://youtu.be/x?a=1",)
    assert parse_atts("id=1\u00a0width=2")[0] == {"id": "1", "width": "2"}


def test_parse_atts_blanks_values_with_unbalanced_angle_brackets() -> None:
    named, _ = parse_atts('caption="a <b>bold</b> one" title="x < y"')
    assert named == {"caption": "a <b>bold</b> one", "title": ""}


def _echo(code, ctx, notes):
    return f"<{code.name}|{dict(code.named)}|{code.positional}|{code.content}>"


def _apply(text: str) -> str:
    pattern = ShortcodePattern(["x", "x-y"])
    return apply_shortcodes(text, pattern, {"x": _echo, "x-y": _echo}, RenderContext(), Notes())


def test_shortcode_forms() -> None:
    assert _apply("[x /]") == "<x|{}|()|None>"
    assert _apply("[x a=1]in[/x]") == "<x|{'a': '1'}|()|in>"
    assert _apply("[x-y]") == "<x-y|{}|()|None>"
    assert _apply("[[x]]") == "[x]"
    assert _apply("[xyz] [x_z]") == "[xyz] [x_z]"  # not registered names: text


def test_enclosing_stops_at_first_closer() -> None:
    assert _apply("[x]a[/x] b [x]c[/x]") == "<x|{}|()|a> b <x|{}|()|c>"


def test_find_unknown_ignores_bracketed_prose() -> None:
    text = '[col grid="2"]a[/col] [sic] [and the guy :: <a href="x?a=1">] [map /]'
    assert find_unknown(text, {"caption"}) == ["col", "map"]


def test_wpautop_without_br_keeps_newlines() -> None:
    assert wpautop("a\nb\n\nc", br=False) == "<p>a\nb</p>\n<p>c</p>\n"
    assert wpautop("   \n ") == ""


def test_rendered_images_in_order_with_captions() -> None:
    raw = (
        '<img src="/a.jpg" alt="A" class="wp-image-4">\n\n'
        '[caption id="attachment_5"]<a href="/b-full.jpg"><img src="/b.jpg" alt="B"></a> Bee[/caption]\n\n'
        '<img srcset="/c-300.jpg 300w, /c-1024.jpg 1024w" alt="C">'
    )
    images = render_content(raw, RenderContext(base_url="https://blog.example/")).images
    assert images == (
        Image(src="https://blog.example/a.jpg", alt="A", id=4),
        Image(src="https://blog.example/b.jpg", alt="B", caption="Bee", link="https://blog.example/b-full.jpg"),
        Image(src="https://blog.example/c-1024.jpg", alt="C"),
    )


def test_problems_carry_source_and_item() -> None:
    ctx = RenderContext(source="export.xml", item="post 3 'T'")
    problems = render_content("[caption]just words[/caption] [/embed]", ctx).problems
    assert [p.message for p in problems] == [
        "[caption] without an image: caption kept as a paragraph",
        "[/embed] without its opening tag left as text",
    ]
    assert {(p.source, p.item, p.severity) for p in problems} == {("export.xml", "post 3 'T'", "warning")}


def test_inline_figure_leaves_no_empty_paragraphs() -> None:
    html = render_content('Before [caption caption="Cap"]<img src="http://e.x/a.jpg">[/caption] after').html
    assert "<p></p>" not in html
    assert "<figcaption>Cap</figcaption>" in html and "Before" in html and "after" in html


def test_unclosed_block_and_bad_attributes_warn() -> None:
    rendered = render_content('<!-- wp:paragraph {"a": -->\n<p>Text</p>')
    assert "Text" in rendered.html
    assert [p.message for p in rendered.problems] == ["unreadable block comment dropped"]
    rendered = render_content("<!-- wp:group -->\n<div>Open</div>")
    assert "Open" in rendered.html
    assert [p.message for p in rendered.problems] == ["block core/group not closed"]


def test_render_comment_autops_and_cleans() -> None:
    html = render_comment("Nice post!\nThanks.\n\n<script>x()</script>Bye")
    assert html == "<p>Nice post!<br>\nThanks.</p>\n<p>Bye</p>"


def test_render_comment_links_bare_urls_like_make_clickable() -> None:
    html = render_comment('See http://e.x/a?b=1&amp;c=2. And <a href="http://e.x/">http://e.x/</a>, www.e.x too')
    assert html == (
        '<p>See <a href="http://e.x/a?b=1&amp;c=2">http://e.x/a?b=1&amp;c=2</a>. '
        'And <a href="http://e.x/">http://e.x/</a>, <a href="http://www.e.x">www.e.x</a> too</p>'
    )


def test_gallery_images_keep_attachment_ids_and_captions() -> None:
    ctx = RenderContext(attachments={7: Image(src="http://e.x/7.jpg", alt="Seven", caption="Cap 7", id=7)})
    assert render_content('[gallery ids="7"]', ctx).images == (
        Image(src="http://e.x/7.jpg", alt="Seven", caption="Cap 7", id=7),
    )


def test_parse_atts_decodes_c_escapes_and_skips_empty_positionals() -> None:
    named, positional = parse_atts(r'title="tab\there" path="c:\\dir\x41" "" \101')
    assert named == {"title": "tab\there", "path": "c:\\dirA"}
    assert positional == ("A",)


def test_shortcode_in_attribute_is_not_run() -> None:
    html = render_content('<a href="http://e.x/" title="[gallery]">link</a> [gallery ids="1"]').html
    assert html == '<p><a href="http://e.x/" title="[gallery]">link</a> </p>'


def test_url_alone_in_preformatted_text_is_not_embedded() -> None:
    html = render_content("<pre>\nhttps://www.youtube.com/watch?v=abc\n</pre>").html
    assert html == "<pre>https://www.youtube.com/watch?v=abc\n</pre>"  # HTML drops the newline after <pre>


def test_wpautop_is_linear_on_long_whitespace_runs():
    """Runs of spaces once made these patterns quadratic (100 kB took 17 s); now they finish at once."""
    from wparchive.transform.wpautop import wpautop

    text = "a" + " " * 200_000 + "b" + " \n" * 50_000 + "c"
    out = wpautop(text)
    assert out.startswith("<p>a") and out.rstrip().endswith("c</p>")


def test_a_warning_repeated_in_one_post_is_one_line_with_its_count():
    rendered = render_content("<!-- wp:search /-->\n<!-- wp:archives /-->\n<!-- wp:search /-->\n"
                              "<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->\n<!-- wp:search /-->",
                              RenderContext(source="e.xml", item="post 1"))
    assert [p.message for p in rendered.problems] == [
        "dynamic block core/search dropped: its content is not stored in the post (×3)",
        "dynamic block core/archives dropped: its content is not stored in the post"]
    assert {(p.source, p.item, p.severity) for p in rendered.problems} == {("e.xml", "post 1", "warning")}


def test_a_query_block_keeps_what_is_stored_in_it():
    """The posts a query lists are built at view time; its own headings and notes are in the post."""
    text = ('<!-- wp:query {"queryId":1} --><div class="wp-block-query"><!-- wp:heading -->'
            '<h2 class="wp-block-heading">Grid, 3 columns</h2><!-- /wp:heading -->'
            '<!-- wp:post-template --><!-- wp:post-title /--><!-- wp:heading --><h3>Per post</h3><!-- /wp:heading -->'
            '<!-- /wp:post-template --><!-- wp:query-no-results --><!-- wp:paragraph --><p>None.</p>'
            '<!-- /wp:paragraph --><!-- /wp:query-no-results --></div><!-- /wp:query -->')
    rendered = render_content(text, RenderContext())
    assert "Grid, 3 columns" in rendered.html and "Per post" not in rendered.html and "None." not in rendered.html
    assert rendered.problems[0].message == (
        "dynamic block core/query: the posts it lists are not stored in the post; the rest is kept")
