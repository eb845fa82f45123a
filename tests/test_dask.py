"""Ingest and coding on a Dask cluster (issue 16, part 2), on a `LocalCluster` of two worker processes.

The cluster must change nothing but where the work is done: a store filled through it holds the same rows
(documents, sentences, mentions, events, evidence, vectors) as a plain ingest, even when a worker is killed
mid-job; a coded corpus (Parquet) holds the same events, imports into the same store (vectors aside) and
gives the same index; running it again adds nothing. Texts on pairs other than Pakistan–US.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from tests.conftest import store_rows
from typer.testing import CliRunner

import dyadscope
from dyadscope.api import FileResult
from dyadscope.cli import app
from dyadscope.errors import InputError

distributed = pytest.importorskip("distributed")

runner = CliRunner()

DOCUMENTS = {
    "senkaku.md": "# East China Sea\n\nIn September 2012 Japan bought three of the Senkaku islands from their private "
    "owner. China protested and sent patrol ships into the surrounding waters. Anti-Japanese demonstrators attacked "
    "Japanese shops in several Chinese cities in September 2012.\n",
    "cod.md": "# The cod wars\n\nIn 1975 Iceland extended its fishing limit to 200 miles. Britain sent frigates to "
    "protect its trawlers, and Icelandic gunboats cut their nets. On 19 February 1976 Iceland broke off diplomatic "
    "relations with Britain. The two governments signed an agreement in Oslo on 1 June 1976.\n",
    "beagle.txt": "SOURCE: Notes on the Beagle Channel dispute, 1985\nBeagle Channel\n\nIn December 1978 "
    "Argentina and Chile mobilised their armies over three islands in "
    "the Beagle Channel. Pope John Paul II sent a cardinal to mediate in January 1979. Argentina and Chile signed "
    "a treaty of peace and friendship in Rome on 29 November 1984.\n",
    "ogaden.md": "# Ogaden\n\nIn July 1977 Somalia invaded the Ogaden region of Ethiopia. The Soviet Union airlifted "
    "weapons to Ethiopia in November 1977, and Cuba sent troops. Somalia expelled Soviet advisers on 13 November "
    "1977.\n",
    "copy-of-cod.md": "",  # filled below: the same content as cod.md, under another name
    "broken.pdf": "",  # not a PDF: fails on its own
}
TABLES = {
    "documents": "path, content_hash, media_type, title, source, doc_date, doc_date_origin, news_like, dyad,"
    " n_sentences, n_events, extractor, kind, kind_origin",
    "sentences": 'doc_id, idx, start, "end", text, section_path, is_heading, date_start, date_end, date_granularity,'
    " date_inherited, context, is_table",
    "mentions": 'sentence_id, start, "end", text, code, kind, actor_id',
    "events": "*",
    "event_actors": "*",
    "evidence": "*",
    "sentence_vectors": "*",
}


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "copy-of-cod.md").write_text(DOCUMENTS["cod.md"], encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"\x00\x01 not a pdf")
    return folder


def _rows(db: Path, vectors: bool = True) -> dict[str, list[tuple[object, ...]]]:
    return store_rows(db, {t: c for t, c in TABLES.items() if vectors or t != "sentence_vectors"})


@pytest.fixture(scope="module")
def client() -> object:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The corpus, and a store it was ingested into by one process."""
    root = tmp_path_factory.mktemp("dask")
    corpus = _corpus(root / "corpus")
    with dyadscope.open(root / "plain.db") as kb:
        kb.ingest([corpus])
    return corpus, root / "plain.db"


