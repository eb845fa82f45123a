"""What the commands share: the consoles they print to, their common options, opening the store, failing.

Every command prints results to `out` (stdout) and progress, warnings and errors to `err` (stderr);
`_fail` prints a one-line error and exits with code 2, and `_open` opens the knowledge base, failing
that way when the store cannot be opened.
"""

from __future__ import annotations

import contextlib
import difflib
import logging
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from dyadscope.errors import InputError, StoreError
from dyadscope.files import default_db

if TYPE_CHECKING:
    import pandas as pd

    from dyadscope.api import KnowledgeBase
    from dyadscope.results import FileResult

out = Console(soft_wrap=True)
# pypdf logs its own complaints about broken files; the CLI reports each bad file once, in one line.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)
err = Console(stderr=True)

DbOption = Annotated[Path | None, typer.Option("--db", help="SQLite store (default: user data dir).")]
FirstActor = Annotated[str, typer.Argument(help="First actor code, e.g. PAK.")]
SecondActor = Annotated[str, typer.Argument(help="Second actor code, e.g. USA.")]

ActorsOption = Annotated[list[Path] | None, typer.Option("--actors", help="Extra actor dictionary (YAML).")]


class Format(StrEnum):
    """What every command that lists rows prints (or, with -o, writes): `emit`."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


OutputOption = Annotated[
    Path | None, typer.Option("-o", "--output", help="Write to a file: .json .jsonl .csv .parquet (or --format).")
]


def emit(
    records: Callable[[], list[dict[str, Any]]],
    frame: Callable[[], pd.DataFrame],
    fmt: Format,
    output: Path | None,
    table: Callable[[], None],
    what: str,
) -> None:
    """The one output path of the commands that list rows (events, code, index, phases): a table on the terminal,
    JSON, JSON lines or CSV on stdout, or, with -o, a file of the suffix's format (or --format's). `records` are
    the rows as JSON, `frame` the same as a DataFrame (csv, parquet), `what` what they are ("12 events")."""
    from dyadscope import formats

    if output is not None:
        kind = fmt.value if fmt is not Format.table else (output.suffix.lstrip(".").lower() or "json")
        try:
            formats.write_rows(output, kind, records(), frame)
        except InputError as error:
            _fail(str(error))
        out.print(f"{what} → {shown(output)} ({kind})", highlight=False)
    elif fmt is Format.table:
        table()
    elif fmt in (Format.json, Format.jsonl):
        sys.stdout.write(formats.json_text(records(), fmt.value))
    elif fmt is Format.csv:
        sys.stdout.write(formats.csv_text(frame()))
    else:
        _fail("--format parquet writes a file: give -o FILE.parquet")


class Origin(StrEnum):
    all = "all"
    text = "text"
    gdelt = "gdelt"
    icews = "icews"
    polecat = "polecat"


OriginOption = Annotated[
    Origin, typer.Option("--origin", help="Only events from text, gdelt, icews or polecat (default: all).")
]


def _open(db: Path | None, actors: list[Path] | None = None, *, create: bool = False) -> KnowledgeBase:
    """The store at `db` (default: the user data dir's). Only commands that write (`create`) may make a new one, and
    only in a folder that exists: a mistyped `--db` is an error naming the stores nearby, never a new empty store."""
    path = db or default_db()
    if not path.exists():
        if not create:
            _fail(_missing_store(path))
        if path.parent != default_db().parent and not path.parent.is_dir():  # the data dir is made for the user
            _fail(f"{path.parent}: no such folder for the store (create it first, or choose another --db)")
    from dyadscope.api import KnowledgeBase  # loaded here: `--help` needs none of it

    try:
        return KnowledgeBase(path, actors or ())
    except StoreError as error:
        _fail(str(error))


def _missing_store(path: Path) -> str:
    stores = sorted(p.name for p in path.parent.glob("*.db")) if path.parent.is_dir() else []
    close = difflib.get_close_matches(path.name, stores, n=3, cutoff=0.6)
    nearby = (
        f" (did you mean {', '.join(close)}?)"
        if close
        else f" (stores there: {', '.join(stores[:5])})"
        if stores
        else ""
    )
    return f"{path}: no dyadscope store here{nearby}; make one with: dyadscope ingest FILES --db {path}"


def _pair(kb: KnowledgeBase, a: str, b: str) -> tuple[str, str]:
    """Two actors as typed ("Pakistan", "US") read as codes, saying which codes were used."""
    try:
        codes = [kb.vocabulary.actor(a), kb.vocabulary.actor(b)]
    except ValueError as error:
        _fail(str(error))
    read = [f"{shown(given)} as {code}" for given, code in zip((a, b), codes, strict=True) if code != given.upper()]
    if read:
        err.print("read " + " and ".join(read), highlight=False)
    first, second = sorted(codes)
    return first, second


def shown(value: object) -> str:
    """A value from the user or the disk (a path, a file's error) as printed text, never as Rich markup: "[red]x.txt"
    is a file name."""
    return escape(str(value))


DEBUG = False  # `dyadscope --debug`: an unexpected error shows its traceback


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def kind_option(kind: str | None) -> str | None:
    """`--kind` as given: a document kind (`parse_kind`), "detect" or None; a bad one fails in one line."""
    from dyadscope.data.kinds import parse_kind

    if kind is None or kind == "detect":
        return kind
    try:
        return parse_kind(kind)
    except InputError as error:
        _fail(f"--kind: {error}")


@contextlib.contextmanager
def file_progress(files: list[Path], verb: str) -> Iterator[tuple[list[FileResult], Callable[[FileResult], None]]]:
    """A progress bar over `files` on stderr, and the callback a run calls with each file's result: it keeps the
    results (the list yielded), says a failed file in one line, and names the file being read next."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    results: list[FileResult] = []
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task(verb, total=len(files))

        def done(result: FileResult) -> None:
            results.append(result)
            if result.status == "failed":
                progress.console.print(f"[red]failed[/red] {shown(result.error)}", highlight=False, soft_wrap=True)
            progress.advance(task)
            if len(results) < len(files):
                progress.update(task, description=f"{verb} {files[len(results)].name[:40]}")

        if files:
            progress.update(task, description=f"{verb} {files[0].name[:40]}")
        yield results, done
