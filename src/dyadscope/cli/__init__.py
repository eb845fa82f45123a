"""The `dyadscope` command line (Typer + Rich). Errors are one line naming the file and the problem.

`app` is the command line; the commands are defined in `corpus` (ingest, events, timeline, code, dates,
demo, import), `cluster` (code-corpus), `analysis` (index, phases, report), `answers` (ask, note, review) and
`server` (serve), and registered here in the order `dyadscope --help` lists them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

import click
import typer

from dyadscope.cli import common
from dyadscope.cli.analysis import index, phases, report
from dyadscope.cli.answers import ask, note, review
from dyadscope.cli.cluster import code_corpus
from dyadscope.cli.corpus import code, dates, demo, events, import_, ingest, timeline
from dyadscope.cli.server import serve

app = typer.Typer(
    help="Documents about two countries → a cited, dated account of their relationship.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an unexpected error (a bug) instead of one line.")
    ] = False,
) -> None:
    """Documents about two countries → a cited, dated account of their relationship."""
    common.DEBUG = debug


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """A command whose errors are one line: a DyadscopeError says what was wrong (exit 2); anything else is a
    bug, said as one (exit 70), with its traceback under --debug."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from dyadscope.errors import DyadscopeError

        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except DyadscopeError as error:
            common._fail(str(error))
        except Exception as error:
            if common.DEBUG:
                raise
            common.err.print(
                f"[red]error:[/red] a bug in dyadscope: {type(error).__name__}: {error}. Run the command again "
                "with dyadscope --debug to see where, and report it.",
                highlight=False,
                markup=True,
                soft_wrap=True,
            )
            raise typer.Exit(70) from None

    return run


for command in (ingest, events, timeline, code, index, phases, report, ask, note, review, dates, demo):
    app.command()(guarded(command))
app.command("import")(guarded(import_))
app.command("code-corpus")(guarded(code_corpus))
app.command()(guarded(serve))


def main() -> None:  # pragma: no cover
    app()
