"""Read-only mappings kept in an SQLite file, so an export's index costs disk, not memory.

A 100,000-post export indexes about 250,000 attachments and links; held in dicts that is over
100 MB in every process. Here each process opens the file and looks keys up as it needs them.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

__all__ = ["DiskMap", "DiskTables"]

_MISSING = object()
# The last index file this process opened, by its maps' token: the maps of one run arrive pickled with
# every chunk of work, and reopening the file for each chunk would also throw its page cache away.
_OPENED: dict[str, sqlite3.Connection] = {}


class DiskTables:
    """Writes tables of (key, value) rows as they come, in batches; `close` returns a map per table.

    Each table says what a repeated key means: "first" or "last" (that value stands) or "many"
    (looking the key up gives the list of all its values, in the order added).
    """

    BATCH = 2000

    VERBS = {"first": "INSERT OR IGNORE", "last": "INSERT OR REPLACE", "many": "INSERT"}

    def __init__(self, path: Path, tables: dict[str, str]):
        self.path, self.tables = path, tables
        self.db = sqlite3.connect(path)
        self.pending: dict[str, list[tuple[Any, bytes]]] = {name: [] for name in tables}
        for name, mode in tables.items():
            key = "key" if mode == "many" else "key PRIMARY KEY"
            self.db.execute(f"CREATE TABLE {name} ({key}, value BLOB)")
            if mode == "many":
                self.db.execute(f"CREATE INDEX {name}_key ON {name} (key)")

    def add(self, table: str, key: Any, value: Any) -> None:
        rows = self.pending[table]
        rows.append((key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))
        if len(rows) >= self.BATCH:
            self._flush(table)

    def _flush(self, table: str) -> None:
        self.db.executemany(f"{self.VERBS[self.tables[table]]} INTO {table} VALUES (?, ?)", self.pending[table])
        self.pending[table].clear()

    def discard(self) -> None:
        """Stop without a result (the run failed): the file is let go, for the run to delete."""
        self.db.close()

    def close(self) -> dict[str, DiskMap]:
        for table in self.tables:
            self._flush(table)
        self.db.commit()
        sizes = {t: self.db.execute(f"SELECT count(DISTINCT key) FROM {t}").fetchone()[0] for t in self.tables}
        self.db.close()
        token = os.urandom(8).hex()  # this file's contents, even if a later run reuses its name
        return {t: DiskMap(self.path, t, sizes[t], mode == "many", token) for t, mode in self.tables.items()}


class DiskMap(Mapping):
    """A Mapping over one table; picklable (it travels as its file name and reopens in workers)."""

    def __init__(self, path: Path, table: str, size: int, many: bool = False, token: str = ""):
        self.path, self.table, self.size, self.many = str(path), table, size, many
        self.token = token or os.urandom(8).hex()
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = _OPENED.get(self.token)
        if self._db is None:
            # as_uri escapes '#', '?' and '%' in names. immutable: the file is complete before any map
            # reads it, so SQLite may skip the locks and journal checks it would make on every query.
            uri = Path(self.path).resolve().as_uri() + "?mode=ro&immutable=1"
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            _OPENED.clear()  # only the latest: the maps still holding an older one keep it alive
            _OPENED[self.token] = self._db
        return self._db

    def __getitem__(self, key: Any) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        """Mapping.get without the KeyError it raises and catches on every miss: most posts miss."""
        try:
            rows = self._conn().execute(f"SELECT value FROM {self.table} WHERE key = ? ORDER BY rowid", (key,))
        except (OverflowError, sqlite3.InterfaceError):  # a key SQLite cannot hold is not in the table
            return default
        values = [pickle.loads(value) for (value,) in rows]
        if not values:
            return default
        return values if self.many else values[0]

    def __iter__(self) -> Iterator[Any]:
        return (key for (key,) in self._conn().execute(f"SELECT DISTINCT key FROM {self.table}"))

    def __len__(self) -> int:
        return self.size

    def close(self) -> None:
        """Let the file go, so it can be deleted (Windows refuses while it is open). The maps of one
        index share a connection: close them together, once none is read any more."""
        shared = _OPENED.pop(self.token, None)
        if shared is not None:
            shared.close()
        if self._db is not None:
            self._db.close()
            self._db = None

    def __getstate__(self) -> dict:
        return {"path": self.path, "table": self.table, "size": self.size, "many": self.many, "token": self.token}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _db=None)
