"""What the pages and the JSON API share: the thread that owns the store, uploads, and page data.

SQLite connections belong to the thread that opened them (Python's sqlite3 refuses to use one from
another thread), and FastAPI runs sync endpoints on a pool of threads. So one worker thread opens the
KnowledgeBase and runs every call on it, one after another: the pipeline and the retriever load once,
writes never interleave, and the event loop stays free for pages and static files meanwhile.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, TypeVar

import pandas as pd
import plotly.io as pio

from dyadscope.analyze import Analysis
from dyadscope.api import FileResult, KnowledgeBase, parse_dyad
from dyadscope.errors import InputError
from dyadscope.files import write_atomic
from dyadscope.models import Event, EventCounts
from dyadscope.report import LEVEL_COLOURS, figures
from dyadscope.review import Review
from dyadscope.web.security import megabytes

T = TypeVar("T")

DOCUMENT_TYPES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
ANSWER_TYPES = (".txt", ".md", ".markdown", ".docx")
MAX_UPLOAD = 20 * 1024 * 1024  # bytes per file
MAX_ANSWER_CHARS = 200_000
TIMELINE_ROWS = 500  # rows of the timeline shown on the page; the JSON API has them all
CHART_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


class Worker:
    """The one thread that owns the KnowledgeBase; every call on it runs there, in order."""

    def __init__(self, db_path: Path, actor_files: Sequence[Path] = ()) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dyadscope-kb")
        # Opened in the worker thread, so its SQLite connection belongs there; a bad store fails here.
        self._kb = self._pool.submit(KnowledgeBase, db_path, tuple(actor_files)).result()
        self.db_path = self._kb.path
        self._closed = False

    async def run(self, fn: Callable[[KnowledgeBase], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, self._kb)

    def call(self, fn: Callable[[KnowledgeBase], T]) -> T:
        """The same, from synchronous code."""
        return self._pool.submit(fn, self._kb).result()

    def warm_up(self) -> None:
        """Load the pipeline, the retriever and its vector and text indexes in the background (building
        any that are missing or stale), so the first question is quick. A failure here is left for that
        question to report (a StoreError answers 503 there)."""

        self._pool.submit(KnowledgeBase.load, self._kb)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._pool.submit(self._kb.close).result()
            self._pool.shutdown(wait=True)


class Rejected(Exception):
    """A request the app refuses, with the HTTP status and a message for people."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def safe_name(client_name: str | None, allowed: Sequence[str]) -> str:
    """The client's file name as the corpus shows it: its last path part, NFKC, any script ("報告.txt", "رپورٹ.md"),
    without control characters or those Windows reserves; refused without an allowed suffix. It is stored under a
    folder named by the content's hash (`save_and_ingest`), so two files never share a path."""
    raw = unicodedata.normalize("NFKC", client_name or "")
    base = PureWindowsPath(PurePosixPath(raw.replace("\x00", "")).name).name  # no "/", "\\" or drive parts
    stem, suffix = os.path.splitext(base)
    suffix = suffix.lower()
    if suffix not in allowed:
        shown = base[:80] or "the file"
        raise Rejected(415, f"{shown}: only {', '.join(s.lstrip('.') for s in allowed)} files can be uploaded")
    stem = re.sub(r'[\x00-\x1f\x7f<>:"/\\|?*]+', "_", stem).strip(" ._-")[:120] or "document"
    return stem + suffix


def too_large(name: str, size: int | None, limit: int) -> Rejected:
    """413 for a file over the limit, in the MB (MiB) the corpus page states the limit in."""
    shown = megabytes(size) if size is not None else None
    if shown is None or shown == megabytes(limit):  # just over: "20 MB is over the 20 MB limit" says nothing
        return Rejected(413, f"{name}: over the {megabytes(limit)} MB limit per file")
    return Rejected(413, f"{name}: {shown} MB is over the {megabytes(limit)} MB limit per file")


