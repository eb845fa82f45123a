"""What the commands share: the consoles they print to, their common options, opening the store, failing.

Every command prints results to `out` (stdout) and progress, warnings and errors to `err` (stderr);
`_fail` prints a one-line error and exits with code 2, and `_open` opens the knowledge base, failing
that way when the store cannot be opened.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from dyadscope.api import KnowledgeBase, default_db
from dyadscope.store import StoreError

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
