"""YAML front matter: one canonical field set, renamed per static-site generator by a preset."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import yaml

from ..model import Image, Post

__all__ = ["PRESETS", "dump", "enclosures", "fields", "front_matter"]

# Canonical name -> name the generator expects; None drops the field. Unlisted fields keep their name.
PRESETS: dict[str, dict[str, str | None]] = {
    "generic": {},
    # gohugo.io/content-management/front-matter/: lastmod, summary, draft.
    "hugo": {"modified": "lastmod", "excerpt": "summary"},
    # jekyllrb.com/docs/front-matter/: published: false for drafts; jekyll-last-modified-at.
    "jekyll": {"modified": "last_modified_at", "featured_image": "image", "draft": "published"},
    # 11ty uses tags for collections; Astro's blog starter names pubDate/updatedDate/heroImage.
    "eleventy": {"modified": "updated", "excerpt": "description", "featured_image": "image"},
    "astro": {"date": "pubDate", "modified": "updatedDate", "excerpt": "description", "featured_image": "heroImage"},
}


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml when the wheel has it
    """Safe YAML with timestamps as RFC 3339 (what Hugo, Jekyll and Eleventy parse) and no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _datetime(dumper: yaml.BaseDumper, value: datetime) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(datetime, _datetime)


def _image(image: Image | None, local_src: str | None) -> dict | None:
    if image is None:
        return None
    src = local_src or image.src
    return {k: v for k, v in (("src", src), ("alt", image.alt), ("caption", image.caption)) if v}


def enclosures(post: Post) -> list[dict[str, Any]]:
    """Files the post's feed item carried (a podcast episode's audio): WordPress keeps each as an
    `enclosure` meta of lines `URL`, `length`, `MIME type`."""
    found = []
    for key, value in post.meta:
        lines = [line.strip() for line in value.splitlines()] if key == "enclosure" else []
        if lines and lines[0].startswith(("http://", "https://")):
            length = lines[1] if len(lines) > 1 and lines[1].isdecimal() else ""
            kind = lines[2] if len(lines) > 2 and "/" in lines[2] else ""
            found.append({k: v for k, v in (("url", lines[0]), ("length", int(length) if length else None),
                                            ("type", kind)) if v})
    return found


def fields(post: Post, *, featured_src: str | None = None) -> dict[str, Any]:
    """Every field worth keeping, canonical names, in reading order; empty values dropped."""
    data: dict[str, Any] = {
        "title": post.title,
        "date": post.date,
        "modified": post.modified if post.modified != post.date else None,
        "draft": post.status != "publish" or post.password_protected or None,
        "slug": post.slug,
        "author": post.author,
        "authors": list(post.authors),
        "categories": [t.name for t in post.categories],
        "tags": [t.name for t in post.tags],
        "excerpt": post.excerpt,
        "featured_image": _image(post.featured_image, featured_src),
        "enclosures": enclosures(post),
        "related": [{"text": link.text, "href": link.href} for link in post.related],
        "old_slugs": list(post.old_slugs),
        "wordpress": {
            k: v for k, v in (
                ("id", post.id), ("type", post.type), ("status", post.status), ("link", post.link),
                ("guid", post.guid), ("author_login", post.author_login), ("parent", post.parent),
                ("menu_order", post.menu_order or None), ("sticky", post.sticky or None),
                ("password_protected", post.password_protected or None),
                ("category_slugs", [t.slug for t in post.categories]), ("tag_slugs", [t.slug for t in post.tags]),
                ("terms", [{"taxonomy": t.taxonomy, "name": t.name, "slug": t.slug} for t in post.terms]),
            ) if v not in (None, "", [], ())
        },
    }
    return {k: v for k, v in data.items() if k == "title" or v not in (None, "", [], {})}  # title always there


def front_matter(post: Post, preset: str = "generic", **kw: Any) -> dict[str, Any]:
    """The canonical fields renamed for one generator."""
    renames = PRESETS[preset]
    data = fields(post, **kw)
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = renames.get(key, key)
        if name is None:
            continue
        if key == "draft" and name == "published":  # Jekyll says published: false instead of draft: true
            value = not value
        out[name] = value
    return out


def dump(data: dict[str, Any]) -> str:
    """`---`-fenced YAML; unicode kept as is, long lines not folded."""
    body = yaml.serialize(_node(data), Dumper=_Dumper, allow_unicode=True, width=10_000)
    return f"---\n{body}---\n"


_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null"))
_TIMESTAMP, _SEQ, _MAP = (f"tag:yaml.org,2002:{t}" for t in ("timestamp", "seq", "map"))


def _node(value: Any) -> yaml.Node:
    """The node SafeRepresenter would make (block style, no aliases), for the few types front matter
    holds; the generic representer costs more than the emitting itself."""
    if isinstance(value, str):
        return yaml.ScalarNode(_STR, value)
    if isinstance(value, bool):
        return yaml.ScalarNode(_BOOL, "true" if value else "false")
    if isinstance(value, int):
        return yaml.ScalarNode(_INT, str(value))
    if isinstance(value, datetime):
        return yaml.ScalarNode(_TIMESTAMP, value.isoformat())
    if value is None:
        return yaml.ScalarNode(_NULL, "null")
    if isinstance(value, list | tuple):
        return yaml.SequenceNode(_SEQ, [_node(v) for v in value], flow_style=False)
    if isinstance(value, dict):
        return yaml.MappingNode(_MAP, [(_node(k), _node(v)) for k, v in value.items()], flow_style=False)
    return yaml.SafeDumper(None).represent_data(value)  # anything else, as the safe representer sees it
