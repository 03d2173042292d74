"""Where things are in a WordPress page, as data: each rule names the theme or plugin it is for.

Rules are CSS selectors; each group is matched in a single walk over the tree (see RuleSet).
"""

from __future__ import annotations

import re

from cssselect import GenericTranslator
from lxml import etree

__all__ = [
    "BOILERPLATE",
    "CONTENT",
    "CONTENT_VARIANTS",
    "POSTS",
    "RELATED_BLOCKS",
    "RuleSet",
    "boilerplate",
    "classify",
    "content",
    "content_variants",
    "posts",
    "related_blocks",
]

Rule = tuple[str, str]

# Elements that hold one post (or one entry of a listing), most specific first.
POSTS: tuple[Rule, ...] = (
    ("article.post", "core themes: post_class() on <article>"),
    ("article.type-post", "core themes, custom post types"),
    ("article.type-page", "core themes: static pages"),
    (".hentry", "classic themes: hAtom class from post_class()"),
    (".type-post", "classic themes using <div> for posts"),
    (".et_pb_post", "Divi"),
    ("div.post", "Kubrick and classic themes: <div class=\"post\" id=\"post-N\">"),
    ("div[itemtype*='schema.org/BlogPosting']", "themes with microdata (spans hold hidden structured data)"),
    ("div[itemtype*='schema.org/Article']", "themes with microdata"),
    ("article", "any HTML5 theme"),
)

# The post body inside a post element (or anywhere on the page), most specific first.
CONTENT: tuple[Rule, ...] = (
    (".entry-content", "core Twenty* themes, Astra, GeneratePress, OceanWP, Genesis, Kadence"),
    (".wp-block-post-content", "block themes (Twenty Twenty-Two and later)"),
    (".td-post-content", "Newspaper (tagDiv)"),
    (".elementor-widget-theme-post-content", "Elementor Pro single templates"),
    (".et_pb_post_content", "Divi theme builder"),
    (".post-content", "Avada, many premium themes"),
    (".fusion-post-content", "Avada"),
    (".post-entry", "older premium themes"),
    (".entry-body", "misc themes"),
    (".post-body", "misc themes"),
    (".single-content", "misc themes"),
    (".article-content", "misc themes"),
    (".post_content", "misc themes"),
    (".postcontent", "misc themes"),
    (".storycontent", "Kubrick (WordPress 1.x/2.x default)"),
    ("[itemprop='articleBody']", "themes with microdata"),
    (".entrytext", "older WordPress.com themes"),
    (".entry_content", "misc themes"),
    (".entry__content", "BEM-style themes"),
    (".single-entry-content", "misc themes"),
    (".entry-content-wrapper", "Enfold"),
    (".article-body", "news themes"),
    (".blog_post_content", "misc themes"),
    (".entry", "Kubrick, Thematic and other classic themes"),
)

# Theme variants of the classes above, tried when none of them matches; the longest match wins.
CONTENT_VARIANTS: tuple[Rule, ...] = (
    ("[class*='entry-content']", "variants of core's class (entry-content-post, single-entry-content)"),
    ("[class*='post-content']", "variants (post-content-inner, m-post-content)"),
    ("[class*='single-content']", "variants (post-single-content)"),
    ("[class*='article-content']", "variants"),
    ("[class*='article__content']", "BEM-style variants"),
    ("[class*='post-body']", "variants"),
    ("[class*='post_content']", "variants"),
    ("[class*='entry-body']", "variants"),
    ("[class*='article_body']", "underscore variants of article-body (Japanese corporate themes)"),
)

