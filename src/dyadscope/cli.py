"""The `dyadscope` command line (Typer + Rich). Errors are one line naming the file and the problem."""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from dyadscope import formats, present
from dyadscope.analyze import Analysis, Period
from dyadscope.api import FileResult, KnowledgeBase, default_db, parse_dyad
from dyadscope.ingest import IngestError
from dyadscope.nlp.actors import ActorDataError
from dyadscope.nlp.dates import DateFinder
from dyadscope.store import StoreError

app = typer.Typer(
    help="Documents about two countries → a cited, dated account of their relationship.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(soft_wrap=True)
# pypdf logs its own complaints about broken files; the CLI reports each bad file once, in one line.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)
err = Console(stderr=True)

DbOption = Annotated[Path | None, typer.Option("--db", help="SQLite store (default: user data dir).")]
FirstActor = Annotated[str, typer.Argument(help="First actor code, e.g. PAK.")]
SecondActor = Annotated[str, typer.Argument(help="Second actor code, e.g. USA.")]

ActorsOption = Annotated[list[Path] | None, typer.Option("--actors", help="Extra actor dictionary (YAML).")]


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Origin(StrEnum):
    all = "all"
    text = "text"
    gdelt = "gdelt"
    icews = "icews"
    polecat = "polecat"


OriginOption = Annotated[
    Origin, typer.Option("--origin", help="Only events from text, gdelt, icews or polecat (default: all).")
]
TableOutput = Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file (.csv .json .parquet).")]


def _open(db: Path | None, actors: list[Path] | None = None) -> KnowledgeBase:
    try:
        return KnowledgeBase(db or default_db(), actors or ())
    except StoreError as error:
        _fail(str(error))


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (txt, md, html, pdf, docx).")],
    db: DbOption = None,
    actors: ActorsOption = None,
) -> None:
    """Read documents into the store; unchanged files are skipped, bad files reported. Exit 1 if any failed."""
    kb = _open(db, actors)
    try:
        files = kb.files(paths)
        _ = kb.pipeline
    except (IngestError, ActorDataError) as error:
        _fail(str(error))
    results: list[FileResult] = []
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task("ingesting", total=len(files))
        for path in files:
            progress.update(task, description=f"ingesting {path.name[:40]}")
            result = kb.ingest_file(path)
            results.append(result)
            if result.status == "failed":
                progress.console.print(f"[red]failed[/red] {result.error}", highlight=False, soft_wrap=True)
            progress.advance(task)
    kb.close()
    for r in results:
        if r.status in ("added", "replaced"):
            out.print(f"{r.status:>9}  {r.path}  ({r.sentences} sentences, {r.events} events)", highlight=False)
        elif r.status == "unchanged":
            out.print(f"{r.status:>9}  {r.path}", highlight=False)
    counts = Counter(r.status for r in results)
    failed = counts["failed"]
    summary = ", ".join(f"{counts[s]} {s}" for s in ("added", "replaced", "unchanged") if counts[s])
    out.print(
        f"{len(results) - failed} of {len(results)} files ingested into {kb.store.path} ({summary or 'none'})"
        + (f"; [red]{failed} failed[/red]" if failed else ""),
        highlight=False,
    )
    if failed:
        raise typer.Exit(1)


