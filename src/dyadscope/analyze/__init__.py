"""Measure a relationship: the cooperation–conflict index, its phases and their drivers."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dyadscope.analyze.frame import deduplicate, frame_from_events, frame_from_rows, party_mask, third_parties
from dyadscope.analyze.index import compute_index, level_name
from dyadscope.analyze.phases import Phase, Turn, compute_phases
from dyadscope.errors import InputError
from dyadscope.models import PERIODS, Period

__all__ = [
    "PERIODS",
    "Analysis",
    "Period",
    "analyze",
    "compute_index",
    "deduplicate",
    "frame_from_events",
    "frame_from_rows",
    "level_name",
]


MIN_PHASE = {"month": 6, "quarter": 4, "year": 3, "decade": 1}  # periods a phase lasts at least


@dataclass(slots=True)
class Analysis:
    """Everything measured about one dyad at one granularity."""

    dyad: tuple[str, str]
    by: str
    events: pd.DataFrame  # deduplicated, measurable events
    index: pd.DataFrame
    phases: list[Phase] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    measured: int = 0  # measurable events before retellings were merged into `events`

    def index_records(self) -> list[dict[str, object]]:
        """Rows as documented: period, start, end, score, low, high, events (+ interpolated)."""
        frame = self.index.copy()
        for column in ("start", "end"):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
        rows = frame.round(3).astype(object).where(frame.notna(), None).to_dict("records")
        return [{str(k): v for k, v in row.items()} for row in rows]

    @property
    def measured_phases(self) -> list[Phase]:
        """The phases with a level: gaps (too little evidence) left out."""
        return [p for p in self.phases if not p.is_gap]

    def phases_frame(self) -> pd.DataFrame:
        return pd.DataFrame([p.to_dict() for p in self.phases])


def analyze(
    frame: pd.DataFrame,
    dyad: tuple[str, str],
    by: str = "year",
    *,
    source: str | None = None,
    interpolate: bool = False,
    min_phase: int | None = None,
) -> Analysis:
    """Index, phases and drivers from a frame of one dyad's events; `source` keeps one direction only.

    Raises ValueError for a `by` not in PERIODS: the one check, the functions below take it as checked.
    """
    if by not in PERIODS:
        raise InputError(f"unknown period {by!r}: use one of {', '.join(PERIODS)}")
    if source is not None:
        frame = frame[frame["source"] == source]
    parties = third_parties(frame, dyad)
    events = deduplicate(frame.assign(party_mask=party_mask(frame, parties)))
    index = compute_index(events, by, interpolate=interpolate)
    phases, turns = compute_phases(index, events, by, min_size=min_phase or MIN_PHASE[by], parties=parties)
    return Analysis(dyad, by, events, index, phases, turns, measured=len(frame))
