"""Boilerplate recognised by its text or links, for pages whose markup lacks the classes selectors know.

WordPress.com and Jetpack print the same strings in every theme: the highlander comment form
('Connecting to %s' keeps its untranslated placeholder in every language), 'Share this:', 'Like this:'.
"""

from __future__ import annotations

import re

from lxml import etree

from ..transform.tree import drop_tree

__all__ = ["is_boilerplate_text", "remove_boilerplate_text", "remove_leading_meta", "remove_orphan_headings",
           "remove_share_bars", "remove_term_lists"]

_BLOCK_TAGS = ("p", "div", "h2", "h3", "h4", "h5", "h6", "li", "label", "span", "section", "aside", "ul", "ol")
_MAX_LEN = 300  # a longer block is prose that merely mentions one of these strings
_WHOLE = re.compile(
    r"^(?:share this|share|like this|like loading(?:…|\.\.\.)?|loading(?:…|\.\.\.)?|partager(?: cet article)?|"
    r"j[’']aime(?: ça)?|j[’']aime chargement(?:…|\.\.\.)|chargement(?:…|\.\.\.)?|teilen mit|gefällt mir|"
    r"wird geladen(?:…|\.\.\.)?|compartir esto|me gusta esto|"
    r"me gusta cargando(?:…|\.\.\.)?|cargando(?:…|\.\.\.)?|leave a reply|leave a comment|leave a reply cancel reply|"
    r"laisser un commentaire|kommentar verfassen|deja una respuesta|deja un comentario|"
    r"cancel reply|annuler la réponse|antworten abbrechen|cancelar respuesta|"
    r"be the first to like this\.?|sois le premier à aimer ceci\.?|sei die erste person, der dies gefällt\.?|"
    r"sé el primero en decir que te gusta\.?|log out\s*/\s*change\s*\)?|"
    r"(?:möchten sie )?(?:den |diesen )?(?:artikel|beitrag) teilen\??|jetzt teilen!?|teile diesen beitrag|"
    r"share this (?:article|post|story|page)|share (?:this )?on (?:whatsapp|facebook|twitter|x|linkedin|pinterest|"
    r"reddit|telegram|email)|like it\? share it!?|partagez cet article|partager cet article|"
    r"comparte este artículo|compartir este artículo|"
    r"write a comment|post a comment|add a comment|kommentar schreiben|schreibe einen kommentar|"
    r"écrire un commentaire|escribe un comentario|comments are closed\.?|kommentare geschlossen\.?|"
    r"commentaires fermés\.?|los comentarios están cerrados\.?|be sociable, share!?|"
    r"this slideshow requires javascript\.?|dieses slideshow benötigt javascript\.?|"
    r"ce diaporama nécessite javascript\.?|esta presentación requiere javascript\.?|"
    # Grow Social and Mediavine Grow's default share heading.
    r"sharing is caring!?|"
    # Headings and toggles of comment sections ('Comments', '12 Comments', 'Show comments').
    r"(?:\d+ |no |show |view |hide )?comments?|(?:\d+ |aucun |afficher les )?commentaires?|"
    r"(?:\d+ )?kommentare?|(?:\d+ )?comentarios?|"
    # Labels of ad slots themes print above AdSense units.
    r"adverts?|advertisements?|advertising|anzeigen?|publicité|publicidad|"
    # Newsletter calls to action themes and plugins append to every post.
    r"(?:click here to )?subscribe to (?:the |our )?[\w ]{0,40}newsletter[.!]?)\s*:?$",
    re.IGNORECASE,
)
_ANYWHERE = re.compile(
    r"you are commenting using your|fill in your details below or click an icon to log in|"
    r"notify me of (?:new|follow-up) (?:comments|posts) (?:via|by) email|"
    r"vous commentez à l[’']aide de votre compte|entrez vos coordonnées ci-dessous|"
    r"du kommentierst mit (?:deinem|ihrem)|gib hier deine daten ein|"
    r"estás comentando usando tu cuenta|introduce tus datos o haz clic|"
    r"your email address will not be published|required fields are marked|"
    r"votre adresse e-mail ne sera pas publiée|deine e-mail-adresse wird nicht veröffentlicht|"
    r"tu dirección de correo electrónico no será publicada|this site uses akismet to reduce spam|"
    # Newsletter sign-up lines, whatever the sentence around them ('Sign Up: … Sign up for our Email Newsletters').
    r"sign up for our (?:email |e-mail )?newsletters?",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_PLACEHOLDER_WORDS = 5


def is_boilerplate_text(text: str) -> bool:
    """A comment-form, sharing or likes string, whatever the theme's markup around it.

    The form's 'Connecting to %s' is a few words around its placeholder; a sentence that shows `%s`
    (a post about printf) is longer."""
    text = _SPACE.sub(" ", text).strip()
    placeholder = "%s" in text and len(text.split()) <= _PLACEHOLDER_WORDS
    return len(text) <= _MAX_LEN and bool(placeholder or _WHOLE.match(text) or _ANYWHERE.search(text))


def remove_boilerplate_text(container: etree._Element) -> None:
    """Remove the smallest blocks holding such strings (deepest first, so prose around them stays),
    then share bars (once their 'Subscribe to our newsletter' link is gone)."""
    for el in reversed(list(container.iter(*_BLOCK_TAGS))):
        if el is container or el.getparent() is None or _in_code(el):
            continue
        text = "".join(el.itertext())
        if text and len(text) <= _MAX_LEN * 2 and is_boilerplate_text(text):
            drop_tree(el)
    remove_share_bars(container)


def _in_code(el: etree._Element) -> bool:
    """Code shows any string as it is, a form's placeholder included."""
    return el.find(".//pre") is not None or el.find(".//code") is not None or any(
        a.tag in ("pre", "code") for a in el.iterancestors())


# Share links of social plugins and themes (sharer URLs of each network, mail and print actions), and the
# placeholder links of script-driven bars (href="#", javascript:).
_SHARE_HREF = re.compile(
    r"facebook\.com/(?:share|sharer|dialog/share)|twitter\.com/(?:intent/tweet|share)|x\.com/intent/(?:tweet|post)|"
    r"linkedin\.com/(?:shareArticle|sharing|cws/share)|pinterest\.\w+/pin/create|reddit\.com/submit|"
    r"(?:api\.whatsapp\.com|wa\.me)/send|^whatsapp:|t\.me/share|telegram\.me/share|tumblr\.com/(?:share|widgets/share)|"
    r"xing\.com/(?:spi/)?share|vk\.com/share|getpocket\.com/(?:save|edit)|flipboard\.com/bookmarklet|"
    r"plus\.google\.com/share|addtoany\.com/share|^mailto:\?|[?&]share=(?:email|print|facebook|twitter)|"
    r"/(?:feed|rss)/?$",  # the site's feed, which share bars end with
    re.IGNORECASE)
# Not '#section' (a table of contents), nor mailto: with a recipient (a contact line: 'Email Jane or Bob').
_ACTION_HREF = re.compile(r"^(?:#?$|javascript:|mailto:(?:\?|$))", re.IGNORECASE)
_SHARE_WORD = re.compile(r"^(?:share|teilen|partager|compartir|tweet|twitter|x|facebook|linkedin|pinterest|reddit|"
                         r"whatsapp|telegram|xing|email|e-mail|mail|print|drucken|imprimer|imprimir|comment|"
                         r"kommentieren|commenter|comentar|save|merken)\W*\d*$", re.IGNORECASE)
_SHARE_TAGS = ("div", "p", "ul", "ol", "span", "section")
_SHARE_REST = 30  # text beside the links: counts ('75,345 shares'), 'Print', separators


def remove_share_bars(container: etree._Element) -> None:
    """Remove blocks that are nothing but share links (sharer URLs, mailto:, and the '#'/javascript: links
    of script-driven bars), whatever classes the theme gives them: at least two sharer URLs or links named
    Share, Print, Comment…, and no other link (an icon link left without its label shows nothing)."""
    for el in reversed(list(container.iter(*_SHARE_TAGS))):
        if el is container or el.getparent() is None:
            continue
        anchors = [a for a in el.iter("a") if "".join(a.itertext()).strip() or a.find(".//img") is not None]
        if len(anchors) < 2 or not all(_is_share_link(a) for a in anchors) or any(_is_quote(a) for a in anchors):
            continue
        if sum(bool(_SHARE_HREF.search(a.get("href") or "")) or _is_share_word(a) for a in anchors) < 2:
            continue
        linked = sum(len("".join(a.itertext()).strip()) for a in anchors)
        if len(_SPACE.sub(" ", "".join(el.itertext())).strip()) - linked <= _SHARE_REST:
            drop_tree(el)


def _is_share_link(a: etree._Element) -> bool:
    href = (a.get("href") or "").strip()
    return bool(_SHARE_HREF.search(href) or _ACTION_HREF.match(href))


def _is_quote(a: etree._Element) -> bool:
    """Click to Tweet boxes link a sentence of the post to the sharer: that sentence is the author's text."""
    return len(_SPACE.sub(" ", "".join(a.itertext())).strip()) > _SHARE_REST


def _is_share_word(a: etree._Element) -> bool:
    return bool(_SHARE_WORD.match(_SPACE.sub(" ", "".join(a.itertext())).strip() or a.get("title", "").strip()))


# Archive links WordPress prints for the_category() / the_tags(), in the permalink bases sites use.
_TERM_HREF = re.compile(r"/(?:tag|tags|category|categories|kategorie|categorie|categoria|etiqueta|schlagwort|"
                        r"section|topics?|themen)/", re.IGNORECASE)
_LIST_TAGS = ("div", "p", "ul", "ol", "span", "section", "footer", "nav")


def remove_term_lists(container: etree._Element) -> None:
    """Remove blocks that are nothing but category or tag links (theme term lists without known classes)."""
    for el in reversed(list(container.iter(*_LIST_TAGS))):
        if el is container or el.getparent() is None:
            continue
        if _is_term_list(el):
            drop_tree(el)


def _is_term_list(el: etree._Element, least: int = 2) -> bool:
    anchors = el.findall(".//a[@href]")
    if len(anchors) < least or not all(_TERM_HREF.search(a.get("href", "")) for a in anchors):
        return False
    linked = sum(len("".join(a.itertext()).strip()) for a in anchors)
    return len("".join(el.itertext()).strip()) - linked <= 30


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_ORPHAN_MAX = 50  # widget headings are short; a longer last heading is the author's closing line
# Labels related-post widgets print over their list. 'See also' or 'Further reading' over prose is the
# author's own heading.
_WIDGET_LABEL = re.compile(r"^\W{0,3}(?:(?:more |other )?related(?: posts| articles| stories| content| coverage)?|"
                           r"you (?:may|might) also like|more stories)\s*:?\s*$", re.IGNORECASE)
_TEXT = "text"  # a piece of content that is not a heading: text or media


def remove_orphan_headings(container: etree._Element) -> None:
    """Headings whose widget was removed: the last one, with no text or image after it ('### Popular on
    IndieWire' at the end), and a related widget's label ('## Related') followed by prose instead of links."""
    orphans = [h for h in container.iter(*_HEADINGS) if _is_label(h) and _is_stray_lead_in(h)]
    trailing = _trailing_heading(container)
    if trailing is not None and _is_label(trailing):
        orphans.append(trailing)
    for heading in orphans:
        drop_tree(heading)


def _is_label(heading: etree._Element) -> bool:
    """Short, linking nowhere and showing no image: what a widget prints over its content."""
    text = _SPACE.sub(" ", "".join(heading.itertext())).strip()
    return len(text) <= _ORPHAN_MAX and not _is_linked(heading) and not any(True for _ in heading.iter(*_MEDIA))


def _is_linked(heading: etree._Element) -> bool:
    """A heading holding a link, or inside one (`<a><h4>Milan</h4></a>`), points somewhere: it is not a label."""
    return heading.find(".//a[@href]") is not None or any(a.tag == "a" for a in heading.iterancestors())


def _trailing_heading(container: etree._Element) -> etree._Element | None:
    """The heading the body ends with, when text comes just before it: nothing follows it, so its widget
    went. After another heading it is one of a run the author wrote (a list of albums as headings).

    One walk in document order keeps the last two pieces of content (a heading, or text and media)."""
    last: list = [None, None]
    inside = 0  # depth in headings, whose own text is the heading's
    for event, el in etree.iterwalk(container, events=("start", "end", "comment", "pi")):
        if event == "start" and el.tag in _HEADINGS:
            if not inside and _has_content(el):
                last = [last[1], el]
            inside += 1
        elif event == "start":
            if not inside and ((el.text or "").strip() or el.tag in _MEDIA):
                last = [last[1], _TEXT]
        else:
            if event == "end" and el.tag in _HEADINGS:
                inside -= 1
            if not inside and el is not container and (el.tail or "").strip():
                last = [last[1], _TEXT]
    before, heading = last
    return heading if before is _TEXT and heading is not _TEXT else None


def _has_content(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return False
    return bool("".join(el.itertext()).strip()) or el.tag in _MEDIA or any(True for _ in el.iter(*_MEDIA))


_MEDIA = ("img", "iframe", "video", "audio", "embed", "object", "picture", "lite-youtube")


def _is_stray_lead_in(heading: etree._Element) -> bool:
    """A related widget's label whose links went with their widget: what follows is prose."""
    if not _WIDGET_LABEL.match(_SPACE.sub(" ", "".join(heading.itertext())).strip()):
        return False
    following = next((n for n in heading.itersiblings() if _has_content(n)), None)
    return following is not None and following.tag == "p" and following.find(".//a[@href]") is None


# Blocks a body can open with; the smallest one holding text is looked at.
_LEAD_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "section", "header"})
# Blocks that are text as a whole, whatever their first line: the search ends at them unless they are
# the_category()'s list of badges, which is passed over as before.
_TEXT_BLOCKS = frozenset({"ul", "ol", "dl", "table", "pre", "blockquote", "address", "details", "figcaption"})
# A span or time is a line of its own only beside blocks (<span class="byline"> in a <div>), not in a paragraph.
_LINE_TAGS = frozenset({"span", "time"})
_LINE_PARENTS = frozenset({"div", "section", "header", "article", "main"})
_LEAD_BLOCKS = 4  # category badges, title, byline and date lines come first, before the article text
_BYLINE_MAX = 100
# Theme bylines and date lines inside the content element: 'by Jane Doe — November 18, 2019',
# 'Published 18 November 2019', 'Posted on 2016.12.01 by admin'.
_BYLINE = re.compile(r"^(?:[-–—|/／]\s*)?(?:(?:by|written by|von|par|por)\b(?!\s*\d)|"  # 'By 2024 the…' is prose
                     r"(?:posted|published|updated|publié|publicado|veröffentlicht|aktualisiert|geschrieben)\b)",
                     re.IGNORECASE)
