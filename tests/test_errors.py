"""Typed errors (issue 17, part 3): the library raises `DyadscopeError`s (input, not found, store, model); the
faces turn those into one line, and anything else is a bug: one line that says so, its traceback with --debug."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import dyadscope
from dyadscope.api import KnowledgeBase, parse_dyad
from dyadscope.cli import app
from dyadscope.errors import DyadscopeError, InputError, ModelError, NotFoundError
from dyadscope.ingest import IngestError
from dyadscope.nlp.actor_data import ActorDataError
from dyadscope.store import StoreError

runner = CliRunner()


def test_the_error_hierarchy() -> None:
    for kind in (InputError, NotFoundError, StoreError, ModelError, IngestError, ActorDataError):
        assert issubclass(kind, DyadscopeError)
    assert issubclass(InputError, ValueError) and issubclass(NotFoundError, InputError)  # old `except ValueError`s


def test_the_library_raises_typed_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        parse_dyad("GRC")
    with dyadscope.open(tmp_path / "kb.db") as kb:
        with pytest.raises(NotFoundError):
            kb.note("Discuss Greece–Turkey relations since 1999")
        with pytest.raises(InputError):
            kb.events(dyad="Atlantis-GRC")
        with pytest.raises(InputError):
            kb.index("GRC-TUR", by="century")


def test_a_bug_is_one_line_that_says_so_and_debug_shows_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "kb.db"
    (tmp_path / "a.md").write_text("In 1999 Greece lifted its veto on Turkey's candidacy for the EU.\n")
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.md"), "--db", str(db)]).exit_code == 0

    def broken(self: KnowledgeBase, question: str, k: int = 12) -> None:
        raise RuntimeError("an unforeseen state")

    monkeypatch.setattr(KnowledgeBase, "ask", broken)
    result = runner.invoke(app, ["ask", "Why?", "--db", str(db)])
    assert result.exit_code == 70 and "Traceback" not in result.output
    assert "bug" in result.output and "RuntimeError: an unforeseen state" in result.output
    assert "--debug" in result.output
    debug = runner.invoke(app, ["--debug", "ask", "Why?", "--db", str(db)])
    assert isinstance(debug.exception, RuntimeError)


def test_input_errors_stay_one_line(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    (tmp_path / "a.md").write_text("In 1999 Greece lifted its veto on Turkey's candidacy for the EU.\n")
    runner.invoke(app, ["ingest", str(tmp_path / "a.md"), "--db", str(db)])
    result = runner.invoke(app, ["index", "GRC", "Atlantis", "--db", str(db)])
    assert result.exit_code == 2 and "Atlantis" in result.output and "bug" not in result.output
