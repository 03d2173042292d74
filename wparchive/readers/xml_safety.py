"""Safe XML handling for exports: parser settings, a first look at the file, and a repairing splitter.

The splitter is the recovery path for damaged exports. It reads the file as text, drops what XML
forbids (control characters, a DOCTYPE and its entities), escapes bare `&`, stray `<` and `]]>`
outside CDATA, and cuts the stream into the channel header and one fragment per `<item>`, so each
item can be parsed on its own and damage stays inside the item it is in. Nothing is ever expanded
from a DOCTYPE: entity references it declared are left as literal text.
"""

from __future__ import annotations

import codecs
import html.entities
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from lxml import etree

from ..errors import InputError

__all__ = [
    "HEAD_BYTES", "Head", "Segment", "detect_encoding", "parser_options", "safe_parser", "sniff", "split_export",
    "wrap_fragment",
]

HEAD_BYTES = 1 << 16
CHUNK_CHARS = 1 << 18
_LOOKAHEAD = 64  # longest token the splitter must see whole: `]]>`, `<item`, `&` plus an entity name

_XML_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_FIRST_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")
_PROLOG_JUNK = re.compile(r"<\?.*?\?>|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>|\s+", re.S)
_RSS_TAG = re.compile(r"<(?:[\w.-]+:)?rss[\s>]")
_LONG_PROLOG = re.compile(r"\ufeff?\s*<(?:\?xml|!DOCTYPE|!--)")
_HTML_TAG = re.compile(r"<(?:html|body|head)[\s>]|<!DOCTYPE\s+html", re.I)
_ILLEGAL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TOKEN = re.compile(
    r"<!\[CDATA\[|<!--|<item(?=[\s>/])|</item\s*>|</rss\s*>|&|\]\]>|<(?![A-Za-z_:/!?\u0080-\uffff])"
)
_REFERENCE = re.compile(r"&(#[0-9]{1,8}|#x[0-9A-Fa-f]{1,7}|[A-Za-z_][\w.-]{0,40});")
_XMLNS = re.compile(r"""xmlns(?::([\w.-]+))?\s*=\s*(["'])(.*?)\2""", re.S)
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})

