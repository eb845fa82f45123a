"""Coded corpora: archives coded on a Dask cluster into partitioned Parquet instead of a store.

    import dyadscope
    dyadscope.code_corpus(["archive/"], "events/", scheduler="local")    # or "tcp://scheduler:8786"
    frame = dyadscope.read_events("events/")                             # pandas; dask=True: a Dask DataFrame
    analysis = dyadscope.corpus_analysis("events/", "CHN-USA", by="decade")
    analysis.index, analysis.phases_frame()

`KnowledgeBase.import_corpus("events/")` (`dyadscope import events/`) brings a coded corpus into a store.
The layout is `dyadscope.formats.corpus`'s; docs/scale.md says how it scales.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadscope.data.kinds import parse_kind
from dyadscope.errors import InputError
from dyadscope.formats.corpus import measurable_frame, read_table
from dyadscope.ingest import iter_paths
from dyadscope.query import Vocabulary
from dyadscope.results import FileResult

if TYPE_CHECKING:
    from distributed import Client

    from dyadscope.analyze import Analysis

__all__ = ["code_corpus", "corpus_analysis", "read_events", "read_table"]


def code_corpus(
    inputs: Sequence[Path | str],
    folder: Path | str,
    scheduler: str | Client = "local",
    *,
    actor_files: Sequence[Path] = (),
    kind: str | None = None,
    workers: int | None = None,
    per_part: int = 200,
    on_file: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Read and code every file of `inputs` on a Dask cluster (`scheduler`: an address, a `Client`, or "local"
    for a cluster of `workers` processes on this machine) into `folder`; a document the folder holds already is
    "unchanged", a file that cannot be read "failed" (one line), never fatal. InputError for a missing path,
    a bad kind or a scheduler that cannot be reached."""
    from dyadscope.ingest.cluster import code_corpus as run
    from dyadscope.ingest.cluster import connect

    kind = None if kind is None else kind if kind == "detect" else parse_kind(kind)
    if Path(folder).exists() and not Path(folder).is_dir():  # said before a cluster is started for nothing
        raise InputError(f"{folder}: not a folder, cannot write a coded corpus into it")
    files = list(iter_paths([Path(p) for p in inputs]))
    if not isinstance(scheduler, str):
        return run(scheduler, files, Path(folder), actor_files, kind, on_file, per_part)
    with connect(scheduler, workers) as client:
        return run(client, files, Path(folder), actor_files, kind, on_file, per_part)


def read_events(folder: Path | str, dask: bool = False) -> Any:
    """A coded corpus's events, one row per event (the columns of `dyadscope.formats.corpus.EVENT_COLUMNS`), as
    a pandas DataFrame or, with `dask=True`, a Dask DataFrame with one partition per part."""
    return read_table(folder, "events", dask=dask)


def corpus_analysis(
    folder: Path | str,
    dyad: tuple[str, str] | str,
    by: str = "year",
    *,
    source: str | None = None,
    interpolate: bool = False,
    min_phase: int | None = None,
    actor_files: Sequence[Path] = (),
) -> Analysis:
    """Index, phases and drivers of a dyad from a coded corpus, reading only that dyad's measurable events (and
    its states' predecessors', as a store's analysis does)."""
    from dyadscope.analyze import analyze

    words = Vocabulary(actor_files)
    pair = words.dyad(dyad)
    frame = measurable_frame(folder, pair, words.predecessors(pair))
    return analyze(frame, pair, by, source=source, interpolate=interpolate, min_phase=min_phase)
