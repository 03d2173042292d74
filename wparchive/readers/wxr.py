"""Stream a WordPress export (WXR 1.0–1.2) into a Site, one Post per item, and Problems.

The fast path is one strict lxml `iterparse` walk that clears each item once read, so memory stays
flat however big the export. On the first XML error it reports where, then reads the file again
through the repairing splitter of `xml_safety`, skipping the items already yielded, so every item
a reader can see comes out exactly once.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import unquote

from lxml import etree

from ..errors import InputError
from ..model import Author, Comment, Image, Post, Problem, Site, Term
from .inputs import Source
from .wxr_dates import OffsetMemory, aware_date
from .xml_safety import HEAD_BYTES, Head, Segment, parser_options, safe_parser, sniff, split_export, wrap_fragment

__all__ = ["ItemReader", "RawItem", "attachment_image", "author_names", "read_attachments", "read_raw", "read_wxr"]

Item = Site | Post | Problem

# Namespaces are matched by their ending: WordPress moved between 1.0, 1.1 and 1.2 and from http to
# https (the Theme Unit Test data uses https://wordpress.org/export/1.2/).
_NAMESPACES = (
    (re.compile(r"wordpress\.org/export/\d+\.\d+/excerpt/?$"), "excerpt"),
    (re.compile(r"wordpress\.org/export/\d+\.\d+/?$"), "wp"),
    (re.compile(r"purl\.org/rss/1\.0/modules/content/?$"), "content"),
    (re.compile(r"purl\.org/dc/elements/1\.1/?$"), "dc"),
)
# A .gz or .zip cut short fails inside read(): what was read is kept, the rest reported missing.
_STREAM_ERRORS = (OSError, EOFError, zlib.error, zipfile.BadZipFile)
_KNOWN_VERSIONS = frozenset({"1.0", "1.1", "1.2"})
_TAGS = re.compile(r"<[^>]*>")
_POSITION_SUFFIX = re.compile(r",? line \d+, column \d+$")
_WARNINGS = frozenset(getattr(etree.ErrorTypes, n) for n in dir(etree.ErrorTypes) if n.startswith("WAR_"))
_KEYS: dict[str, str] = {}


def _key(tag: object) -> str:
    """`wp:post_id`, `content:encoded`, `title` ...: a tag named by role, whatever the namespace URI."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    key = _KEYS.get(tag)
    if key is None:
        key = _KEYS[tag] = _classify(tag)
    return key


def _classify(tag: str) -> str:
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    for pattern, prefix in _NAMESPACES:
        if pattern.search(uri):
            return f"{prefix}:{local}"
    return f"?:{local}"


def _text(el: etree._Element) -> str:
    """The element's text; markup nested without CDATA (old exporters) is kept as markup."""
    if len(el) == 0:
        return el.text or ""
    for inside in el.iterdescendants():
        if inside.text == "":  # an empty CDATA section: written <a/>, as the same element without it is
            inside.text = None
    inner = "".join(etree.tostring(child, encoding="unicode", with_tail=True) for child in el)
    return (el.text or "") + inner


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdecimal() and len(text) < 19 else None


def _signed(text: str) -> int:
    """menu_order may be negative (pages ordered before the default 0)."""
    text = text.strip()
    return -(_int(text[1:]) or 0) if text.startswith("-") else _int(text) or 0


def _unescaped(text: str) -> str:
    """Titles and term names arrive HTML-escaped (esc_html in the exporter, or stored escaped)."""
    return html.unescape(text.strip())


# --- channel header ---------------------------------------------------------------------------


def _build_site(children: list[etree._Element], name: str) -> Site:
    fields: dict[str, str] = {}
    authors: list[Author] = []
    terms: list[Term] = []
    for child in children:
        key = _key(child.tag)
        if key == "wp:author":
            authors.append(_author(child))
        elif key in ("wp:category", "wp:tag", "wp:term"):
            terms.append(_channel_term(key, child))
        elif key and key not in fields and len(child) == 0:
            fields[key] = (child.text or "").strip()
    return Site(
        title=_unescaped(fields.get("title", "")), link=fields.get("link", ""),
        description=_unescaped(fields.get("description", "")), language=fields.get("language", ""),
        base_site_url=fields.get("wp:base_site_url", ""), base_blog_url=fields.get("wp:base_blog_url", ""),
        wxr_version=fields.get("wp:wxr_version", ""), generator=fields.get("generator", ""),
        authors=tuple(authors), terms=tuple(terms), source=name,
    )


