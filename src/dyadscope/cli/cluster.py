"""`code-corpus`: code an archive on a Dask cluster into partitioned Parquet (`dyadscope.corpus`), for archives
bigger than one store. `import` brings such a folder into a store; `index` and `phases` read it with --corpus."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from dyadscope.cli.common import ActorsOption, _fail, file_progress, kind_option, out, shown
from dyadscope.errors import InputError
from dyadscope.ingest import IngestError, iter_paths


def code_corpus(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (txt, md, html, pdf, docx).")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The folder to write (documents/, sentences/, events/ of Parquet).")
    ],
    dask: Annotated[
        str,
        typer.Option(help="The Dask scheduler's address (tcp://host:8786), or 'local': a cluster of --workers here."),
    ] = "local",
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Workers of a 'local' cluster. Default: the machine's cores.", show_default=False),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="Every file's document kind (official, history, news, analysis, note, answer, nonprose)."),
    ] = None,
    actors: ActorsOption = None,
    per_part: Annotated[int, typer.Option(min=1, help="Documents per Parquet part.")] = 200,
) -> None:
    """Code documents on a Dask cluster into a folder of Parquet tables, without a store. Exit 1 if any failed.

    Running it again skips the documents the folder holds; read the result with `import`, `index --corpus`,
    `phases --corpus` or `dyadscope.read_events` (pandas or Dask).

    Example: dyadscope code-corpus archive/ -o events/ --dask tcp://10.0.0.5:8786"""
    from dyadscope.corpus import code_corpus as run

    kind = kind_option(kind)
    try:
        files = list(iter_paths(paths))
    except IngestError as error:
        _fail(str(error))
    with file_progress(files, "coding") as (results, done):
        try:
            run(files, output, dask, actor_files=actors or (), kind=kind, workers=workers, per_part=per_part,
                on_file=done)  # fmt: skip
        except InputError as error:  # a scheduler out of reach, a bad actor file, an output that is a file
            _fail(str(error))
    for r in results:
        if r.status == "added":
            out.print(f"{'coded':>9}  {shown(r.path)}  ({r.kind}: {r.sentences} sentences, {r.events} events)",
                      highlight=False)  # fmt: skip
        elif r.status == "unchanged":
            out.print(f"{r.status:>9}  {shown(r.path)}", highlight=False)
    counts = Counter(r.status for r in results)
    events = sum(r.events for r in results)
    out.print(
        f"{counts['added']} coded, {counts['unchanged']} unchanged of {len(results)} files → {shown(output)}"
        f" ({events} events)" + (f"; [red]{counts['failed']} failed[/red]" if counts["failed"] else ""),
        highlight=False,
    )
    if counts["failed"]:
        raise typer.Exit(1)
