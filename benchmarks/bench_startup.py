"""Benchmark: how long the command line takes to start, beside the Python interpreter alone.

    python benchmarks/bench_startup.py [--runs 7] [--store STORE.db]

Each command runs in a fresh process, as a user's would; the table gives the median and the best wall time of
`--runs` runs and the ratio to starting Python with nothing imported (the baseline, run side by side). The
issue's targets: `dyadscope --help` under 0.5 s; `dyadscope ask` on a warm 1,000-document store under 2 s
end to end. With `--store`, `ask` runs against that store after one untimed run that builds its search
indexes (a 1,000-document store: `python benchmarks/bench_ask.py --sentences 500000` generates one under
its --workdir).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

DYADSCOPE = str(Path(sys.executable).with_name("dyadscope"))  # this environment's, on PATH or not
COMMANDS = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "import dyadscope": [sys.executable, "-c", "import dyadscope"],
    "dyadscope --help": [DYADSCOPE, "--help"],
    "dyadscope events --help": [DYADSCOPE, "events", "--help"],
    'dyadscope dates "the 1990s"': [DYADSCOPE, "dates", "the 1990s"],
}


QUESTION = "Why did relations between India and China deteriorate in the 1990s?"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--store", help="a store to time `dyadscope ask` on (warm: its indexes built first)")
    args = parser.parse_args()
    if args.store:
        ask = [DYADSCOPE, "ask", QUESTION, "--db", args.store]
        timed(ask)  # builds the store's search indexes once, as the first question on a new store does
        COMMANDS[f"dyadscope ask (warm store {args.store})"] = ask
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):  # interleaved, so a busy moment of the machine hits every command alike
        for name, command in COMMANDS.items():
            times[name].append(timed(command))
    baseline = statistics.median(times["python -c pass (baseline)"])
    table = Table(title=f"Start-up, {args.runs} runs each (wall time, seconds)")
    for column in ("command", "median s", "best s", "× python"):
        table.add_column(column, justify="left" if column == "command" else "right")
    for name, values in times.items():
        median = statistics.median(values)
        table.add_row(name, f"{median:.2f}", f"{min(values):.2f}", f"{median / baseline:.1f}")
    Console().print(table)


if __name__ == "__main__":
    main()
