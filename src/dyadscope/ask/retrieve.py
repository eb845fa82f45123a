"""Hybrid retrieval of evidence sentences: BM25 (tantivy) and sentence vectors, fused.

Both rankers see the whole store and, when the question is bounded in time, also only the
sentences dated inside its span, so "in the 1990s" finds the 1990s even where the words say
nothing about them. Reciprocal rank fusion merges the lists (no score calibration needed);
sentences dated outside the span and sentences without the question's actors count less;
near-duplicates (the same point told twice) are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from dyadscope.ask.bm25 import TextIndex
from dyadscope.ask.question import Question
from dyadscope.nlp.embed import Embedder
from dyadscope.store import EPOCH, Store, StoredSentence

if TYPE_CHECKING:
    import faiss

RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al. 2009)
CANDIDATES = 100  # taken from each ranker before fusion
EXACT_LIMIT = 200_000  # above this many sentences, search an IVF index instead of every vector
PROBES = 32  # IVF lists searched per question: ~1 ms at 1M sentences, ~0.95 recall of the true top 100
EXACT_SUBSET = 50_000  # in a big store, a time span with fewer sentences than this is searched in every list
DUPLICATE = 0.92  # cosine above which two sentences say the same thing
OUTSIDE_SPAN, UNDATED = 0.35, 1.0  # weights of sentences dated outside the question's span, or not dated (no penalty)
ACTOR_BASE, ACTOR_BONUS = 0.8, 0.4  # weight of a sentence naming none of the question's actors, and all of them adds
BATCH = 50  # candidates whose rows are read at a time, best fused score first


@dataclass(frozen=True, slots=True)
class Hit:
    sentence: StoredSentence
    score: float  # fused score, higher is better
    similarity: float  # cosine between the question and the sentence
    bm25_rank: int | None
    dense_rank: int | None
    vector: np.ndarray = field(repr=False, compare=False, default_factory=lambda: np.zeros(0, dtype=np.float32))


class VectorIndex:
    """Every stored sentence vector, with its date, searchable by cosine; exact for small stores, IVF for big.

    Dates are kept beside the vectors as day numbers, so "in the 1990s" is a numpy mask, not a query.
    """

    def __init__(self, ids: np.ndarray, matrix: np.ndarray, days: np.ndarray | None = None) -> None:
        self.ids = ids  # sorted, so a row is found by binary search
        self.matrix = matrix.astype(np.float32) if len(ids) <= EXACT_LIMIT else matrix
        self.days = days if days is not None else np.tile(np.array([1, 0], dtype=np.int32), (len(ids), 1))
        self.ivf: faiss.IndexIVF | None = None
        if len(ids) > EXACT_LIMIT:
            self.ivf = _ivf(self.matrix)

    def __len__(self) -> int:
        return len(self.ids)

    def within(self, start: date | None, end: date | None) -> np.ndarray:
        """Rows dated inside [start, end] (undated rows never are)."""
        mask = self.days[:, 0] <= self.days[:, 1]
        if start is not None:
            mask &= self.days[:, 1] >= (start - EPOCH).days
        if end is not None:
            mask &= self.days[:, 0] <= (end - EPOCH).days
        return mask

    def search(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k closest rows (only those in `mask`, when given)."""
        if len(self.ids) == 0:
            return []
        if self.ivf is None:  # exact: one matrix-vector product, then the mask
            sims = self.matrix @ query
            if mask is not None:
                sims = np.where(mask, sims, -np.inf)
            return self._best(np.arange(len(sims)), sims, k)
        return self._ivf_search(query, k, mask)

    def _ivf_search(self, query: np.ndarray, k: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        """Search the IVF lists nearest the query; with a mask, only its rows, in as many more lists as it
        needs to meet as many of them as an unbounded search meets sentences (all lists for a narrow span)."""
        import faiss

        assert self.ivf is not None
        lists = int(self.ivf.nlist)
        params = None
        if mask is not None:
            inside = int(mask.sum())
            if inside == 0:
                return []
            probes = lists if inside <= EXACT_SUBSET else min(lists, -(-PROBES * len(mask) // inside))
            bits = np.packbits(mask, bitorder="little")  # bit i of byte j: row 8j+i, as faiss reads it
            selector = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits))  # both kept alive until searched
            params = faiss.SearchParametersIVF()
            params.sel, params.nprobe = selector, probes
        sims, rows = self.ivf.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        return [(int(self.ids[r]), float(s)) for r, s in zip(rows[0], sims[0], strict=True) if r >= 0]

    def _best(self, rows: np.ndarray, sims: np.ndarray, k: int) -> list[tuple[int, float]]:
        if len(sims) == 0:
            return []
        best = np.argpartition(-sims, min(k, len(sims) - 1))[:k] if len(sims) > k else np.arange(len(sims))
        best = best[np.argsort(-sims[best])]
        return [(int(self.ids[rows[i]]), float(sims[i])) for i in best if np.isfinite(sims[i])]


def _present(sorted_ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Rows of `sorted_ids` holding the ids in `wanted` (ids not stored are skipped)."""
    rows = np.minimum(np.searchsorted(sorted_ids, wanted), max(len(sorted_ids) - 1, 0))
    return rows[sorted_ids[rows] == wanted] if len(sorted_ids) else rows[:0]


def _ivf(matrix: np.ndarray) -> faiss.IndexIVF:
    """An inverted-file index with 8-bit codes: a quarter of float32's memory, ~1 ms per query at 1M."""
    import faiss  # only big stores need it

    n, dims = matrix.shape
    lists = int(min(4096, max(256, 2 * np.sqrt(n))))
    index = faiss.IndexIVFScalarQuantizer(
        faiss.IndexFlatIP(dims), dims, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    sample = np.random.default_rng(0).choice(n, size=min(n, 64 * lists), replace=False)
    index.train(np.asarray(matrix[np.sort(sample)], dtype=np.float32))
    for start in range(0, n, 100_000):
        index.add(np.asarray(matrix[start : start + 100_000], dtype=np.float32))
    index.nprobe = PROBES
    return index


class Retriever:
    """Searches one store; vectors missing from it (an older store) are computed and stored first."""

    def __init__(self, store: Store, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder
        self.text = TextIndex(store)
        self._index: VectorIndex | None = None
        self._generation: int | None = None

    def index(self) -> VectorIndex:
        """The vector index, rebuilt only when documents were added or removed since it was built."""
        generation = self.store.generation()
        if self._index is not None and generation == self._generation:
            return self._index
        missing = self.store.missing_vectors(self.embedder.name)
        for start in range(0, len(missing), 10_000):
            batch = missing[start : start + 10_000]
            vectors = self.embedder.encode_in_context([text for _, text in batch])
            self.store.add_vectors(self.embedder.name, [(sid, v) for (sid, _), v in zip(batch, vectors, strict=True)])
        self._index = VectorIndex(*self.store.vectors(self.embedder.name, self.embedder.dims))
        self._generation = generation
        return self._index

    def search(self, question: Question, k: int = 8, mode: str = "hybrid") -> list[Hit]:
        """The `k` best evidence sentences; mode is hybrid, bm25 or dense (the last two for comparison)."""
        index = self.index()
        query = self.embedder.encode([question.text])[0]
        lists: list[list[int]] = []
        terms = question.terms
        if mode in ("hybrid", "bm25"):
            lists.append([sid for sid, _ in self.text.search(terms, CANDIDATES)])
        if mode in ("hybrid", "dense"):
            lists.append([sid for sid, _ in index.search(query, CANDIDATES)])
        if question.bounded and mode == "hybrid":
            span = (question.start, question.end)
            lists.append([sid for sid, _ in self.text.search(terms, CANDIDATES, *span)])
            lists.append([sid for sid, _ in index.search(query, CANDIDATES, index.within(*span))])
        fused: dict[int, float] = {}
        for ranked in lists:
            for rank, sid in enumerate(ranked):
                fused[sid] = fused.get(sid, 0.0) + 1.0 / (RRF_K + rank + 1)
        if not fused:
            return []
        rows_of = _present(index.ids, np.asarray(sorted(fused), dtype=np.int64))
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
        ceiling = ACTOR_BASE + ACTOR_BONUS if mode == "hybrid" and question.actors else 1.0
        rows: dict[int, StoredSentence] = {}
        chosen: list[Hit] = []
        for start in range(0, len(order), BATCH):
            rows.update(self.store.sentence_rows(order[start : start + BATCH]))
            weighted = {
                sid: fused[sid]
                * (_span_weight(question, rows[sid]) * _actor_weight(question, rows[sid]) if mode == "hybrid" else 1)
                for sid in order[: start + BATCH]
                if sid in rows
            }
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


def _span_weight(question: Question, sentence: StoredSentence) -> float:
    if not question.bounded:
        return 1.0
    inside = question.covers(sentence.date)
    return UNDATED if inside is None else 1.0 if inside else OUTSIDE_SPAN


def _actor_weight(question: Question, sentence: StoredSentence) -> float:
    """Sentences naming the question's actors count more; third parties ("China") matter most."""
    if not question.actors:
        return 1.0
    named = sum(code in sentence.actors for code in question.actors)
    return ACTOR_BASE + ACTOR_BONUS * named / len(question.actors)