def _children(el: etree._Element) -> dict[str, str]:
    """Leaf children by role name (first one wins)."""
    out: dict[str, str] = {}
    for child in el:
        key = _key(child.tag)
        if key and key not in out:
            out[key] = _text(child).strip()
    return out


def _author(el: etree._Element) -> Author:
    f = _children(el)
    return Author(
        login=f.get("wp:author_login", ""), display_name=_unescaped(f.get("wp:author_display_name", "")),
        email=f.get("wp:author_email", ""), first_name=f.get("wp:author_first_name", ""),
        last_name=f.get("wp:author_last_name", ""), id=_int(f.get("wp:author_id", "")),
    )


def _channel_term(key: str, el: etree._Element) -> Term:
    f = _children(el)
    if key == "wp:category":
        return Term(taxonomy="category", name=_unescaped(f.get("wp:cat_name", "")),
                    slug=unquote(f.get("wp:category_nicename", "")), parent=f.get("wp:category_parent", ""),
                    description=f.get("wp:category_description", ""))
    if key == "wp:tag":
        return Term(taxonomy="post_tag", name=_unescaped(f.get("wp:tag_name", "")),
                    slug=unquote(f.get("wp:tag_slug", "")), description=f.get("wp:tag_description", ""))
    return Term(taxonomy=f.get("wp:term_taxonomy", ""), name=_unescaped(f.get("wp:term_name", "")),
                slug=unquote(f.get("wp:term_slug", "")), parent=f.get("wp:term_parent", ""),
                description=f.get("wp:term_description", ""))


def _site_problems(site: Site, channel_name: str) -> Iterator[Problem]:
    if channel_name != "channel":
        yield Problem(source=site.source, severity="warning",
                      message=f"<rss> holds <{channel_name}> instead of <channel>; read as the channel")
    if not site.wxr_version:
        yield Problem(source=site.source, severity="warning",
                      message="no <wp:wxr_version>: not marked as a WordPress export; read as one anyway")
    elif site.wxr_version not in _KNOWN_VERSIONS:
        yield Problem(source=site.source, severity="warning",
                      message=f"unknown WXR version {site.wxr_version!r}; read as 1.2")


# --- items ------------------------------------------------------------------------------------


@dataclass
class _State:
    """What one read of a source has done so far; survives the restart into recovery."""

    name: str
    items: int = 0
    site: Site | None = None
    authors: dict[str, str] = field(default_factory=dict)
    offsets: OffsetMemory = field(default_factory=OffsetMemory)
    pending: list[Problem] = field(default_factory=list)  # said once the Site is out, so it stays first

    def set_site(self, site: Site) -> None:
        self.site = site
        self.authors = author_names(site)


Builder = Callable[[etree._Element, _State, "int | None"], "Post | None"]  # item -> Post, or None to skip it


@dataclass
class _Fields:
    leaf: dict[str, str] = field(default_factory=dict)
    categories: list[tuple[str, str, str]] = field(default_factory=list)  # (domain, nicename, name)
    meta: list[tuple[str, str]] = field(default_factory=list)
    comments: list[etree._Element] = field(default_factory=list)


def _collect(item: etree._Element) -> _Fields:
    fields = _Fields()
    for child in item:
        key = _key(child.tag)
        if key == "category":
            fields.categories.append(
                (child.get("domain") or "category", child.get("nicename") or "", _text(child)))
        elif key == "wp:postmeta":
            f = _children(child)
            fields.meta.append((f.get("wp:meta_key", ""), f.get("wp:meta_value", "")))
        elif key == "wp:comment":
            fields.comments.append(child)
        elif key and key not in fields.leaf:
            fields.leaf[key] = _text(child)
    return fields


