"""Inputs that used to stop a run, hang it or starve the machine (issue: no input stops a run).

Each test failed on the code before the fix: a FIFO or a link to /dev/zero hung or grew memory without end, a
run of symbols took seconds per kilobyte to tokenize, a DOCX zip bomb was inflated, a file name with Rich markup
was printed as markup, a mistyped `--db` made a new empty store, and actors, contexts and dates had to be typed as
codes ("timeline Pakistan US" found nothing).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from tests.conftest import copy_store
from typer.testing import CliRunner

import dyadscope
from dyadscope.cli import app
from dyadscope.ingest import IngestError, read_document, readers
from dyadscope.nlp.language import build_language

runner = CliRunner()
GOOD = "In 1954 India and China signed the Panchsheel agreement on trade with Tibet.\n"


def test_a_run_of_symbols_is_one_token_and_the_text_is_kept() -> None:
    nlp = build_language(parser=False)
    for run in ("=" * 16_000, "(" * 5000, "'" * 5000):
        text = f"Heading\n{run}\n\nIndia and China signed an agreement in 1954. Talks (1990) ended..."
        doc = nlp.make_doc(text)
        assert doc.text == text
        assert run in [t.text for t in doc]  # one token, not one per character (quadratic in spaCy)
        assert [t.text for t in doc][-6:] == ["Talks", "(", "1990", ")", "ended", "..."]
        assert len(doc) < 40


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_or_a_device_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(IngestError, match="not a regular file \\(a named pipe\\)"):
        read_document(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    with pytest.raises(IngestError, match="not a regular file \\(a character device\\)"):
        read_document(zero)


def test_a_link_that_leads_nowhere_or_loops_is_one_line(tmp_path: Path) -> None:
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    for link in (dangling, loop):
        result = runner.invoke(app, ["ingest", str(link), "--db", str(tmp_path / "kb.db")])
        assert result.exit_code == 2 and "symbolic link that loops or leads nowhere" in result.output
        assert "Traceback" not in result.output


def test_bad_files_in_a_folder_are_reported_and_the_rest_ingested(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(docs / "b.txt")
    (docs / "c.txt").symlink_to("/dev/zero")
    result = runner.invoke(app, ["ingest", str(docs), "--db", str(tmp_path / "kb.db")])
    assert result.exit_code == 1, result.output
    assert "b.txt: not a regular file (a named pipe)" in result.output
    assert "c.txt: not a regular file (a character device)" in result.output
    assert "1 of 3 files ingested" in result.output


def test_a_docx_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))  # 60 MB → about 60 KB
    bomb = tmp_path / "report.docx"
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 200_000
    with pytest.raises(IngestError, match="zip bomb"):
        read_document(bomb)


def test_a_text_over_the_limit_is_refused_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_TEXT_CHARS", 1000)
    long = tmp_path / "long.txt"
    long.write_text(GOOD * 40, encoding="utf-8")
    with pytest.raises(IngestError, match=r"text too long .* split the document"):
        read_document(long)


def test_a_file_name_with_markup_is_printed_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "[bold]notes"
    folder.mkdir()
    (folder / "[red]india-china.txt").write_text(GOOD, encoding="utf-8")
    (folder / "[blue]empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "kb.db")])
    assert "[bold]notes/[red]india-china.txt" in result.output
    assert "[blue]empty.txt: empty document" in result.output


def test_a_mistyped_store_is_an_error_naming_the_stores_nearby(tmp_path: Path) -> None:
    made = runner.invoke(app, ["ingest", str(_good(tmp_path)), "--db", str(tmp_path / "pakus.db")])
    assert made.exit_code == 0, made.output
    for command in (["events"], ["phases", "PAK", "USA"], ["timeline", "IND", "CHN"]):
        result = runner.invoke(app, [*command, "--db", str(tmp_path / "pakusx.db")])
        assert result.exit_code == 2 and "no dyadscope store here" in result.output, result.output
        assert "did you mean pakus.db" in result.output
    assert not (tmp_path / "pakusx.db").exists()
    nowhere = tmp_path / "no" / "such" / "x.db"
    result = runner.invoke(app, ["ingest", str(_good(tmp_path)), "--db", str(nowhere)])
    assert result.exit_code == 2 and "no such folder" in result.output
    assert not (tmp_path / "no").exists()


def _good(folder: Path) -> Path:
    path = folder / "india-china.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_actors_contexts_and_dates_are_read_as_users_write_them(sample_db: Path, tmp_path: Path) -> None:
    db = str(copy_store(sample_db, tmp_path))
    by_name = runner.invoke(app, ["timeline", "China", "India", "--db", db])
    assert by_name.exit_code == 0 and "read China as CHN and India as IND" in by_name.output
    assert "CHN–IND:" in by_name.output and "dated events" in by_name.output
    by_code = runner.invoke(app, ["timeline", "CHN", "IND", "--db", db])
    assert by_code.output.split("CHN–IND:")[1] == by_name.output.split("CHN–IND:")[1]
    typo = runner.invoke(app, ["phases", "Chna", "India", "--db", db])
    assert typo.exit_code == 2 and "unknown actor 'Chna' (did you mean china = CHN" in typo.output
    decade = runner.invoke(
        app,
        ["events", "--db", db, "--dyad", "India-China", "--start", "the 1960s", "--end", "1960s", "--format", "json"],
    )
    assert decade.exit_code == 0, decade.output
    years = {int(e["date"]["start"][:4]) for e in json.loads(decade.output)}
    assert years and all(1960 <= y <= 1969 for y in years)
    words = runner.invoke(app, ["events", "--db", db, "--context", "weather"])
    assert words.exit_code == 2 and "unknown context 'weather': one of cbrn," in words.output
    with dyadscope.open(db) as kb:
        assert (
            kb.events(dyad="India-China", context="nuclear")
            .to_pandas()
            .equals(kb.events(dyad="CHN-IND", context="cbrn").to_pandas())
        )


def test_markdown_outputs_never_carry_raw_html(sample_db: Path, tmp_path: Path) -> None:
    """Issue: Markdown outputs kept a document's raw `<script>`, which Markdown viewers run."""
    from dyadscope.report import render_markdown
    from dyadscope.review.render import to_markdown

    hostile = tmp_path / "hostile.md"
    hostile.write_text(
        "# Border talks <script>alert(1)</script>\n\nIn 2005 China and India signed an agreement on the border"
        " <img src=x onerror=alert(2)> and agreed to hold further talks.\n",
        encoding="utf-8",
    )
    with dyadscope.open(copy_store(sample_db, tmp_path)) as kb:
        kb.ingest([hostile])
        outputs = {
            "report": render_markdown(kb.analysis(("CHN", "IND")), kb.store.documents()),
            "ask": kb.ask("What did China and India agree on the border in 2005?").to_markdown(),
            "note": kb.note("Write a note on China-India relations").to_markdown(),
        }
        outputs["review"] = to_markdown(
            kb.review(
                "## Talks\n\nIn 2005 China and India signed a border agreement <script>x</script>.\n",
                "Discuss China-India relations.",
            )
        )
    assert any("alert" in text for text in outputs.values())  # the hostile text is there, shown as text
    for name, text in outputs.items():
        assert "<script" not in text and "<img" not in text, name


