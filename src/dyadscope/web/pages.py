"""The HTML pages: server-rendered with Jinja2 (autoescaped), small hand-written CSS, no external URLs."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from dyadscope.analyze import PERIODS
from dyadscope.api import KnowledgeBase
from dyadscope.errors import InputError
from dyadscope.report import render_html
from dyadscope.review.findings import KINDS
from dyadscope.review.render import COLOURS
from dyadscope.review.render import to_html as review_html
from dyadscope.templating import environment
from dyadscope.web import services
from dyadscope.web.api import read_upload, run_review
from dyadscope.web.security import COOKIE, client_of, cookie_header, token_matches
from dyadscope.web.services import DOCUMENT_TYPES, Rejected, Worker

templates = Jinja2Templates(env=environment())
router = APIRouter(include_in_schema=False)
ASK_EXAMPLES = (
    "Why did Pakistan-US relations deteriorate in the 1990s?",
    "What role did Pakistan play in the Doha deal?",
    "How did the Soviet invasion of Afghanistan change relations?",
)
NOTE_EXAMPLE = "Write a note on fluctuating relations between Pakistan and US"


def _worker(request: Request) -> Worker:
    found: Worker = request.app.state.worker
    return found


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("error", None)
    context.update(
        active=name.removesuffix(".html"),
        store=_worker(request).db_path.name,
        token_required=request.app.state.token is not None,
    )
    return templates.TemplateResponse(request, f"web/{name}", context, status_code=status)


@router.get("/")
async def home(request: Request) -> RedirectResponse:
    has_events = await _worker(request).run(lambda kb: bool(kb.dyads()))
    return RedirectResponse("/relationship" if has_events else "/corpus", status_code=303)


def _corpus_context(kb: KnowledgeBase) -> dict[str, Any]:
    docs = kb.documents()  # read once for both
    return {"documents": services.documents(kb, docs), "stats": services.corpus_stats(kb, docs)}


@router.get("/corpus")
async def corpus(request: Request) -> HTMLResponse:
    context = await _worker(request).run(_corpus_context)
    return page(request, "corpus.html", results=None, types=DOCUMENT_TYPES, limit=request.app.state.max_upload,
                **context)  # fmt: skip


@router.get("/corpus/documents")
async def corpus_documents(request: Request) -> HTMLResponse:
    """The documents table and the counts alone, for the upload script to refresh after a batch."""
    context = await _worker(request).run(_corpus_context)
    return templates.TemplateResponse(request, "web/_documents.html", context)


@router.post("/corpus")
async def corpus_upload(request: Request, files: Annotated[list[UploadFile], File()]) -> HTMLResponse:
    """The form without JavaScript: every file in one post, one result line each."""
    results = []
    for file in files:
        try:
            name, data = await read_upload(file, DOCUMENT_TYPES, request.app.state.max_upload)
            results.append(await _worker(request).run(partial(_save, name=name, data=data)))
        except Rejected as error:
            results.append({"name": Path(file.filename or "").name, "status": "failed", "error": error.message,
                            "sentences": 0, "events": 0})  # fmt: skip
    context = await _worker(request).run(_corpus_context)
    return page(request, "corpus.html", results=results, types=DOCUMENT_TYPES, limit=request.app.state.max_upload,
                **context)  # fmt: skip


def _save(kb: KnowledgeBase, name: str, data: bytes) -> dict[str, Any]:
    return services.save_and_ingest(kb, name, data)


@router.get("/relationship")
async def relationship(
    request: Request, dyad: Annotated[str | None, Query()] = None, by: Annotated[str, Query()] = "year"
) -> HTMLResponse:
    def run(kb: KnowledgeBase) -> dict[str, Any]:
        pairs = services.dyads(kb)
        try:
            key = services.known_dyad(kb, dyad)
            view = services.relationship(kb, key, by) if key else None
            return {"dyads": pairs, "view": view, "by": by, "periods": PERIODS, "dyad": key}
        except Rejected as error:
            return {"dyads": pairs, "view": None, "by": by, "periods": PERIODS, "dyad": dyad, "error": error.message,
                    "status": error.status}  # fmt: skip

    context = await _worker(request).run(run)
    return page(request, "relationship.html", status=context.pop("status", 200), **context)


@router.get("/relationship/report.html")
async def relationship_report(
    request: Request, dyad: Annotated[str | None, Query()] = None, by: Annotated[str, Query()] = "year"
) -> Response:
    """report.py's self-contained offline report, as a download."""

    def run(kb: KnowledgeBase) -> tuple[str, str]:
        key = services.known_dyad(kb, dyad)
        if key is None:
            raise Rejected(404, "the store holds no events yet")
        return key, render_html(services.analysis(kb, key, by), kb.documents())

    key, html = await _worker(request).run(run)
    disposition = f'attachment; filename="{key.lower()}-report.html"'
    return HTMLResponse(html, headers={"content-disposition": disposition})


