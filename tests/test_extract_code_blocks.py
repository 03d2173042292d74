"""Syntax highlighter layouts on saved pages come out as one fenced listing each, without line numbers,
toolbars or the hidden raw copies plugins keep for their copy buttons."""

from __future__ import annotations

import re

from wparchive.extract.page import ExtractOptions, extract_page
from wparchive.writers.markdown import to_markdown

INTRO = "<p>How to open a socket and read what the server answers, step by step, with the whole listing.</p>"
PAGE = """<html><head><meta name="generator" content="WordPress 6.4"><title>Sockets</title></head>
<body class="post-template-default single single-post postid-7"><article class="post-7 post type-post">
<h1 class="entry-title">Sockets</h1><div class="entry-content">{intro}{code}<p>That is all there is to it.</p></div>
</article></body></html>"""
LINES = ['target_host = "www.example.com"', "", "# connect the client", "client.connect((target_host, 80))"]


def markdown(code: str, **kwargs) -> str:
    html = PAGE.format(intro=INTRO, code=code)
    return to_markdown(extract_page(html.encode(), source="page.html", **kwargs).body_html)


def fences(md: str) -> list[tuple[str, str]]:
    """(language, code) of each fenced block."""
    return re.findall(r"^```(\S*)\n(.*?)\n```$", md, re.MULTILINE | re.DOTALL)


def assert_one_listing(md: str, language: str, lines: list[str]) -> None:
    assert fences(md) == [(language, "\n".join(lines))]
    assert "|" not in md  # no table
    assert md.count(lines[0].strip()) == 1  # no second copy of the code
    assert "That is all there is to it." in md and "step by step" in md


def test_wp_syntax_table_with_gutter_and_hidden_copy():
    code = ('<div class="wp_syntax" style="position:relative;"><table><tr>'
            '<td class="line_numbers"><pre>1\n2\n3\n4\n</pre></td>'
            '<td class="code"><pre class="python" style="font-family:monospace;">'
            'target_host <span style="color: #66cc66;">=</span> <span>&quot;www.example.com&quot;</span>\n&nbsp;\n'
            '<span style="font-style: italic;"># connect the client</span>\n'
            'client.<span>connect</span>((target_host, <span>80</span>))</pre></td></tr></table>'
            '<p class="theCode" style="display:none;">target_host = &quot;www.example.com&quot;\n\n'
            '# connect the client\nclient.connect((target_host, 80))</p></div>')
    md = markdown(code)
    assert_one_listing(md, "python", [LINES[0], " ", *LINES[2:]])
    assert "\\_" not in md and "# connect" not in md.replace("\n# connect the client\n", "")


def test_syntaxhighlighter_evolved_lines_without_gutter_or_toolbar():
    line = '<div class="line number{n} index{i} alt2">{body}</div>'
    bodies = ['<code class="php variable">$a</code> <code class="php plain">= 1;</code>',
              '<code class="php keyword">if</code> <code class="php plain">($a) {</code>',
              '<code class="php spaces">&nbsp;&nbsp;&nbsp;&nbsp;</code><code class="php functions">echo</code>'
              ' <code class="php variable">$a</code><code class="php plain">;</code>',
              '<code class="php plain">}</code>']
    code = ('<div id="highlighter_1" class="syntaxhighlighter  php"><div class="toolbar">'
            '<a href="#about" class="toolbar_item command_help help">?</a></div><table border="0" cellpadding="0">'
            '<tbody><tr><td class="gutter">'
            + "".join(line.format(n=i + 1, i=i, body=i + 1) for i in range(4))
            + '</td><td class="code"><div class="container">'
            + "".join(line.format(n=i + 1, i=i, body=b) for i, b in enumerate(bodies))
            + "</div></td></tr></tbody></table></div>")
    md = markdown(code)
    assert fences(md) == [("php", "$a = 1;\nif ($a) {\n    echo $a;\n}")]
    assert "?" not in md.replace("```", "") and "|" not in md


def test_crayon_lines_numbers_and_plain_textarea():
    lines = "".join(f'<div class="crayon-line" id="crayon-1-{i}">{text}</div>' for i, text in enumerate(LINES, 1))
    nums = "".join(f'<div class="crayon-num" data-line="crayon-1-{i}">{i}</div>' for i in range(1, 5))
    code = ('<div id="crayon-1" class="crayon-syntax crayon-theme-classic">'
            '<div class="crayon-toolbar"><span class="crayon-title">socket.py</span><div class="crayon-tools">'
            '<div class="crayon-button crayon-copy-button" title="Copy"></div>'
            '<span class="crayon-language">Python</span></div></div>'
            '<div class="crayon-plain-wrap"><textarea wrap="soft" class="crayon-plain print-no" readonly>'
            + "\n".join(LINES) + "</textarea></div>"
            '<div class="crayon-main"><table class="crayon-table"><tr class="crayon-row">'
            f'<td class="crayon-nums" data-settings="show"><div class="crayon-nums-content">{nums}</div></td>'
            f'<td class="crayon-code"><div class="crayon-pre">{lines}</div></td></tr></table></div></div>')
    md = markdown(code)
    assert_one_listing(md, "python", LINES)
    assert "socket.py" in md  # the listing's title is visible text