# Related-post widgets: removed from the body, their links kept in Post.related.
RELATED_BLOCKS: tuple[Rule, ...] = (
    ("#jp-relatedposts", "Jetpack / WordPress.com related posts"),
    (".jp-relatedposts", "Jetpack related posts"),
    (".wp-block-jetpack-related-posts", "Jetpack related posts block"),
    (".yarpp-related", "Yet Another Related Posts Plugin"),
    (".yarpp", "YARPP 5 wrapper"),
    (".crp_related", "Contextual Related Posts"),
    (".rp4wp-related-posts", "Related Posts for WordPress"),
    (".wp_rp_wrap", "WordPress Related Posts"),
    (".related-posts", "theme related posts (Astra, Kadence, many others)"),
    (".related_posts", "theme related posts"),
    (".relatedposts", "theme related posts"),
    (".ast-related-posts-wrapper", "Astra"),
    (".td_block_related_posts", "Newspaper (tagDiv)"),
    (".td-related-posts", "Newspaper (tagDiv)"),
    (".related-post", "Related Post plugin (PickPlugins)"),
    (".post-related", "theme related posts"),
    (".entry-related", "theme related posts"),
    (".et_pb_post_related", "Divi"),
    ("#related-posts", "theme related posts"),
    ("[class*='related-post']", "theme variants (mvp-related-posts, related-posts-list, …)"),
    ("[class*='related_post']", "theme variants"),
    ("[class*='relatedpost']", "theme variants"),
    ("[class*='related-articles']", "news themes"),
    ("[id*='related-post']", "theme variants"),
    ("[id*='relatedpost']", "theme variants"),
    ("[id*='related-articles']", "news themes"),
    ("[class*='rp4wp']", "Related Posts for WordPress"),
    ("[class*='crp_related']", "Contextual Related Posts widget"),
    ("[id*='related_post']", "theme variants"),
    ("[id*='relatedPosts']", "theme variants"),
    ("[class*='related']", "any other theme's related block (c-related, related-stories, …)"),
    (".zem_rp_wrap", "Zemanta related posts"),
    (".rpbt_shortcode", "Related Posts by Taxonomy"),
    (".linkwithin_hook", "LinkWithin"),
)

