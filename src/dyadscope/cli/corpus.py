"""The commands that fill the store and read events back: ingest, events, timeline, code, dates, demo, import.

`ingest` reads documents into the store and `import` event data files (GDELT, ICEWS, POLECAT) beside
them; `events` and `timeline` list what is stored; `code` and `dates` show what the pipeline makes of a
text without a store; `demo` ingests the bundled sample corpus and shows a timeline and a report.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dyadscope import present
from dyadscope.cli.analysis import ReportFormat, report
from dyadscope.cli.common import (
    ActorsOption,
    DbOption,
    FirstActor,
    Format,
    Origin,
    OriginOption,
    OutputOption,
    SecondActor,
    _fail,
    _open,
    _pair,
    emit,
    err,
    file_progress,
    kind_option,
    out,
    shown,
)
from dyadscope.errors import InputError, StoreError
from dyadscope.files import default_db
from dyadscope.ingest import IngestError

if TYPE_CHECKING:
    from dyadscope.api import KnowledgeBase


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (txt, md, html, pdf, docx).")],
    db: DbOption = None,
    actors: ActorsOption = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help="Every file's document kind: official, history, news, analysis, note, answer or nonprose "
            "(else read from the text or a 'kind:' line; 'detect' reads it again). See docs/index.md."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Processes that read and code documents (each loads the models once; one writes them, in "
            "order). Default: the machine's cores. The store ends the same whatever the number.",
            show_default=False,
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            help="Code on a Dask cluster: the scheduler's address (tcp://host:8786), or 'local' for a cluster of "
            "--workers processes here. This process reads the files and writes the store; see docs/scale.md.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read documents into the store; unchanged files are skipped, bad files reported. Exit 1 if any failed.

    Documents are read and coded by --workers processes (default: every core) and stored one whole document
    at a time, in order: a stopped run leaves whole documents, and running it again goes on where it stopped.

    Example: dyadscope ingest notes/ --kind note

    Example: dyadscope ingest samples/ --workers 2

    Example: dyadscope ingest archive/ --dask tcp://10.0.0.5:8786"""
    kind = kind_option(kind)
    from dyadscope.ingest.parallel import default_workers

    processes = workers or default_workers()
    kb = _open(db, actors, create=True)
    try:
        files = kb.files(paths)
        if dask is None and (processes == 1 or len(files) < 2):
            kb.load(search=False)  # else each worker loads the models (and says so of a bad actor file)
    except InputError as error:  # a missing path, a bad actor file
        _fail(str(error))
    stopped = None
    with file_progress(files, "ingesting") as (results, done):
        try:
            kb.ingest(files, on_file=done, kind=kind, workers=processes, dask=dask)
        except StoreError as error:  # a full disk: what is stored stays, the rest would fail the same way
            stopped = str(error)
        except InputError as error:  # a bad actor file, found by the workers; a scheduler out of reach
            kb.close()
            _fail(str(error))
    kb.close()
    if stopped is not None:
        _fail(f"{stopped}; {len(results)} of {len(files)} files were read before it")
    for r in results:
        if r.status in ("added", "replaced"):
            out.print(
                f"{r.status:>9}  {shown(r.path)}  ({r.kind}: {r.sentences} sentences, {r.events} events)",
                highlight=False,
            )
            if r.kind_origin == "detected" and r.kind in NOT_CODED:
                out.print(
                    f"{'':>11}read as {NOT_CODED[r.kind]}: stored, not coded, never cited; if it is not one,"
                    f" ingest it again with --kind (official, history, news, analysis, note)",
                    style="dim",
                    highlight=False,
                )
        elif r.status == "unchanged":
            out.print(f"{r.status:>9}  {shown(r.path)}", highlight=False)
    counts = Counter(r.status for r in results)
    failed = counts["failed"]
    summary = ", ".join(f"{counts[s]} {s}" for s in ("added", "replaced", "unchanged") if counts[s])
    out.print(
        f"{len(results) - failed} of {len(results)} files ingested into {shown(kb.path)} ({summary or 'none'})"
        + (f"; [red]{failed} failed[/red]" if failed else ""),
        highlight=False,
    )
    if failed:
        raise typer.Exit(1)


