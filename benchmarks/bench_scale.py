"""Benchmark: ingest throughput with 1 and 2 worker processes and on a 2-worker Dask LocalCluster, the scaling
efficiency, and memory per worker.

    python benchmarks/bench_scale.py [--documents 48] [--sentences 60] [--workers 1,2] [--cluster 2] [--workdir DIR]

The corpus is generated once (seeded, so every run reads the same text): `--documents` news-like documents
of about `--sentences` sentences each, every one about one pair of states other than Pakistan and the US
(Greece–Turkey, China–India, Ethiopia–Eritrea, Russia–Ukraine, Japan–South Korea, Egypt–Israel), with
dated meetings, agreements, protests, sanctions, clashes and aid. Each worker count is measured in a fresh
process (`--run`, as a user runs `dyadscope ingest --workers N`) that ingests the whole corpus into a new
store: its wall time includes starting the workers and loading their models, as a user waits for it.
`--cluster N` adds a run of `dyadscope ingest --dask local --workers N` (a `distributed.LocalCluster` of N
one-thread worker processes; 0: none), the same work through Dask's scheduler.

The table gives seconds, stored sentences per second, the speed-up over the first row, the efficiency
(speed-up / workers), the cores the run kept busy on average (CPU seconds of the run and its workers / wall
seconds: on a machine shared with other jobs, fewer than the workers), and the peak resident memory of one
worker (with 1, the one process, which also writes; with more, the largest worker process: `ru_maxrss` of
the children) and of the writer. Every run must store the same number of sentences and events, or the
benchmark says so. A control row gives what the machine itself allows: the corpus cut in N parts (N the most
workers asked for), each ingested by its own one-process run, all started together; on a machine whose cores
slow each other down (shared caches, a virtual machine's neighbours), N workers cannot beat it.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

PAIRS = [
    ("Greece", "Turkey", "Athens", "Ankara", "Greek", "Turkish"),
    ("China", "India", "Beijing", "New Delhi", "Chinese", "Indian"),
    ("Ethiopia", "Eritrea", "Addis Ababa", "Asmara", "Ethiopian", "Eritrean"),
    ("Russia", "Ukraine", "Moscow", "Kyiv", "Russian", "Ukrainian"),
    ("Japan", "South Korea", "Tokyo", "Seoul", "Japanese", "South Korean"),
    ("Egypt", "Israel", "Cairo", "Jerusalem", "Egyptian", "Israeli"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
TEMPLATES = [
    "On {day} {month} {year} {a} and {b} signed an agreement on trade and transit in {acap}.",
    "In {month} {year} the foreign ministers of {a} and {b} met in {bcap} to discuss the disputed border.",
    "{a} accused {b} of violating the ceasefire on {day} {month} {year}.",
    "The {adj_a} government protested in {month} {year} after {b} detained two of its fishermen.",
    "In {year} {b} imposed sanctions on {adj_a} companies accused of smuggling arms.",
    "{adj_b} troops clashed with {adj_a} forces near the frontier in {month} {year}, and three soldiers were killed.",
    "On {day} {month} {year} {a} recalled its ambassador from {bcap} for consultations.",
    "{a} promised {b} emergency food aid after the floods of {month} {year}.",
    "The two governments agreed in {month} {year} to reopen the railway between {acap} and {bcap}.",
    "In {month} {year} {b} expelled three {adj_a} diplomats, and {a} answered in kind a week later.",
    "The leaders of {a} and {b} held a summit in {acap} on {day} {month} {year} and issued a joint declaration.",
    "{adj_a} officials said the talks with {b} in {year} had made little progress on water sharing.",
    "{b} threatened in {month} {year} to close its airspace to {adj_a} airlines.",
    "A trade delegation from {a} visited {bcap} in {month} {year} to negotiate lower tariffs.",
    "In {year} {a} and {b} exchanged prisoners under an agreement brokered by the United Nations.",
    "Analysts in {acap} expected relations with {b} to improve after the elections of {year}.",
    "{a} rejected a proposal from {b} in {month} {year} to hold a referendum in the disputed province.",
    "Naval vessels from {a} and {b} held joint exercises in {month} {year} for the first time.",
    "The parliament of {b} condemned {adj_a} military flights over its islands in {month} {year}.",
    "Both countries announced on {day} {month} {year} that they would restore full diplomatic relations.",
]


def make_corpus(folder: Path, documents: int, sentences: int, seed: int = 7) -> int:
    """Write the corpus; return how many sentences its bodies hold (headings aside)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for n in range(documents):
        a, b, acap, bcap, adj_a, adj_b = PAIRS[n % len(PAIRS)]
        if rng.random() < 0.5:
            a, b, acap, bcap, adj_a, adj_b = b, a, bcap, acap, adj_b, adj_a
        lines = [f"# {a} and {b}: a chronicle, part {n + 1}", ""]  # the title, then paragraphs of six sentences
        for i in range(sentences):
            year = rng.randint(1960, 2023)
            fields = {"a": a, "b": b, "acap": acap, "bcap": bcap, "adj_a": adj_a, "adj_b": adj_b, "year": year,
                      "month": rng.choice(MONTHS), "day": rng.randint(1, 28)}  # fmt: skip
            lines.append(rng.choice(TEMPLATES).format(**fields))
            lines.append("\n\n" if i % 6 == 5 else " ")
            total += 1
        name = f"{n:03d}-{a.lower()}-{b.lower()}.md".replace(" ", "-")
        (folder / name).write_text(lines[0] + "\n\n" + "".join(lines[2:]).strip() + "\n", encoding="utf-8")
    return total


