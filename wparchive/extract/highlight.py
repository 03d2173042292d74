"""Syntax highlighter markup back to plain listings: one <pre><code class="language-x"> each.

Highlighter plugins print code as a table (a line-number gutter beside the code: WP-Syntax, GeSHi,
SyntaxHighlighter Evolved, highlight.js line numbers), one element a line (SyntaxHighlighter's
div.line, Crayon's .crayon-line, EnlighterJS), and often a hidden copy of the raw code for their copy
or "view raw" button. Left as they are, the listing becomes a one-cell Markdown table on one line and
the hidden copy an unfenced second listing.
"""

from __future__ import annotations

import re

from lxml import etree

from ..transform.tree import drop_tree, set_code_language

__all__ = ["code_languages", "plain_code"]

# Prism/highlight.js (`language-php`, `lang-php`), SyntaxHighlighter (`brush: php`), Crayon (`lang:php`),
# EnlighterJS v3 (`enlighter-l-php`).
_LANGUAGE = re.compile(r"\b(?:language|lang)[-:]([\w+#.-]+)|\bbrush:\s*([\w+#.-]+)|\benlighter-l-([\w+#.-]+)")
_LANG_NAME = re.compile(r"[a-z][\w+#.-]*")
# Highlighter wrappers replaced whole by their listing: plugin chrome (toolbars, "copy" buttons, raw
# copies) goes with them.
_CONTAINERS = frozenset({"wp_syntax", "syntaxhighlighter", "crayon-syntax", "enlighter-default", "EnlighterJS",
                         "enlighterEnlighterJS"})
