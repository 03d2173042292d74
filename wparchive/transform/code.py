"""Code shortcodes (SyntaxHighlighter's [code], [sourcecode], [source], [php]…): verbatim <pre><code> blocks.

They run before wpautop, as SyntaxHighlighter does, and their output is held aside so neither wpautop
nor other shortcodes touch the code.
"""

from __future__ import annotations

import re

from .context import Notes
from .shortcodes import ShortcodeMatch, ShortcodePattern, parse_atts

__all__ = ["CODE_NAMES", "protect_code", "restore_code"]

LANGUAGE_NAMES = (
    "as3", "bash", "shell", "clojure", "cpp", "csharp", "css", "delphi", "diff", "erlang", "fsharp", "go",
    "groovy", "java", "javascript", "js", "jscript", "latex", "matlab", "objc", "perl", "php", "plain",
    "powershell", "py", "python", "ruby", "rb", "scala", "sql", "vb", "vbnet", "xml", "xhtml", "xslt", "html",
    "yaml", "json",
)
CODE_NAMES = ("code", "sourcecode", "source", *LANGUAGE_NAMES)
_CODE = ShortcodePattern(CODE_NAMES)
# Escape what would be markup, keep entities the author wrote (the visual editor stores `&lt;`).
_BARE_AMP = re.compile(r"&(?!#?[A-Za-z0-9]+;)")
_LANG_CHARS = re.compile(r"[^\w+#.-]")
_PLACEHOLDER = '<pre data-wparchive-code="{}"></pre>'
_PLACEHOLDER_RE = re.compile(r'<pre data-wparchive-code="(\d+)"></pre>')


def protect_code(text: str, notes: Notes) -> tuple[str, list[str]]:
    """Replace each code shortcode by a <pre> placeholder; return the text and the finished blocks."""
    blocks: list[str] = []
    if "[" not in text:
        return text, blocks

    def replace(m: ShortcodeMatch) -> str:
        if m.group(1) == "[" and m.group(6) == "]":
            return m.group(0)[1:-1]
        if m.group(5) is None:
            if m.group(4) is None:
                notes.warn(f"[{m.group(2)}] without [/{m.group(2)}] left as text")
            return m.group(0)
        blocks.append(_code_block(m.group(2), m.group(3), m.group(5)))
        return _PLACEHOLDER.format(len(blocks) - 1)

    return _CODE.sub(replace, text), blocks


def _code_block(name: str, atts: str, content: str) -> str:
    named, positional = parse_atts(atts)
    language = named.get("language") or named.get("lang") or named.get("brush") or ""
    if name not in ("code", "sourcecode", "source"):
        language = name
    language = _LANG_CHARS.sub("", language.lower())
    body = _BARE_AMP.sub("&amp;", content.strip("\n").rstrip()).replace("<", "&lt;").replace(">", "&gt;")
    klass = f' class="language-{language}"' if language else ""
    return f"<pre><code{klass}>{body}</code></pre>"


def restore_code(text: str, blocks: list[str]) -> str:
    if not blocks:
        return text
    return _PLACEHOLDER_RE.sub(lambda m: blocks[int(m.group(1))], text)