def run(corpus: Path, db: Path, workers: int, cluster: bool) -> dict[str, float]:
    """One measurement, in this (fresh) process."""
    import dyadscope
    from dyadscope.store.writing import StoreWriter

    # The single writer's own cost: every document passes through `StoreWriter.add` (one transaction), here, in
    # the process that writes; timed apart so that how many workers one writer can serve is measured, not guessed.
    writing = [0.0, 0]
    add = StoreWriter.add

    def timed_add(self: StoreWriter, processed: Any) -> Any:
        began = time.perf_counter()
        try:
            return add(self, processed)
        finally:
            writing[0] += time.perf_counter() - began
            writing[1] += 1

    StoreWriter.add = timed_add  # type: ignore[method-assign]
    started = time.perf_counter()
    with dyadscope.open(db) as kb:
        results = kb.ingest([corpus], workers=workers, dask="local" if cluster else None)
    seconds = time.perf_counter() - started
    mine, theirs = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    own, children = mine.ru_maxrss / 1024, theirs.ru_maxrss / 1024  # KiB on Linux
    cpu = mine.ru_utime + mine.ru_stime + theirs.ru_utime + theirs.ru_stime
    return {
        "cores": cpu / seconds,
        "seconds": seconds,
        "sentences": sum(r.sentences for r in results),
        "events": sum(r.events for r in results),
        "failed": sum(r.status == "failed" for r in results),
        "worker_mb": own if workers == 1 and not cluster else children,
        "writer_mb": own,
        "write_seconds": writing[0],
        "writes": writing[1],
    }


