"""Facts about a post from a page: title, dates, author, terms, canonical link, language, featured image."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from lxml import etree

from ..model import Image, Term
from ..transform.urls import resolve_url
from .media import real_src

__all__ = ["PageMeta", "parse_date", "parse_moment", "read_metadata"]

_SPACE = re.compile(r"\s+")
_ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "NewsArticle", "Report", "TechArticle", "ScholarlyArticle",
                            "SocialMediaPosting", "LiveBlogPosting", "OpinionNewsArticle", "ReviewNewsArticle"})
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|«|»|·|•)\s+")
_TRAILING_SEPARATOR = re.compile(r"\s*(?:\||–|—|-|::|«|»|·|•|:)\s*$")
# Kubrick's header.php: bloginfo('name') » Blog Archive wp_title() on single posts, translated "Blog Archiv".
_KUBRICK_TITLE = re.compile(r"^(?P<site>.+?)\s+»\s+Blog\s+Archive?\s+»\s+(?P<title>.+)$", re.IGNORECASE)
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")  # JSON-LD some plugins wrap (saswp)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                         "\u00a0": " "})
# Month names WordPress prints through date_i18n() in English, German, French, Spanish and Portuguese.
_MONTH_NAMES = (
    ("january", "januar", "janvier", "enero", "janeiro", "jänner"),
    ("february", "februar", "février", "fevrier", "febrero", "fevereiro"),
    ("march", "märz", "maerz", "mars", "marzo", "março", "marco"),
    ("april", "avril", "abril"),
    ("may", "mai", "mayo", "maio"),
    ("june", "juni", "juin", "junio", "junho"),
    ("july", "juli", "juillet", "julio", "julho"),
    ("august", "août", "aout", "agosto"),
    ("september", "septembre", "septiembre", "setembro", "sept"),
    ("october", "oktober", "octobre", "octubre", "outubro"),
    ("november", "novembre", "noviembre", "novembro"),
    ("december", "dezember", "décembre", "decembre", "diciembre", "dezembro"),
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items()) if name[:3] not in _MONTHS})
_MDY = re.compile(r"\b([^\W\d_]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE)
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:of\s+|de\s+)?([^\W\d_]{3,9})\.?,?\s+(?:de\s+)?(\d{4})\b",
                  re.IGNORECASE)
_DMY_NUMERIC = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")  # 19.04.2019, as German blogs write it
# A time printed right after the date: ", 3:51 pm", " um 09:07 Uhr", " 21:21:50", " 8:02 pm UTC".
_TIME_AFTER = re.compile(r"[\s,|·@–—-]{0,4}(?:at\s+|um\s+|à\s+|às\s+|a las\s+|alle\s+|-\s+)?(\d{1,2})[:.h](\d\d)"
                         r"(?![\d.])(?::(\d\d))?"
                         r"\s*([ap]\.?\s?m\.?)?(?:\s*(?:uhr|h)\b)?(?:\s*(utc|gmt|z\b|[+-]\d\d:?\d\d))?",
                         re.IGNORECASE)
_ISO_DAY = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_DATE_METAS = ("article:published_time", "og:article:published_time", "datepublished", "dc.date.issued",
               "dc.date", "dcterms.date", "date", "pubdate", "publish-date", "parsely-pub-date", "sailthru.date")
_ISO_DATE_ONLY = re.compile(r"^\d{4}-\d\d-\d\d$")
_PERMALINK_DAY = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/")
# Elements that carry another post's or a comment's date: never the post's own date.
_NOISE = re.compile(r"comment|related|respond|widget|sidebar|crp_|yarpp", re.IGNORECASE)

_TIME_PUBLISHED = etree.XPath(
    ".//time[contains(concat(' ', normalize-space(@class), ' '), ' published ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' entry-date ')][@datetime]"
    " | .//*[@itemprop='datePublished'][@datetime or @content]"
    " | .//abbr[contains(concat(' ', normalize-space(@class), ' '), ' published ')][@title]")
_TIME_MODIFIED = etree.XPath(
    ".//time[contains(concat(' ', normalize-space(@class), ' '), ' updated ')][@datetime]"
    " | .//*[@itemprop='dateModified'][@datetime or @content]")
_VISIBLE_DATE = etree.XPath(
    ".//*[contains(@class, 'entry-date') or contains(@class, 'posted-on') or contains(@class, 'post-date')"
    " or contains(@class, 'published') or contains(@class, 'entry-meta') or contains(@class, 'postmetadata')"
    " or contains(@class, 'byline') or contains(@class, 'date') or contains(@class, 'datum')"
    " or contains(@class, 'post-meta') or contains(@class, 'postmeta') or contains(@class, 'meta-info')]"
    " | .//time")
# Words a byline link says instead of a name: "View all posts by X", "by X", "Archiv anzeigen →".
_AUTHOR_LEAD = re.compile(r"^(?:(?:view|see)\s+all\s+(?:posts|articles)\s+by|(?:all\s+)?posts\s+by|written\s+by"
                          r"|posted\s+by|geschrieben\s+von|by|von|par|por)\s+", re.IGNORECASE)
_NOT_AUTHOR = re.compile(r"://|^www\.|[→←»«]|^(?:no\s+author|unknown|anonymous)$|\b(?:view\s+all|archiv|alle\s+beiträge"
                         r"|all\s+posts|more\s+posts|read\s+more|weiterlesen)\b", re.IGNORECASE)
_AUTHOR = etree.XPath(
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' author ')]"
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]"
    " | .//a[@rel='author'] | .//*[@itemprop='author']//*[@itemprop='name']"
    " | .//*[contains(@class, 'entry-author-name') or contains(@class, 'author-name')]"
    " | .//*[contains(@class, 'byline')]//a")
_CATEGORY_LINKS = etree.XPath(
    ".//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
    " | .//*[contains(@class, 'taxonomy-category')]//a"
    " | .//*[contains(@class, 'cat-links') or contains(@class, 'post-categories')"
    " or contains(@class, 'entry-categories') or contains(@class, 'td-category')]//a")
# Block themes mark category links rel="tag" too; their Post Terms block names the taxonomy.
_TAG_LINKS = etree.XPath(
    ".//a[normalize-space(@rel)='tag'][not(ancestor::*[contains(@class, 'taxonomy-category')])]"
    " | .//*[contains(@class, 'tags-links') or contains(@class, 'tag-links') or contains(@class, 'entry-tags')"
    " or contains(@class, 'post-tags') or contains(@class, 'td-tags')]//a")
_ENTRY_TITLE = etree.XPath(
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-title ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' post-title ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' wp-block-post-title ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' td-post-title ')"
    " or @itemprop='headline']")
_H1 = etree.XPath(".//h1")
_FEATURED = etree.XPath(
    ".//img[contains(concat(' ', normalize-space(@class), ' '), ' wp-post-image ')]"
    " | .//*[contains(@class, 'post-thumbnail') or contains(@class, 'featured-image')"
    " or contains(@class, 'wp-block-post-featured-image')]//img")


@dataclass(frozen=True, kw_only=True)
class PageMeta:
    title: str = ""
    # A datetime when the page gives the time (naive when it names no zone), else the day alone.
    date: date | None = None
    modified: date | None = None
    author: str = ""
    categories: tuple[Term, ...] = ()
    tags: tuple[Term, ...] = ()
    link: str = ""
    language: str = ""
    featured_image: Image | None = None


def read_metadata(root: etree._Element, post: etree._Element | None, url: str = "") -> PageMeta:
    """Metadata from JSON-LD and meta tags first, then from the post's own markup.

    The date comes from JSON-LD datePublished, article:published_time (and kin), the post's
    time.entry-date.published, a date-based permalink, the visible post meta, then htmldate's guess;
    elements inside comments, related-post blocks and widgets are never read for it.
    """
    metas = _meta_tags(root)
    objects = _ld_objects(root)
    ld = _ld_article(objects)
    scope = post if post is not None else root
    title_el = root.find(".//title")
    page_title = _text(title_el) if title_el is not None else ""
    sites = _site_names(metas, page_title)
    return PageMeta(
        title=_title(page_title, sites, root, post, scope, metas, ld),
        date=_published(root, scope, metas, ld, url),
        modified=_stated_date(ld.get("dateModified")) or _stated_date(metas.get("article:modified_time"))
        or _time_in(scope, _TIME_MODIFIED),
        author=_ld_author(ld, objects) or _byline_author(scope) or _meta_author(metas, sites),
        categories=_terms(scope, _CATEGORY_LINKS, "category", metas.get("article:section", "")),
        tags=_terms(scope, _TAG_LINKS, "post_tag", *metas.get_all("article:tag")),
        link=_canonical(root, metas, url),
        language=_language(root, metas),
        featured_image=_featured(scope, metas, url),
    )


class _Metas(dict):
    """Meta tags by name/property; repeated ones (article:tag) kept in order."""

    def __init__(self) -> None:
        super().__init__()
        self.repeated: dict[str, list[str]] = {}

    def get_all(self, key: str) -> list[str]:
        return self.repeated.get(key, [])


def _meta_tags(root: etree._Element) -> _Metas:
    metas = _Metas()
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = _clean(meta.get("content") or "")
        if key and value:
            metas.setdefault(key, value)
            metas.repeated.setdefault(key, []).append(value)
        if (meta.get("http-equiv") or "").lower() == "content-language" and value:
            metas.setdefault("content-language", value)
    return metas


def _ld_objects(root: etree._Element) -> list[dict]:
    """Every object of the page's JSON-LD (Yoast and Rank Math put them in an @graph); a block that
    does not parse, or nests too deep for the parser, is skipped alone."""
    found: list[dict] = []
    for script in root.xpath(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(_CDATA.sub("", script.text or ""), strict=False)
        except (ValueError, RecursionError):
            continue
        _collect_objects(data, found)
    return found


def _ld_article(found: list[dict]) -> dict:
    """The article object, else the page object."""
    articles = [o for o in found if _types(o) & _ARTICLE_TYPES]
    pages = [o for o in found if "WebPage" in _types(o)]
    return (articles or pages or [{}])[0]


def _collect_objects(data, found: list[dict]) -> None:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            if isinstance(item.get("@graph"), list):
                stack.extend(reversed(item["@graph"]))


def _types(obj: dict) -> set[str]:
    """The object's type names; what is not a name (an object, a nested list, a number) names none."""
    kind = obj.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k for k in kinds if isinstance(k, str)}


