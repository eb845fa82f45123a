"""The vector index is saved beside the store and read back while the store holds the same documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import copy_store

import dyadscope
import dyadscope.ask.vectors as vectors
from dyadscope.ask.vectors import VectorIndex, cached_index
from dyadscope.store import index_folder


def _search(kb: dyadscope.KnowledgeBase, index: VectorIndex) -> list[tuple[int, float]]:
    query = kb.embedder.encode(["Why were sanctions imposed on Pakistan?"])[0]
    return index.search(query, 10)


def test_a_saved_index_is_read_back_until_the_documents_change(sample_db: Path, tmp_path: Path) -> None:
    note = tmp_path / "ferries.md"
    note.write_text("# Ferries\n\nIn 2023 Iceland and Malta agreed to open a ferry route.\n", encoding="utf-8")
    with dyadscope.open(copy_store(sample_db, tmp_path)) as kb:
        built = kb.retriever.index()
        folder = index_folder(kb.store.path) / "vectors"
        assert (folder / "meta.json").exists()
        read = cached_index(kb.store, kb.embedder.name, kb.embedder.dims)
        assert isinstance(read.stored, np.memmap)  # read from disk, not rebuilt
        assert _search(kb, read) == _search(kb, built)
        kb.ingest([note])
        grown = kb.retriever.index()
        assert len(grown) > len(built)
        assert len(cached_index(kb.store, kb.embedder.name, kb.embedder.dims)) == len(grown)


def test_an_unreadable_saved_index_is_rebuilt(sample_db: Path, tmp_path: Path) -> None:
    with dyadscope.open(copy_store(sample_db, tmp_path)) as kb:
        built = kb.retriever.index()
        folder = index_folder(kb.store.path) / "vectors"
        (folder / "ids.npy").write_bytes(b"not numpy")
        (folder / "meta.json").write_text("{")
        again = cached_index(kb.store, kb.embedder.name, kb.embedder.dims)
        assert _search(kb, again) == _search(kb, built)
        assert not list(folder.parent.glob("vectors.*"))  # no partial folders left behind


def test_what_a_killed_search_left_behind_is_swept_away(sample_db: Path, tmp_path: Path) -> None:
    """Issue: a killed `ask` left `vectors.<pid>.tmp/` beside the store forever."""
    with dyadscope.open(copy_store(sample_db, tmp_path)) as kb:
        kb.retriever.index()
        parent = index_folder(kb.store.path)
        dead = 2**22 + 12345  # above Linux's default pid_max: no such process
        for name in (f"vectors.{dead}.tmp", f"vectors.{dead}.old"):
            (parent / name).mkdir()
            (parent / name / "ids.npy").write_bytes(b"half written")
        cached_index(kb.store, kb.embedder.name, kb.embedder.dims)
        assert sorted(p.name for p in parent.glob("vectors*")) == ["vectors"]


def test_a_saved_ivf_index_searches_as_the_one_built(
    corpus_kb: dyadscope.KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vectors, "EXACT_LIMIT", 0)  # as if the store were big
    kb = corpus_kb
    built = VectorIndex(*kb.store.vectors(kb.embedder.name, kb.embedder.dims))
    assert built.ivf is not None
    built.save(tmp_path / "saved")
    read = VectorIndex.load(tmp_path / "saved")
    assert read.ivf is not None and read.ivf.nprobe == vectors.PROBES
    assert _search(kb, read) == _search(kb, built)
    nineties = built.within(date(1990, 1, 1), date(1999, 12, 31))
    query = kb.embedder.encode(["Why were sanctions imposed on Pakistan?"])[0]
    assert read.search(query, 10, nineties) == built.search(query, 10, nineties)


def _ferries(folder: Path, n: int) -> Path:
    note = folder / f"ferries-{n}.md"
    note.write_text(
        f"# Ferries {n}\n\nIn 20{10 + n} Iceland and Malta agreed to open ferry route number {n}. The Maltese"
        f" government sent a delegation to Reykjavik in 20{10 + n} to sign it.\n",
        encoding="utf-8",
    )
    return note


def test_added_documents_grow_the_saved_index_instead_of_rebuilding_it(sample_db: Path, tmp_path: Path) -> None:
    """Issue 16, part 3: an ingest-then-ask loop rebuilt the whole index for every new document."""
    with dyadscope.open(copy_store(sample_db, tmp_path)) as kb:
        built = kb.retriever.index()
        folder = index_folder(kb.store.path) / "vectors"
        base = (folder / "matrix.npy").stat().st_ino
        kb.ingest([_ferries(tmp_path, 1)])
        grown = kb.retriever.index()
        assert isinstance(grown.stored, np.memmap) and grown.base_rows == len(built) < len(grown)  # grown
        assert (folder / "matrix.npy").stat().st_ino == base and (folder / "added-ids.npy").exists()  # linked
        fresh = VectorIndex(*kb.store.vectors(kb.embedder.name, kb.embedder.dims))
        read = cached_index(kb.store, kb.embedder.name, kb.embedder.dims)  # the saved base and added part
        query = kb.embedder.encode(["When did Iceland and Malta open a ferry route?"])[0]
        assert grown.search(query, 10) == fresh.search(query, 10) == read.search(query, 10)
        assert np.array_equal(read.ids, fresh.ids) and np.array_equal(read.days, fresh.days)
        rows = np.arange(len(fresh))
        assert np.array_equal(np.asarray(read.matrix[rows]), np.asarray(fresh.matrix[rows]))


def test_a_removed_document_or_a_large_added_part_saves_the_index_whole(sample_db: Path, tmp_path: Path) -> None:
    with dyadscope.open(copy_store(sample_db, tmp_path)) as kb:
        kb.retriever.index()
        folder = index_folder(kb.store.path) / "vectors"
        note = _ferries(tmp_path, 2)
        kb.ingest([note])
        kb.retriever.index()
        assert (folder / "added-ids.npy").exists()
        note.write_text(note.read_text(encoding="utf-8") + "Malta thanked Iceland in 2013.\n", encoding="utf-8")
        kb.ingest([note])  # replaced: a document's old rows are gone, so the index is built whole
        replaced = kb.retriever.index()
        assert not (folder / "added-ids.npy").exists() and replaced.base_rows == len(replaced)
        fresh = VectorIndex(*kb.store.vectors(kb.embedder.name, kb.embedder.dims))
        assert np.array_equal(replaced.ids, fresh.ids)


def test_an_ivf_index_grows_by_the_added_rows(
    corpus_kb: dyadscope.KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vectors, "EXACT_LIMIT", 0)  # as if the store were big
    kb = corpus_kb
    ids, matrix, days = kb.store.vectors(kb.embedder.name, kb.embedder.dims)
    cut = len(ids) - 40  # the last 40 sentences come "later"
    base = VectorIndex(ids[:cut], matrix[:cut], days[:cut])
    assert base.ivf is not None
    base.save(tmp_path / "base")
    grown = VectorIndex.load(tmp_path / "base").extended(ids[cut:], matrix[cut:], days[cut:])
    assert grown is not None and grown.ivf is not None and grown.ivf.ntotal == len(ids)
    grown.save(tmp_path / "grown", base_from=tmp_path / "base")
    read = VectorIndex.load(tmp_path / "grown")
    assert read.ivf is not None and read.ivf.ntotal == len(ids) and np.array_equal(read.ids, ids)
    for row in (cut, len(ids) - 1):  # an added sentence is found by its own vector
        query = np.asarray(matrix[row], dtype=np.float32)
        assert read.search(query, 5)[0][0] == int(ids[row])
        assert np.array_equal(read.matrix[np.array([row])][0], matrix[row])


def test_the_rows_within_a_span_are_those_whose_dates_overlap_it() -> None:
    """Overlap, as a date filter in SQL would have it: open at either end, undated rows never inside; and the
    same after the index grew (its date columns follow the rows)."""
    from dyadscope.store import UNDATED_DAYS, day_number

    def days(*spans: tuple[date, date] | None) -> np.ndarray:
        rows = [(day_number(a), day_number(b)) if (a, b) != (None, None) else UNDATED_DAYS for a, b in spans]
        return np.asarray(rows, dtype=np.int32)

    sixties = (date(1960, 1, 1), date(1969, 12, 31))
    dated = days(
        (date(1965, 5, 1), date(1965, 5, 1)),
        (date(1958, 1, 1), date(1961, 12, 31)),
        (date(1975, 1, 1), date(1975, 12, 31)),
    )
    undated = days((None, None))
    index = VectorIndex(np.arange(4, dtype=np.int64), np.zeros((4, 2), np.float32), np.concatenate([dated, undated]))
    assert index.within(*sixties).tolist() == [True, True, False, False]
    assert index.within(None, date(1960, 6, 1)).tolist() == [False, True, False, False]
    assert index.within(date(1970, 1, 1), None).tolist() == [False, False, True, False]
    assert index.within(None, None).tolist() == [True, True, True, False]
    grown = index.extended(
        np.array([4], np.int64), np.zeros((1, 2), np.float32), days((date(1962, 3, 1), date(1962, 3, 1)))
    )
    assert grown is not None and grown.within(*sixties).tolist() == [True, True, False, False, True]
    assert index.within(*sixties).tolist() == [True, True, False, False]


def test_prefetch_reads_what_fits_the_budget_in_the_order_given(tmp_path: Path) -> None:
    from dyadscope.files import prefetch

    small, large, other = tmp_path / "bm25.idx", tmp_path / "store.db", tmp_path / "matrix.npy"
    small.write_bytes(b"x" * 1_000)
    large.write_bytes(b"x" * 10_000)
    other.write_bytes(b"x" * 5_000)
    folder = tmp_path / "bm25"
    folder.mkdir()
    (folder / "segment.store").write_bytes(b"x" * 500)
    missing = tmp_path / "gone.npy"
    reading = prefetch([small, folder, large, other, missing], budget=7_000)
    reading.wait()
    assert not reading.thread.is_alive()
    assert reading.files == [small, folder / "segment.store", other]  # the store does not fit; a missing file is not
    assert prefetch([large], budget=0).files == []


def test_a_server_warm_up_reads_the_stores_files_ahead(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first search on a cold file cache waits on the disk for every page it touches (p95 129 ms against 39
    warm at a million sentences): a server's warm-up (`KnowledgeBase.load`) reads the store's and the indexes'
    files first, once; one-off searches do not."""
    from dyadscope.files import prefetch

    asked: list[list[Path]] = []

    def recorded(paths: list[Path]) -> object:
        asked.append(list(paths))
        return prefetch(paths)

    monkeypatch.setattr("dyadscope.ask.retrieve.prefetch", recorded)
    with dyadscope.open(copy_store(sample_db, tmp_path)) as kb:
        kb.search("Why were sanctions imposed?")
        kb.search("Why were sanctions imposed?")
        assert asked == []  # one-off searches read only the pages they need
        kb.load()  # a server's warm-up waits for the reading
        kb.load()
        folder = index_folder(kb.store.path)
        assert len(asked) == 1  # once, when the indexes are loaded
        assert asked[0] == [folder / "bm25", folder / "vectors" / "matrix.npy", kb.store.path]
        assert kb.retriever._reading is not None and not kb.retriever._reading.thread.is_alive()
