"""The cooperation–conflict index: one score per period on the −9..+9 bilateral-relations scale.

Formula (docs/index.md has the reasoning):

    score(period) = 0.9 · Σ wᵢ·xᵢ / (w₀ + Σ wᵢ)

over the deduplicated events i whose date interval overlaps the period, where xᵢ is the event's
intensity (−10..+10; a de-escalation's at most +3, `frame.values`), wᵢ = credenceᵢ · (0.5 + |intensity|/10) ·
(2 for a material act) / (periods the event spans), credence being the coder's confidence times the weight of
the document kind it was read in (data/document_kinds.csv), and w₀ = 0.5
is a prior weight at 0 that keeps a single report from looking certain. The band is a 90%
bootstrap interval over events, widened to at least ±3/√(1 + Σ credence) (fewer and weaker sources, wider
bands); periods without events are gaps (NaN, shown as "no evidence: add sources"), or, when asked,
interpolated with a band as wide as the scale's two middle levels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dyadscope.analyze.frame import values, weights

PRIOR_WEIGHT = 0.5
GAP_LABEL = "no evidence: add sources"  # what a period or phase without enough evidence is called, never a level
EVIDENCE_BAND = 3.0  # half-width of the band for one report of full credence; it shrinks as 1/√(1 + Σ credence)
SCALE = 0.9  # intensities run −10..+10, the relations scale −9..+9
LEVELS = ((-6.0, "confrontation"), (-3.0, "tension"), (0.0, "discord"), (3.0, "ordinary"), (6.0, "good"))
BOOTSTRAP = 200
ANALYTIC_ABOVE = 2000  # events in a period; above this the bootstrap band equals the normal one


def level_name(score: float) -> str:
    """confrontation −9..−6, tension −6..−3, discord −3..0, ordinary 0..3, good 3..6, friendly 6..9."""
    for upper, name in LEVELS:
        if score < upper:
            return name
    return "friendly"


@dataclass(frozen=True, slots=True)
class Periods:
    """Integer period numbers for dates at a granularity, and back (`by` as `analyze` checked it)."""

    by: str

    def number(self, dates: pd.Series) -> np.ndarray:
        years = dates.dt.year.to_numpy()
        months = dates.dt.month.to_numpy()
        if self.by == "month":
            result: np.ndarray = years * 12 + months - 1
        elif self.by == "quarter":
            result = years * 4 + (months - 1) // 3
        elif self.by == "year":
            result = years
        else:
            result = years // 10
        return result

    def bounds(self, number: int) -> tuple[pd.Timestamp, pd.Timestamp, str]:
        if self.by == "month":
            start = pd.Timestamp(number // 12, number % 12 + 1, 1)
            return start, start + pd.offsets.MonthEnd(0), start.strftime("%Y-%m")
        if self.by == "quarter":
            start = pd.Timestamp(number // 4, (number % 4) * 3 + 1, 1)
            return start, start + pd.offsets.QuarterEnd(0), f"{number // 4}-Q{number % 4 + 1}"
        if self.by == "year":
            return pd.Timestamp(number, 1, 1), pd.Timestamp(number, 12, 31), str(number)
        return pd.Timestamp(number * 10, 1, 1), pd.Timestamp(number * 10 + 9, 12, 31), f"{number * 10}s"


def spread(events: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per (event, period it overlaps), its weight divided equally among those periods."""
    periods = Periods(by)
    first = periods.number(events["start"])
    # An open tenure ("the Trump administration", to 2029) says nothing about years no event starts in.
    last = np.minimum(periods.number(events["end"]), first.max())
    count = last - first + 1
    rows = np.repeat(np.arange(len(events)), count)
    offset = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    return pd.DataFrame({
        "row": rows,
        "period": np.repeat(first, count) + offset,
        "weight": np.repeat(weights(events) / count, count),
        "x": np.repeat(values(events), count),
        "credence": np.repeat(events["credence"].to_numpy(dtype=float) / count, count),
    })  # fmt: skip


