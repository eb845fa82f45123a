"""Every stored sentence vector with its date, searchable by cosine, and kept on disk beside the store.

Exact (one matrix-vector product) up to EXACT_LIMIT sentences, a faiss IVF index above. Reading a
million vectors from SQLite and training the IVF index takes half a minute, so the built index is saved
in the store's index folder and read back (memory-mapped) while the store holds the same documents.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dyadscope.store import UNDATED_DAYS, Store, day_number, index_folder

if TYPE_CHECKING:
    import faiss

EXACT_LIMIT = 200_000  # above this many sentences, search an IVF index instead of every vector
PROBES = 32  # IVF lists searched per question: ~1 ms at 1M sentences, ~0.95 recall of the true top 100
EXACT_SUBSET = 50_000  # in a big store, a time span with fewer sentences than this is searched in every list
FORMAT = 1  # of the saved files: an index saved in another format is rebuilt


class VectorIndex:
    """Every stored sentence vector, with its date, searchable by cosine; exact for small stores, IVF for big.

    Dates are kept beside the vectors as day numbers, so "in the 1990s" is a numpy mask, not a query.
    """

    def __init__(
        self, ids: np.ndarray, matrix: np.ndarray, days: np.ndarray | None = None, ivf: faiss.IndexIVF | None = None
    ) -> None:
        self.ids = ids  # sorted, so a row is found by binary search
        self.stored = matrix  # float16, as stored (and saved)
        self.matrix = matrix.astype(np.float32) if len(ids) <= EXACT_LIMIT else matrix
        self.days = days if days is not None else np.tile(np.array(UNDATED_DAYS, dtype=np.int32), (len(ids), 1))
        self.ivf = ivf if ivf is not None or len(ids) <= EXACT_LIMIT else _ivf(self.matrix)

    def __len__(self) -> int:
        return len(self.ids)

    def save(self, folder: Path) -> None:
        """Write the arrays (and the IVF index) into a new folder."""
        import faiss

        folder.mkdir(parents=True)
        np.save(folder / "ids.npy", self.ids)
        np.save(folder / "days.npy", self.days)
        np.save(folder / "matrix.npy", self.stored)
        if self.ivf is not None:
            faiss.write_index(self.ivf, str(folder / "ivf.faiss"))

    @classmethod
    def load(cls, folder: Path) -> VectorIndex:
        """Read a saved index; the big matrix is memory-mapped, so only the rows a search touches are read."""
        import faiss

        ivf: faiss.IndexIVF | None = None
        if (folder / "ivf.faiss").exists():
            read = faiss.read_index(str(folder / "ivf.faiss"))
            assert isinstance(read, faiss.IndexIVF)  # faiss returns the concrete class it wrote
            ivf, read.nprobe = read, PROBES
        return cls(
            np.load(folder / "ids.npy"),
            np.load(folder / "matrix.npy", mmap_mode="r"),
            np.load(folder / "days.npy"),
            ivf,
        )

    def within(self, start: date | None, end: date | None) -> np.ndarray:
        """Rows dated inside [start, end] (undated rows never are)."""
        mask = self.days[:, 0] <= self.days[:, 1]
        if start is not None:
            mask &= self.days[:, 1] >= day_number(start)
        if end is not None:
            mask &= self.days[:, 0] <= day_number(end)
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
    """The store's vector index: read from its folder when saved for the same documents and model, else
    built from SQLite and saved (written beside, then swapped in, so a reader never sees half of it).

    `before_build` runs only when the index must be built (computing vectors an older store lacks: a scan
    of every sentence that a saved index makes unnecessary)."""
    folder = index_folder(store.path) / "vectors"
    sweep(folder.parent)
    key = _key(store, model)
    try:
        if json.loads((folder / "meta.json").read_text(encoding="utf-8")) == key:
            return VectorIndex.load(folder)
    except (OSError, ValueError):
        pass  # none saved yet, another format, or unreadable: build it again
    if before_build is not None:
        before_build()
    index = VectorIndex(*store.vectors(model, dims))
    partial = folder.with_name(f"vectors.{os.getpid()}.tmp")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        index.save(partial)
        (partial / "meta.json").write_text(json.dumps(key), encoding="utf-8")
    except OSError:  # a read-only folder, a full disk: search from memory, as before there was a cache
        shutil.rmtree(partial, ignore_errors=True)
        return index
    old = folder.with_name(f"vectors.{os.getpid()}.old")
    try:
        if folder.exists():
            folder.rename(old)
        partial.rename(folder)
    except OSError:  # another process swapped its own in meanwhile: keep theirs, use ours from memory
        shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    return index


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


def _key(store: Store, model: str) -> dict[str, object]:
    """What a saved index was built from: the model, and every document by id and version."""
    documents = sorted(store.document_versions().items())
    digest = hashlib.sha256(json.dumps(documents).encode()).hexdigest()
    return {"format": FORMAT, "model": model, "limit": EXACT_LIMIT, "documents": digest}
