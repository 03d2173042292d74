"""Images fetched into the archive (`--download-media`): original size, cached, never fatal.

A failed download is a warning and the post keeps the original URL, so nothing is lost. The
images of the next posts download a few at a time in the background while posts are written.
"""

from __future__ import annotations

import hashlib
import http.client
import posixpath
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from .crawl.fetch import retry_after
from .crawl.ratelimit import RateLimiter
from .crawl.robots import Robots
from .model import Post, Problem
from .writers.atomic import OutsideOutput, atomic_write, inside, new_temporary
from .writers.paths import safe_segment

__all__ = ["MediaOptions", "MediaStore", "image_urls", "localize", "original_url", "parallel_per_process",
           "post_image_urls"]

# WordPress names resized copies "name-300x200.jpg" (add_image_size); the original has no suffix.
_SIZE_SUFFIX = re.compile(r"-\d{2,5}x\d{2,5}(?=\.[A-Za-z0-9]{2,5}$)")
# WordPress.com and Jetpack serve resized images through ?w=, ?h=, ?resize=, ?fit= query arguments.
_RESIZE_QUERY = re.compile(r"^(?:w|h|resize|fit|crop|zoom|ssl|quality|strip)$")
# Jetpack's Photon CDN: https://i0.wp.com/example.org/path.jpg serves example.org's file.
_PHOTON = re.compile(r"^i\d\.wp\.com$")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif", ".tiff")


def original_url(src: str) -> str:
    """The full-size original of a WordPress image URL."""
    parts = urlsplit(src)
    netloc, path = parts.netloc, parts.path
    if _PHOTON.match(netloc.lower()) and "/" in path.lstrip("/"):
        netloc, _, rest = path.lstrip("/").partition("/")
        path = "/" + rest
    query = "&".join(q for q in parts.query.split("&") if q and not _RESIZE_QUERY.match(q.split("=")[0]))
    return urlunsplit((parts.scheme, netloc, _SIZE_SUFFIX.sub("", path), query, ""))