def _build_post(item: etree._Element, state: _State, line: int | None) -> Post:
    f = _collect(item)
    leaf = f.leaf.get
    source = f"{state.name}:{line}" if line else state.name
    problems: list[Problem] = []
    gmt = leaf("wp:post_date_gmt", "")
    # Only a missing GMT column: WordPress's own zero date marks a draft, whose pubDate is no date (1970).
    published = _pubdate(leaf("pubDate", "")) if leaf("pubDate") and not gmt.strip() else None
    date, assumed = aware_date(leaf("wp:post_date"), gmt, state.offsets, published)
    if date is None:
        date = published
    modified, _ = aware_date(leaf("wp:post_modified"), leaf("wp:post_modified_gmt"), state.offsets)
    categories, tags, terms = _item_terms(f.categories)
    login = leaf("dc:creator", "").strip(" \t\r\n<>")  # logins cannot hold <> (sanitize_user); seen as typos
    bylines = _bylines(terms, state.authors)
    post = Post(
        id=_int(leaf("wp:post_id", "")), type=leaf("wp:post_type", "").strip() or "post",
        status=leaf("wp:status", "").strip() or "publish", title=_unescaped(leaf("title", "")),
        slug=unquote(leaf("wp:post_name", "").strip()), link=leaf("link", "").strip(),
        guid=leaf("guid", "").strip(), date=date, modified=modified,
        author=bylines[0] if bylines else state.authors.get(login, login), author_login=login,
        authors=bylines if len(bylines) > 1 else (),
        categories=categories, tags=tags, terms=terms,
        excerpt=leaf("excerpt:encoded", ""), content=leaf("content:encoded", ""),
        attachment_url=leaf("wp:attachment_url", "").strip(), parent=_int(leaf("wp:post_parent", "")) or None,
        menu_order=_signed(leaf("wp:menu_order", "")), sticky=leaf("wp:is_sticky", "").strip() == "1",
        password_protected=bool(leaf("wp:post_password", "").strip()),
        comment_status=leaf("wp:comment_status", "").strip(),
        comments=tuple(_comment(c, state.offsets) for c in f.comments), meta=tuple(f.meta),
        old_slugs=tuple(unquote(v) for k, v in f.meta if k == "_wp_old_slug" and v.strip()), source=source,
    )
    if assumed:
        problems.append(Problem(source=state.name, line=line, item=post.label(), severity="warning",
                                message="date has no UTC offset (no GMT date, as in a draft); assumed UTC"))
    return replace(post, problems=tuple(problems)) if problems else post


_NEGATIVE_YEAR = re.compile(r"^(?:\w+,\s*)?\d{1,2}\s+\w+\s+-\d")  # the year field: "Mon, 30 Nov -0001"


def _pubdate(text: str) -> datetime | None:
    """RSS pubDate; drafts carry WordPress's zero date as `Mon, 30 Nov -0001`, which gives None
    (the email parser would read that year as 2000)."""
    text = text.strip()
    if _NEGATIVE_YEAR.search(text):
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return value if value.tzinfo is not None and value.year > 1 else None


def _bylines(terms: tuple[Term, ...], names: dict[str, str]) -> tuple[str, ...]:
    """Co-Authors Plus keeps a post's bylines as `author` terms named by login (slug `cap-<login>`)
    or, for guest authors, by display name; they, not dc:creator (who saved the post), are its authors."""
    bylines = []
    for term in terms:
        if term.taxonomy == "author":
            login = term.slug.removeprefix("cap-")
            name = names.get(term.name) or names.get(login) or term.name
            if name not in bylines:
                bylines.append(name)
    return tuple(bylines)


def _item_terms(raw: list[tuple[str, str, str]]) -> tuple[tuple[Term, ...], ...]:
    """Split `<category domain=…>` into categories, tags and other taxonomies, without duplicates.

    WXR 1.0 writes each category twice (once without domain, once with) and tags as domain "tag".
    """
    seen: dict[tuple[str, str, str], Term] = {}  # in first-seen order
    slugs: set[tuple[str, str]] = set()
    for domain, nicename, name in raw:
        taxonomy = {"tag": "post_tag"}.get(domain, domain)
        term = Term(taxonomy=taxonomy, name=_unescaped(name), slug=unquote(nicename))
        if not term.name.strip():
            continue  # a term without a name has nothing to show (an empty <category/>)
        by_name = (taxonomy, "name", term.name.lower())
        if not term.slug:  # WXR 1.0's domain-less copy of a category
            if not any(t.slug and (t.taxonomy, "name", t.name.lower()) == by_name for t in seen.values()):
                seen.setdefault(by_name, term)
        elif (taxonomy, term.slug) not in slugs:  # one term per slug: "News" (news) and "News" (news-2) both stay
            slugs.add((taxonomy, term.slug))
            if by_name in seen and not seen[by_name].slug:
                seen[by_name] = term  # the slugged copy takes the domain-less one's place
            else:
                seen[(taxonomy, "slug", term.slug)] = term
    values = list(seen.values())
    return (
        tuple(t for t in values if t.taxonomy == "category"),
        tuple(t for t in values if t.taxonomy == "post_tag"),
        tuple(t for t in values if t.taxonomy not in ("category", "post_tag")),
    )


