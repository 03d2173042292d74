"""The `wparchive` command: a thin layer over the library that turns errors into one-line messages."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import click
from tqdm import tqdm

from . import __version__
from .convert import ConvertOptions, convert, default_jobs
from .crawl import CrawlOptions, crawl, crawl_urls
from .crawled import archive_warc, image_manners
from .errors import WparchiveError
from .extract.page import ExtractOptions, extract_page
from .pages import PageOptions, extract_pages, page_output
from .survey import survey
from .writers import FORMATS
from .writers.frontmatter import PRESETS
from .writers.lock import output_lock
from .writers.manifest import Manifest
from .writers.paths import LAYOUTS

SHOWN_PROBLEMS = 20


def _progress(label: str, quiet: bool):
    """A tqdm bar on a terminal, nothing when piped or quiet; returns (callback, bar)."""
    bar = tqdm(desc=label, unit=" posts", disable=True if quiet else None, file=sys.stderr, leave=False)

    def update(done: int, total: int, _post) -> None:
        if total and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    return update, bar


def _summary(manifest: Manifest, out: Path) -> None:
    counts = manifest.counts()
    rows = [("items", counts["items"]), ("written", counts["written"]), ("skipped", counts["skipped"]),
            ("failed", counts["failed"]), ("problems", counts["problems"])]
    rows += [(f"  skipped: {reason}", n) for reason, n in counts["skipped_by_reason"].items()]
    if counts["unknown_shortcodes"]:
        names = ", ".join(f"[{k}]×{v}" for k, v in counts["unknown_shortcodes"].items())
        rows.append(("unknown shortcodes kept as text", names))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        click.echo(f"{name:<{width}}  {value}", err=True)
    for problem in manifest.first_problems:
        click.echo(f"{problem.severity}: {problem}", err=True)
    if counts["problems"] > len(manifest.first_problems):
        click.echo(f"… {counts['problems'] - len(manifest.first_problems)} more in {out / 'manifest.json'}", err=True)
    click.echo(f"archive written to {out}", err=True)


def _exit_code(manifest: Manifest) -> int:
    """Non-zero when anything was lost or damaged, so scripts notice; warnings alone do not count."""
    counts = manifest.counts()
    return 1 if counts["failed"] or counts["errors"] else 0


def _types(value: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in value.split(",") if t.strip())


def _os_error(error: OSError, out: Path) -> str:
    return f"{error.filename or out}: cannot write: {error.strerror or error}"


def _run_job(label: str, quiet: bool, out: Path, job) -> None:
    """Run a library job with a progress bar; its errors as one line, its summary, its exit code."""
    update, bar = _progress(label, quiet)
    try:
        manifest = job(update)
    except WparchiveError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:  # the output folder cannot be made or written (permissions, disk full)
        raise click.ClickException(_os_error(error, out)) from None
    finally:
        bar.close()
    _summary(manifest, out)
    sys.exit(_exit_code(manifest))


_JOBS = click.option("-j", "--jobs", type=click.IntRange(1, 64), default=default_jobs,
                     show_default="number of cores", help="Worker processes; the output is identical for any number.")
_POST_TYPES = click.option("--post-types", default="post,page", show_default=True,
                           help="Comma-separated post types to write (e.g. post,page,portfolio); the manifest "
                           "lists the others as skipped.")
_DOWNLOAD_MEDIA = click.option("--download-media", is_flag=True, help="Save original-size images into the archive "
                               "and link them locally (cached across runs).")


@click.group()
@click.version_option(__version__, prog_name="wparchive")
def main() -> None:
    """Turn WordPress blogs into clean, lasting archives."""


@main.command("convert")
@click.argument("exports", nargs=-1, required=True)
@click.option("-o", "--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (created if missing; re-running updates it in place).")
@click.option("--drafts", is_flag=True,
              help="Also convert drafts, pending, scheduled, private and password-protected items.")
@_POST_TYPES
@click.option("--comments", type=click.Choice(["none", "inline", "sidecar"]), default="none", show_default=True,
              help="Approved comments: in the post file, or in a .comments.json file beside it.")
@click.option("--layout", type=click.Choice(LAYOUTS), default="flat", show_default=True,
              help="flat: posts/slug.md; year-month: posts/2020/05/slug.md; bundle: posts/slug/index.md.")
@click.option("--front-matter", "preset", type=click.Choice(sorted(PRESETS)), default="generic",
              show_default=True, help="Front matter field names for a static-site generator.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="md", show_default=True,
              help="md: Markdown files; html: clean HTML pages; jsonl: one posts.jsonl.")
@_JOBS
@_DOWNLOAD_MEDIA
@click.option("--strict", is_flag=True, help="Refuse damaged XML instead of recovering what can be read.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def convert_command(exports, out, drafts, post_types, comments, layout, preset, fmt, jobs, download_media, strict,
                    quiet):
    """Convert WordPress export files (WXR .xml, a folder of them, .zip or .gz) into an archive."""
    options = ConvertOptions(post_types=_types(post_types), drafts=drafts, comments=comments, layout=layout,
                             front_matter=preset, format=fmt, jobs=jobs, strict=strict,
                             download_media=download_media)
    _run_job("converting", quiet, out, lambda update: convert(exports, out, options, on_progress=update))


@main.command("info")
@click.argument("exports", nargs=-1, required=True)
def info_command(exports):
    """Show what an export holds (types, statuses, authors, dates, comments, problems); writes nothing."""
    try:
        result = survey(exports)
    except WparchiveError as error:
        raise click.ClickException(str(error)) from None
    for site in result.sites[:1]:
        click.echo(f"site: {site.title} <{site.base_blog_url or site.link}> (WXR {site.wxr_version or '?'})")
    click.echo(f"items: {result.items}")
    for (kind, status), n in sorted(result.types.items()):
        click.echo(f"  {kind:<20} {status:<10} {n}")
    click.echo(f"comments: {result.comments} ({result.approved_comments} approved)")
    if result.first:
        click.echo(f"published: {result.first.isoformat()} … {result.last.isoformat()}")
    for author, n in result.authors.most_common():
        click.echo(f"author: {author} ({n})")
    for problem in result.problems:
        click.echo(f"{problem.severity}: {problem}")
    sys.exit(1 if any(p.severity == "error" for p in result.problems) else 0)


@main.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder. Not needed when the input is '-' (one page on stdin, result on stdout).")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="md", show_default=True,
              help="md: Markdown files; html: clean HTML pages; jsonl: one posts.jsonl.")
@click.option("--layout", type=click.Choice(LAYOUTS), default="flat", show_default=True,
              help="Where each post's file goes (as for convert).")
@click.option("--front-matter", "preset", type=click.Choice(sorted(PRESETS)), default="generic",
              show_default=True, help="Front matter field names for a static-site generator.")
@click.option("--comments", is_flag=True, help="Also extract the page's comments (author, date, text, parent).")
@click.option("--no-fallback", is_flag=True, help="Skip pages that are not recognisably WordPress.")
@_JOBS
@_DOWNLOAD_MEDIA
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def extract_command(inputs, out, fmt, layout, preset, comments, no_fallback, jobs, download_media, quiet):
    """Extract clean posts from saved WordPress pages: files, folders, URLs, .warc/.warc.gz files, or '-'."""
    options = PageOptions(format=fmt, layout=layout, front_matter=preset, comments=comments,
                          fallback=not no_fallback, jobs=jobs, download_media=download_media)
    if inputs == ("-",) and out is None:
        if download_media:
            raise click.UsageError("--download-media needs -o/--out: the images are saved in the output folder")
        post = extract_page(sys.stdin.buffer.read(), source="<stdin>",
                            options=ExtractOptions(comments=comments, fallback=not no_fallback))
        for _, data in page_output(post, "page.md", options):
            sys.stdout.buffer.write(data)
        for problem in post.problems:
            click.echo(f"{problem.severity}: {problem}", err=True)
        sys.exit(1 if any(p.severity == "error" for p in post.problems) else 0)
    if out is None:
        raise click.UsageError("-o/--out is required unless the only input is '-'")
    _run_job("extracting", quiet, out, lambda update: extract_pages(inputs, out, options, on_progress=update))


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2020-01-31") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


@main.command("crawl")
@click.argument("site", required=False)
@click.option("-o", "--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder: crawl.warc.gz, crawl.sqlite (resume state) and the archive.")
@click.option("--urls", "url_file", type=click.File("r", encoding="utf-8"),
              help="Archive the pages listed in this file (one URL a line) instead of discovering a site.")
@click.option("--rate", type=click.FloatRange(0.01, 100), default=2.0, show_default=True,
              help="Most requests per second to one host (robots.txt Crawl-delay can lower it).")
@click.option("--concurrency", type=click.IntRange(1, 16), default=2, show_default=True,
              help="Requests in flight at once (each host still limited by --rate).")
@click.option("--max-pages", type=click.IntRange(1), help="Stop after this many requests; run again to go on.")
@click.option("--since", help="Only posts published or changed on or after this date (2020-01-31).")
@click.option("--include", multiple=True, help="Only page URLs matching this regular expression (repeatable).")
@click.option("--exclude", multiple=True, help="Skip page URLs matching this regular expression (repeatable).")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="md", show_default=True,
              help="md: Markdown files; html: clean HTML pages; jsonl: one posts.jsonl.")
@click.option("--layout", type=click.Choice(LAYOUTS), default="flat", show_default=True,
              help="Where each post's file goes (as for convert).")
@click.option("--front-matter", "preset", type=click.Choice(sorted(PRESETS)), default="generic", show_default=True,
              help="Front matter field names for a static-site generator.")
@_POST_TYPES
@_DOWNLOAD_MEDIA
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def crawl_command(site, out, url_file, rate, concurrency, max_pages, since, include, exclude, fmt, layout, preset,
                  post_types, download_media, quiet):
    """Archive a whole WordPress site (REST API, sitemaps, feeds), politely; run again to resume."""
    if not site and not url_file:
        raise click.UsageError("give a SITE URL or --urls FILE")
    options = CrawlOptions(rate=rate, concurrency=concurrency, max_pages=max_pages, since=_since(since),
                           include=tuple(include), exclude=tuple(exclude))
    bar = tqdm(desc="crawling", unit=" req", disable=True if quiet else None, file=sys.stderr, leave=False)

    def progress(counts: dict) -> None:
        bar.set_postfix(found=counts["found"], failed=counts["failed"], rate=f"{counts['rate']:.1f}/s",
                        refresh=False)
        bar.update(counts["requests"] - bar.n)

    try:
        Path(out).mkdir(parents=True, exist_ok=True)
        with output_lock(Path(out)):  # one hold over the crawl and its archive: no other run in between
            if url_file:
                summary = crawl_urls(url_file.read().splitlines(), out, options, on_progress=progress)
            else:
                summary = crawl(site, out, options, on_progress=progress)
            bar.close()
            update, bar = _progress("archiving", quiet)
            archive = ConvertOptions(format=fmt, layout=layout, front_matter=preset, jobs=default_jobs(),
                                     post_types=_types(post_types), download_media=download_media)
            manifest = archive_warc(summary.warc_path, out, archive, site=site or "", on_progress=update,
                                    media=image_manners(options, summary))
    except WparchiveError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(_os_error(error, out)) from None
    finally:
        bar.close()
    click.echo(f"crawl: {summary.found} found, {summary.fetched} fetched, {summary.not_modified} unchanged, "
               f"{summary.failed} failed, {summary.pending} still to fetch (source: {summary.source or '-'})",
               err=True)
    for url, reason in summary.failures[:SHOWN_PROBLEMS]:
        click.echo(f"failed: {url}: {reason}", err=True)
    _summary(manifest, out)
    sys.exit(1 if summary.failed else _exit_code(manifest))