def events(
    db: DbOption = None,
    dyad: Annotated[str | None, typer.Option(help="Two actor codes, e.g. PAK-USA.")] = None,
    actor: Annotated[str | None, typer.Option(help="Events involving this actor code.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    context: Annotated[str | None, typer.Option(help="PLOVER context or a word for one, e.g. cbrn or nuclear.")] = None,
    start: Annotated[str | None, typer.Option(help="From this date: 1990, 1990-05-01, May 1990, the 1990s.")] = None,
    end: Annotated[str | None, typer.Option(help="Up to this date.")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
    output: OutputOption = None,
    origin: OriginOption = Origin.all,
) -> None:
    """List stored events with their evidence."""
    kb = _open(db)
    try:
        found = kb.events(dyad=dyad, actor=actor, type=type, context=context, start=start, end=end, origin=origin)
    except InputError as error:
        _fail(str(error))

    def table() -> None:
        out.print(present.events_table(list(found), _what_events_counts(kb, dyad, actor, type, context, start, end)))
        if dyad and not (actor or type or context or start or end):
            out.print(kb.counts(dyad, origin=origin.value).sentence(), style="dim", highlight=False)

    emit(found.to_dicts, found.to_pandas, fmt, output, table, f"{len(found)} events")


NOT_CODED = {"answer": "a student's answer", "nonprose": "non-prose (a README, a table, a list)"}


def _what_events_counts(kb: KnowledgeBase, dyad: str | None, *filters: str | None) -> str:
    """The table's title: what `events` lists (every stored event that matches, bar negated ones)."""
    between = "-".join(kb.vocabulary.dyad(dyad)) if dyad else "any actors"
    matching = " matching the filters" if any(filters) else ""
    return f"Events between {between}{matching}: undated and hypothetical ones too, negated ones left out"


def timeline(
    a: FirstActor,
    b: SecondActor,
    db: DbOption = None,
    min_confidence: Annotated[float, typer.Option(help="Leave out less certain events.")] = 0.0,
) -> None:
    """The dated events between two actors, in order, each with its cited sentence."""
    kb = _open(db)
    a_code, b_code = _pair(kb, a, b)
    found = [e for e in kb.timeline(a_code, b_code) if e.confidence >= min_confidence]
    if not found:
        out.print(f"No dated events between {a_code} and {b_code} in {shown(kb.path)}.")
        return
    shown_confident = f" with confidence {min_confidence:g} or more" if min_confidence else ""
    out.print(f"[bold]{a_code}–{b_code}: {len(found)} dated events{shown_confident}[/bold]")
    out.print(kb.counts((a_code, b_code)).sentence(), style="dim", highlight=False)
    out.print()
    for line in present.timeline_lines(found):
        out.print(line, highlight=False)


def code(
    text: Annotated[str, typer.Argument(help="A text, or - to read one text per line from stdin.")],
    fmt: Annotated[Format, typer.Option("--format")] = Format.json,
    output: OutputOption = None,
    anchor: Annotated[str | None, typer.Option(help="Date that 'today'/'yesterday' refer to.")] = None,
    actors: ActorsOption = None,
) -> None:
    """Code events in a text without a store; with -, one JSON line (a list of events) per input line."""
    from datetime import date

    from dyadscope.api import coder

    try:
        code_text = coder(actors or ())
        day = date.fromisoformat(anchor) if anchor else None
    except (InputError, ValueError) as error:  # an actor file, a date
        _fail(str(error))
    if text == "-":
        for line in sys.stdin:
            coded = code_text(line.rstrip("\n"), day)
            sys.stdout.write(json.dumps(coded.to_dicts(), ensure_ascii=False) + "\n")
        return
    found = code_text(text, day)
    emit(found.to_dicts, found.to_pandas, fmt, output, lambda: out.print(present.events_table(list(found))), "events")


def dates(text: Annotated[str, typer.Argument(help="A text with time expressions.")]) -> None:
    """Show how dyadscope reads the time expressions in a text."""
    from dyadscope.api import read_dates

    for m in read_dates(text):
        out.print(
            f"{m.text!r:>32}  {m.interval.start} … {m.interval.end}  ({m.interval.granularity}, {m.kind})",
            highlight=False,
        )


def demo(db: DbOption = None) -> None:
    """Ingest the bundled sample corpus and print its Pakistan–US timeline."""
    sample = resources.files("dyadscope") / "data" / "sample"
    with resources.as_file(sample) as folder:
        kb = _open(db or default_db().with_name("demo.db"), create=True)
        results = kb.ingest(sorted(p for p in Path(folder).glob("*.md") if p.name != "README.md"))
        kb.close()
    for r in results:
        counts = f"  ({r.sentences} sentences, {r.events} events)" if r.status != "unchanged" else ""
        out.print(f"{r.status:>9}  {shown(Path(r.path).name)}{counts}", highlight=False)
    timeline(a="PAK", b="USA", db=kb.path, min_confidence=0.0)
    page = kb.path.with_name("demo-report.html")
    out.print()
    report(a="PAK", b="USA", output=page, db=kb.path, by="year", fmt=ReportFormat.html)
    out.print(f"Open {shown(page)} in a browser. Then try:")
    out.print(f'  dyadscope ask "Why did the US suspend aid in 1990?" --db {shown(kb.path)}', highlight=False)
    out.print(f"  dyadscope phases CHN IND --db {shown(kb.path)}", highlight=False)
    out.print(f"  dyadscope serve --db {shown(kb.path)}", highlight=False)


class ImportFormat(StrEnum):
    gdelt = "gdelt"
    icews = "icews"
    polecat = "polecat"


def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="GDELT, ICEWS or POLECAT event files (or folders of them), or coded corpora (code-corpus)."
        ),
    ],
    fmt: Annotated[
        ImportFormat | None, typer.Option("--format", help="The files' format (default: read from each file).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Import event data (GDELT 1.0/2.0, ICEWS, POLECAT) beside the events coded from text. Exit 1 if any failed.

    A folder `code-corpus` wrote is stored as `ingest` would have stored its documents.

    Example: dyadscope import events/ --db kb.db"""
    from dyadscope import formats
    from dyadscope.formats.corpus import is_corpus

    kb = _open(db, create=True)
    corpora = [p for p in paths if p.is_dir() and is_corpus(p)]
    if corpora:
        _import_corpora(kb, corpora)
        paths = [p for p in paths if p not in corpora]
        if not paths:
            kb.close()
            return
    try:
        files = list(formats.iter_event_paths(paths))
    except IngestError as error:  # a missing path: nothing is imported, as with ingest
        _fail(str(error))
    results = []
    for path in files:
        result = kb.import_events(path, fmt.value if fmt else None)
        results.append(result)
        if result.status == "failed":
            err.print(f"[red]failed[/red] {shown(result.error)}", highlight=False, soft_wrap=True)
        elif result.status == "unchanged":
            out.print(f"{result.status:>9}  {shown(result.path)}", highlight=False)
        else:
            out.print(f"{result.status:>9}  {shown(result.path)}  ({result.summary()})", highlight=False)
    kb.close()
    counts = Counter(r.status for r in results)
    failed = counts["failed"]
    summary = ", ".join(f"{counts[s]} {s}" for s in ("added", "replaced", "unchanged") if counts[s])
    rows, stored, skipped = (sum(r.rows for r in results), sum(r.events for r in results),
                             sum(r.rows_skipped for r in results))  # fmt: skip
    out.print(
        f"{len(results) - failed} of {len(results)} files imported into {shown(kb.path)} ({summary or 'none'}):"
        f" {formats.counted(rows, 'row')} read, {formats.counted(stored, 'event')} stored,"
        f" {formats.counted(skipped, 'row')} skipped" + (f"; [red]{failed} failed[/red]" if failed else ""),
        highlight=False,
    )
    if failed or not results:
        raise typer.Exit(1)


def _import_corpora(kb: KnowledgeBase, folders: list[Path]) -> None:
    for folder in folders:
        results = kb.import_corpus(folder)
        counts = Counter(r.status for r in results)
        summary = ", ".join(f"{counts[s]} {s}" for s in ("added", "replaced", "unchanged") if counts[s])
        out.print(
            f"{len(results)} documents of the coded corpus {shown(folder)} imported into {shown(kb.path)}"
            f" ({summary or 'none'}; {sum(r.events for r in results)} events)",
            highlight=False,
        )
