"""The store's SQLite schema, its version and the migrations that bring an older store up to it.

`SCHEMA` creates every table, index and trigger (each statement is idempotent, so it runs on every open);
`MIGRATIONS` maps each schema version to the statements or functions that bring the version before it
to that one. `EVENT_COLUMNS` is the events table's column list, in the order rows are written and read.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable

SCHEMA_VERSION = 7
# Schemas 1-4 kept an FTS5 table of the sentences, filled by triggers on every insert and delete.
DROP_FTS = (
    "DROP TRIGGER IF EXISTS sentences_ai",
    "DROP TRIGGER IF EXISTS sentences_ad",
    "DROP TABLE IF EXISTS sentences_fts",
)
VECTORS_TABLE = """CREATE TABLE IF NOT EXISTS sentence_vectors (
    sentence_id INTEGER PRIMARY KEY REFERENCES sentences(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    vector BLOB NOT NULL
)"""


def _add_event_origin(conn: sqlite3.Connection) -> None:
    """Schema 4: where an event comes from (text | gdelt | icews | polecat) and the record's own id."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
    if "origin" not in have:
        conn.execute("ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT 'text'")
    if "source_id" not in have:
        conn.execute("ALTER TABLE events ADD COLUMN source_id TEXT")


# schema version → the statements (or functions) that bring the previous version to it
MIGRATIONS: dict[int, list[str | Callable[[sqlite3.Connection], None]]] = {
    2: [
        "ALTER TABLE events ADD COLUMN issues TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE documents ADD COLUMN extractor_version INTEGER NOT NULL DEFAULT 1",
    ],
    3: [  # each sentence's context (title, heading, source) and sentence vectors, for retrieval
        "ALTER TABLE sentences ADD COLUMN context TEXT NOT NULL DEFAULT ''",
        "UPDATE sentences SET context = (SELECT d.title || ' | ' || coalesce(substr(d.source, 1, 200), '')"
        " FROM documents d WHERE d.id = sentences.doc_id)",  # documents re-ingested later get the exact context
        *DROP_FTS,  # schema 3 rebuilt the full-text table; schema 5 has none, so it is not rebuilt here
        VECTORS_TABLE,
    ],
    4: [_add_event_origin],  # imported event data (dyadscope.formats)
    5: [*DROP_FTS],  # full-text search is tantivy's alone (dyadscope.ask.bm25)
    6: [  # the extractor's version is a hash of its components (dyadscope.pipeline); events name sectors
        "ALTER TABLE documents ADD COLUMN extractor TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE documents DROP COLUMN extractor_version",
        "ALTER TABLE events ADD COLUMN source_sector TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE events ADD COLUMN target_sector TEXT NOT NULL DEFAULT ''",
    ],
    7: [  # what kind of document each is (dyadscope.nlp.kinds; '' until re-ingested), and table rows
        "ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE documents ADD COLUMN kind_origin TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE sentences ADD COLUMN is_table INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE events ADD COLUMN others TEXT NOT NULL DEFAULT '[]'",  # third parties its sentence names
    ],
}
EVENT_COLUMNS = (
    "id, doc_id, sentence_id, source, target, dyad, type, mode, contexts, cameo, intensity, negated, hypothetical,"
    " date_start, date_end, date_granularity, date_inherited, confidence, trigger, issues, origin, source_id,"
    " source_sector, target_sector, others"
)

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    media_type TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT,
    doc_date TEXT,
    doc_date_origin TEXT,
    news_like INTEGER NOT NULL,
    dyad TEXT,
    n_sentences INTEGER NOT NULL,
    n_events INTEGER NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (datetime('now')),
    extractor TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    kind_origin TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    section_path TEXT NOT NULL,
    is_heading INTEGER NOT NULL,
    date_start TEXT, date_end TEXT, date_granularity TEXT, date_inherited TEXT,
    context TEXT NOT NULL DEFAULT '',
    is_table INTEGER NOT NULL DEFAULT 0,
    UNIQUE (doc_id, idx)
);
INSERT OR IGNORE INTO meta VALUES ('generation', '0');
CREATE TRIGGER IF NOT EXISTS documents_added AFTER INSERT ON documents BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS documents_removed AFTER DELETE ON documents BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation';
END;
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    code TEXT NOT NULL, kind TEXT NOT NULL, actor_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_code ON mentions(code);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    source TEXT NOT NULL, target TEXT NOT NULL, dyad TEXT NOT NULL,
    type TEXT NOT NULL, mode TEXT, contexts TEXT NOT NULL, cameo TEXT, intensity REAL NOT NULL,
    negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL,
    date_start TEXT, date_end TEXT, date_granularity TEXT, date_inherited INTEGER NOT NULL,
    confidence REAL NOT NULL, trigger TEXT NOT NULL, issues TEXT NOT NULL DEFAULT '[]',
    origin TEXT NOT NULL DEFAULT 'text', source_id TEXT,
    source_sector TEXT NOT NULL DEFAULT '', target_sector TEXT NOT NULL DEFAULT '',
    others TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS events_dyad ON events(dyad, date_start);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL, code TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_actors_code ON event_actors(code);
CREATE TABLE IF NOT EXISTS evidence (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL
);
{VECTORS_TABLE};
-- Joins and cascading deletes by event and sentence (an imported GDELT file holds 100,000s of events).
CREATE INDEX IF NOT EXISTS evidence_event ON evidence(event_id);
CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors(event_id);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);
CREATE INDEX IF NOT EXISTS events_sentence ON events(sentence_id);
CREATE INDEX IF NOT EXISTS mentions_sentence ON mentions(sentence_id);
"""
SCHEMA_SHA = hashlib.sha256(SCHEMA.encode()).hexdigest()[:16]  # kept in `meta`: a store holding it needs no DDL


def statements(script: str) -> list[str]:
    """A script's statements one by one (a trigger's body holds semicolons), to run inside one transaction:
    `executescript` would commit first and take the write lock statement by statement."""
    found, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                found.append(pending.strip())
            pending = ""
    return found
