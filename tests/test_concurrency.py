"""Readers and writers of one store (issue: no reader waits, no command surprises, items 7, 8 and 11).

Each test failed on the code before the fix: opening a store ran its schema script, which needs the write
lock, so every command failed with "not a dyadscope store (database is locked)" while another process held a
write; a second writer waited five seconds in silence and then crashed; a store the user may only read was
"not a dyadscope store"; and `ask` fused BM25 hits from a newer store state with a vector index from an
older one, which raised a shape error.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dyadscope
from dyadscope.cli import app
from dyadscope.store import StoreError
from dyadscope.store import store as store_module
from dyadscope.store import writing as writing_module

runner = CliRunner()
TALKS = "# Talks\n\nIn 1954 India and China signed the Panchsheel agreement on trade with Tibet.\n"
FERRIES = "# Ferries\n\nIn 2023 Iceland and Malta agreed to open a new ferry route between Reykjavik and Valletta.\n"


def _store(tmp_path: Path) -> Path:
    db = tmp_path / "kb.db"
    source = tmp_path / "talks.md"
    source.write_text(TALKS, encoding="utf-8")
    with dyadscope.open(db) as kb:
        kb.ingest([source])
    return db


def _hold_write(db: Path) -> sqlite3.Connection:
    """Another process's long write transaction, not yet committed."""
    writer = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT OR REPLACE INTO meta VALUES ('busy', '1')")
    return writer


def test_readers_open_and_read_while_another_process_writes(tmp_path: Path) -> None:
    db = _store(tmp_path)
    writer = _hold_write(db)
    try:
        started = time.monotonic()
        with dyadscope.open(db) as kb:
            assert [d["title"] for d in kb.store.documents()] == ["Talks"]
            assert kb.events(dyad=("CHN", "IND"))
        result = runner.invoke(app, ["events", "--dyad", "CHN-IND", "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert "Panchsheel" in result.output or "AGREE" in result.output
        assert time.monotonic() - started < 3  # nobody waited for the writer
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_second_writer_waits_with_a_message_then_writes(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = _store(tmp_path)
    ferries = tmp_path / "ferries.md"
    ferries.write_text(FERRIES, encoding="utf-8")
    with caplog.at_level("WARNING"), dyadscope.open(db) as kb:
        kb.load(search=False)  # the models first: loading them may take longer than the other writer holds on
        writer = _hold_write(db)
        release = threading.Timer(1.5, lambda: writer.execute("COMMIT"))
        release.start()
        try:
            kb.ingest_file(ferries)
            assert len(kb.documents()) == 2
        finally:
            release.join()
            writer.close()
    assert "another process is writing to it; waiting" in caplog.text


def test_a_writer_that_waits_too_long_stops_in_one_line_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _store(tmp_path)
    monkeypatch.setattr(writing_module, "WRITE_WAIT", 0.5)
    ferries = tmp_path / "ferries.md"
    ferries.write_text(FERRIES, encoding="utf-8")
    writer = _hold_write(db)
    try:
        with (
            dyadscope.open(db) as kb,
            pytest.raises(StoreError, match=r"another process is still writing to it; .*ferries\.md was not stored"),
        ):
            kb.ingest_file(ferries)
        result = runner.invoke(app, ["ingest", str(ferries), "--db", str(db)])
        assert result.exit_code == 2 and "another process is still writing" in result.output
        assert "Traceback" not in result.output
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    with dyadscope.open(db) as kb:
        assert [d["title"] for d in kb.store.documents()] == ["Talks"]


def test_a_store_the_user_may_only_read_is_read_and_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _store(tmp_path)
    monkeypatch.setattr(store_module, "_writable", lambda path: False)  # root may write anything: stand in for 0444
    result = runner.invoke(app, ["events", "--dyad", "CHN-IND", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "AGREE" in result.output or "Panchsheel" in result.output
    measured = runner.invoke(app, ["index", "CHN", "IND", "--db", str(db)])  # the column read, read-only
    assert measured.exit_code == 0, measured.output
    assert "1954" in measured.output, measured.output  # the Panchsheel agreement's year, read from the store
    ferries = tmp_path / "ferries.md"
    ferries.write_text(FERRIES, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(ferries), "--db", str(db)])
    assert result.exit_code == 2
    assert "is read-only" in result.output and "not a dyadscope store" not in result.output


def test_ask_fuses_both_rankers_from_one_store_state(tmp_path: Path) -> None:
    """A search's vector index came from one store state and BM25's from a later one (another process's ingest
    in between): BM25's hits the vectors did not know reached the answer without a vector."""
    db = _store(tmp_path)
    ferries = tmp_path / "ferries.md"
    ferries.write_text(FERRIES, encoding="utf-8")
    with dyadscope.open(db) as kb:
        kb.search("What did India and China sign?", k=3)
        older = kb.retriever.index()
        with dyadscope.open(db) as other:  # another process ingests between the two rankers' reads
            other.ingest_file(ferries)
        kb.retriever.index = lambda: older  # type: ignore[method-assign]
        answer = kb.ask("What did Iceland and Malta agree about a ferry route?")
        for point in answer.points:
            assert point.citations
        hits = kb.search("What did Iceland and Malta agree about a ferry route?", k=5)
        assert all(h.vector.size for h in hits)  # every hit is one the vector index knows
