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
        assert len(grown) > len(built) and not isinstance(grown.stored, np.memmap)  # rebuilt for the new document
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
