"""Embeds (oEmbed URLs, [embed], Jetpack and core media shortcodes) become plain links that survive in Markdown."""

from __future__ import annotations

import html
import re

from .context import Notes, RenderContext
from .scan import lazy_spans, split_spans, sub_tag_followed, sub_up_to_last
from .shortcodes import Shortcode

__all__ = ["autoembed", "embed_link", "is_oembed_url", "MEDIA_HANDLERS", "run_embed_shortcodes"]

# Hosts WordPress's WP_oEmbed provider list knows; a bare URL alone on a line is embedded only for these.
_OEMBED = re.compile(
    r"^https?://(?:[\w-]+\.)*(?:youtube\.com/(?:watch|embed|shorts|playlist|v/|live/)|youtu\.be/|vimeo\.com/"
    r"|(?:twitter|x)\.com/\w+/status|soundcloud\.com/|instagram\.com/|(?:www\.)?facebook\.com/|flickr\.com/"
    r"|flic\.kr/|dailymotion\.com/|dai\.ly/|open\.spotify\.com/|tiktok\.com/|wordpress\.tv/|videopress\.com/"
    r"|ted\.com/talks|slideshare\.net/|scribd\.com/|reddit\.com/r/|tumblr\.com/|imgur\.com/|kickstarter\.com/"
    r"|mixcloud\.com/|issuu\.com/|speakerdeck\.com/|cloudup\.com/|crowdsignal\.|polldaddy\.com/|smugmug\.com/"
    r"|amazon\.\w+/|pinterest\.\w+/|animoto\.com/|reverbnation\.com/|screencast\.com/|collegehumor\.com/"
    r"|funnyordie\.com/|hulu\.com/|photobucket\.com/|rdio\.com/|meetup\.com/|wolframcloud\.com/|gist\.github\.com/)",
    re.I,
)
# WP_Embed::autoembed(): a URL alone on its own line.
_URL_LINE = re.compile(r'^(\s*)(https?://[^\s<>"]+)(\s*)$', re.M | re.I)
# `(<p(?: [^>]*)?>\s*)(https?://[^\s<>"]+)(\s*</p>)`, see scan.sub_tag_followed
_P_OPEN = re.compile(r"<p(?=[ >])", re.I)
_URL_THEN_P_CLOSE = re.compile(r'\s*(https?://[^\s<>"]+)\s*</p>', re.I)
_TAG = re.compile(r"<[^>]*>")
_PRE_OPEN = re.compile(r"<pre\b", re.I)  # to the first </pre>, as `<pre\b.*?</pre>` with re.S
_PRE_CLOSE = re.compile(r"</pre>", re.I)
_EMBED_OPEN = re.compile(r"\[embed(?![\w-])")
_VIMEO_ID = re.compile(r"^\d+$")
_YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")


def embed_link(url: str) -> str:
    """The stand-in for any embed: a paragraph with a link whose text is the URL."""
    url = html.escape(html.unescape(url.strip()), quote=True)
    return f'<p><a href="{url}">{url}</a></p>'


def is_oembed_url(url: str) -> bool:
    return bool(_OEMBED.match(html.unescape(url)))


def autoembed(text: str) -> str:
    """WordPress embeds a known provider's URL standing alone on a line; other lone URLs stay text."""
    if "http" not in text:
        return text
    parts = split_spans(text, lazy_spans(text, _PRE_OPEN, _PRE_CLOSE))  # a URL in preformatted text is code
    return "".join(part if i % 2 else _autoembed_part(part) for i, part in enumerate(parts))


def _autoembed_part(text: str) -> str:
    text = _URL_LINE.sub(_line_embed, _protect_tag_newlines(text)).replace("<!-- wp-line-break -->", "\n")
    return _embed_paragraph_urls(text)


def _embed_paragraph_urls(text: str) -> str:
    """A known provider's URL alone in a paragraph is embedded too."""
    return sub_tag_followed(text, _P_OPEN, _URL_THEN_P_CLOSE, _paragraph_embed)


