"""Layout tables become their cells' blocks; data tables stay tables and keep their line breaks."""


import pytest

from wparchive.writers.markdown import to_markdown
from wparchive.writers.tables import layout_tables

SIGNATORIES = (
    "<p>Signed:</p><table><tbody><tr>"
    "<td><strong>Elliot Ackerman</strong><br><strong>Saladin Ambar</strong>, Rutgers University<br>"
    "<strong>Martin Amis</strong><br></td>"
    "<td><strong>Anne Applebaum</strong><br><strong>Marie Arana</strong>, author<br>"
    "<strong>Margaret Atwood</strong></td>"
    "</tr></tbody></table><p>After.</p>"
)
DATA = (
    "<table><thead><tr><th>Format</th><th>Metadata</th></tr></thead><tbody>"
    "<tr><td>MP3</td><td>XMP<br>id3 tags</td></tr>"
    "<tr><td>OGG</td><td><ul><li>XMP</li><li>comment field</li></ul></td></tr>"
    "</tbody></table>"
)


def _lines(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.strip()]


def test_names_parted_by_br_in_a_row_of_cells_stay_apart():
    md = to_markdown(SIGNATORIES)
    assert "|" not in md
    assert "Ackerman Saladin" not in md and "Amis Anne" not in md
    lines = _lines(md)
    assert lines[0] == "Signed:" and lines[-1] == "After."
    names = [line.rstrip(" \\").replace("*", "") for line in lines[1:-1]]
    assert names == ["Elliot Ackerman", "Saladin Ambar, Rutgers University", "Martin Amis",
                     "Anne Applebaum", "Marie Arana, author", "Margaret Atwood"]


def test_cells_of_paragraphs_and_lists_come_out_as_blocks_in_reading_order():
    html = ("<table><tr><td><p>One.</p><p>Two.</p></td><td><ul><li>a</li><li>b</li></ul></td></tr>"
            "<tr><td><h3>Three</h3></td><td></td></tr></table>")
    assert to_markdown(html) == "One.\n\nTwo.\n\n- a\n- b\n\n### Three\n"


def test_one_column_table_is_its_cells():
    html = "<table><caption>Note</caption><tr><td>First box.</td></tr><tr><th>Second box.</th></tr></table>tail"
    assert to_markdown(html) == "Note\n\nFirst box.\n\nSecond box.\n\ntail\n"


def test_data_table_with_header_stays_a_table_and_keeps_line_breaks():
    md = to_markdown(DATA)
    rows = md.splitlines()
    assert rows[0].startswith("| Format") and set(rows[1]) <= {"|", "-", " "}
    assert "XMP<br>id3 tags" in rows[2]
    assert "XMP<br>comment field" in rows[3]


def test_data_table_without_header_stays_a_table():
    html = ("<table><tr><td>1</td><td>Kyle Busch</td><td>5040</td></tr>"
            "<tr><td>2</td><td>Martin Truex<br>Jr.</td><td>5035</td></tr>"
            "<tr><td>3</td><td><p>Joey</p><p>Logano</p></td><td>5000</td></tr></table>")
    rows = to_markdown(html).splitlines()
    assert len(rows) == 4 and all(row.startswith("|") for row in rows)
    assert "Martin Truex<br>Jr." in rows[2] and "Joey<br>Logano" in rows[3]


def test_breaks_at_the_edges_of_a_cell_are_dropped():
    html = ("<table><tr><th>a</th><th>b</th></tr><tr><td>Cell #5<br></td><td><br><br></td></tr>"
            "<tr><td><br>wraps<br><br></td><td>x</td></tr></table>")
    md = to_markdown(html)
    assert "<br>" not in md
    assert "Cell #5" in md and "wraps" in md


def test_layout_table_inside_a_data_table_cell_is_its_lines():
    html = ("<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>"
            "<table><tr><td>in1</td></tr><tr><td>in2</td></tr></table></td></tr></table>")
    rows = to_markdown(html).splitlines()
    assert len(rows) == 3 and "in1<br>in2" in rows[2]


def test_table_inside_a_layout_cell_is_kept_in_order():
    inner = "<table><tr><th>h1</th><th>h2</th></tr><tr><td>1</td><td>2</td></tr></table>"
    html = f"<table><tr><td><p>Before.</p>{inner}</td><td><p>Beside.</p></td></tr></table>"
    lines = _lines(to_markdown(html))
    assert lines[0] == "Before." and lines[1].startswith("| h1") and lines[-1] == "Beside."


@pytest.mark.parametrize("html", [
    "<p>no table at all</p>",
    "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>",
    "<table><tr><td>open table never closed</td>",
    "<p>a</p></table><table><tr><td>x</td></tr>",
])
def test_data_tables_and_broken_markup_are_left_as_they_are(html):
    assert layout_tables(html) == html
