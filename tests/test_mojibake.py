"""Double-encoded UTF-8 and stray Windows-1252 characters repaired; clean text left alone."""

import pytest

from wparchive.model import Comment, Post
from wparchive.render import BuildContext, render_post
from wparchive.transform.mojibake import repair


@pytest.mark.parametrize("broken, fixed", [
    ("CafÃ© au lait", "Café au lait"),
    ("â€œquotedâ€\x9d â€” dash", "“quoted” — dash"),
    ("naÃ¯ve Ã  la", "naïve à la"),  # beside clear mojibake, "Ã " (its no-break space lost) is "à"
    ("Â£5", "£5"),
    ("x\x93smart\x94", "x“smart”"),
])
def test_repairs(broken, fixed):
    assert repair(broken) == fixed


@pytest.mark.parametrize("clean", ["Plain café — “fine”", "Ãrbol? no: Ángel, Ñandú, Øresund", "", "x < y &amp; z"])
def test_clean_text_untouched(clean):
    assert repair(clean) == clean


def test_render_post_repairs_and_warns():
    post = Post(id=1, title="CafÃ©", content="<p>DÃ©jÃ  vu</p>",
                comments=(Comment(id=1, author="JosÃ©", date=None, text="Ã‰tÃ©"),))
    out, warnings, _ = render_post(post, BuildContext(comments="inline"))
    assert out.title == "Café" and "Déjà vu" in out.body_html
    assert out.comments[0].author == "José" and "Été" in out.comments[0].text
    assert len(warnings) == 1 and "title, content, comments" in warnings[0].message
