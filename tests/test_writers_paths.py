"""File names from hostile slugs stay inside OUT, unique and portable."""

import os
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wparchive.model import Post
from wparchive.writers.atomic import OutsideOutput, atomic_write, inside
from wparchive.writers.paths import Namer, _digest, post_path, safe_segment, slugify

EXAMPLES = int(os.environ.get("WPARCHIVE_FUZZ_EXAMPLES", "400"))

HOSTILE = [
    "../../etc/passwd", "/etc/passwd", "..", ".", "CON", "con.txt", "nul", "LPT1", "a\x00b", "tab\there",
    "x" * 300, "é" * 200, "a/b\\c:d*e?f\"g<h>i|j", " spaced . ", "%2e%2e%2fescape", "C:\\Windows\\x",
    "\u202eevil", "emoji-🎉-" * 40,
]


@pytest.mark.parametrize("slug", HOSTILE)
def test_hostile_slug_gives_one_portable_segment(slug, tmp_path):
    name = safe_segment(slug)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name
    assert name not in (".", "..") and not name.startswith(".") and not name.endswith((".", " "))
    assert len(name.encode()) <= 120
    assert name.split(".")[0].lower() not in {"con", "prn", "aux", "nul", "lpt1", "com1"}
    written = atomic_write(tmp_path, f"posts/{name}.md", "x")
    assert tmp_path.resolve() in written.parents


def test_percent_encoded_slug_is_decoded():
    assert safe_segment("%c3%a9t%c3%a9-au-marais") == "été-au-marais"


def test_names_differing_only_by_case_get_distinct_files():
    namer = Namer()
    paths = [namer.claim(Post(type="post", slug=s), "flat") for s in ("Hello", "hello", "HELLO", "hello")]
    assert paths == ["posts/Hello.md", "posts/hello-2.md", "posts/HELLO-3.md", "posts/hello-4.md"]
    assert len({p.casefold() for p in paths}) == 4


def first_free(taken: set[str], post: Post, layout: str) -> str:
    """The naming rule without memory: base, base-2, base-3, … the first not taken in any case."""
    base = safe_segment(post.slug or slugify(post.title), fallback=f"{post.type}-{post.id or 'untitled'}")
    stem, n = base, 1
    while post_path(post, layout, stem).casefold() in taken:
        n += 1
        stem = f"{base}-{n}"
    taken.add(post_path(post, layout, stem).casefold())
    return post_path(post, layout, stem)


SLUGS = st.sampled_from(["same", "Same", "same-2", "same-3", "SAME-4", "other", "", "same-2-2"])
POSTS = st.lists(st.builds(Post, type=st.sampled_from(["post", "page"]), slug=SLUGS,
                           title=st.sampled_from(["Same", "Other", ""])), max_size=40)


@settings(max_examples=EXAMPLES, deadline=None)
@given(POSTS, st.sampled_from(["flat", "bundle"]))
def test_names_remembered_as_the_first_free_suffix_would_give(posts, layout):
    namer, taken = Namer(), set()
    assert [namer.claim(p, layout) for p in posts] == [first_free(taken, p, layout) for p in posts]


def test_ten_thousand_posts_of_one_name_each_get_the_next_suffix():
    """Each post tried every suffix before it: 4,000 posts of one slug took 20 s."""
    namer = Namer()
    paths = [namer.claim(Post(type="post", slug="untitled"), "flat") for _ in range(10_000)]
    assert paths[:3] == ["posts/untitled.md", "posts/untitled-2.md", "posts/untitled-3.md"]
    assert paths[-1] == "posts/untitled-10000.md" and len(set(paths)) == 10_000
    assert len(namer.suffixes) == 1 and _digest("posts/untitled.md") in namer.suffixes


def test_missing_slug_falls_back_to_title_then_id():
    namer = Namer()
    assert namer.claim(Post(type="post", title="Hello, World!"), "flat") == "posts/hello-world.md"
    assert namer.claim(Post(type="page", id=7), "flat") == "pages/page-7.md"


def test_layouts():
    post = Post(type="post", slug="s", date=datetime(2020, 5, 1, tzinfo=timezone.utc))
    assert post_path(post, "flat", "s") == "posts/s.md"
    assert post_path(post, "year-month", "s") == "posts/2020/05/s.md"
    assert post_path(post, "bundle", "s") == "posts/s/index.md"
    assert post_path(Post(type="../x", slug="s"), "flat", "s") == "x/s.md"


def test_slugify_keeps_letters_of_any_script():
    assert slugify("Été au marais: 10 oiseaux!") == "été-au-marais-10-oiseaux"


def test_inside_refuses_escapes_and_symlinks(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OutsideOutput):
        inside(out, "../x")
    with pytest.raises(OutsideOutput):
        inside(out, "/etc/passwd")
    (out / "link").symlink_to(tmp_path)
    with pytest.raises(OutsideOutput):
        atomic_write(out, "link/../../escaped.md", "x")
    (out / "posts").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(OutsideOutput):
        atomic_write(out, "posts/a.md", "x")
    assert not (tmp_path / "elsewhere").exists()


def test_atomic_write_leaves_no_temp_files_and_keeps_unchanged_files(tmp_path):
    target = atomic_write(tmp_path, "a/b.md", "one")
    first = target.stat().st_mtime_ns
    atomic_write(tmp_path, "a/b.md", "one")
    assert target.stat().st_mtime_ns == first
    atomic_write(tmp_path, "a/b.md", "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["b.md"]
