"""Facts about a post from a page: title, dates, author, terms, canonical link, language, featured image."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from lxml import etree

from ..model import Image, Term
from .media import real_src

__all__ = ["PageMeta", "parse_date", "parse_moment", "read_metadata"]

_SPACE = re.compile(r"\s+")
_ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "NewsArticle", "Report", "TechArticle", "ScholarlyArticle",
                            "SocialMediaPosting", "LiveBlogPosting", "OpinionNewsArticle", "ReviewNewsArticle"})
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|«|»|·|•)\s+")
_TRAILING_SEPARATOR = re.compile(r"\s*(?:\||–|—|-|::|«|»|·|•|:)\s*$")
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
_ISO_DAY = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
# The time WordPress prints after a comment's date: '06.01.2020 um 9:16', 'June 28, 2015 at 10:25 pm', '… @ 11:38'.
_TIME_OF_DAY = re.compile(r"[\s,]*(?:um|at|@|à|às|a las|alle|-|–|—|\|)?\s*(\d{1,2})[:.h](\d{2})(?![\d.])"
                          r"(?:\s*([ap])\.?\s?m\b\.?)?", re.IGNORECASE)
_DATE_METAS = ("article:published_time", "og:article:published_time", "datepublished", "dc.date.issued",
               "dc.date", "dcterms.date", "date", "pubdate", "publish-date", "parsely-pub-date", "sailthru.date")
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
_FEATURED = etree.XPath(
    ".//img[contains(concat(' ', normalize-space(@class), ' '), ' wp-post-image ')]"
    " | .//*[contains(@class, 'post-thumbnail') or contains(@class, 'featured-image')"
    " or contains(@class, 'wp-block-post-featured-image')]//img")


@dataclass(frozen=True, kw_only=True)
class PageMeta:
    title: str = ""
    date: datetime | None = None
    modified: datetime | None = None
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
    ld = _json_ld(root)
    scope = post if post is not None else root
    return PageMeta(
        title=_title(root, post, scope, metas, ld),
        date=parse_date(ld.get("datePublished")) or _meta_date(metas)
        or _time_in(scope, _TIME_PUBLISHED) or _permalink_date(_canonical(root, metas, url))
        or _visible_date(scope) or _guessed_date(root),
        modified=parse_date(ld.get("dateModified")) or parse_date(metas.get("article:modified_time"))
        or _time_in(scope, _TIME_MODIFIED),
        author=_ld_author(ld) or _first_text(scope, _AUTHOR) or metas.get("author", ""),
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


def _json_ld(root: etree._Element) -> dict:
    """The article object of the page's JSON-LD (Yoast and Rank Math put it in an @graph)."""
    found: list[dict] = []
    for script in root.xpath(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        _collect_objects(data, found)
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
    kind = obj.get("@type", "")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def _ld_author(ld: dict) -> str:
    author = ld.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        name = author.get("name")
        return _clean(name) if isinstance(name, str) else ""
    return _clean(author) if isinstance(author, str) else ""


def _title(root, post, scope, metas, ld) -> str:
    entry = _first_text(post, _ENTRY_TITLE) if post is not None else ""
    if entry:
        return entry
    title_el = root.find(".//title")
    page_title = _text(title_el) if title_el is not None else ""
    sites = _site_names(metas, page_title)
    headline = ld.get("headline")
    for candidate in (metas.get("og:title"), headline if isinstance(headline, str) else None):
        if candidate:
            return _without_site(_clean(candidate), sites)
    h1 = scope.find(".//h1")
    if h1 is not None and _text(h1):
        return _text(h1)
    return _without_site(page_title, sites)


def _site_names(metas, page_title: str) -> set[str]:
    """The blog's name as the page states it: og:site_name, application-name, the <title> suffix."""
    names = {metas.get("og:site_name", ""), metas.get("application-name", "")}
    parts = _TITLE_SEPARATORS.split(page_title)
    if len(parts) > 1:
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
    """ISO 8601 as WordPress writes it; a value without an offset is taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return _parse_visible(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def parse_moment(text: str) -> datetime | None:
    """A visible date with the time of day written after it, which comment dates carry."""
    found = _visible_day(text)
    if found is None:
        return None
    day, end = found
    match = _TIME_OF_DAY.match(text, end)
    if not match:
        return day
    hour, minute = int(match[1]), int(match[2])
    if match[3]:
        hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return day
    return day.replace(hour=hour, minute=minute)


def _parse_visible(text: str) -> datetime | None:
    found = _visible_day(text)
    return found[0] if found else None


def _visible_day(text: str) -> tuple[datetime, int] | None:
    """'October 6, 2016', '6. Oktober 2016', '6 de octubre de 2016', '06.10.2016' or '2016-10-06', and where it ends."""
    for pattern, order in ((_MDY, "mdy"), (_DMY, "dmy"), (_ISO_DAY, "ymd"), (_DMY_NUMERIC, "dmy")):
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            month = _MONTHS.get(parts["m"].lower()) if not parts["m"].isdecimal() else int(parts["m"])
            try:
                return datetime(int(parts["y"]), month or 0, int(parts["d"]), tzinfo=timezone.utc), match.end()
            except ValueError:
                continue
    return None


def _meta_date(metas) -> datetime | None:
    for key in _DATE_METAS:
        if date := parse_date(metas.get(key)):
            return date
    return None


def _permalink_date(link: str) -> datetime | None:
    """Date-based permalinks (/%year%/%monthnum%/%day%/%postname%/) carry the publication day."""
    match = _PERMALINK_DAY.search(link)
    if not match:
        return None
    try:
        return datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=timezone.utc)
    except ValueError:
        return None


def _guessed_date(root) -> datetime | None:
    """Last resort: htmldate's heuristics over the whole page (dates in URLs, headers, free text)."""
    # Imported on first use, like trafilatura, which depends on it.
    from htmldate import find_date

    try:
        found = find_date(etree.tostring(root, encoding="unicode", method="html"), original_date=True,
                          extensive_search=False)
    except (ValueError, TypeError, etree.LxmlError):
        return None
    return parse_date(found) if found else None


def _time_in(scope, xpath: etree.XPath) -> datetime | None:
    for el in xpath(scope):
        if _in_noise(el, scope):
            continue
        value = el.get("datetime") or el.get("content") or el.get("title")
        if date := parse_date(value):
            return date
    return None


def _visible_date(scope) -> datetime | None:
    for el in _VISIBLE_DATE(scope):
        if not _in_noise(el, scope) and (date := _parse_visible(_text(el))):
            return date
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
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return urljoin(url, link.get("href").strip())
    return urljoin(url, metas["og:url"]) if metas.get("og:url") else url


def _language(root, metas) -> str:
    lang = root.get("lang") or root.get("xml:lang") or metas.get("content-language") or metas.get("og:locale", "")
    return lang.strip().replace("_", "-")


def _featured(scope, metas, url: str) -> Image | None:
    for img in _FEATURED(scope):
        if src := real_src(img):
            return Image(src=urljoin(url, src), alt=(img.get("alt") or "").strip())
    image = metas.get("og:image")
    return Image(src=urljoin(url, image)) if image else None


def _text(el) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def _clean(value: str) -> str:
    return _SPACE.sub(" ", value).strip()
