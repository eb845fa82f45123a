"""Benchmark: how long the command line takes to start, beside the Python interpreter alone.

    python benchmarks/bench_startup.py [--runs 7]

Each command runs in a fresh process, as a user's would; the table gives the median and the best wall time of
`--runs` runs and the ratio to starting Python with nothing imported (the baseline, run side by side). The
issue's target: `dyadscope --help` under 0.5 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

from rich.console import Console
from rich.table import Table

COMMANDS = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "import dyadscope": [sys.executable, "-c", "import dyadscope"],
    "dyadscope --help": [shutil.which("dyadscope") or "dyadscope", "--help"],
    "dyadscope events --help": [shutil.which("dyadscope") or "dyadscope", "events", "--help"],
    'dyadscope dates "the 1990s"': [shutil.which("dyadscope") or "dyadscope", "dates", "the 1990s"],
}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
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
