"""Images fetched into the archive (`--download-media`): original size, cached, never fatal.

A failed download is a warning and the post keeps the original URL, so nothing is lost.
"""

from __future__ import annotations

import hashlib
import http.client
import posixpath
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from .model import Problem
from .writers.atomic import OutsideOutput, atomic_write, inside
from .writers.paths import safe_segment

__all__ = ["MediaOptions", "MediaStore", "localize", "original_url"]

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


class DownloadError(Exception):
    pass


def _fetch(url: str, options: MediaOptions) -> bytes:
    """GET with retries on transient failures; refuses non-images and oversized bodies."""
    for attempt in range(options.retries + 1):
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
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as error:
            if attempt == options.retries:
                raise DownloadError(f"{getattr(error, 'reason', error)}") from None
        except ValueError as error:  # a URL urllib cannot even send
            raise DownloadError(f"bad URL ({error})") from None
        time.sleep(options.backoff * 2**attempt)
    raise DownloadError("gave up")  # unreachable: the loop returns or raises


class MediaStore:
    """Saves each original once under OUT (beside the post in bundles, else in media/) and remembers it."""

    def __init__(self, out: Path, options: MediaOptions = MediaOptions()):
        self.out = Path(out)
        self.options = options
        self.failed: dict[str, str] = {}

    def _relative_file(self, url: str, post_path: str, bundle: bool) -> str:
        """Where a URL's copy goes: distinct URLs never share a file, whatever the layout."""
        parts = urlsplit(url)
        segments = [safe_segment(unquote(s)) for s in parts.path.split("/") if s] or ["image"]
        tail = segments[segments.index("uploads") + 1:] if "uploads" in segments[:-1] else segments
        if parts.query:  # img.php?id=1 and ?id=2 are different images
            stem, dot, ext = tail[-1].rpartition(".")
            digest = hashlib.sha1(parts.query.encode()).hexdigest()[:8]
            tail = [*tail[:-1], f"{stem}-{digest}.{ext}" if dot else f"{ext}-{digest}"]
        if bundle:  # beside the post, the uploads folders folded into the name: 2019-01-a.jpg
            return posixpath.join(posixpath.dirname(post_path), "-".join(tail))
        return posixpath.join("media", safe_segment(parts.netloc), *tail)

    def local(self, src: str, post_path: str, *, bundle: bool = False,
              source: str = "") -> tuple[str | None, Problem | None]:
        """Relative link from the post to its saved copy of `src`, downloading it unless already saved.

        A URL that failed is not fetched again in this run, but every post using it gets the warning.
        """
        try:
            url = original_url(src)
            rel = self._relative_file(url, post_path, bundle) if url.startswith(("http://", "https://")) else None
        except ValueError:  # not a URL at all ("http://[::1/a.jpg"): left as written
            return None, None
        if rel is None:
            return None, None
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
                atomic_write(self.out, rel, _fetch(url, self.options))
                return True
        except DownloadError as error:
            self.failed[url] = str(error)
        except OutsideOutput:
            self.failed[url] = f"cannot be saved at {rel} (a link there leads outside the archive)"
        except OSError as error:
            self.failed[url] = f"cannot be saved at {rel} ({error.strerror or error})"
        return False


def localize(root, store: MediaStore, post_path: str, *, bundle: bool = False,
             source: str = "") -> tuple[list[Problem], bool]:
    """Point a post's images, and links to image files, at the archive's own copies.

    Returns the warnings for images that could not be saved, and whether anything was pointed.
    """
    problems, changed = [], False
    for element, attribute in [*((img, "src") for img in root.iter("img")), *((a, "href") for a in root.iter("a"))]:
        url = element.get(attribute) or ""
        if attribute == "href" and not is_image_url(url):
            continue
        local, problem = store.local(url, post_path, bundle=bundle, source=source)
        if local:
            element.set(attribute, local)
            changed = True
        elif problem:
            problems.append(problem)
    return problems, changed