BOILERPLATE: tuple[Rule, ...] = (
    # Never content.
    ("script", "all themes"),
    ("style", "all themes"),
    ("template", "all themes"),
    ("form", "search, comment, subscription and login forms"),
    ("button", "all themes"),
    ("input", "all themes"),
    ("select", "all themes"),
    ("textarea", "all themes"),
    ("[hidden]", "hidden elements"),
    ("[aria-hidden='true']", "decorative or hidden elements (icons, duplicated labels)"),
    (".screen-reader-text", "core: text for screen readers only ('Continue reading', 'Share this')"),
    (".sr-only", "Bootstrap-based themes: screen-reader-only text"),
    # Comments and comment forms.
    ("#comments", "core themes: comments.php wrapper"),
    (".comments-area", "core themes: comments.php wrapper"),
    ("#respond", "core comment_form()"),
    (".comment-respond", "core comment_form()"),
    (".commentlist", "classic themes: wp_list_comments()"),
    (".comment-list", "core themes: wp_list_comments()"),
    (".wp-block-comments", "block themes: Comments block"),
    (".wp-block-post-comments", "block themes: legacy Post Comments block"),
    (".wp-block-post-comments-form", "block themes: comment form block"),
    ("#jp-post-flair", "WordPress.com / Jetpack: sharing, likes and related posts after a post"),
    (".comment-subscription-form", "Jetpack subscriptions: 'Notify me of new comments'"),
    ("#comment-form-identity", "WordPress.com highlander comment form"),
    (".comment-form-service", "WordPress.com highlander comment form login options"),
    ("#comment-form-nascar", "WordPress.com highlander comment form login icons"),
    (".comment-form", "core comment_form() fields"),
    ("#disqus_thread", "Disqus"),
    ("#wpdcom", "wpDiscuz"),
    (".fb-comments", "Facebook comments plugins"),
    # Sharing and likes.
    (".sharedaddy", "Jetpack / WordPress.com sharing buttons"),
    (".sd-sharing", "Jetpack sharing buttons"),
    (".sd-block", "Jetpack sharing and likes blocks"),
    (".sd-like", "Jetpack likes"),
    (".jetpack-likes-widget-wrapper", "Jetpack / WordPress.com likes"),
    (".wpl-likebox", "WordPress.com likes"),
    (".post-likes-widget-placeholder", "WordPress.com likes placeholder"),
    (".wp-block-jetpack-sharing-buttons", "Jetpack sharing buttons block"),
    (".wp-block-jetpack-like", "Jetpack like block"),
    (".addtoany_share_save_container", "AddToAny"),
    (".a2a_kit", "AddToAny"),
    (".shareaholic-canvas", "Shareaholic"),
    (".ssba", "Simple Share Buttons Adder"),
    (".ssba-wrap", "Simple Share Buttons Adder"),
    (".sharethis-inline-share-buttons", "ShareThis"),
    (".heateor_sss_sharing_container", "Sassy Social Share"),
    (".essb_links", "Easy Social Share Buttons"),
    (".swp_social_panel", "Social Warfare"),
    (".mashsb-container", "MashShare"),
    (".dpsp-content-wrapper", "Grow Social (Social Pug)"),
    (".dpsp-share-text", "Grow Social (Social Pug): 'Sharing is caring!' above and below the post"),
    (".shared-counts-wrap", "Shared Counts"),
    (".td-post-sharing", "Newspaper (tagDiv)"),
    (".social-share", "theme share buttons"),
    (".share-buttons", "theme share buttons"),
    (".post-share", "theme share buttons"),
    (".entry-share", "theme share buttons"),
    (".sharing", "theme share buttons"),
    (".wpcom-reblog-snippet", "WordPress.com reblog"),
    # Navigation between posts and pages.
    (".post-navigation", "core the_post_navigation()"),
    (".posts-navigation", "core the_posts_navigation()"),
    (".nav-links", "core navigation links"),
    (".navigation", "core navigation wrappers"),
    ("#nav-above", "Twenty Ten / Twenty Eleven"),
    ("#nav-below", "Twenty Ten / Twenty Eleven"),
    (".nav-single", "Twenty Twelve"),
    (".wp-block-post-navigation-link", "block themes: previous/next post"),
    (".wp-block-query-pagination", "block themes: listing pagination"),
    (".page-links", "core wp_link_pages() multi-page pagination"),
    (".pagination", "theme pagination"),
    ("nav", "menus and navigation"),
    # Author boxes.
    (".author-info", "Twenty* themes: author bio"),
    ("#author-info", "Twenty Ten / Twenty Eleven: author bio"),
    (".author-bio", "theme author bio"),
    (".author-box", "theme author boxes"),
    (".about-author", "theme author boxes"),
    (".saboxplugin-wrap", "Simple Author Box"),
    (".pp-multiple-authors-boxes-wrapper", "PublishPress Authors"),
    (".td-author-box", "Newspaper (tagDiv)"),
    (".wp-block-post-author", "block themes: author block"),
    # Tables of contents.
    ("#toc_container", "Table of Contents Plus"),
    ("#ez-toc-container", "Easy Table of Contents"),
    (".ez-toc-container", "Easy Table of Contents"),
    (".lwptoc", "LuckyWP Table of Contents"),
    (".rank-math-toc-block", "Rank Math TOC block"),
    (".wp-block-rank-math-toc-block", "Rank Math TOC block"),
    # Cookie banners.
    ("#cookie-notice", "Cookie Notice"),
    ("#cookie-law-info-bar", "CookieYes / GDPR Cookie Consent"),
    (".cli-modal", "CookieYes / GDPR Cookie Consent"),
    ("#moove_gdpr_cookie_info_bar", "GDPR Cookie Compliance"),
    (".cmplz-cookiebanner", "Complianz"),
    ("#catapult-cookie-bar", "Cookie Consent (Catapult)"),
    ("#BorlabsCookieBox", "Borlabs Cookie"),
    ("#eu-cookie-law", "Jetpack EU cookie law banner"),
    (".widget_eu_cookie_law_widget", "Jetpack / WordPress.com cookie banner"),
    # Newsletter boxes.
    (".mailpoet_form", "MailPoet"),
    (".jetpack_subscription_widget", "Jetpack subscriptions"),
    (".wp-block-jetpack-subscriptions", "Jetpack subscriptions block"),
    (".mc4wp-form", "Mailchimp for WordPress"),
    (".tnp", "The Newsletter Plugin"),
    # Breadcrumbs.
    ("#breadcrumbs", "Yoast SEO breadcrumbs"),
    (".breadcrumbs", "theme breadcrumbs"),
    (".breadcrumb", "theme breadcrumbs"),
    (".rank-math-breadcrumb", "Rank Math breadcrumbs"),
    (".yoast-breadcrumbs", "Yoast SEO breadcrumbs"),
    # Ads.
    (".adsbygoogle", "Google AdSense"),
    ("[id^='div-gpt-ad']", "Google Ad Manager"),
    (".wpcnt", "WordPress.com WordAds ('Advertisements')"),
    (".wordads-ad-wrapper", "WordPress.com WordAds"),
    (".wordads-tag", "WordPress.com WordAds"),
    ("[class*='code-block-']", "Ad Inserter"),
    (".advertisement", "theme ad slots"),
    (".td-a-rec", "Newspaper (tagDiv) ads"),
    # Ad, like and tracking frames: they would otherwise become links to the ad server in the body.
    ("iframe[src*='amazon-adsystem.com']", "Amazon Associates product ads (ws-eu.amazon-adsystem.com/widgets/q)"),
    ("iframe[src*='dianomi.com']", "Dianomi smart ads"),
    ("iframe[src*='doubleclick.net']", "Google Ad Manager frames"),
    ("iframe[src*='googlesyndication.com']", "Google AdSense frames"),
    ("iframe[src*='facebook.com/plugins/like']", "Facebook Like button (like.php, like_box.php)"),
    ("iframe[src*='facebook.com/plugins/share_button']", "Facebook Share button"),
    ("iframe[src*='facebook.com/plugins/follow']", "Facebook Follow button"),
    ("iframe[src*='platform.twitter.com/widgets/tweet_button']", "Twitter Tweet button"),
    ("iframe[src*='platform.twitter.com/widgets/follow_button']", "Twitter Follow button"),
    ("iframe[src*='plusone.google.com']", "Google +1 button"),
    ("iframe[src*='pixel.']", "tracking pixels in frames"),
    # Theme post meta (date, author, categories) printed inside or above the content.
    (".post-meta", "classic themes' date/author/category line (<small class=\"post-meta\">, Divi's p.post-meta)"),
    ("[class*='entry-meta']", "variants of core's entry-meta (cm-below-entry-meta, entry-meta-top, …)"),
    # Sidebars, headers, footers, post meta.
    ("#secondary", "core themes: sidebar"),
    (".widget-area", "core themes: sidebar and footer widgets"),
    ("#sidebar", "classic themes: sidebar"),
    (".sidebar", "classic themes: sidebar"),
    (".widget", "widgets anywhere"),
    ("#masthead", "core themes: site header"),
    (".site-header", "core themes: site header"),
    ("#colophon", "core themes: site footer"),
    (".site-footer", "core themes: site footer"),
    (".entry-footer", "core themes: categories, tags, edit link"),
    ("footer.entry-meta", "Twenty Twelve / Twenty Thirteen post footer"),
    (".entry-meta", "core themes: 'Posted on … by …'"),
    (".posted-on", "Underscores-based themes: posted_on() date line, wherever the theme prints it"),
    (".byline", "Underscores-based themes: posted_by() author line; news themes' bylines"),
    (".entry-utility", "Twenty Ten post footer"),
    (".postmetadata", "Kubrick post footer"),
    (".post-edit-link", "core edit link"),
    ("#wpadminbar", "admin bar in pages saved while logged in"),
    # Theme and plugin variants, matched on part of the class name.
    ("[class*='author-box']", "theme author boxes (mvp-author-box, td-author-box, …)"),
    ("[id*='author-box']", "theme author boxes"),
    ("[class*='author-bio']", "theme author bios"),
    ("[class*='about-author']", "theme author boxes"),
    ("[class*='sharing']", "share buttons (c-article__sharing, post-sharing, …)"),
    ("[class*='share-buttons']", "share buttons"),
    ("[class*='social-share']", "share buttons"),
    ("[class*='share-bar']", "share buttons"),
    ("[class*='share-links']", "share buttons"),
    (".shariff", "Shariff Wrapper"),
    ("[class*='post-tags']", "theme tag lists (mvp-post-tags, …)"),
    (".tags", "theme tag lists"),
    ("[class*='-tags']", "theme tag lists (entry-tags, article-tags, …)"),
    ("[class*='tags-']", "theme tag lists (tags-links, tags-list, …)"),
    ("[class*='tagcloud']", "tag clouds"),
    ("[class*='trending']", "trending-posts carousels"),
    ("[class*='newsletter']", "newsletter sign-up boxes"),
    ("[class*='subscribe']", "subscription boxes"),
    ("[class*='comments-area']", "theme comment wrappers"),
    ("[class*='comment-respond']", "theme comment forms"),
    (".entryfooter", "classic themes post footer"),
    (".postinfo", "classic themes post meta"),
    (".sociable", "Sociable"),
    (".post-ratings", "WP-PostRatings"),
    ("[class*='abh_box']", "Starbox author box"),
    ("[id*='newsletter']", "newsletter sign-up boxes"),
    ("aside", "HTML5 asides: sidebars and boxes beside the text"),
    ("#next-post-thumbnails", "next-post teasers"),
    # Reading-time estimates printed at the top of the content.
    (".rt-reading-time", "Reading Time WP ('Reading Time: 3 minutes')"),
    (".bsf-rt-reading-time", "Read Meter"),
    ("[class*='reading-time']", "themes' and plugins' reading-time lines (post-reading-time, …)"),
    ("[class*='read-time']", "reading-time lines (estimated-read-time, …)"),
    # WordPress.com follow bubbles and action bar.
    ("#actionbar", "WordPress.com action bar"),
    (".wpcom-follow-bubbles", "WordPress.com follow button"),
)

