"""The `dyadscope` command line (Typer + Rich). Errors are one line naming the file and the problem.

`app` is the command line; the commands are defined in `corpus` (ingest, events, timeline, code, dates,
demo, import), `analysis` (index, phases, report), `answers` (ask, note, review) and `server` (serve),
and registered here in the order `dyadscope --help` lists them.
"""

from __future__ import annotations

import typer

from dyadscope.cli.analysis import index, phases, report
from dyadscope.cli.answers import ask, note, review
from dyadscope.cli.corpus import code, dates, demo, events, import_, ingest, timeline
from dyadscope.cli.server import serve

app = typer.Typer(
    help="Documents about two countries → a cited, dated account of their relationship.",
    no_args_is_help=True,
    add_completion=False,
)
for command in (ingest, events, timeline, code, index, phases, report, ask, note, review, dates, demo):
    app.command()(command)
app.command("import")(import_)
app.command()(serve)


def main() -> None:  # pragma: no cover
    app()