def test_a_full_disk_is_said_and_the_store_is_left_as_it_was(tmp_path: Path) -> None:
    """Issue: a full disk reported "cannot rollback - no transaction is active". SQLite's page limit stands in
    for the disk."""
    from dyadscope.store import StoreError

    with dyadscope.open(tmp_path / "kb.db") as kb:
        kb.ingest([_good(tmp_path)])
        before = kb.store.documents()
        pages = kb.store.conn.execute("PRAGMA page_count").fetchone()[0]
        kb.store.conn.execute(f"PRAGMA max_page_count = {pages + 1}")
        big = tmp_path / "big.txt"
        big.write_text(
            "".join(f"In {1950 + i % 70} India and China held talks on trade number {i}.\n\n" for i in range(3000)),
            encoding="utf-8",
        )
        with pytest.raises(StoreError, match=r"the disk is full; .*big\.txt was not stored"):
            kb.ingest_file(big)
        assert kb.store.documents() == before
        assert kb.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_mixed_encodings_are_read_line_by_line_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Issue: text with UTF-8 and Windows-1252 lines was stored as mojibake ("ZÃ¼rich"), without a word."""
    mixed = tmp_path / "notes.txt"
    mixed.write_bytes(
        "In 1993 Israel and the PLO held talks in Zürich and Oslo.\n".encode()
        + "The naïve résumé of the accord was signed in 1993.\n".encode("cp1252")
    )
    with caplog.at_level("WARNING"):
        text = read_document(mixed).text
    assert "Zürich" in text and "naïve résumé" in text and "Ã" not in text
    assert "notes.txt: mixed encodings" in caplog.text
    latin = tmp_path / "latin.txt"
    latin.write_bytes("The naïve résumé of the accord was signed in 1993.\n".encode("cp1252"))
    assert "naïve résumé" in read_document(latin).text  # one encoding: read as before, no warning


def test_a_paragraph_over_a_million_characters_is_read_and_the_rest_too(tmp_path: Path) -> None:
    """Item 1: a paragraph over spaCy's default 1,000,000 characters raised its length error, printed a traceback
    and stopped the run. Now it is one (long) sentence, and the paragraph after it is coded as usual."""
    words = ("the talks went on for many hours and ended without an accord on river trade ports " * 13_000).split()
    long = tmp_path / "long.txt"
    long.write_text(" ".join(words) + ".\n\n" + GOOD, encoding="utf-8")
    assert long.stat().st_size > 1_000_000
    other = tmp_path / "other.txt"
    other.write_text(GOOD.replace("1954", "1955"), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(long), str(other), "--db", str(tmp_path / "kb.db")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "2 of 2 files ingested" in result.output
    with dyadscope.open(tmp_path / "kb.db") as kb:
        years = sorted(e.date.start.year for e in kb.events(dyad="CHN-IND") if e.date)
    assert years == [1954, 1955]
