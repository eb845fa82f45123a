"""A review for people: the terminal (Rich), Markdown, and an HTML page with comments in the margin; each shows the
mark out of 20 with its criteria and the answer's strengths before what to improve."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dyadscope.markup import markdown_safe
from dyadscope.review.findings import KINDS, Finding, Mark, Review
from dyadscope.templating import render

COLOURS = {  # by kind (`KINDS`); `colour` gives OTHER_COLOUR for a kind without one
    "consistency": "#b3261e",
    "relevance": "#8a5a00",
    "evidence": "#1f5fa8",
    "coverage": "#2e7d32",
    "structure": "#5e35b1",
    "language": "#616161",
}
OTHER_COLOUR = "#999999"


def colour(kind: str) -> str:
    return COLOURS.get(kind, OTHER_COLOUR)


def _where(finding: Finding) -> str:
    loc = finding.location
    if loc is None:
        return "whole answer"
    return f"“{loc.heading}”" if loc.heading else f"paragraph {loc.paragraph}"


def to_rich(review: Review) -> Group:
    head = Text()
    head.append(f"{review.question or 'Answer'}\n", style="bold")
    head.append(f"{review.words} words, {len(review.findings)} findings\n\n")
    for n, line in enumerate(review.summary[:3], 1):
        head.append(f"{n}. {line}\n", style="bold")
    panels: list[Panel | Table] = []
    if review.mark is not None:
        panels.append(_mark_table(review.mark))
    if review.strengths:
        body = Text("\n".join(f"+ {s}" for s in review.strengths), style="green")
        panels.append(Panel(body, title="Strengths", title_align="left", border_style="green"))
    for finding in review.findings:
        body = Text(finding.message + "\n")
        for suggestion in finding.suggestions:
            body.append(f"  → {suggestion}\n", style="green")
        for c in finding.citations:
            body.append(f"  ↳ {c.label()}\n", style="dim")
        title = f"{finding.kind} · {_where(finding)}"
        panels.append(Panel(body, title=title, title_align="left", border_style=colour(finding.kind)))
    return Group(Panel(head, title="review", title_align="left"), *panels)


def _mark_table(mark: Mark) -> Table:
    table = Table(title=f"Mark: {_score(mark.score)}/{_score(mark.out_of)}", title_justify="left", expand=True)
    table.add_column("criterion")
    table.add_column("mark", justify="right")
    table.add_column("why", ratio=1)
    for c in mark.criteria:
        table.add_row(c.name, f"{_score(c.score)}/{_score(c.out_of)}", c.why)
    return table


def _score(value: float) -> str:
    return f"{value:g}"


def to_markdown(review: Review) -> str:
    lines = [
        f"# Review: {review.question or 'answer'}",
        "",
        f"{review.words} words, {len(review.findings)} findings.",
        "",
    ]
    if review.mark is not None:
        mark = review.mark
        lines += [f"## Mark: {_score(mark.score)}/{_score(mark.out_of)}", "", "| criterion | mark | why |"]
        lines.append("| --- | --- | --- |")
        lines += [
            f"| {c.name} | {_score(c.score)}/{_score(c.out_of)} | {c.why.replace('|', '/')} |" for c in mark.criteria
        ]
        lines.append("")
    if review.strengths:
        lines += ["## Strengths", ""] + [f"- {s}" for s in review.strengths] + [""]
    lines += ["## What to improve first", ""] + [f"{n}. {s}" for n, s in enumerate(review.summary[:3], 1)]
    for kind in KINDS:
        group = review.of_kind(kind)
        if not group:
            continue
        lines += ["", f"## {kind.capitalize()}", ""]
        for f in group:
            lines.append(f"- **{_where(f)}**: {f.message}")
            lines += [f"  - {s}" for s in f.suggestions]
            lines += [f"  - source: {c.label()}: “{c.text}”" for c in f.citations]
    return markdown_safe("\n".join(lines) + "\n")


def to_html(review: Review) -> str:
    """The answer, paragraph by paragraph, with each finding as a comment beside the paragraph it concerns
    (templates/page/review.html)."""
    text = review.text
    by_start: dict[int, list[Finding]] = defaultdict(list)
    general: list[Finding] = []
    for f in review.findings:
        (by_start[f.location.start] if f.location else general).append(f)
    rows = []
    for a, b in pairwise(sorted({0, *by_start, len(text)})):
        chunk = text[a:b].strip()
        if not chunk and a not in by_start:
            continue
        blocks = [_block(p.strip()) for p in chunk.split("\n\n") if p.strip()]
        rows.append((blocks, by_start.get(a, [])))
    colours = {k: colour(k) for k in KINDS}
    return render("page/review.html", review=review, rows=rows, general=general, colours=colours, score=_score)


def _block(text: str) -> tuple[bool, str]:
    """A paragraph of the answer, and whether it is one of its Markdown headings."""
    return (True, text.lstrip("#").strip()) if text.startswith("#") else (False, text)
