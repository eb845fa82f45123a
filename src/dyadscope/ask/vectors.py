"""Every stored sentence vector with its date, searchable by cosine, and kept on disk beside the store.

Exact (one matrix-vector product) up to EXACT_LIMIT sentences, a faiss IVF index above. Reading a
million vectors from SQLite and training the IVF index takes half a minute, so the built index is saved
in the store's index folder and read back (memory-mapped) while the store holds the same documents.

When documents are only added, the saved index grows instead of being built again: the new documents'
vectors are read from SQLite and added (to the IVF index without training it again), and saved beside the
unchanged base files as an "added" part (the base files are hard-linked into the new folder, not copied), so
an ingest-then-ask loop costs what the new documents cost. When the added part reaches a quarter of the base,
or a document is removed or replaced, or the store crosses EXACT_LIMIT, the index is built and saved whole.
"""

from __future__ import annotations

import json
import math
import os
import shutil
from collections.abc import Callable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dyadscope.store import UNDATED_DAYS, Store, day_number, index_folder

if TYPE_CHECKING:
    import faiss

EXACT_LIMIT = 200_000  # above this many sentences, search an IVF index instead of every vector
PROBES = 32  # IVF lists searched per question: ~1 ms at 1M sentences, ~0.95 recall of the true top 100
EXACT_SUBSET = 50_000  # in a big store, a time span with fewer sentences than this is searched in NARROW_LISTS
# A narrow span is searched in this share of the lists, those nearest the question: its nearest rows lie in the
# lists nearest the question as an unbounded search's do (bench_ask.py's 200 questions at 1M sentences: the same
# top 8 as with every list, in about half the time; a quarter changed the order of two).
NARROW_LISTS = 0.5
FORMAT = 2  # of the saved files: an index saved in another format is rebuilt
COMPACT = 0.25  # an added part this large a share of the base is folded into it (saved whole)