def _comment(el: etree._Element, offsets: OffsetMemory) -> Comment:
    """A comment without its author's email or IP: archives publish what readers saw."""
    f = _children(el)
    date, _ = aware_date(f.get("wp:comment_date"), f.get("wp:comment_date_gmt"), offsets)
    return Comment(
        id=_int(f.get("wp:comment_id", "")), author=_unescaped(f.get("wp:comment_author", "")),
        date=date, text=f.get("wp:comment_content", ""), parent=_int(f.get("wp:comment_parent", "")) or None,
        author_url=f.get("wp:comment_author_url", ""), approved=f.get("wp:comment_approved", "") == "1",
        type=f.get("wp:comment_type", ""),
    )


def _is_attachment(item: etree._Element) -> bool:
    """Whether the item's (first) post_type is attachment, without building the rest of it."""
    kind = next((c for c in item if _key(c.tag) == "wp:post_type"), None)
    return kind is not None and _text(kind).strip() == "attachment"


def attachment_image(att: Post) -> Image:
    """The Image an attachment stands for: its file, alt text, caption (the excerpt) and title."""
    caption = html.unescape(_TAGS.sub("", att.excerpt)).strip()
    return Image(src=att.attachment_url, alt=att.meta_value("_wp_attachment_image_alt"), caption=caption,
                 title=att.title, id=att.id)


# --- fast strict path -------------------------------------------------------------------------


class _NoChannel(Exception):
    """The root <rss> ended without any child to read as the channel (or was never found)."""

    def __init__(self, reason: str = "no <channel> in <rss>"):
        super().__init__(reason)
        self.reason = reason


def _strict_walk(stream, state: _State, build: Builder) -> Iterator[Item]:
    """One strict iterparse pass; raises XMLSyntaxError at the first damage.

    Only <channel> and <item> events reach Python; the header is read from the channel's children
    when the first item starts, so header fields cost nothing per element.
    """
    channel = None
    events = etree.iterparse(stream, events=("start", "end"), tag=("channel", "item"), **parser_options())
    for event, el in events:
        if el.tag == "channel":
            channel = el if channel is None else channel
        elif channel is None or el.getparent() is not channel:
            continue
        elif event == "start":
            if state.site is None:
                yield from _yield_site(state, list(channel)[:-1], channel)
        else:
            state.items += 1
            if (post := build(el, state, el.sourceline)) is not None:
                yield post
            _drop_read(el, channel)
    if channel is None:
        raise _NoChannel()  # possibly a misnamed channel: the repairing reader takes any first child
    if state.site is None:
        yield from _yield_site(state, list(channel), channel)


def _drop_read(item: etree._Element, channel: etree._Element) -> None:
    """Free the item and everything before it, so memory does not grow with the file."""
    item.clear()
    while item.getprevious() is not None:
        del channel[0]


def _yield_site(state: _State, header: list[etree._Element], channel: etree._Element) -> Iterator[Item]:
    site = _build_site(header, state.name)
    state.set_site(site)
    yield site
    yield from state.pending
    state.pending.clear()
    yield from _site_problems(site, str(channel.tag).rpartition("}")[2])


# --- recovery path ----------------------------------------------------------------------------


def _recover_walk(stream, encoding: str, state: _State, build: Builder) -> Iterator[Item]:
    """Read the repaired fragments of a damaged export, skipping items the strict pass yielded."""
    segments = split_export(stream, encoding)
    rss_tag = next(segments, None)
    if rss_tag is None:
        raise _NoChannel("no <rss> element")
    seen = 0
    for segment in segments:
        if segment.kind == "header":
            yield from _recover_header(rss_tag, segment, state)
        elif segment.kind == "item":
            seen += 1
            if seen > state.items:
                state.items += 1
                yield from _recover_item(rss_tag, segment, state, build)
        else:
            yield from _end_problems(segment, state)


def _parse_fragment(rss_tag: str, segment: Segment) -> tuple[etree._Element, etree.XMLSyntaxError | None]:
    """Parse strictly, else with libxml2's recovery; also return the error that made recovery needed."""
    data = wrap_fragment(rss_tag, segment.text)
    try:
        return etree.fromstring(data, safe_parser()), None
    except etree.XMLSyntaxError as err:
        first = err
    try:
        root = etree.fromstring(data, safe_parser(recover=True))
    except etree.XMLSyntaxError:
        root = None  # nothing libxml2 could salvage
    return (root if root is not None else etree.Element("rss")), first


