"""robots.txt rules per host, read with protego; consulted before every request and redirect."""

from __future__ import annotations

from urllib.parse import urlsplit

from protego import Protego

__all__ = ["Robots", "robots_url"]


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


class Robots:
    """Parsed robots.txt by host; written by the crawl's main thread, read by fetch threads."""

    def __init__(self, user_agent: str, respect: bool):
        self.user_agent = user_agent
        self.respect = respect
        self._rules: dict[str, Protego | None] = {}  # None: unreachable, so everything is disallowed
        self.texts: dict[str, str | None] = {}  # as read, for the run's image downloads to follow
        self.sitemaps: list[str] = []

    def known(self, host: str) -> bool:
        return host in self._rules

    def load(self, host: str, text: str | None) -> float | None:
        """Rules for a host (None when robots.txt could not be read); return its Crawl-delay."""
        rules = Protego.parse(text) if text is not None else None
        self._rules[host], self.texts[host] = rules, text
        if rules is None:
            return None
        self.sitemaps += [s for s in rules.sitemaps if s not in self.sitemaps]
        return rules.crawl_delay(self.user_agent)

    def refusal(self, url: str) -> str:
        """Why robots.txt forbids a URL ('' when allowed)."""
        if not self.respect:
            return ""
        host = urlsplit(url).netloc.lower()
        if host not in self._rules:
            return ""
        rules = self._rules[host]
        # RFC 9309 2.3.1.4: a robots.txt that cannot be reached (5xx) means complete disallow.
        if rules is None:
            return "robots.txt unreachable, so the host is treated as disallowed"
        return "" if rules.can_fetch(url, self.user_agent) else "disallowed by robots.txt"
