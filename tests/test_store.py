"""The knowledge base: idempotent ingest, atomic documents, queries, exports."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd
from tests.conftest import copy_store, make_version_5

import dyadscope
from dyadscope.store import Store

SAMPLE = Path(dyadscope.__file__).parent / "data" / "sample"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_is_idempotent_and_replaces_changed_files(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    path = write(docs, "a.md", "# A\n\nIn 1998 the United States imposed sanctions on Pakistan.\n")
    with dyadscope.open(tmp_path / "kb.db") as kb:
        assert [r.status for r in kb.ingest([docs])] == ["added"]
        first = kb.events().to_dicts()
        assert [r.status for r in kb.ingest([docs])] == ["unchanged"]
        assert kb.events().to_dicts() == first
        path.write_text("# A\n\nIn 2001 the United States lifted sanctions on Pakistan.\n", encoding="utf-8")
        assert [r.status for r in kb.ingest([docs])] == ["replaced"]
        assert [e.type for e in kb.events()] == ["RETREAT"]
        assert len(kb.store.documents()) == 1 and kb.store.check() == []


def test_bad_files_are_reported_and_skipped(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs, "good.txt", "In 1954 Pakistan and the United States signed a defense agreement.")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (docs / "empty.txt").write_bytes(b"")
    with dyadscope.open(tmp_path / "kb.db") as kb:
        results = {Path(r.path).name: r for r in kb.ingest([docs])}
        assert results["good.txt"].status == "added"
        for name in ("broken.pdf", "empty.txt"):
            assert results[name].status == "failed"
            assert name in (results[name].error or "") and "\n" not in (results[name].error or "")
        assert len(kb.events(dyad="PAK-USA")) >= 1


def test_queries_by_dyad_actor_type_context_and_dates(sample_db: Path, tmp_path: Path) -> None:
    with dyadscope.open(copy_store(sample_db, tmp_path)) as kb:
        added = [Path(r.path).name for r in kb.ingest([SAMPLE]) if r.status == "added"]
        assert added == ["README.md"]  # the folder as a user would give it: the shared store lacks only this
        pak_usa = kb.events(dyad=("USA", "PAK"))
        assert len(pak_usa) > 20 and all(e.dyad == "PAK-USA" for e in pak_usa)
        assert all("CHN" in e.source + e.target for e in kb.events(actor="CHN"))
        assert all(e.type == "SANCTION" for e in kb.events(dyad="PAK-USA", type="sanction"))
        nuclear = kb.events(dyad="PAK-USA", context="cbrn")
        assert nuclear and all("cbrn" in e.contexts for e in nuclear)
        nineties = kb.events(dyad="PAK-USA", start="1990", end="1999-12-31")
        assert nineties and all(e.date and e.date.end.year >= 1990 and e.date.start.year <= 1999 for e in nineties)
        dated = [e.date.start for e in pak_usa if e.date]
        assert dated == sorted(dated)
        (best, _), *_ = kb.retriever.text.search(["sanctioned"], 5)  # full-text search over sentences, stemmed
        assert "sanctions" in kb.store.sentence_rows([best])[best].text


def test_exports_and_pandas(sample_db: Path, tmp_path: Path) -> None:
    with dyadscope.open(copy_store(sample_db, tmp_path)) as kb:
        events = kb.events(dyad="CHN-IND")
        frame = events.to_pandas()
        assert len(frame) == len(events) and str(frame["date_start"].dtype).startswith("datetime64")
        for fmt in ("json", "csv", "parquet"):
            events.export(tmp_path / f"out.{fmt}")
        assert len(json.loads((tmp_path / "out.json").read_text())) == len(events)
        assert len(pd.read_csv(tmp_path / "out.csv")) == len(events)
        assert len(pd.read_parquet(tmp_path / "out.parquet")) == len(events)


def test_a_killed_ingest_leaves_a_consistent_store(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    prose = (SAMPLE / "pakistan-united-states.md").read_text(encoding="utf-8")
    for n in range(40):
        write(docs, f"doc{n:02}.md", f"# Copy {n}\n\n{prose}\n\nCopy number {n}.")
    db = tmp_path / "kb.db"
    code = f"import dyadscope; dyadscope.open({str(db)!r}).ingest([{str(docs)!r}])"
    process = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.2)
        if db.exists() and Store(db).documents():
            break
    time.sleep(0.5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    store = Store(db)
    assert store.check() == []
    stored = store.documents()
    assert 0 < len(stored) < 40
    assert all(d["n_sentences"] > 0 for d in stored)
    store.close()
    with dyadscope.open(db) as kb:  # resuming finishes the job without duplicates
        results = kb.ingest([docs])
        assert sum(r.status == "unchanged" for r in results) == len(stored)
        assert len(kb.store.documents()) == 40 and kb.store.check() == []


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    Store(db).conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    try:
        Store(db)
    except Exception as error:
        assert "newer dyadscope" in str(error)
    else:
        raise AssertionError("a store from a newer version was opened")


def test_a_version_1_store_is_migrated_and_its_documents_reprocessed(tmp_path: Path) -> None:
    import sqlite3

    from dyadscope.store import SCHEMA_VERSION

    db = tmp_path / "old.db"
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs, "a.md", "In 1998 the United States imposed sanctions on Pakistan over its nuclear tests.")
    with dyadscope.open(db) as kb:
        kb.ingest([docs])
    conn = sqlite3.connect(db)  # make it look like a store written by version 1 of the schema
    make_version_2(conn)
    conn.execute("ALTER TABLE events DROP COLUMN issues")
    conn.execute("ALTER TABLE documents DROP COLUMN extractor_version")
    conn.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    with dyadscope.open(db) as kb:
        version = kb.store.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
        assert int(version) == SCHEMA_VERSION
        assert [r.status for r in kb.ingest([docs])] == ["replaced"]  # made by an older extractor: redone
        assert kb.events()[0].issues == ["nuclear_wmd"]
        stored = kb.store.conn.execute("SELECT extractor FROM documents").fetchall()
        assert stored == [(kb.pipeline.extractor_version,)] and kb.store.check() == []


def make_version_2(conn: sqlite3.Connection) -> None:
    """Turn a store back into schema 2: unstemmed full-text search of sentence text only, no vectors."""
    make_version_5(conn)
    conn.executescript(
        """
        DROP TABLE sentence_vectors; ALTER TABLE sentences DROP COLUMN context;
        CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='sentences', content_rowid='id');
        INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');
        CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
            INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
            INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        UPDATE meta SET value='2' WHERE key='schema_version'; UPDATE documents SET extractor_version=2;
        """
    )


def full_text_objects(conn: sqlite3.Connection) -> list[str]:
    """The FTS5 table (and its shadow tables) and the triggers that filled it, as schemas 1-4 had them."""
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
    return [name for name in names if name.startswith("sentences_fts") or name in ("sentences_ai", "sentences_ad")]


def test_a_version_2_store_gains_context_and_vectors_and_loses_its_full_text_table(tmp_path: Path) -> None:
    db = tmp_path / "v2.db"
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs, "a.md", "# Aid\n\nRelations deteriorated in 1990 when the United States suspended aid to Pakistan.")
    with dyadscope.open(db) as kb:
        kb.ingest([docs])
    conn = sqlite3.connect(db)
    make_version_2(conn)
    conn.commit()
    conn.close()
    with dyadscope.open(db) as kb:
        assert full_text_objects(kb.store.conn) == []
        text = kb.retriever.text
        assert text.search(["deterioration"], 5)  # the stemmer joins the word forms
        assert text.search(["aid"], 5, start=date(1990, 1, 1), end=date(1990, 12, 31))
        assert not text.search(["aid"], 5, start=date(1991, 1, 1))
        hits = kb.search("Why did the US stop aid to Pakistan?", k=3)  # vectors computed on first use
        assert hits and "suspended aid" in hits[0].sentence.text
        assert kb.store.check() == []
        assert [r.status for r in kb.ingest([docs])] == ["replaced"]  # reprocessed by the current extractor
        assert kb.store.conn.execute("SELECT count(*) FROM sentence_vectors").fetchone()[0] >= 1


def make_version_4(conn: sqlite3.Connection) -> None:
    """Turn a store back into schema 4: a stemmed FTS5 table of sentence and context, kept by triggers."""
    make_version_5(conn)
    conn.executescript(
        """
        CREATE VIRTUAL TABLE sentences_fts USING fts5(text, context, content='sentences', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2');
        INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');
        CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
            INSERT INTO sentences_fts(rowid, text, context) VALUES (new.id, new.text, new.context);
        END;
        CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
            INSERT INTO sentences_fts(sentences_fts, rowid, text, context)
                VALUES ('delete', old.id, old.text, old.context);
        END;
        UPDATE meta SET value='4' WHERE key='schema_version';
        """
    )


def test_a_version_4_store_drops_its_full_text_table_and_still_answers(sample_db: Path, tmp_path: Path) -> None:
    from dyadscope.store import SCHEMA_VERSION

    db = copy_store(sample_db, tmp_path)  # the sample corpus, to be made a version 4 store with a note of ours
    docs = tmp_path / "docs"
    docs.mkdir()
    note = write(docs, "a.md", "# Ferries\n\nIn 2023 Iceland and Malta agreed to open a ferry route.\n")
    with dyadscope.open(db) as kb:
        kb.ingest([docs])
    conn = sqlite3.connect(db)
    make_version_4(conn)
    conn.commit()
    assert len(full_text_objects(conn)) == 7  # the table, its four shadow tables and two triggers
    assert conn.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'iceland'").fetchone()[0] == 1
    conn.close()
    with dyadscope.open(db) as kb:
        version = kb.store.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
        assert int(version) == SCHEMA_VERSION == 7
        assert full_text_objects(kb.store.conn) == []
        answer = kb.ask("Why did Pakistan-US relations deteriorate in the 1990s?")
        assert answer.supported and answer.points
        assert not kb.ask("What did the Raymond Davis affair do to Pakistan-US relations?").supported
        note.write_text("# Ferries\n\nIn 2024 Norway and Malta cancelled the ferry route.\n", encoding="utf-8")
        assert [r.status for r in kb.ingest([docs])] == ["replaced"]  # deletes and inserts sentences, no triggers
        assert kb.retriever.text.has_word("Norway") and not kb.retriever.text.has_word("Iceland")
        assert kb.store.check() == []