# A line that is only a date ('1. November 2023', 'November 8, 2023 at 11:30 p.m.', '05.01.2020').
_DATE_WORDS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
                         r"june|july|august|september|october|november|december|januar|februar|märz|juni|juli|"
                         r"oktober|dezember|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
                         r"novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
                         r"noviembre|diciembre|at|um|am|pm|a\.m|p\.m|le|de|el|à|h|uhr)\b|[\d\W_]+", re.IGNORECASE)
_DATE_SHAPE = re.compile(r"\d\d?[./-]\d\d?[./-]\d\d|[^\W\d_]{3,}")  # '05.01.2020', or a month's name
_DATE_MAX = 60
# Author archive links (the_author_posts_link()) and avatars (get_avatar(), Gravatar).
_AUTHOR_HREF = re.compile(r"/(?:author|autor|auteur)/", re.IGNORECASE)
_AVATAR = re.compile(r"(?:^|\s)avatar(?:\s|$|-)|gravatar\.com/avatar", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WORDS = re.compile(r"\w+")


def remove_leading_meta(container: etree._Element, title: str) -> None:
    """Drop the post title and byline/date lines a theme prints at the top of its content element
    (Post.title, .author and .date already hold them), stopping at the first other block."""
    wanted = _words(title)
    for el in _leading_blocks(container):
        if el.tag != "img" and not _is_lead_meta(el, wanted):  # an img is an author's avatar
            return
        drop_tree(el)


def _is_lead_meta(el: etree._Element, wanted: list[str]) -> bool:
    """A heading is the title or text ('## June 2019' opens an archive's month), never a date line."""
    text = _SPACE.sub(" ", "".join(el.itertext())).strip()
    if el.tag in _HEADINGS:
        return bool(wanted) and _words(text) == wanted
    is_byline = len(text) <= _BYLINE_MAX and bool(_BYLINE.match(text)) and bool(_YEAR.search(text))
    return is_byline or _is_meta_line(el, text)


def _is_meta_line(el: etree._Element, text: str) -> bool:
    """Category badges, an author link or a date alone on a line: what themes print around the title."""
    if len(text) > _DATE_MAX:
        return False
    anchors = el.findall(".//a[@href]")
    if anchors and all(_AUTHOR_HREF.search(a.get("href", "")) for a in anchors):
        return len(text) - sum(len("".join(a.itertext()).strip()) for a in anchors) <= 10
    is_date = bool(_YEAR.search(text) and _DATE_SHAPE.search(text)) and not _DATE_WORDS.sub("", text).strip()
    return is_date or _is_term_list(el, least=1)


def _leading_blocks(container: etree._Element) -> list[etree._Element]:
    """The first few smallest blocks with text (or an image, which ends the search), in document order,
    before any list, table or quote with text: what follows one is the article's."""
    found: list[etree._Element] = []
    for el in container.iter(etree.Element):
        if el is container:
            continue
        if el.tag == "img" and _is_avatar(el):
            found.append(el)
            continue
        if el.tag == "img" or el.tag == "figure":
            break
        if any(a in found for a in el.iterancestors()):
            continue
        if _is_text_block(el):
            break
        if not _is_block(el) or not "".join(el.itertext()).strip():
            continue
        if any((_is_block(c) or _is_text_block(c)) and "".join(c.itertext()).strip()
               for c in el.iter(etree.Element) if c is not el):
            continue
        found.append(el)
        if len(found) == _LEAD_BLOCKS:
            break
    return found


def _is_avatar(img: etree._Element) -> bool:
    return bool(_AVATAR.search(img.get("class") or "") or _AVATAR.search(img.get("src") or ""))


def _is_text_block(el: etree._Element) -> bool:
    return el.tag in _TEXT_BLOCKS and bool("".join(el.itertext()).strip()) and not _is_term_list(el, least=1)


def _is_block(el: etree._Element) -> bool:
    if el.tag in _LEAD_TAGS:
        return True
    parent = el.getparent()
    return el.tag in _LINE_TAGS and parent is not None and parent.tag in _LINE_PARENTS and not _own_text(parent)


def _own_text(el: etree._Element) -> bool:
    """Text directly in the element, not in a child: 'PUBLISHED: <time>…</time>' is one line."""
    return bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text)]