def test_geshi_table_and_raw_highlighter_languages():
    geshi = ('<table class="python"><tbody><tr class="li1"><td class="ln"><pre class="de1">1\n2\n3\n4</pre></td>'
             '<td class="de1"><pre class="de1">' + "\n".join(LINES) + "</pre></td></tr></tbody></table>")
    assert_one_listing(markdown(geshi), "", LINES)
    enlighter = '<pre class="EnlighterJSRAW" data-enlighter-language="python">' + "\n".join(LINES) + "</pre>"
    assert_one_listing(markdown(enlighter), "python", LINES)
    brush = '<pre class="brush: php; title: ; notranslate" title="">' + "\n".join(LINES) + "</pre>"
    assert_one_listing(markdown(brush), "php", LINES)


def test_highlightjs_line_number_table_inside_code():
    rows = "".join(f'<tr><td class="hljs-ln-line hljs-ln-numbers" data-line-number="{i}"></td>'
                   f'<td class="hljs-ln-line hljs-ln-code" data-line-number="{i}">{text}</td></tr>'
                   for i, text in enumerate(LINES, 1))
    code = f'<pre><code class="hljs language-python"><table class="hljs-ln"><tbody>{rows}</tbody></table></code></pre>'
    assert_one_listing(markdown(code), "python", LINES)


def test_hidden_text_that_is_not_a_copy_of_code_stays():
    code = ('<pre class="lang:python">' + "\n".join(LINES) + "</pre>"
            '<p style="display:none">A note only some readers see.</p><div hidden>'
            + "\n".join(LINES) + "</div>")
    md = markdown(code)
    assert "A note only some readers see." in md
    assert md.count(LINES[0]) == 1


def test_data_table_beside_code_stays_a_table():
    table = ("<table><tr><th>Port</th><th>Service</th></tr><tr><td>80</td><td>http</td></tr>"
             "<tr><td>22</td><td>ssh</td></tr></table>")
    md = markdown(table + "<pre>" + "\n".join(LINES) + "</pre>")
    rows = [" ".join(line.split()) for line in md.splitlines() if line.startswith("|")]
    assert "| Port | Service |" in rows and "| 22 | ssh |" in rows
    assert fences(md) == [("", "\n".join(LINES))]


def test_wp_syntax_on_the_generic_extraction_path():
    """Without a post container the page goes to trafilatura, which made one-cell tables of listings."""
    prose = [(f"<p>Paragraph {i} explains a part of the example data and what each column holds for R."
                    " It is long enough to be read as article text by generic extraction.</p>") for i in range(6)]
    code = ('<div class="wp_syntax"><table><tr><td class="code"><pre class="r" style="font-family:monospace;">'
            'data <span>&lt;-</span> data.frame(x = c(1, 2),   <span># Example data</span>\n'
            '                   g = c("a", "b"))</pre></td></tr></table>'
            '<p class="theCode" style="display:none;">data &lt;- data.frame(x = c(1, 2),   # Example data\n'
            '                   g = c("a", "b"))</p></div>')
    head, tail = "".join(prose[:3]), "".join(prose[3:])
    html = (f"<html><head><title>Data</title></head><body><main><h1>Data</h1>{head}{code}{tail}"
            "</main></body></html>")
    post = extract_page(html.encode(), source="page.html", options=ExtractOptions(fallback=True))
    md = to_markdown(post.body_html)
    assert fences(md) == [("r", 'data <- data.frame(x = c(1, 2),   # Example data\n                   g = c("a", "b"))')]
    assert "|" not in md


def test_a_layout_table_around_the_text_is_not_a_listing():
    """A blank spacer cell is no line-number gutter, and a cell with prose around its <pre> is no code cell."""
    code = ('<table><tr><td width="10">&nbsp;</td><td><p>I installed the package first.</p>'
            "<pre>pip install foo</pre><p>Afterwards the import worked.</p></td></tr></table>")
    md = markdown(code)
    assert "I installed the package first." in md and "Afterwards the import worked." in md
    assert "pip install foo" in md


def test_a_table_of_numbered_steps_keeps_its_numbers():
    code = ("<table><tr><td>1</td><td><pre>./configure</pre></td></tr>"
            "<tr><td>2</td><td><pre>make</pre></td></tr></table>")
    md = markdown(code)
    assert re.search(r"\b1\b.*configure", md, re.DOTALL) and re.search(r"\b2\b.*make", md, re.DOTALL)
