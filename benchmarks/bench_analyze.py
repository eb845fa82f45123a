"""Benchmark: index + phases + HTML report for a million synthetic events, in memory and from a real store.

    python benchmarks/bench_analyze.py [--events 1000000] [--no-store] [--workdir DIR]

The events are generated as a frame (as the store or an event-data import would give them):
75 years of a dyad whose mean tone shifts four times, each event about one issue. Prints the
time of each step and the total against the 10 s target, first on the frame in memory, then (unless
--no-store) from a store holding the same events: 1,000 documents, one sentence and its evidence per event,
written once into --workdir straight through SQL (cached by size and schema). The store runs are fresh
processes that open the store as `dyadscope report` does (`kb.analysis`, `kb.documents`, `render_html`) and
report their peak resident memory: cold (nothing kept beside the store: the events are read from SQLite) and
warm (the events frame the first run kept as Parquet, `dyadscope.kept`).
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def make_store(path: Path, frame: pd.DataFrame, documents: int = 1000) -> None:
    """The frame's events written into a new store, as ingest would leave them (documents, sentences, events,
    actors, evidence), in one transaction per table through executemany."""
    from dyadscope.store import Store
    from dyadscope.store.schema import EVENT_COLUMNS

    Store(path).close()  # the schema
    conn = sqlite3.connect(path)
    names = issue_names()
    per = -(-len(frame) // documents)
    doc_of = np.arange(len(frame)) // per
    starts = frame["start"].dt.strftime("%Y-%m-%d").tolist()
    with conn:
        conn.executemany(
            "INSERT INTO documents (id, path, content_hash, media_type, title, news_like, dyad, n_sentences, n_events,"
            " extractor, kind, kind_origin) VALUES (?,?,?,?,?,0,'PAK-USA',?,?,'bench','history','user')",
            [(d + 1, f"doc-{d}.txt", f"hash-{d}", "text/plain", f"Synthetic {d}", per, per) for d in range(documents)],
        )
        conn.executemany(
            'INSERT INTO sentences (id, doc_id, idx, start, "end", text, section_path, is_heading, date_start,'
            " date_end, date_granularity) VALUES (?,?,?,0,40,?,'[]',0,?,?,'day')",
            [(i + 1, int(doc_of[i]) + 1, i % per, f"A synthetic evidence sentence number {i}.", day, day)
             for i, day in enumerate(starts)],
        )  # fmt: skip
        masks = frame["issue_mask"].to_numpy()
        conn.executemany(
            f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({','.join('?' * 25)})",
            [(eid, int(doc_of[i]) + 1, i + 1, json.dumps([src]), json.dumps([tgt]), "PAK-USA", kind, None, "[]",
              None, float(intensity), 0, 0, day, day, "day", 0, float(conf), "did",
              json.dumps([n for b, n in enumerate(names) if int(masks[i]) >> b & 1]), "text", None, "", "", "[]")
             for i, (eid, src, tgt, kind, intensity, conf, day) in enumerate(zip(
                 frame["id"], frame["source"], frame["target"], frame["type"], frame["intensity"],
                 frame["confidence"], starts, strict=True))],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO event_actors VALUES (?,?,?)",
            [(e, role, c) for e, s, t in zip(frame["id"], frame["source"], frame["target"], strict=True)
             for role, c in (("source", s), ("target", t))],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO evidence VALUES (?,?,?,0,40,?)",
            [(e, int(doc_of[i]) + 1, i + 1, f"A synthetic evidence sentence number {i}.")
             for i, e in enumerate(frame["id"])],
        )  # fmt: skip
    conn.close()


def from_store(path: str) -> dict[str, float]:
    """`dyadscope report`'s work on the store, in this (fresh) process."""
    start = time.perf_counter()
    import dyadscope.api  # what the command loads before it reads anything (spaCy and pandas among it)

    steps = {"imports": time.perf_counter() - start}
    mark = time.perf_counter()
    with dyadscope.api.open(path) as kb:
        analysis = kb.analysis("PAK-USA", "year")
        steps["read + index + phases + drivers"] = time.perf_counter() - mark
        mark = time.perf_counter()
        html = render_html(analysis, kb.documents())
        steps[f"HTML report ({len(html) / 1e6:.1f} MB)"] = time.perf_counter() - mark
    steps["total"] = time.perf_counter() - start
    steps["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--no-store", action="store_true", help="only the frame in memory")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "dyadscope-bench-analyze")
    parser.add_argument("--from-store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.from_store:
        print(json.dumps(from_store(args.from_store)))
        return
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
    if args.no_store:
        return
    from dyadscope.store.schema import SCHEMA_VERSION

    args.workdir.mkdir(parents=True, exist_ok=True)
    store = args.workdir / f"events-{args.events}-schema{SCHEMA_VERSION}.db"
    if not store.exists():
        mark = time.perf_counter()
        partial = store.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        make_store(partial, frame)
        partial.rename(store)
        Console().print(f"store written in {time.perf_counter() - mark:.0f} s: {store}")
    import shutil

    from dyadscope.store import index_folder

    shutil.rmtree(index_folder(store), ignore_errors=True)  # cold: nothing kept beside the store yet
    command = [sys.executable, __file__, "--from-store", str(store)]
    runs = [
        json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()[-1])
        for _ in ("cold", "warm")
    ]
    table = Table(title=f"the same {args.events:,} events from a store, as `dyadscope report` reads them")
    table.add_column("step")
    table.add_column("cold s", justify="right")
    table.add_column("warm s", justify="right")
    for name in runs[0]:
        cold, warm = runs[0][name], runs[1].get(name, float("nan"))
        if name == "total":
            table.add_row("total (target ≤ 10 s)", f"{cold:.2f}", f"{warm:.2f}")
        elif name == "peak MB":
            table.add_row("peak resident memory, MB", f"{cold:,.0f}", f"{warm:,.0f}")
        else:
            table.add_row(name, f"{cold:.2f}", f"{warm:.2f}")
    Console().print(table)


if __name__ == "__main__":
    main()
