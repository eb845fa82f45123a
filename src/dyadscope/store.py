"""The SQLite knowledge base: documents, sentences, mentions, events, evidence, sentence vectors.

SQLite in WAL mode, one transaction per document, so a crash never leaves half a document
and readers never block the writer. The schema carries a version; opening an older store
migrates it forward, opening a newer one is refused with a clear message. Full-text search is
not here: it runs on a tantivy index derived from the sentences (dyadscope.ask.bm25).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from dyadscope.formats import ImportedEvent, origin_of, source_id_of
from dyadscope.models import DateInterval, Event, Evidence
from dyadscope.nlp.embed import from_blobs, to_blob
from dyadscope.pipeline import ProcessedDocument

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = 5
# The version of what extraction produces. A stored document made by an older extractor is processed
# again on the next ingest, even though its content has not changed.
EXTRACTOR_VERSION = 4
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
}
EVENT_COLUMNS = (
    "id, doc_id, sentence_id, source, target, dyad, type, mode, contexts, cameo, intensity, negated, hypothetical,"
    " date_start, date_end, date_granularity, date_inherited, confidence, trigger, issues, origin, source_id"
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
    extractor_version INTEGER NOT NULL DEFAULT 1,
    ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
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
    origin TEXT NOT NULL DEFAULT 'text', source_id TEXT
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


class StoreError(Exception):
    """The store cannot be opened or used; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    status: str  # added | replaced | unchanged
    doc_id: int
    sentences: int
    events: int


@dataclass(frozen=True, slots=True)
class EventQuery:
    dyad: tuple[str, str] | None = None
    actor: str | None = None
    type: str | None = None
    context: str | None = None
    start: date | None = None
    end: date | None = None
    include_negated: bool = False
    sentence_ids: tuple[int, ...] = ()  # stored sentence ids the evidence must be one of
    ids: tuple[str, ...] = ()  # event ids
    origin: str | None = None  # text | gdelt | icews | polecat; None: all


@dataclass(frozen=True, slots=True)
class StoredSentence:
    """A stored sentence as retrieval and answers see it."""

    id: int
    doc: str
    title: str
    index: int
    section_path: tuple[str, ...]
    text: str
    date: DateInterval | None
    date_inherited: bool
    actors: tuple[str, ...]


class BodySentence(NamedTuple):
    """A body sentence as the full-text index takes it (dates as day numbers)."""

    id: int
    doc_id: int
    text: str
    context: str  # title, heading, source line
    before: str  # the sentence or heading before it
    headings: str  # the headings right above it, " | "-joined; empty mid-section
    first: int | None
    last: int | None