def _ld_author(ld: dict, objects: list[dict]) -> str:
    """The author's name; a reference ({"@id": …} or the @id alone) is looked up in the graph."""
    author = ld.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    ident = author if isinstance(author, str) else author.get("@id") if isinstance(author, dict) else None
    if isinstance(ident, str) and not (isinstance(author, dict) and author.get("name")):
        author = next((o for o in objects if o.get("@id") == ident and o is not author), author)
    if isinstance(author, dict):
        name = author.get("name")
        return _author_name(name) if isinstance(name, str) else ""
    return _author_name(author) if isinstance(author, str) else ""


def _byline_author(scope) -> str:
    for el in _AUTHOR(scope):
        if not _in_noise(el, scope) and (name := _author_name(_text(el))):
            return name
    return ""


def _meta_author(metas, sites: set[str]) -> str:
    """meta name=author without the site's name beside it ("unocero - Alberto Ávila"); none when it
    is a theme's credit line ("Frank Bueltge - http://bueltge.de", "Matthias Hille - Lukas Balbach"),
    which classic themes hard-code in header.php."""
    parts = _TITLE_SEPARATORS.split(metas.get("author", ""))
    named = [p for p in parts if p.strip().lower() not in sites] if len(parts) > 1 else parts
    return _author_name(named[0]) if len(named) == 1 else ""


