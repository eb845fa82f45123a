"""Hybrid retrieval of evidence sentences: BM25 (tantivy) and sentence vectors, fused.

Both rankers see the whole store and, when the question is bounded in time, also only the
sentences dated inside its span, so "in the 1990s" finds the 1990s even where the words say
nothing about them. Reciprocal rank fusion merges the lists (no score calibration needed);
sentences dated outside the span, sentences without the question's actors (unless they hold every name it
asks about: "the Jackson-Vanik Amendment") and sentences from weaker kinds of document (their evidence weight,
data/document_kinds.csv: a student's answer and non-prose are never evidence) count less; near-duplicates (the
same point told twice) are dropped.
"""

from __future__ import annotations

import math
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from dyadscope import threads
from dyadscope.ask.bm25 import Span, TextIndex
from dyadscope.ask.question import Question
from dyadscope.ask.vectors import VectorIndex, cached_index, present
from dyadscope.data.kinds import evidence_weight
from dyadscope.files import Prefetch, prefetch
from dyadscope.nlp.actors import DYAD_CODE
from dyadscope.nlp.embed import Embedder
from dyadscope.store import Store, StoredSentence, index_folder

RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al. 2009)
CANDIDATES = 100  # taken from each ranker before fusion
DUPLICATE = 0.92  # cosine above which two sentences say the same thing
OUTSIDE_SPAN, UNDATED = 0.35, 1.0  # weights of sentences dated outside the question's span, or not dated (no penalty)
ACTOR_BASE, ACTOR_BONUS = 0.8, 0.4  # weight of a sentence naming none of the question's actors, and all of them adds
BATCH = 50  # candidates whose rows are read at a time, best fused score first
WIDE_SPAN = 0.1  # a time span holding at least this share of the store is not searched by BM25 on its own


@dataclass(frozen=True, slots=True)
class Hit:
    sentence: StoredSentence
    score: float  # fused score, higher is better
    similarity: float  # cosine between the question and the sentence
    bm25_rank: int | None
    dense_rank: int | None
    vector: np.ndarray = field(repr=False, compare=False, default_factory=lambda: np.zeros(0, dtype=np.float32))


