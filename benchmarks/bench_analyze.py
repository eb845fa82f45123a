"""Benchmark: index + phases + HTML report for a million synthetic events.

    python benchmarks/bench_analyze.py [--events 1000000]

The events are generated as a frame (as the store or an event-data import would give them):
75 years of a dyad whose mean tone shifts four times, each event about one issue. Prints the
time of each step and the total against the 10 s target.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from dyadscope.analyze import analyze
from dyadscope.analyze.frame import FRAME_COLUMNS, issue_names
from dyadscope.report import render_html

SEGMENTS = [(1950, 1964, 4.0), (1965, 1978, -2.0), (1979, 1989, 5.0), (1990, 2000, -4.0), (2001, 2024, 2.0)]


def synthetic(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    first, last = pd.Timestamp(1950, 1, 1), pd.Timestamp(2024, 12, 31)
    days = rng.integers(0, (last - first).days, n)
    start = first + pd.to_timedelta(days, unit="D")
    years = start.year.to_numpy()
    mean = np.zeros(n)
    for low, high, level in SEGMENTS:
        mean[(years >= low) & (years <= high)] = level
    names = issue_names()
    frame = pd.DataFrame({
        "id": np.char.add("ev_", np.arange(n).astype(str)), "start": start, "end": start,
        "source": np.where(rng.random(n) < 0.5, "PAK", "USA"), "target": "X",
        "type": rng.choice(["AID", "SANCTION", "CONSULT", "ACCUSE", "SUPPORT", "ASSAULT"], n),
        "intensity": np.clip(rng.normal(mean, 3.0), -10, 10), "confidence": rng.uniform(0.4, 0.9, n),
        "issue_mask": (1 << rng.integers(0, len(names), n)).astype(np.int64),
        "text": "A synthetic evidence sentence.", "doc": "synthetic.txt", "title": "Synthetic", "sentence_id": 0,
        "kind": "history",
    })  # fmt: skip
    frame["target"] = np.where(frame["source"] == "PAK", "USA", "PAK")
    return frame[FRAME_COLUMNS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    frame = synthetic(args.events)
    steps = []
    start = time.perf_counter()
    analysis = analyze(frame, ("PAK", "USA"), "year")
    steps.append(("index + phases + drivers (dedup included)", time.perf_counter() - start))
    mark = time.perf_counter()
    html = render_html(analysis, [{"title": "Synthetic", "path": "synthetic.txt", "n_sentences": args.events}])
    steps.append((f"HTML report ({len(html) / 1e6:.1f} MB)", time.perf_counter() - mark))
    total = time.perf_counter() - start
    table = Table(title=f"{args.events:,} synthetic events, one process")
    table.add_column("step")
    table.add_column("seconds", justify="right")
    for name, seconds in steps:
        table.add_row(name, f"{seconds:.2f}")
    table.add_row("total (target ≤ 10 s)", f"{total:.2f}")
    Console().print(table)
    found = ", ".join(str(p.start.year) for p in analysis.phases[1:])
    Console().print(f"phases found starting {found} (true: 1965, 1979, 1990, 2001)")


if __name__ == "__main__":
    main()
