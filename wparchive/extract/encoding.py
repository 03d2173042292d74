"""Bytes of a saved page to text: BOM, then the declared charset, then UTF-8, then detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..model import Problem

__all__ = ["MAX_BYTES", "decode_page"]

MAX_BYTES = 32 * 1024 * 1024  # larger "pages" are dumps or binaries; parsing them would stall a run

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
# WHATWG: pages labelled latin-1 or ASCII are decoded as windows-1252 by every browser.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252", "iso8859-1": "cp1252", "l1": "cp1252"}
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_SNIFF = 4096
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})


def decode_page(data: bytes | str, source: str) -> tuple[str | None, tuple[Problem, ...]]:
    """The page as text, or None with the problem when it is empty, binary or too large."""
    if isinstance(data, str):
        return _check_text(data, source)
    if len(data) > MAX_BYTES:
        return None, (_too_large(source),)
    if not data.strip():
        return None, (Problem(source=source, message="empty file"),)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _check_text(data.decode(codec, errors="replace"), source)
    if _looks_binary(data):
        return None, (Problem(source=source, message="binary file, not an HTML page"),)
    text, problems = _decode(data, source)
    return _check_text(text, source, problems)


def _check_text(text: str, source: str, problems: tuple[Problem, ...] = ()) -> tuple[str | None, tuple[Problem, ...]]:
    if len(text) > MAX_BYTES:
        return None, (*problems, _too_large(source))
    if not text.strip():
        return None, (*problems, Problem(source=source, message="empty file"))
    return text, problems


def _detect(data: bytes) -> str:
    """charset-normalizer's guess; windows-1252 when it fits about as well (short pages fool detection)."""
    results = from_bytes(data[: 256 * 1024])
    best = results.best()
    if best is None:
        return "cp1252"
    for match in results:
        if match.encoding in _WESTERN and match.chaos <= best.chaos + 0.05:
            return "cp1252"
    return best.encoding


def _mostly_utf8(data: bytes) -> bool:
    """More valid multi-byte UTF-8 sequences than invalid bytes."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    return invalid > 0 and len(data) - len(text) > invalid


def _too_large(source: str) -> Problem:
    return Problem(source=source, message=f"page is larger than {MAX_BYTES // 2**20} MB, skipped")


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first block: an image, archive or executable."""
    head = data[:_SNIFF]
    return b"\x00" in head or len(_CONTROL.findall(head)) > len(head) // 20


def _declared(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_SNIFF * 4])
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _cp1252_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    """Stray single-byte characters in a UTF-8 page, decoded as windows-1252."""
    return error.object[error.start:error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("wparchive-cp1252", _cp1252_bytes)


def _decode(data: bytes, source: str) -> tuple[str, tuple[Problem, ...]]:
    declared = _declared(data)
    if declared:
        try:
            return data.decode(declared), ()
        except UnicodeDecodeError:
            pass  # a wrong declaration is common (copied templates); fall through to detection
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # WordPress sites moved between database charsets mix UTF-8 with latin-1 bytes in one page.
        warning = Problem(source=source, severity="warning",
                          message="page mixes UTF-8 with single-byte characters; those read as windows-1252")
        return data.decode("utf-8", errors="wparchive-cp1252"), (warning,)
    codec = _detect(data)
    warning = Problem(source=source, message=f"charset not declared or wrong; decoded as {codec}", severity="warning")
    return data.decode(codec, errors="replace"), (warning,)
