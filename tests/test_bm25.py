"""The tantivy BM25 index: scored as BM25 says, bounded by dates, kept equal to the store as documents change."""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import copy_store
from typer.testing import CliRunner

import dyadscope
from dyadscope.ask.bm25 import CONTEXT_WEIGHT, FORMAT, META, TextIndex
from dyadscope.cli import app
from dyadscope.store import StoreError, day_number, index_folder


def _kb(sample_db: Path, tmp_path: Path) -> dyadscope.KnowledgeBase:
    """The sample corpus on this test's own copy (the search index is built beside it)."""
    return dyadscope.open(copy_store(sample_db, tmp_path))


def _indexed(text: TextIndex) -> int:
    return int(text.searcher().num_docs)


def _words(kb: dyadscope.KnowledgeBase, text: TextIndex) -> dict[int, tuple[Counter[str], Counter[str]]]:
    """Each body sentence's stemmed words in its text and in its context, as the index is given them."""
    rows = kb.store.body_sentences(list(kb.store.document_versions()))
    analyze = text.analyzer.analyze
    return {s.id: (Counter(analyze(s.text)), Counter(analyze(f"{s.context} | {s.before}"))) for s in rows}


def test_scores_are_bm25_over_sentence_and_context(sample_db: Path, tmp_path: Path) -> None:
    """Okapi BM25 (k1 1.2, b 0.75) of the sentence plus CONTEXT_WEIGHT times that of its context, computed
    here by hand; tantivy rounds field lengths to one byte, so scores may differ by a little."""
    with _kb(sample_db, tmp_path) as kb:
        text = TextIndex(kb.store)
        words = _words(kb, text)
        n_docs = len(words)
        average = [sum(sum(w[field].values()) for w in words.values()) / n_docs for field in (0, 1)]
        for word in ("sanctions", "Tashkent", "drone", "border", "nuclear"):
            (token,) = text.analyzer.analyze(word)
            expected: dict[int, float] = {}
            for field, weight in ((0, 1.0), (1, CONTEXT_WEIGHT)):
                holding = sum(token in w[field] for w in words.values())
                idf = math.log(1 + (n_docs - holding + 0.5) / (holding + 0.5))
                for sid, w in words.items():
                    if tf := w[field][token]:
                        norm = 1.2 * (0.25 + 0.75 * sum(w[field].values()) / average[field])
                        expected[sid] = expected.get(sid, 0.0) + weight * idf * tf * 2.2 / (tf + norm)
            hits = text.search([word], 5)
            assert len(hits) == min(5, len(expected)), word
            for sid, score in hits:
                assert score == pytest.approx(expected[sid], rel=0.02), (word, sid)
            left_out = [score for sid, score in expected.items() if sid not in dict(hits)]
            assert min(expected[sid] for sid, _ in hits) >= 0.98 * max(left_out, default=0.0), word
        assert _indexed(text) == kb.store.sentence_count()  # every body sentence, once


def test_a_date_span_keeps_only_sentences_dated_inside_it(sample_db: Path, tmp_path: Path) -> None:
    with _kb(sample_db, tmp_path) as kb:
        text = TextIndex(kb.store)
        start, end = date(1990, 1, 1), date(1999, 12, 31)
        hits = text.search(["aid", "sanctions", "relations"], 50, start, end)
        assert hits
        rows = kb.store.sentence_rows([sid for sid, _ in hits])
        for sid, _ in hits:
            when = rows[sid].date
            assert when is not None and when.start <= end and when.end >= start, rows[sid].text
        tokens = {token for word in ("aid", "sanctions", "relations") for token in text.analyzer.analyze(word)}
        dated = {
            s.id
            for s in kb.store.body_sentences(list(kb.store.document_versions()))
            if s.first is not None and s.last is not None and s.first <= day_number(end) and s.last >= day_number(start)
        }
        holding = {sid for sid, (own, around) in _words(kb, text).items() if tokens & (own.keys() | around.keys())}
        assert len(hits) < 50 and {sid for sid, _ in hits} == holding & dated  # fewer than 50 match: all of them


