"""Phases of a relationship (change points on the index) and the issues that drove them.

Change points come from ruptures' PELT on the period scores (gaps interpolated, each period
weighted by its evidence through repetition-free l2 cost), with a minimum phase length. For
each phase the issues' contributions are the weighted shares of the score they carry; for each
turn between phases, how much each issue's contribution changed: the interests that converged
when relations warmed and diverged when they cooled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import pandas as pd

from dyadscope.analyze.frame import issue_names, weights
from dyadscope.analyze.index import PRIOR_WEIGHT, SCALE, Periods, level_name, pooled_band


@dataclass(slots=True)
class Driver:
    issue: str
    contribution: float  # points of the score this issue carries (signed)
    share: float  # |contribution| / Σ|contributions|

    def to_dict(self) -> dict[str, object]:
        return {"context": self.issue, "contribution": round(self.contribution, 3), "share": round(self.share, 3)}


@dataclass(slots=True)
class Phase:
    start: pd.Timestamp
    end: pd.Timestamp
    level: str
    score: float
    low: float
    high: float
    events: int
    key_events: list[str] = field(default_factory=list)
    drivers: list[Driver] = field(default_factory=list)
    summary: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start.date().isoformat(), "end": self.end.date().isoformat(), "level": self.level,
            "score": round(self.score, 2), "low": round(self.low, 2), "high": round(self.high, 2),
            "events": self.events, "key_events": self.key_events, "drivers": [d.to_dict() for d in self.drivers],
            "summary": self.summary,
        }  # fmt: skip


@dataclass(slots=True)
class Turn:
    """The change between two phases and the issues behind it (positive: converged, negative: diverged)."""

    date: pd.Timestamp
    change: float
    drivers: list[Driver]

    def to_dict(self) -> dict[str, object]:
        return {"date": self.date.date().isoformat(), "change": round(self.change, 2),
                "drivers": [d.to_dict() for d in self.drivers]}  # fmt: skip


def change_points(scores: np.ndarray, min_size: int = 3, penalty: float | None = None) -> list[int]:
    """Indices where a new phase starts (excluding 0), by PELT with an l2 cost.

    The default penalty is 3·σ²·log(n) with σ² the noise variance estimated from first differences, so a
    phase boundary needs a shift that is large against the series' own period-to-period noise.
    """
    n = len(scores)
    if n < 2 * min_size:
        return []
    if penalty is None:
        noise = np.median(np.abs(np.diff(scores))) / 0.6745 / np.sqrt(2) if n > 2 else 1.0
        penalty = 3 * max(noise, 0.5) ** 2 * np.log(n)
    import ruptures  # here: importing it takes half a second, which commands without phases need not pay

    algo = ruptures.Pelt(model="l2", min_size=min_size, jump=1).fit(scores.reshape(-1, 1))
    return [int(b) for b in algo.predict(pen=penalty)[:-1]]


def compute_phases(
    index: pd.DataFrame, events: pd.DataFrame, by: str = "year", *, min_size: int = 3, penalty: float | None = None
) -> tuple[list[Phase], list[Turn]]:
    """Phases over a (gap-filled) index and the deduplicated events behind it."""
    if index.empty or index["score"].isna().all():
        return [], []
    scores = index["score"].interpolate(limit_direction="both").to_numpy(dtype=float)
    bounds = [0, *change_points(scores, min_size, penalty), len(scores)]
    numbers = Periods(by).number(events["start"]) if len(events) else np.array([], dtype=int)
    first_number = Periods(by).number(index["start"].iloc[:1])[0]
    names = issue_names()
    phases = []
    for left, right in pairwise(bounds):
        inside = (numbers >= first_number + left) & (numbers < first_number + right)
        phases.append(_phase(index.iloc[left:right], scores[left:right], events[inside], names))
    turns = [_turn(a, b) for a, b in pairwise(phases)]
    return phases, turns


def _phase(index: pd.DataFrame, filled: np.ndarray, events: pd.DataFrame, names: list[str]) -> Phase:
    """A phase over some periods; one without events takes the level its neighbours interpolate to."""
    w = weights(events)
    x = events["intensity"].to_numpy(dtype=float)
    total = PRIOR_WEIGHT + w.sum()
    score = float(SCALE * (w * x).sum() / total) if len(events) else float(filled.mean())
    low, high = pooled_band(w, x) if len(events) else (score - 3, score + 3)
    drivers = _drivers(events, w, x, total, names)
    phase = Phase(index["start"].iloc[0], index["end"].iloc[-1], level_name(score), score, low, high, len(events),
                  _key_events(events, w, x, score), drivers)  # fmt: skip
    phase.summary = summarise(phase)
    return phase


def _drivers(events: pd.DataFrame, w: np.ndarray, x: np.ndarray, total: float, names: list[str]) -> list[Driver]:
    """Each issue's signed share of the phase score; an event about k issues gives each 1/k of its weight."""
    masks = events["issue_mask"].to_numpy(dtype=np.int64)
    bits = np.array([(masks >> i) & 1 for i in range(len(names))], dtype=float)  # issues × events
    per_event = np.maximum(bits.sum(axis=0), 1)
    contributions = SCALE * (bits * (w * x / per_event)).sum(axis=1) / total
    absolute = np.abs(contributions).sum()
    drivers = [Driver(name, float(c), float(abs(c) / absolute) if absolute else 0.0)
               for name, c in zip(names, contributions, strict=True) if c != 0]  # fmt: skip
    return sorted(drivers, key=lambda d: -abs(d.contribution))


def _key_events(events: pd.DataFrame, w: np.ndarray, x: np.ndarray, score: float, count: int = 5) -> list[str]:
    """The most telling events: heavy ones that pull the way the phase leans, one per type and year first."""
    if events.empty:
        return []
    telling = w * np.abs(x) * np.where(np.sign(x) == np.sign(score or 1), 1.0, 0.5)
    order = np.argsort(-telling, kind="stable")
    chosen: list[str] = []
    seen: set[tuple[str, int]] = set()
    for i in order:
        key = (str(events["type"].iloc[i]), int(events["start"].iloc[i].year))
        if key not in seen:
            seen.add(key)
            chosen.append(str(events["id"].iloc[i]))
        if len(chosen) == count:
            break
    return chosen


def _turn(before: Phase, after: Phase) -> Turn:
    old = {d.issue: d.contribution for d in before.drivers}
    new = {d.issue: d.contribution for d in after.drivers}
    # In the drivers' order, not a set's: equal changes must come out the same way in every process.
    deltas = {k: new.get(k, 0.0) - old.get(k, 0.0) for k in dict.fromkeys([*old, *new])}
    absolute = sum(abs(v) for v in deltas.values()) or 1.0
    drivers = sorted(
        (Driver(k, v, abs(v) / absolute) for k, v in deltas.items() if v), key=lambda d: -abs(d.contribution)
    )
    return Turn(after.start, after.score - before.score, drivers)


def summarise(phase: Phase) -> str:
    span = f"{phase.start.year}–{phase.end.year}" if phase.start.year != phase.end.year else str(phase.start.year)
    pulls = [f"{d.issue.replace('_', '/')} ({'+' if d.contribution > 0 else '−'})" for d in phase.drivers[:3]]
    driven = f"; driven by {', '.join(pulls)}" if pulls else ""
    return f"{span}: {phase.level} ({phase.score:+.1f}, {phase.events} events){driven}"
