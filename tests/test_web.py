"""The web app: the JSON API through FastAPI's TestClient, and every page for real in headless Chromium."""

from __future__ import annotations

import os
import re
import socket
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import REPO, chromium_page, copy_store, needs_chromium
from typer.testing import CliRunner

import dyadscope
from dyadscope.cli import app as cli
from dyadscope.models import DOCUMENT_KINDS
from dyadscope.web import create_app, is_loopback
from dyadscope.web.security import MIB, TooLarge, megabytes
from dyadscope.web.services import DOCUMENT_TYPES, Rejected, Worker, safe_name, too_large, uploads_folder

ANSWERS = REPO / "tests" / "data" / "answers"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
HOSTILE_DOC = (
    f"# Field notes {HOSTILE}\n\n"
    f"In 1998 the United States imposed sanctions on Pakistan {HOSTILE} after its nuclear tests.\n"
)
QUESTION = "Write a note on fluctuating relations between Pakistan and US"
LIMIT = 64 * 1024  # the upload limit of the API tests' app


@pytest.fixture(scope="module")
def client(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = copy_store(sample_db, tmp_path_factory.mktemp("web-api"))
    with TestClient(create_app(db, max_upload=LIMIT, warm_up=False), base_url="http://127.0.0.1") as c:
        yield c


def upload(client: TestClient, name: str, data: bytes) -> Any:
    return client.post("/api/documents", files={"file": (name, data, "application/octet-stream")})


# ------------------------------------------------------------------ JSON API


def test_documents_and_dyads(client: TestClient) -> None:
    docs = client.get("/api/documents").json()
    assert {d["name"] for d in docs} >= {"pakistan-united-states.md", "india-china.md"}
    assert all(d["n_sentences"] > 0 for d in docs)
    assert all(d["kind"] in DOCUMENT_KINDS and d["format"] == "md" for d in docs)  # what it is; what file it was
    dyads = client.get("/api/dyads").json()
    assert {d["dyad"] for d in dyads[:2]} == {"PAK-USA", "CHN-IND"} and min(d["events"] for d in dyads[:2]) > 10
    assert [d["events"] for d in dyads] == sorted((d["events"] for d in dyads), reverse=True)  # best documented first


def test_upload_good_file_is_saved_beside_the_store_and_ingested(client: TestClient) -> None:
    text = b"# Notes\n\nIn May 2022 Bilawal Bhutto met Antony Blinken in Washington.\n"
    first = upload(client, "my notes (2022).md", text)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["name"] == "my notes (2022).md" and body["status"] == "added" and body["events"] >= 1
    folder = uploads_folder(Path(client.app.state.worker.db_path))  # type: ignore[attr-defined]
    [saved] = folder.rglob("my notes (2022).md")  # in a folder named by the content's hash
    assert saved.read_bytes() == text
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o666 & ~umask  # files.write_atomic's
    assert not [p.name for p in folder.rglob("*") if p.name.startswith(".")]  # no temporary file left behind
    again = upload(client, "my notes (2022).md", text)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert "my notes (2022).md" in {d["name"] for d in client.get("/api/documents").json()}


def test_uploads_with_names_alike_or_in_other_scripts_never_overwrite_each_other(client: TestClient) -> None:
    """Issue: "Report 2023.txt" and "Report_2023.txt" became one file, and every all-Urdu name document.txt."""
    uploads = {
        "Report 2023.txt": b"In 2023 China and India held talks on their border.",
        "Report_2023.txt": b"In 2023 Japan and South Korea agreed to resume visits.",
        "رپورٹ.md": b"In 2019 India and Pakistan exchanged air strikes.",
        "報告.md": b"In 2014 Russia annexed Crimea from Ukraine.",
        "اطلاعات.md": b"In 2015 Iran and the United States agreed on the nuclear deal.",
    }
    for name, data in uploads.items():
        response = upload(client, name, data)
        assert response.status_code == 201 and response.json()["name"] == name, response.text
    listed = {d["name"] for d in client.get("/api/documents").json()}
    assert set(uploads) <= listed
    folder = uploads_folder(Path(client.app.state.worker.db_path))  # type: ignore[attr-defined]
    assert {p.read_bytes() for p in folder.rglob("*") if p.name in uploads} == set(uploads.values())


def test_upload_refuses_other_types_with_a_clear_error(client: TestClient) -> None:
    for name, data in [("tool.exe", b"MZ\x90\x00"), ("events.csv", b"a,b\n1,2\n"), ("noext", b"text")]:
        response = upload(client, name, data)
        assert response.status_code == 415, name
        assert "only txt, md" in response.json()["detail"]
    fake = upload(client, "report.pdf", b"<html>not a pdf</html>")
    assert fake.status_code == 415 and "not a PDF" in fake.json()["detail"]
    binary = upload(client, "notes.txt", b"\x00\x01\x02binary")
    assert binary.status_code == 415
    empty = upload(client, "empty.md", b"  \n")
    assert empty.status_code == 400 and "empty" in empty.json()["detail"]


def test_upload_refuses_oversize_files(client: TestClient) -> None:
    just_over = upload(client, "big.txt", b"a" * (LIMIT + 1))  # the file is over; the request is not
    assert just_over.status_code == 413 and "limit" in just_over.json()["detail"]
    huge = upload(client, "huge.txt", b"a" * (4 * 1024 * 1024))  # refused by its Content-Length, unread
    assert huge.status_code == 413 and "limit" in huge.json()["detail"]
    assert "big.txt" not in {d["name"] for d in client.get("/api/documents").json()}

    def chunked() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="s.txt"\r\n\r\n'
        for _ in range(64):
            yield b"a" * 16384

    streamed = client.post(
        "/api/documents", content=chunked(), headers={"content-type": "multipart/form-data; boundary=x"}
    )
    assert streamed.status_code == 413 and "limit" in streamed.json()["detail"]


def test_upload_never_writes_outside_its_folder(client: TestClient) -> None:
    db = Path(client.app.state.worker.db_path)  # type: ignore[attr-defined]
    folder = uploads_folder(db)
    before = {p for p in db.parent.parent.rglob("*") if "uploads" not in str(p)}
    names = {}
    for i, hostile in enumerate(["../../evil.md", "..\\..\\evil2.md", "/etc/evil3.md", "C:\\evil4.md"]):
        response = upload(client, hostile, f"In 199{i} the United States imposed sanctions on Pakistan.".encode())
        assert response.status_code == 201, response.text
        names[hostile] = response.json()["name"]
    assert names == {"../../evil.md": "evil.md", "..\\..\\evil2.md": "evil2.md", "/etc/evil3.md": "evil3.md",
                     "C:\\evil4.md": "evil4.md"}  # fmt: skip
    assert all(len(list(folder.rglob(n))) == 1 for n in names.values())
    after = {p for p in db.parent.parent.rglob("*") if "uploads" not in str(p)}
    assert {p.name for p in after - before} <= {"kb.db-wal", "kb.db-shm"}
    assert upload(client, "..", b"x").status_code == 415


@pytest.mark.parametrize(
    ("given", "expected"),
    [("notes.MD", "notes.md"), ("../../a b.txt", "a b.txt"), ("-.docx", "document.docx"), ("a..docx", "a.docx"),
     ("ｅｖｉｌ．md", "evil.md"), ("x\x00.md", "x.md"), ("über<b>.html", "über_b.html"), ("رپورٹ.md", "رپورٹ.md"),
     ('a<b>|c?.txt', "a_b_c.txt")],
)  # fmt: skip
def test_safe_name(given: str, expected: str) -> None:
    assert safe_name(given, DOCUMENT_TYPES) == expected


def test_safe_name_refuses_missing_or_wrong_suffix() -> None:
    for given in (None, "", "..", "a.md.exe", "a.md/.."):
        with pytest.raises(Rejected) as info:
            safe_name(given, DOCUMENT_TYPES)
        assert info.value.status == 415


def test_unreadable_upload_is_a_422_that_names_the_file_not_the_server_path(client: TestClient) -> None:
    response = upload(client, "broken.docx", b"PK\x03\x04 this is no zip archive")
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "failed" and body["detail"].startswith("broken.docx: ")
    assert str(uploads_folder(Path(client.app.state.worker.db_path))) not in body["detail"]  # type: ignore[attr-defined]


def test_index_and_phases_json(client: TestClient) -> None:
    index = client.get("/api/index", params={"dyad": "usa-pak", "by": "decade"}).json()
    assert index["dyad"] == "PAK-USA" and index["by"] == "decade"
    rows = index["index"]
    assert {"period", "start", "end", "score", "low", "high", "events", "interpolated"} <= set(rows[0])
    assert any(r["score"] is not None and r["events"] > 0 for r in rows)
    phases = client.get("/api/phases", params={"dyad": "PAK-USA"}).json()
    measured = [p for p in phases["phases"] if p["score"] is not None]  # gaps: too little evidence, no turn
    assert phases["by"] == "year" and len(measured) >= 2 and len(phases["turns"]) == len(measured) - 1
    assert all(p["level"] == "no evidence: add sources" for p in phases["phases"] if p["score"] is None)
    assert {"start", "end", "level", "score", "key_events", "drivers", "summary"} <= set(phases["phases"][0])
    best = client.get("/api/dyads").json()[0]["dyad"]  # the sample's two documents: CHN-IND and PAK-USA
    assert best in {"CHN-IND", "PAK-USA"} and client.get("/api/index").json()["dyad"] == best  # the default
    missing = client.get("/api/index", params={"dyad": "FRA-BRA"})
    assert missing.status_code == 404 and missing.json()["detail"] == "no events between BRA and FRA in this store"
    assert client.get("/api/index", params={"dyad": "PAK"}).status_code == 422
    assert client.get("/api/phases", params={"by": "century"}).status_code == 422


def test_events_json_pages_in_the_stable_schema(client: TestClient) -> None:
    data = client.get("/api/events", params={"dyad": "PAK-USA", "limit": 5}).json()
    assert data["total"] > 5 and len(data["events"]) == 5
    event = data["events"][0]
    assert {"id", "source", "target", "type", "intensity", "date", "evidence"} <= set(event)
    rest = client.get("/api/events", params={"dyad": "PAK-USA", "limit": 5, "offset": 5}).json()["events"]
    assert not {e["id"] for e in rest} & {e["id"] for e in data["events"]}
    assert client.get("/api/events", params={"start": "soon"}).status_code == 422


def test_ask_json(client: TestClient) -> None:
    answer = client.get("/api/ask", params={"q": "Why did Pakistan-US relations deteriorate in the 1990s?"}).json()
    assert answer["supported"] and 3 <= len(answer["points"]) <= 6
    assert all(p["citations"] and p["citations"][0]["title"] for p in answer["points"])
    assert answer["dyad"] == "PAK-USA"
    unknown = client.get("/api/ask", params={"q": "What did Zorblax say about the Quuxian treaty?"}).json()
    assert unknown["supported"] is False and unknown["points"] == []
    assert client.get("/api/ask", params={"q": ""}).status_code == 422


def test_note_json(client: TestClient) -> None:
    note = client.post("/api/note", json={"question": QUESTION}).json()
    assert note["dyad"] == "PAK-USA" and len(note["sections"]) >= 3 and note["outline"][0].startswith("Introduction")
    assert note["html"].startswith("<!doctype html>") and note["markdown"].startswith(f"# {QUESTION}")
    assert client.post("/api/note", json={"question": QUESTION, "by": "century"}).status_code == 422


def test_review_json_from_text_and_from_a_file(client: TestClient) -> None:
    answer = (ANSWERS / "wrong_facts_fluctuating.md").read_text(encoding="utf-8")
    pasted = client.post("/api/review", data={"text": answer}).json()
    assert pasted["question"].startswith("Write a note on fluctuating relations") and pasted["words"] > 500
    kinds = {f["kind"] for f in pasted["findings"]}
    assert kinds and kinds <= {"consistency", "relevance", "evidence", "coverage", "structure", "language"}
    assert 'class="row"' in pasted["html"] and "<aside>" in pasted["html"]
    uploaded = client.post("/api/review", files={"file": ("answer.md", answer.encode(), "text/markdown")}).json()
    assert [f["message"] for f in uploaded["findings"]] == [f["message"] for f in pasted["findings"]]
    crlf = client.post("/api/review", data={"text": answer.replace("\n", "\r\n")}).json()  # as browsers send it
    assert [f["message"] for f in crlf["findings"]] == [f["message"] for f in pasted["findings"]]
    assert "<h3>Introduction</h3>" in crlf["html"]
    hostile = client.post("/api/review", data={"text": f"{QUESTION}\n\n## Introduction\n\n{HOSTILE} relations."})
    assert hostile.status_code == 200 and "<script>alert(1)" not in hostile.json()["html"]
    assert client.post("/api/review", data={"text": "  "}).status_code == 400
    wrong = client.post("/api/review", files={"file": ("answer.pdf", b"%PDF-1.4", "application/pdf")})
    assert wrong.status_code == 415 and "only txt, md" in wrong.json()["detail"]
    no_question = client.post("/api/review", data={"text": "Some words about nothing in particular."})
    assert no_question.status_code == 422 and "no question" in no_question.json()["detail"]


def test_pages_render_and_escape_document_text(client: TestClient) -> None:
    assert upload(client, "hostile.md", HOSTILE_DOC.encode()).status_code == 201
    corpus = client.get("/corpus").text
    assert "<script>alert(1)</script>" not in corpus and "&lt;script&gt;alert(1)&lt;/script&gt;" in corpus
    relationship = client.get("/relationship", params={"dyad": "PAK-USA"}).text
    assert "<img src=x" not in relationship and "onerror=alert(2)&gt;" in relationship
    assert 'id="index-chart"' in relationship and '<script src="/static/plotly.min.js">' in relationship
    for path in ("/corpus", "/relationship", "/ask?q=nuclear+tests", "/note", "/review", "/docs"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "http://" not in page.text.replace("http://127.0.0.1", "") and "https://" not in page.text, path
    assert client.get("/", follow_redirects=False).headers["location"] == "/relationship"
    assert client.get("/static/plotly.min.js").text.startswith("/**")
    assert client.get("/relationship", params={"dyad": "FRA-BRA"}).status_code == 404


def test_openapi_docs_work_offline(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/documents", "/api/dyads", "/api/index", "/api/phases", "/api/events", "/api/ask", "/api/note",
            "/api/review"} <= paths  # fmt: skip
    assert not any(p.startswith(("/corpus", "/relationship", "/login")) for p in paths)
    docs = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in docs and "cdn" not in docs and '"validatorUrl": null' in docs
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    legacy = client.get("/api/openapi-3.0.json").json()
    assert legacy["openapi"] == "3.0.3" and '{"type": "null"}' not in str(legacy).replace("'", '"')


def test_token_is_required_on_every_request_when_set(sample_db: Path, tmp_path: Path) -> None:
    app = create_app(copy_store(sample_db, tmp_path), token="s3cret;=0123456789", warm_up=False)
    with TestClient(app, base_url="http://192.0.2.10") as c:  # any Host: the token protects it
        refused = c.get("/api/documents")
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert c.get("/api/documents", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/documents", headers={"Authorization": "Bearer s3cret;=0123456789"}).status_code == 200
        assert c.get("/openapi.json").status_code == 401
        page = c.get("/relationship?dyad=PAK-USA", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Frelationship%3Fdyad%3DPAK-USA"
        assert c.get("/login").status_code == 200 and c.get("/static/style.css").status_code == 200
        assert upload(c, "notes.md", b"In 1998 the US imposed sanctions on Pakistan.").status_code == 401
        wrong = c.post("/login", data={"token": "nope", "next": "/corpus"}, follow_redirects=False)
        assert wrong.status_code == 401
        right = c.post(
            "/login", data={"token": "s3cret;=0123456789", "next": "//elsewhere.example"}, follow_redirects=False
        )
        assert right.status_code == 303 and right.headers["location"] == "/"  # no open redirect
        assert "HttpOnly" in right.headers["set-cookie"] and "SameSite=Strict" in right.headers["set-cookie"]
        assert c.get("/api/documents").status_code == 200  # the cookie now carries it
        c.cookies.clear()
        assert c.get("/api/dyads").status_code == 401
        by_query = c.get("/corpus", params={"token": "s3cret;=0123456789"})
        assert by_query.status_code == 200 and "dyadscope_token" in by_query.headers["set-cookie"]
        assert c.get("/api/dyads").status_code == 200


def test_short_tokens_are_refused_and_wrong_ones_slowed(sample_db: Path, tmp_path: Path) -> None:
    """Issue: any token was accepted, and wrong ones could be tried without end."""
    db = copy_store(sample_db, tmp_path)
    with pytest.raises(ValueError, match="at least 16 characters"):
        create_app(db, token="short", warm_up=False)
    token = "a-long-enough-token-42"
    app = create_app(db, token=token, warm_up=False)
    with TestClient(app, base_url="http://192.0.2.10") as c:
        assert c.get("/api/dyads").status_code == 401  # no token at all: not counted as a guess
        for guess in range(4):
            assert c.get("/api/dyads", headers={"Authorization": f"Bearer guess{guess}"}).status_code == 401
        assert c.post("/login", data={"token": "guess4"}, follow_redirects=False).status_code == 401
        locked = c.get("/api/dyads", headers={"Authorization": f"Bearer {token}"})
        assert locked.status_code == 429 and 0 < int(locked.headers["retry-after"]) <= 60  # even the right one
        assert c.post("/login", data={"token": token}, follow_redirects=False).status_code == 429


def test_local_app_answers_loopback_hosts_only_and_refuses_cross_site_posts(client: TestClient) -> None:
    assert client.get("/api/dyads", headers={"host": "evil.example"}).status_code == 400  # DNS rebinding
    assert client.get("/api/dyads", headers={"host": "localhost:8000"}).status_code == 200
    cross = client.post("/api/note", json={"question": QUESTION}, headers={"origin": "http://evil.example"})
    assert cross.status_code == 403
    sandboxed = client.post("/api/note", json={"question": QUESTION}, headers={"origin": "null"})
    assert sandboxed.status_code == 403  # a sandboxed frame or a file:// page
    same = client.post("/api/note", json={"question": QUESTION}, headers={"origin": "http://127.0.0.1"})
    assert same.status_code == 200
    headers = client.get("/corpus").headers
    assert "default-src 'self'" in headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"


def test_local_app_answers_every_loopback_address_serve_accepts(sample_db: Path, tmp_path: Path) -> None:
    """`serve --host 127.0.0.2` needs no token (is_loopback), so its requests must be answered too."""
    assert is_loopback("127.0.0.2")
    app = create_app(copy_store(sample_db, tmp_path), warm_up=False)
    with TestClient(app, base_url="http://127.0.0.2") as c:
        assert c.get("/api/dyads").status_code == 200
        assert c.get("/corpus").status_code == 200
        for host in ("127.0.0.2:8000", "127.255.0.1", "[::1]:8000", "LOCALHOST"):
            assert c.get("/api/dyads", headers={"host": host}).status_code == 200, host
        for host in ("evil.example", "127.0.0.2.evil.example", "localhost.evil.example", "10.0.0.1", "0.0.0.0", ""):
            refused = c.get("/api/dyads", headers={"host": host})
            assert refused.status_code == 400 and "unknown Host" in refused.json()["detail"], host
    (tmp_path / "listed").mkdir()
    listed = create_app(copy_store(sample_db, tmp_path / "listed"), allowed_hosts=["dyadscope.test"], warm_up=False)
    with TestClient(listed, base_url="http://dyadscope.test") as c:  # an explicit list is the list
        assert c.get("/api/dyads").status_code == 200
        assert c.get("/api/dyads", headers={"host": "127.0.0.2"}).status_code == 400


def test_upload_limit_is_in_the_same_mb_as_the_corpus_page(client: TestClient) -> None:
    assert megabytes(20 * MIB) == "20" and megabytes(LIMIT) == "0.1" and megabytes(MIB + MIB // 2) == "1.5"
    assert too_large("big.pdf", 21 * MIB, 20 * MIB).message == "big.pdf: 21 MB is over the 20 MB limit per file"
    assert too_large("big.pdf", 20 * MIB + 1, 20 * MIB).message == "big.pdf: over the 20 MB limit per file"
    assert "over the 20 MB upload limit" in str(TooLarge(20 * MIB).detail)
    assert "up to 0.1 MB each" in client.get("/corpus").text
    refused = upload(client, "big.txt", b"a" * (LIMIT + 1))
    assert refused.status_code == 413 and "over the 0.1 MB limit" in refused.json()["detail"]


def test_openapi_lists_the_503_of_an_unusable_store(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, method in [("/api/ask", "get"), ("/api/note", "post"), ("/api/review", "post"), ("/api/index", "get"),
                         ("/api/documents", "post")]:  # fmt: skip
        assert "503" in paths[path][method]["responses"], path


def test_corpus_page_reads_the_documents_once(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    worker: Worker = client.app.state.worker  # type: ignore[attr-defined]
    store = worker.call(lambda kb: kb.store)
    reads: list[int] = []
    original = store.documents

    def counted() -> Any:
        reads.append(1)
        return original()

    monkeypatch.setattr(store, "documents", counted)
    page = client.get("/corpus")
    assert page.status_code == 200 and "pakistan-united-states.md" in page.text
    assert len(reads) == 1


def test_relationship_page_reads_the_events_once(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The timeline's events also make the analysis (unless it is kept already): the events are read once
    (the store only counts them to check they are all of the dyad's)."""
    worker: Worker = client.app.state.worker  # type: ignore[attr-defined]
    store = worker.call(lambda kb: kb.store)
    reads: list[str] = []

    def counting(name: str) -> Any:
        original = getattr(store, name)

        def counted(*args: Any) -> Any:
            reads.append(name)
            return original(*args)

        return counted

    for name in ("events", "events_frame"):
        monkeypatch.setattr(store, name, counting(name))
    for by in ("quarter", "quarter"):  # not kept yet, then kept
        page = client.get("/relationship", params={"dyad": "CHN-IND", "by": by})
        assert page.status_code == 200 and "By quarter" in page.text and 'id="drivers-chart"' in page.text
    assert reads == ["events", "events"]
    refused = client.get("/relationship", params={"dyad": "CHN-IND", "by": "week"})
    assert refused.status_code == 422 and "unknown period &#39;week&#39;: use one of year, decade" in refused.text
    note = client.post("/note", data={"question": QUESTION, "by": "week"})  # the same check, in analyze
    assert note.status_code == 422 and "unknown period &#39;week&#39;" in note.text


def test_warm_up_loads_the_indexes_the_first_question_needs(sample_db: Path, tmp_path: Path) -> None:
    worker = Worker(copy_store(sample_db, tmp_path))
    try:
        worker.warm_up()
        ready = worker.call(
            lambda kb: (
                kb._pipeline is not None
                and kb._retriever is not None
                and kb._retriever._index is not None
                and kb._retriever.text._searcher is not None
            )
        )
        assert ready
    finally:
        worker.close()


def test_serve_refuses_a_public_address_without_a_token(tmp_path: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.1.2.3")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.db")], env={})
    assert result.exit_code == 2 and "--token" in result.output


# ------------------------------------------------------------------ the pages in Chromium


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn on 127.0.0.1 in a background thread, for this module only (and 10 minutes at most)."""
    import uvicorn

    folder = tmp_path_factory.mktemp("web-e2e")
    db = copy_store(sample_db, folder)
    (folder / "hostile.md").write_text(HOSTILE_DOC, encoding="utf-8")
    with dyadscope.open(db) as kb:
        kb.ingest([folder / "hostile.md"])
    port = free_port()
    uv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, name="dyadscope-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    watchdog = threading.Timer(600, lambda: setattr(uv, "should_exit", True))
    watchdog.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=20)
        watchdog.cancel()
        assert not thread.is_alive(), "the server did not stop"


@contextmanager
def browse(base: str, path: str, tmp_path: Path, height: int = 900) -> Iterator[tuple[Any, dict[str, Any]]]:
    """A served page in headless Chromium (conftest's helper, started on a blank file, then sent here)."""
    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><title>blank</title>", encoding="utf-8")
    with chromium_page(blank, height=height) as (page, seen):
        seen["errors"] = []
        page.on("pageerror", lambda error: seen["errors"].append(str(error)))
        page.goto(base + path)
        yield page, seen
    stray = [u for u in seen["requests"] if not u.startswith((base + "/", "file:", "data:", "about:", "blob:"))]
    assert stray == [], f"requests beyond the app: {stray}"
    assert seen["dialogs"] == [], f"a script opened a dialog: {seen['dialogs']}"
    assert seen["errors"] == [], f"script errors: {seen['errors']}"


def shoot(page: Any, tmp_path: Path, name: str) -> Path:
    target = tmp_path / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    return target


@needs_chromium
def test_corpus_page_uploads_files_with_progress_and_per_file_errors(server: str, tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (files / "field-notes.md").write_text(HOSTILE_DOC.replace("1998", "1999"), encoding="utf-8")
    (files / "aid.txt").write_text("In 2009 the United States gave Pakistan economic aid under the Kerry-Lugar act.\n")
    (files / "tool.exe").write_bytes(b"MZ\x90\x00")
    (files / "broken.pdf").write_bytes(b"%PDF-1.4 nothing else")
    with browse(server, "/corpus", tmp_path) as (page, _):
        assert page.title() == "Corpus · dyadscope"
        page.set_input_files(
            "#files", [str(files / n) for n in ("field-notes.md", "aid.txt", "tool.exe", "broken.pdf")]
        )
        assert page.inner_text("#chosen") == "4 files chosen"
        page.click("#upload-button")
        page.wait_for_selector("#progress-label:has-text('Done')", timeout=60_000)
        assert page.inner_text("#progress-label") == "Done: 2 of 4 files ingested, 2 failed"
        lines = page.locator("#results li").all_inner_texts()
        assert len(lines) == 4
        assert "ADDED" in lines[0].upper() and re.search(r"[1-9]\d* events?$", lines[0])  # at least the sanctions
        assert "only txt, md" in lines[2] and "FAILED" in lines[2].upper() and "tool.exe: only" not in lines[2]
        assert "FAILED" in lines[3].upper() and "1 sentence," in lines[1]
        assert "corrupt PDF" in lines[3] and "/tmp" not in lines[3]
        page.wait_for_selector("#documents td:has-text('field-notes.md')")
        assert f"Field notes {HOSTILE}" in page.inner_text("#documents")  # shown as text, never run
        shoot(page, tmp_path, "corpus")


@needs_chromium
def test_relationship_page_draws_the_index_with_phases_and_the_cited_timeline(server: str, tmp_path: Path) -> None:
    with browse(server, "/relationship?dyad=PAK-USA", tmp_path) as (page, _):
        page.wait_for_selector("#index-chart .main-svg", timeout=30_000)
        assert page.locator("#index-chart .scatterlayer .trace").count() >= 2  # band, index, events
        assert page.locator("#index-chart .layer-below .shapelayer path").count() >= 6  # level bands + phases
        assert page.locator("#phases tbody tr").count() >= 2
        page.wait_for_selector("#drivers-chart .main-svg")
        timeline = page.inner_text("#timeline")
        assert HOSTILE in timeline and "imposed sanctions on Pakistan" in timeline
        shoot(page, tmp_path, "relationship")
        page.fill("#timeline-filter", "sanctions")
        visible = page.locator("#timeline tbody tr:visible").all_inner_texts()
        assert visible and all("sanction" in row.lower() for row in visible)
        page.select_option("#by", "decade")
        page.click("form.picker button")
        page.wait_for_selector("#index-chart .main-svg")
        assert "By decade" in page.inner_text(".lead")


@needs_chromium
def test_ask_page_answers_with_cited_points(server: str, tmp_path: Path) -> None:
    with browse(server, "/ask", tmp_path) as (page, _):
        page.fill("#q", "Why did Pakistan-US relations deteriorate in the 1990s?")
        page.press("#q", "Enter")
        page.wait_for_selector("#answer .point")
        points = page.locator("#answer .point")
        assert 3 <= points.count() <= 6
        assert "sentence" in page.inner_text("#answer .citations")
        shoot(page, tmp_path, "ask")


@needs_chromium
def test_note_page_writes_a_cited_note(server: str, tmp_path: Path) -> None:
    with browse(server, "/note", tmp_path) as (page, _):
        page.click("button[data-fill]")
        assert page.input_value("#question") == QUESTION
        page.click("form button[type=submit]")
        page.wait_for_selector("iframe.doc-frame")
        frame = page.frame_locator("iframe.doc-frame")
        assert frame.locator("h1").inner_text() == QUESTION
        assert frame.locator("ol.sources li").count() >= 5
        page.wait_for_function("document.querySelector('iframe.doc-frame').offsetHeight > 900")
        shoot(page, tmp_path, "note")


@needs_chromium
def test_review_page_shows_margin_comments_for_a_pasted_answer(server: str, tmp_path: Path) -> None:
    answer = (ANSWERS / "wrong_facts_fluctuating.md").read_text(encoding="utf-8")
    answer += f"\n\n## A hostile paragraph\n\nPakistan and the United States {HOSTILE} signed an accord in 2003.\n"
    with browse(server, "/review", tmp_path) as (page, _):
        page.fill("#answer-text", answer)
        page.click("form button[type=submit]")
        page.wait_for_selector("iframe.doc-frame")
        frame = page.frame_locator("iframe.doc-frame")
        assert frame.locator("aside .note").count() >= 3
        assert HOSTILE in frame.locator("main").inner_text()
        assert frame.locator("h3", has_text="The 1990s: estrangement over the nuclear issue").count() == 1
        assert page.locator("#review .kind").count() >= 2
        page.wait_for_function("document.querySelector('iframe.doc-frame').offsetHeight > 900")
        shoot(page, tmp_path, "review")


@needs_chromium
def test_api_docs_page_works_offline(server: str, tmp_path: Path) -> None:
    with browse(server, "/docs", tmp_path) as (page, _):
        page.wait_for_selector(".opblock-summary-path", timeout=30_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/api/documents" in [p.replace("\u200b", "") for p in paths]
        shoot(page, tmp_path, "docs")


def test_a_search_index_that_cannot_be_used_is_a_503_that_says_why(sample_db: Path, tmp_path: Path) -> None:
    db = copy_store(sample_db, tmp_path)
    foreign = db.with_name(db.name + ".index") / "bm25"
    foreign.mkdir(parents=True)
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")  # someone's own folder where the index goes
    with TestClient(create_app(db, max_upload=LIMIT, warm_up=False), base_url="http://127.0.0.1") as c:
        answer = c.get("/api/ask", params={"q": "Why did the US suspend aid in 1990?"})
        assert answer.status_code == 503 and "not a dyadscope search index" in answer.json()["detail"]
        page = c.get("/ask", params={"q": "Why did the US suspend aid in 1990?"})
        assert page.status_code == 503 and "not a dyadscope search index" in page.text
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"
