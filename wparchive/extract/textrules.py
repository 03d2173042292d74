"""Boilerplate recognised by its text or links, for pages whose markup lacks the classes selectors know.

WordPress.com and Jetpack print the same strings in every theme: the highlander comment form
('Connecting to %s' keeps its untranslated placeholder in every language), 'Share this:', 'Like this:'.
"""

from __future__ import annotations

import re

from lxml import etree

from .tree import drop_tree

__all__ = ["is_boilerplate_text", "remove_boilerplate_text", "remove_term_lists"]

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
    r"ce diaporama nécessite javascript\.?|esta presentación requiere javascript\.?)\s*:?$",
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
    r"tu dirección de correo electrónico no será publicada|this site uses akismet to reduce spam",
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
