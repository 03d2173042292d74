"""Write a realistic, seeded WordPress export of any size, streamed (constant memory).

    python benchmarks/gen_wxr.py 10000 -o benchmarks/data/10k.xml [--seed 1]

Posts mix the classic editor (wpautop text, [caption], [gallery], [embed], [code], unknown
shortcodes) and the block editor (paragraph, image, gallery, quote, list, code blocks), with
threaded comments, attachments, categories, tags, non-ASCII titles and slugs, drafts and menu items.
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

WORDS = ("the river heron frost walk morning light water bird reed marsh wind cold bright stone path "
         "village été café naïve Straße über 東京 кофе δέντρο shore tide harbour gull swallow").split()
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Generated Blog</title><link>https://gen.example.org</link><description>Benchmark data</description>
<language>en-US</language><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://gen.example.org</wp:base_site_url><wp:base_blog_url>https://gen.example.org</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ana]]></wp:author_login><wp:author_display_name><![CDATA[Ana Sousa]]></wp:author_display_name></wp:author>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[tom]]></wp:author_login><wp:author_display_name><![CDATA[Tom Reed]]></wp:author_display_name></wp:author>
"""
TAIL = "</channel>\n</rss>\n"


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _paragraphs(rng: random.Random, n: int) -> list[str]:
    return [_words(rng, rng.randint(25, 90)).capitalize() + "." for _ in range(n)]