def _paragraph_embed(tag: str, url: re.Match[str]) -> str:
    return embed_link(url.group(1)) if is_oembed_url(url.group(1)) else tag + url.group(0)


def _protect_tag_newlines(text: str) -> str:
    """Newlines inside a tag do not make a line (autoembed hides them the same way)."""
    if "<" not in text:
        return text
    return sub_up_to_last(_TAG, lambda m: m.group(0).replace("\n", "<!-- wp-line-break -->"), text, ">")


def _line_embed(m: re.Match[str]) -> str:
    if not is_oembed_url(m.group(2)):
        return m.group(0)
    return m.group(1) + embed_link(m.group(2)) + m.group(3)


def run_embed_shortcodes(text: str) -> str:
    """[embed]URL[/embed] runs before wpautop in WordPress (WP_Embed::run_shortcode), so it does here too.

    Each opening's `]` and `[/embed]` are looked for once: when either is missing, no later opening
    can be complete, so a post with thousands of unclosed [embed]s is read once, not once per opening.
    """
    parts, pos = [], 0
    while (m := _EMBED_OPEN.search(text, pos)) is not None:
        bracket = text.find("]", m.end())
        closer = text.find("[/embed]", bracket + 1) if bracket >= 0 else -1
        if closer < 0:
            break
        url = text[bracket + 1:closer]
        parts += (text[pos:m.start()], embed_link(url) if url.strip() else "")
        pos = closer + len("[/embed]")
    return "".join(parts) + text[pos:] if parts else text


def _media_url(code: Shortcode, *names: str) -> str:
    """The URL of a media shortcode: named aliases, `[x=URL]` (Jetpack's old form) or the first positional value."""
    url = code.att(*names)
    if not url and code.positional:
        url = code.positional[0].lstrip("=")
    if not url and code.content:
        url = _TAG.sub("", code.content).strip()
    return url


def _link_or_drop(url: str, code: Shortcode, notes: Notes) -> str:
    if not url:
        notes.warn(f"[{code.name}] without a URL dropped")
        return ""
    return embed_link(url)


def embed_shortcode(code: Shortcode, ctx: RenderContext, notes: Notes) -> str:
    if code.content is None:
        notes.warn("[embed] without [/embed] left as text")
        return code.raw
    return _link_or_drop(_TAG.sub("", code.content or "").strip(), code, notes)


def youtube(code: Shortcode, ctx: RenderContext, notes: Notes) -> str:
    """Jetpack's [youtube URL], [youtube=URL] and [youtube ID]."""
    url = _media_url(code, "url", "id")
    if url and _YOUTUBE_ID.match(url):
        url = f"https://www.youtube.com/watch?v={url}"
    return _link_or_drop(url, code, notes)


def vimeo(code: Shortcode, ctx: RenderContext, notes: Notes) -> str:
    """Jetpack's [vimeo ID], [vimeo URL] and [vimeo id=ID]."""
    url = _media_url(code, "url", "id")
    if url and _VIMEO_ID.match(url):
        url = f"https://vimeo.com/{url}"
    return _link_or_drop(url, code, notes)


def video(code: Shortcode, ctx: RenderContext, notes: Notes) -> str:
    return _link_or_drop(_media_url(code, "src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov"), code, notes)


def audio(code: Shortcode, ctx: RenderContext, notes: Notes) -> str:
    return _link_or_drop(_media_url(code, "src", "mp3", "ogg", "oga", "wav", "m4a", "wma", "flac"), code, notes)


def soundcloud(code: Shortcode, ctx: RenderContext, notes: Notes) -> str:
    return _link_or_drop(_media_url(code, "url", "id"), code, notes)


MEDIA_HANDLERS = {
    "embed": embed_shortcode,
    "youtube": youtube,
    "vimeo": vimeo,
    "video": video,
    "audio": audio,
    "soundcloud": soundcloud,
}