_CONTAINER_XPATH = etree.XPath(" | ".join(
    f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]" for name in sorted(_CONTAINERS)))
# One element a line: SyntaxHighlighter, Crayon, highlight.js line numbers, EnlighterJS v2 (`ol > li`).
_LINES = frozenset({"line", "crayon-line", "hljs-ln-code", "hljs-ln-line"})
# Line-number gutters and their numbers.
_GUTTERS = frozenset({"gutter", "line_numbers", "crayon-nums", "crayon-num", "ln", "linenos", "lineno",
                      "hljs-ln-numbers", "line-numbers-rows", "enlighter-gutter"})
_CHROME = frozenset({"toolbar", "crayon-toolbar", "crayon-info", "crayon-plain", "enlighter-toolbar",
                     "enlighter-toolbar-top", "enlighter-toolbar-bottom", "enlighter-raw", "theCode"})
# GeSHi style classes, which are not languages (WP-Syntax puts the language itself on the <pre>).
_GESHI_STYLES = frozenset({"de1", "de2", "li1", "li2", "code"})
_DIGITS = re.compile(r"[\d\s]*")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def plain_code(root: etree._Element) -> None:
    """Highlighter layouts become plain listings; hidden copies of a listing are dropped."""
    for container in _CONTAINER_XPATH(root):
        if container.getparent() is not None and not _inside_listing(container):
            _replace(container, [_listing(container)])
    for table in list(root.iter("table")):
        if table.getparent() is not None and _is_code_table(table):
            _replace_table(table)
    for pre in root.iter("pre"):
        _code_language(pre)
    _drop_hidden_copies(root)


def code_languages(root: etree._Element) -> dict[str, str]:
    """The language of each listing, by its text without whitespace: what generic extraction loses."""
    languages = {}
    for code in root.iter("code"):
        m = _LANGUAGE.search(code.get("class") or "")
        if m and code.getparent() is not None and code.getparent().tag == "pre":
            languages[_key(code)] = _language(m)
    return languages


def _inside_listing(el: etree._Element) -> bool:
    return any(a.tag == "pre" or _classes(a) & _CONTAINERS for a in el.iterancestors())


def _is_code_table(table: etree._Element) -> bool:
    """A table whose cells are line-number gutters and code: GeSHi, Rouge, Pygments, highlight.js."""
    if table.find(".//table") is not None:
        return False
    cells = list(table.iter("td", "th"))
    one_row = len(list(table.iter("tr"))) <= 1
    code = [c for c in cells if _is_line(c) or not _is_gutter(c, one_row)]
    # Every other cell is code and nothing else: a layout table around a post's text never is one.
    return bool(code) and all(_is_line(c) or (c.find(".//pre") is not None and _only_pre(c)) for c in code)


def _replace_table(table: etree._Element) -> None:
    """Lines in rows (highlight.js line numbers) make one listing; otherwise each code cell is one, in
    order, so listings set side by side stay apart. Inside a <pre> only the text is left."""
    if any(_is_line(c) for c in table.iter("td", "th")):
        listings = [_listing(table)]
    else:
        one_row = len(list(table.iter("tr"))) <= 1
        listings = [_listing(c) for c in table.iter("td", "th") if not _is_gutter(c, one_row)]
    if any(a.tag == "pre" for a in table.iterancestors()):
        text = "\n".join(listing[0] for listing in listings)
        _append_text(table, text + (table.tail or ""))
        table.getparent().remove(table)
    else:
        _replace(table, listings)


def _append_text(el: etree._Element, text: str) -> None:
    previous, parent = el.getprevious(), el.getparent()
    if previous is None:
        parent.text = (parent.text or "") + text
    else:
        previous.tail = (previous.tail or "") + text


def _is_line(el: etree._Element) -> bool:
    return bool(_classes(el) & _LINES) or bool(_line_elements(el))


def _only_pre(cell: etree._Element) -> bool:
    """A cell whose text is all in a <pre>: a listing in a one-cell frame."""
    outside = "".join(t for t in _texts_outside(cell, "pre"))
    return not outside.strip()


def _texts_outside(el: etree._Element, tag: str):
    yield el.text or ""
    for child in el.iterchildren(etree.Element):
        if child.tag != tag:
            yield from _texts_outside(child, tag)
        yield child.tail or ""


def _is_gutter(el: etree._Element, one_row: bool = True) -> bool:
    """A line-number column: named so, or numbers alone beside the code of a one-row table (a blank
    spacer cell, or the numbers of a table of steps, are not)."""
    if _classes(el) & _GUTTERS:
        return True
    text = "".join(el.itertext())
    return one_row and any(c.isdigit() for c in text) and bool(_DIGITS.fullmatch(text)) and el.find(".//img") is None


def _line_elements(el: etree._Element) -> list[etree._Element]:
    return [d for d in el.iterdescendants(etree.Element) if _classes(d) & _LINES and not _in_gutter(d, el)]


def _in_gutter(el: etree._Element, stop: etree._Element) -> bool:
    for a in el.iterancestors():
        if a is stop:
            return False
        if _classes(a) & _GUTTERS:
            return True
    return False


def _listing(block: etree._Element) -> tuple[str, str, str]:
    """The block's code, one line a line, its language and its title."""
    title = block.find(".//*[@class='crayon-title']")
    title = _text(title).strip() if title is not None else ""
    language = _block_language(block)
    _drop_chrome(block)
    lines = ([block] if _classes(block) & _LINES else []) or _line_elements(block) or _enlighter_lines(block)
    if lines:
        text = "\n".join(_text(line) for line in lines)
    else:
        pres = [p for p in block.iter("pre") if not _is_gutter(p) and not _in_gutter(p, block)]
        text = "\n".join(_text(p).strip("\n") for p in pres)
    return text, language, title


def _drop_chrome(block: etree._Element) -> None:
    for el in list(block.iterdescendants(etree.Element)):
        if el.getparent() is not None and (_classes(el) & (_CHROME | _GUTTERS) or el.tag == "textarea"):
            el.getparent().remove(el)


def _enlighter_lines(block: etree._Element) -> list[etree._Element]:
    """EnlighterJS: `div.enlighter` holds one div a line (v3), `ol.EnlighterJS` one li a line (v2)."""
    inner = block if "enlighter" in _classes(block) else block.find(".//div[@class='enlighter']")
    if inner is not None:
        return [c for c in inner if c.tag == "div"]
    if block.tag == "ol":
        return [c for c in block if c.tag == "li"]
    return []


def _block_language(block: etree._Element) -> str:
    for el in (block, *block.iterdescendants(etree.Element)):
        klass = el.get("class") or ""
        m = _LANGUAGE.search(klass)
        if m:
            return _language(m)
        named = el.get("data-enlighter-language") or (_text(el) if "crayon-language" in klass.split() else "")
        if named and _LANG_NAME.fullmatch(named.strip().lower()):
            return named.strip().lower()
        if el.tag == "pre" and "wp_syntax" in _classes(block) and _LANG_NAME.fullmatch(klass.strip()):
            return klass.strip() if klass.strip() not in _GESHI_STYLES else ""
    return _syntaxhighlighter_language(block)


def _syntaxhighlighter_language(block: etree._Element) -> str:
    """SyntaxHighlighter Evolved: `div.syntaxhighlighter php` (with `nogutter`, `collapsed` and the like)."""
    classes = _classes(block)
    if "syntaxhighlighter" not in classes:
        return ""
    rest = sorted(classes - {"syntaxhighlighter", "nogutter", "collapsed", "ie", "printing", "highlighted"})
    return rest[0].lower() if len(rest) == 1 and _LANG_NAME.fullmatch(rest[0].lower()) else ""


def _replace(block: etree._Element, listings: list[tuple[str, str, str]]) -> None:
    for text, language, title in listings:
        if title:
            p = etree.Element("p")
            p.text = title
            block.addprevious(p)
        pre = etree.Element("pre")
        code = etree.SubElement(pre, "code")
        if language:
            code.set("class", f"language-{language}")
        code.text = text
        block.addprevious(pre)
    drop_tree(block)


def _code_language(pre: etree._Element) -> None:
    """The language a <pre> names (`brush: php`, `lang:php`, EnlighterJS's data attribute) moves to a <code>
    inside it, as convert's clean.py does, so the fence says it."""
    named = (pre.get("data-enlighter-language") or "").strip().lower()
    m = _LANGUAGE.search(pre.get("class") or "")
    language = _language(m) if m else named if _LANG_NAME.fullmatch(named) else ""
    if language:
        set_code_language(pre, language, _LANGUAGE)


def _drop_hidden_copies(root: etree._Element) -> None:
    """A hidden element (display:none, `hidden`, aria-hidden) holding the same text as a visible listing
    is the plugin's raw copy for its copy button; hidden text that is not code is left alone."""
    hidden = {el for el in root.iter(etree.Element) if _is_hidden(el)}
    if not hidden:
        return
    listings: dict[str, list[etree._Element]] = {}
    for pre in root.iter("pre"):
        if not any(a in hidden for a in (pre, *pre.iterancestors())):
            listings.setdefault(_key(pre), []).append(pre)
    for el in [el for el in root.iter(etree.Element) if el in hidden]:
        if el.getparent() is None or any(a in hidden for a in el.iterancestors()):
            continue
        key = _key(el)
        if key and any(el not in pre.iterancestors() for pre in listings.get(key, ())):
            drop_tree(el)


def _is_hidden(el: etree._Element) -> bool:
    return (el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true"
            or bool(_HIDDEN_STYLE.search(el.get("style") or "")))


def _key(el: etree._Element) -> str:
    return "".join("".join(el.itertext()).split())


def _text(el: etree._Element) -> str:
    return "".join(el.itertext()).replace("\xa0", " ")


def _language(m: re.Match) -> str:
    return next(g for g in m.groups() if g).lower()


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())
