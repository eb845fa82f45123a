"""Benchmark: peak memory and time to ingest one large document, by its size.

    python benchmarks/bench_memory.py [--sizes 1,20,200] [--workdir /tmp/dyadscope-bench-memory]

Each size is one plain-text document made by repeating the bundled sample corpus's paragraphs (with the
years shifted, so sentences differ) until it holds that many megabytes of text. Each is ingested by
`dyadscope ingest FILE --db NEW.db` in a fresh process, as a user would run it; the table gives its wall
time, its peak resident memory (the child's `ru_maxrss`), memory per megabyte of text, and what the command
said. The baseline, run side by side, is the same command on a one-paragraph document: what loading the
program and its models costs before any text.

A document over the reader's limit (10 million characters; `dyadscope.ingest.readers.MAX_TEXT_CHARS`) is
refused in one line before it is processed, so memory stays at the baseline whatever the file's size; below
the limit memory grows with the document's spaCy `Doc`, its sentences and its events, while the parses and
candidates are kept for a window of 1,000 sentences at a time (`dyadscope.pipeline.WINDOW`).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table

DYADSCOPE = str(Path(sys.executable).with_name("dyadscope"))
MB = 1024 * 1024


def paragraphs() -> list[str]:
    sample = resources.files("dyadscope") / "data" / "sample"
    found: list[str] = []
    for name in ("pakistan-united-states.md", "india-china.md"):
        text = (sample / name).read_text(encoding="utf-8")
        found += [p.strip() for p in text.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]
    return found


def make_document(path: Path, megabytes: float) -> int:
    """Write a document of about `megabytes` MB of text; return its size in bytes."""
    source = paragraphs()
    target = int(megabytes * MB)
    written = 0
    shift = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            for paragraph in source:
                moved = re.sub(r"\b(1[89]\d\d|20[0-2]\d)\b", lambda m, s=shift: str(int(m.group()) + s % 7), paragraph)
                chunk = moved + "\n\n"
                out.write(chunk)
                written += len(chunk.encode("utf-8"))
                if written >= target:
                    break
            shift += 1
    return path.stat().st_size


def ingest(path: Path, workdir: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and the last line the command printed."""
    db = workdir / f"{path.stem}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    command = [DYADSCOPE, "ingest", str(path), "--db", str(db)]
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: one ingest, alone, so its ru_maxrss is its own
        devnull = os.open(os.devnull, os.O_WRONLY)
        log = os.open(str(workdir / f"{path.stem}.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(devnull, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.execv(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    said = (workdir / f"{path.stem}.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
    outcome = next((line.strip() for line in said if "added" in line or "failed" in line or "refused" in line), "")
    if os.waitstatus_to_exitcode(status) not in (0, 1, 2):
        outcome = f"exit {os.waitstatus_to_exitcode(status)}: {outcome}"
    outcome = " ".join((outcome or (said[-1] if said else "")).replace(str(path), path.name).split())
    return seconds, usage.ru_maxrss / 1024, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1,20,200", help="document sizes in MB, comma-separated")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "dyadscope-bench-memory")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    baseline_doc = args.workdir / "baseline.txt"
    baseline_doc.write_text(paragraphs()[0] + "\n", encoding="utf-8")
    base_seconds, base_rss, base_said = ingest(baseline_doc, args.workdir)
    rows.append(("baseline: one paragraph", baseline_doc.stat().st_size, base_seconds, base_rss, base_said))
    for size in (float(s) for s in args.sizes.split(",")):
        document = args.workdir / f"document-{size:g}MB.txt"
        if not document.exists() or abs(document.stat().st_size - size * MB) > MB:
            make_document(document, size)
        seconds, rss, said = ingest(document, args.workdir)
        rows.append((f"{size:g} MB document", document.stat().st_size, seconds, rss, said))
    table = Table(title="Ingesting one document: wall time and peak memory (fresh process each)")
    for column in ("document", "bytes", "seconds", "peak RSS MB", "RSS over baseline MB", "× baseline", "said"):
        table.add_column(column, justify="left" if column in ("document", "said") else "right", overflow="fold")
    for name, size, seconds, rss, said in rows:
        table.add_row(
            name, f"{size:,}", f"{seconds:.1f}", f"{rss:,.0f}", f"{rss - base_rss:,.0f}", f"{rss / base_rss:.2f}",
            said[:100],
        )  # fmt: skip
    Console(width=170).print(table)
    print(f"(children's peak RSS as the kernel reports it; this process: {_self_rss():.0f} MB)")


def _self_rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
