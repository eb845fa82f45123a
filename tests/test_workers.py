"""`dyadscope ingest --workers N`: documents are read and coded in worker processes, written in order by one writer.

The result must not depend on the number of workers: the same documents, sentences, mentions, events,
evidence and vectors (byte for byte) with one process and with two; a bad file fails on its own; a second
ingest of the same files finds every one unchanged.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import store_rows
from typer.testing import CliRunner

import dyadscope
from dyadscope.api import FileResult
from dyadscope.cli import app

runner = CliRunner()

DOCUMENTS = {
    "aegean.md": "# Aegean talks\n\nOn 12 March 2021 Greece and Turkey resumed exploratory talks in Ankara after a "
    "five-year pause. Greek officials said the talks would address maritime boundaries. In August 2020 Turkey "
    "sent a survey ship into waters claimed by Greece, and Athens protested.\n",
    "galwan.md": "# Galwan valley\n\nIn June 2020 Chinese and Indian troops clashed in the Galwan valley, and twenty "
    "Indian soldiers were killed. On 10 September 2020 India and China agreed to disengage their troops along "
    "the border. India banned dozens of Chinese apps in July 2020.\n",
    "badme.txt": "Peace between neighbours\n\nOn 9 July 2018 Ethiopia and Eritrea signed a joint declaration of "
    "peace and friendship in Asmara. Ethiopia agreed to hand back the town of Badme to Eritrea. In September "
    "2018 the two countries reopened their border crossings.\n",
    "cyprus.md": "# Cyprus\n\nIn July 1974 Turkey invaded Cyprus after a coup backed by the junta in Athens. Greece "
    "withdrew from NATO's military command in August 1974 in protest. Turkey and Greece held talks in "
    "Brussels in 1975.\n",
    "doklam.md": "# Doklam\n\nIn June 2017 India sent troops to stop China from building a road on the Doklam "
    "plateau. China accused India of trespassing and demanded a withdrawal. On 28 August 2017 both countries "
    "announced that they had pulled back their troops.\n",
}
TABLES = {  # each table's columns that do not depend on when a document was written
    "documents": "id, path, content_hash, media_type, title, source, doc_date, doc_date_origin, news_like, dyad,"
    " n_sentences, n_events, extractor, kind, kind_origin",
    "sentences": "*",
    "mentions": "*",
    "events": "*",
    "event_actors": "*",
    "evidence": "*",
    "sentence_vectors": "*",
}


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    return store_rows(db, TABLES)


@dataclass
class Stores:
    corpus: Path
    one: Path  # ingested with one process
    two: Path  # with two
    files: list[Path]  # what an ingest of the corpus reads, in order
    results: list[FileResult]  # what the ingest with two said


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    """The corpus (with one bad file) ingested with one process and with two."""
    root = tmp_path_factory.mktemp("workers")
    corpus = _corpus(root / "corpus")
    (corpus / "broken.docx").write_bytes(b"\x00\x01not a zip at all\xff" * 20)
    one, two = root / "one.db", root / "two.db"
    with dyadscope.open(one) as kb:
        kb.ingest([corpus], workers=1)
    with dyadscope.open(two) as kb:
        files = kb.files([corpus])
        results = kb.ingest([corpus], workers=2)
    return Stores(corpus, one, two, files, results)


def test_two_workers_store_exactly_what_one_does(stores: Stores) -> None:
    first, second = _rows(stores.one), _rows(stores.two)
    assert len(first["documents"]) == len(DOCUMENTS)
    assert first["events"], "the corpus codes no events: the comparison would prove little"
    assert len(first["sentence_vectors"]) == len(first["sentences"])
    for table in TABLES:
        assert first[table] == second[table], table


def test_results_come_back_in_input_order_with_counts(stores: Stores) -> None:
    assert [r.path for r in stores.results] == [str(p) for p in stores.files]
    added = [r for r in stores.results if r.status == "added"]
    assert len(added) == len(DOCUMENTS) and all(r.sentences > 0 and r.kind for r in added)
    failed = [r for r in stores.results if r.status == "failed"]
    assert [Path(r.path).name for r in failed] == ["broken.docx"] and failed[0].error


def test_a_second_ingest_finds_everything_unchanged_and_the_bad_file_failed(stores: Stores, tmp_path: Path) -> None:
    corpus = stores.corpus
    db = tmp_path / "kb.db"
    db.write_bytes(stores.two.read_bytes())
    seen: list[str] = []
    with dyadscope.open(db) as kb:
        results = kb.ingest([corpus], workers=2, on_file=lambda r: seen.append(r.path))
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["broken.docx"].status == "failed" and by_name["broken.docx"].error
    assert {r.status for name, r in by_name.items() if name != "broken.docx"} == {"unchanged"}
    assert seen == [r.path for r in results] == [str(p) for p in sorted(corpus.iterdir())]


def test_cli_ingest_with_two_workers(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    (corpus / "empty.pdf").write_bytes(b"")
    db = tmp_path / "kb.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--workers", "2"])
    assert result.exit_code == 1, result.output  # the empty pdf failed
    failure = [line for line in result.output.splitlines() if "empty.pdf" in line]
    assert len(failure) == 1 and "Traceback" not in result.output
    assert result.output.count("    added") == len(DOCUMENTS)
    assert f"{len(DOCUMENTS)} of {len(DOCUMENTS) + 1} files ingested" in result.output
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--workers", "2"])
    assert again.output.count("unchanged") == len(DOCUMENTS) + 1  # each file's line and the summary


def test_workers_must_be_at_least_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "kb.db"), "--workers", "0"])
    assert result.exit_code != 0


def test_a_killed_run_leaves_whole_documents_and_a_second_run_completes_it(tmp_path: Path) -> None:
    """`ingest --workers 2` killed (with its workers) after the first documents are stored: every stored document
    has all its sentences and events, and running the ingest again ends with the store a whole run makes."""
    import signal
    import subprocess
    import sys
    import time

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    stories = list(DOCUMENTS.values())
    for n in range(30):  # long enough that the run is still going when it is killed
        body = " ".join(story.split("\n\n", 1)[1].strip() for story in stories[n % 5 :] + stories[: n % 5])
        (corpus / f"{n:02d}.md").write_text(f"# Chronicle {n}\n\n{body} This is part {n}.\n", encoding="utf-8")
    db, whole = tmp_path / "killed.db", tmp_path / "whole.db"
    command = [sys.executable, "-m", "dyadscope", "ingest", str(corpus), "--db", str(db), "--workers", "2"]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 300
    try:
        while True:
            assert run.poll() is None, "the ingest ended before it could be killed"
            assert time.time() < deadline
            if db.exists():
                conn = sqlite3.connect(db)
                try:
                    stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                except sqlite3.OperationalError:  # the schema is not written yet
                    stored = 0
                finally:
                    conn.close()
                if stored >= 2:
                    break
            time.sleep(0.1)
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(30)
    conn = sqlite3.connect(db)
    try:
        documents = conn.execute(
            "SELECT d.n_sentences, d.n_events, (SELECT count(*) FROM sentences s WHERE s.doc_id=d.id),"
            " (SELECT count(*) FROM events e WHERE e.doc_id=d.id),"
            " (SELECT count(*) FROM sentence_vectors v JOIN sentences s ON s.id=v.sentence_id WHERE s.doc_id=d.id)"
            " FROM documents d"
        ).fetchall()
    finally:
        conn.close()
    assert 2 <= len(documents) < 30
    assert all(n_s == s == v and n_e == e for n_s, n_e, s, e, v in documents), documents
    with dyadscope.open(db) as kb:
        again = kb.ingest([corpus], workers=2)
    assert sum(r.status == "unchanged" for r in again) == len(documents)
    with dyadscope.open(whole) as kb:
        kb.ingest([corpus], workers=1)
    assert _rows(db) == _rows(whole)


def _threads() -> dict[str, object]:
    """How many threads each numeric library of this process may use, and whether tokenizers runs in parallel."""
    import threadpoolctl

    pools = {f"{p['internal_api']} {p['prefix']}": p["num_threads"] for p in threadpoolctl.threadpool_info()}
    return {"pools": pools, "tokenizers": os.environ.get("TOKENIZERS_PARALLELISM")}


def test_a_one_process_ingest_codes_on_one_thread_and_gives_the_threads_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Extra threads of BLAS and tokenizers bought nothing (measured: the same wall time, a third more CPU), and
    on a machine with other work they take cores from it: a one-process ingest codes on one thread."""
    from dyadscope.ingest import parallel

    corpus = _corpus(tmp_path / "corpus")
    before = _threads()
    seen: list[dict[str, object]] = []
    original = parallel.process

    def watched(*args: Any) -> Any:
        seen.append(_threads())
        return original(*args)

    monkeypatch.setattr(parallel, "process", watched)
    with dyadscope.open(tmp_path / "kb.db") as kb:
        kb.ingest([corpus], workers=1)
    assert len(seen) == len(DOCUMENTS)
    for threads in seen:
        assert set(threads["pools"].values()) == {1}, threads  # type: ignore[attr-defined]
        assert threads["tokenizers"] == "false"
    assert _threads() == before  # the caller's process as it was


def test_a_worker_process_runs_each_numeric_library_on_one_thread(tmp_path: Path) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import threadpoolctl

    from dyadscope.ingest.parallel import _start

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=_start, initargs=(str(tmp_path / "kb.db"), [])) as pool:
        pools = pool.submit(threadpoolctl.threadpool_info).result()
        tokenizers = pool.submit(os.getenv, "TOKENIZERS_PARALLELISM").result()
        rayon = pool.submit(os.getenv, "RAYON_NUM_THREADS").result()
    assert pools and {p["num_threads"] for p in pools} == {1}
    assert (tokenizers, rayon) == ("false", "1")
