"""Writing events, the index and phases as JSON, JSON lines, CSV or Parquet: the one place rows are turned into
files or text (the command line's `emit` prints with the same functions)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadscope.errors import InputError
from dyadscope.models import origin_of, source_id_of

if TYPE_CHECKING:
    import pandas as pd

    from dyadscope.analyze import Analysis
    from dyadscope.models import Event


def events_frame(events: Sequence[Event]) -> pd.DataFrame:
    """One flat row per event with its evidence, its origin (text, gdelt, icews, polecat) and source id."""
    from dyadscope.present import to_pandas

    frame = to_pandas(events)
    frame["origin"] = [origin_of(e) for e in events]
    frame["source_id"] = [source_id_of(e) for e in events]
    return frame


def export_events(events: Sequence[Event], path: Path, fmt: str | None = None) -> str:
    """Write events as json or jsonl (the stable schema), csv or parquet (`events_frame`); returns the kind."""
    kind = _kind(path, fmt)
    write_rows(path, kind, [e.to_dict() for e in events], lambda: events_frame(events))
    return kind


def export_index(analysis: Analysis, path: Path, fmt: str | None = None) -> str:
    """Write the index (period, start, end, score, low, high, events) as json, jsonl, csv or parquet."""
    kind = _kind(path, fmt)
    write_rows(path, kind, analysis.index_records(), lambda: analysis.index)
    return kind


def export_phases(analysis: Analysis, path: Path, fmt: str | None = None) -> str:
    """Write the phases (dates, level, score, band, events, key events, drivers, summary)."""
    kind = _kind(path, fmt)
    write_rows(path, kind, [p.to_dict() for p in analysis.phases], analysis.phases_frame)
    return kind


def _kind(path: Path, fmt: str | None) -> str:
    return (fmt or path.suffix.lstrip(".") or "json").lower()


def json_text(records: Sequence[dict[str, Any]], kind: str = "json") -> str:
    """Rows as one JSON array (json) or one object a line (jsonl)."""
    if kind == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return json.dumps(list(records), indent=2, ensure_ascii=False) + "\n"


def csv_text(frame: pd.DataFrame) -> str:
    """A frame as CSV, lists (key events, drivers) as JSON text in one cell."""
    flat = frame.copy()
    for column in flat.columns:
        if flat[column].map(lambda v: isinstance(v, list | dict)).any():
            flat[column] = flat[column].map(lambda v: json.dumps(v, ensure_ascii=False))
    return str(flat.to_csv(index=False))


def write_rows(path: Path, kind: str, records: Sequence[dict[str, Any]], frame: Callable[[], pd.DataFrame]) -> None:
    """Rows to a file, atomically: json and jsonl from the records, csv and parquet from the frame."""
    from dyadscope.files import write_atomic

    if kind in ("json", "jsonl"):
        write_atomic(path, json_text(records, kind).encode())
    else:
        write_frame(frame(), path, kind)


def write_frame(frame: pd.DataFrame, path: Path, kind: str) -> None:
    """Write a frame as csv (lists as JSON text) or parquet, atomically: a reader never sees half a file."""
    from dyadscope.files import write_atomic

    if kind == "csv":
        write_atomic(path, csv_text(frame).encode())
    elif kind == "parquet":
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            frame.to_parquet(tmp, index=False)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    else:
        raise InputError(f"{path}: unknown format {kind!r} (use json, jsonl, csv or parquet)")