class Retriever:
    """Searches one store; vectors missing from it (an older store) are computed and stored first."""

    def __init__(self, store: Store, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder
        self.text = TextIndex(store)
        self._index: VectorIndex | None = None
        self._generation: int | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._reading: Prefetch | None = None

    def _threads(self) -> ThreadPoolExecutor:
        """Where BM25 runs beside the vector searches, one thread a span; kept, as starting threads for each
        question costs more on a busy machine than the searches they run."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(2, thread_name_prefix="dyadscope-bm25")
        return self._pool

    def close(self) -> None:
        """Let the kept threads go (a later search starts them again)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)  # idle between searches: they end at once
            self._pool = None

    def index(self) -> VectorIndex:
        """The vector index, rebuilt only when documents were added or removed since it was built."""
        generation = self.store.generation()
        if self._index is not None and generation == self._generation:
            return self._index
        self._index = cached_index(self.store, self.embedder.name, self.embedder.dims, self._add_missing_vectors)
        self._generation = generation
        return self._index

    def warm(self) -> None:
        """What a server does before its first question: load both indexes and read the files searches touch
        into the page cache, in one sequential pass (`dyadscope.files.prefetch`), once. A one-off search does
        not: it reads only the pages it needs, and its process ends before a whole store could be read."""
        self.index()
        self.text.searcher()
        if self._reading is None:
            vectors = index_folder(self.store.path) / "vectors" / "matrix.npy"
            self._reading = prefetch([self.text.folder, vectors, self.store.path])
        self._reading.wait()

    def _add_missing_vectors(self) -> None:
        """Vectors for sentences stored without one (older stores, another model), computed and stored."""
        missing = self.store.missing_vectors(self.embedder.name)
        for start in range(0, len(missing), 10_000):
            batch = missing[start : start + 10_000]
            vectors = self.embedder.encode_in_context([text for _, text in batch])
            self.store.add_vectors(self.embedder.name, [(sid, v) for (sid, _), v in zip(batch, vectors, strict=True)])

    def _ranked(self, question: Question, query: np.ndarray, index: VectorIndex, mode: str) -> list[list[int]]:
        """The lists to fuse: BM25 and vectors over the whole store, then (hybrid, bounded) over the span.

        BM25 runs in the retriever's threads beside the vector searches, one a span (tantivy and faiss let go
        of the GIL). A span holding a tenth of the store or more is not searched again: the whole-store BM25
        list, fetched longer (up to 1,000: 1.5 ms more than 100 at a million sentences), is filtered by date
        instead (the span's own query would cost more and find nearly the same).
        """
        bounded = question.bounded and mode == "hybrid"
        inside = index.within(question.start, question.end) if bounded else None
        share = float(inside.mean()) if inside is not None and len(inside) else 0.0
        wide = share > 0 and share >= WIDE_SPAN
        spans: list[Span] = [(None, None)]
        if bounded and not wide:
            spans.append((question.start, question.end))
        pending = []
        if mode in ("hybrid", "bm25"):
            searcher = self.text.searcher()  # here: it reads the store, whose connection stays in this thread
            k_words = math.ceil(CANDIDATES / share) if wide else CANDIDATES
            search = self.text.search_spans
            pending = [self._threads().submit(search, question.terms, k_words, [span], searcher) for span in spans]
        near = [sid for sid, _ in index.search(query, CANDIDATES)] if mode in ("hybrid", "dense") else []
        near_inside = [sid for sid, _ in index.search(query, CANDIDATES, inside)] if bounded else []
        words = [[sid for sid, _ in future.result()[0]] for future in pending]
        # One store state: BM25 may have seen sentences another process stored after the vector index was
        # read; they wait for the next search, when both know them.
        words = [_known(index, ranked) for ranked in words]
        if wide and inside is not None:
            rows = present(index.ids, np.asarray(words[0], dtype=np.int64))  # in BM25's order
            words = [words[0][:CANDIDATES], index.ids[rows[inside[rows]]][:CANDIDATES].tolist()]
        lists = [words[0]] if words else []
        if mode in ("hybrid", "dense"):
            lists.append(near)
        if bounded:
            lists += [words[1], near_inside]
        return lists

    def search(self, question: Question, k: int = 8, mode: str = "hybrid") -> list[Hit]:
        """The `k` best evidence sentences; mode is hybrid, bm25 or dense (the last two for comparison)."""
        index = self.index()  # (building it may use every core)
        with threads.limited():  # faiss's OpenMP and numpy's BLAS (dyadscope.threads)
            return self._search(index, question, k, mode)

    def _search(self, index: VectorIndex, question: Question, k: int, mode: str) -> list[Hit]:
        query = self.embedder.encode([question.text])[0]
        lists = self._ranked(question, query, index, mode)
        fused: dict[int, float] = {}
        for ranked in lists:
            for rank, sid in enumerate(ranked):
                fused[sid] = fused.get(sid, 0.0) + 1.0 / (RRF_K + rank + 1)
        if not fused:
            return []
        rows_of = present(index.ids, np.asarray(sorted(fused), dtype=np.int64))
        ids = index.ids[rows_of]
        vectors = np.asarray(index.matrix[rows_of], dtype=np.float32)
        similarity = dict(zip(ids.tolist(), (vectors @ query).tolist(), strict=True))
        vector_of = dict(zip(ids.tolist(), vectors, strict=True))
        ranks = [{sid: r for r, sid in enumerate(ranked)} for ranked in lists[:2]]
        bm25_ranks = ranks[0] if mode in ("hybrid", "bm25") else {}
        dense_ranks = ranks[-1] if mode in ("hybrid", "dense") else {}
        # Weights only lower a fused score or raise it to at most `ceiling` times, so rows are read best
        # first, a batch at a time, until no candidate left could still make the top k.
        order = sorted(fused, key=lambda s: (-fused[s], s))
        ceiling = (
            (ACTOR_BASE + ACTOR_BONUS if question.actors else 1.0) * max(1.0, UNDATED) if mode == "hybrid" else 1.0
        )
        names = _asked_names(question)
        rows: dict[int, StoredSentence] = {}
        chosen: list[Hit] = []
        weighted: dict[int, float] = {}
        for start in range(0, len(order), BATCH):
            batch = self.store.sentence_rows(order[start : start + BATCH])
            rows.update(batch)
            for sid, row in batch.items():
                weight = _span_weight(question, row) * _actor_weight(question, row, names) if mode == "hybrid" else 1.0
                source = evidence_weight(row.kind)
                if source > 0:
                    weighted[sid] = fused[sid] * weight * (source if mode == "hybrid" else 1.0)
            chosen = []
            kept: list[np.ndarray] = []
            for sid in sorted(weighted, key=lambda s: (-weighted[s], s)):
                vector = vector_of.get(sid)
                if vector is not None:
                    if any(float(vector @ other) > DUPLICATE for other in kept):
                        continue
                    kept.append(vector)
                sim = similarity.get(sid, 0.0)
                found = vector if vector is not None else np.zeros(0, dtype=np.float32)
                chosen.append(Hit(rows[sid], weighted[sid], sim, bm25_ranks.get(sid), dense_ranks.get(sid), found))
                if len(chosen) == k:
                    break
            unread = order[start + BATCH] if start + BATCH < len(order) else None
            if unread is None or (len(chosen) == k and chosen[-1].score > ceiling * fused[unread]):
                break
        return chosen