def _recover_header(rss_tag: str, segment: Segment, state: _State) -> Iterator[Item]:
    text = segment.text
    if re.search(r"<channel\b", text) and not re.search(r"</channel\s*>", text):
        segment.text = text + "</channel>"
    root, error = _parse_fragment(rss_tag, segment)
    channel = next((c for c in root if isinstance(c.tag, str)), None)
    if channel is None and state.site is None:
        raise _NoChannel()
    if channel is None or state.site is not None:
        return  # the strict pass read this header already
    yield from _yield_site(state, list(channel), channel)
    if error is not None:
        yield _fragment_problem(state.name, segment, error, "channel header damaged")
    yield from _repair_problems(state.name, segment.repairs, "")


def _recover_item(rss_tag: str, segment: Segment, state: _State, build: Builder) -> Iterator[Item]:
    if state.site is None:
        yield from _yield_site(state, [], etree.Element("channel"))
    root, error = _parse_fragment(rss_tag, segment)
    item = root.find("item")
    if item is None:
        yield Problem(source=state.name, line=segment.line, message="item could not be read at all")
        return
    built = build(item, state, segment.line)
    if built is None:
        return
    notes = []  # each names its item once the Post exists (here, or where a RawItem is built)
    if error is not None and segment.complete:
        notes.append(_fragment_problem(state.name, segment, error, "item damaged"))
    if not segment.complete:
        notes.append(Problem(source=state.name, line=segment.line,
                             message="item is cut off: its closing </item> is missing; kept what was there"))
    notes.extend(_repair_problems(state.name, segment.repairs, ""))
    if isinstance(built, RawItem):
        yield replace(built, notes=tuple(notes)) if notes else built
    else:
        yield _with_notes(built, notes)


def _with_notes(post: Post, notes: list[Problem] | tuple[Problem, ...]) -> Post:
    if not notes:
        return post
    return replace(post, problems=post.problems + tuple(replace(n, item=post.label()) for n in notes))


def _fragment_problem(name: str, segment: Segment, error: etree.XMLSyntaxError, what: str) -> Problem:
    line = segment.line + error.position[0] - 1 if error.position else segment.line
    message = _error_text(error)
    return Problem(source=name, line=line, message=f"{what}: {message}; read what could be read",
                   severity="warning")


def _repair_problems(name: str, repairs: dict[str, list[int]], label: str) -> Iterator[Problem]:
    for what, (count, line) in repairs.items():
        yield Problem(source=name, line=line, item=label, severity="warning", message=f"{count} {what}")


def _end_problems(segment: Segment, state: _State) -> Iterator[Item]:
    if state.site is None:
        yield from _yield_site(state, [], etree.Element("channel"))
    yield from _repair_problems(state.name, segment.repairs, "")
    if not segment.complete:
        yield Problem(source=state.name, line=segment.line,
                      message=f"export is truncated at line {segment.line}: the file ends before </rss>")


# --- entry points -----------------------------------------------------------------------------


def read_wxr(source: Source, *, strict: bool = False) -> Iterator[Site | Post | Problem]:
    """Yield the Site, then every item as a Post, with Problems for damage; InputError if not WXR.

    Damage to the file as a whole (XML errors, truncation) comes as Problems in the stream; damage
    found inside one item is listed in that Post's `problems` instead.
    """
    yield from _read(source, strict, _build_post)


def read_attachments(source: Source) -> Iterator[Post]:
    """Only the attachment items, built cheaply: a first pass to resolve featured images by id."""
    for value in _read(source, False, _attachment_only):
        if isinstance(value, Post):
            yield value


def read_raw(source: Source, *, strict: bool = False) -> Iterator[Site | RawItem | Problem]:
    """Like read_wxr, but each item comes as its XML, to be built into a Post by an ItemReader.

    Building is most of a read's cost; this lets worker processes do it while one process parses.
    """
    yield from _read(source, strict, _raw_item)


@dataclass(frozen=True)
class RawItem:
    """One item's XML as read (repaired, when the export was damaged), with the damage found around it."""

    xml: bytes
    line: int | None
    notes: tuple[Problem, ...] = ()  # said of the item once it is built and can be named


def _raw_item(item: etree._Element, state: _State, line: int | None) -> RawItem:
    return RawItem(etree.tostring(item, encoding="utf-8"), line)


