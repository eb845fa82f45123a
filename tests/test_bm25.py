"""The tantivy BM25 index: scored like FTS5, bounded by dates, kept equal to the store as documents change."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dyadscope
from dyadscope.ask.bm25 import FORMAT, META, TextIndex
from dyadscope.cli import app
from dyadscope.store import StoreError, index_folder

SAMPLE = Path(str(resources.files("dyadscope") / "data" / "sample"))


def _kb(tmp_path: Path) -> dyadscope.KnowledgeBase:
    kb = dyadscope.open(tmp_path / "kb.db")
    kb.ingest([SAMPLE / "pakistan-united-states.md", SAMPLE / "india-china.md"])
    return kb


def _indexed(text: TextIndex) -> int:
    return int(text.searcher().num_docs)


def test_search_agrees_with_sqlite_full_text(tmp_path: Path) -> None:
    """Both are BM25 over stemmed words in sentence and context, so they mostly agree on a word's best
    sentences (tantivy rounds sentence lengths to one byte, so near-ties may swap)."""
    with _kb(tmp_path) as kb:
        text = TextIndex(kb.store)
        for word in ("sanctions", "Tashkent", "drone", "border", "nuclear"):
            ours = [sid for sid, _ in text.search([word], 5)]
            sqlite = [sid for sid, _ in kb.store.text_search(f'"{word}"', 5)]
            assert ours[0] == sqlite[0] and len(set(ours) & set(sqlite)) >= min(3, len(sqlite)), word
        assert _indexed(text) == kb.store.sentence_count()  # every body sentence, once


def test_a_date_span_keeps_only_sentences_dated_inside_it(tmp_path: Path) -> None:
    with _kb(tmp_path) as kb:
        text = TextIndex(kb.store)
        start, end = date(1990, 1, 1), date(1999, 12, 31)
        hits = text.search(["aid", "sanctions", "relations"], 50, start, end)
        assert hits
        rows = kb.store.sentence_rows([sid for sid, _ in hits])
        for sid, _ in hits:
            when = rows[sid].date
            assert when is not None and when.start <= end and when.end >= start, rows[sid].text
        sqlite = kb.store.text_search('"aid" OR "sanctions" OR "relations"', 50, start, end)
        assert {sid for sid, _ in hits} == {sid for sid, _ in sqlite}  # fewer than 50 match: the same set


def test_a_replaced_document_leaves_the_index_and_its_new_text_enters(tmp_path: Path) -> None:
    note = tmp_path / "ferries.md"
    note.write_text("# Ferries\n\nIn 2023 Iceland and Malta agreed to open a ferry route.\n", encoding="utf-8")
    with _kb(tmp_path) as kb:
        kb.ingest([note])
        text = kb.retriever.text

        def found(*words: str) -> list[str]:
            return [row.text for row in kb.store.sentence_rows([sid for sid, _ in text.search(words, 20)]).values()]

        assert any("ferry route" in s for s in found("Malta", "ferry"))
        note.write_text("# Ferries\n\nIn 2024 Iceland and Malta cancelled the plan for a shipping lane.\n")
        kb.ingest([note])
        assert not any("ferry route" in s for s in found("Malta", "ferry"))
        assert any("shipping lane" in s for s in found("Malta", "cancelled"))
        assert _indexed(text) == kb.store.sentence_count()


def test_an_update_cut_short_is_redone_without_duplicates(tmp_path: Path) -> None:
    """Tantivy committed but the list of indexed documents was not written: the next update redoes it."""
    with _kb(tmp_path) as kb:
        text = TextIndex(kb.store)
        text.search(["aid"], 1)
        meta_path = index_folder(kb.store.path) / "bm25" / META
        meta = json.loads(meta_path.read_text())
        meta["documents"] = dict(list(meta["documents"].items())[:1])  # forget one document
        meta_path.write_text(json.dumps(meta))
        again = TextIndex(kb.store)
        assert _indexed(again) == kb.store.sentence_count()


def test_an_index_of_another_format_is_rebuilt(tmp_path: Path) -> None:
    with _kb(tmp_path) as kb:
        TextIndex(kb.store).search(["aid"], 1)
        meta_path = index_folder(kb.store.path) / "bm25" / META
        meta_path.write_text(json.dumps({"format": FORMAT - 1, "documents": {}}))
        rebuilt = TextIndex(kb.store)
        assert rebuilt.search(["sanctions"], 3)
        assert _indexed(rebuilt) == kb.store.sentence_count()
        assert json.loads(meta_path.read_text())["format"] == FORMAT


def test_a_folder_that_is_not_an_index_is_left_alone(tmp_path: Path) -> None:
    with _kb(tmp_path) as kb:
        folder = index_folder(kb.store.path) / "bm25"
        folder.mkdir(parents=True)
        (folder / "thesis.docx").write_bytes(b"mine")
        with pytest.raises(StoreError, match="not a dyadscope search index"):
            TextIndex(kb.store).search(["aid"], 1)
        assert (folder / "thesis.docx").read_bytes() == b"mine"
    result = CliRunner().invoke(app, ["ask", "What happened in 1990?", "--db", str(tmp_path / "kb.db")])
    assert result.exit_code == 2
    assert "not a dyadscope search index" in result.output and "Traceback" not in result.output


def test_a_sentence_is_also_found_by_the_one_before_it(tmp_path: Path) -> None:
    """ "The embargo lasted ten years" names no aid; the sentence before does, at a lower weight than its own."""
    note = tmp_path / "embargo.md"
    note.write_text(
        "# Arms\n\nIn September 1965 the United States suspended military aid to Pakistan and India."
        " The embargo lasted for ten years.\n",
        encoding="utf-8",
    )
    with dyadscope.open(tmp_path / "kb.db") as kb:
        kb.ingest([note])
        hits = TextIndex(kb.store).search(["suspended", "aid"], 5)
        texts = [kb.store.sentence_rows([sid])[sid].text for sid, _ in hits]
        assert texts == [
            "In September 1965 the United States suspended military aid to Pakistan and India.",
            "The embargo lasted for ten years.",
        ]


def test_a_document_reingested_under_its_old_id_is_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite may give a replaced document its old id back; its version (hash, extractor, path) still differs,
    so its sentences are indexed again (a new extractor may split them differently)."""
    import dyadscope.store as store

    with _kb(tmp_path) as kb:
        text = kb.retriever.text
        before = kb.store.document_versions()
        assert text.search(["Tashkent"], 5)
        monkeypatch.setattr(store, "EXTRACTOR_VERSION", store.EXTRACTOR_VERSION + 1)  # as after an upgrade
        kb.ingest([SAMPLE / "india-china.md"])  # the last document: deleted, then stored again
        after = kb.store.document_versions()
        assert set(after) == set(before) and after != before  # the same ids, another version
        assert _indexed(text) == kb.store.sentence_count()
        held = json.loads((index_folder(kb.store.path) / "bm25" / META).read_text())["documents"]
        assert held == {str(doc_id): version for doc_id, version in after.items()}


