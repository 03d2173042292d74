"""WordPress's `wpautop`, so classic-editor text gets the paragraphs WordPress shows.

Ported rule by rule from wp-includes/formatting.php (WordPress 6.x); each step cites the PHP it mirrors.
"""

from __future__ import annotations

import re

from .scan import sub_tag_followed

__all__ = ["wpautop"]

ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area"
    r"|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer"
    r"|nav|figure|figcaption|details|menu|summary)"
)

_PRE_OPEN = "<pre"
_PRE_PLACEHOLDER = "<pre wp-pre-tag-{}></pre>"
_PRE_PLACEHOLDERS = re.compile(r"<pre wp-pre-tag-\d+></pre>")
_MULTI_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>")
_BLOCK_OPEN = re.compile(r"(<" + ALLBLOCKS + r"[\s/>])")
_BLOCK_CLOSE = re.compile(r"(</" + ALLBLOCKS + r">)")
_HR = re.compile(r"(<hr\s*?/?>)")
# get_html_split_regex(): comments, CDATA and tags, where newlines must survive untouched.
_HTML_SPLIT = re.compile(r"(<!--.*?(?:-->|$)|<!\[CDATA\[.*?(?:\]\]>|$)|<[^>]*>?)", re.S)
_WPNL = " <!-- wpnl --> "
# `(?<!\s)` makes a leading `\s*` start only where a whitespace run starts, as a match from inside the
# run could never be longer: linear time on long runs of spaces instead of quadratic.
_OPTION_BEFORE = re.compile(r"(?<!\s)\s*<option")
_OPTION_AFTER = re.compile(r"</option>\s*")
_OBJECT_OPEN = re.compile(r"(<object[^>]*>)\s*")
_OBJECT_CLOSE = re.compile(r"(?<!\s)\s*</object>")
_PARAM_EMBED = re.compile(r"(?<!\s)\s*(</?(?:param|embed)[^>]*>)\s*")
_MEDIA_OPEN = re.compile(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*")
_MEDIA_CLOSE = re.compile(r"(?<!\s)\s*([<\[]/(?:audio|video)[>\]])")
_SOURCE_TRACK = re.compile(r"(?<!\s)\s*(<(?:source|track)[^>]*>)\s*")
_FIGCAPTION_OPEN = re.compile(r"(?<!\s)\s*(<figcaption[^>]*>)")
_FIGCAPTION_CLOSE = re.compile(r"</figcaption>\s*")
_MANY_NL = re.compile(r"\n\n+")
_PARA_SPLIT = re.compile(r"\n\s*\n")
_EMPTY_P = re.compile(r"<p>\s*</p>")
_UNCLOSED_P = re.compile(r"<p>([^<]+)</(div|address|form)>")
_P_AROUND_BLOCK = re.compile(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>")
_P_AROUND_LI = re.compile(r"<p>(<li.+?)</p>")
_P_BLOCKQUOTE = re.compile(r"<p><blockquote([^>]*)>", re.I)
_P_BEFORE_BLOCK = re.compile(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)")
_BLOCK_TAG = re.compile(r"</?" + ALLBLOCKS)  # `(</?ALLBLOCKS[^>]*>)\s*</p>` and `…\s*<br />`: scan.sub_tag_followed
_THEN_P_CLOSE = re.compile(r"\s*</p>")
_THEN_BR = re.compile(r"\s*<br />")
_PRESERVE_OPEN = re.compile(r"<(script|style|svg|math)")  # to the first closer of the same name, as `.*?</\1>`
_NEWLINES = re.compile(r"\n\s*")  # a run's first newline and the rest of the run
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)")
_TRAILING_NL_P = re.compile(r"\n</p>$")


def wpautop(text: str, br: bool = True) -> str:
    """Blank-line paragraphs and single-newline breaks, as WordPress shows classic-editor posts."""
    if not text.strip():
        return ""
    text, pre_tags = _protect_pre(text + "\n")
    text = _MULTI_BR.sub("\n\n", text)
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    text = _HR.sub(r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _HTML_SPLIT.sub(lambda m: m.group(0).replace("\n", _WPNL), text)
    text = _collapse_inside(text)
    text = _MANY_NL.sub("\n\n", text)
    text = "".join(f"<p>{part.strip(chr(10))}</p>\n" for part in _PARA_SPLIT.split(text) if part)
    text = _fix_paragraphs(text)
    if br:
        text = _insert_breaks(text)
    text = sub_tag_followed(text, _BLOCK_TAG, _THEN_BR)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    text = _TRAILING_NL_P.sub("</p>", text)
    text = _restore_pre(text, pre_tags)
    if "<!-- wpnl -->" in text:
        text = text.replace(_WPNL, "\n").replace("<!-- wpnl -->", "\n")
    return text


def _protect_pre(text: str) -> tuple[str, dict[str, str]]:
    """Swap each <pre> for a placeholder: WordPress never autop's inside preformatted text."""
    if _PRE_OPEN not in text:
        return text, {}
    parts = text.split("</pre>")
    last = parts.pop()
    out: list[str] = []
    pre_tags: dict[str, str] = {}
    for part in parts:
        start = part.find(_PRE_OPEN)
        if start < 0:  # malformed HTML: a </pre> without its <pre>
            out.append(part)
            continue
        name = _PRE_PLACEHOLDER.format(len(pre_tags))
        pre_tags[name] = part[start:] + "</pre>"
        out.append(part[:start] + name)
    out.append(last)
    return "".join(out), pre_tags


def _restore_pre(text: str, pre_tags: dict[str, str]) -> str:
    """The <pre> blocks back in place of their placeholders.

    WordPress replaces one placeholder after the other. That is one pass unless a <pre> holds a
    placeholder's text itself, and one str.replace per <pre> made posts with thousands quadratic.
    """
    if any("<pre wp-pre-tag-" in pre for pre in pre_tags.values()):
        for name, pre in pre_tags.items():
            text = text.replace(name, pre)
        return text
    return _PRE_PLACEHOLDERS.sub(lambda m: pre_tags.get(m.group(0), m.group(0)), text) if pre_tags else text


def _collapse_inside(text: str) -> str:
    """Line breaks around option, object/param/embed, audio/video sources and figcaption are layout, not text."""
    if "<option" in text:
        text = _OPTION_AFTER.sub("</option>", _OPTION_BEFORE.sub("<option", text))
    if "</object>" in text:
        text = _OBJECT_CLOSE.sub("</object>", _OBJECT_OPEN.sub(r"\1", text))
        text = _PARAM_EMBED.sub(r"\1", text)
    if "<source" in text or "<track" in text:
        text = _MEDIA_CLOSE.sub(r"\1", _MEDIA_OPEN.sub(r"\1", text))
        text = _SOURCE_TRACK.sub(r"\1", text)
    if "<figcaption" in text:
        text = _FIGCAPTION_CLOSE.sub("</figcaption>", _FIGCAPTION_OPEN.sub(r"\1", text))
    return text


def _fix_paragraphs(text: str) -> str:
    """Undo the <p> wrapping where it landed around or against block-level tags."""
    text = _EMPTY_P.sub("", text)
    text = _UNCLOSED_P.sub(r"<p>\1</p></\2>", text)
    text = _P_AROUND_BLOCK.sub(r"\1", text)
    text = _P_AROUND_LI.sub(r"\1", text)
    text = _P_BLOCKQUOTE.sub(r"<blockquote\1><p>", text)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = _P_BEFORE_BLOCK.sub(r"\1", text)
    return sub_tag_followed(text, _BLOCK_TAG, _THEN_P_CLOSE)


def _insert_breaks(text: str) -> str:
    """Single newlines become <br />, except inside script, style, svg and math."""
    text = _preserve_newlines(text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = _newlines_to_breaks(text)
    return text.replace("<WPPreserveNewline />", "\n")


def _newlines_to_breaks(text: str) -> str:
    """WordPress's `(?<!<br />)\\s*\\n` → `<br />\\n`, once per whitespace run, from the run's start.

    The regex tried its lookbehinds at every character of the post; here the regex engine jumps from
    newline to newline, and the spaces before each are taken back from the text before it.
    """
    parts, pos = [], 0
    for m in _NEWLINES.finditer(text):
        before = text[pos:m.start()]
        words = before.rstrip()  # the run starts where the words end
        if text.endswith("<br />", 0, pos + len(words)):
            parts += (before, m.group(0))
        else:
            run = m.group(0)
            parts += (words, "<br />\n", run[run.rfind("\n") + 1:])
        pos = m.end()
    return "".join(parts) + text[pos:] if parts else text


def _preserve_newlines(text: str) -> str:
    """Newlines inside script, style, svg and math marked to survive; each closer is looked for once.

    A regex `.*?</name>` reads on to the end of the text for every opening that is never closed.
    """
    parts, pos, at, unclosed = [], 0, 0, set()
    while (m := _PRESERVE_OPEN.search(text, at)) is not None:
        name = m.group(1)
        close = -1 if name in unclosed else text.find(f"</{name}>", m.end())
        if close < 0:
            unclosed.add(name)  # no closer after this opening, so none after any later one
            at = m.start() + 1
            continue
        at = close + len(name) + 3
        parts += (text[pos:m.start()], text[m.start():at].replace("\n", "<WPPreserveNewline />"))
        pos = at
    return "".join(parts) + text[pos:] if parts else text