def side_by_side(corpus: Path, work: Path, parts: int) -> tuple[float, float]:
    """Seconds until the last of `parts` one-process ingests, one per part of the corpus, started together, and
    the sentences they stored."""
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    commands = []
    for part in range(parts):
        folder = work / f"control-{part}"
        if folder.exists():
            for old in folder.iterdir():
                old.unlink()
        folder.mkdir(exist_ok=True)
        for file in files[part::parts]:
            (folder / file.name).hardlink_to(file)
        db = work / f"control-{part}.db"
        db.unlink(missing_ok=True)
        commands.append([sys.executable, __file__, "--run", str(folder), str(db), "1", "processes"])
    started = time.perf_counter()
    running = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) for c in commands]
    sentences = 0.0
    for process in running:
        out, _ = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"a control ingest failed: {process.args}")
        sentences += json.loads(out.strip().splitlines()[-1])["sentences"]
    return time.perf_counter() - started, sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=48)
    parser.add_argument("--sentences", type=int, default=60)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--cluster", type=int, default=2, help="workers of a Dask LocalCluster run (0: none)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--run", nargs=4, metavar=("CORPUS", "DB", "WORKERS", "CLUSTER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        corpus, db, workers, cluster = args.run
        print(json.dumps(run(Path(corpus), Path(db), int(workers), cluster == "dask")))
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="dyadscope-bench-scale-"))
    corpus = work / "corpus"
    written = make_corpus(corpus, args.documents, args.sentences)
    console = Console(width=120)
    console.print(f"corpus: {args.documents} documents, {written} sentences in {corpus}")
    table = Table(title="dyadscope ingest --workers N, and --dask local")
    columns = (
        "run",
        "seconds",
        "sentences/s",
        "speed-up",
        "efficiency",
        "cores busy",
        "MB/worker",
        "writer MB",
        "writer s",
        "writer docs/s",
    )
    for column in columns:
        table.add_column(column, justify="right")
    base: float | None = None
    stored: set[tuple[float, float]] = set()
    runs = [(int(w), "processes") for w in args.workers.split(",")] + ([(args.cluster, "dask")] if args.cluster else [])
    for workers, how in runs:
        db = work / f"{how}-{workers}.db"
        db.unlink(missing_ok=True)
        command = [sys.executable, __file__, "--run", str(corpus), str(db), str(workers), how]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        measured = json.loads(done.stdout.strip().splitlines()[-1])
        rate = measured["sentences"] / measured["seconds"]
        base = base or rate / workers
        stored.add((measured["sentences"], measured["events"]))
        table.add_row(
            f"{workers} {'process' if workers == 1 else 'processes'}" if how == "processes" else f"Dask ×{workers}",
            f"{measured['seconds']:.1f}",
            f"{rate:.0f}",
            f"{rate / base:.2f}×",
            f"{rate / base / workers:.0%}",
            f"{measured['cores']:.2f}",
            f"{measured['worker_mb']:.0f}",
            f"{measured['writer_mb']:.0f}",
            f"{measured['write_seconds']:.2f}",
            f"{measured['writes'] / measured['write_seconds']:.0f}" if measured["write_seconds"] else "–",
        )
    most = max(int(w) for w in args.workers.split(","))
    if most > 1 and base:  # what the machine itself allows: independent one-process ingests side by side
        seconds, sentences_stored = side_by_side(corpus, work, most)
        rate = sentences_stored / seconds
        table.add_row(
            f"{most} × 1 (control)",
            f"{seconds:.1f}",
            f"{rate:.0f}",
            f"{rate / base:.2f}×",
            f"{rate / base / most:.0%}",
            *(["–"] * 5),
        )
    console.print(table)
    if most > 1:
        console.print(
            f"control: the corpus cut in {most} parts, each ingested by its own one-process `dyadscope ingest` into "
            "its own store, all started together (wall time to the last): the speed-up the machine allows "
            "independent processes, with nothing shared between them"
        )
    sentences, events = next(iter(stored))
    console.print(
        "writer s: time inside the writer's one-transaction-per-document store call; writer docs/s: documents one "
        "writer can commit a second at that cost, the ceiling on what any number of workers can feed it"
    )
    if len(stored) == 1:
        console.print(f"every run stored {sentences:.0f} sentences and {events:.0f} events")
    else:
        console.print(f"[red]the runs stored different counts: {sorted(stored)}[/red]")


if __name__ == "__main__":
    main()
