"""The relationship report: one self-contained offline HTML file (plotly inlined once), or Markdown, or JSON.

Every piece of document text is escaped before it reaches the page or a chart's hover, so a document
can never inject markup. Markers are chosen with pandas, never by looping over all events, so a
million-event analysis renders in about a second.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from html import escape

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dyadscope.analyze import Analysis
from dyadscope.analyze.index import GAP_LABEL, LEVELS, SCALE
from dyadscope.markup import markdown_safe
from dyadscope.present import counted
from dyadscope.serial import plain
from dyadscope.templating import render

LEVEL_COLOURS = {
    "confrontation": "#b2182b", "tension": "#ef8a62", "discord": "#fddbc7",
    "ordinary": "#e0ecf4", "good": "#a6dba0", "friendly": "#1b7837", GAP_LABEL: "#f0f0f0",
}  # fmt: skip
LEVEL_BANDS = [(-9.0, -6.0, "confrontation"), (-6.0, -3.0, "tension"), (-3.0, 0.0, "discord"),
               (0.0, 3.0, "ordinary"), (3.0, 6.0, "good"), (6.0, 9.0, "friendly")]  # fmt: skip


def _wrap(text: str, width: int = 80) -> str:
    return "<br>".join(textwrap.wrap(escape(" ".join(str(text).split())), width)) or ""


def _markers(analysis: Analysis, limit: int) -> pd.DataFrame:
    """The phases' key events plus the heaviest others, at most `limit`."""
    events = analysis.events
    if events.empty:
        return events
    keys = {k for p in analysis.phases for k in p.key_events}
    chosen = events[events["id"].isin(keys)]
    weight = events["confidence"] * events["intensity"].abs()
    others = events.loc[weight.drop(chosen.index).nlargest(max(0, limit - len(chosen))).index]
    return pd.concat([chosen, others]).sort_values("start")


def _index_figure(analysis: Analysis, markers: pd.DataFrame) -> go.Figure:
    index = analysis.index
    fig = go.Figure()
    x_min = index["start"].min() if len(index) else pd.Timestamp(1950, 1, 1)
    x_max = index["end"].max() if len(index) else pd.Timestamp(2025, 1, 1)
    for low, high, name in LEVEL_BANDS:
        fig.add_hrect(y0=low, y1=high, fillcolor=LEVEL_COLOURS[name], opacity=0.18, line_width=0, layer="below")
        fig.add_annotation(x=1.0, xref="paper", xanchor="left", y=(low + high) / 2, text=name, showarrow=False,
                           font={"size": 10, "color": "#52606d"})  # fmt: skip
    for phase in analysis.phases:
        fig.add_vrect(x0=phase.start, x1=phase.end, fillcolor=LEVEL_COLOURS[phase.level], opacity=0.25, line_width=0,
                      layer="below")  # fmt: skip
        if (phase.end - phase.start) >= 0.06 * (x_max - x_min):  # label phases wide enough to hold one
            fig.add_annotation(x=phase.start + (phase.end - phase.start) / 2, y=9.6, text=escape(phase.level),
                               showarrow=False, font={"size": 10})  # fmt: skip
    middle = index["start"] + (index["end"] - index["start"]) / 2
    measured = index["score"].where(~index["interpolated"].astype(bool))
    fig.add_trace(go.Scatter(x=list(middle) + list(middle[::-1]), y=list(index["high"]) + list(index["low"][::-1]),
                             fill="toself", fillcolor="rgba(31,78,121,0.15)", line={"width": 0}, hoverinfo="skip",
                             name="90% band"))  # fmt: skip
    hover = [f"{escape(str(p))}: {s:+.1f} ({int(n)} events)" if s == s else f"{escape(str(p))}: {GAP_LABEL}"
             for p, s, n in zip(index["period"], index["score"], index["events"], strict=True)]  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=middle,
            y=measured,
            mode="lines+markers",
            line={"color": "#1f4e79", "width": 2.5},
            marker={"size": 5},
            connectgaps=False,
            name="index",
            text=hover,
            hoverinfo="text",
        )
    )
    if index["interpolated"].astype(bool).any():
        fig.add_trace(
            go.Scatter(
                x=middle,
                y=index["score"],
                mode="lines",
                connectgaps=False,
                name="interpolated",
                line={"color": "#1f4e79", "width": 1.5, "dash": "dot"},
                hoverinfo="skip",
            )
        )
    if len(markers):
        text = [
            f"<b>{d:%Y-%m-%d}</b> · {escape(s)}→{escape(t)} {escape(k)} ({x:+.1f})<br>“{_wrap(q)}”<br>"
            f"<i>{escape(str(ti))}, sentence {n}</i>"
            for d, s, t, k, x, q, ti, n in zip(markers["start"], markers["source"], markers["target"], markers["type"],
                                                markers["intensity"], markers["text"], markers["title"],
                                                markers["sentence_id"], strict=True)
        ]  # fmt: skip
        colours = ["#1b7837" if x > 0 else "#b2182b" for x in markers["intensity"]]
        fig.add_trace(go.Scatter(x=markers["start"], y=markers["intensity"] * SCALE, mode="markers", name="events",
                                 marker={"size": 7, "color": colours, "opacity": 0.75, "line": {"width": 0.5,
                                         "color": "#fff"}}, text=text, hoverinfo="text"))  # fmt: skip
    fig.add_hline(y=0, line={"color": "#52606d", "width": 1})
    fig.update_layout(height=460, margin={"l": 50, "r": 100, "t": 30, "b": 40}, plot_bgcolor="#fff",
                      yaxis={"range": [-10, 10.2], "title": "−9 … +9", "zeroline": False},
                      xaxis={"range": [x_min, x_max]}, legend={"orientation": "h", "y": -0.12},
                      hoverlabel={"align": "left"})  # fmt: skip
    return fig


