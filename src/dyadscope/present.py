"""Present events: tables, JSON, a pandas frame and the cited timeline (formats.export writes them to files).

Kept apart from the store and the CLI so the same renderings serve the API and later the
report and web app.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from dyadscope.models import MEASURED, Event

if TYPE_CHECKING:
    import pandas as pd

    from dyadscope.analyze import Analysis
    from dyadscope.ask.answer import Answer

COLUMNS = [
    "id",
    "date_start",
    "date_end",
    "granularity",
    "date_inherited",
    "source",
    "target",
    "dyad",
    "type",
    "mode",
    "contexts",
    "issues",
    "cameo",
    "intensity",
    "negated",
    "hypothetical",
    "confidence",
    "doc",
    "title",
    "sentence_id",
    "evidence_start",
    "evidence_end",
    "evidence",
]


def flat(event: Event) -> dict[str, Any]:
    """One event as a flat row (lists joined by ';') for tables, CSV and pandas."""
    d = event.date
    return {
        "id": event.id,
        "date_start": d.start.isoformat() if d else None,
        "date_end": d.end.isoformat() if d else None,
        "granularity": d.granularity if d else None,
        "date_inherited": event.date_inherited,
        "source": ";".join(event.source),
        "target": ";".join(event.target),
        "dyad": event.dyad,
        "type": event.type,
        "mode": event.mode,
        "contexts": ";".join(event.contexts),
        "issues": ";".join(event.issues),
        "cameo": event.cameo,
        "intensity": event.intensity,
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        "confidence": event.confidence,
        "doc": event.evidence.doc,
        "title": event.evidence.title,
        "sentence_id": event.evidence.sentence_id,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "evidence": event.evidence.text,
    }


def to_pandas(events: Iterable[Event]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame([flat(e) for e in events], columns=COLUMNS)
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def date_label(event: Event) -> str:
    d = event.date
    if d is None:
        return "undated"
    if d.granularity == "day":
        label = d.start.isoformat()
    elif d.granularity == "month":
        label = d.start.strftime("%Y-%m")
    elif d.start.year == d.end.year:
        label = str(d.start.year)
    else:
        label = f"{d.start.year}–{d.end.year}"
    return f"~{label}" if event.date_inherited else label


def sides_label(e: Event) -> str:
    """ "KEN:police → KEN:protesters", "USA → PAK": the sides with the sector that acted, if the text names one."""
    source = "/".join(f"{c}:{e.source_sector}" if e.source_sector else c for c in e.source)
    target = "/".join(f"{c}:{e.target_sector}" if e.target_sector else c for c in e.target)
    return f"{source} → {target or '–'}"


def events_table(events: Sequence[Event], title: str = "Events") -> Table:
    table = Table(title=title, show_lines=False)
    for name in ("date", "source → target", "type", "int.", "conf."):
        table.add_column(name, no_wrap=True)
    table.add_column("evidence", overflow="fold", ratio=1, min_width=30)
    for e in events:
        table.add_row(
            date_label(e),
            sides_label(e),
            f"{_type(e)}: {e.trigger!r}" if e.trigger else _type(e),
            f"{e.intensity:+.1f}",
            f"{e.confidence:.2f}",
            Text(_short(e.evidence.text, 160)),
        )
    return table


def timeline_lines(events: Sequence[Event]) -> Iterable[Text]:
    """The cited timeline: one entry per event, with its sentence and where it comes from."""
    for number, e in enumerate(events, 1):
        colour = "green" if e.intensity > 0 else "red" if e.intensity < 0 else "white"
        head = Text()
        head.append(f"{date_label(e):>12}  ", style="bold")
        head.append(f"{sides_label(e)}  ", style="cyan")
        head.append(f"{_type(e)} ({e.intensity:+.1f})", style=colour)
        head.append(f"  [{number}]", style="dim")
        yield head
        yield Text(f"{'':14}“{_short(e.evidence.text, 300)}”")
        yield Text(f"{'':14}— {e.evidence.title or e.evidence.doc}, sentence {e.evidence.sentence_id}", style="dim")


def index_table(records: Sequence[dict[str, Any]], title: str) -> Table:
    """The index as a terminal table, with a bar for the score and its level."""
    from dyadscope.analyze.index import GAP_LABEL, level_name

    table = Table(title=title)
    for name in ("period", "score", "90% band", "events", "level", ""):
        table.add_column(name, no_wrap=True, justify="right" if name in ("score", "events") else "left")
    for r in records:
        score = r["score"]
        if score is None:
            table.add_row(str(r["period"]), "–", "", "0", GAP_LABEL, "")
            continue
        bar = ("█" * round(abs(score))).rjust(9) + "│" if score < 0 else " " * 9 + "│" + "█" * round(score)
        band = f"{r['low']:+.1f} … {r['high']:+.1f}" if r["low"] is not None else ""
        level = level_name(score) + (" (interpolated)" if r.get("interpolated") else "")
        colour = "green" if score > 0 else "red"
        table.add_row(str(r["period"]), f"{score:+.1f}", band, str(r["events"]), level, Text(bar, style=colour))
    return table


def counted(analysis: Analysis) -> str:
    """What the report counts, said once on every page of it."""
    n, measured = len(analysis.events), analysis.measured
    return (
        f"{n} distinct {'happening' if n == 1 else 'happenings'} from {measured} measured"
        f" {'event' if measured == 1 else 'events'}: the index counts events {MEASURED}, and a happening told in"
        " several sentences (same sides, type and years) once; `dyadscope events` also lists undated,"
        " hypothetical and non-state ones. A period's events are the happenings in it."
    )


def phases_table(analysis: Any) -> Table:
    """Phases with their level, score, drivers and most telling events."""
    events = analysis.events.set_index("id")
    table = Table(title=f"Phases of {analysis.dyad[0]}–{analysis.dyad[1]} relations", show_lines=True)
    for name in ("period", "level", "score", "drivers", "key events"):
        table.add_column(name, overflow="fold")
    for phase in analysis.phases:
        drivers = ", ".join(f"{d.label} {d.contribution:+.1f}" for d in phase.drivers[:4])
        keys = []
        for event_id in phase.key_events[:3]:
            row = events.loc[event_id]
            keys.append(f"{row['start'].year} {row['source']}→{row['target']} {row['type']}: {_short(row['text'], 90)}")
        period = f"{phase.start.year}–{phase.end.year}"
        table.add_row(period, phase.level, phase.score_text, drivers, "\n".join(keys))
    return table


def _type(e: Event) -> str:
    label = e.type + (f":{e.mode}" if e.mode else "")
    if e.negated:
        label = "not " + label
    if e.hypothetical:
        label += " (hypothetical)"
    return label


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def answer_text(answer: Answer) -> Text:
    """An answer for the terminal: numbered points, each followed by its sources."""
    text = Text()
    text.append(answer.question + "\n", style="bold")
    text.append((answer.read_as or "") + "\n\n", style="dim")
    if not answer.supported:
        text.append((answer.refusal or "Not found in your documents.") + "\n", style="yellow")
        return text
    for n, point in enumerate(answer.points, 1):
        when = f" ({point.date.start.year})" if point.date and point.date.granularity != "era" else ""
        text.append(f"{n}.{when} ", style="bold")
        text.append(point.text + "\n")
        for c in point.citations:
            text.append(f"   ↳ {c.label()}\n", style="dim")
    for phase in answer.phases:
        text.append(f"\nphase: {phase['summary']}", style="cyan")
    if answer.events:
        text.append(f"\n{len(answer.events)} events in these sentences (dyadscope events --format json)", style="dim")
    return text
