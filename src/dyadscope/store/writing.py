"""Writing to the store: one processed document per transaction, and sentence vectors.

`StoreWriter` is the part of `Store` that adds rows: `add` stores a document with its sentences,
mentions, vectors, events and evidence atomically (the same content again changes nothing, a changed
file replaces its old version), and `add_vectors` stores vectors made later for stored sentences.
Every write goes through `transaction`: a writer that finds another process writing says so once and
waits for it (readers never wait: WAL), and a failed write leaves the store as it was, said in one
line (a full disk, a read-only store).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dyadscope.models import ProcessedDocument, origin_of, source_id_of
from dyadscope.nlp.embed import to_blob
from dyadscope.store.errors import StoreError
from dyadscope.store.schema import EVENT_COLUMNS

WRITE_WAIT = 600.0  # seconds a writer waits for another process's write before giving up
BUSY_MS = 5000  # how long any other statement waits for a lock (a checkpoint)
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    status: str  # added | replaced | unchanged
    doc_id: int
    sentences: int
    events: int


class StoreWriter:
    """What `Store` writes: documents and sentence vectors."""

    conn: sqlite3.Connection
    path: Path
    read_only: bool

    @contextmanager
    def transaction(self, what: str) -> Iterator[sqlite3.Cursor]:
        """One write transaction, committed at the end or rolled back on any error; `what` is what it writes
        ("talks.md"), for the messages. Waits, saying so once, while another process writes."""
        if self.read_only:
            raise _read_only(self.path, what)
        cur = self.conn.cursor()
        self._begin(cur, what)
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException as error:
            if self.conn.in_transaction:  # SQLite has rolled back by itself after some errors (a full disk)
                cur.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError):
                raise _said(self.path, error, what) from error
            raise

    def _begin(self, cur: sqlite3.Cursor, what: str) -> None:
        try:
            self.conn.execute("PRAGMA busy_timeout = 100")
            try:
                cur.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not _locked(error):
                    raise _said(self.path, error, what) from error
            log.warning(
                "%s: another process is writing to it; waiting for it to finish (up to %g s)", self.path, WRITE_WAIT
            )
            self.conn.execute(f"PRAGMA busy_timeout = {int(WRITE_WAIT * 1000)}")
            try:
                cur.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if _locked(error):
                    raise StoreError(
                        f"{self.path}: another process is still writing to it; {what} was not stored"
                        " (try again when it has finished)"
                    ) from error
                raise _said(self.path, error, what) from error
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")

    def has_hash(self, content_hash: str, extractor: str, kind: str | None = None) -> bool:
        """True when this content is stored, made by this extractor (`Pipeline.extractor_version`); with `kind`,
        also of that kind as the user set it ("detect": of the kind its text or its `kind:` line gives)."""
        sql = "SELECT 1 FROM documents WHERE content_hash=? AND extractor=?"
        args: tuple[str, ...] = (content_hash, extractor)
        if kind == "detect":
            sql += " AND kind_origin<>'user'"
        elif kind is not None:
            sql, args = sql + " AND kind=? AND kind_origin='user'", (*args, kind)
        return self.conn.execute(sql, args).fetchone() is not None

    def add(self, processed: ProcessedDocument) -> IngestOutcome:
        """Store one document atomically; the same content of the same kind again changes nothing."""
        raw = processed.raw
        existing = self.conn.execute(
            "SELECT id FROM documents WHERE content_hash=? AND extractor=? AND kind=? AND kind_origin=?",
            (raw.content_hash, processed.extractor, raw.kind, raw.kind_origin),
        ).fetchone()
        if existing:
            return IngestOutcome("unchanged", existing[0], len(processed.sentences), len(processed.events))
        with self.transaction(raw.path) as cur:
            replaced = cur.execute(
                "DELETE FROM documents WHERE path=? OR content_hash=?", (raw.path, raw.content_hash)
            ).rowcount
            doc_id = self._insert(cur, processed)
        return IngestOutcome(
            "replaced" if replaced else "added", doc_id, len(processed.sentences), len(processed.events)
        )

    def _insert(self, cur: sqlite3.Cursor, processed: ProcessedDocument) -> int:
        raw = processed.raw
        cur.execute(
            "INSERT INTO documents (path, content_hash, media_type, title, source, doc_date, doc_date_origin,"
            " news_like, dyad, n_sentences, n_events, extractor, kind, kind_origin)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                processed.extractor,
                raw.kind,
                raw.kind_origin,
            ),
        )
        doc_id = int(cur.lastrowid or 0)
        sentence_ids: dict[int, int] = {}
        for s in processed.sentences:
            d = s.date
            cur.execute(
                'INSERT INTO sentences (doc_id, idx, start, "end", text, section_path, is_heading, date_start,'
                " date_end, date_granularity, date_inherited, context, is_table) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                    int(s.is_table),
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
                f"INSERT OR REPLACE INTO events ({EVENT_COLUMNS}) VALUES ({','.join('?' * 25)})",
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
                    e.source_sector,
                    e.target_sector,
                    json.dumps(e.others),
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

    def add_vectors(self, model: str, rows: Sequence[tuple[int, np.ndarray]]) -> None:
        with self.transaction(f"{len(rows)} sentence vectors") as cur:
            cur.executemany(
                "INSERT OR REPLACE INTO sentence_vectors VALUES (?,?,?)", [(i, model, to_blob(v)) for i, v in rows]
            )


def _locked(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _read_only(path: Path, what: str) -> StoreError:
    return StoreError(f"{path}: the store is read-only (no permission to write it); {what} was not stored")


def _said(path: Path, error: sqlite3.OperationalError, what: str) -> Exception:
    """A failed write as one line: the disk full, the store read-only or locked; any other error is a bug, kept."""
    text = str(error)
    if "full" in text:
        return StoreError(
            f"{path}: the disk is full; {what} was not stored and the store is as it was"
            " (free some space and ingest again)"
        )
    if "readonly" in text or "read-only" in text:
        return _read_only(path, what)
    if _locked(error):
        return StoreError(f"{path}: another process is writing to it; {what} was not stored (try again)")
    if "disk I/O" in text:
        return StoreError(f"{path}: the disk failed to write ({text}); {what} was not stored")
    return error
