"""`python -m dyadscope.eval kinds`: the document-kind detector on the team's labelled documents.

`training/kinds/` holds 84 short documents the team wrote, 12 of each kind, about sixteen pairs other than
Pakistan–US (see its README). Files whose number ends in 0, 1 or 2 are the TUNE split, the only ones looked at
while writing the cues; the rest are MEASURE only. Each is read as `dyadscope ingest` reads it and its kind
detected from the text (the file name says nothing of it); accuracy and the confusions are printed for each
split apart.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dyadscope.eval.development import REPO
from dyadscope.ingest import read_document
from dyadscope.models import DOCUMENT_KINDS
from dyadscope.nlp.kinds import detect_kind

KINDS_DIR = REPO / "training" / "kinds"


def split_of(name: str) -> str:
    """TUNE for d…0, d…1, d…2 (README of training/kinds), MEASURE otherwise."""
    number = int("".join(c for c in Path(name).stem if c.isdigit()))
    return "TUNE" if number % 10 in (0, 1, 2) else "MEASURE"


@dataclass(slots=True)
class KindScore:
    documents: int = 0
    right: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    per_kind: Counter[str] = field(default_factory=Counter)
    per_kind_right: Counter[str] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        return self.right / self.documents if self.documents else 0.0


def score_kinds(folder: Path = KINDS_DIR) -> dict[str, KindScore]:
    scores = {"TUNE": KindScore(), "MEASURE": KindScore()}
    with (folder / "labels.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found = detect_kind(read_document(folder / "docs" / row["file"])).kind
            score = scores[split_of(row["file"])]
            score.documents += 1
            score.per_kind[row["kind"]] += 1
            if found == row["kind"]:
                score.right += 1
                score.per_kind_right[row["kind"]] += 1
            else:
                score.confusion[row["kind"], found] += 1
    return scores


def evaluate_kinds(console: Console, folder: Path = KINDS_DIR) -> dict[str, KindScore]:
    scores = score_kinds(folder)
    table = Table(title="Document kinds detected from the text (training/kinds)")
    table.add_column("split")
    table.add_column("documents", justify="right")
    table.add_column("accuracy", justify="right")
    for kind in DOCUMENT_KINDS:
        table.add_column(kind, justify="right")
    for name, score in scores.items():
        per_kind = [f"{score.per_kind_right[k]}/{score.per_kind[k]}" for k in DOCUMENT_KINDS]
        table.add_row(name, str(score.documents), f"{score.accuracy:.2f}", *per_kind)
    console.print(table)
    for name, score in scores.items():
        top = ", ".join(f"{g}→{p} {n}" for (g, p), n in score.confusion.most_common(6)) or "none"
        console.print(f"{name} confusions (labelled → detected): {top}")
    console.print("Majority baseline: 0.14 (12 documents of each of the 7 kinds).")
    return scores