def _author_name(value: str) -> str:
    """The name a byline gives, without "by"; "" for what is no name: a date, a URL, a link's words."""
    name = _AUTHOR_LEAD.sub("", _clean(value)).strip(" -–—|·,:")
    if not name or len(name) > 80 or _NOT_AUTHOR.search(name) or _visible_day(name):
        return ""
    return name


def _title(page_title: str, sites: set[str], root, post, scope, metas, ld) -> str:
    """The heading that agrees with what og:title, the JSON-LD headline or <title> say, else the
    post's entry title, those stated titles, its h1, <title>.

    A theme's heading can hold the blog's name (Kubrick's h1) or another post's title (a teaser
    taken for the post element): the page's stated titles tell which heading is the post's.
    """
    if kubrick := _KUBRICK_TITLE.match(page_title):
        page_title = kubrick["title"]
    page_title = _without_site(page_title, sites)
    headline = ld.get("headline")
    stated = [_without_site(_clean(t), sites) for t in (metas.get("og:title"), headline) if isinstance(t, str) and t]
    for text in _headings((post, root) if post is not None else (root,), sites):
        if _key(text) == _key(page_title) or any(_agrees(text, t) for t in stated):
            return text
    entry = next(_headings((post,), sites, h1=False), "") if post is not None else ""
    return entry or next(iter(stated), "") or _first_h1(scope, sites) or page_title


def _headings(scopes, sites: set[str], entries: bool = True, h1: bool = True):
    """Titles the markup shows, the post's own first: entry titles, then h1s; never the site's name."""
    for scope in scopes:
        for xpath in (_ENTRY_TITLE,) * entries + (_H1,) * h1:
            for el in xpath(scope):
                if not _in_noise(el, scope) and (text := _heading_text(el)) and text.lower() not in sites:
                    yield text


