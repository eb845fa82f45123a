"""Benchmark text normalisation speed: `python benchmarks/bench_normalize.py [--mb 8]`.

Baseline: a bare `unicodedata.normalize("NFC")` pass over the same text, the least any
normaliser must do, so the ratio shows what the repairs (quotes, dashes, hyphenation,
missing spaces) cost on top. CPU time, best of three.
"""

from __future__ import annotations

import argparse
import time
import unicodedata
from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from dyadscope.ingest.normalize import normalize_text

PARAGRAPH = (
    "On February 24, 2022, the Prime Minister’s visit to Moscow — criticised in Washington — drew "
    "“concern” from U.S. officials; aid of $7 billion (1990–2001) was discussed,as history.state.gov notes.\n\n"
)


def best_seconds(function: Callable[[str], str], text: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        function(text)
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=8)
    args = parser.parse_args()
    text = PARAGRAPH * int(args.mb * 1_000_000 // len(PARAGRAPH))
    base = best_seconds(lambda t: unicodedata.normalize("NFC", t), text)
    ours = best_seconds(normalize_text, text)
    table = Table(title=f"normalisation of {len(text) / 1e6:.1f} MB")
    for column in ("run", "seconds", "MB/s", "× baseline time"):
        table.add_column(column, justify="right")
    table.add_row("unicodedata NFC (baseline)", f"{base:.3f}", f"{len(text) / base / 1e6:,.0f}", "1.0")
    table.add_row("dyadscope normalize_text", f"{ours:.3f}", f"{len(text) / ours / 1e6:,.0f}", f"{ours / base:.1f}")
    Console().print(table)


if __name__ == "__main__":
    main()