class VectorIndex:
    """Every stored sentence vector, with its date, searchable by cosine; exact for small stores, IVF for big.

    Dates are kept beside the vectors as day numbers, so "in the 1990s" is a numpy mask, not a query.
    """

    def __init__(
        self, ids: np.ndarray, matrix: np.ndarray, days: np.ndarray | None = None, ivf: faiss.IndexIVF | None = None
    ) -> None:
        self.ids = ids  # sorted, so a row is found by binary search
        self.stored = matrix  # float16, as stored (and saved): the base
        self.matrix: np.ndarray | Stacked = matrix.astype(np.float32) if len(ids) <= EXACT_LIMIT else matrix
        self.days = days if days is not None else np.tile(np.array(UNDATED_DAYS, dtype=np.int32), (len(ids), 1))
        self.ivf = ivf if ivf is not None or len(ids) <= EXACT_LIMIT else _ivf(self.matrix)
        self.base_rows = len(ids)  # rows of the base (the saved matrix.npy); the rest were added after it
        self.added = self.stored[:0]  # float16 rows added after the base (saved apart)

    def __len__(self) -> int:
        return len(self.ids)

    def extended(self, ids: np.ndarray, matrix: np.ndarray, days: np.ndarray) -> VectorIndex | None:
        """This index with rows added, searchable at once (their ids above every id it holds, as new documents'
        sentences are); None when they cannot be added (an id out of order, or too many for an exact index).
        Takes over this index's IVF index: use the one returned."""
        if len(ids) == 0:
            return self
        if (len(self.ids) and ids[0] <= self.ids[-1]) or np.any(np.diff(ids) <= 0):
            return None
        if self.ivf is None and len(self.ids) + len(ids) > EXACT_LIMIT:
            return None  # the store has grown past the exact limit: build its IVF index
        grown = object.__new__(VectorIndex)
        grown.ids, grown.days = np.concatenate([self.ids, ids]), np.concatenate([self.days, days])
        grown.stored, grown.base_rows, grown.ivf = self.stored, self.base_rows, self.ivf
        grown.added = np.concatenate([self.added, matrix.astype(np.float16)])
        if self.ivf is None:
            grown.matrix = np.concatenate([np.asarray(self.matrix), matrix.astype(np.float32)])
        else:
            self.ivf.add(np.asarray(matrix, dtype=np.float32))
            grown.matrix = Stacked(self.stored, grown.added)
        return grown

    def save(self, folder: Path, base_from: Path | None = None) -> None:
        """Write the arrays (and the IVF index) into a new folder: the base hard-linked from `base_from` (a saved
        folder holding the same base) when it can be, and the added rows apart; or, with no base to link or an
        added part past COMPACT of the base, everything as one new base."""
        import faiss

        folder.mkdir(parents=True)
        whole = base_from is None or len(self.added) > COMPACT * max(self.base_rows, 1)
        if not whole:
            assert base_from is not None
            try:
                for name in ("ids.npy", "days.npy", "matrix.npy", "ivf.faiss"):
                    if (base_from / name).exists():
                        os.link(base_from / name, folder / name)
            except OSError:  # a filesystem without hard links: write it all
                for leftover in folder.iterdir():
                    leftover.unlink()
                whole = True
        if whole:
            stored = np.concatenate([np.asarray(self.stored), self.added]) if len(self.added) else self.stored
            np.save(folder / "ids.npy", self.ids)
            np.save(folder / "days.npy", self.days)
            np.save(folder / "matrix.npy", stored)
            if self.ivf is not None:
                faiss.write_index(self.ivf, str(folder / "ivf.faiss"))  # holds the added rows already
            return
        added = slice(self.base_rows, None)
        np.save(folder / "added-ids.npy", self.ids[added])
        np.save(folder / "added-days.npy", self.days[added])
        np.save(folder / "added-matrix.npy", self.added)

    @classmethod
    def load(cls, folder: Path) -> VectorIndex:
        """Read a saved index; the big matrix is memory-mapped, so only the rows a search touches are read.
        Rows saved as added are added again (to the IVF index too)."""
        import faiss

        ivf: faiss.IndexIVF | None = None
        if (folder / "ivf.faiss").exists():
            read = faiss.read_index(str(folder / "ivf.faiss"))
            assert isinstance(read, faiss.IndexIVF)  # faiss returns the concrete class it wrote
            ivf, read.nprobe = read, PROBES
        base = cls(
            np.load(folder / "ids.npy"),
            np.load(folder / "matrix.npy", mmap_mode="r"),
            np.load(folder / "days.npy"),
            ivf,
        )
        if not (folder / "added-ids.npy").exists():
            return base
        grown = base.extended(
            np.load(folder / "added-ids.npy"), np.load(folder / "added-matrix.npy"), np.load(folder / "added-days.npy")
        )
        if grown is None:
            raise ValueError(f"{folder}: the added rows do not follow the base")
        return grown

    @cached_property
    def _day_columns(self) -> tuple[np.ndarray, np.ndarray]:
        """`days`' first and last days, each contiguous (an index's days never change: a grown one is new)."""
        return np.ascontiguousarray(self.days[:, 0]), np.ascontiguousarray(self.days[:, 1])

    def within(self, start: date | None, end: date | None) -> np.ndarray:
        """Rows dated inside [start, end] (undated rows never are: their first day is after their last, so no
        bound lets them in). Compared on the two columns kept contiguous: 0.2 ms at a million rows, where the
        strided columns of `days` took 1.6 ms."""
        first, last = self._day_columns
        if start is None and end is None:
            return np.asarray(first <= last)
        mask = np.ones(len(first), dtype=bool)
        if start is not None:
            mask &= last >= day_number(start)
        if end is not None:
            mask &= first <= day_number(end)
        return mask

    def search(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k closest rows (only those in `mask`, when given)."""
        if len(self.ids) == 0:
            return []
        if self.ivf is None:  # exact: one matrix-vector product, then the mask
            assert isinstance(self.matrix, np.ndarray)  # an exact index holds its rows in memory
            sims = self.matrix @ query
            if mask is not None:
                sims = np.where(mask, sims, -np.inf)
            return self._best(np.arange(len(sims)), sims, k)
        return self._ivf_search(query, k, mask)

    def _ivf_search(self, query: np.ndarray, k: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        """Search the IVF lists nearest the query; with a mask, only its rows, in as many more lists as it
        needs to meet as many of them as an unbounded search meets sentences (NARROW_LISTS of them for a
        narrow span)."""
        import faiss

        assert self.ivf is not None
        lists = int(self.ivf.nlist)
        params = None
        if mask is not None:
            inside = int(mask.sum())
            if inside == 0:
                return []
            probes = (
                math.ceil(lists * NARROW_LISTS)
                if inside <= EXACT_SUBSET
                else min(lists, -(-PROBES * len(mask) // inside))
            )
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


class Stacked:
    """The base matrix (memory-mapped) and the rows added after it, read as one: `stacked[rows]`."""

    def __init__(self, base: np.ndarray, added: np.ndarray) -> None:
        self.base, self.added = base, added
        self.shape = (len(base) + len(added), base.shape[1])

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows)
        out = np.empty((len(rows), self.shape[1]), dtype=self.base.dtype)
        low = rows < len(self.base)
        out[low] = self.base[rows[low]]
        out[~low] = self.added[rows[~low] - len(self.base)]
        return out


def present(sorted_ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
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


def cached_index(store: Store, model: str, dims: int, before_build: Callable[[], None] | None = None) -> VectorIndex:
    """The store's vector index: read from its folder when saved for the same documents and model; grown by the
    new documents' vectors when documents were only added since; else built from SQLite. What is not read as
    saved is saved (written beside, then swapped in, so a reader never sees half of it).

    `before_build` runs only when vectors are to be read from SQLite (computing vectors that sentences lack,
    an older store's or an imported corpus's: a scan of every sentence that a saved index makes unnecessary)."""
    folder = index_folder(store.path) / "vectors"
    sweep(folder.parent)
    key = {"format": FORMAT, "model": model, "limit": EXACT_LIMIT}
    current = {str(i): version for i, version in store.document_versions().items()}
    try:
        saved = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = None  # none saved yet, or unreadable: build it again
    index: VectorIndex | None = None
    base_from: Path | None = None
    if isinstance(saved, dict) and saved.get("key") == key and isinstance(saved.get("documents"), dict):
        held: dict[str, str] = saved["documents"]
        try:
            if held == current:
                return VectorIndex.load(folder)
            if all(current.get(doc) == version for doc, version in held.items()):  # documents only added
                loaded = VectorIndex.load(folder)
                if before_build is not None:
                    before_build()
                new = sorted(int(doc) for doc in current if doc not in held)
                ids, matrix, days = store.vectors(model, dims, documents=new)
                index, base_from = loaded.extended(ids, matrix, days), folder
        except (OSError, ValueError):
            index = None  # a saved file unreadable: build it again
    if index is None:
        if before_build is not None:
            before_build()
        index, base_from = VectorIndex(*store.vectors(model, dims)), None
    _save(folder, index, {"key": key, "documents": current}, base_from)
    return index


def _save(folder: Path, index: VectorIndex, meta: dict[str, object], base_from: Path | None) -> None:
    partial = folder.with_name(f"vectors.{os.getpid()}.tmp")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        index.save(partial, base_from)
        (partial / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    except OSError:  # a read-only folder, a full disk: search from memory, as before there was a cache
        shutil.rmtree(partial, ignore_errors=True)
        return
    old = folder.with_name(f"vectors.{os.getpid()}.old")
    try:
        if folder.exists():
            folder.rename(old)
        partial.rename(folder)
    except OSError:  # another process swapped its own in meanwhile: keep theirs, use ours from memory
        shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def sweep(parent: Path) -> None:
    """Remove the partial and replaced folders (`vectors.<pid>.tmp`, `.old`) of processes that no longer run: a
    search killed while it saved its index leaves one behind."""
    for leftover in parent.glob("vectors.*.*"):
        pid = leftover.name.split(".")[1]
        if pid.isdigit() and leftover.suffix in (".tmp", ".old") and not _running(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):  # another user's process, or a system that cannot tell: leave it
        return True
    return True
