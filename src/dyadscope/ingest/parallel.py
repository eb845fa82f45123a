"""Ingest on every core: documents are read, segmented, coded and embedded in worker processes, one writer
stores them.

Each worker process loads one `Pipeline` and one `Embedder` (with the knowledge base's actor files) when it
starts and keeps them for every document it is given. A task is one file: the worker reads it, skips it when
the store already holds it unchanged (it reads the store; readers never wait), else processes it and sends
back the `ProcessedDocument` with its vectors. The parent submits files in order, never more than
`WINDOW` × workers at a time (so memory stays flat whatever the corpus), and writes the results strictly in
input order through `Store.add`, one transaction per document: the store ends exactly as a one-process
ingest leaves it (the same rows, ids and vectors), a killed run leaves whole documents only, and a second
run finds everything unchanged.

Processes are started with `spawn`, never `fork`: the parent may hold onnxruntime's threads.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dyadscope import threads
from dyadscope.errors import InputError, StoreError
from dyadscope.ingest.readers import IngestError, read_document
from dyadscope.results import FileResult

if TYPE_CHECKING:
    from dyadscope.models import ProcessedDocument, RawDocument
    from dyadscope.nlp.embed import Embedder
    from dyadscope.pipeline import Pipeline
    from dyadscope.store import Store

WINDOW = 2  # documents in flight per worker: one being processed, one waiting (its result or its turn)


def default_workers() -> int:
    """The machine's cores (those this process may use where the system says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class Unchanged:
    """The store held this content already (made by this extractor, of this kind)."""

    content_hash: str


@dataclass(frozen=True, slots=True)
class Failed:
    """The file cannot become a document: `error` is IngestError's one line."""

    error: str


Outcome = Unchanged | Failed


class _Worker:
    """What one worker process keeps: its models, and the store to read (never to write)."""

    def __init__(self, db: str, actor_files: Sequence[str]) -> None:
        from dyadscope.nlp.embed import Embedder
        from dyadscope.pipeline import Pipeline
        from dyadscope.store import Store

        self.pipeline: Pipeline = Pipeline([Path(p) for p in actor_files])
        self.embedder: Embedder = Embedder()
        self.store: Store = Store(db)

    def work(self, path: str, kind: str | None) -> ProcessedDocument | Outcome:
        return prepare(self.pipeline, self.embedder, self.store, Path(path), kind)


_worker: _Worker | None = None
# why this worker could not load (a bad actor file): every task raises it
_failure: InputError | StoreError | None = None


def _start(db: str, actor_files: Sequence[str]) -> None:
    """A worker process's initializer: one thread for each numeric library, Ctrl-C left to the parent (which
    stops the pool), then the models."""
    global _worker, _failure
    threads.for_good()  # numpy is loaded already (by this module's imports): its BLAS is limited now
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _worker = _Worker(db, actor_files)
    except (InputError, StoreError) as error:
        _failure = error


def _task(path: str, kind: str | None) -> ProcessedDocument | Outcome:
    if _failure is not None:
        raise _failure
    assert _worker is not None
    return _worker.work(path, kind)


def prepare(
    pipeline: Pipeline, embedder: Embedder, store: Store, path: Path, kind: str | None
) -> ProcessedDocument | Outcome:
    """One file → what to store of it, or why nothing is (unreadable, or held unchanged already): the work of
    an ingest before the write, in this process or a worker."""
    try:
        raw = read_document(path)
    except IngestError as error:
        return Failed(str(error))
    if store.has_hash(raw.content_hash, pipeline.extractor_version, kind):
        return Unchanged(raw.content_hash)
    return process(pipeline, embedder, raw, kind)


def process(pipeline: Pipeline, embedder: Embedder | None, raw: RawDocument, kind: str | None) -> ProcessedDocument:
    """A read document → what the store keeps of it, with its sentence vectors (the same in every process;
    none without an embedder: a coded corpus keeps none)."""
    if kind is not None and kind != "detect":
        raw.kind, raw.kind_origin = kind, "user"
    processed = pipeline.process(raw)
    if embedder is None:
        return processed
    # Vectors are made here, for what is stored: reviewing or coding a text needs none.
    processed.vectors = embedder.encode_in_context([(s.text, s.context) for s in processed.sentences])
    processed.vector_model = embedder.name
    return processed


def ingest_in_workers(
    store: Store,
    files: Sequence[Path],
    workers: int,
    actor_files: Sequence[Path] = (),
    kind: str | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Ingest `files` with `workers` processes (see the module's docstring); `kind` is a kind `parse_kind`
    accepted, "detect" or None. Raises InputError when the workers cannot load (a bad actor file) and
    StoreError when a write fails (what was written before stays)."""
    results: list[FileResult] = []
    if not files:
        return results
    workers = max(1, min(workers, len(files)))
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_start,
        initargs=(str(store.path), [str(p) for p in actor_files]),
    )
    pending: deque[tuple[Path, Future[ProcessedDocument | Outcome]]] = deque()
    queue = iter(files)
    try:
        for path in queue:
            pending.append((path, pool.submit(_task, str(path), kind)))
            if len(pending) >= WINDOW * workers:
                break
        while pending:
            path, future = pending.popleft()
            result = write(store, path, future.result(), kind, recheck=True)
            following = next(queue, None)
            if following is not None:
                pending.append((following, pool.submit(_task, str(following), kind)))
            results.append(result)
            if on_file is not None:
                on_file(result)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return results


def write(
    store: Store, path: Path, done: ProcessedDocument | Outcome, kind: str | None, *, recheck: bool = False
) -> FileResult:
    """A prepared file, stored (one transaction) and told as a FileResult. `recheck`: look again whether the
    store holds the content, for results prepared in another process (an earlier file of the run, a copy,
    may have stored it since)."""
    if isinstance(done, Failed):
        return FileResult(str(path), "failed", error=done.error)
    if isinstance(done, Unchanged) or (recheck and store.has_hash(done.raw.content_hash, done.extractor, kind)):
        return FileResult(str(path), "unchanged")
    outcome = store.add(done)
    raw = done.raw
    return FileResult(
        str(path), outcome.status, outcome.sentences, outcome.events, kind=raw.kind, kind_origin=raw.kind_origin
    )
