"""Retrieval evaluation on the question set (tests/data/questions.yaml): `python -m dyadscope.eval ask`.

For each question, the retriever's top 5 sentences are compared with its answer sentences: those
the question's author marked (written from the documents before the retriever existed), plus those
found by pooled judging (TREC-style: the three rankers' top 5 sentences judged blind against a written
rule, docs/evaluation.md). Printed per ranker (hybrid, BM25 only, dense only) and per split: questions
are split by a hash of their id into a development half (looked at while tuning) and a test half (only
ever printed).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from dyadscope.api import KnowledgeBase
from dyadscope.ask.retrieve import Hit
from dyadscope.ingest.normalize import normalize_text

MODES = ("hybrid", "bm25", "dense")
K = 5


@dataclass(frozen=True, slots=True)
class Gold:
    id: str
    question: str
    split: str  # dev | test
    answers: tuple[tuple[str, str], ...]  # (file name, quote), the author's first
    marked: int  # how many of them the author marked (the rest were added by pooled judging)


def split_of(qid: str) -> str:
    return "dev" if int(hashlib.sha256(qid.encode()).hexdigest(), 16) % 2 == 0 else "test"


def load_questions(data: Path, shared: Path) -> list[Gold]:
    """The questions with their answer quotes; seed answers are read from ../shared by offset."""
    seeds = {p.name: p.read_text(encoding="utf-8") for p in (shared / "seeds").glob("0*.txt")}
    items: list[dict[str, Any]] = yaml.safe_load((data / "questions.yaml").read_text(encoding="utf-8"))
    golds = []
    for item in items:
        answers = []
        for a in sorted(item["answers"], key=lambda a: bool(a.get("pooled"))):
            quote = a.get("quote") or seeds[a["doc"]][a["at"] : a["at"] + a["chars"]]
            answers.append((str(a["doc"]), str(quote)))
        marked = sum(not a.get("pooled") for a in item["answers"])
        golds.append(Gold(item["id"], item["question"], split_of(item["id"]), tuple(answers), marked))
    return golds


def _canon(text: str) -> str:
    return " ".join(normalize_text(text).lower().split())


def is_answer(hit: Hit, answers: Sequence[tuple[str, str]]) -> bool:
    """The hit is from an answer's document and holds (most of) its quote: sentence splits may differ."""
    sentence = _canon(hit.sentence.text)
    for doc, quote in answers:
        if Path(hit.sentence.doc).name != doc:
            continue
        q = _canon(quote)
        if q in sentence:
            return True
        match = SequenceMatcher(None, q, sentence, autojunk=False).find_longest_match()
        if match.size >= 0.6 * len(q):
            return True
    return False


@dataclass(slots=True)
class Tally:
    questions: int = 0
    hit: int = 0  # at least one answer sentence in the top K
    found: int = 0  # answer quotes found in the top K
    quotes: int = 0
    reciprocal: float = 0.0

    def add(self, hits: Sequence[Hit], answers: Sequence[tuple[str, str]]) -> None:
        self.questions += 1
        flags = [is_answer(h, answers) for h in hits]
        self.hit += any(flags[:K])
        first = next((rank for rank, ok in enumerate(flags, 1) if ok), None)
        self.reciprocal += 1 / first if first else 0.0
        self.quotes += len(answers)
        self.found += sum(any(is_answer(h, [a]) for h in hits[:K]) for a in answers)


def corpus(shared: Path) -> list[Path]:
    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    files = sorted((shared / "seeds").glob("0*.txt")) + sorted((shared / "corpora" / "pak-usa").glob("*.txt"))
    return files + sorted(p for p in sample.glob("*.md") if p.name != "README.md")


def evaluate_ask(data: Path, shared: Path, console: Console) -> dict[tuple[str, str], Tally]:
    golds = load_questions(data, shared)
    tallies = {(mode, split): Tally() for mode in MODES for split in ("dev", "test", "all")}
    marked_only = Tally()  # hybrid against the author's marks alone, as before pooling
    with tempfile.TemporaryDirectory() as tmp, KnowledgeBase(Path(tmp) / "eval.db") as kb:
        kb.ingest(corpus(shared))
        supported = {True: [0, 0], False: [0, 0]}  # answerable? → [questions, answered as supported]
        for gold in golds:
            answer = kb.ask(gold.question)
            supported[bool(gold.answers)][0] += 1
            supported[bool(gold.answers)][1] += answer.supported
            if not gold.answers:
                continue
            for mode in MODES:
                hits = kb.search(gold.question, k=10, mode=mode)
                tallies[(mode, gold.split)].add(hits, gold.answers)
                tallies[(mode, "all")].add(hits, gold.answers)
                if mode == "hybrid":
                    marked_only.add(hits, gold.answers[: gold.marked])
    table = Table(title=f"retrieval on {len(golds)} questions (answerable ones scored; top {K})")
    for column in ("ranker", "split", "questions", f"recall@{K}", f"answer recall@{K}", "MRR@10"):
        table.add_column(column, justify="left" if column in ("ranker", "split") else "right")
    for (mode, split), t in tallies.items():
        table.add_row(
            mode,
            split,
            str(t.questions),
            f"{t.hit / max(t.questions, 1):.2f}",
            f"{t.found / max(t.quotes, 1):.2f}",
            f"{t.reciprocal / max(t.questions, 1):.2f}",
        )
    console.print(table)
    console.print(
        f"recall@{K}: share of questions with at least one answer sentence in the top {K} (as in DPR's top-k "
        f"accuracy); answer recall@{K}: share of all answer sentences found there."
    )
    pooled = sum(len(g.answers) - g.marked for g in golds)
    console.print(
        f"{pooled} of the answers were added by pooled judging; against the author's marks alone, hybrid "
        f"recall@{K} is {marked_only.hit / max(marked_only.questions, 1):.2f} and MRR@10 "
        f"{marked_only.reciprocal / max(marked_only.questions, 1):.2f}."
    )
    answerable, unanswerable = supported[True], supported[False]
    console.print(
        f"ask: {answerable[1]} of {answerable[0]} answerable questions answered; "
        f"{unanswerable[0] - unanswerable[1]} of {unanswerable[0]} unanswerable ones reported as not found."
    )
    return tallies
