"""`python -m dyadscope.eval question`: reading exam questions against `training/exam/questions.jsonl`.

Each question is read with `read_question` (the pipeline questions are read with: no parser) and compared with its
labels, separately for the data card's two splits: TUNE (the PAK-USA questions, which rules may be tuned on) and
MEASURE (every other pair, only ever measured); and DEV, the questions of `training/exam/reading_dev.jsonl`
(64 questions on 24 other pairs, labelled for frames and variables only, written after the reading rules to tune
them on pairs other than Pakistan–US; see the data card). Scored:

* pair: the share whose pair of states is read as labelled;
* directive: the share read as labelled ("trace the evolution" is the directive `trace`);
* frame start and end: the share within 31 days of the label, an open side (or no frame) matching only an open
  side (or no frame);
* variables: recall (a labelled variable is found when it shares a content word with a read one) and precision
  (a read variable is right when it shares a content word with a labelled one), over all variables of the split.

`--rows` also lists the TUNE and DEV questions as read; MEASURE questions are never listed, so that their numbers stay a
measurement (training/exam/DATA_CARD.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from spacy.lang.en.stop_words import STOP_WORDS

from dyadscope.ask.question import Question, read_question
from dyadscope.eval.labelled import REPO
from dyadscope.pipeline import Pipeline

QUESTIONS = REPO / "training" / "exam" / "questions.jsonl"
READING_DEV = REPO / "training" / "exam" / "reading_dev.jsonl"
TUNE_PAIR = ("PAK", "USA")
DAYS = 31
SAME_DIRECTIVE = {"trace the evolution": "trace"}


@dataclass(frozen=True, slots=True)
class ExamQuestion:
    id: str
    split: str  # TUNE | MEASURE | DEV
    text: str
    directive: str
    start: date | None
    end: date | None
    variables: tuple[str, ...]
    pair: tuple[str, ...] = ()


def _day(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def load_exam_questions(path: Path = QUESTIONS, split: str | None = None) -> list[ExamQuestion]:
    """The labelled questions of `path`, each in its split (`split` for all of them, when given)."""
    rows: list[ExamQuestion] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row: dict[str, Any] = json.loads(line)
        frame = row.get("frame") or {}
        directive = str(row["directive"])
        rows.append(
            ExamQuestion(
                str(row["id"]),
                split or ("TUNE" if tuple(row["pair"]) == TUNE_PAIR else "MEASURE"),
                str(row["question"]),
                SAME_DIRECTIVE.get(directive, directive),
                _day(frame.get("start")),
                _day(frame.get("end")),
                tuple(str(v) for v in row.get("variables") or ()),
                tuple(sorted(str(c) for c in row.get("pair") or ())),
            )
        )
    return rows


def content_words(phrase: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", phrase.lower()) if w not in STOP_WORDS}


def near(read: date | None, gold: date | None) -> bool:
    if read is None or gold is None:
        return read is gold
    return abs((read - gold).days) <= DAYS


@dataclass(slots=True)
class Score:
    questions: int = 0
    pair: int = 0
    directive: int = 0
    start: int = 0
    end: int = 0
    gold_variables: int = 0
    found: int = 0
    read_variables: int = 0
    right: int = 0

    def add(self, gold: ExamQuestion, q: Question) -> None:
        self.questions += 1
        self.pair += q.dyad == gold.pair
        self.directive += q.directive == gold.directive
        self.start += near(q.frame_start, gold.start)
        self.end += near(q.frame_end, gold.end)
        golds, reads = [content_words(v) for v in gold.variables], [content_words(v) for v in q.variables]
        self.gold_variables += len(golds)
        self.found += sum(any(g & r for r in reads) for g in golds)
        self.read_variables += len(reads)
        self.right += sum(any(r & g for g in golds) for r in reads)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "–"


def score(
    rows: Sequence[ExamQuestion], pipeline: Pipeline
) -> tuple[dict[str, Score], list[tuple[ExamQuestion, Question]]]:
    scores = {"TUNE": Score(), "MEASURE": Score(), "DEV": Score()}
    read: list[tuple[ExamQuestion, Question]] = []
    for gold in rows:
        q = read_question(gold.text, pipeline)
        scores[gold.split].add(gold, q)
        read.append((gold, q))
    return scores, read


def evaluate_questions(console: Console, rows_too: bool = False, path: Path = QUESTIONS) -> dict[str, Score]:
    pipeline = Pipeline(upto="dyadscope_dates", parser=False)  # as `KnowledgeBase.reader` reads questions
    rows = load_exam_questions(path) + (load_exam_questions(READING_DEV, "DEV") if READING_DEV.exists() else [])
    scores, read = score(rows, pipeline)
    table = Table(title=f"Reading exam questions ({path.relative_to(REPO) if path.is_relative_to(REPO) else path})")
    for column in ("split", "questions", "pair", "directive", f"frame start ±{DAYS} d", f"frame end ±{DAYS} d",
                   "variable recall", "variable precision"):  # fmt: skip
        table.add_column(column)
    for split, s in scores.items():
        if not s.questions:
            continue
        table.add_row(
            split,
            str(s.questions),
            _share(s.pair, s.questions),
            _share(s.directive, s.questions),
            _share(s.start, s.questions),
            _share(s.end, s.questions),
            _share(s.found, s.gold_variables),
            _share(s.right, s.read_variables),
        )
    console.print(table)
    if rows_too:
        for gold, q in read:
            if gold.split != "MEASURE":
                console.print(f"{gold.id} {q.describe()}", markup=False)
                frame = f"{gold.start} – {gold.end}" if gold.start or gold.end else "none"
                console.print(f"      gold: {gold.directive} · {frame} · {', '.join(gold.variables)}", markup=False)
    return scores
