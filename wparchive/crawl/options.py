"""One options object for a crawl, passed down instead of growing keyword arguments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["CrawlOptions"]


@dataclass(frozen=True, kw_only=True)
class CrawlOptions:
    """How politely and how far to crawl; defaults suit a small shared host."""

    user_agent: str = "wparchive/0.1 (+https://pypi.org/project/wparchive/)"
    rate: float = 2.0  # max requests per second per host
    concurrency: int = 2
    timeout: float = 20.0
    retries: int = 4
    max_bytes: int = 50_000_000
    max_redirects: int = 5
    max_pages: int | None = None  # requests dispatched in one run; the rest stays queued for the next run
    since: datetime | None = None
    include: tuple[str, ...] = ()  # regex patterns on page URLs (discovery endpoints are always fetched)
    exclude: tuple[str, ...] = ()
    respect_robots: bool = True
    html_pages: bool = True  # also fetch each post's HTML page when the REST API already gave its content
    backoff: float = 1.0  # first retry wait in seconds, doubled each attempt
    max_retry_wait: float = 60.0  # cap on one wait, whatever Retry-After asks