def compute_index(events: pd.DataFrame, by: str = "year", *, interpolate: bool = False, seed: int = 0) -> pd.DataFrame:
    """Score, 90% band and event count per period, from the first to the last period with evidence."""
    columns = ["period", "start", "end", "score", "low", "high", "events", "interpolated"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    parts = spread(events, by)
    numbers = np.arange(parts["period"].min(), parts["period"].max() + 1)
    position = parts["period"].to_numpy() - numbers[0]
    total_w = np.bincount(position, parts["weight"], len(numbers))
    total_wx = np.bincount(position, parts["weight"] * parts["x"], len(numbers))
    counts = np.bincount(position, minlength=len(numbers))
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(counts > 0, SCALE * total_wx / (PRIOR_WEIGHT + total_w), np.nan)
    low, high = _bands(parts, position, counts, len(numbers), seed)
    # Sampling error alone says little when there are few reports, or weak ones (a study note's retelling):
    # the band is at least ± EVIDENCE_BAND / √(1 + Σ credence) around the score.
    evidence = EVIDENCE_BAND / np.sqrt(1.0 + np.bincount(position, parts["credence"], len(numbers)))
    low = np.clip(np.fmin(low, score - evidence), -9.0, 9.0)
    high = np.clip(np.fmax(high, score + evidence), -9.0, 9.0)
    periods = Periods(by)
    bounds = [periods.bounds(int(n)) for n in numbers]
    frame = pd.DataFrame({
        "period": [b[2] for b in bounds], "start": [b[0] for b in bounds], "end": [b[1] for b in bounds],
        "score": score, "low": low, "high": high, "events": counts, "interpolated": False,
    })  # fmt: skip
    return fill_gaps(frame) if interpolate else frame


def _bands(parts: pd.DataFrame, position: np.ndarray, counts: np.ndarray, n: int, seed: int) -> tuple[np.ndarray, ...]:
    """90% intervals: a Poisson bootstrap over events for small periods, the normal interval for large ones."""
    w = parts["weight"].to_numpy()
    wx = w * parts["x"].to_numpy()
    low = np.full(n, np.nan)
    high = np.full(n, np.nan)
    small = np.isin(position, np.flatnonzero((counts > 0) & (counts <= ANALYTIC_ABOVE)))
    if small.any():
        rng = np.random.default_rng(seed)
        replicate = rng.poisson(1.0, size=(BOOTSTRAP, int(small.sum())))
        idx = position[small]
        sums_w = np.stack([np.bincount(idx, r * w[small], n) for r in replicate])
        sums_wx = np.stack([np.bincount(idx, r * wx[small], n) for r in replicate])
        scores = SCALE * sums_wx / (PRIOR_WEIGHT + sums_w)
        ok = np.unique(idx)
        low[ok] = np.percentile(scores[:, ok], 5, axis=0)
        high[ok] = np.percentile(scores[:, ok], 95, axis=0)
    large = np.flatnonzero(counts > ANALYTIC_ABOVE)
    if len(large):
        total_w = np.bincount(position, w, n)
        mean = np.bincount(position, wx, n) / np.maximum(total_w, 1e-12)
        x = parts["x"].to_numpy()
        spread_sq = np.bincount(position, (w * (x - mean[position])) ** 2, n)
        half = 1.645 * SCALE * np.sqrt(spread_sq) / np.maximum(total_w, 1e-12)
        centre = SCALE * np.bincount(position, wx, n) / (PRIOR_WEIGHT + total_w)
        low[large] = centre[large] - half[large]
        high[large] = centre[large] + half[large]
    return low, high


def pooled_band(w: np.ndarray, x: np.ndarray, seed: int = 0) -> tuple[float, float]:
    """90% interval of one pooled score (a phase's) by the same bootstrap over its events."""
    if len(w) == 0:
        return float("nan"), float("nan")
    if len(w) > ANALYTIC_ABOVE:
        mean = (w * x).sum() / w.sum()
        half = 1.645 * SCALE * np.sqrt(((w * (x - mean)) ** 2).sum()) / w.sum()
        centre = SCALE * (w * x).sum() / (PRIOR_WEIGHT + w.sum())
        return float(centre - half), float(centre + half)
    replicate = np.random.default_rng(seed).poisson(1.0, size=(BOOTSTRAP, len(w)))
    scores = SCALE * (replicate @ (w * x)) / (PRIOR_WEIGHT + replicate @ w)
    return float(np.percentile(scores, 5)), float(np.percentile(scores, 95))


def fill_gaps(index: pd.DataFrame) -> pd.DataFrame:
    """Interpolate periods without evidence, with a band of ±3 (a level either way), flagged as such."""
    frame = index.copy()
    gap = frame["score"].isna()
    frame["score"] = frame["score"].interpolate(limit_area="inside")
    frame.loc[gap, "low"] = frame.loc[gap, "score"] - 3
    frame.loc[gap, "high"] = frame.loc[gap, "score"] + 3
    frame.loc[gap, "interpolated"] = True
    return frame