class Store:
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

    def has_hash(self, content_hash: str) -> bool:
        """True when this content is stored, made by the current extractor."""
        row = self.conn.execute(
            "SELECT 1 FROM documents WHERE content_hash=? AND extractor_version=?", (content_hash, EXTRACTOR_VERSION)
        ).fetchone()
        return row is not None

    def add(self, processed: ProcessedDocument) -> IngestOutcome:
        """Store one document atomically; the same content again changes nothing."""
        raw = processed.raw
        existing = self.conn.execute(
            "SELECT id FROM documents WHERE content_hash=? AND extractor_version=?",
            (raw.content_hash, EXTRACTOR_VERSION),
        ).fetchone()
        if existing:
            return IngestOutcome("unchanged", existing[0], len(processed.sentences), len(processed.events))
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            replaced = cur.execute(
                "DELETE FROM documents WHERE path=? OR content_hash=?", (raw.path, raw.content_hash)
            ).rowcount
            doc_id = self._insert(cur, processed)
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return IngestOutcome(
            "replaced" if replaced else "added", doc_id, len(processed.sentences), len(processed.events)
        )

    def _insert(self, cur: sqlite3.Cursor, processed: ProcessedDocument) -> int:
        raw = processed.raw
        cur.execute(
            "INSERT INTO documents (path, content_hash, media_type, title, source, doc_date, doc_date_origin,"
            " news_like, dyad, n_sentences, n_events, extractor_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                raw.path,
                raw.content_hash,
                raw.media_type,
                raw.title,
                raw.source,
                raw.doc_date.isoformat() if raw.doc_date else None,
                raw.doc_date_origin,
                int(raw.news_like),
                "-".join(processed.dyad) if processed.dyad else None,
                len(processed.sentences),
                len(processed.events),
                EXTRACTOR_VERSION,
            ),
        )
        doc_id = int(cur.lastrowid or 0)
        sentence_ids: dict[int, int] = {}
        for s in processed.sentences:
            d = s.date
            cur.execute(
                'INSERT INTO sentences (doc_id, idx, start, "end", text, section_path, is_heading, date_start,'
                " date_end, date_granularity, date_inherited, context) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc_id,
                    s.index,
                    s.start,
                    s.end,
                    s.text,
                    json.dumps(list(s.section_path)),
                    int(s.is_heading),
                    d.start.isoformat() if d else None,
                    d.end.isoformat() if d else None,
                    d.granularity if d else None,
                    s.date_inherited,
                    s.context,
                ),
            )
            sentence_ids[s.index] = int(cur.lastrowid or 0)
            cur.executemany(
                'INSERT INTO mentions (sentence_id, start, "end", text, code, kind, actor_id) VALUES (?,?,?,?,?,?,?)',
                [(sentence_ids[s.index], m.start, m.end, m.text, m.code, m.kind, m.actor_id) for m in s.mentions],
            )
        if processed.vectors is not None and processed.vector_model:
            cur.executemany(
                "INSERT INTO sentence_vectors VALUES (?,?,?)",
                [
                    (sentence_ids[s.index], processed.vector_model, to_blob(v))
                    for s, v in zip(processed.sentences, processed.vectors, strict=True)
                ],
            )
        for e in processed.events:
            sid = sentence_ids[e.evidence.sentence_id]
            cur.execute(
                f"INSERT OR REPLACE INTO events ({EVENT_COLUMNS}) VALUES ({','.join('?' * 22)})",
                (
                    e.id,
                    doc_id,
                    sid,
                    json.dumps(e.source),
                    json.dumps(e.target),
                    e.dyad,
                    e.type,
                    e.mode,
                    json.dumps(e.contexts),
                    e.cameo,
                    e.intensity,
                    int(e.negated),
                    int(e.hypothetical),
                    e.date.start.isoformat() if e.date else None,
                    e.date.end.isoformat() if e.date else None,
                    e.date.granularity if e.date else None,
                    int(e.date_inherited),
                    e.confidence,
                    e.trigger,
                    json.dumps(e.issues),
                    origin_of(e),
                    source_id_of(e),
                ),
            )
            cur.executemany(
                "INSERT INTO event_actors VALUES (?,?,?)",
                [(e.id, "source", c) for c in e.source] + [(e.id, "target", c) for c in e.target],
            )
            cur.execute(
                "INSERT INTO evidence VALUES (?,?,?,?,?,?)",
                (e.id, doc_id, sid, e.evidence.start, e.evidence.end, e.evidence.text),
            )
        return doc_id

    def events(self, query: EventQuery = EventQuery()) -> list[Event]:
        return list(self.iter_events(query))

    def iter_events(self, query: EventQuery = EventQuery()) -> Iterator[Event]:
        """Events matching a query, in date order (undated last)."""
        where: list[str] = ["1=1"]
        params: list[object] = []
        if query.dyad:
            where.append("e.dyad=?")
            params.append("-".join(sorted(query.dyad)))
        if query.actor:
            where.append("e.id IN (SELECT event_id FROM event_actors WHERE code=?)")
            params.append(query.actor)
        if query.type:
            where.append("e.type=?")
            params.append(query.type.upper())
        if query.context:
            where.append("EXISTS (SELECT 1 FROM json_each(e.contexts) WHERE value=?)")
            params.append(query.context)
        if query.start:
            where.append("e.date_end >= ?")
            params.append(query.start.isoformat())
        if query.end:
            where.append("e.date_start <= ?")
            params.append(query.end.isoformat())
        if not query.include_negated:
            where.append("e.negated=0")
        if query.ids:
            where.append(f"e.id IN ({','.join('?' * len(query.ids))})")
            params.extend(query.ids)
        if query.sentence_ids:
            where.append(f"e.sentence_id IN ({','.join('?' * len(query.sentence_ids))})")
            params.extend(query.sentence_ids)
        if query.origin:
            where.append("e.origin=?")
            params.append(query.origin)
        columns = ", ".join(f"e.{c.strip()}" for c in EVENT_COLUMNS.split(","))
        sql = (
            f'SELECT {columns}, d.path, d.title, s.idx, v.start, v."end", v.text FROM events e'
            " JOIN documents d ON d.id=e.doc_id JOIN sentences s ON s.id=e.sentence_id"
            " JOIN evidence v ON v.event_id=e.id WHERE "
            + " AND ".join(where)
            + " ORDER BY e.date_start IS NULL, e.date_start, e.date_end, d.path, s.idx"
        )
        for row in self.conn.execute(sql, params):
            yield _row_event(row)

    def events_frame(self, dyad: tuple[str, str], origin: str | None = None) -> pd.DataFrame:
        """A dyad's measurable events (dated, not negated, not hypothetical) as a frame, straight from SQL;
        `origin` keeps only events from text, gdelt, icews or polecat."""
        import pandas as pd

        where, params = _measurable(dyad, origin)
        sql = (
            "SELECT e.id, e.date_start AS start, e.date_end AS \"end\", json_extract(e.source, '$[0]') AS source,"
            " json_extract(e.target, '$[0]') AS target, e.type, e.intensity, e.confidence, e.issues, v.text,"
            " d.path AS doc, d.title, s.idx AS sentence_id FROM events e JOIN documents d ON d.id=e.doc_id"
            f" JOIN sentences s ON s.id=e.sentence_id JOIN evidence v ON v.event_id=e.id WHERE {where}"
        )
        return pd.read_sql_query(sql, self.conn, params=params)

    def measurable_count(self, dyad: tuple[str, str], origin: str | None = None) -> int:
        """How many rows `events_frame` gives, without reading them."""
        where, params = _measurable(dyad, origin)
        sql = f"SELECT count(*) FROM events e JOIN evidence v ON v.event_id=e.id WHERE {where}"
        return int(self.conn.execute(sql, params).fetchone()[0])

    def dyads(self) -> list[tuple[str, int]]:
        """(dyad, events) for every dyad with measurable events, the most documented first."""
        rows = self.conn.execute(
            "SELECT dyad, count(*) FROM events WHERE negated=0 AND hypothetical=0 AND dyad NOT LIKE '%?%'"
            " GROUP BY dyad ORDER BY count(*) DESC, dyad"
        )
        return [(str(d), int(n)) for d, n in rows]

    def documents(self) -> list[dict[str, Any]]:
        cols = ["id", "path", "title", "media_type", "source", "doc_date", "dyad", "n_sentences", "n_events"]
        rows = self.conn.execute(f"SELECT {', '.join(cols)} FROM documents ORDER BY path")
        return [dict(zip(cols, row, strict=True)) for row in rows]

    # Retrieval: sentence vectors, what the full-text index is built from, and sentence rows for answers.

    def missing_vectors(self, model: str) -> list[tuple[int, tuple[str, str]]]:
        """(id, text in context) of sentences with no vector from `model` (older stores, other models)."""
        rows = self.conn.execute(
            "SELECT s.id, s.text, s.context FROM sentences s LEFT JOIN sentence_vectors v ON v.sentence_id=s.id"
            " WHERE v.sentence_id IS NULL OR v.model<>?",
            (model,),
        )
        return [(int(i), (str(text), str(context))) for i, text, context in rows]

    def document_versions(self) -> dict[int, str]:
        """Each stored document's id and what its rows were made from (content hash, extractor version, path):
        what a derived index compares itself with. Ids can be reused after a delete, so the id alone is not."""
        rows = self.conn.execute("SELECT id, content_hash, extractor_version, path FROM documents")
        return {int(i): f"{digest}:{version}:{path}" for i, digest, version, path in rows}

    def body_sentences(self, doc_ids: Sequence[int]) -> Iterator[BodySentence]:
        """The body sentences of these documents, in order, each with the row before it and the headings
        right above it (headings are not indexed on their own)."""
        for chunk in range(0, len(doc_ids), 500):
            part = list(doc_ids[chunk : chunk + 500])
            rows = self.conn.execute(
                "SELECT id, doc_id, text, context, is_heading, date_start, date_end FROM sentences"
                f" WHERE doc_id IN ({','.join('?' * len(part))}) ORDER BY doc_id, idx",
                part,
            )
            doc, before = None, ""
            headings: list[str] = []
            for sid, doc_id, text, context, is_heading, start, end in rows:
                if doc_id != doc:
                    doc, before, headings = doc_id, "", []
                if is_heading:
                    headings.append(text)
                else:
                    first, last = (_days(start), _days(end)) if start else (None, None)
                    yield BodySentence(sid, doc_id, text, context or "", before, " | ".join(headings), first, last)
                    headings = []
                before = text

    def add_vectors(self, model: str, rows: Sequence[tuple[int, np.ndarray]]) -> None:
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO sentence_vectors VALUES (?,?,?)", [(i, model, to_blob(v)) for i, v in rows]
            )

    def vectors(self, model: str, dims: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(sentence ids, float16 matrix, day numbers of each sentence's date [start, end]) of every body
        sentence with a vector, in id order; an undated sentence gets UNDATED_DAYS."""
        ids, blobs, days = [], [], []
        for sid, blob, start, end in self.conn.execute(
            "SELECT v.sentence_id, v.vector, s.date_start, s.date_end FROM sentence_vectors v"
            " JOIN sentences s ON s.id=v.sentence_id WHERE v.model=? AND s.is_heading=0 ORDER BY v.sentence_id",
            (model,),
        ):
            ids.append(sid)
            blobs.append(blob)
            days.append((_days(start), _days(end)) if start else UNDATED_DAYS)
        span = np.asarray(days, dtype=np.int32).reshape(-1, 2)
        return np.asarray(ids, dtype=np.int64), from_blobs(blobs, dims), span

    def generation(self) -> int:
        """Grows whenever a document is added or removed (a trigger counts it), so caches know they are stale."""
        row = self.conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def sentence_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM sentences WHERE is_heading=0").fetchone()[0])

    def sentence_rows(self, ids: Sequence[int]) -> dict[int, StoredSentence]:
        """Sentences with their document, section, date and actor codes, by id."""
        found: dict[int, StoredSentence] = {}
        for chunk in range(0, len(ids), 500):
            part = list(ids[chunk : chunk + 500])
            marks = ",".join("?" * len(part))
            for row in self.conn.execute(
                "SELECT s.id, d.path, d.title, s.idx, s.section_path, s.text, s.date_start, s.date_end,"
                " s.date_granularity, s.date_inherited, (SELECT group_concat(DISTINCT m.code) FROM mentions m"
                " WHERE m.sentence_id=s.id) FROM sentences s JOIN documents d ON d.id=s.doc_id"
                f" WHERE s.id IN ({marks})",
                part,
            ):
                sid, path, title, idx, section, text, d_start, d_end, granularity, inherited, codes = row
                interval = (
                    DateInterval(date.fromisoformat(d_start), date.fromisoformat(d_end), granularity)
                    if d_start
                    else None
                )
                found[int(sid)] = StoredSentence(
                    int(sid), path, title, int(idx), tuple(json.loads(section)), text, interval,
                    inherited is not None, tuple(sorted(codes.split(","))) if codes else (),
                )  # fmt: skip
        return found

    def events_in_sentences(self, ids: Sequence[int]) -> list[Event]:
        """Stored events whose evidence is one of these sentences."""
        return self.events(EventQuery(include_negated=True, sentence_ids=tuple(ids))) if ids else []

    def check(self) -> list[str]:
        """Consistency problems (empty when the store is sound)."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        for doc_id, expected, found in self.conn.execute(
            "SELECT d.id, d.n_sentences, (SELECT count(*) FROM sentences s WHERE s.doc_id=d.id) FROM documents d"
        ):
            if expected != found:
                problems.append(f"document {doc_id}: {found} of {expected} sentences")
        return problems


def index_folder(db: Path) -> Path:
    """Where the indexes derived from a store live (rebuilt from it when missing): `pakus.db` → `pakus.db.index/`."""
    return db.with_name(db.name + ".index")


EPOCH = date(1970, 1, 1)
UNDATED_DAYS = (2**31 - 1, -(2**31))  # [first, last] of an undated sentence: a span that overlaps none


def _measurable(dyad: tuple[str, str], origin: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause (over events `e`) of a dyad's measurable events: dated, not negated, not hypothetical."""
    where = "e.dyad=? AND e.negated=0 AND e.hypothetical=0 AND e.date_start IS NOT NULL"
    return where + (" AND e.origin=?" if origin else ""), ("-".join(sorted(dyad)), *((origin,) if origin else ()))


def day_number(day: date) -> int:
    """Days since 1970: the search indexes compare dates as int32 numbers (numpy masks, tantivy ranges)."""
    return (day - EPOCH).days


def _days(iso: str) -> int:
    return day_number(date.fromisoformat(iso))


def _row_event(row: Sequence[Any]) -> Event:
    (
        eid,
        _doc_id,
        _sid,
        source,
        target,
        _dyad,
        etype,
        mode,
        contexts,
        cameo,
        intensity,
        negated,
        hypothetical,
        date_start,
        date_end,
        granularity,
        inherited,
        confidence,
        trigger,
        issues,
        origin,
        source_id,
        path,
        title,
        idx,
        start,
        end,
        text,
    ) = row
    interval = (
        DateInterval(date.fromisoformat(date_start), date.fromisoformat(date_end), granularity) if date_start else None
    )
    event = Event(
        eid,
        json.loads(source),
        json.loads(target),
        etype,
        mode,
        json.loads(contexts),
        cameo,
        intensity,
        bool(negated),
        bool(hypothetical),
        interval,
        bool(inherited),
        confidence,
        Evidence(path, title, idx, start, end, text),
        trigger,
        json.loads(issues),
    )
    return event if origin == "text" else ImportedEvent.of(event, origin, source_id)
