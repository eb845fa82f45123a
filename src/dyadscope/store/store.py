"""The `Store` class: opening a store file (creating or migrating its schema), documents, soundness.

`Store` is one SQLite connection in WAL mode with foreign keys on; what it writes and what it reads
of events and of sentences are its parts `StoreWriter`, `EventReader` and `SentenceReader`, each in
its own module. Opening a store that is up to date writes nothing, so it never waits for another
process's write; a new or older store is brought up to date in one write transaction, and a newer
one raises `StoreError`. A store the user may not write is opened read-only: every read works and a
write says why it cannot be made.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from dyadscope.store.errors import StoreError
from dyadscope.store.events import EventReader
from dyadscope.store.schema import MIGRATIONS, SCHEMA, SCHEMA_SHA, SCHEMA_VERSION, statements
from dyadscope.store.sentences import SentenceReader
from dyadscope.store.writing import BUSY_MS, StoreWriter


def _writable(path: Path) -> bool:
    """Whether this process may write the store file and its folder (where SQLite keeps the WAL)."""
    if not path.exists():
        return True  # to be made: creating it says whether it can be
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


class Store(StoreWriter, EventReader, SentenceReader):
    """A dyadscope SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.read_only = not _writable(self.path)
        try:
            if self.read_only:
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_MS / 1000)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_MS / 1000)
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            if not self._up_to_date():
                self._bring_up_to_date()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: not a dyadscope store ({error})") from error

    def _version(self) -> int | None:
        """The store's schema version, or None for a new (empty) file."""
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.OperationalError as error:
            if "no such table" not in str(error):
                raise
            return None
        version = int(row[0]) if row else None
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: made by a newer dyadscope (schema {version} > {SCHEMA_VERSION})")
        return version

    def _up_to_date(self) -> bool:
        """Read only: whether the store has this schema (its version and the hash of its statements) in WAL mode."""
        if self._version() != SCHEMA_VERSION:
            return False
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        return row is not None and row[0] == SCHEMA_SHA and mode == "wal"

    def _bring_up_to_date(self) -> None:
        """Create the schema or migrate it forward, in one write transaction (waiting while another writes)."""
        if self.read_only:
            raise StoreError(
                f"{self.path}: the store is read-only and made by an older dyadscope; open it once with permission"
                " to write it, to bring it up to date"
            )
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.conn.execute("PRAGMA journal_mode=WAL")
        with self.transaction("the store's schema") as cur:
            for statement in statements(SCHEMA):
                cur.execute(statement)
            version = self._version()
            if version is None:
                cur.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                version = SCHEMA_VERSION
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for step in MIGRATIONS[target]:
                    if callable(step):
                        step(self.conn)
                    else:
                        cur.execute(step)
                cur.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(target),))
            cur.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_SHA,))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def documents(self) -> list[dict[str, Any]]:
        cols = ["id", "path", "title", "media_type", "source", "doc_date", "dyad", "n_sentences", "n_events", "kind",
                "kind_origin"]  # fmt: skip
        rows = self.conn.execute(f"SELECT {', '.join(cols)} FROM documents ORDER BY path")
        return [dict(zip(cols, row, strict=True)) for row in rows]

    def generation(self) -> int:
        """Grows whenever a document is added or removed (a trigger counts it), so caches know they are stale."""
        row = self.conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def check(self) -> list[str]:
        """Consistency problems (empty when the store is sound)."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        for doc_id, expected, found in self.conn.execute(
            "SELECT d.id, d.n_sentences, (SELECT count(*) FROM sentences s WHERE s.doc_id=d.id) FROM documents d"
        ):
            if expected != found:
                problems.append(f"document {doc_id}: {found} of {expected} sentences")
        return problems