def _known(index: VectorIndex, ranked: list[int]) -> list[int]:
    """The ids of `ranked` the vector index holds, in their order."""
    if not ranked:
        return ranked
    rows = present(index.ids, np.asarray(ranked, dtype=np.int64))
    known = set(index.ids[rows].tolist())
    return [sid for sid in ranked if sid in known]


def _span_weight(question: Question, sentence: StoredSentence) -> float:
    if not question.bounded:
        return 1.0
    inside = question.covers(sentence.date)
    return UNDATED if inside is None else 1.0 if inside else OUTSIDE_SPAN


WORD = re.compile(r"[^\W\d_]+")


def _asked_names(question: Question) -> list[str]:
    """The names the question asks about (a law, a treaty, a place), lower-cased, leaving out the words of its
    time frame ("during the Cold War" bounds the question; it is not what it asks about)."""
    frame = set(WORD.findall((question.frame_phrase or "").lower()))
    return [name.lower() for name in question.names if name.lower() not in frame]


def _holds_names(names: list[str], sentence: StoredSentence) -> bool:
    """Whether a sentence holds every one of `names` (`_asked_names`) as a word."""
    if not names or not all(name in sentence.text.lower() for name in names):  # (most sentences stop here)
        return False
    words = {w.lower() for w in WORD.findall(sentence.text)}
    return all(name in words for name in names)


def _actor_weight(question: Question, sentence: StoredSentence, names: list[str]) -> float:
    """Sentences naming the question's actors count more; third parties ("China") matter most. A sentence naming
    "the two countries" names a pair question's both states. `names`: the question's `_asked_names`, read once for
    all its candidates."""
    if not question.actors:
        return 1.0
    if _holds_names(names, sentence):  # about the law or treaty asked for by name, whoever it names
        return ACTOR_BASE + ACTOR_BONUS
    if DYAD_CODE in sentence.actors and len(question.states) == 2:
        return ACTOR_BASE + ACTOR_BONUS  # "the two governments signed ...": the pair it is about
    named = sum(code in sentence.actors for code in question.actors)
    return ACTOR_BASE + ACTOR_BONUS * named / len(question.actors)
