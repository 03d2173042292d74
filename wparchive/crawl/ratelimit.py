"""Per-host request spacing shared by every worker thread, so concurrency never raises the rate."""

from __future__ import annotations

import threading
import time

__all__ = ["RateLimiter"]


class RateLimiter:
    """A minimum interval between request starts per host (a token bucket holding one token)."""

    def __init__(self, rate: float, stop: threading.Event | None = None):
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._stop = stop or threading.Event()  # set when the crawl is interrupted: waits end at once
        self._slow: dict[str, float] = {}  # host -> longer interval asked by robots.txt Crawl-delay
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def set_delay(self, host: str, seconds: float) -> None:
        """Honour a Crawl-delay when it is slower than the configured rate."""
        with self._lock:
            self._slow[host] = max(seconds, self._interval)

    def interval(self, host: str) -> float:
        return self._slow.get(host, self._interval)

    def wait(self, host: str, stop: threading.Event | None = None) -> None:
        """Block until this host may get another request; reserve the slot before sleeping.

        The wait ends early once `stop` is set, or the limiter's own stop when none is given.
        """
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, 0.0))
            self._next[host] = slot + self.interval(host)
        if slot > now:
            (stop or self._stop).wait(slot - now)

    def pause(self, host: str, seconds: float) -> None:
        """Hold every thread off a host that answered 429/503 with Retry-After."""
        with self._lock:
            until = time.monotonic() + seconds
            self._next[host] = max(self._next.get(host, 0.0), until)