def _classic(rng: random.Random, image_ids: list[int], base: str) -> str:
    parts = _paragraphs(rng, rng.randint(3, 9))
    parts.insert(1, f"{_words(rng, 6)}\n{_words(rng, 5)}\n{_words(rng, 7)}")  # single newlines -> <br />
    if image_ids:
        i = image_ids[0]
        parts.insert(2, f'[caption id="attachment_{i}" align="aligncenter" width="640"]<a href="{base}/img{i}.jpg">'
                        f'<img class="wp-image-{i}" src="{base}/img{i}-640x480.jpg" alt="{_words(rng, 4)}" '
                        f'width="640" height="480" /></a> {_words(rng, 8)}[/caption]')
    if len(image_ids) > 1 and rng.random() < 0.3:
        parts.append(f'[gallery ids="{",".join(map(str, image_ids))}"]')
    if rng.random() < 0.2:
        parts.append("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    if rng.random() < 0.15:
        parts.append('[code language="python"]\nfor i in range(3):\n    print(i < 2 and "a" or "b")\n[/code]')
    if rng.random() < 0.1:
        parts.append('[contact-form-7 id="12" title="Contact"]')
    return "\n\n".join(parts)


def _blocks(rng: random.Random, image_ids: list[int], base: str) -> str:
    out = []
    for text in _paragraphs(rng, rng.randint(3, 8)):
        out.append(f"<!-- wp:paragraph -->\n<p>{text} <strong>{_words(rng, 2)}</strong></p>\n<!-- /wp:paragraph -->")
    if image_ids:
        i = image_ids[0]
        out.insert(1, f'<!-- wp:image {{"id":{i}}} -->\n<figure class="wp-block-image size-large"><img src="{base}/'
                      f'img{i}-1024x768.jpg" alt="{_words(rng, 3)}" class="wp-image-{i}"/><figcaption>'
                      f"{_words(rng, 7)}</figcaption></figure>\n<!-- /wp:image -->")
    if rng.random() < 0.4:
        out.append(f'<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>{_words(rng, 12)}</p></blockquote>\n'
                   "<!-- /wp:quote -->")
    if rng.random() < 0.4:
        items = "".join(f"<li>{_words(rng, 4)}</li>" for _ in range(4))
        out.append(f"<!-- wp:list -->\n<ul>{items}</ul>\n<!-- /wp:list -->")
    return "\n\n".join(out)


def _comment(rng: random.Random, cid: int, parent: int, when: datetime) -> str:
    stamp = when.strftime("%Y-%m-%d %H:%M:%S")
    return (f"<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_author><![CDATA[{_words(rng, 1)}]]>"
            f"</wp:comment_author><wp:comment_author_url></wp:comment_author_url><wp:comment_date><![CDATA[{stamp}]]>"
            f"</wp:comment_date><wp:comment_date_gmt><![CDATA[{stamp}]]></wp:comment_date_gmt><wp:comment_content>"
            f"<![CDATA[{_words(rng, rng.randint(5, 40))}]]></wp:comment_content><wp:comment_approved><![CDATA[1]]>"
            f"</wp:comment_approved><wp:comment_type><![CDATA[comment]]></wp:comment_type><wp:comment_parent>"
            f"{parent}</wp:comment_parent></wp:comment>")


def _item(pid: int, kind: str, status: str, title: str, slug: str, when: datetime, content: str,
          extra: str = "", parent: int = 0, url: str = "") -> str:
    local, gmt = when.strftime("%Y-%m-%d %H:%M:%S"), (when - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    return (f"<item><title><![CDATA[{title}]]></title><link>https://gen.example.org/{slug}/</link>"
            f"<pubDate>{(when - timedelta(hours=1)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
            f"<dc:creator><![CDATA[ana]]></dc:creator><guid isPermaLink=\"false\">https://gen.example.org/?p={pid}</guid>"
            f"<description></description><content:encoded><![CDATA[{content}]]></content:encoded>"
            f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{pid}</wp:post_id>"
            f"<wp:post_date><![CDATA[{local}]]></wp:post_date><wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>"
            f"<wp:post_modified><![CDATA[{local}]]></wp:post_modified>"
            f"<wp:post_modified_gmt><![CDATA[{gmt}]]></wp:post_modified_gmt>"
            f"<wp:comment_status><![CDATA[open]]></wp:comment_status><wp:ping_status><![CDATA[open]]></wp:ping_status>"
            f"<wp:post_name><![CDATA[{slug}]]></wp:post_name><wp:status><![CDATA[{status}]]></wp:status>"
            f"<wp:post_parent>{parent}</wp:post_parent><wp:menu_order>0</wp:menu_order>"
            f"<wp:post_type><![CDATA[{kind}]]></wp:post_type><wp:post_password><![CDATA[]]></wp:post_password>"
            f"<wp:is_sticky>0</wp:is_sticky>"
            + (f"<wp:attachment_url><![CDATA[{url}]]></wp:attachment_url>" if url else "")
            + extra + "</item>\n")


def generate(posts: int, path: Path, seed: int = 1) -> None:
    """Write `posts` posts (plus their attachments and a few other items) to `path`."""
    rng, base = random.Random(seed), "https://gen.example.org/wp-content/uploads/2020/01"
    start, pid, cid = datetime(2008, 1, 1, 9, 0), 1, 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for n in range(posts):
            when = start + timedelta(hours=7 * n)
            post_id, pid = pid, pid + 1
            image_ids = []
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                image_ids.append(pid)
                out.write(_item(pid, "attachment", "inherit", _words(rng, 3), f"img{pid}", when, "",
                                parent=post_id, url=f"{base}/img{pid}.jpg"))
                pid += 1
            title = _words(rng, rng.randint(3, 9)).capitalize() + rng.choice(("", "?", ": a note", ' "quoted"'))
            slug = quote(f"{'-'.join(title.lower().split()[:6])}-{post_id}".replace('"', "").replace("?", ""))
            body = _blocks(rng, image_ids, base) if rng.random() < 0.5 else _classic(rng, image_ids, base)
            terms = (f'<category domain="category" nicename="cat{n % 12}"><![CDATA[Category {n % 12}]]></category>'
                     f'<category domain="post_tag" nicename="tag{n % 40}"><![CDATA[Tag {n % 40}]]></category>')
            meta = (f"<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA["
                    f"{image_ids[0]}]]></wp:meta_value></wp:postmeta>") if image_ids else ""
            comments, parents = [], [0]
            for _ in range(rng.choice((0, 0, 1, 3, 8))):
                comments.append(_comment(rng, cid, rng.choice(parents), when + timedelta(hours=2)))
                parents.append(cid)
                cid += 1
            status = "draft" if rng.random() < 0.05 else "publish"
            out.write(_item(post_id, "post", status, title, slug, when, body, terms + meta + "".join(comments)))
            if n % 50 == 0:
                out.write(_item(pid, "nav_menu_item", "publish", "", f"menu-{pid}", when, ""))
                pid += 1
        out.write(TAIL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", type=int)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.posts, args.out, args.seed)
    print(f"{args.out}: {args.posts} posts, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
