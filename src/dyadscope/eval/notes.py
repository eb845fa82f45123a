"""`python -m dyadscope.eval notes`: notes written for the exam questions of `training/exam`, TUNE and MEASURE apart.

For each question of `training/exam/questions.jsonl` whose pair has a reference history
(`training/histories/<PAIR>.md`), the history is ingested into a temporary store (one per pair, kept for the
run) and `KnowledgeBase.note` writes the note; so it does for the questions of `training/exam/reading_dev.jsonl`
(split DEV) whose pair has a history. Per split (the data card's: TUNE is PAK-USA, MEASURE every other pair; DEV
for tuning on other pairs), averaged over its notes:

* in frame: the share of a note's examples dated inside the question's labelled frame (questions with a frame);
* variables in headings: the share of the labelled variables whose content words all occur in one heading;
* support: the share of a note's examples whose citation supports them (`examples.supports`, the check the writer
  drops failing renderings by), and, as "told", the share of the events the writer read that it could tell;
* answer citations: citations of sentences from student answers (documents of kind `answer`), which must be 0;
* words: the note's words before its sources.

`--rows` also lists the TUNE and DEV notes; MEASURE rows are never listed, so that their numbers stay a measurement.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

import dyadscope
from dyadscope.api import KnowledgeBase
from dyadscope.ask.arguments import covers
from dyadscope.ask.examples import supports
from dyadscope.ask.note import Note
from dyadscope.eval.labelled import REPO
from dyadscope.eval.question import QUESTIONS, READING_DEV, ExamQuestion, content_words, load_exam_questions

HISTORIES = REPO / "training" / "histories"


def pair_of(path: Path, question_id: str) -> str:
    """The `pair` of a question, as its file gives it ("PAK-USA")."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and (row := json.loads(line))["id"] == question_id:
            return "-".join(row["pair"])
    raise KeyError(question_id)


@dataclass(slots=True)
class NoteScore:
    notes: int = 0
    framed: int = 0
    in_frame: float = 0.0
    variables: int = 0
    in_headings: int = 0
    examples: int = 0
    supported: int = 0
    told: int = 0
    tried: int = 0
    answer_citations: int = 0
    words: int = 0
    rows: list[str] = field(default_factory=list)

    def add(self, gold: ExamQuestion, note: Note, kinds: dict[str, str]) -> str:
        self.notes += 1
        examples = note.rendered
        share = "–"
        if gold.start is not None or gold.end is not None:
            frame = (gold.start, gold.end)
            inside = sum(covers(x.date.start, x.date.end, frame) for x in examples)
            if examples:
                self.framed += 1
                self.in_frame += inside / len(examples)
                share = f"{inside}/{len(examples)}"
        headings = [set(re.findall(r"[a-z0-9]+", h.lower())) for h in note.outline]
        found = [v for v in gold.variables if any(content_words(v) <= h for h in headings)]
        self.variables += len(gold.variables)
        self.in_headings += len(found)
        self.examples += len(examples)
        self.supported += sum(supports(x) for x in examples)
        self.told += note.examples_told
        self.tried += note.examples_tried
        answers = sum(kinds.get(c.doc) == "answer" for c in note.citations())
        self.answer_citations += answers
        words = len(note.to_markdown().split("## Sources")[0].split())
        self.words += words
        return (
            f"{gold.id} {note.directive or gold.directive}: examples in frame {share}, variables in headings "
            f"{len(found)}/{len(gold.variables)}, examples {len(examples)}, words {words}, answer citations {answers}"
        )


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.2f}" if whole else "–"


def stores(pairs: list[str], folder: Path) -> Iterator[tuple[str, KnowledgeBase]]:
    """A store per pair holding its reference history, opened once and kept for the run."""
    with ExitStack() as stack:
        for pair in pairs:
            kb = stack.enter_context(dyadscope.open(folder / f"{pair}.db"))
            kb.ingest([HISTORIES / f"{pair}.md"])
            yield pair, kb


def evaluate_notes(
    console: Console,
    rows_too: bool = False,
    path: Path = QUESTIONS,
    splits: tuple[str, ...] = ("TUNE", "MEASURE", "DEV"),
) -> dict[str, NoteScore]:
    started = time.perf_counter()
    questions = [(q, pair_of(path, q.id)) for q in load_exam_questions(path)]
    if "DEV" in splits and READING_DEV.is_file():
        questions += [(q, pair_of(READING_DEV, q.id)) for q in load_exam_questions(READING_DEV, "DEV")]
    questions = [(q, pair) for q, pair in questions if (HISTORIES / f"{pair}.md").is_file() and q.split in splits]
    scores = {"TUNE": NoteScore(), "MEASURE": NoteScore(), "DEV": NoteScore()}
    listed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dyadscope-notes-") as tmp:
        for pair, kb in stores(sorted({pair for _, pair in questions}), Path(tmp)):
            kinds = {str(d["path"]): str(d["kind"]) for d in kb.store.documents()}
            for gold, _ in [(q, p) for q, p in questions if p == pair]:
                note = kb.note(gold.text)
                row = scores[gold.split].add(gold, note, kinds)
                if gold.split != "MEASURE":
                    listed.append(row)
    table = Table(
        title=f"Notes on the exam questions ({path.relative_to(REPO) if path.is_relative_to(REPO) else path})"
    )
    for column in ("split", "notes", "examples in frame", "variables in headings", "support", "told",
                   "answer citations", "words (mean)"):  # fmt: skip
        table.add_column(column)
    for split, s in scores.items():
        if split not in splits:
            continue
        table.add_row(
            split,
            str(s.notes),
            f"{_share(s.in_frame, s.framed)} ({s.framed} framed)",
            f"{_share(s.in_headings, s.variables)} ({s.in_headings}/{s.variables})",
            f"{_share(s.supported, s.examples)} ({s.supported}/{s.examples})",
            f"{_share(s.told, s.tried)}",
            str(s.answer_citations),
            f"{s.words / s.notes:.0f}" if s.notes else "–",
        )
    console.print(table)
    if rows_too:
        for row in listed:
            console.print(row, markup=False)
    console.print(f"{sum(s.notes for s in scores.values())} notes in {time.perf_counter() - started:.0f} s "
                  f"(as of {date.today().isoformat()})")  # fmt: skip
    return scores
