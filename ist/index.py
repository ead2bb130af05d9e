"""An embedded index of parsed claim files, so commands don't re-parse YAML every run.

Parsing YAML is the slow part of every command (the C loader reads a few
thousand claims a second; JSON is two orders faster). The index keeps each
claim file's validated content as JSON in SQLite, keyed by path, with what
other commands read of it without the content (`COLUMNS`), and trusts a
row only while the file's size, mtime, ctime and inode are unchanged. A file
modified within `RACY_NS` of when it was indexed is re-hashed, because a quick
second edit can keep the same size and (coarse) mtime — the "racy git" problem.
A corrupt or unreadable index is deleted and rebuilt, with a note.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from ist import store

SCHEMA_VERSION = "8"
RACY_NS = 2_000_000_000
# What is kept of each file: its validated content (`data`), the ids it defines (`ids`, for cross-file
# checks), and the compact rows the conflict search reads (`rows`). Each is read from the database
# only when first asked for, all files at once: `ist conflicts` never reads the content of them all.
COLUMNS = ("data", "ids", "rows")


class Index:
    def __init__(self, path: Path, root: Path):
        self.path = path
        self.root = root.resolve()  # rows are keyed by path relative to it, whatever the working folder
        self._prefix = os.path.join(str(self.root), "")
        self.notes: list[str] = []
        self._db: sqlite3.Connection | None = None
        self._rows: dict[str, tuple] | None = None  # path -> (size, mtime_ns, ctime_ns, ino, sha256, indexed_ns)
        self._values: dict[str, dict[str, str]] = {}  # column -> path -> value, for the columns read so far
        self._pending: dict[str, tuple] = {}
        self._gone: list[str] = []
        self._broken = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            self.notes.append(f"index {self.path} was unreadable ({exc}); rebuilding it")
            self._discard()
            try:
                self._db = self._open()
            except sqlite3.DatabaseError:
                self._broken = True  # e.g. a read-only tracker: work without an index
        except OSError:
            self._broken = True
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        version = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        if version is None or version[0] != SCHEMA_VERSION:
            db.execute("DROP TABLE IF EXISTS files")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (SCHEMA_VERSION,))
        db.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INT, mtime_ns INT, ctime_ns INT,"
            " ino INT, sha256 TEXT, indexed_ns INT, data TEXT, ids TEXT, rows TEXT)"
        )
        db.execute("PRAGMA quick_check").fetchone()
        return db

    def _discard(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.path}{suffix}")

    def _all_rows(self) -> dict[str, tuple]:
        if self._rows is None:
            db = self._connect()
            self._rows = {}
            if db is not None:
                try:
                    for row in db.execute("SELECT path, size, mtime_ns, ctime_ns, ino, sha256, indexed_ns FROM files"):
                        self._rows[row[0]] = row[1:]
                except sqlite3.DatabaseError as exc:
                    self._corrupt(exc)
        return self._rows

    def _corrupt(self, exc: sqlite3.DatabaseError) -> None:
        self.notes.append(f"index {self.path} was corrupt ({exc}); rebuilding it")
        self._rows, self._values = {}, {}
        self._discard()
        self._connect()

    def _column(self, column: str) -> dict[str, str]:
        if column not in self._values:
            values = self._values[column] = {}
            db = self._connect()
            if db is not None:
                try:
                    values.update(db.execute(f"SELECT path, {column} FROM files"))  # noqa: S608 - one of COLUMNS
                except sqlite3.DatabaseError as exc:
                    self._corrupt(exc)
        return self._values.setdefault(column, {})

    def _one(self, column: str, key: str) -> str | None:
        db = self._connect()
        if db is None:
            return None
        try:
            found = db.execute(f"SELECT {column} FROM files WHERE path = ?", (key,)).fetchone()  # noqa: S608 - one of COLUMNS
        except sqlite3.DatabaseError as exc:
            self._corrupt(exc)
            return None
        return found[0] if found else None

    def get(self, path: Path, parse: Callable[[bytes], tuple[str, ...]], column: str = "data", bulk: bool = True) -> str:
        """What the index keeps of `path` in `column` (one of `COLUMNS`): from the index when the file is
        unchanged, else from `parse(raw bytes)`, which gives every column's value, in `COLUMNS` order.
        With `bulk` (for a command that reads every file), the first call reads the column of every file
        at once; without, only this file's (for a command that reads a few of many).

        `data` is the validated content, `ids` a small summary (the ids a file defines) that cross-file
        checks read without loading `data`, `rows` what the conflict search reads. If `parse` raises,
        nothing is stored and the error propagates.
        """
        key = self._key(path)
        st = path.stat()
        row = self._all_rows().get(key)
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        def kept(c: str) -> str | None:
            return self._column(c).get(key) if bulk or c in self._values else self._one(c, key)

        if row is not None and row[:4] == stamp and st.st_mtime_ns < row[5] - RACY_NS:
            value = kept(column)
            if value is not None:
                return value
        raw = store.read_bytes(path)
        digest = hashlib.sha256(raw).hexdigest()
        values = tuple(kept(c) for c in COLUMNS) if row is not None and row[4] == digest else ()
        if not values or None in values:
            values = parse(raw)
        self._store(key, stamp, digest, values)
        return values[COLUMNS.index(column)]

    def _key(self, path: Path) -> str:
        # Claim paths are listed under the (resolved) root: cut it off as text, as `relative_to` would,
        # without building a path per call (a command may ask for every file three times).
        text = str(path)
        if text.startswith(self._prefix):
            return text[len(self._prefix):]
        return str(path.resolve())

    def _store(self, key: str, stamp: tuple, digest: str, values: tuple[str, ...]) -> None:
        row = (*stamp, digest, time.time_ns())
        self._pending[key] = (*row, *values)
        self._all_rows()[key] = row
        for column, value in zip(COLUMNS, values):
            self._column(column)[key] = value

    def forget_missing(self, present: list[Path]) -> None:
        """Drop rows of files that were deleted or renamed."""
        keep = {self._key(p) for p in present}
        self._gone = [k for k in self._all_rows() if k not in keep]
        for k in self._gone:
            self._rows.pop(k, None)
            for values in self._values.values():
                values.pop(k, None)

    def save(self) -> None:
        """Write what changed in one transaction and let go of the connection, so another process can write;
        the index stays usable and reconnects when next read."""
        db = self._connect() if (self._pending or self._gone) else self._db
        if db is not None:
            try:
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    db.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?)",
                                   [(k, *row) for k, row in self._pending.items()])
                    db.executemany("DELETE FROM files WHERE path = ?", [(k,) for k in self._gone])
            except sqlite3.Error:
                pass  # another process holds the index: this run simply doesn't cache
            db.close()
        self._db = None
        self._pending.clear()
        self._gone = []
