"""Ingest and coding on a Dask cluster (`distributed`): `ingest --dask` and `code-corpus`.

The client (this process) reads each file, skips what the store (or the coded corpus) holds already, and sends
the read document to the cluster as one task; a worker segments, parses, codes (and for a store, embeds) it
with the models it loaded on its first task, and returns the `ProcessedDocument`. The client keeps no more than
two tasks per worker thread in flight, so memory stays flat whatever the corpus, and writes the results in input
order: one transaction per document into the store, exactly as `ingest --workers 1` writes them, or whole parts
of a Parquet corpus (`dyadscope.formats.corpus`). Workers need no access to the files or the store; a worker
that dies mid-job has its tasks run again by the scheduler, and the results are the same (coding is a pure
function of the text).

Workers should run one thread each (`dask worker ADDRESS --nthreads 1`; `local` starts one such worker per core):
the models are not shared between threads, so a worker with more threads codes one document at a time.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadscope.errors import InputError
from dyadscope.ingest.parallel import Failed, Outcome, Unchanged, default_workers, process, write
from dyadscope.ingest.readers import IngestError, read_document
from dyadscope.results import FileResult
from dyadscope.threads import ONE_THREAD, one_thread

if TYPE_CHECKING:
    from dyadscope.models import ProcessedDocument, RawDocument
    from dyadscope.store import Store

WINDOW = 2  # tasks in flight per worker thread
Actors = tuple[tuple[str, bytes], ...]  # the user's actor files, sent to the workers: (name, content)
Client = Any  # a distributed.Client (distributed has no type hints)


@contextlib.contextmanager
def connect(scheduler: str, workers: int | None = None) -> Iterator[Client]:
    """A client of the Dask scheduler at `scheduler` ("tcp://host:8786"), or of a new local cluster ("local":
    `workers` processes of one thread, default one per core), closed on leaving. InputError when the scheduler
    cannot be reached."""
    dask: Any = importlib.import_module("distributed")

    if scheduler == "local":
        environment = dict(ONE_THREAD)
        cluster = dask.LocalCluster(
            n_workers=workers or default_workers(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: never "already in use"
            silence_logs=logging.ERROR,
            env=environment,
        )
        try:
            with dask.Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    try:
        client = dask.Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
    try:
        yield client
    finally:
        client.close()


def read_actors(actor_files: Sequence[Path]) -> Actors:
    """The actor files' contents, to send to workers that cannot read them; each is read here first, so that
    a bad one is named by its own path (an InputError), not by a worker's copy."""
    from dyadscope.nlp.actor_data import load_user_actors

    for path in actor_files:
        load_user_actors(Path(path))
    try:
        return tuple((Path(p).name, Path(p).read_bytes()) for p in actor_files)
    except OSError as error:
        raise InputError(f"cannot read an actor file: {error}") from error


# On a worker: the models, loaded on the first task and kept for every later one (per set of actor files).
_models: dict[str, tuple[Any, Any]] = {}
_lock = threading.Lock()


def _loaded(actors: Actors) -> tuple[Any, Any]:
    import shutil
    import tempfile

    from dyadscope.nlp.embed import Embedder
    from dyadscope.pipeline import Pipeline

    key = hashlib.sha256(repr(actors).encode()).hexdigest()
    if key not in _models:
        # each file under its own name (the extractor version hashes names with bytes, as the client's does),
        # one folder each (two files may share a name); read when the pipeline is built, then removed
        folder = Path(tempfile.mkdtemp(prefix="dyadscope-actors-"))
        try:
            paths = []
            for index, (name, content) in enumerate(actors):
                path = folder / str(index) / name
                path.parent.mkdir()
                path.write_bytes(content)
                paths.append(path)
            _models[key] = (Pipeline(paths), Embedder())
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return _models[key]


def _code(raw: RawDocument, kind: str | None, actors: Actors, embed: bool) -> ProcessedDocument:
    """A worker's task: one read document, coded (and embedded when it is for a store) on one thread, on a
    worker started by `dask worker` as on our LocalCluster's."""
    with _lock, one_thread():
        pipeline, embedder = _loaded(actors)
        return process(pipeline, embedder if embed else None, raw, kind)


def _version(actors: Actors) -> str:
    with _lock:
        pipeline, _ = _loaded(actors)
        return str(pipeline.extractor_version)


