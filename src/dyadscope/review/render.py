"""A review for people: the terminal (Rich), Markdown, and an HTML page with comments in the margin; each shows the
mark out of 20 with its criteria and the answer's strengths before what to improve."""

from __future__ import annotations

import html
from collections import defaultdict
from itertools import pairwise

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dyadscope.markup import markdown_safe
from dyadscope.review.findings import KINDS, Finding, Mark, Review

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
    """The answer, paragraph by paragraph, with each finding as a comment beside the paragraph it concerns."""
    e = html.escape
    text = review.text
    by_start: dict[int, list[Finding]] = defaultdict(list)
    general: list[Finding] = []
    for f in review.findings:
        (by_start[f.location.start] if f.location else general).append(f)
    starts = sorted(by_start)
    rows = []
    cuts = sorted({0, *starts, len(text)})
    for a, b in pairwise(cuts):
        chunk = text[a:b].strip()
        if not chunk and a not in by_start:
            continue
        notes = "".join(_comment(f) for f in by_start.get(a, []))
        paragraphs = "".join(_block(p.strip()) for p in chunk.split("\n\n") if p.strip())
        rows.append(f'<div class="row"><div class="text">{paragraphs}</div><aside>{notes}</aside></div>')
    summary = "".join(f"<li>{e(s)}</li>" for s in review.summary[:3])
    overall = "".join(_comment(f) for f in general)
    marked = _mark_html(review.mark) if review.mark else ""
    strengths = "".join(f"<li>{e(s)}</li>" for s in review.strengths)
    if strengths:
        marked += f"<section class=strengths><h2>Strengths</h2><ul>{strengths}</ul></section>"
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>Review: {e(review.question or 'answer')}</title><style>{STYLE}</style></head><body><main>"
        f"<h1>{e(review.question or 'Review')}</h1>"
        f"<p class=meta>{review.words} words · {len(review.findings)} findings</p>{marked}"
        f"<section class=summary><h2>What to improve first</h2><ol>{summary}</ol>{overall}</section>"
        + "".join(rows)
        + "</main></body></html>\n"
    )


def _mark_html(mark: Mark) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(c.name)}</td><td class=num>{_score(c.score)}/{_score(c.out_of)}</td><td>{e(c.why)}</td></tr>"
        for c in mark.criteria
    )
    return (
        f"<section class=mark><h2>Mark: {_score(mark.score)}/{_score(mark.out_of)}</h2>"
        f"<table><thead><tr><th>criterion</th><th>mark</th><th>why</th></tr></thead><tbody>{rows}</tbody></table>"
        "</section>"
    )


def _block(text: str) -> str:
    """A paragraph of the answer; its Markdown headings shown as headings."""
    if text.startswith("#"):
        return f"<h3>{html.escape(text.lstrip('#').strip())}</h3>"
    return f"<p>{html.escape(text)}</p>"


def _comment(f: Finding) -> str:
    e = html.escape
    items = "".join(f"<li>{e(s)}</li>" for s in f.suggestions)
    sources = "".join(f"<li class=src>{e(c.label())}: “{e(c.text)}”</li>" for c in f.citations)
    return (
        f'<div class="note {f.kind}"><b>{e(f.kind)}</b> {e(f.message)}'
        + (f"<ul>{items}{sources}</ul>" if items or sources else "")
        + "</div>"
    )


STYLE = (
    "body{font:15px/1.5 Georgia,serif;background:#f6f5f1;color:#222;margin:0}"
    "main{max-width:72rem;margin:1.5rem auto;padding:0 1rem}h1{font-size:1.4rem}.meta{color:#666}"
    ".summary,.mark,.strengths{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;"
    "margin-bottom:1rem}.mark table{border-collapse:collapse;width:100%;font:13px/1.4 system-ui,sans-serif}"
    ".mark td,.mark th{border-top:1px solid #eee;padding:.2rem .4rem;text-align:left;vertical-align:top}"
    ".mark .num{white-space:nowrap;text-align:right}.strengths li{color:#2e7d32}"
    ".row{display:grid;grid-template-columns:3fr 2fr;gap:1.2rem;border-top:1px solid #e3e1da;padding:.4rem 0}"
    ".text p{margin:.3rem 0;white-space:pre-wrap}.text h3{font-size:1.05rem;margin:.6rem 0 .2rem}"
    "aside{font:13px/1.4 system-ui,sans-serif}"
    ".note{border-left:4px solid #999;background:#fff;padding:.35rem .6rem;margin:.3rem 0;border-radius:4px}"
    ".note ul{margin:.2rem 0 0 1rem;padding:0}.src{color:#666;font-size:12px}"
    + "".join(f".{k}{{border-color:{colour(k)}}}.{k} b{{color:{colour(k)}}}" for k in KINDS)
)
