"""The JSON API under /api: the data behind every page (OpenAPI docs at /docs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from dyadscope.analyze import Period
from dyadscope.api import KnowledgeBase
from dyadscope.errors import InputError
from dyadscope.ingest import IngestError
from dyadscope.review import Review
from dyadscope.review.render import to_html as review_html
from dyadscope.web import services
from dyadscope.web.services import ANSWER_TYPES, DOCUMENT_TYPES, MAX_ANSWER_CHARS, Rejected, Worker

router = APIRouter(prefix="/api", tags=["api"])
DyadQuery = Annotated[str | None, Query(description="Two actor codes, e.g. PAK-USA (default: the best documented).")]


class Error(BaseModel):
    detail: str


class Document(BaseModel):
    id: int
    name: str = Field(description="The file name")
    path: str = Field(description="The path it was ingested from")
    title: str
    media_type: str
    source: str | None
    doc_date: str | None
    dyad: str | None
    n_sentences: int
    n_events: int
    format: str = Field(description="The file's format: md, txt, html, pdf, docx")
    kind: str = Field(description="What the document is: official, history, news, analysis, note, answer, nonprose")
    kind_origin: str = Field(description="Where the kind came from: detected, kind-line (the file's) or user")


class FileResult(BaseModel):
    name: str = Field(description="The name the file was saved under (the client's name, sanitised)")
    status: Literal["added", "replaced", "unchanged", "failed"]
    sentences: int
    events: int
    error: str | None


class Dyad(BaseModel):
    dyad: str
    events: int


class IndexRow(BaseModel):
    period: str
    start: str
    end: str
    score: float | None = Field(description="−9..+9; null for a period without evidence")
    low: float | None
    high: float | None
    events: int
    interpolated: bool


class IndexOut(BaseModel):
    dyad: str
    by: str
    index: list[IndexRow]


class PhasesOut(BaseModel):
    dyad: str
    by: str
    phases: list[dict[str, Any]] = Field(description="start, end, level, score, low, high, events, key_events, "
                                         "drivers, summary")  # fmt: skip
    turns: list[dict[str, Any]] = Field(description="date, change and the drivers of each change of phase")


class EventsOut(BaseModel):
    total: int
    events: list[dict[str, Any]] = Field(description="Events in the stable schema of docs/schema.md")


class NoteIn(BaseModel):
    question: str = Field(min_length=3, max_length=2000, examples=["Write a note on fluctuating relations "
                                                                    "between Pakistan and US"])  # fmt: skip
    by: Period = "year"


# 503: the store or its search index cannot be used now (app.py's StoreError handler).
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": Error} for code in (400, 401, 404, 413, 415, 422, 503)}


def worker(request: Request) -> Worker:
    found: Worker = request.app.state.worker
    return found


async def read_upload(file: UploadFile, allowed: tuple[str, ...], limit: int) -> tuple[str, bytes]:
    """The sanitised name and the bytes of an upload, refused past `limit` without reading further."""
    name = services.safe_name(file.filename, allowed)
    if file.size is not None and file.size > limit:
        raise services.too_large(name, file.size, limit)
    chunks, size = [], 0
    while chunk := await file.read(1 << 20):
        size += len(chunk)
        if size > limit:
            raise services.too_large(name, None, limit)
        chunks.append(chunk)
    data = b"".join(chunks)
    services.check_content(name, data, limit)
    return name, data


@router.get("/documents", response_model=list[Document], summary="The stored documents")
async def list_documents(request: Request) -> list[dict[str, Any]]:
    return await worker(request).run(services.documents)


@router.post(
    "/documents",
    response_model=FileResult,
    status_code=201,
    responses=ERRORS,
    summary="Upload and ingest one document (txt, md, html, pdf, docx)",
)
async def upload_document(
    request: Request, file: Annotated[UploadFile, File(description="The document")]
) -> JSONResponse:
    """Saved beside the store under a sanitised name, then ingested. A file the reader cannot use
    answers 422 with its one-line error; the same content again answers `unchanged`."""
    name, data = await read_upload(file, DOCUMENT_TYPES, request.app.state.max_upload)
    result = await worker(request).run(lambda kb: services.save_and_ingest(kb, name, data))
    if result["status"] == "failed":
        return JSONResponse({"detail": result["error"], **result}, status_code=422)
    return JSONResponse(result, status_code=201 if result["status"] != "unchanged" else 200)


@router.get("/dyads", response_model=list[Dyad], summary="Pairs of actors with events, best documented first")
async def list_dyads(request: Request) -> list[dict[str, Any]]:
    return await worker(request).run(services.dyads)


def _dyad(kb: KnowledgeBase, dyad: str | None) -> str:
    key = services.known_dyad(kb, dyad)
    if key is None:
        raise Rejected(404, "the store holds no events yet: upload documents first")
    return key


@router.get("/index", response_model=IndexOut, responses=ERRORS, summary="The cooperation–conflict index")
async def get_index(request: Request, dyad: DyadQuery = None, by: Period = "year") -> dict[str, Any]:
    """One row per period: score on the −9..+9 scale, 90% band, events (docs/index.md)."""

    def run(kb: KnowledgeBase) -> dict[str, Any]:
        key = _dyad(kb, dyad)
        return {"dyad": key, "by": by, "index": services.analysis(kb, key, by).index_records()}

    return await worker(request).run(run)


@router.get("/phases", response_model=PhasesOut, responses=ERRORS, summary="Phases, their drivers and turns")
async def get_phases(request: Request, dyad: DyadQuery = None, by: Period = "year") -> dict[str, Any]:
    def run(kb: KnowledgeBase) -> dict[str, Any]:
        key = _dyad(kb, dyad)
        found = services.analysis(kb, key, by)
        return {"dyad": key, "by": by, "phases": [p.to_dict() for p in found.phases],
                "turns": [t.to_dict() for t in found.turns]}  # fmt: skip

    return await worker(request).run(run)


@router.get("/events", response_model=EventsOut, responses=ERRORS, summary="Stored events with their evidence")
async def get_events(
    request: Request,
    dyad: Annotated[str | None, Query(description="Two actor codes, e.g. PAK-USA")] = None,
    actor: str | None = None,
    type: Annotated[str | None, Query(description="PLOVER type, e.g. SANCTION")] = None,
    context: Annotated[str | None, Query(description="PLOVER context, e.g. cbrn")] = None,
    start: Annotated[str | None, Query(description="YYYY or YYYY-MM-DD")] = None,
    end: Annotated[str | None, Query(description="YYYY or YYYY-MM-DD")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    def run(kb: KnowledgeBase) -> dict[str, Any]:
        try:
            found = kb.events(dyad=dyad, actor=actor, type=type, context=context, start=start, end=end)
        except InputError as error:
            raise Rejected(422, str(error)) from error
        return {"total": len(found), "events": [e.to_dict() for e in found.items[offset : offset + limit]]}

    return await worker(request).run(run)


@router.get("/ask", responses=ERRORS, summary="Answer a question: cited points, events and phases")
async def ask(
    request: Request, q: Annotated[str, Query(min_length=3, max_length=2000, description="The question")]
) -> dict[str, Any]:
    """`supported` is false (and there are no points) when the documents do not cover the question."""
    answer = await worker(request).run(lambda kb: kb.ask(q))
    return answer.to_dict()


@router.post("/note", responses=ERRORS, summary="Write a briefing note; also as HTML and Markdown")
async def note(request: Request, body: NoteIn) -> dict[str, Any]:
    def run(kb: KnowledgeBase) -> dict[str, Any]:
        try:
            written = kb.note(body.question, body.by)
        except InputError as error:
            raise Rejected(404, str(error)) from error
        return {**written.to_dict(), "markdown": written.to_markdown(), "html": written.to_html()}

    return await worker(request).run(run)


@router.post("/review", responses=ERRORS, summary="Review an exam answer: pasted text or a file")
async def review(
    request: Request,
    text: Annotated[str | None, Form(description="The answer as text")] = None,
    file: Annotated[UploadFile | None, File(description="Or the answer as a .txt, .md or .docx file")] = None,
    question: Annotated[str | None, Form(description="The question (default: the answer's first line)")] = None,
) -> dict[str, Any]:
    """Findings with kind, location, message, suggestions and citations; `html` has them as margin comments."""
    result = await run_review(request, text, file, question)
    return {**result.to_dict(), "html": review_html(result)}


async def run_review(request: Request, text: str | None, file: UploadFile | None, question: str | None) -> Review:
    """Review pasted text or an uploaded answer (.txt, .md, .docx); refusals raise Rejected."""
    asked = (question or "").strip() or None
    job: Callable[[KnowledgeBase], Review]
    if file is not None and file.filename:
        name, data = await read_upload(file, ANSWER_TYPES, request.app.state.max_upload)

        def job(kb: KnowledgeBase) -> Review:
            return services.review_file(kb, name, data, asked)

    elif text and text.strip():
        if len(text) > MAX_ANSWER_CHARS:
            raise Rejected(413, f"the answer is over {MAX_ANSWER_CHARS:,} characters")

        def job(kb: KnowledgeBase) -> Review:
            return kb.review(text, asked)  # normalised there like a file (forms send CRLF line ends)

    else:
        raise Rejected(400, "paste the answer or upload it as a .txt, .md or .docx file")

    def run(kb: KnowledgeBase) -> Review:
        try:
            return job(kb)
        except IngestError as error:
            raise Rejected(422, f"{error.path.rsplit('/', 1)[-1]}: {error.reason}") from error
        except InputError as error:
            raise Rejected(422, str(error)) from error

    return await worker(request).run(run)
