"""The analysis commands: the cooperation–conflict index, the phases of a relationship, the report.

Each analyses one dyad of the store (by year, decade, quarter or month; optionally one side's actions or one
origin of events) and prints the result as a table, JSON or CSV, or writes it to a file.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dyadscope import present
from dyadscope.cli.common import (
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
    out,
    shown,
)
from dyadscope.errors import InputError
from dyadscope.files import write_atomic
from dyadscope.models import Period

if TYPE_CHECKING:
    from dyadscope.analyze import Analysis


class ReportFormat(StrEnum):
    html = "html"
    md = "md"
    json = "json"


CorpusOption = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        help="Measure a coded corpus (the folder `code-corpus` wrote) instead of the store; reads only the "
        "dyad's events.",
        show_default=False,
    ),
]


def _analysis(
    a: str,
    b: str,
    db: Path | None,
    by: str,
    source: str | None,
    interpolate: bool,
    origin: Origin = Origin.all,
    corpus: Path | None = None,
) -> Analysis:
    side = source.upper() if source else None
    if corpus is not None:
        from dyadscope.corpus import corpus_analysis

        if origin != Origin.all and origin != Origin.text:
            _fail(f"--corpus: a coded corpus holds events coded from text only, not {origin.value}")
        return corpus_analysis(corpus, (a, b), by, source=side, interpolate=interpolate)
    kb = _open(db)
    try:
        pair = _pair(kb, a, b)
        return kb.analysis(pair, by, source=side, interpolate=interpolate, origin=origin.value)
    except InputError as error:
        _fail(str(error))


def index(
    a: FirstActor,
    b: SecondActor,
    db: DbOption = None,
    by: Annotated[Period, typer.Option(help="Period length.")] = "year",
    source: Annotated[str | None, typer.Option(help="Only this side's actions (directed index).")] = None,
    interpolate: Annotated[bool, typer.Option(help="Fill periods without evidence (wide band).")] = False,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
    origin: OriginOption = Origin.all,
    output: OutputOption = None,
    corpus: CorpusOption = None,
) -> None:
    """The cooperation–conflict index on the −9..+9 scale, with its 90% band and event counts.

    Example: dyadscope index CHN USA --by decade

    Example: dyadscope index CHN USA --corpus events/ --format csv -o index.csv"""
    analysis = _analysis(a, b, db, by, source, interpolate, origin, corpus)
    records = analysis.index_records()

    def table() -> None:
        out.print(present.index_table(records, f"{analysis.dyad[0]}–{analysis.dyad[1]} by {by}"))
        out.print(present.counted(analysis), style="dim", highlight=False)

    pair = f"{analysis.dyad[0]}–{analysis.dyad[1]}"
    emit(lambda: records, lambda: analysis.index, fmt, output, table, f"{pair} index ({len(records)} periods)")


def phases(
    a: FirstActor,
    b: SecondActor,
    db: DbOption = None,
    by: Annotated[Period, typer.Option(help="Period length the phases are found on.")] = "year",
    source: Annotated[str | None, typer.Option(help="Only this side's actions.")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
    origin: OriginOption = Origin.all,
    output: OutputOption = None,
    corpus: CorpusOption = None,
) -> None:
    """Phases of the relationship: level, dates, score with band, key events and drivers.

    Example: dyadscope phases GRC TUR --by decade

    Example: dyadscope phases CHN USA --corpus events/"""
    analysis = _analysis(a, b, db, by, source, False, origin, corpus)
    rows = [p.to_dict() for p in analysis.phases]

    def table() -> None:
        out.print(present.phases_table(analysis))
        out.print(present.counted(analysis), style="dim", highlight=False)

    pair = f"{analysis.dyad[0]}–{analysis.dyad[1]}"
    emit(lambda: rows, analysis.phases_frame, fmt, output, table, f"{pair} {len(rows)} phases")


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
    documents = _open(db).documents()
    kind = fmt.value if fmt else (output.suffix.lstrip(".").lower() or "html")
    writers = {"html": render_html, "md": render_markdown, "json": render_json}
    if kind not in writers:
        _fail(f"{output}: unknown report format {kind!r} (use html, md or json)")
    write_atomic(output, writers[kind](analysis, documents).encode())
    out.print(
        f"{kind} report on {analysis.dyad[0]}–{analysis.dyad[1]} ({len(analysis.phases)} phases) → {shown(output)}"
    )
