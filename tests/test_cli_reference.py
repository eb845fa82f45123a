"""docs/cli.md: a section and a runnable example for every command, and the generated reference current
(issue 17, part 4). The examples run here as written, in the folder the page describes."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadscope.cli import app
from dyadscope.cli.reference import DOC, commands, render

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "src" / "dyadscope" / "data" / "sample"
ANSWER = """Q. Write a note on India-China relations.

Introduction. India and China fought a border war in 1962, and relations stayed cold for decades.

The war. In 1962 China attacked Indian positions in the Himalayas.

Conclusion. Relations improved after 1988.
"""


def examples() -> list[str]:
    return [line[2:].strip() for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("$ dyadscope")]


def test_the_generated_reference_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert render(text) == text, "run: python -m dyadscope.cli.reference"


def test_every_command_has_a_section_an_example_and_its_reference() -> None:
    text = DOC.read_text(encoding="utf-8")
    shown = examples()
    for name in commands():
        assert f"## dyadscope {name}\n" in text and f"<!-- help: {name} -->" in text
        assert any(re.match(rf"dyadscope {name}\b", line) for line in shown), name


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("examples")
    (here / "samples").mkdir()
    for path in SAMPLE.glob("*.md"):
        if path.name != "README.md":
            shutil.copy(path, here / "samples" / path.name)
    (here / "answer.md").write_text(ANSWER, encoding="utf-8")
    shutil.copy(REPO / "tests" / "data" / "formats" / "icews_sample.tab", here / "events.tab")
    return here


def test_every_example_runs(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    runner = CliRunner()
    for line in examples():
        args = shlex.split(line)[1:]
        if args[0] == "serve":
            continue  # a server: the next test starts it
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"{line}\n{result.output}"
    assert (folder / "kb.db").exists() and (folder / "pak-usa.html").exists() and (folder / "note.md").exists()


def test_the_serve_example_serves(folder: Path) -> None:
    (line,) = [x for x in examples() if x.startswith("dyadscope serve")]
    args = shlex.split(line)[1:]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    args[args.index("--port") + 1] = port  # the documented port may be taken on this machine
    if not (folder / "kb.db").exists():
        assert (
            CliRunner().invoke(app, ["ingest", str(folder / "samples"), "--db", str(folder / "kb.db")]).exit_code == 0
        )
    server = subprocess.Popen(
        [sys.executable, "-m", "dyadscope", *args], cwd=folder, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/dyads", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.time() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(10)
