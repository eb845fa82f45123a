"""Development sets: data that was looked at while the coder and the index were built.

Key events from the seed documents and the shared corpora (recall, and precision against the list, a lower
bound: the lists are not exhaustive), 80 hand-annotated corpus sentences, and the PAK-USA decade index against a
reading of seed 001's decade headings. Printed by `python -m dyadscope.eval events` and `... index`.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from dyadscope.api import KnowledgeBase
from dyadscope.models import Event
from dyadscope.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True, slots=True)
class Score:
    name: str
    gold: int  # items the text can prove (for key events: those whose year the documents state)
    found: int
    predicted: int
    correct: int

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0


def _sign(event: Event) -> str:
    return "+" if event.intensity > 0 else "-" if event.intensity < 0 else "0"


def _year_ok(event: Event, year: int) -> bool:
    d = event.date
    return d is not None and d.start.year <= year <= d.end.year and d.end.year - d.start.year <= 2


def matches(event: Event, item: dict[str, Any], *, keywords: bool = True) -> bool:
    """A predicted event proves a gold item: same actors, year, sign, document and wording."""
    codes = set(str(item["dyad"]).split("-"))
    if set(event.source) | set(event.target) != codes or _sign(event) != item["sign"]:
        return False
    if not _year_ok(event, int(item["year"])) or str(item["doc"]) not in event.evidence.doc:
        return False
    text = event.evidence.text.lower()
    return not keywords or any(k.lower() in text for k in item.get("keywords", []))


def score_key_events(name: str, events: Sequence[Event], gold: Sequence[dict[str, Any]]) -> Score:
    """Recall over the items whose year the documents state; precision over all list items."""
    real = [e for e in events if not e.negated and not e.hypothetical]
    stated = [item for item in gold if item.get("stated_year", True)]
    found = sum(any(matches(e, item) for e in real) for item in stated)
    dyads = {str(item["dyad"]) for item in gold}
    docs = {str(item["doc"]) for item in gold}
    candidates = [
        e
        for e in real
        if e.dyad in dyads
        and any(d in e.evidence.doc for d in docs)
        and e.date is not None
        and e.date.end.year - e.date.start.year <= 2
    ]
    correct = sum(any(matches(e, item, keywords=False) for item in gold) for e in candidates)
    return Score(
        f"{name} ({len(gold) - len(stated)} more with no year in the text)",
        len(stated),
        found,
        len(candidates),
        correct,
    )


def corpus_files(folder: Path) -> list[Path]:
    """The documents of a shared folder; its README describes them and is not one of them."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != "README.md")


def ingest_events(folders: Iterable[Path]) -> list[Event]:
    with tempfile.TemporaryDirectory() as tmp, KnowledgeBase(Path(tmp) / "eval.db") as kb:
        kb.ingest([f for folder in folders for f in corpus_files(folder)])
        return list(kb.events(include_negated=True))


def score_sentences(pipeline: Pipeline, rows: Sequence[dict[str, Any]]) -> tuple[Score, Score]:
    """Directed (source, target, type) and undirected (dyad, sign) micro scores."""
    strict = [0, 0, 0]  # gold, predicted, correct
    loose = [0, 0, 0]
    for row in rows:
        predicted = [e for e in pipeline.code_text(row["text"]) if not e.negated]
        gold_strict = {(tuple(g["source"]), tuple(g["target"]), g["type"]) for g in row["events"]}
        pred_strict = {(tuple(e.source), tuple(e.target), e.type) for e in predicted}
        gold_loose = {("-".join(sorted([*g["source"][:1], *g["target"][:1]])), g["sign"]) for g in row["events"]}
        pred_loose = {(e.dyad, _sign(e)) for e in predicted}
        for acc, gold, pred in ((strict, gold_strict, pred_strict), (loose, gold_loose, pred_loose)):
            acc[0] += len(gold)
            acc[1] += len(pred)
            acc[2] += len(gold & pred)
    return (
        Score("sentences: source→target+type", strict[0], strict[2], strict[1], strict[2]),
        Score("sentences: dyad+sign", loose[0], loose[2], loose[1], loose[2]),
    )


def decade_scores(folders: Iterable[Path], dyad: tuple[str, str]) -> dict[int, float]:
    """Decade index scores of a dyad from the events extracted from some folders."""
    with tempfile.TemporaryDirectory() as tmp, KnowledgeBase(Path(tmp) / "eval.db") as kb:
        kb.ingest([f for folder in folders for f in corpus_files(folder)])
        index = kb.index(dyad, by="decade")
    known = index.dropna(subset=["score"])
    return dict(zip(known["start"].dt.year.astype(int), known["score"].astype(float), strict=True))


def spearman(reading: dict[int, float], scores: dict[int, float]) -> tuple[float, int]:
    """Rank correlation over the decades both have (ties get average ranks)."""
    import pandas as pd

    common = sorted(set(reading) & set(scores))
    if len(common) < 3:
        return float("nan"), len(common)
    a = pd.Series([reading[d] for d in common]).rank()
    b = pd.Series([scores[d] for d in common]).rank()
    return float(a.corr(b)), len(common)


def evaluate_development(args: argparse.Namespace, console: Console) -> None:
    seeds = yaml.safe_load((args.data / "gold_seed_events.yaml").read_text(encoding="utf-8"))
    corpora = yaml.safe_load((args.data / "gold_corpora_events.yaml").read_text(encoding="utf-8"))
    seed_events = ingest_events([args.shared / "seeds"])
    corpus_events = ingest_events([args.shared / "corpora" / "pak-usa"])
    scores = [
        score_key_events("seed key events (issue list)", seed_events, seeds),
        score_key_events("shared corpora key events", corpus_events, corpora),
    ]
    pipeline = Pipeline()
    rows = [json.loads(line) for line in (args.data / "gold_sentences.jsonl").read_text().splitlines() if line]
    scores.extend(score_sentences(pipeline, rows))
    table = Table(title="Development sets (looked at while building)")
    for column in ("evaluation", "gold", "found", "recall", "predicted", "correct", "precision"):
        table.add_column(column, justify="left" if column == "evaluation" else "right")
    for s in scores:
        table.add_row(
            s.name,
            str(s.gold),
            str(s.found),
            f"{s.recall:.2f}",
            str(s.predicted),
            str(s.correct),
            f"{s.precision:.2f}",
        )
    console.print(table)
    missed = [
        item["id"] for item in seeds if item.get("stated_year", True) and not any(matches(e, item) for e in seed_events)
    ]
    console.print(f"seed key events missed: {', '.join(missed) or 'none'}")
