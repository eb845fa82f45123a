"""Phases of a relationship (change points on the index) and the issues that drove them.

Change points come from ruptures' PELT on the period scores (gaps interpolated, each period
weighted by its evidence through repetition-free l2 cost), with a minimum phase length. For
each phase the issues' contributions are the weighted shares of the score they carry; for each
turn between phases, how much each issue's contribution changed: the interests that converged
when relations warmed and diverged when they cooled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import pandas as pd

from dyadscope.analyze.frame import MIN_DRIVER_EVENTS, issue_names, values, weights
from dyadscope.analyze.index import GAP_LABEL, PRIOR_WEIGHT, SCALE, Periods, level_name, pooled_band
from dyadscope.serial import Plain, as_json

MIN_PHASE_EVENTS = 3  # happenings a phase needs to be given a level
THIRD_PARTY = "third party"


@dataclass(slots=True)
class Driver(Plain):
    issue: str = field(
        metadata=as_json(name="context")
    )  # an issue of data/lexicon/issues.yaml, or a third party's code
    contribution: float = field(metadata=as_json(digits=3))  # points of the score this issue carries (signed)
    share: float = field(metadata=as_json(digits=3))  # |contribution| / Σ|contributions| of drivers of its kind
    kind: str = "issue"  # issue | third party

    @property
    def label(self) -> str:
        """ "security/military", or "CHN (third party)"."""
        return f"{self.issue} (third party)" if self.kind == THIRD_PARTY else self.issue.replace("_", "/")


@dataclass(slots=True)
class Phase(Plain):
    start: pd.Timestamp
    end: pd.Timestamp
    level: str
    score: float = field(metadata=as_json(digits=2))
    low: float = field(metadata=as_json(digits=2))
    high: float = field(metadata=as_json(digits=2))
    events: int
    key_events: list[str] = field(default_factory=list)
    drivers: list[Driver] = field(default_factory=list)
    summary: str = ""

    @property
    def is_gap(self) -> bool:
        """Too little evidence to measure (fewer than MIN_PHASE_EVENTS happenings): no level, no score."""
        return self.level == GAP_LABEL

    @property
    def score_text(self) -> str:
        """ "+2.1 (+0.4 … +3.8)", or "–" for a gap."""
        return "–" if self.is_gap else f"{self.score:+.1f} ({self.low:+.1f} … {self.high:+.1f})"


@dataclass(slots=True)
class Turn(Plain):
    """The change between two phases and the issues behind it (positive: converged, negative: diverged)."""

    date: pd.Timestamp
    change: float = field(metadata=as_json(digits=2))
    drivers: list[Driver]


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
    index: pd.DataFrame,
    events: pd.DataFrame,
    by: str = "year",
    *,
    min_size: int = 3,
    penalty: float | None = None,
    parties: Sequence[str] = (),
) -> tuple[list[Phase], list[Turn]]:
    """Phases over an index and the deduplicated events behind it.

    A run of at least `min_size` periods without events splits the series; change points are found in each
    stretch with evidence (short empty runs inside it interpolated). A phase resting on fewer than
    MIN_PHASE_EVENTS happenings is a gap (`GAP_LABEL`, no score), merged with gaps beside it; turns are the
    changes between consecutive phases with evidence."""
    if index.empty or index["score"].isna().all():
        return [], []
    numbers = Periods(by).number(events["start"]) if len(events) else np.array([], dtype=int)
    first_number = Periods(by).number(index["start"].iloc[:1])[0]
    names = issue_names()
    phases: list[Phase] = []
    for left, right, empty in _stretches(index["events"].to_numpy(), min_size):
        if empty:
            phases.append(_gap(index.iloc[left:right], 0))
            continue
        own = index["score"].iloc[left:right].where(index["events"].iloc[left:right] > 0)  # not interpolated ones
        scores = own.interpolate(limit_direction="both").to_numpy(dtype=float)
        bounds = [0, *change_points(scores, min_size, penalty), len(scores)]
        for a, b in pairwise(bounds):
            inside = (numbers >= first_number + left + a) & (numbers < first_number + left + b)
            phases.append(_phase(index.iloc[left + a : left + b], events[inside], names, parties))
    phases = _merge_gaps(phases)
    measured = [p for p in phases if not p.is_gap]
    return phases, [_turn(a, b) for a, b in pairwise(measured)]


def _stretches(counts: np.ndarray, min_size: int) -> list[tuple[int, int, bool]]:
    """(first, end, empty) runs of periods: runs of at least `min_size` periods without events, and the rest."""
    out: list[tuple[int, int, bool]] = []
    start = 0
    i = 0
    while i < len(counts):
        if counts[i] == 0:
            j = i
            while j < len(counts) and counts[j] == 0:
                j += 1
            if j - i >= min_size:
                if i > start:
                    out.append((start, i, False))
                out.append((i, j, True))
                start = j
            i = j
        else:
            i += 1
    if start < len(counts):
        out.append((start, len(counts), False))
    return out


def _gap(index: pd.DataFrame, events: int) -> Phase:
    nan = float("nan")
    phase = Phase(index["start"].iloc[0], index["end"].iloc[-1], GAP_LABEL, nan, nan, nan, events)
    phase.summary = summarise(phase)
    return phase


def _merge_gaps(phases: list[Phase]) -> list[Phase]:
    merged: list[Phase] = []
    for phase in phases:
        if merged and phase.is_gap and merged[-1].is_gap:
            last = merged[-1]
            last.end, last.events = phase.end, last.events + phase.events
            last.summary = summarise(last)
        else:
            merged.append(phase)
    return merged


def _phase(index: pd.DataFrame, events: pd.DataFrame, names: list[str], parties: Sequence[str]) -> Phase:
    """A phase over some periods, measured on its events; a gap when they are fewer than MIN_PHASE_EVENTS."""
    if len(events) < MIN_PHASE_EVENTS:
        return _gap(index, len(events))
    w = weights(events)
    x = values(events)
    total = PRIOR_WEIGHT + w.sum()
    score = float(SCALE * (w * x).sum() / total)
    low, high = pooled_band(w, x)
    drivers = _drivers(events["issue_mask"], w, x, total, names, "issue")
    if parties and "party_mask" in events.columns:
        drivers += _drivers(events["party_mask"], w, x, total, list(parties), THIRD_PARTY)
        drivers.sort(key=lambda d: -abs(d.contribution))
    phase = Phase(index["start"].iloc[0], index["end"].iloc[-1], level_name(score), score, low, high, len(events),
                  _key_events(events, w, x, score), drivers)  # fmt: skip
    phase.summary = summarise(phase)
    return phase


def _drivers(mask: pd.Series, w: np.ndarray, x: np.ndarray, total: float, names: list[str], kind: str) -> list[Driver]:
    """Each issue's (or third party's) signed share of the phase score; an event about k of them gives each 1/k
    of its weight. One named by fewer than MIN_DRIVER_EVENTS of the phase's happenings drives nothing."""
    masks = mask.to_numpy(dtype=np.int64)
    bits = np.array([(masks >> i) & 1 for i in range(len(names))], dtype=float).reshape(len(names), len(masks))
    per_event = np.maximum(bits.sum(axis=0), 1)
    contributions = SCALE * (bits * (w * x / per_event)).sum(axis=1) / total
    contributions[bits.sum(axis=1) < MIN_DRIVER_EVENTS] = 0.0
    absolute = np.abs(contributions).sum()
    drivers = [Driver(name, float(c), float(abs(c) / absolute) if absolute else 0.0, kind)
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
    old = {(d.issue, d.kind): d.contribution for d in before.drivers}
    new = {(d.issue, d.kind): d.contribution for d in after.drivers}
    # In the drivers' order, not a set's: equal changes must come out the same way in every process.
    deltas = {k: new.get(k, 0.0) - old.get(k, 0.0) for k in dict.fromkeys([*old, *new])}
    absolute = sum(abs(v) for v in deltas.values()) or 1.0
    drivers = sorted(
        (Driver(k[0], v, abs(v) / absolute, k[1]) for k, v in deltas.items() if v), key=lambda d: -abs(d.contribution)
    )
    return Turn(after.start, after.score - before.score, drivers)


def summarise(phase: Phase) -> str:
    span = f"{phase.start.year}–{phase.end.year}" if phase.start.year != phase.end.year else str(phase.start.year)
    if phase.is_gap:
        told = f"{phase.events} {'event' if phase.events == 1 else 'events'}, fewer than {MIN_PHASE_EVENTS}"
        return f"{span}: {GAP_LABEL} ({told})"
    pulls = [f"{d.label} ({'+' if d.contribution > 0 else '−'})" for d in phase.drivers[:3]]
    driven = f"; driven by {', '.join(pulls)}" if pulls else ""
    return f"{span}: {phase.level} ({phase.score:+.1f}, {phase.events} events){driven}"
