"""`python -m dyadscope.eval index`: the relationship index against historians' readings, pair by pair.

What is measured: for each of eleven pairs, the team's reference history of the pair
(`training/histories/<PAIR>.md`, written without looking at any score) is ingested into one new store, and
the pair's yearly index is compared with an annotator's reading of the same pair from public histories
(`training/periods/readings.csv`: 12–16 periods a pair; `decades.csv`: one row a decade), each on the
−9..+9 scale. Pairs are split before use (`training/periods/SPLIT.md`): PAK-USA and GRC-TUR may be tuned
on; the other nine are only measured, and their rows are printed apart.

A pair includes its states' predecessors (the Soviet Union for Russia, `data/actors/successions.csv`), as
the readings do. A period's model score is the mean of the yearly scores inside it, weighted by each year's
events and by how much of the year the period covers; a period with no event has no score ("no evidence",
never "ordinary"). Per pair: coverage (periods with a score), Spearman ρ over the periods with a score, sign
agreement over the periods the reading calls clearly cooperative or clearly hostile (|score| ≥ 1), and
Spearman ρ over decades. Pooled rows put every period of a group's pairs in one ranking.

When `../shared` is beside the project, the Pakistan–US seeds and corpora are measured too, against seed
001's decade headings (`tests/data/decade_reading_001.yaml`) and against the number of official visits a
decade in the shared visits table (a measure of closeness, not a score: only its ranking is compared).
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from rich.console import Console
from rich.table import Table

from dyadscope.api import KnowledgeBase
from dyadscope.eval.development import REPO, decade_scores, spearman

PERIODS = REPO / "training" / "periods"
HISTORIES = REPO / "training" / "histories"
TUNE = ("PAK-USA", "GRC-TUR")  # as SPLIT.md fixes them
CLEAR = 1.0  # a reading this far from 0 is clearly cooperative or hostile; nearer is "ordinary"


@dataclass(frozen=True, slots=True)
class Reading:
    pair: str
    start: date
    end: date
    score: float


@dataclass(frozen=True, slots=True)
class PairScore:
    pair: str
    periods: int
    covered: int
    rho: float
    signs: tuple[int, int]  # agreeing, compared
    decade_rho: float
    decades: int
    scored: tuple[tuple[float, float], ...]  # (reading, model) for each period with evidence, for pooling


def readings(name: str) -> list[Reading]:
    """Rows of readings.csv or decades.csv (a bare year starts on 1 January and ends on 31 December)."""
    rows = []
    with (PERIODS / name).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append(Reading(row["pair"], _day(row["start"], False), _day(row["end"], True), float(row["score"])))
    return rows


def _day(text: str, last: bool) -> date:
    if len(text) == 4:
        return date(int(text), 12, 31) if last else date(int(text), 1, 1)
    return date.fromisoformat(text)


def period_score(index: pd.DataFrame, start: date, end: date) -> float | None:
    """Events- and overlap-weighted mean of the yearly scores inside [start, end]; None without events."""
    known = index.dropna(subset=["score"])
    first, last = np.datetime64(start, "D"), np.datetime64(end, "D")
    starts = known["start"].to_numpy(dtype="datetime64[D]")
    ends = known["end"].to_numpy(dtype="datetime64[D]")
    overlap = (np.minimum(ends, last) - np.maximum(starts, first)).astype(int) + 1
    share = np.clip(overlap, 0, None) / ((ends - starts).astype(int) + 1)
    weight = share * known["events"].to_numpy(dtype=float)
    if weight.sum() <= 0:
        return None
    return float(np.average(known["score"].to_numpy(dtype=float), weights=weight))


def score_pair(kb: KnowledgeBase, pair: str, periods: list[Reading], decades: list[Reading]) -> PairScore:
    """A pair's scores; its index includes its states' predecessors, as the readings do (`kb.index`)."""
    index = kb.index(pair, by="year")
    model = {r: period_score(index, r.start, r.end) for r in periods}
    scored = {r: s for r, s in model.items() if s is not None}
    rho, _ = spearman({i: r.score for i, r in enumerate(scored)}, dict(enumerate(scored.values())))
    clear = [(r.score, s) for r, s in scored.items() if abs(r.score) >= CLEAR]
    agree = sum(1 for reading, got in clear if np.sign(reading) == np.sign(got))
    by_decade = {r.start.year: period_score(index, r.start, r.end) for r in decades}
    decade_model = {d: s for d, s in by_decade.items() if s is not None}
    decade_rho, n_decades = spearman({r.start.year: r.score for r in decades}, decade_model)
    pairs = tuple((r.score, got) for r, got in scored.items())
    return PairScore(pair, len(periods), len(scored), rho, (agree, len(clear)), decade_rho, n_decades, pairs)


def pooled(scores: list[PairScore]) -> tuple[float, int]:
    """Spearman ρ over every scored period of these pairs in one ranking."""
    both = [p for s in scores for p in s.scored]
    return spearman(dict(enumerate(r for r, _ in both)), dict(enumerate(m for _, m in both)))


def _row(table: Table, s: PairScore) -> None:
    agree, compared = s.signs
    table.add_row(
        s.pair,
        f"{s.covered}/{s.periods}",
        _rho(s.rho),
        _share(agree, compared),
        _rho(s.decade_rho) + f" ({s.decades})",
    )


def _share(agree: int, compared: int) -> str:
    return f"{agree}/{compared}" + (f" ({agree / compared:.0%})" if compared else "")


def _rho(value: float) -> str:
    return "–" if value != value else f"{value:+.2f}"


@dataclass(frozen=True, slots=True)
class GroupScore:
    """A group's pooled scores: Spearman ρ over its scored periods, their number, signs agreeing of compared."""

    rho: float
    periods: int
    agree: int
    compared: int