def extractor_version(client: Client, actors: Actors) -> str:
    """The extractor version the cluster's workers code with (asked of one; it loads its models to answer)."""
    return str(client.submit(_version, actors, pure=False).result())


def coded(
    client: Client,
    files: Sequence[Path],
    actors: Actors,
    kind: str | None,
    held: Callable[[RawDocument], bool],
    embed: bool,
) -> Iterator[tuple[Path, ProcessedDocument | Outcome]]:
    """Each file, in input order, with what the cluster made of it: failed (unreadable), unchanged (`held`
    says the destination has it) or coded."""
    threads = max(1, sum(client.nthreads().values()))
    pending: deque[tuple[Path, Any]] = deque()  # a distributed.Future, or what needs no task
    queue = iter(files)

    def submit(path: Path) -> None:
        try:
            raw = read_document(path)
        except IngestError as error:
            pending.append((path, Failed(str(error))))
            return
        if held(raw):
            pending.append((path, Unchanged(raw.content_hash)))
            return
        # retries: a task that raised (a worker's memory error) is tried again; one whose worker died is
        # always rescheduled by the scheduler
        pending.append((path, client.submit(_code, raw, kind, actors, embed, pure=False, retries=2)))

    try:
        for path in queue:
            submit(path)
            if len(pending) >= WINDOW * threads:
                break
        while pending:
            path, task = pending.popleft()
            done = task if isinstance(task, Unchanged | Failed) else task.result()
            following = next(queue, None)
            if following is not None:
                submit(following)
            yield path, done
    finally:
        for _, task in pending:
            if not isinstance(task, Unchanged | Failed):
                task.cancel()


def ingest_on(
    scheduler: str | Client,
    store: Store,
    files: Sequence[Path],
    workers: int = 1,
    actor_files: Sequence[Path] = (),
    kind: str | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """`ingest_on_cluster` with a client, or a scheduler's address, or "local" (`workers` processes, or one a
    core when `workers` is 1)."""
    if not isinstance(scheduler, str):
        return ingest_on_cluster(store, scheduler, files, actor_files, kind, on_file)
    with connect(scheduler, workers if workers > 1 else None) as client:
        return ingest_on_cluster(store, client, files, actor_files, kind, on_file)


def ingest_on_cluster(
    store: Store,
    client: Client,
    files: Sequence[Path],
    actor_files: Sequence[Path] = (),
    kind: str | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Ingest `files` into `store` with the cluster doing the coding and embedding (see the module's
    docstring): the store ends as a one-process ingest leaves it."""
    actors = read_actors(actor_files)
    version = extractor_version(client, actors)
    results = []
    held = lambda raw: store.has_hash(raw.content_hash, version, kind)  # noqa: E731
    for path, done in coded(client, files, actors, kind, held, embed=True):
        result = write(store, path, done, kind, recheck=True)
        results.append(result)
        if on_file is not None:
            on_file(result)
    return results


def code_corpus(
    client: Client,
    files: Sequence[Path],
    folder: Path,
    actor_files: Sequence[Path] = (),
    kind: str | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    per_part: int = 200,
) -> list[FileResult]:
    """Code `files` on the cluster into a Parquet corpus in `folder` (`dyadscope.formats.corpus`), without
    sentence vectors; documents the folder holds already are "unchanged"."""
    from dyadscope.formats.corpus import CorpusWriter

    actors = read_actors(actor_files)
    version = extractor_version(client, actors)
    results = []
    with CorpusWriter(folder, per_part) as writer:
        held = lambda raw: writer.has(raw.content_hash, version, kind)  # noqa: E731
        for path, done in coded(client, files, actors, kind, held, embed=False):
            if isinstance(done, Failed):
                result = FileResult(str(path), "failed", error=done.error)
            elif isinstance(done, Unchanged) or writer.has(done.raw.content_hash, done.extractor, kind):
                result = FileResult(str(path), "unchanged")  # held, or a copy of a file earlier in this run
            else:
                writer.add(done)
                raw = done.raw
                result = FileResult(
                    str(path), "added", len(done.sentences), len(done.events), kind=raw.kind,
                    kind_origin=raw.kind_origin,
                )  # fmt: skip
            results.append(result)
            if on_file is not None:
                on_file(result)
    return results