def is_image_url(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(IMAGE_EXTENSIONS)


@dataclass(frozen=True, kw_only=True)
class MediaOptions:
    max_bytes: int = 30_000_000
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 0.5
    user_agent: str = "wparchive/0.1 (archiving a WordPress blog)"
    parallel: int = 4  # downloads at once while posts are written; 1: one at a time, when each is needed
    max_retry_wait: float = 30.0  # the longest wait a Retry-After answer gets
    # A crawl's manners, for its images: requests a second per host (0: no spacing), and the
    # robots.txt of the hosts it read, as (host, text), text None when it could not be read.
    rate: float = 0.0
    robots: tuple[tuple[str, str | None], ...] = ()


class DownloadError(Exception):
    pass


def parallel_per_process(processes: int) -> int:
    """Downloads at once in each of a run's processes: four in all, or one each when there are more."""
    return max(1, MediaOptions.parallel // processes)


def _fetch(url: str, options: MediaOptions, limiter: RateLimiter, stop: threading.Event | None = None) -> bytes:
    """GET with retries on transient failures; refuses non-images and oversized bodies.

    Once `stop` is set, a failed attempt is the last one: nobody waits for this image any more.
    """
    host = urlsplit(url).netloc.lower()
    for attempt in range(options.retries + 1):
        wait = options.backoff * 2**attempt
        limiter.wait(host, stop)
        if stop is not None and stop.is_set():
            raise DownloadError("no longer needed")
        try:
            request = urllib.request.Request(url, headers={"User-Agent": options.user_agent})
            # A new opener reads the proxy settings (HTTP_PROXY...) as they are now, like the crawler does.
            with urllib.request.build_opener().open(request, timeout=options.timeout) as response:
                kind = response.headers.get_content_type()
                if not kind.startswith("image/"):
                    raise DownloadError(f"not an image ({kind})")
                declared = int(response.headers.get("Content-Length") or 0)
                if declared > options.max_bytes:
                    raise DownloadError(f"larger than {options.max_bytes} bytes")
                data = response.read(options.max_bytes + 1)
                if len(data) > options.max_bytes:
                    raise DownloadError(f"larger than {options.max_bytes} bytes")
                return data
        except urllib.error.HTTPError as error:
            if error.code not in (408, 429, 500, 502, 503, 504) or attempt == options.retries:
                raise DownloadError(f"HTTP {error.code}") from None
            asked = retry_after(error.headers.get("Retry-After") if error.headers else None)
            if asked is not None:  # a server that says when to come back is believed, within reason
                wait = min(asked, options.max_retry_wait)
                limiter.pause(host, wait)
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as error:
            if attempt == options.retries:
                raise DownloadError(f"{getattr(error, 'reason', error)}") from None
        except ValueError as error:  # a URL urllib cannot even send
            raise DownloadError(f"bad URL ({error})") from None
        if (stop or threading.Event()).wait(wait):
            raise DownloadError("no longer needed")
    raise DownloadError("gave up")  # unreachable: the loop returns or raises


class MediaStore:
    """Saves each original once under OUT (beside the post in bundles, else in media/) and remembers it."""

    def __init__(self, out: Path, options: MediaOptions = MediaOptions()):
        self.out = Path(out)
        self.options = options
        self.failed: dict[str, str] = {}
        self._ahead: dict[str, Future] = {}  # url -> its background download: a temporary file in OUT
        self._threads: ThreadPoolExecutor | None = None
        self._folder, self._names = "", {}  # a bundle's folder, and which URL has each file name in it
        self._limiter = RateLimiter(options.rate)
        self._robots = Robots(options.user_agent, respect=True)
        for host, text in options.robots:
            if delay := self._robots.load(host, text):
                self._limiter.set_delay(host, float(delay))

    @contextmanager
    def prefetching(self, wanted: Iterable[tuple[str, str]], *, bundle: bool = False) -> Iterator[None]:
        """Download the images of the next posts, (src, post path) pairs, while those posts are written.

        `local` takes each download when its post asks for the image. On the way out (the posts
        written, or the run stopped) the rest are let go without waiting: not started, not retried,
        their files deleted when they end. The archive is the same as with one download at a time.
        """
        done = threading.Event()
        try:
            for src, post_path in wanted:
                self._start(src, post_path, bundle, done)
            yield
        finally:
            done.set()
            self._let_go()

    def close(self) -> None:
        self._let_go()
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
            self._threads = None

    def _start(self, src: str, post_path: str, bundle: bool, done: threading.Event) -> None:
        placed = self._placed(src, post_path, bundle, claim=False) if self.options.parallel > 1 else None
        if placed is None or placed[0] in self._ahead or placed[0] in self.failed:
            return
        url, rel = placed
        try:
            if inside(self.out, rel).exists():
                return
        except (OutsideOutput, OSError):
            return  # `local` says why
        if self._threads is None:
            self._threads = ThreadPoolExecutor(self.options.parallel, thread_name_prefix="wparchive-media")
        self._ahead[url] = self._threads.submit(self._to_temporary, url, done)

    def _get(self, url: str, stop: threading.Event | None = None) -> bytes:
        if refusal := self._robots.refusal(url):
            raise DownloadError(refusal)
        return _fetch(url, self.options, self._limiter, stop)

    def _to_temporary(self, url: str, done: threading.Event) -> Path:
        data = self._get(url, done)
        if done.is_set():
            raise DownloadError("no longer needed")
        self.out.mkdir(parents=True, exist_ok=True)
        fd, tmp = new_temporary(self.out)
        try:
            with open(fd, "wb") as handle:
                handle.write(data)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp

    def _download(self, url: str) -> bytes:
        """The image's bytes: its background download when one was started, else fetched now."""
        ahead = self._ahead.get(url)
        if ahead is None:
            return self._get(url)
        try:
            tmp = ahead.result()  # raises what the download raised; Ctrl-C here leaves it to _let_go
        except Exception:
            del self._ahead[url]
            raise
        try:
            return tmp.read_bytes()
        finally:
            tmp.unlink(missing_ok=True)
            self._ahead.pop(url, None)

    def _let_go(self) -> None:
        """The downloads no post took: those not started are cancelled, the others deleted when they end."""
        ahead, self._ahead = self._ahead, {}
        for future in ahead.values():
            if not future.cancel():
                future.add_done_callback(_discard)

    def _placed(self, src: str, post_path: str, bundle: bool, claim: bool = True) -> tuple[str, str] | None:
        """The URL to download for `src` and where its copy goes, or None when it is no web URL.

        Only `local` claims a name beside a post; a look ahead leaves the names as they are.
        """
        try:
            url = original_url(src)
            if url.startswith(("http://", "https://")):
                return url, self._relative_file(url, post_path, bundle, claim)
        except ValueError:  # not a URL at all ("http://[::1/a.jpg"): left as written
            pass
        return None

    def _relative_file(self, url: str, post_path: str, bundle: bool, claim: bool = True) -> str:
        """Where a URL's copy goes: media/<host>/<its path under uploads/>, or beside the post."""
        parts = urlsplit(url)
        segments = [safe_segment(unquote(s)) for s in parts.path.split("/") if s] or ["image"]
        tail = segments[segments.index("uploads") + 1:] if "uploads" in segments[:-1] else segments
        if parts.query:  # img.php?id=1 and ?id=2 are different images
            tail = [*tail[:-1], _suffixed(tail[-1], parts.query)]
        if bundle:  # beside the post, the uploads folders folded into the name: 2019-01-a.jpg
            return self._beside(url, post_path, "-".join(tail), claim)
        return posixpath.join("media", safe_segment(parts.netloc), *tail)

    def _beside(self, url: str, post_path: str, name: str, claim: bool) -> str:
        """A file in the post's own folder. The host is not in its name, so a second image under
        the same name (another host, folders that fold alike, the post's own file name) gets the
        digest of its URL; a post names its images in the same order every run, so names are stable."""
        folder = posixpath.dirname(post_path)
        if not claim:
            return posixpath.join(folder, name)
        if self._folder != folder:
            self._folder, self._names = folder, {posixpath.basename(post_path): ""}
        if self._names.setdefault(name, url) != url:
            name = _suffixed(name, url)
        return posixpath.join(folder, name)

    def local(self, src: str, post_path: str, *, bundle: bool = False,
              source: str = "") -> tuple[str | None, Problem | None]:
        """Relative link from the post to its saved copy of `src`, downloading it unless already saved.

        A URL that failed is not fetched again in this run, but every post using it gets the warning.
        """
        placed = self._placed(src, post_path, bundle)
        if placed is None:
            return None, None
        url, rel = placed
        if not self._saved(url, rel):
            return None, Problem(source=source or post_path, item=url, severity="warning",
                                 message=f"image not downloaded: {self.failed[url]}; original URL kept")
        return posixpath.relpath(rel, posixpath.dirname(post_path) or "."), None

    def _saved(self, url: str, rel: str) -> bool:
        """Whether the archive holds its copy of `url`, fetched now unless already there or already failed.

        A copy that cannot be stored (a name too long for the file system, a file where a folder
        must go, a symlinked folder) fails like a download, so the post is still written.
        """
        try:
            if inside(self.out, rel).exists():
                return True
            if url not in self.failed:
                atomic_write(self.out, rel, self._download(url))
                return True
        except DownloadError as error:
            self.failed[url] = str(error)
        except OutsideOutput:
            self.failed[url] = f"cannot be saved at {rel} (a link there leads outside the archive)"
        except OSError as error:
            self.failed[url] = f"cannot be saved at {rel} ({error.strerror or error})"
        return False


def _discard(future: Future) -> None:
    """A download no post took, once it ends: its file deleted, its failure of no concern."""
    if future.exception() is None:
        future.result().unlink(missing_ok=True)


def _suffixed(name: str, text: str) -> str:
    """`name-<digest of text>.ext`: a name of its own for a different image under the same name."""
    stem, dot, ext = name.rpartition(".")
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    return f"{stem}-{digest}.{ext}" if dot else f"{ext}-{digest}"


def localize(root, store: MediaStore, post_path: str, *, bundle: bool = False,
             source: str = "") -> tuple[list[Problem], bool]:
    """Point a post's images, and links to image files, at the archive's own copies.

    Returns the warnings for images that could not be saved, and whether anything was pointed.
    """
    problems, changed = [], False
    for element, attribute, url in _image_references(root):
        local, problem = store.local(url, post_path, bundle=bundle, source=source)
        if local:
            element.set(attribute, local)
            changed = True
        elif problem:
            problems.append(problem)
    return problems, changed


def _image_references(root) -> list[tuple[etree._Element, str, str]]:
    """(element, attribute, URL) of each image and each link to an image file, in the order they are saved."""
    found = [(img, "src", img.get("src") or "") for img in root.iter("img")]
    return found + [(a, "href", href) for a in root.iter("a") if is_image_url(href := a.get("href") or "")]


def post_image_urls(post: Post) -> list[str]:
    """The images saving a rendered post asks for, in its order: its body's, then its featured image."""
    featured = [post.featured_image.src] if post.featured_image is not None else []
    return [*image_urls(post.body_html), *featured]


def image_urls(html: str) -> list[str]:
    """The URLs `localize` would save from this HTML, to download them ahead."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div") if html.strip() else None
    except (etree.ParserError, ValueError):  # nothing an HTML parser can read: no image to save
        root = None
    return [] if root is None else [url for _, _, url in _image_references(root)]
