"""A key-value cache in SQLite under `.ist-cache/`, for what `ist add` can always work out again.

Only ever a shortcut: when the file cannot be read or written (a read-only
tracker, another process holding it), `get` finds nothing and `put` keeps
nothing, and the caller does the work again.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path


class Cache:
    def __init__(self, path: Path):
        self.path = path

    def _db(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value BLOB)")
        return db

    def get(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The values of those `keys` the cache holds; reading never creates or changes the file (a dry run)."""
        wanted = set(keys)
        found: dict[str, bytes] = {}
        if not wanted or not self.path.exists():
            return found
        with contextlib.suppress(sqlite3.Error, OSError):
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
            try:  # one pass over the table: cheaper than thousands of lookups
                found = {k: v for k, v in db.execute("SELECT key, value FROM cache") if k in wanted}
            finally:
                db.close()
        return found

    def put(self, items: Iterable[tuple[str, bytes]]) -> None:
        self._write("INSERT OR REPLACE INTO cache VALUES (?, ?)", list(items))

    def delete(self, keys: Iterable[str]) -> None:
        if self.path.exists():  # nothing to delete from a cache never written
            self._write("DELETE FROM cache WHERE key = ?", [(k,) for k in keys])

    def _write(self, sql: str, rows: list[tuple]) -> None:
        """Run `sql` for every row in one transaction; a cache that cannot be written is only a slower run."""
        if not rows:
            return
        with contextlib.suppress(sqlite3.Error, OSError):
            db = self._db()
            try:
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    db.executemany(sql, rows)
            finally:
                db.close()