def check_content(name: str, data: bytes, limit: int) -> None:
    """Refuse empty, oversize and mislabelled files (a .pdf must be a PDF, a .docx a zip, text not binary)."""
    if len(data) > limit:
        raise too_large(name, len(data), limit)
    if not data.strip():
        raise Rejected(400, f"{name}: the file is empty")
    suffix = os.path.splitext(name)[1]
    if suffix == ".pdf" and b"%PDF" not in data[:1024]:
        raise Rejected(415, f"{name}: not a PDF file")
    if suffix == ".docx" and not data.startswith(b"PK\x03\x04"):
        raise Rejected(415, f"{name}: not a Word (.docx) file")
    if suffix not in (".pdf", ".docx") and b"\x00" in data[:8192]:
        raise Rejected(415, f"{name}: a binary file, not text")


def uploads_folder(db_path: Path) -> Path:
    """Where uploaded documents are kept: a folder beside the store, named after it."""
    return db_path.parent / f"{db_path.stem}-uploads"


def save_and_ingest(kb: KnowledgeBase, name: str, data: bytes) -> dict[str, Any]:
    """Write an upload into the uploads folder (atomically) and ingest it; runs in the worker thread. Each upload
    has a folder named by its content's hash: "Report 2023.txt" and "Report_2023.txt" are two files, the same
    file again is the same path (and `unchanged`)."""
    folder = (uploads_folder(kb.path) / hashlib.sha256(data).hexdigest()[:16]).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    target = (folder / name).resolve()
    if target.parent != folder:  # safe_name makes this impossible; refuse rather than trust it
        raise Rejected(400, f"{name}: not a plain file name")
    write_atomic(target, data)
    return file_result(kb.ingest_file(target), name)


def file_result(result: FileResult, name: str) -> dict[str, Any]:
    error = result.error
    if error and error.startswith(result.path):  # the server's path is no business of the page
        error = name + error[len(result.path) :]
    return {
        "name": name,
        "status": result.status,
        "sentences": result.sentences,
        "events": result.events,
        "error": error,
    }


