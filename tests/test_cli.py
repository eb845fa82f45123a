"""The command line as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_store
from typer.testing import CliRunner

from dyadscope.analyze import PERIODS
from dyadscope.cli import app

runner = CliRunner()


def test_ingest_timeline_events(tmp_path: Path, shared: Path) -> None:
    db = str(tmp_path / "pakus.db")
    result = runner.invoke(app, ["ingest", str(shared / "seeds"), str(shared / "corpora" / "pak-usa"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "12 of 12 files ingested" in result.output  # the seeds folder holds a README too
    timeline = runner.invoke(app, ["timeline", "PAK", "USA", "--db", db])
    # (the trained coder misses the seeds' 1998 sanctions, told as "sanctions ... imposed by the US in response to
    # Pakistan's nuclear tests in 1998"; the corpora's later ones it finds: README, known misses)
    assert timeline.exit_code == 0 and "dated events" in timeline.output and "SANCTION" in timeline.output
    listed = runner.invoke(app, ["events", "--db", db, "--dyad", "PAK-USA", "--format", "json"])
    events = json.loads(listed.stdout)
    assert events and all({"PAK", "USA"} == set(e["source"] + e["target"]) for e in events)
    csv = runner.invoke(app, ["events", "--db", db, "--dyad", "PAK-USA", "--format", "csv"])
    assert csv.stdout.splitlines()[0].startswith("id,date_start")
    again = runner.invoke(app, ["ingest", str(shared / "seeds"), "--db", db])
    assert again.exit_code == 0 and "6 unchanged" in again.output


def test_bad_file_gives_one_line_and_exit_code_1(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.txt").write_text("In 2009 the United States authorized aid to Pakistan.")
    (docs / "bad.docx").write_bytes(b"PK\x03\x04 broken zip")
    result = runner.invoke(app, ["ingest", str(docs), "--db", str(tmp_path / "kb.db")])
    assert result.exit_code == 1
    failure = [line for line in result.output.splitlines() if "bad.docx" in line]
    assert len(failure) == 1 and "Traceback" not in result.output
    missing = runner.invoke(app, ["ingest", str(tmp_path / "nowhere"), "--db", str(tmp_path / "kb.db")])
    assert missing.exit_code == 2 and "nowhere" in missing.output and "Traceback" not in missing.output


def test_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "fake.db"
    fake.write_text("this is not sqlite" * 100)
    result = runner.invoke(app, ["events", "--db", str(fake)])
    assert result.exit_code == 2 and "fake.db" in result.output and "Traceback" not in result.output


def test_code_one_text_and_stdin_lines() -> None:
    one = runner.invoke(
        app,
        [
            "code",
            "In 1998 the United States imposed sanctions on Pakistan after its nuclear tests.",
            "--format",
            "json",
        ],
    )
    events = json.loads(one.stdout)
    assert any(e["type"] == "SANCTION" and e["source"] == ["USA"] and e["target"] == ["PAK"] for e in events)
    lines = (
        "In 1954 Pakistan signed a mutual defence agreement with the United States.\nNothing happened here.\n"
        "In 2011 US forces raided Abbottabad in Pakistan.\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "dyadscope", "code", "-"], input=lines, capture_output=True, text=True, check=True
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 3 and rows[1] == [] and rows[0] and rows[2]
    assert rows[2][0]["source"] == ["USA"] and rows[2][0]["type"] == "ASSAULT"


def test_demo_runs_on_the_bundled_corpus(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--db", str(tmp_path / "demo.db")])
    assert result.exit_code == 0, result.output
    assert "pakistan-united-states.md" in result.output and "india-china.md" in result.output
    assert "PAK–USA" in result.output and "1954" in result.output
    assert (tmp_path / "demo-report.html").stat().st_size > 1_000_000  # plotly inlined


def test_index_phases_report(sample_db: Path, tmp_path: Path) -> None:
    db = str(copy_store(sample_db, tmp_path))
    sample = Path(__file__).resolve().parents[1] / "src" / "dyadscope" / "data" / "sample"
    assert runner.invoke(app, ["ingest", str(sample), "--db", db]).exit_code == 0  # adds README.md to the shared store
    rows = json.loads(
        runner.invoke(app, ["index", "PAK", "USA", "--db", db, "--by", "decade", "--format", "json"]).stdout
    )
    assert [r["period"] for r in rows][:3] == ["1940s", "1950s", "1960s"]
    assert {"period", "start", "end", "score", "low", "high", "events"} <= set(rows[0])
    table = runner.invoke(app, ["index", "PAK", "USA", "--db", db])
    assert table.exit_code == 0 and "1998" in table.output
    weekly = runner.invoke(app, ["index", "PAK", "USA", "--db", db, "--by", "week"])
    assert weekly.exit_code == 2 and all(f"'{p}'" in weekly.output for p in PERIODS)  # analyze's list
    phases = json.loads(runner.invoke(app, ["phases", "PAK", "USA", "--db", db, "--format", "json"]).stdout)
    assert phases and {"start", "end", "level", "score", "low", "high", "key_events", "drivers", "summary"} <= set(
        phases[0]
    )
    for suffix in ("html", "md", "json"):
        done = runner.invoke(app, ["report", "PAK", "USA", "--db", db, "-o", str(tmp_path / f"r.{suffix}")])
        assert done.exit_code == 0 and (tmp_path / f"r.{suffix}").stat().st_size > 500
    bad = runner.invoke(app, ["report", "PAK", "USA", "--db", db, "-o", str(tmp_path / "r.pdf")])
    assert bad.exit_code == 2 and "r.pdf" in bad.output


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    """Issue: every command took 4-5 s to start, even `--help`: the CLI imported spaCy, pandas and the models
    before it knew what it was asked. `benchmarks/bench_startup.py` times it; this checks what is loaded."""
    script = (
        "import sys, dyadscope.cli\n"
        "heavy = [m for m in ('spacy', 'pandas', 'torch', 'onnxruntime', 'tantivy', 'faiss', 'fastapi')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == ""
