"""Text that went through a wrong encoding on its way (UTF-8 read as Windows-1252: "CafÃ©", "â€œ").

Old blogs moved between hosts and databases often carry it. ftfy repairs it; it only runs where a
cheap check sees the tell-tale byte pairs, so clean text costs one regex search.
"""

from __future__ import annotations

import re

import ftfy

__all__ = ["repair"]

# UTF-8 lead bytes (Ã, Â, â, Ð, Ñ, Ø, Ù) read as Windows-1252 and followed by a continuation byte's
# Windows-1252 or Latin-1 character; and C1 control characters, which no real text uses. One
# character class first, so the regex engine skips ahead in C to the next candidate.
_SUSPECT = re.compile("[ÃÂâÐÑØÙ\u0080-\u009f](?:(?<=[\u0080-\u009f])|[\u0080-\u00bf\u0152\u0153\u0160\u0161"
                      "\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026"
                      "\u2030\u2039\u203a\u20ac\u2122])")
_CONFIG = ftfy.TextFixerConfig(unescape_html=False, uncurl_quotes=False, fix_line_breaks=False,
                               fix_latin_ligatures=False, fix_character_width=False, normalization=None,
                               explain=False)


def repair(text: str) -> str:
    """The text with mis-decoded sequences repaired; untouched when nothing looks wrong."""
    if text.isascii() or not _SUSPECT.search(text):  # isascii() costs nothing: str knows its widest character
        return text
    return ftfy.fix_text(text, config=_CONFIG)