_TRANSLATOR = GenericTranslator()
_SIMPLE = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?:#(?P<id>[\w-]+))?(?:\.(?P<cls>[\w-]+))?$", re.IGNORECASE)
_PART = re.compile(r"""^\[(?P<attr>class|id)(?P<op>\*|\^)=['"](?P<value>[^'"]+)['"]\]$""")


class RuleSet:
    """A rule group sorted by kind: tag, id and class rules are dictionary lookups, substring rules
    one trie regex, and only the rest (attribute tests) XPath. Matching walks the tree once."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.tags: dict[str, int] = {}
        self.ids: dict[str, int] = {}
        self.classes: dict[str, int] = {}
        self.tag_classes: dict[tuple[str, str], int] = {}
        self.class_parts: dict[str, int] = {}  # [class*='x']
        self.id_parts: dict[str, int] = {}  # [id*='x']
        self.id_prefixes: dict[str, int] = {}  # [id^='x']
        self.other: list[tuple[int, etree.XPath]] = []
        for index, (css, _) in enumerate(rules):
            self._add(index, css)

    def _add(self, index: int, css: str) -> None:
        if part := _PART.match(css):
            table = self.class_parts if part["attr"] == "class" else (
                self.id_parts if part["op"] == "*" else self.id_prefixes)
            table.setdefault(part["value"], index)
            return
        match = _SIMPLE.match(css)
        if not match or (match["id"] and (match["tag"] or match["cls"])):
            path = _TRANSLATOR.css_to_xpath(css, prefix="descendant-or-self::")
            self.other.append((index, etree.XPath(path)))
        elif match["id"]:
            self.ids.setdefault(match["id"], index)
        elif match["tag"] and match["cls"]:
            self.tag_classes.setdefault((match["tag"].lower(), match["cls"]), index)
        elif match["cls"]:
            self.classes.setdefault(match["cls"], index)
        else:
            self.tags.setdefault(match["tag"].lower(), index)

    def select(self, root: etree._Element) -> list[tuple[etree._Element, int]]:
        """(element, index of the first rule it matches) for root and its descendants, in document order."""
        return classify(root, self)[0]

    def extra(self, root: etree._Element) -> dict[etree._Element, int]:
        """Matches of the XPath rules."""
        extra: dict[etree._Element, int] = {}
        for index, xpath in self.other:
            for el in xpath(root):
                extra[el] = min(index, extra.get(el, index))
        return extra

    def __call__(self, root: etree._Element) -> list[etree._Element]:
        return [el for el, _ in self.select(root)]


def classify(root: etree._Element, *rulesets: RuleSet) -> list[list[tuple[etree._Element, int]]]:
    """Matches of several rule sets in a single walk: one (element, rule index) list per rule set."""
    merged = _merged(rulesets)
    extras = [(i, extra) for i, ruleset in enumerate(rulesets) if (extra := ruleset.extra(root))]
    found: list[list[tuple[etree._Element, int]]] = [[] for _ in rulesets]
    for el in root.iter(etree.Element):
        hits = merged.hits(el)
        for i, extra in extras:
            if el in extra:
                hits = [*hits, (i, extra[el])]
        if not hits:
            continue
        best: dict[int, int] = {}
        for i, index in hits:
            if i not in best or index < best[i]:
                best[i] = index
        for i, index in best.items():
            found[i].append((el, index))
    return found


Hits = tuple[tuple[int, int], ...]  # (rule set number, rule index) pairs


class _Merged:
    """Several rule sets' tables joined, so each element is looked at once for all of them."""

    def __init__(self, rulesets: tuple[RuleSet, ...]) -> None:
        self.tags: dict = {}
        self.ids: dict = {}
        self.classes: dict = {}
        self.tag_classes: dict = {}
        class_parts: dict = {}
        id_parts: dict = {}
        prefixes: dict = {}
        for i, ruleset in enumerate(rulesets):
            for table, own in ((self.tags, ruleset.tags), (self.ids, ruleset.ids), (self.classes, ruleset.classes),
                               (self.tag_classes, ruleset.tag_classes), (class_parts, ruleset.class_parts),
                               (id_parts, ruleset.id_parts), (prefixes, ruleset.id_prefixes)):
                for key, index in own.items():
                    table[key] = (*table.get(key, ()), (i, index))
        self.class_re, self.class_hits = _substring_matcher(class_parts)
        self.id_re, self.id_hits = _substring_matcher(id_parts)
        self.prefixes = tuple(prefixes.items())

    def hits(self, el: etree._Element) -> Hits:
        tag_hits = self.tags.get(el.tag, ())
        ident = el.get("id")
        cls = el.get("class")
        if not ident and not cls:  # most elements: only tag rules can match
            return tag_hits
        hits = list(tag_hits)
        if ident:
            hits.extend(self.ids.get(ident, ()))
            if self.id_re is not None:
                for m in self.id_re.finditer(ident):
                    hits.extend(self.id_hits[m.group()])
            for prefix, found in self.prefixes:
                if ident.startswith(prefix):
                    hits.extend(found)
        if cls:
            if self.class_re is not None:
                for m in self.class_re.finditer(cls):
                    hits.extend(self.class_hits[m.group()])
            for token in cls.split():
                hits.extend(self.classes.get(token, ()))
                if self.tag_classes:
                    hits.extend(self.tag_classes.get((el.tag, token), ()))
        return tuple(hits)


_MERGED: dict[tuple[int, ...], _Merged] = {}


def _merged(rulesets: tuple[RuleSet, ...]) -> _Merged:
    key = tuple(id(r) for r in rulesets)
    if key not in _MERGED:
        _MERGED[key] = _Merged(rulesets)
    return _MERGED[key]


def _substring_matcher(parts: dict[str, Hits]) -> tuple[re.Pattern | None, dict[str, Hits]]:
    """A trie-shaped regex over the literals (far faster than a flat alternation) and, for each
    literal it can match, the hits of every literal contained in it (a match hides shorter ones)."""
    if not parts:
        return None, {}
    hits = {word: tuple(h for other, found in parts.items() if other in word for h in found) for word in parts}
    return re.compile(_trie_pattern(sorted(parts))), hits


def _trie_pattern(words: list[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict) -> str:
    branches = [re.escape(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


boilerplate = RuleSet(BOILERPLATE)
related_blocks = RuleSet(RELATED_BLOCKS)
posts = RuleSet(POSTS)
content = RuleSet(CONTENT)
content_variants = RuleSet(CONTENT_VARIANTS)