@app.command()
def events(
    db: DbOption = None,
    dyad: Annotated[str | None, typer.Option(help="Two actor codes, e.g. PAK-USA.")] = None,
    actor: Annotated[str | None, typer.Option(help="Events involving this actor code.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    context: Annotated[str | None, typer.Option(help="PLOVER context, e.g. cbrn.")] = None,
    start: Annotated[str | None, typer.Option(help="From this date (YYYY or YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Up to this date.")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to a file (.json .csv .parquet).")
    ] = None,
    origin: OriginOption = Origin.all,
) -> None:
    """List stored events with their evidence."""
    kb = _open(db)
    try:
        found = kb.events(dyad=dyad, actor=actor, type=type, context=context, start=start, end=end, origin=origin)
    except ValueError as error:
        _fail(str(error))
    if output is not None:
        try:
            found.export(output)
        except ValueError as error:
            _fail(str(error))
        out.print(f"{len(found)} events written to {output}")
    elif fmt is Format.json:
        sys.stdout.write(found.to_json() + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(found.to_pandas().to_csv(index=False))
    else:
        out.print(present.events_table(list(found)))


@app.command()
def timeline(
    a: FirstActor,
    b: SecondActor,
    db: DbOption = None,
    min_confidence: Annotated[float, typer.Option(help="Leave out less certain events.")] = 0.0,
) -> None:
    """The dated events between two actors, in order, each with its cited sentence."""
    kb = _open(db)
    try:
        a_code, b_code = parse_dyad(f"{a}-{b}")
    except ValueError as error:
        _fail(str(error))
    found = [e for e in kb.timeline(a_code, b_code) if e.confidence >= min_confidence]
    if not found:
        out.print(f"No dated events between {a_code} and {b_code} in {kb.store.path}.")
        return
    out.print(f"[bold]{a_code}–{b_code}: {len(found)} dated events[/bold]\n")
    for line in present.timeline_lines(found):
        out.print(line, highlight=False)


@app.command()
def code(
    text: Annotated[str, typer.Argument(help="A text, or - to read one text per line from stdin.")],
    fmt: Annotated[Format, typer.Option("--format")] = Format.json,
    anchor: Annotated[str | None, typer.Option(help="Date that 'today'/'yesterday' refer to.")] = None,
    actors: ActorsOption = None,
) -> None:
    """Code events in a text without a store; with -, one JSON line (a list of events) per input line."""
    from datetime import date

    from dyadscope.pipeline import Pipeline

    try:
        pipeline = Pipeline(actors or ())
        day = date.fromisoformat(anchor) if anchor else None
    except (ActorDataError, ValueError) as error:
        _fail(str(error))
    if text == "-":
        for line in sys.stdin:
            coded = pipeline.code_text(line.rstrip("\n"), anchor=day)
            sys.stdout.write(json.dumps([e.to_dict() for e in coded], ensure_ascii=False) + "\n")
        return
    coded = pipeline.code_text(text, anchor=day)
    if fmt is Format.table:
        out.print(present.events_table(coded))
    elif fmt is Format.csv:
        sys.stdout.write(present.to_pandas(coded).to_csv(index=False))
    else:
        sys.stdout.write(present.to_json(coded) + "\n")


class ReportFormat(StrEnum):
    html = "html"
    md = "md"
    json = "json"


def _analysis(
    a: str, b: str, db: Path | None, by: str, source: str | None, interpolate: bool, origin: Origin = Origin.all
) -> Analysis:
    kb = _open(db)
    try:
        pair = parse_dyad(f"{a}-{b}")
        return kb.analysis(
            pair, by, source=source.upper() if source else None, interpolate=interpolate, origin=origin.value
        )
    except ValueError as error:
        _fail(str(error))


@app.command()
def index(
    a: FirstActor,
    b: SecondActor,
    db: DbOption = None,
    by: Annotated[Period, typer.Option(help="Period length.")] = "year",
    source: Annotated[str | None, typer.Option(help="Only this side's actions (directed index).")] = None,
    interpolate: Annotated[bool, typer.Option(help="Fill periods without evidence (wide band).")] = False,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
    origin: OriginOption = Origin.all,
    output: TableOutput = None,
) -> None:
    """The cooperation–conflict index on the −9..+9 scale, with its 90% band and event counts."""
    analysis = _analysis(a, b, db, by, source, interpolate, origin)
    records = analysis.index_records()
    if output is not None:
        _export_table(formats.export_index, analysis, output, f"index ({len(records)} periods)")
    elif fmt is Format.json:
        sys.stdout.write(json.dumps(records, indent=2) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(analysis.index.to_csv(index=False))
    else:
        out.print(present.index_table(records, f"{analysis.dyad[0]}–{analysis.dyad[1]} by {by}"))


@app.command()
def phases(
    a: FirstActor,
    b: SecondActor,
    db: DbOption = None,
    by: Annotated[Period, typer.Option(help="Period length the phases are found on.")] = "year",
    source: Annotated[str | None, typer.Option(help="Only this side's actions.")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
    origin: OriginOption = Origin.all,
    output: TableOutput = None,
) -> None:
    """Phases of the relationship: level, dates, score with band, key events and drivers."""
    analysis = _analysis(a, b, db, by, source, False, origin)
    rows = [p.to_dict() for p in analysis.phases]
    if output is not None:
        _export_table(formats.export_phases, analysis, output, f"{len(rows)} phases")
    elif fmt is Format.json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(analysis.phases_frame().to_csv(index=False))
    else:
        out.print(present.phases_table(analysis))


@app.command()
def report(
    a: FirstActor,
    b: SecondActor,
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write (.html, .md or .json).")],
    db: DbOption = None,
    by: Annotated[Period, typer.Option(help="Period length.")] = "year",
    fmt: Annotated[ReportFormat | None, typer.Option("--format", help="Default: from the file suffix.")] = None,
    origin: OriginOption = Origin.all,
) -> None:
    """Write a self-contained report: index with band and phases, events with evidence, drivers, corpus."""
    from dyadscope.report import render_html, render_json, render_markdown

    analysis = _analysis(a, b, db, by, None, False, origin)
    documents = _open(db).store.documents()
    kind = fmt.value if fmt else (output.suffix.lstrip(".").lower() or "html")
    writers = {"html": render_html, "md": render_markdown, "json": render_json}
    if kind not in writers:
        _fail(f"{output}: unknown report format {kind!r} (use html, md or json)")
    present.write_atomic(output, writers[kind](analysis, documents).encode())
    out.print(f"{kind} report on {analysis.dyad[0]}–{analysis.dyad[1]} ({len(analysis.phases)} phases) → {output}")


class AskFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A question about the relationship.")],
    db: DbOption = None,
    fmt: Annotated[AskFormat, typer.Option("--format")] = AskFormat.text,
) -> None:
    """Answer a question from the stored documents: points, each citing the sentences it rests on."""
    kb = _open(db)
    try:
        answer = kb.ask(question)
    except StoreError as error:
        _fail(str(error))
    if fmt is AskFormat.json:
        sys.stdout.write(answer.to_json() + "\n")
    elif fmt is AskFormat.md:
        sys.stdout.write(answer.to_markdown())
    else:
        out.print(present.answer_text(answer))


@app.command()
def note(
    question: Annotated[str, typer.Argument(help="The question or topic, e.g. an exam question.")],
    db: DbOption = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to a file (.md, .html or .json).")
    ] = None,
    by: Annotated[Period, typer.Option(help="Period length the phases are found on.")] = "year",
    llm: Annotated[
        str | None, typer.Option(help="OpenAI-compatible endpoint (e.g. http://127.0.0.1:8080/v1) to reword the prose.")
    ] = None,
    llm_model: Annotated[str, typer.Option(help="Model name sent to the --llm endpoint.")] = "local",
) -> None:
    """Write a briefing note: outline, thesis from the index, a cited section per phase, way forward.

    With --llm, a model you run rewords each section; every sentence it writes must cite the evidence
    it was given and is checked against it, or it is dropped.
    """
    kb = _open(db)
    try:
        written = kb.note(question, by, llm=llm, llm_model=llm_model)
    except StoreError as error:
        _fail(str(error))
    except ValueError as error:
        _fail(f"{kb.store.path}: {error}")
    for warning in written.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False, soft_wrap=True)
    if output is None:
        sys.stdout.write(written.to_markdown())
        return
    kind = output.suffix.lstrip(".").lower()
    renderers = {"md": written.to_markdown, "html": written.to_html, "json": written.to_json}
    if kind not in renderers:
        _fail(f"{output}: unknown note format {kind!r} (use .md, .html or .json)")
    present.write_atomic(output, renderers[kind]().encode())
    out.print(f"note with {len(written.sections)} sections and {len(written.citations())} citations → {output}")


class ReviewFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"
    html = "html"


@app.command()
def review(
    answer: Annotated[Path, typer.Argument(help="The answer: a .txt, .md or .docx file.")],
    question: Annotated[str | None, typer.Option(help="The question (default: the answer's first line).")] = None,
    db: DbOption = None,
    fmt: Annotated[ReviewFormat, typer.Option("--format")] = ReviewFormat.text,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file instead.")] = None,
) -> None:
    """Review an exam answer as an examiner would: relevance, evidence, coverage, facts, structure, language."""
    from dyadscope.review.render import to_html, to_markdown, to_rich

    kb = _open(db)
    try:
        result = kb.review(answer, question)
    except (IngestError, StoreError) as error:
        _fail(str(error))
    except ValueError as error:
        _fail(f"{answer}: {error}")
    renderer = {
        ReviewFormat.json: lambda: result.to_json() + "\n",
        ReviewFormat.md: lambda: to_markdown(result),
        ReviewFormat.html: lambda: to_html(result),
    }.get(fmt)
    rendered = renderer() if renderer is not None else None  # only the format asked for
    if output is not None:
        present.write_atomic(output, (rendered or to_markdown(result)).encode())
        out.print(f"review with {len(result.findings)} findings → {output}")
    elif rendered is not None:
        sys.stdout.write(rendered)
    else:
        Console().print(to_rich(result))  # panels wrap their text; the shared console does not wrap


@app.command()
def dates(text: Annotated[str, typer.Argument(help="A text with time expressions.")]) -> None:
    """Show how dyadscope reads the time expressions in a text."""
    from dyadscope.nlp.actors import load_builtin_actors, tenures
    from dyadscope.nlp.dates import load_named_periods

    finder = DateFinder(load_named_periods(), tenures(load_builtin_actors()))
    for m in finder.find(text):
        out.print(
            f"{m.text!r:>32}  {m.interval.start} … {m.interval.end}  ({m.interval.granularity}, {m.kind})",
            highlight=False,
        )


@app.command()
def demo(db: DbOption = None) -> None:
    """Ingest the bundled sample corpus and print its Pakistan–US timeline."""
    sample = resources.files("dyadscope") / "data" / "sample"
    with resources.as_file(sample) as folder:
        kb = _open(db or default_db().with_name("demo.db"))
        results = kb.ingest(sorted(p for p in Path(folder).glob("*.md") if p.name != "README.md"))
        kb.close()
    for r in results:
        counts = f"  ({r.sentences} sentences, {r.events} events)" if r.status != "unchanged" else ""
        out.print(f"{r.status:>9}  {Path(r.path).name}{counts}", highlight=False)
    timeline(a="PAK", b="USA", db=kb.store.path, min_confidence=0.0)
    page = kb.store.path.with_name("demo-report.html")
    out.print()
    report(a="PAK", b="USA", output=page, db=kb.store.path, by="year", fmt=ReportFormat.html)
    out.print(f"Open {page} in a browser. Then try:")
    out.print(f'  dyadscope ask "Why did the US suspend aid in 1990?" --db {kb.store.path}', highlight=False)
    out.print(f"  dyadscope phases CHN IND --db {kb.store.path}", highlight=False)
    out.print(f"  dyadscope serve --db {kb.store.path}", highlight=False)


def _export_table(writer: Callable[[Analysis, Path], str], analysis: Analysis, output: Path, what: str) -> None:
    """Write the index or phases to a .csv, .json or .parquet file (atomically)."""
    try:
        kind = writer(analysis, output)
    except ValueError as error:
        _fail(str(error))
    out.print(f"{analysis.dyad[0]}–{analysis.dyad[1]} {what} → {output} ({kind})", highlight=False)


class ImportFormat(StrEnum):
    gdelt = "gdelt"
    icews = "icews"
    polecat = "polecat"


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(help="GDELT, ICEWS or POLECAT event files (or folders of them).")],
    fmt: Annotated[
        ImportFormat | None, typer.Option("--format", help="The files' format (default: read from each file).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Import event data (GDELT 1.0/2.0, ICEWS, POLECAT) beside the events coded from text. Exit 1 if any failed."""
    kb = _open(db)
    try:
        files = list(formats.iter_event_paths(paths))
    except IngestError as error:  # a missing path: nothing is imported, as with ingest
        _fail(str(error))
    results = []
    for path in files:
        result = kb.import_events(path, fmt.value if fmt else None)
        results.append(result)
        if result.status == "failed":
            err.print(f"[red]failed[/red] {result.error}", highlight=False, soft_wrap=True)
        elif result.status == "unchanged":
            out.print(f"{result.status:>9}  {result.path}", highlight=False)
        else:
            out.print(f"{result.status:>9}  {result.path}  ({result.summary()})", highlight=False)
    kb.close()
    counts = Counter(r.status for r in results)
    failed = counts["failed"]
    summary = ", ".join(f"{counts[s]} {s}" for s in ("added", "replaced", "unchanged") if counts[s])
    rows, stored, skipped = (sum(r.rows for r in results), sum(r.events for r in results),
                             sum(r.rows_skipped for r in results))  # fmt: skip
    out.print(
        f"{len(results) - failed} of {len(results)} files imported into {kb.store.path} ({summary or 'none'}):"
        f" {formats.counted(rows, 'row')} read, {formats.counted(stored, 'event')} stored,"
        f" {formats.counted(skipped, 'row')} skipped" + (f"; [red]{failed} failed[/red]" if failed else ""),
        highlight=False,
    )
    if failed or not results:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover
    app()


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; beyond loopback, --token is required.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None, typer.Option(envvar="DYADSCOPE_TOKEN", help="Access token every request must carry.")
    ] = None,
    max_upload_mb: Annotated[float, typer.Option(help="Largest file that can be uploaded, in MB.")] = 20.0,
) -> None:
    """Serve the web app: corpus, relationship, ask, note and review pages, and a JSON API (docs at /docs)."""
    import uvicorn

    from dyadscope.web import create_app, is_loopback

    if not is_loopback(host) and not token:
        _fail(f"--host {host} is not a loopback address: give an access token with --token or DYADSCOPE_TOKEN")
    try:
        web = create_app(db or default_db(), token=token, max_upload=int(max_upload_mb * 1024 * 1024))
    except StoreError as error:
        _fail(str(error))
    shown = f"[{host}]" if ":" in host else host
    err.print(
        f"dyadscope serving {db or default_db()} at http://{shown}:{port}/" + (" (token required)" if token else "")
    )
    uvicorn.run(web, host=host, port=port, log_level="warning")
