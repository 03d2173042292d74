"""`wparchive crawl` end to end on the simulated site: archive written from the WARC alone."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner
from sitesim import SimServer, SiteConfig

from wparchive.cli import main
from wparchive.crawl.options import CrawlOptions


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _front(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_crawl_rest_site_into_markdown(tmp_path):
    with SimServer(SiteConfig(posts=12)) as sim:
        result = run("crawl", sim.url, "-o", tmp_path, "--rate", "100", "-q")
        assert result.exit_code == 0, result.output
        posts = sorted(p.name for p in (tmp_path / "posts").iterdir())
        assert posts == sorted(f"post-{n}.md" for n in range(1, 13))
        data = _front(tmp_path / "posts/post-8.md")
        assert data["title"] == "Post 8 \u201cquoted\u201d" and data["author"] == "Alice Example"
        assert data["date"].utcoffset().total_seconds() == 7200
        assert "Body of post 8." in (tmp_path / "posts/post-8.md").read_text()
        assert (tmp_path / "pages/about-1.md").exists()
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        assert manifest["counts"]["written"] == 14 and manifest["counts"]["failed"] == 0
        first = {p.name: p.read_bytes() for p in (tmp_path / "posts").iterdir()}
        again = run("crawl", sim.url, "-o", tmp_path, "--rate", "100", "-q")
        assert again.exit_code == 0, again.output
        assert "0 fetched" in again.output
        assert {p.name: p.read_bytes() for p in (tmp_path / "posts").iterdir()} == first


def test_crawl_without_api_extracts_saved_pages(tmp_path):
    with SimServer(SiteConfig(posts=5, api=False)) as sim:
        result = run("crawl", sim.url, "-o", tmp_path, "--rate", "100", "-q")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "posts").glob("*.md"))
    assert names == ["about-1.md", "about-2.md", *(f"post-{n}.md" for n in range(1, 6))]  # not home or probes
    texts = [p.read_text() for p in (tmp_path / "posts").glob("*.md")]
    assert all(any(f"Body of post {n}." in t for t in texts) for n in range(1, 6))


def test_crawl_needs_a_site_or_url_list(tmp_path):
    result = run("crawl", "-o", tmp_path)
    assert result.exit_code == 2 and "SITE" in result.output


def test_bad_since_date(tmp_path):
    result = run("crawl", "http://127.0.0.1:9/", "-o", tmp_path, "--since", "yesterday")
    assert result.exit_code == 2 and "yesterday" in result.output


def test_crawl_download_media_saves_the_images(tmp_path):
    """REST posts' featured images and saved pages' body images, fetched into the archive and linked locally."""
    with SimServer(SiteConfig(posts=8, images=True)) as sim:
        result = run("crawl", sim.url, "-o", tmp_path / "rest", "--rate", "100", "-q", "--download-media")
        assert result.exit_code == 0, result.output
        bundle = run("crawl", sim.url, "-o", tmp_path / "bundle", "--rate", "100", "-q", "--download-media",
                     "--layout", "bundle")
        assert bundle.exit_code == 0, bundle.output
        with SimServer(SiteConfig(posts=8, images=True, api=False)) as pages_sim:
            pages = run("crawl", pages_sim.url, "-o", tmp_path / "pages", "--rate", "100", "-q", "--download-media")
        assert pages.exit_code == 0, pages.output
    for n in (4, 8):
        [saved] = (tmp_path / "rest/media").glob(f"*/img-{n}.jpg")
        assert saved.read_bytes().endswith(f"/wp-content/uploads/img-{n}.jpg".encode())
        local = "../" + saved.relative_to(tmp_path / "rest").as_posix()
        assert _front(tmp_path / f"rest/posts/post-{n}.md")["featured_image"]["src"] == local
        [saved] = (tmp_path / "pages/media").glob(f"*/img-{n}.jpg")
        assert saved.read_bytes().endswith(f"/wp-content/uploads/img-{n}.jpg".encode())
        text = (tmp_path / f"pages/posts/post-{n}.md").read_text(encoding="utf-8")
        assert f"![alt {n}](../{saved.relative_to(tmp_path / 'pages').as_posix()})" in text
        assert _front(tmp_path / f"bundle/posts/post-{n}/index.md")["featured_image"]["src"] == f"img-{n}.jpg"
        assert (tmp_path / f"bundle/posts/post-{n}/img-{n}.jpg").read_bytes().endswith(f"/img-{n}.jpg".encode())
    assert "featured_image" not in _front(tmp_path / "rest/posts/post-3.md")
    assert len(list((tmp_path / "rest/media").rglob("*.jpg"))) == 2


def test_crawl_fetches_images_with_its_own_manners(tmp_path):
    """The crawl's user agent for images too; its robots.txt refuses some of them, as it would refuse pages."""
    with SimServer(SiteConfig(posts=8, images=True, disallow=("/wp-content/uploads/img-8",))) as sim:
        result = run("crawl", sim.url, "-o", tmp_path, "--rate", "100", "-q", "--download-media")
        images = [h for h in sim.hits if "/wp-content/uploads/" in h.path]
    assert result.exit_code == 0, result.output
    assert [h.path for h in images] == ["/wp-content/uploads/img-4.jpg"]
    assert {h.user_agent for h in images} == {h.user_agent for h in sim.hits} == {CrawlOptions().user_agent}
    assert "image not downloaded: disallowed by robots.txt; original URL kept" in result.output
    front = _front(tmp_path / "posts/post-8.md")
    assert front["featured_image"]["src"] == f"{sim.url}/wp-content/uploads/img-8.jpg"  # kept as it was
    assert list((tmp_path / "media").rglob("*.jpg")) and not list((tmp_path / "media").rglob("img-8.jpg"))


def test_crawl_finds_the_sites_own_post_types(tmp_path):
    """A REST site's custom post type is crawled; written when asked for, else listed in the manifest as skipped."""
    with SimServer(SiteConfig(posts=4, recipes=3)) as sim:
        plain = run("crawl", sim.url, "-o", tmp_path / "plain", "--rate", "100", "-q")
        asked = run("crawl", sim.url, "-o", tmp_path / "asked", "--rate", "100", "-q",
                    "--post-types", "post,page,recipe")
        api = [h.path for h in sim.hits if "/wp-json/wp/v2/" in h.path]
    assert plain.exit_code == 0, plain.output
    assert asked.exit_code == 0, asked.output
    assert "/wp-json/wp/v2/recipes?per_page=100&page=1" in api
    assert not [p for p in api if "/blocks" in p or "/templates" in p]  # editor machinery is not writing
    manifest = json.loads((tmp_path / "plain/manifest.json").read_text())
    assert manifest["counts"]["skipped_by_reason"] == {"type recipe: not selected (see --post-types)": 3}
    assert not (tmp_path / "plain/recipe").exists()
    assert sorted(p.name for p in (tmp_path / "asked/recipe").iterdir()) == [f"recipe-{k}.md" for k in (1, 2, 3)]
    head = _front(tmp_path / "asked/recipe/recipe-2.md")
    assert head["title"] == "Recipe 2" and head["wordpress"]["type"] == "recipe"
    assert "Cook 2." in (tmp_path / "asked/recipe/recipe-2.md").read_text()
    assert json.loads((tmp_path / "asked/manifest.json").read_text())["counts"]["written"] == 4 + 2 + 3