def test_has_word_finds_a_word_in_any_sentence_context_or_heading(sample_db: Path, tmp_path: Path) -> None:
    """What `ask` checks a question's names with: stemmed like the search, in the sentence, its context
    (title, heading, source line) or a heading with no sentence of its own; gone with a replaced document."""
    note = tmp_path / "ferries.md"
    note.write_text(
        "# Ferries\n\nSOURCE: Harbour Gazette\n\n## Mediterranean\n\n### Valletta\n\n"
        "In 2023 Iceland and Malta agreed to open a ferry route.\n",
        encoding="utf-8",
    )
    with _kb(sample_db, tmp_path) as kb:
        kb.ingest([note])
        text = kb.retriever.text
        for word in ("Iceland", "ferries", "Ferrying", "Gazette", "Mediterranean", "Valletta", "Tashkent"):
            assert text.has_word(word), word
        assert not text.has_word("Lisbon") and not text.has_word("Reykjavik") and not text.has_word("--")
        note.write_text("# Ferries\n\nIn 2024 Norway and Malta cancelled the plan.\n", encoding="utf-8")
        kb.ingest([note])
        assert text.has_word("Norway") and not text.has_word("Iceland") and not text.has_word("Valletta")


def test_a_replaced_document_leaves_the_index_and_its_new_text_enters(sample_db: Path, tmp_path: Path) -> None:
    note = tmp_path / "ferries.md"
    note.write_text("# Ferries\n\nIn 2023 Iceland and Malta agreed to open a ferry route.\n", encoding="utf-8")
    with _kb(sample_db, tmp_path) as kb:
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


def test_an_update_cut_short_is_redone_without_duplicates(sample_db: Path, tmp_path: Path) -> None:
    """Tantivy committed but the list of indexed documents was not written: the next update redoes it."""
    with _kb(sample_db, tmp_path) as kb:
        text = TextIndex(kb.store)
        text.search(["aid"], 1)
        meta_path = index_folder(kb.store.path) / "bm25" / META
        meta = json.loads(meta_path.read_text())
        meta["documents"] = dict(list(meta["documents"].items())[:1])  # forget one document
        meta_path.write_text(json.dumps(meta))
        again = TextIndex(kb.store)
        assert _indexed(again) == kb.store.sentence_count()


def test_an_index_of_another_format_is_rebuilt(sample_db: Path, tmp_path: Path) -> None:
    with _kb(sample_db, tmp_path) as kb:
        TextIndex(kb.store).search(["aid"], 1)
        meta_path = index_folder(kb.store.path) / "bm25" / META
        meta_path.write_text(json.dumps({"format": FORMAT - 1, "documents": {}}))
        rebuilt = TextIndex(kb.store)
        assert rebuilt.search(["sanctions"], 3)
        assert _indexed(rebuilt) == kb.store.sentence_count()
        assert json.loads(meta_path.read_text())["format"] == FORMAT


def test_a_folder_that_is_not_an_index_is_left_alone(sample_db: Path, tmp_path: Path) -> None:
    with _kb(sample_db, tmp_path) as kb:
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
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite may give a replaced document its old id back; its version (hash, extractor, path) still differs,
    so its sentences are indexed again (a new extractor may split them differently)."""
    with _kb(sample_db, tmp_path) as kb:
        text = kb.retriever.text
        before = kb.store.document_versions()
        assert text.search(["Tashkent"], 5)
        last = max(kb.store.documents(), key=lambda d: int(d["id"]))["path"]
        monkeypatch.setattr(kb.pipeline, "extractor_version", kb.pipeline.extractor_version + "-next")  # an upgrade
        kb.ingest([last])  # the last document: deleted, then stored again
        after = kb.store.document_versions()
        assert set(after) == set(before) and after != before  # the same ids, another version
        assert _indexed(text) == kb.store.sentence_count()
        held = json.loads((index_folder(kb.store.path) / "bm25" / META).read_text())["documents"]
        assert held == {str(doc_id): version for doc_id, version in after.items()}


def test_an_update_waits_for_another_process_holding_the_index(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process updating the index holds tantivy's writer lock: this one waits for it, then finds
    what is left to do; if the lock is never let go, the error names the index folder."""
    import threading

    import tantivy

    import dyadscope.ask.bm25 as bm25

    note = tmp_path / "ferries.md"
    note.write_text("# Ferries\n\nIn 2023 Iceland and Malta agreed to open a ferry route.\n", encoding="utf-8")
    with _kb(sample_db, tmp_path) as kb:
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