def test_an_ingest_on_the_cluster_stores_what_a_plain_ingest_stores(
    client: object, plain: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, reference = plain
    heard: list[FileResult] = []
    with dyadscope.open(tmp_path / "dask.db") as kb:
        results = kb.ingest([corpus], on_file=heard.append, dask=client)  # type: ignore[arg-type]
    assert [Path(r.path).name for r in results] == sorted(DOCUMENTS)  # input order
    assert heard == results
    status = {Path(r.path).name: r.status for r in results}
    assert status["broken.pdf"] == "failed" and status["copy-of-cod.md"] == "unchanged"
    assert _rows(tmp_path / "dask.db") == _rows(reference)
    with dyadscope.open(tmp_path / "dask.db") as kb:  # again: nothing to do
        again = kb.ingest([corpus], dask=client)  # type: ignore[arg-type]
    assert {r.status for r in again} == {"unchanged", "failed"}


def test_a_worker_killed_mid_job_changes_nothing(client: object, plain: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, reference = plain
    pids: dict[str, int] = client.run(os.getpid)  # type: ignore[attr-defined]
    killed: list[int] = []

    def kill_one(result: FileResult) -> None:
        if not killed:  # the first result is in: the others are in flight on both workers
            victim = sorted(pids.values())[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    with dyadscope.open(tmp_path / "killed.db") as kb:
        kb.ingest([corpus], on_file=kill_one, dask=client)  # type: ignore[arg-type]
    assert killed
    assert _rows(tmp_path / "killed.db") == _rows(reference)
    client.wait_for_workers(2, timeout=120)  # type: ignore[attr-defined]  # the nanny restarts it


def test_a_coded_corpus_holds_the_events_and_imports_into_the_same_store(
    client: object, plain: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, reference = plain
    folder = tmp_path / "events"
    results = dyadscope.code_corpus([corpus], folder, client, per_part=2)  # type: ignore[arg-type]
    assert {Path(r.path).name: r.status for r in results}["copy-of-cod.md"] == "unchanged"
    assert len(list((folder / "events").glob("part-*.parquet"))) == 2  # four documents, two a part
    frame = dyadscope.read_events(folder)
    with dyadscope.open(reference) as kb:
        stored = kb.events()
    assert sorted(frame["id"]) == sorted(e.id for e in stored)
    assert len(dyadscope.read_events(folder, dask=True).compute()) == len(frame)
    with dyadscope.open(tmp_path / "imported.db") as kb:
        imported = kb.import_corpus(folder)
    assert sorted(r.status for r in imported) == ["added"] * 4
    assert _rows(tmp_path / "imported.db", vectors=False) == _rows(reference, vectors=False)
    # the index read straight from the Parquet files is the store's
    with dyadscope.open(reference) as kb:
        expected = kb.index("GBR-ISL", by="year")
    measured = dyadscope.corpus_analysis(folder, "Iceland-Britain", by="year").index
    assert measured.equals(expected) and len(expected) > 0
    # again: every document is held, nothing is written
    again = dyadscope.code_corpus([corpus], folder, client)  # type: ignore[arg-type]
    assert {r.status for r in again} == {"unchanged", "failed"}
    assert len(list((folder / "documents").glob("part-*.parquet"))) == 2


def test_the_command_line_codes_on_a_local_cluster_and_reads_the_result(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    folder = tmp_path / "events"
    result = runner.invoke(app, ["code-corpus", str(corpus), "-o", str(folder), "--dask", "local", "--workers", "2"])
    assert result.exit_code == 1, result.output  # the broken PDF
    assert "broken.pdf" in result.output and "4 coded, 1 unchanged of 6 files" in result.output
    result = runner.invoke(app, ["phases", "ARG", "CHL", "--corpus", str(folder), "--format", "json"])
    assert result.exit_code == 0 and '"level"' in result.output, result.output
    db = tmp_path / "kb.db"
    result = runner.invoke(app, ["import", str(folder), "--db", str(db)])
    assert result.exit_code == 0 and "4 added" in result.output, result.output
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--dask", "local", "--workers", "2"])
    assert "0 of 6" not in result.output and "unchanged" in result.output, result.output


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    result = runner.invoke(app, ["code-corpus", str(tmp_path), "-o", str(tmp_path / "taken")])
    assert result.exit_code == 2 and "not a folder" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["index", "CHN", "USA", "--corpus", str(tmp_path)])
    assert result.exit_code == 2 and "not a coded corpus" in result.output
    assert "Traceback" not in result.output
    (tmp_path / "a.md").write_text("In 2001 Japan protested to China.", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path / "a.md"), "--db", str(tmp_path / "k.db"), "--dask",
                                 "tcp://127.0.0.1:1"])  # fmt: skip
    assert result.exit_code == 2 and "cannot reach the Dask scheduler" in result.output, result.output


def test_a_bad_actor_file_is_named_by_its_own_path(client: object, tmp_path: Path) -> None:
    bad = tmp_path / "my-actors.yaml"
    bad.write_text("- name: [unclosed\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("In 2001 Japan protested to China.", encoding="utf-8")
    with (
        dyadscope.open(tmp_path / "k.db", actor_files=[bad]) as kb,
        pytest.raises(InputError) as error,
    ):
        kb.ingest([tmp_path / "a.md"], dask=client)  # type: ignore[arg-type]
    assert str(bad) in str(error.value)


def test_the_users_actor_files_code_on_the_cluster_as_they_do_here(client: object, tmp_path: Path) -> None:
    """A worker gets the actor files' contents, not their paths: the extractor it reports must be the one this
    process reports with the same files (it hashes each file's name with its bytes), or a store ingested here
    would be coded again on the cluster."""
    actors = tmp_path / "my-actors.yaml"
    actors.write_text("- {name: Republic of Biafra, aliases: [Biafra], code: BFR, kind: country, source: my notes}\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "biafra.md").write_text(
        "# Biafra\n\nIn April 1968 Tanzania recognised Biafra. Gabon recognised Biafra in May 1968.\n", encoding="utf-8"
    )
    with dyadscope.open(tmp_path / "here.db", actor_files=[actors]) as kb:
        kb.ingest([corpus])
    with dyadscope.open(tmp_path / "there.db", actor_files=[actors]) as kb:
        kb.ingest([corpus], dask=client)  # type: ignore[arg-type]
    assert store_rows(tmp_path / "here.db", TABLES) == store_rows(tmp_path / "there.db", TABLES)
    with dyadscope.open(tmp_path / "here.db", actor_files=[actors]) as kb:
        assert {r.status for r in kb.ingest([corpus], dask=client)} == {"unchanged"}  # type: ignore[arg-type]
