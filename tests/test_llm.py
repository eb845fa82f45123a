"""Rewording a note with a language model: only sentences its cited evidence supports survive.

A small HTTP server on 127.0.0.1 stands in for the user's OpenAI-compatible endpoint (llama.cpp, Ollama)
and answers with what a model might write: one faithful sentence, one with an invented year, one that
cites nothing and one that cites evidence it was not given.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

import dyadscope
from dyadscope.ask.answer import Citation, Point
from dyadscope.ask.llm import LLM, LLMError, rewrite_note, supported
from dyadscope.ask.note import Note, NoteSection
from dyadscope.cli import app

EVIDENCE = [
    Citation("a.md", "A", 1, "In October 1990 the United States suspended military and economic aid to Pakistan."),
    Citation("a.md", "A", 2, "The Pressler Amendment required a yearly certification about Pakistan's nuclear device."),
]
REPLY = (
    "Washington suspended economic and military aid to Pakistan in October 1990 [1]. "
    "The suspension followed the Pressler Amendment's certification requirement about the nuclear device [2]. "
    "In 1995 the aid was restored in full [1]. "
    "Relations were therefore at their lowest point. "
    "Pakistan suspended aid to the United States in October 1990 [7]."
)


class FakeModel(BaseHTTPRequestHandler):
    prompts: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeModel.prompts.append(body["messages"][0]["content"])
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": REPLY}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def endpoint() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_only_supported_sentences_survive(endpoint: str) -> None:
    section = NoteSection("Fall (1990s)", "phase", [Point(c.text, [c]) for c in EVIDENCE])
    note = rewrite_note(Note("q", "PAK-USA", [section]), LLM(endpoint))
    assert note.warnings == []
    texts = [p.text for p in note.sections[0].points]
    assert texts == [
        "Washington suspended economic and military aid to Pakistan in October 1990.",
        "The suspension followed the Pressler Amendment's certification requirement about the nuclear device.",
    ]
    assert [p.citations for p in note.sections[0].points] == [[EVIDENCE[0]], [EVIDENCE[1]]]
    assert "[1] In October 1990" in FakeModel.prompts[-1] and "Fall (1990s)" in FakeModel.prompts[-1]


def test_support_check() -> None:
    assert supported("Aid to Pakistan was suspended in October 1990.", EVIDENCE[:1])
    assert not supported("Aid to Pakistan was suspended in 1991.", EVIDENCE[:1])  # a year the source lacks
    assert not supported("India and China fought a border war.", EVIDENCE)


def test_unreachable_endpoint_keeps_the_extracted_note() -> None:
    section = NoteSection("Fall", "phase", [Point(EVIDENCE[0].text, [EVIDENCE[0]])])
    note = rewrite_note(Note("q", None, [section], ["earlier warning"]), LLM("http://127.0.0.1:9/v1", timeout=2))
    assert note.sections[0].points == section.points
    assert note.warnings[0] == "earlier warning" and len(note.warnings) == 2  # kept, then one per failed section
    assert note.warnings[1].startswith("Fall: kept as extracted")
    with pytest.raises(LLMError, match="not an http"):
        LLM("file:///etc/passwd").complete("x")


@pytest.fixture(scope="module")
def aid_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of four dated sentences, ingested once for the note tests (each copies it)."""
    folder = tmp_path_factory.mktemp("aid")
    docs = folder / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(
        "# Relations\n\nIn October 1990 the United States suspended military and economic aid to Pakistan.\n\n"
        "In 1991 the United States halted deliveries of F-16 aircraft to Pakistan.\n\n"
        "In 1992 Washington warned Pakistan that it could be named a state sponsor of terrorism.\n\n"
        "In 2001 the United States and Pakistan agreed to cooperate against terrorism.\n",  # a phase needs 3 events
        encoding="utf-8",
    )
    with dyadscope.open(folder / "kb.db") as kb:
        kb.ingest([docs])
    return folder / "kb.db"


def test_cli_note_with_llm(tmp_path: Path, endpoint: str, aid_db: Path) -> None:
    db = Path(shutil.copy(aid_db, tmp_path / "kb.db"))
    out = tmp_path / "note.md"
    result = CliRunner().invoke(
        app, ["note", "Write a note on Pakistan and US relations", "--db", str(db), "-o", str(out), "--llm", endpoint]
    )
    assert result.exit_code == 0, result.output
    assert "Washington suspended economic and military aid to Pakistan in October 1990." in out.read_text()
    assert "restored in full" not in out.read_text()


def test_api_note_keeps_what_the_model_could_not_do(tmp_path: Path, aid_db: Path) -> None:
    with dyadscope.open(shutil.copy(aid_db, tmp_path / "kb.db")) as kb:
        note = kb.note("Write a note on Pakistan and US relations", llm="http://127.0.0.1:9/v1")
    assert note.warnings and all("kept as extracted" in w for w in note.warnings)
    assert note.directive == "write a note" and note.to_dict()["directive"] == "write a note"  # kept by the rewording
    assert note.to_dict()["warnings"] == note.warnings
