"""Writing events, the index and phases as CSV, JSON or Parquet: the one place files of them are written."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

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
    """Write events as json (the stable schema), csv or parquet (`events_frame`); returns the kind."""
    from dyadscope.files import write_atomic
    from dyadscope.present import to_json

    kind = _kind(path, fmt)
    if kind == "json":
        write_atomic(path, to_json(events).encode())
    else:
        write_frame(events_frame(events), path, kind)
    return kind


def export_index(analysis: Analysis, path: Path, fmt: str | None = None) -> str:
    """Write the index (period, start, end, score, low, high, events) as csv, json or parquet; returns the kind."""
    return _write_table(path, fmt, analysis.index_records(), analysis.index)


def export_phases(analysis: Analysis, path: Path, fmt: str | None = None) -> str:
    """Write the phases (dates, level, score, band, events, key events, drivers, summary); returns the kind."""
    return _write_table(path, fmt, [p.to_dict() for p in analysis.phases], analysis.phases_frame())


def _kind(path: Path, fmt: str | None) -> str:
    return (fmt or path.suffix.lstrip(".") or "json").lower()


def _write_table(path: Path, fmt: str | None, records: list[dict[str, object]], frame: pd.DataFrame) -> str:
    from dyadscope.files import write_atomic

    kind = _kind(path, fmt)
    if kind == "json":
        write_atomic(path, (json.dumps(records, indent=2, ensure_ascii=False) + "\n").encode())
    else:
        write_frame(frame, path, kind)
    return kind


def write_frame(frame: pd.DataFrame, path: Path, kind: str) -> None:
    """Write a frame as csv (lists as JSON text) or parquet, atomically: a reader never sees half a file."""
    from dyadscope.files import write_atomic

    if kind == "csv":
        flat = frame.copy()
        for column in flat.columns:  # lists (key events, drivers) as JSON text in one cell
            if flat[column].map(lambda v: isinstance(v, list | dict)).any():
                flat[column] = flat[column].map(lambda v: json.dumps(v, ensure_ascii=False))
        write_atomic(path, flat.to_csv(index=False).encode())
    elif kind == "parquet":
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            frame.to_parquet(tmp, index=False)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    else:
        raise InputError(f"{path}: unknown format {kind!r} (use csv, json or parquet)")