def evaluate_pairs(console: Console) -> dict[str, GroupScore]:
    """Print the table; return the TUNE and MEASURE groups' pooled scores."""
    periods: dict[str, list[Reading]] = defaultdict(list)
    for r in readings("readings.csv"):
        periods[r.pair].append(r)
    decades: dict[str, list[Reading]] = defaultdict(list)
    for r in readings("decades.csv"):
        decades[r.pair].append(r)
    histories = sorted(HISTORIES.glob("*-*.md"))
    with tempfile.TemporaryDirectory() as tmp, KnowledgeBase(Path(tmp) / "histories.db") as kb:
        kb.ingest(histories)
        table = Table(title="The yearly index against historians' period readings, one reference history a pair")
        for column in ("pair", "periods scored", "Spearman ρ, periods", "sign agrees (|reading| ≥ 1)", "ρ, decades"):
            table.add_column(column, justify="left" if column == "pair" else "right")
        groups = {"TUNE": [p for p in TUNE if p in periods], "MEASURE": sorted(set(periods) - set(TUNE))}
        result = {}
        for name, pairs in groups.items():
            scores = [score_pair(kb, pair, periods[pair], decades[pair]) for pair in pairs]
            for s in scores:
                _row(table, s)
            rho, n = pooled(scores)
            agree = sum(s.signs[0] for s in scores)
            compared = sum(s.signs[1] for s in scores)
            covered = sum(s.covered for s in scores)
            result[name] = GroupScore(rho, n, agree, compared)
            table.add_row(
                f"[bold]{name} pooled[/bold]",
                f"{covered}/{sum(s.periods for s in scores)}",
                f"{_rho(rho)} ({n})",
                _share(agree, compared),
                "",
                end_section=True,
            )
        console.print(table)
        coded = {pair: kb.counts(pair).listed for pair in sorted(periods)}
        console.print(
            "Events coded per pair (with predecessors): " + ", ".join(f"{p} {n}" for p, n in coded.items()),
            highlight=False,
        )
    return result


def evaluate_shared(shared: Path, data: Path, console: Console) -> None:
    """Pakistan–US from the seeds and the shared corpora: seed 001's decade headings and the visits table."""
    reading_file = yaml.safe_load((data / "decade_reading_001.yaml").read_text(encoding="utf-8"))
    headings = {int(k): float(v) for k, v in reading_file["decades"].items()}
    visits: Counter[int] = Counter()
    with (shared / "corpora" / "pak-usa-visits.tsv").open(encoding="utf-8") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        visits[int(row["start_date"][:3]) * 10] += 1
    table = Table(title="PAK-USA decade index from the shared texts (TUNE pair)")
    for column in ("documents", "ρ vs seed 001's headings", "ρ vs official visits a decade"):
        table.add_column(column, justify="left" if column == "documents" else "right")
    for name, folders in (
        ("seeds", [shared / "seeds"]),
        ("shared corpora", [shared / "corpora" / "pak-usa"]),
    ):
        scores = decade_scores(folders, ("PAK", "USA"))
        by_heading, n_heading = spearman(headings, scores)
        by_visits, n_visits = spearman({d: float(v) for d, v in visits.items()}, scores)
        table.add_row(name, f"{_rho(by_heading)} ({n_heading})", f"{_rho(by_visits)} ({n_visits})")
    console.print(table)


def evaluate_index(args: argparse.Namespace, console: Console) -> None:
    evaluate_pairs(console)
    if (args.shared / "seeds").is_dir():
        evaluate_shared(args.shared, args.data, console)
    else:
        console.print(f"({args.shared} is not there: the Pakistan–US rows from the shared texts are left out)")
