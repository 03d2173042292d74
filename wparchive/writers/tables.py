"""Layout tables as their cells' blocks, so Markdown keeps what a table row cannot hold.

A Markdown table row is one line: paragraphs, lists and line breaks in a cell become spaces, and a
list of names laid out in two columns reads as one run of words. Tables used for layout (one column,
one row of blocks, or mostly cells of blocks without a header) are written as their cells' content,
row by row, cell by cell; data tables stay tables, their line breaks kept as `<br>` by the converter.
"""

from __future__ import annotations

import re
from html import escape

from lxml import etree
from lxml.html import fragment_fromstring, tostring

from ..transform.tree import drop_tree

__all__ = ["layout_tables"]

_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>")
_CELL_BLOCKS = ("p", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
                "figure", "hr", "div")
_SEVERAL_LINES = 3  # a cell of this many lines between <br>s is a block of lines, not a value
_BLOCK_OPEN = re.compile(r"<(?:{})[\s/>]".format("|".join(_CELL_BLOCKS)))
_CELL_OPEN = re.compile(r"<t[dh][\s/>]")
_CELL_CLOSE = re.compile(r"</t[dh]>")
# <br>s that open or close a cell (after its tag, or after the text before them: one place a run is
# tried from, so a long run costs its length once).
_EDGE_BREAKS = re.compile(r"(<t[dh](?: [^>]*)?>)(?:\s*<br>)+\s*|(?<![\s>])(?:\s*<br>)+\s*(?=</t[dh]>)")


def layout_tables(html: str) -> str:
    """The fragment with each layout table replaced by its cells as blocks; data tables as they were."""
    if "<table" not in html or html.count("<table") != html.count("</table>"):
        return html  # see markdown._balanced
    parts, depth, start, done = [], 0, 0, 0
    for tag in _TABLE_TAG.finditer(html):
        if not tag.group(1):
            start = tag.start() if depth == 0 else start
            depth += 1
            continue
        depth -= 1
        if depth < 0:
            return html
        if depth == 0:
            parts += [html[done:start], _outermost(html[start:tag.end()])]
            done = tag.end()
    return "".join(parts) + html[done:] if depth == 0 else html


def _outermost(markup: str) -> str:
    """One outermost table and those inside it, each rewritten when it is a layout table."""
    if "<br" in markup:
        markup = _EDGE_BREAKS.sub(r"\1", markup)
    if not _may_be_layout(markup):
        return markup
    try:
        holder = fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return markup
    layouts = [table for table in reversed(list(holder.iter("table"))) if _is_layout(table)]
    if not layouts:
        return markup  # untouched, not serialised again
    for table in layouts:  # inner tables first: document order reversed
        _to_blocks(table)
    return escape(holder.text or "", quote=False) + "".join(tostring(child, encoding="unicode") for child in holder)


def _may_be_layout(markup: str) -> bool:
    """Whether the table needs parsing to tell: one without blocks, without a cell of <br>s enough for
    several lines and with more cells than rows (so a row of two) is a data table, as most are."""
    return (_BLOCK_OPEN.search(markup, 1) is not None or len(_CELL_OPEN.findall(markup)) <= markup.count("<tr")
            or any(cell.count("<br") >= _SEVERAL_LINES - 1 for cell in _CELL_CLOSE.split(markup)))


def _rows(table: etree._Element) -> list[list[etree._Element]]:
    """The table's own cells by row, not those of tables inside it."""
    return [row.xpath("td|th") for row in table.xpath("tr|thead/tr|tbody/tr|tfoot/tr")]


def _is_layout(table: etree._Element) -> bool:
    """One column; or cells of blocks in one row, or in half the cells of a table without header cells."""
    rows = _rows(table)
    cells = [cell for row in rows for cell in row if not _is_empty(cell)]
    if not cells:
        return False
    if max(len(row) for row in rows) <= 1:
        return True
    blocks = sum(map(_holds_blocks, cells))
    if not blocks:
        return False
    header = bool(table.xpath("thead|tr/th|*/tr/th"))
    return len(rows) == 1 or (not header and 2 * blocks >= len(cells))


def _holds_blocks(cell: etree._Element) -> bool:
    """Paragraphs, lists, headings, a table, or several lines parted by <br>."""
    return next(cell.iterdescendants(*_CELL_BLOCKS), None) is not None or _lines(cell) >= _SEVERAL_LINES


def _lines(cell: etree._Element) -> int:
    """Lines of text between the cell's <br>s (blank ones not counted), counted up to several."""
    count, text = 0, cell.text or ""
    for el in cell.iterdescendants():
        if el.tag == "br":
            count += bool(text.strip())
            text = ""
            if count >= _SEVERAL_LINES:
                break
        elif isinstance(el.tag, str):
            text += el.text or ""
        text += el.tail or ""
    return count + bool(text.strip())


def _is_empty(cell: etree._Element) -> bool:
    """No text and nothing but line breaks: a spacer cell."""
    return not cell.text_content().strip() and all(el.tag == "br" for el in cell.iterdescendants())


def _to_blocks(table: etree._Element) -> None:
    """The caption and each cell with content become a <div> in the table's place, in reading order."""
    caption = table.find("caption")
    blocks = [] if caption is None else [caption]
    blocks += [cell for row in _rows(table) for cell in row if not _is_empty(cell)]
    for block in blocks:
        block.tag, block.tail = "div", None
        block.attrib.clear()
        table.addprevious(block)
    drop_tree(table)
