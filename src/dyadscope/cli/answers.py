"""The commands that write from the documents: ask (a cited answer), note (a briefing note), review.

`ask` answers a question with points that cite the sentences they rest on; `note` writes a briefing
note on a question or topic, optionally reworded by a model you run; `review` reviews an exam answer as
an examiner would, grounded in the stored documents.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dyadscope import present
from dyadscope.cli.common import DbOption, _fail, _open, err, out, shown
from dyadscope.errors import InputError, StoreError
from dyadscope.files import write_atomic
from dyadscope.ingest import IngestError
from dyadscope.models import Period


class AskFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


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
    """Write an exam-style note on a question: thesis, arguments with dated examples, the other side, a verdict.

    With --llm, a model you run rewords each section; every sentence it writes must cite the evidence
    it was given and is checked against it, or it is dropped.
    """
    kb = _open(db)
    try:
        written = kb.note(question, by, llm=llm, llm_model=llm_model)
    except StoreError as error:
        _fail(str(error))
    except InputError as error:
        _fail(f"{kb.path}: {error}")
    for warning in written.warnings:
        err.print(f"[yellow]warning:[/yellow] {shown(warning)}", highlight=False, soft_wrap=True)
    if output is None:
        sys.stdout.write(written.to_markdown())
        return
    kind = output.suffix.lstrip(".").lower()
    renderers = {"md": written.to_markdown, "html": written.to_html, "json": written.to_json}
    if kind not in renderers:
        _fail(f"{output}: unknown note format {kind!r} (use .md, .html or .json)")
    write_atomic(output, renderers[kind]().encode())
    out.print(f"note with {len(written.sections)} sections and {len(written.citations())} citations → {shown(output)}")


class ReviewFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"
    html = "html"


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
    except InputError as error:
        _fail(f"{answer}: {error}")
    renderer = {
        ReviewFormat.json: lambda: result.to_json() + "\n",
        ReviewFormat.md: lambda: to_markdown(result),
        ReviewFormat.html: lambda: to_html(result),
    }.get(fmt)
    rendered = renderer() if renderer is not None else None  # only the format asked for
    if output is not None:
        write_atomic(output, (rendered or to_markdown(result)).encode())
        out.print(f"review with {len(result.findings)} findings → {shown(output)}")
    elif rendered is not None:
        sys.stdout.write(rendered)
    else:
        Console().print(to_rich(result))  # panels wrap their text; the shared console does not wrap
