"""Boilerplate recognised by its text or links, for pages whose markup lacks the classes selectors know.

WordPress.com and Jetpack print the same strings in every theme: the highlander comment form
('Connecting to %s' keeps its untranslated placeholder in every language), 'Share this:', 'Like this:'.
"""

from __future__ import annotations

import re

from lxml import etree

from ..transform.tree import drop_tree

__all__ = ["is_boilerplate_text", "remove_boilerplate_text", "remove_leading_meta", "remove_term_lists"]

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
    r"adverts?|advertisements?|advertising|anzeige|publicité|publicidad|"
    # Newsletter calls to action themes and plugins append to every post.
    r"(?:click here to )?subscribe to (?:the |our )?[\w ]{0,40}newsletter[.!]?)\s*:?$",
    re.IGNORECASE,
)
_ANYWHERE = re.compile(
    r"%s|you are commenting using your|fill in your details below or click an icon to log in|"
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


def is_boilerplate_text(text: str) -> bool:
    """A comment-form, sharing or likes string, whatever the theme's markup around it."""
    text = _SPACE.sub(" ", text).strip()
    return len(text) <= _MAX_LEN and bool(_WHOLE.match(text) or _ANYWHERE.search(text))


def remove_boilerplate_text(container: etree._Element) -> None:
    """Remove the smallest blocks holding such strings (deepest first, so prose around them stays)."""
    for el in reversed(list(container.iter(*_BLOCK_TAGS))):
        if el is container or el.getparent() is None:
            continue
        text = "".join(el.itertext())
        if text and len(text) <= _MAX_LEN * 2 and is_boilerplate_text(text):
            drop_tree(el)


# Archive links WordPress prints for the_category() / the_tags(), in the permalink bases sites use.
_TERM_HREF = re.compile(r"/(?:tag|tags|category|categories|kategorie|categorie|categoria|etiqueta|schlagwort|"
                        r"section|topics?|themen)/", re.IGNORECASE)
_LIST_TAGS = ("div", "p", "ul", "ol", "span", "section", "footer", "nav")


def remove_term_lists(container: etree._Element) -> None:
    """Remove blocks that are nothing but category or tag links (theme term lists without known classes)."""
    for el in reversed(list(container.iter(*_LIST_TAGS))):
        if el is container or el.getparent() is None:
            continue
        anchors = el.findall(".//a[@href]")
        if len(anchors) < 2 or not all(_TERM_HREF.search(a.get("href", "")) for a in anchors):
            continue
        linked = sum(len("".join(a.itertext()).strip()) for a in anchors)
        if len("".join(el.itertext()).strip()) - linked <= 30:
            drop_tree(el)


# Blocks a body can open with; the smallest one holding text is looked at.
_LEAD_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "section", "header"})
# A span or time is a line of its own only beside blocks (<span class="byline"> in a <div>), not in a paragraph.
_LINE_TAGS = frozenset({"span", "time"})
_LINE_PARENTS = frozenset({"div", "section", "header", "article", "main"})
_LEAD_BLOCKS = 3  # title, byline and date lines come first, before the article text
_BYLINE_MAX = 100
# Theme bylines and date lines inside the content element: 'by Jane Doe — November 18, 2019',
# 'Published 18 November 2019', 'Posted on 2016.12.01 by admin'.
_BYLINE = re.compile(r"^(?:[-–—|/／]\s*)?(?:(?:by|written by|von|par|por)\b(?!\s*\d)|"  # 'By 2024 the…' is prose
                     r"(?:posted|published|updated|publié|publicado)\b)", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WORDS = re.compile(r"\w+")


def remove_leading_meta(container: etree._Element, title: str) -> None:
    """Drop the post title and byline/date lines a theme prints at the top of its content element
    (Post.title, .author and .date already hold them), stopping at the first other block."""
    wanted = _words(title)
    for el in _leading_blocks(container):
        text = _SPACE.sub(" ", "".join(el.itertext())).strip()
        is_title = bool(wanted) and _words(text) == wanted and el.tag in _HEADINGS
        is_byline = len(text) <= _BYLINE_MAX and bool(_BYLINE.match(text)) and bool(_YEAR.search(text))
        if not (is_title or is_byline):
            return
        drop_tree(el)


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _leading_blocks(container: etree._Element) -> list[etree._Element]:
    """The first few smallest blocks with text (or an image, which ends the search), in document order."""
    found: list[etree._Element] = []
    for el in container.iter(etree.Element):
        if el is container:
            continue
        if el.tag == "img" or el.tag == "figure":
            break
        if not _is_block(el) or not "".join(el.itertext()).strip():
            continue
        if any(_is_block(c) and "".join(c.itertext()).strip() for c in el.iter(etree.Element) if c is not el):
            continue
        if any(a in found for a in el.iterancestors()):
            continue
        found.append(el)
        if len(found) == _LEAD_BLOCKS:
            break
    return found


def _is_block(el: etree._Element) -> bool:
    if el.tag in _LEAD_TAGS:
        return True
    parent = el.getparent()
    return el.tag in _LINE_TAGS and parent is not None and parent.tag in _LINE_PARENTS


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text)]
