"""The `Store` class: opening a store file (creating or migrating its schema), documents, soundness.

`Store` is one SQLite connection in WAL mode with foreign keys on; what it writes and what it reads
of events and of sentences are its parts `StoreWriter`, `EventReader` and `SentenceReader`, each in
its own module. Opening an older store migrates it forward, one transaction per schema version;
opening a newer one raises `StoreError`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from dyadscope.store.errors import StoreError
from dyadscope.store.events import EventReader
from dyadscope.store.schema import MIGRATIONS, SCHEMA, SCHEMA_VERSION
from dyadscope.store.sentences import SentenceReader
from dyadscope.store.writing import StoreWriter


def default_db() -> Path:
    """The store used when none is named: `dyadscope.db` in the user's data directory."""
    return Path(user_data_dir("dyadscope", appauthor=False)) / "dyadscope.db"


class Store(StoreWriter, EventReader, SentenceReader):
    """A dyadscope SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.executescript(SCHEMA)
            self._check_version()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: not a dyadscope store ({error})") from error

    def _check_version(self) -> None:
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None:
            self.conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            return
        version = int(row[0])
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: made by a newer dyadscope (schema {version} > {SCHEMA_VERSION})")
        for target in range(version + 1, SCHEMA_VERSION + 1):  # migrate forward, one transaction per step
            self.conn.execute("BEGIN IMMEDIATE")
            for statement in MIGRATIONS[target]:
                if callable(statement):
                    statement(self.conn)
                else:
                    self.conn.execute(statement)
            self.conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(target),))
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def documents(self) -> list[dict[str, Any]]:
        cols = ["id", "path", "title", "media_type", "source", "doc_date", "dyad", "n_sentences", "n_events"]
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
