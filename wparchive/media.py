"""Images fetched into the archive (`--download-media`): original size, cached, never fatal.

A failed download is a warning and the post keeps the original URL, so nothing is lost.
"""

from __future__ import annotations

import posixpath
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from .model import Problem
from .writers.atomic import atomic_write, inside
from .writers.paths import safe_segment

__all__ = ["MediaOptions", "MediaStore", "original_url"]

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
            with urllib.request.urlopen(request, timeout=options.timeout) as response:
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
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            if attempt == options.retries:
                raise DownloadError(f"{getattr(error, 'reason', error)}") from None
        time.sleep(options.backoff * 2**attempt)
    raise DownloadError("gave up")  # unreachable: the loop returns or raises


class MediaStore:
    """Saves each original once under OUT (beside the post in bundles, else in media/) and remembers it."""

    def __init__(self, out: Path, options: MediaOptions = MediaOptions()):
        self.out = Path(out)
        self.options = options
        self.failed: dict[str, str] = {}

    def _relative_file(self, url: str, post_path: str, bundle: bool) -> str:
        parts = urlsplit(url)
        segments = [safe_segment(unquote(s)) for s in parts.path.split("/") if s]
        segments = segments or ["image"]
        if bundle:
            return posixpath.join(posixpath.dirname(post_path), segments[-1])
        tail = segments[segments.index("uploads") + 1:] if "uploads" in segments[:-1] else segments
        return posixpath.join("media", safe_segment(parts.netloc), *tail)

    def local(self, src: str, post_path: str, *, bundle: bool = False) -> tuple[str | None, Problem | None]:
        """Relative link from the post to its saved copy of `src`, downloading it unless already saved."""
        url = original_url(src)
        if not url.startswith(("http://", "https://")):
            return None, None
        rel = self._relative_file(url, post_path, bundle)
        target = inside(self.out, rel)
        if not target.exists():
            if url in self.failed:
                return None, None
            try:
                atomic_write(self.out, rel, _fetch(url, self.options))
            except DownloadError as error:
                self.failed[url] = str(error)
                return None, Problem(source=post_path, item=url, message=f"image not downloaded: {error}",
                                     severity="warning")
        return posixpath.relpath(rel, posixpath.dirname(post_path) or "."), None