def _first_h1(scope, sites: set[str]) -> str:
    h1 = scope.find(".//h1")
    text = _text(h1) if h1 is not None else ""
    return "" if text.lower() in sites else text


def _heading_text(el) -> str:
    """A title container's heading, when it holds one beside the date and byline (a header.post-title)."""
    if el.tag not in _HEADING_TAGS:
        for inner in el.iter(*_HEADING_TAGS):
            if text := _text(inner):
                return text
    return _text(el)


def _agrees(text: str, stated: str) -> bool:
    """The heading is the stated title, or one part of it ("Title – Tagline")."""
    key = _key(text)
    return key == _key(stated) or any(key == _key(part) for part in _TITLE_SEPARATORS.split(stated))


def _key(text: str) -> str:
    return _clean(text.translate(_DASHES)).casefold()


def _site_names(metas, page_title: str) -> set[str]:
    """The blog's name as the page states it: og:site_name, application-name, the <title> suffix."""
    names = {metas.get("og:site_name", ""), metas.get("application-name", "")}
    parts = _TITLE_SEPARATORS.split(page_title)
    if kubrick := _KUBRICK_TITLE.match(page_title):
        names.add(kubrick["site"])
    elif len(parts) > 1:
        names.add(parts[-1])  # wp_get_document_title(): "Post title – Site name"
    return {n.strip().lower() for n in names if n.strip()}


def _without_site(title: str, sites: set[str]) -> str:
    """The title without a leading or trailing site name and its separator.

    Cut once at the first of the trailing site names, so a title repeating the name thousands of
    times costs its length, not its length times the repeats.
    """
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if not separators:
        return title.strip()
    starts = [0] + [m.end() for m in separators]
    ends = [m.start() for m in separators] + [len(title)]

    def is_site(n: int) -> bool:
        return title[starts[n]:ends[n]].strip().lower() in sites

    last = len(separators)
    while last > 0 and is_site(last):
        last -= 1
    if last > 0 and is_site(0):
        return title[starts[1]:ends[last]].strip()
    return title[:ends[last]].strip()


def parse_date(value) -> datetime | None:
    """ISO 8601 as WordPress writes it; naive when the value names no offset, since the blog's is not known."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    return _iso_moment(text) or _parse_visible(text)


def _iso_moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_moment(text: str) -> datetime | None:
    """A comment's visible date with the time written after it ('06.01.2020 um 9:16', 'June 28,
    2015 at 10:25 pm'); naive when the page names no zone, midnight when it shows no time."""
    shown = _shown_date(text)
    if shown is None or isinstance(shown, datetime):
        return shown
    return datetime(shown.year, shown.month, shown.day)


def _parse_visible(text: str) -> datetime | None:
    """'October 6, 2016', '6. Oktober 2016', '6 de octubre de 2016', '06.10.2016' or '2016-10-06'."""
    found = _visible_day(text)
    return datetime(found[0].year, found[0].month, found[0].day) if found else None


def _visible_day(text: str) -> tuple[date, int] | None:
    """The first date the text shows, and where it ends."""
    for pattern, order in ((_MDY, "mdy"), (_DMY, "dmy"), (_ISO_DAY, "ymd"), (_DMY_NUMERIC, "dmy")):
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            month = _MONTHS.get(parts["m"].lower()) if not parts["m"].isdecimal() else int(parts["m"])
            try:
                return date(int(parts["y"]), month or 0, int(parts["d"])), match.end()
            except ValueError:
                continue
    return None


def _stated_date(value) -> date | None:
    """A post's date as the page states it: a day alone ('2020-01-08', '8 January 2020') stays a day,
    never midnight UTC; a time printed after the day is kept ('8 January 2020, 3:51 pm')."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    return (None if _ISO_DATE_ONLY.match(text) else _iso_moment(text)) or _shown_date(text)


def _shown_date(text: str) -> date | None:
    """The day a date line shows, with the time that follows it; naive when the line names no zone,
    since the blog's offset is not known."""
    found = _visible_day(text)
    if found is None:
        return None
    day, end = found
    time = _TIME_AFTER.match(text, end)
    if time is None:
        return day
    hour, minute, second = int(time[1]), int(time[2]), int(time[3] or 0)
    if time[4]:  # 12-hour clock
        if not 1 <= hour <= 12:
            return day
        hour = hour % 12 + (12 if time[4].lower().startswith("p") else 0)
    try:
        return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=_zone(time[5]))
    except ValueError:
        return day