def _drivers_figure(analysis: Analysis) -> go.Figure:
    fig = go.Figure()
    labels = [f"{p.start.year}–{p.end.year}" for p in analysis.phases]
    issues = sorted({d.issue for p in analysis.phases for d in p.drivers if d.kind == "issue"})  # they sum to it
    for issue in issues:
        values = [next((d.contribution for d in p.drivers if d.issue == issue), 0.0) for p in analysis.phases]
        fig.add_trace(go.Bar(name=issue.replace("_", "/"), x=labels, y=values))
    fig.update_layout(barmode="relative", height=360, margin={"l": 50, "r": 20, "t": 30, "b": 40},
                      plot_bgcolor="#fff", yaxis={"title": "points of the phase score"},
                      legend={"orientation": "h", "y": -0.2})  # fmt: skip
    return fig


def figures(analysis: Analysis, max_markers: int = 400) -> tuple[go.Figure, go.Figure]:
    """The index chart (band, phases, evidence markers) and the drivers chart, for any page that shows them."""
    return _index_figure(analysis, _markers(analysis, max_markers)), _drivers_figure(analysis)


def render_html(analysis: Analysis, documents: Sequence[Mapping[str, object]], *, title: str | None = None,
                max_markers: int = 400) -> str:  # fmt: skip
    """One offline HTML page (templates/page/report.html): index with band and phases, evidence markers, drivers,
    phase table, corpus."""
    a, b = analysis.dyad
    index_figure, drivers_figure = figures(analysis, max_markers)
    index_html = pio.to_html(index_figure, include_plotlyjs=True, full_html=False, include_mathjax=False,
                             config={"displaylogo": False})  # fmt: skip
    drivers_html = pio.to_html(drivers_figure, include_plotlyjs=False, full_html=False, include_mathjax=False,
                               config={"displaylogo": False})  # fmt: skip
    events = analysis.events.set_index("id") if len(analysis.events) else analysis.events
    phases = [
        {"phase": p, "colour": LEVEL_COLOURS[p.level],
         "key_events": [{str(c): v for c, v in events.loc[k].items()} for k in p.key_events if k in events.index]}
        for p in analysis.phases
    ]  # fmt: skip
    span = f"{analysis.index['start'].min():%Y}–{analysis.index['end'].max():%Y}" if len(analysis.index) else "no data"
    return render(
        "page/report.html", heading=title or f"{a} – {b} relations", analysis=analysis, documents=documents,
        span=span, counted=counted(analysis), index_html=index_html, drivers_html=drivers_html,
        phases=phases,
    )  # fmt: skip


def render_json(analysis: Analysis, documents: Sequence[Mapping[str, object]]) -> str:
    events = analysis.events.set_index("id") if len(analysis.events) else analysis.events
    keys = {k for p in analysis.phases for k in p.key_events}
    key_events = {
        k: {c: plain(events.loc[k, c]) for c in ("start", "source", "target", "type", "intensity", "text",
                                                       "title", "doc", "sentence_id")}
        for k in sorted(keys) if k in events.index
    }  # fmt: skip
    return json.dumps({
        "dyad": "-".join(analysis.dyad), "by": analysis.by, "index": analysis.index_records(),
        "phases": [p.to_dict() for p in analysis.phases], "turns": [t.to_dict() for t in analysis.turns],
        "measured": analysis.measured, "happenings": len(analysis.events),
        "key_events": key_events, "corpus": [{k: plain(v) for k, v in d.items()} for d in documents],
    }, indent=2, default=str)  # fmt: skip


def render_markdown(analysis: Analysis, documents: Sequence[Mapping[str, object]]) -> str:
    a, b = analysis.dyad
    events = analysis.events.set_index("id") if len(analysis.events) else analysis.events
    lines = [
        f"# {a} – {b} relations",
        "",
        counted(analysis),
        "",
        "| period | level | score (90%) | events | summary |",
        "|---|---|---|---|---|",
    ]
    for p in analysis.phases:
        lines.append(f"| {p.start.year}–{p.end.year} | {p.level} | {p.score_text} | "
                     f"{p.events} | {p.summary.replace('|', '/')} |")  # fmt: skip
    for p in analysis.phases:
        lines += ["", f"## {p.start.year}–{p.end.year}: {p.level}", ""]
        lines += [f"- driver: {d.label} {d.contribution:+.1f} ({d.share:.0%})" for d in p.drivers[:4]]
        for k in p.key_events:
            if k in events.index:
                r = events.loc[k]
                lines.append(f"- {r['start']:%Y-%m-%d} {r['source']}→{r['target']} {r['type']}: “{r['text']}” "
                             f"({r['title']}, sentence {r['sentence_id']})")  # fmt: skip
    lines += ["", "## Corpus", ""] + [f"- {d.get('title', '')} ({d.get('path', '')})" for d in documents]
    return markdown_safe("\n".join(lines) + "\n")


__all__ = ["LEVELS", "LEVEL_COLOURS", "figures", "render_html", "render_json", "render_markdown"]