# Prefixes WordPress always declares; fragments get them when a damaged <rss> tag lost them.
_DEFAULT_NAMESPACES = {
    "wp": "http://wordpress.org/export/1.2/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def parser_options(recover: bool = False) -> dict:
    """Settings that keep lxml offline and from expanding entities or loading a DTD.

    huge_tree lifts libxml2's 10 MB limit on one text node (posts with pasted base64 images pass it);
    that limit guards against entity expansion, which these settings never do.
    """
    return {
        "resolve_entities": False, "no_network": True, "load_dtd": False, "dtd_validation": False,
        "huge_tree": True, "remove_comments": True, "remove_pis": True, "recover": recover,
    }


def safe_parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(**parser_options(recover))


@dataclass(frozen=True)
class Head:
    """What the first bytes say: the text encoding and whether the fast strict parse may be tried."""

    encoding: str
    has_doctype: bool = False
    junk_before_root: bool = False

    @property
    def strict_parse_safe(self) -> bool:
        return not (self.has_doctype or self.junk_before_root)


def sniff(name: str, head: bytes) -> Head:
    """Decide from the first bytes whether this is an RSS export; raise InputError when it is not."""
    if not head.strip():
        raise InputError(name, "not a WordPress export (empty file)")
    encoding = detect_encoding(head)
    text = _COMMENT.sub("", head.decode(encoding, errors="replace"))
    first = _FIRST_TAG.search(text)
    if first and _local(first.group(1)) == "rss":
        prolog = text[:first.start()].lstrip("\ufeff")
        leftover = _PROLOG_JUNK.sub("", prolog)
        return Head(encoding, has_doctype="<!DOCTYPE" in prolog, junk_before_root=bool(leftover))
    rss = _RSS_TAG.search(text)
    if rss and not _HTML_TAG.search(text, 0, rss.start()):
        return Head(encoding, junk_before_root=True)  # PHP notices printed before the export
    if first is None and _LONG_PROLOG.match(text):
        return Head(encoding, has_doctype="<!DOCTYPE" in text, junk_before_root=True)  # root further on
    raise InputError(name, f"not a WordPress export ({_what_instead(text, first)})")


def _what_instead(text: str, first: re.Match | None) -> str:
    controls = len(_ILLEGAL_CHARS.findall(text[:4096])) + text[:4096].count("\ufffd")
    if controls > 8 or "\x00" in text[:64]:
        return "binary data"
    if first is None:
        return "no XML element found"
    return f"root element is <{first.group(1)}>, not <rss>"


def _local(tag: str) -> str:
    return tag.rsplit(":", 1)[-1].lower()


def detect_encoding(head: bytes) -> str:
    """The Python codec for the file: BOM first, then the XML declaration, else UTF-8."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(b"<\x00?\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<\x00?"):
        return "utf-16-be"
    declared = _XML_DECL_ENCODING.match(head)
    if declared:
        try:
            return codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            return "utf-8"
    return "utf-8"


@dataclass
class Segment:
    """A piece of the export: `kind` is "header", "item" or "end"; `text` is repaired XML."""

    kind: str
    text: str
    line: int
    complete: bool = True
    repairs: dict[str, list[int]] = field(default_factory=dict)  # what -> [count, first line]


def wrap_fragment(rss_tag: str, fragment: str) -> bytes:
    """A standalone document for one fragment, with the export's namespace declarations."""
    declared = {m.group(1) or "": m.group(3) for m in _XMLNS.finditer(rss_tag)}
    for prefix, uri in _DEFAULT_NAMESPACES.items():
        declared.setdefault(prefix, uri)
    attrs = " ".join(
        f'xmlns{":" + p if p else ""}="{_attr(uri)}"' for p, uri in declared.items()
    )
    return f"<rss {attrs}>{fragment}</rss>".encode()


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def split_export(stream: BinaryIO, encoding: str) -> Iterator[Segment | str]:
    """Yield the `<rss>` start tag (a str) then repaired segments: header, items, end."""
    yield from _Splitter(_decoded_chunks(stream, encoding)).run()


def _decoded_chunks(stream: BinaryIO, encoding: str) -> Iterator[tuple[str, int]]:
    """Text chunks and how many undecodable bytes each had (replaced, reported by the caller)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    while True:
        raw = stream.read(CHUNK_CHARS)
        text = decoder.decode(raw, final=not raw)
        if text:
            yield text, text.count("\ufffd")
        if not raw:
            return


class _Splitter:
    """A small state machine over the text: outside markup, in CDATA, or in a comment."""

    def __init__(self, chunks: Iterator[tuple[str, int]]):
        self.chunks = chunks
        self.buf = ""
        self.eof = False
        self.line = 1  # line number at the start of `buf`
        self.current = Segment("header", "", 1)
        self.pieces: list[str] = []
        self.saw_end = False
        self.stream_repairs: dict[str, list[int]] = {}  # decoding and control characters, whole file
        self._mark = (0, 1)  # (buffer offset, its line): line counting resumes from here

    def run(self) -> Iterator[Segment | str]:
        rss_tag = self._find_root()
        if rss_tag is None:
            return
        yield rss_tag
        mode = "text"
        while self._fill():
            mode, done = self._scan(mode)
            yield from done
        yield from self._finish(mode)

    def _fill(self) -> bool:
        """Read more text while the buffer is short; False once all text is consumed."""
        while not self.eof and len(self.buf) < CHUNK_CHARS:
            try:
                text, bad_bytes = next(self.chunks)
            except StopIteration:
                self.eof = True
                break
            line = self.line + self.buf.count("\n")
            if bad_bytes:
                first = line + text.count("\n", 0, text.find("\ufffd"))
                _note(self.stream_repairs, "undecodable bytes replaced", bad_bytes, first)
            bad = _ILLEGAL_CHARS.search(text)
            if bad:
                first = line + text.count("\n", 0, bad.start())
                text, removed = _ILLEGAL_CHARS.subn("", text)
                _note(self.stream_repairs, "XML-illegal control characters removed", removed, first)
            self.buf += text
        return bool(self.buf)

    def _note(self, what: str, offset: int) -> None:
        _note(self.current.repairs, what, 1, self._line_of(offset))

    def _find_root(self) -> str | None:
        """Skip the prolog (XML declaration, comments, any DOCTYPE, junk) up to the `<rss ...>` tag."""
        while True:
            self._fill()
            found = _RSS_TAG.search(self.buf)
            end = self.buf.find(">", found.start()) if found else -1
            if found and end >= 0:
                tag = self.buf[found.start():end + 1]
                self._advance(end + 1)
                self.current = Segment("header", "", self.line)
                return tag.replace("\n", " ")
            if self.eof:
                return None
            keep = max(0, len(self.buf) - _LOOKAHEAD)
            self._advance(keep)

    def _advance(self, upto: int) -> None:
        self.line += self.buf.count("\n", 0, upto)
        self.buf = self.buf[upto:]
        self._mark = (0, self.line)

    def _scan(self, mode: str) -> tuple[str, list[Segment]]:
        """Consume the buffer up to where a token might be cut by the chunk end; return done segments."""
        limit = len(self.buf) if self.eof else max(0, len(self.buf) - _LOOKAHEAD)
        pos, done = 0, []
        while pos < limit:
            if mode != "text":
                closer = "]]>" if mode == "cdata" else "-->"
                end = self.buf.find(closer, pos)
                if end < 0 or end >= limit:
                    self.pieces.append(self.buf[pos:limit])
                    pos = limit
                    break
                self.pieces.append(self.buf[pos:end + 3])
                pos, mode = end + 3, "text"
                continue
            match = _TOKEN.search(self.buf, pos)
            if match is None or match.start() >= limit:
                self.pieces.append(self.buf[pos:limit])
                pos = limit
                break
            self.pieces.append(self.buf[pos:match.start()])
            pos, mode = self._token(match, done)
        self._advance(pos)
        return mode, done

    def _token(self, match: re.Match, done: list[Segment]) -> tuple[int, str]:
        token, start = match.group(), match.start()
        if token == "<![CDATA[":
            self.pieces.append(token)
            return match.end(), "cdata"
        if token == "<!--":
            self.pieces.append(token)
            return match.end(), "comment"
        if token == "<item":
            self._start_item(start, done)
            self.pieces.append(token)
            return match.end(), "text"
        if token.startswith("</item"):
            self.pieces.append(token)
            if self.current.kind == "item":
                self._close(start + len(token), done, complete=True, next_kind="between")
            return match.end(), "text"
        if token.startswith("</rss"):
            self.saw_end = True
            self.pieces.append(token)
            return match.end(), "text"
        if token == "&":
            return self._reference(start), "text"
        if token == "]]>":
            self._note("stray ']]>' escaped", start)
            self.pieces.append("]]&gt;")
            return match.end(), "text"
        self._note("stray '<' escaped", start)
        self.pieces.append("&lt;")
        return match.end(), "text"

    def _reference(self, start: int) -> int:
        """Keep a valid reference; turn HTML-only names into numeric ones; escape a bare `&`."""
        ref = _REFERENCE.match(self.buf, start)
        if ref is None:
            self._note("bare '&' escaped", start)
            self.pieces.append("&amp;")
            return start + 1
        name = ref.group(1)
        if name in _XML_ENTITIES or (name.startswith("#") and _legal_char_ref(name)):
            self.pieces.append(ref.group())
        elif html.entities.html5.get(name + ";"):
            self._note("HTML entities made numeric", start)
            self.pieces.append("".join(f"&#{ord(c)};" for c in html.entities.html5[name + ";"]))
        elif name.startswith("#"):
            self._note("references to illegal characters removed", start)
        else:
            self._note("undefined entities left as text", start)
            self.pieces.append("&amp;" + ref.group()[1:])
        return ref.end()

    def _line_of(self, offset: int) -> int:
        """Line number of a buffer offset, counting on from the last offset asked about."""
        at, line = self._mark
        if offset < at:
            at, line = 0, self.line
        line += self.buf.count("\n", at, offset)
        self._mark = (offset, line)
        return line

    def _start_item(self, start: int, done: list[Segment]) -> None:
        if self.current.kind == "item":
            self._close(start, done, complete=False, next_kind="item")
        else:
            self._close(start, done, complete=True, next_kind="item")

    def _close(self, offset: int, done: list[Segment], *, complete: bool, next_kind: str) -> None:
        """End the current segment at a buffer offset and open the next one there."""
        self.current.text = "".join(self.pieces)
        self.current.complete = complete
        self.pieces = []
        line = self._line_of(offset)
        if self.current.kind in ("header", "item"):
            done.append(self.current)
        self.current = Segment(next_kind, "", line)

    def _finish(self, mode: str) -> Iterator[Segment]:
        self.current.text = "".join(self.pieces)
        truncated = mode != "text" or not self.saw_end
        if self.current.kind in ("header", "item"):
            self.current.complete = self.current.kind == "header"  # an item still open at EOF is cut off
            yield self.current
        yield Segment("end", "", self.line, complete=not truncated, repairs=self.stream_repairs)


def _note(repairs: dict[str, list[int]], what: str, count: int, line: int) -> None:
    """Count a repair, remembering the line of its first occurrence."""
    seen = repairs.setdefault(what, [0, line])
    seen[0] += count


def _legal_char_ref(ref: str) -> bool:
    """Whether `#NNN` / `#xHH` names a character XML 1.0 allows (references to U+0001 are errors)."""
    code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
