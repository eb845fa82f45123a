"""Present events: tables, JSON lines, CSV, Parquet and the cited timeline.

Kept apart from the store and the CLI so the same renderings serve the API and later the
report and web app.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from dyadscope.models import Event

if TYPE_CHECKING:
    import pandas as pd

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


def to_json(events: Iterable[Event]) -> str:
    return json.dumps([e.to_dict() for e in events], indent=2, ensure_ascii=False)


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(events: Sequence[Event], path: Path, fmt: str) -> None:
    """Write events as json, csv or parquet."""
    if fmt == "json":
        write_atomic(path, to_json(events).encode())
    elif fmt == "csv":
        write_atomic(path, to_pandas(events).to_csv(index=False).encode())
    elif fmt == "parquet":
        tmp = path.with_name(f".{path.name}.tmp")
        to_pandas(events).to_parquet(tmp, index=False)
        os.replace(tmp, path)
    else:
        raise ValueError(f"unknown format {fmt!r}: use json, csv or parquet")


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


def events_table(events: Sequence[Event], title: str = "Events") -> Table:
    table = Table(title=title, show_lines=False)
    for name in ("date", "source → target", "type", "int.", "conf."):
        table.add_column(name, no_wrap=True)
    table.add_column("evidence", overflow="fold", ratio=1, min_width=30)
    for e in events:
        table.add_row(
            date_label(e),
            f"{'/'.join(e.source)} → {'/'.join(e.target)}",
            _type(e),
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
        head.append(f"{'/'.join(e.source)} → {'/'.join(e.target)}  ", style="cyan")
        head.append(f"{_type(e)} ({e.intensity:+.1f})", style=colour)
        head.append(f"  [{number}]", style="dim")
        yield head
        yield Text(f"{'':14}“{_short(e.evidence.text, 300)}”")
        yield Text(f"{'':14}— {e.evidence.title or e.evidence.doc}, sentence {e.evidence.sentence_id}", style="dim")


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
