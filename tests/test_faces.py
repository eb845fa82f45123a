"""The faces (command line, web app, report) stand on the public API: `dyadscope.api`, the models, the errors
and the renderers; never on the store, the pipeline or the extractor beneath it (issue 17, part 1)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "dyadscope"
FACES = [*sorted((SRC / "cli").glob("*.py")), *sorted((SRC / "web").glob("*.py")), SRC / "report.py"]
BENEATH = ("dyadscope.store", "dyadscope.pipeline", "dyadscope.extract")


def test_no_face_imports_what_lies_beneath_the_api() -> None:
    found = []
    for path in FACES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(n == b or n.startswith(b + ".") for n in names for b in BENEATH):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_no_face_reaches_into_the_knowledge_base() -> None:
    """`kb.store` and `kb.pipeline` are the API's own: faces use kb.path, kb.documents(), kb.load()."""
    found = [
        f"{path.name}:{node.lineno} .{node.attr}"
        for path in FACES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in ("store", "pipeline", "reader", "retriever")
    ]
    assert found == []


def test_every_list_command_has_the_same_outputs(tmp_path: Path) -> None:
    """One option set and one `emit` (issue 17, part 2): table, json, jsonl, csv, parquet, and -o for each."""
    import json

    from typer.testing import CliRunner

    from dyadscope.cli import app
    from dyadscope.cli.reference import commands

    for name in ("events", "code", "index", "phases"):
        options = {o: p for p in commands()[name].params for o in p.opts}
        assert "-o" in options and "--format" in options, name
        assert {f.value for f in options["--format"].type_descriptor.annotation} >= {
            "table", "json", "jsonl", "csv", "parquet"
        }, name  # fmt: skip
    runner = CliRunner()
    text = "In 1999 Greece lifted its veto on Turkey's candidacy. In 2004 Turkey and Greece agreed to hold talks."
    lines = runner.invoke(app, ["code", text, "--format", "jsonl"]).stdout.splitlines()
    assert lines and all(json.loads(line)["type"] for line in lines)
    refused = runner.invoke(app, ["code", text, "--format", "parquet"])
    assert refused.exit_code == 2 and "-o" in refused.output
    written = runner.invoke(app, ["code", text, "-o", str(tmp_path / "events.parquet")])
    assert written.exit_code == 0 and (tmp_path / "events.parquet").stat().st_size > 0