def test_an_update_waits_for_another_process_holding_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process updating the index holds tantivy's writer lock: this one waits for it, then finds
    what is left to do; if the lock is never let go, the error names the index folder."""
    import threading

    import tantivy

    import dyadscope.ask.bm25 as bm25

    note = tmp_path / "ferries.md"
    note.write_text("# Ferries\n\nIn 2023 Iceland and Malta agreed to open a ferry route.\n", encoding="utf-8")
    with _kb(tmp_path) as kb:
        text = TextIndex(kb.store)
        text.search(["aid"], 1)
        other = tantivy.Index.open(str(text.folder)).writer()  # as if another process were updating
        kb.ingest([note])
        threading.Timer(0.5, lambda: (other.rollback(), other.wait_merging_threads())).start()
        assert text.search(["ferry"], 5)  # waited for the lock, then indexed the new document
        assert _indexed(text) == kb.store.sentence_count()

        stuck = tantivy.Index.open(str(text.folder)).writer()
        note.write_text("# Ferries\n\nIn 2024 the plan was cancelled.\n", encoding="utf-8")
        kb.ingest([note])
        monkeypatch.setattr(bm25, "LOCK_WAIT", 0.3)
        with pytest.raises(StoreError, match="cannot update the search index"):
            TextIndex(kb.store).search(["plan"], 1)
        stuck.rollback()
        stuck.wait_merging_threads()
