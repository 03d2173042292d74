"""Crawl state in OUT/crawl.sqlite: the frontier, what was fetched (with validators) and what failed.

Every result is committed together with the WARC size after its records, so a crawl killed at
any moment resumes from the last committed result and nothing in the WARC goes unaccounted for.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DISCOVERY", "PRIORITY", "Row", "State", "page_urls"]

# Lower runs first: robots.txt, then the probes, then listings, then the pages they name.
PRIORITY = {"robots": 0, "home": 1, "api-root": 1, "api-types": 2, "api-list": 2, "sitemap": 2, "feed": 2,
            "listing": 3, "page": 5}
# Endpoints that list other URLs: revalidated (conditionally) on every run to find new posts.
DISCOVERY = frozenset(PRIORITY) - {"page"}

REQUEUE = (
    "UPDATE urls SET state='pending', run=:run, lastmod=CASE WHEN :lastmod<>'' THEN :lastmod ELSE lastmod END "
    "WHERE url=:url AND run<:run AND state<>'pending' AND (state='failed' OR kind IN ("
    + ",".join(f"'{kind}'" for kind in sorted(DISCOVERY))
    + ") OR (kind='page' AND :lastmod<>'' AND lastmod<>'' AND lastmod<:lastmod))"
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    priority INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',  -- pending | done | failed
    status INTEGER,
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    lastmod TEXT NOT NULL DEFAULT '',       -- modification date the listing gave (sitemap, REST)
    reason TEXT NOT NULL DEFAULT '',
    warc_offset INTEGER,                    -- offset of the last 200 response in the WARC
    run INTEGER NOT NULL DEFAULT 0,         -- the run that last queued or settled it
    probe INTEGER NOT NULL DEFAULT 0        -- a guessed endpoint: absence is no failure
);
CREATE INDEX IF NOT EXISTS urls_frontier ON urls (state, priority);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (link TEXT PRIMARY KEY);
"""


@dataclass(frozen=True)
class Row:
    url: str
    kind: str
    state: str
    status: int | None
    etag: str
    last_modified: str
    lastmod: str
    reason: str
    warc_offset: int | None
    probe: int = 0


COLUMNS = "url, kind, state, status, etag, last_modified, lastmod, reason, warc_offset, probe"


class State:
    """The SQLite state; used from one thread only (the crawl's main loop)."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.db.commit()
        self.run = 0

    def start_run(self) -> int:
        """Number this run (what it queues again is what it meets again); return the committed WARC size."""
        self.run = int(self.get_meta("runs") or 0) + 1
        self.set_meta("runs", str(self.run))
        self.db.execute("DELETE FROM meta WHERE key LIKE 'run:%'")
        self.db.commit()
        return int(self.get_meta("warc_size") or 0)

    def add(self, url: str, kind: str, lastmod: str = "", probe: bool = False) -> bool:
        """Queue a URL unless known; True when new.

        Met again in a later run, a discovery endpoint is queued for revalidation, a failure for
        another try, and a page only when its listing gives a newer lastmod.
        """
        cur = self.db.execute("INSERT OR IGNORE INTO urls (url, kind, priority, lastmod, run, probe) "
                              "VALUES (?, ?, ?, ?, ?, ?)", (url, kind, PRIORITY[kind], lastmod, self.run, probe))
        if cur.rowcount:
            return True
        if probe:
            self.db.execute("UPDATE urls SET probe=1 WHERE url=?", (url,))
        self.db.execute(REQUEUE,
            {"run": self.run, "lastmod": lastmod, "url": url})
        return False

    def pending(self, limit: int, skip: set[str]) -> list[Row]:
        rows = self.db.execute(f"SELECT {COLUMNS} FROM urls WHERE state='pending' ORDER BY priority, rowid "
                               "LIMIT ?", (limit + len(skip),)).fetchall()
        return [Row(*r) for r in rows if r[0] not in skip][:limit]

    def get(self, url: str) -> Row | None:
        row = self.db.execute(f"SELECT {COLUMNS} FROM urls WHERE url=?", (url,)).fetchone()
        return Row(*row) if row else None

    def done(self, url: str, status: int, *, etag: str = "", last_modified: str = "",
             offset: int | None = None) -> None:
        """Mark fetched; a 304 keeps the validators and WARC offset of the earlier 200."""
        if status == 304:
            self.db.execute("UPDATE urls SET state='done', status=304, reason='', run=? WHERE url=?", (self.run, url))
            return
        self.db.execute("UPDATE urls SET state='done', status=?, etag=?, last_modified=?, warc_offset=?, "
                        "reason='', run=? WHERE url=?", (status, etag, last_modified, offset, self.run, url))

    def alias(self, url: str, kind: str, of: str) -> None:
        """A redirect target fetched under another URL: known, so never fetched again by itself."""
        self.db.execute("INSERT OR IGNORE INTO urls (url, kind, priority, state, reason, run) "
                        "VALUES (?, ?, ?, 'done', ?, ?)", (url, kind, PRIORITY[kind], f"fetched as {of}", self.run))

    def absent(self, url: str, status: int, reason: str) -> None:
        """A guessed endpoint that is not there: done, keeping validators of a 200 for next run's probe."""
        self.db.execute("UPDATE urls SET state='done', reason=?, run=? WHERE url=?",
                        (f"absent: {reason}", self.run, url))

    def skip(self, url: str) -> None:
        self.db.execute("UPDATE urls SET state='done' WHERE url=? AND state='pending'", (url,))

    def failed(self, url: str, reason: str, status: int | None = None) -> None:
        self.db.execute("UPDATE urls SET state='failed', reason=?, status=?, run=? WHERE url=?",
                        (reason, status, self.run, url))

    def add_item(self, link: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO items (link) VALUES (?)", (link,))

    def get_meta(self, key: str) -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else ""

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def commit(self, warc_size: int) -> None:
        """Make the result durable together with the WARC size it was written up to."""
        self.set_meta("warc_size", str(warc_size))
        self.db.commit()

    def count(self, where: str = "1", *args) -> int:
        return self.db.execute(f"SELECT count(*) FROM urls WHERE {where}", args).fetchone()[0]

    def items(self) -> int:
        return self.db.execute("SELECT count(*) FROM items").fetchone()[0]

    def failures(self) -> list[tuple[str, str]]:
        return self.db.execute("SELECT url, reason FROM urls WHERE state='failed' AND run=? ORDER BY rowid",
                               (self.run,)).fetchall()

    def kind_done(self, kind: str) -> int:
        return self.count("kind=? AND state='done'", kind)

    def close(self, commit: bool = True) -> None:
        """Close; without commit, a half-recorded result is rolled back to the last commit."""
        if commit:
            self.db.commit()
        else:
            self.db.rollback()
        self.db.close()


def page_urls(path: Path) -> frozenset[str]:
    """URLs the crawl queued as posts or pages (not home, listings or API probes); empty without a state."""
    if not Path(path).exists():
        return frozenset()
    db = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return frozenset(url for (url,) in db.execute("SELECT url FROM urls WHERE kind = 'page'"))
    finally:
        db.close()