def author_names(site: Site) -> dict[str, str]:
    """login -> display name, as items name their authors."""
    return {a.login: a.display_name for a in site.authors if a.display_name}


class ItemReader:
    """Builds the RawItems of one source into Posts, in file order, exactly as read_wxr would.

    `offset` is the blog's UTC offset learned from the items before these, when known.
    `guessed_blind` says a date had to be assumed before any offset was known: a reader that
    started without the earlier items' offset must then build these items again with it.
    """

    def __init__(self, name: str, authors: dict[str, str], offset: timezone | None = None):
        self._state = _State(name, authors=dict(authors))
        self._state.offsets.offset = offset
        self._parser, self._lenient = safe_parser(), safe_parser(recover=True)

    def build(self, raw: RawItem) -> Post:
        try:
            item = etree.fromstring(raw.xml, self._parser)
        except etree.XMLSyntaxError:  # read with repairs the first time (a namespace URI libxml2 dislikes)
            item = etree.fromstring(raw.xml, self._lenient)
        return _with_notes(_build_post(item, self._state, raw.line), raw.notes)

    @property
    def offset(self) -> timezone | None:
        return self._state.offsets.offset

    @property
    def guessed_blind(self) -> bool:
        return self._state.offsets.guessed_blind


def _attachment_only(item: etree._Element, state: _State, line: int | None) -> Post | None:
    return _build_post(item, state, line) if _is_attachment(item) else None


def _read(source: Source, strict: bool, build: Builder) -> Iterator[Item]:
    head = _read_head(source)
    state = _State(source.name)
    try:
        yield from _passes(source, head, state, strict, build)
    except _NoChannel as err:
        raise InputError(source.name, f"not a WordPress export ({err.reason})") from None
    except _STREAM_ERRORS as err:
        if state.site is None:
            raise InputError(source.name, f"cannot be read ({_one_line(err)})") from None
        yield Problem(source=source.name,
                      message=f"reading stopped early ({_one_line(err)}); the items after this point are missing")


def _passes(source: Source, head: Head, state: _State, strict: bool, build: Builder) -> Iterator[Item]:
    """The strict fast pass, then, after damage and unless strict, the repairing pass."""
    if head.strict_parse_safe:
        try:
            with source.open() as stream:
                yield from _strict_walk(stream, state, build)
            return
        except etree.XMLSyntaxError as err:
            state.pending.append(_syntax_problem(source.name, err, strict))
        except _NoChannel:
            if strict:
                raise
    else:
        state.pending.append(_prolog_problem(source.name, head, strict))
    if strict or state.site is not None:
        yield from state.pending
        state.pending.clear()
    if not strict:
        with source.open() as stream:
            yield from _recover_walk(stream, head.encoding, state, build)


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _read_head(source: Source) -> Head:
    """The first bytes, for sniff; a stream that breaks after some bytes still gives those."""
    head = b""
    try:
        with source.open() as stream:
            while len(head) < HEAD_BYTES and (chunk := stream.read(4096)):
                head += chunk
    except _STREAM_ERRORS as err:
        if not head:
            raise InputError(source.name, f"cannot be read ({_one_line(err)})") from None
    return sniff(source.name, head)


def _syntax_problem(name: str, err: etree.XMLSyntaxError, strict: bool) -> Problem:
    line, column = err.position if err.position else (None, None)
    then = "stopped (strict mode)" if strict else "reading on with repairs"
    # libxml2 raises some warnings (WAR_NS_URI: a namespace URI with non-ASCII letters) as errors. The
    # exception's own code says which; the error log may hold entries of other parses in this thread.
    severity = "warning" if err.code in _WARNINGS else "error"
    return Problem(source=name, line=line, column=column, message=f"XML error: {_error_text(err)}; {then}",
                   severity=severity)


def _error_text(err: etree.XMLSyntaxError) -> str:
    """libxml2's message without the ", line N, column M" that Problem already carries."""
    return _POSITION_SUFFIX.sub("", (err.msg or "malformed XML").strip())


def _prolog_problem(name: str, head: Head, strict: bool) -> Problem:
    what = ("a DOCTYPE (WordPress never writes one; its entities are not expanded)" if head.has_doctype
            else "text before the <rss> element (PHP notices printed into the export?)")
    then = "stopped (strict mode)" if strict else "skipped it"
    return Problem(source=name, line=1, message=f"export starts with {what}; {then}",
                   severity="error" if strict else "warning")
