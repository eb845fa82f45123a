"""Reading sentences from the store for retrieval: vectors, full-text index rows, rows for answers.

`SentenceReader` is the part of `Store` that the search indexes (dyadscope.ask) are built and answered
from: sentence vectors, the body sentences a full-text index takes (`BodySentence`), and stored
sentences with their document, section, date and actors (`StoredSentence`). The indexes compare dates
as day numbers (`day_number`) and live beside the store (`index_folder`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

import numpy as np

from dyadscope.models import DateInterval
from dyadscope.nlp.embed import from_blobs


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
    kind: str = ""  # its document's kind (models.DOCUMENT_KINDS): what it weighs as evidence


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


class SentenceReader:
    """What `Store` reads of sentences for retrieval: sentence vectors, what the full-text index is built
    from, and sentence rows for answers."""

    conn: sqlite3.Connection

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
        rows = self.conn.execute("SELECT id, content_hash, extractor, path FROM documents")
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

    def vectors(
        self, model: str, dims: int, documents: Sequence[int] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(sentence ids, float16 matrix, day numbers of each sentence's date [start, end]) of every body
        sentence with a vector (of `documents` only, when given), in id order; an undated sentence gets
        UNDATED_DAYS."""
        ids, blobs, days = [], [], []
        only, params = "", [model]
        if documents is not None:
            only = " AND s.doc_id IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(list(documents)))
        for sid, blob, start, end in self.conn.execute(
            "SELECT v.sentence_id, v.vector, s.date_start, s.date_end FROM sentence_vectors v"
            f" JOIN sentences s ON s.id=v.sentence_id WHERE v.model=? AND s.is_heading=0{only}"
            " ORDER BY v.sentence_id",
            params,
        ):
            ids.append(sid)
            blobs.append(blob)
            days.append((_days(start), _days(end)) if start else UNDATED_DAYS)
        span = np.asarray(days, dtype=np.int32).reshape(-1, 2)
        return np.asarray(ids, dtype=np.int64), from_blobs(blobs, dims), span

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
                " WHERE m.sentence_id=s.id), d.kind FROM sentences s JOIN documents d ON d.id=s.doc_id"
                f" WHERE s.id IN ({marks})",
                part,
            ):
                sid, path, title, idx, section, text, d_start, d_end, granularity, inherited, codes, kind = row
                interval = (
                    DateInterval(date.fromisoformat(d_start), date.fromisoformat(d_end), granularity)
                    if d_start
                    else None
                )
                found[int(sid)] = StoredSentence(
                    int(sid), path, title, int(idx), tuple(json.loads(section)), text, interval,
                    inherited is not None, tuple(sorted(codes.split(","))) if codes else (), kind,
                )  # fmt: skip
        return found


def index_folder(db: Path) -> Path:
    """Where the indexes derived from a store live (rebuilt from it when missing): `pakus.db` → `pakus.db.index/`."""
    return db.with_name(db.name + ".index")


EPOCH = date(1970, 1, 1)
UNDATED_DAYS = (2**31 - 1, -(2**31))  # [first, last] of an undated sentence: a span that overlaps none


def day_number(day: date) -> int:
    """Days since 1970: the search indexes compare dates as int32 numbers (numpy masks, tantivy ranges)."""
    return (day - EPOCH).days


def day_date(number: int) -> date:
    """The date of a `day_number`."""
    return EPOCH + timedelta(days=number)


def _days(iso: str) -> int:
    return day_number(date.fromisoformat(iso))
