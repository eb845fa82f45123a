"""Writing to the store: one processed document per transaction, and sentence vectors.

`StoreWriter` is the part of `Store` that adds rows: `add` stores a document with its sentences,
mentions, vectors, events and evidence atomically (the same content again changes nothing, a changed
file replaces its old version), and `add_vectors` stores vectors made later for stored sentences.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dyadscope.models import ProcessedDocument, origin_of, source_id_of
from dyadscope.nlp.embed import to_blob
from dyadscope.store.errors import StoreError
from dyadscope.store.schema import EVENT_COLUMNS


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

    def has_hash(self, content_hash: str, extractor: str) -> bool:
        """True when this content is stored, made by this extractor (`Pipeline.extractor_version`)."""
        row = self.conn.execute(
            "SELECT 1 FROM documents WHERE content_hash=? AND extractor=?", (content_hash, extractor)
        ).fetchone()
        return row is not None

    def add(self, processed: ProcessedDocument) -> IngestOutcome:
        """Store one document atomically; the same content again changes nothing."""
        raw = processed.raw
        existing = self.conn.execute(
            "SELECT id FROM documents WHERE content_hash=? AND extractor=?",
            (raw.content_hash, processed.extractor),
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
        except BaseException as error:
            if self.conn.in_transaction:  # SQLite has rolled back by itself after some errors (a full disk)
                cur.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError) and "full" in str(error):
                raise StoreError(
                    f"{self.path}: the disk is full; {raw.path} was not stored and the store is as it was"
                    " (free some space and ingest again)"
                ) from error
            raise
        return IngestOutcome(
            "replaced" if replaced else "added", doc_id, len(processed.sentences), len(processed.events)
        )

    def _insert(self, cur: sqlite3.Cursor, processed: ProcessedDocument) -> int:
        raw = processed.raw
        cur.execute(
            "INSERT INTO documents (path, content_hash, media_type, title, source, doc_date, doc_date_origin,"
            " news_like, dyad, n_sentences, n_events, extractor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
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
                f"INSERT OR REPLACE INTO events ({EVENT_COLUMNS}) VALUES ({','.join('?' * 24)})",
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
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO sentence_vectors VALUES (?,?,?)", [(i, model, to_blob(v)) for i, v in rows]
            )