@router.get("/ask")
async def ask(request: Request, q: Annotated[str, Query(max_length=2000)] = "") -> HTMLResponse:
    question = q.strip()
    answer = None
    if question:
        answer = (await _worker(request).run(lambda kb: kb.ask(question))).to_dict()
    return page(request, "ask.html", q=question, answer=answer, examples=ASK_EXAMPLES)


@router.get("/note")
async def note_form(request: Request) -> HTMLResponse:
    return page(request, "note.html", question="", by="year", periods=PERIODS, note=None, example=NOTE_EXAMPLE)


@router.post("/note")
async def note(
    request: Request,
    question: Annotated[str, Form(max_length=2000)],
    by: Annotated[str, Form()] = "year",
) -> HTMLResponse:
    def run(kb: KnowledgeBase) -> dict[str, Any]:
        written = kb.note(question.strip(), by)  # an unknown `by` is a ValueError, a 422 below
        return {"html": written.to_html(), "markdown": written.to_markdown(), "outline": written.outline,
                "citations": len(written.citations()), "dyad": written.dyad}  # fmt: skip

    context: dict[str, Any] = {"question": question, "by": by, "periods": PERIODS, "example": NOTE_EXAMPLE}
    if not question.strip():
        return page(request, "note.html", 400, note=None, error="Write a question or topic first.", **context)
    try:
        written = await _worker(request).run(run)
    except InputError as error:
        return page(request, "note.html", 422, note=None, error=str(error), **context)
    return page(request, "note.html", note=written, **context)


@router.get("/review")
async def review_form(request: Request) -> HTMLResponse:
    return page(request, "review.html", text="", question="", review=None)


@router.post("/review")
async def review(
    request: Request,
    text: Annotated[str | None, Form()] = None,
    file: Annotated[UploadFile | None, File()] = None,
    question: Annotated[str | None, Form()] = None,
) -> HTMLResponse:
    context: dict[str, Any] = {"text": text or "", "question": question or ""}
    try:
        result = await run_review(request, text, file, question)
    except Rejected as error:
        return page(request, "review.html", error.status, review=None, error=error.message, **context)
    counts = [(kind, COLOURS[kind], len(result.of_kind(kind))) for kind in KINDS if result.of_kind(kind)]
    found = {"html": review_html(result), "counts": counts, "words": result.words, "findings": len(result.findings)}
    return page(request, "review.html", review=found, **context)


@router.get("/login")
async def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", next=_local(next))


@router.post("/login")
async def login(request: Request, token: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    expected = request.app.state.token
    if expected is None or token_matches(token, expected):
        response = RedirectResponse(_local(next), status_code=303)
        if expected is not None:
            response.headers.append("set-cookie", cookie_header(expected))
        return response
    request.app.state.throttle.failed(client_of(request.scope))
    return page(request, "login.html", 401, next=_local(next), error="That token is not right.")


@router.get("/logout")
async def logout() -> RedirectResponse:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


def _local(target: str) -> str:
    """Only a path on this site (no open redirect to //elsewhere or a scheme)."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"