def documents(kb: KnowledgeBase, docs: Sequence[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The store's documents with their file name and format (md, pdf …) beside their kind (official, history …);
    `docs`: the store's documents when already read."""
    rows = []
    for d in kb.documents() if docs is None else docs:
        name = Path(str(d["path"])).name
        rows.append({**d, "name": name, "format": (Path(name).suffix.lstrip(".") or "text").lower()})
    return rows


def corpus_stats(kb: KnowledgeBase, docs: Sequence[dict[str, Any]] | None = None) -> dict[str, int]:
    """Counts for the corpus page; `docs`: the store's documents when already read."""
    docs = kb.documents() if docs is None else docs
    return {
        "documents": len(docs),
        "sentences": sum(int(d["n_sentences"]) for d in docs),
        "events": sum(int(d["n_events"]) for d in docs),
        "dyads": len(kb.dyads()),
    }


def dyads(kb: KnowledgeBase) -> list[dict[str, Any]]:
    return [{"dyad": d, "events": n} for d, n in kb.dyads()]


def known_dyad(kb: KnowledgeBase, dyad: str | None) -> str | None:
    """The dyad asked for, normalised ("usa-pak", "Pakistan-US" → "PAK-USA") if the store has it; else the best
    documented."""
    known = [d for d, _ in kb.dyads()]
    if dyad:
        try:
            key = "-".join(kb.vocabulary.dyad(dyad))  # codes or names: "usa-pak", "Pakistan-US"
        except InputError as error:
            raise Rejected(422, str(error)) from error
        if key not in known:
            raise Rejected(404, f"no events between {key.replace('-', ' and ')} in this store")
        return key
    return known[0] if known else None


def analysis(kb: KnowledgeBase, dyad: str, by: str, events: Sequence[Event] | None = None) -> Analysis:
    """The dyad's analysis (`events`: as KnowledgeBase.analysis takes them); an unknown `by` is a 422."""
    try:
        return kb.analysis(dyad, by, events=events)
    except InputError as error:
        raise Rejected(422, str(error)) from error


def _event_line(events: pd.DataFrame, key: str) -> dict[str, Any]:
    found = events.loc[key]
    row = found.iloc[0] if isinstance(found, pd.DataFrame) else found
    return {
        "date": f"{row['start']:%Y-%m-%d}",
        "source": str(row["source"]),
        "target": str(row["target"]),
        "type": str(row["type"]),
        "intensity": float(row["intensity"]),
        "text": str(row["text"]),
        "title": str(row["title"]),
        "sentence_id": int(row["sentence_id"]),
    }


def _by_sentence(lines: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Key events in date order, one entry per evidence sentence with each event coded from it."""
    merged: dict[tuple[str, int], dict[str, Any]] = {}
    for line in sorted(lines, key=lambda x: x["date"]):
        entry = merged.setdefault((line["title"], line["sentence_id"]), {**line, "acts": []})
        entry["acts"].append({"who": f"{line['source']}→{line['target']}", "type": line["type"].lower()})
    return list(merged.values())


@dataclass(slots=True)
class RelationshipView:
    dyad: str
    by: str
    analysis: Analysis
    chart: str  # plotly div + script (plotly.js itself comes from /static)
    drivers_chart: str
    phases: list[dict[str, Any]]
    turns: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    timeline_total: int
    span: str
    documents: int
    counts: EventCounts


def relationship(kb: KnowledgeBase, dyad: str, by: str) -> RelationshipView:
    """Everything the Relationship page shows; the charts are report.py's own figures. The events are read
    once, for the timeline, and the analysis is made from them unless it is kept already."""
    dated = kb.timeline(*parse_dyad(dyad))
    found = analysis(kb, dyad, by, dated)
    index_figure, drivers_figure = figures(found)
    chart = pio.to_html(index_figure, include_plotlyjs=False, full_html=False, include_mathjax=False,
                        config=CHART_CONFIG, div_id="index-chart")  # fmt: skip
    drivers_chart = pio.to_html(drivers_figure, include_plotlyjs=False, full_html=False, include_mathjax=False,
                                config=CHART_CONFIG, div_id="drivers-chart")  # fmt: skip
    events = found.events.set_index("id") if len(found.events) else found.events
    phases = []
    for p in found.phases:
        phases.append({
            **p.to_dict(),
            "years": f"{p.start.year}–{p.end.year}",
            "colour": LEVEL_COLOURS[p.level],
            "drivers_text": [f"{d.label} {d.contribution:+.1f}" for d in p.drivers[:4]],
            "key_lines": _by_sentence(_event_line(events, k) for k in p.key_events if k in events.index),
        })  # fmt: skip
    turns = [
        {
            "year": t.date.year,
            "change": t.change,
            "drivers": [
                f"{d.label} {'converged' if d.contribution > 0 else 'diverged'} ({d.contribution:+.1f})"
                for d in t.drivers[:3]
            ],
        }
        for t in found.turns
    ]
    timeline = [e.to_dict() for e in dated.items[:TIMELINE_ROWS]]
    index = found.index
    span = f"{index['start'].min():%Y}–{index['end'].max():%Y}" if len(index) else "no data"
    n_docs = len({str(d) for d in found.events["doc"]}) if len(found.events) else 0
    counts = kb.counts(dyad)
    return RelationshipView(
        dyad, by, found, chart, drivers_chart, phases, turns, timeline, len(dated), span, n_docs, counts
    )


def review_file(kb: KnowledgeBase, name: str, data: bytes, question: str | None) -> Review:
    """Review an uploaded answer: written to a private temporary folder, read, reviewed, deleted."""
    with tempfile.TemporaryDirectory(prefix="dyadscope-review-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return kb.review(path, question)