def _zone(name: str | None) -> timezone | None:
    if not name:
        return None
    if name.lower() in ("utc", "gmt", "z"):
        return timezone.utc
    sign = -1 if name[0] == "-" else 1
    digits = name[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _published(root, scope, metas, ld: dict, url: str) -> date | None:
    """The first date found, in order of trust; a day alone takes the time the post's date line
    shows for that day ('29. Juni 2017, 23:39' beside a /2017/06/29/ permalink)."""
    found = (_stated_date(ld.get("datePublished")) or _meta_date(metas) or _time_in(scope, _TIME_PUBLISHED)
             or _permalink_date(_canonical(root, metas, url)) or _visible_date(scope) or _guessed_date(root))
    if found is None or isinstance(found, datetime):
        return found
    shown = _visible_date(scope)
    return shown if isinstance(shown, datetime) and shown.date() == found else found


def _meta_date(metas) -> date | None:
    for key in _DATE_METAS:
        if found := _stated_date(metas.get(key)):
            return found
    return None


def _permalink_date(link: str) -> date | None:
    """Date-based permalinks (/%year%/%monthnum%/%day%/%postname%/) carry the publication day."""
    match = _PERMALINK_DAY.search(link)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _guessed_date(root) -> date | None:
    """Last resort: htmldate's heuristics over the whole page (dates in URLs, headers, free text)."""
    # Imported on first use, like trafilatura, which depends on it.
    from htmldate import find_date

    try:
        found = find_date(etree.tostring(root, encoding="unicode", method="html"), original_date=True,
                          extensive_search=False)
    except (ValueError, TypeError, etree.LxmlError):
        return None
    return _stated_date(found) if found else None


def _time_in(scope, xpath: etree.XPath) -> date | None:
    for el in xpath(scope):
        if _in_noise(el, scope):
            continue
        value = el.get("datetime") or el.get("content") or el.get("title")
        if found := _stated_date(value):
            return found
    return None


def _visible_date(scope) -> date | None:
    for el in _VISIBLE_DATE(scope):
        if not _in_noise(el, scope) and (found := _shown_date(_text(el))):
            return found
    return None


def _in_noise(el, scope) -> bool:
    """Inside a comment, a related-post block or a widget of the page."""
    for ancestor in el.iterancestors():
        if ancestor is scope:
            return False
        if _NOISE.search((ancestor.get("class") or "") + " " + (ancestor.get("id") or "")):
            return True
    return False


def _first_text(scope, xpath: etree.XPath) -> str:
    for el in xpath(scope):
        if not _in_noise(el, scope) and (text := _text(el)):
            return text
    return ""


def _terms(scope, xpath: etree.XPath, taxonomy: str, *extra: str) -> tuple[Term, ...]:
    terms: dict[str, Term] = {}
    for a in xpath(scope):
        name = _text(a)
        if name and not _in_noise(a, scope):
            terms.setdefault(name.lower(), Term(taxonomy=taxonomy, name=name, slug=_slug(a.get("href", ""))))
    for name in extra:
        if name:
            terms.setdefault(name.lower(), Term(taxonomy=taxonomy, name=name))
    return tuple(terms.values())


def _slug(href: str) -> str:
    try:
        path = [p for p in urlsplit(href).path.split("/") if p]
    except ValueError:  # "http://[::1/": no slug to read
        return ""
    return path[-1] if path else ""


def _canonical(root, metas, url: str) -> str:
    """link rel=canonical, else og:url, else the page's address; one a browser must not follow
    (javascript:, data:) is no link."""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            if href := resolve_url(link.get("href"), url):
                return href
    return (resolve_url(metas["og:url"], url) if metas.get("og:url") else "") or url


def _language(root, metas) -> str:
    lang = root.get("lang") or root.get("xml:lang") or metas.get("content-language") or metas.get("og:locale", "")
    return lang.strip().replace("_", "-")


def _featured(scope, metas, url: str) -> Image | None:
    """The post's thumbnail, else og:image; an address a browser must not follow (javascript:, data:) is none."""
    for img in _FEATURED(scope):
        if (src := real_src(img)) and (src := resolve_url(src, url)):
            return Image(src=src, alt=(img.get("alt") or "").strip())
    image = resolve_url(metas["og:image"], url) if metas.get("og:image") else ""
    return Image(src=image) if image else None


def _text(el) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def _clean(value: str) -> str:
    return _SPACE.sub(" ", value).strip()
