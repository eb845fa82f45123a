"""`python -m dyadscope.eval write`: `dyadscope review` against the labelled exam answers of training/exam.

For each question of `training/exam/questions.jsonl` whose pair has a team history (`training/histories/<A>-<B>.md`),
that history alone is ingested into a temporary store (one store per pair, made once), and every answer to the
question in `training/exam/answers.jsonl` is reviewed against it. Reported for the data card's two splits apart:
TUNE (the PAK-USA questions, the only ones settings may be tuned on) and MEASURE (every other pair, only measured).

* Recall of the planted faults by kind. A fault is found when a finding of the kind that reports it (`FOUND_BY`,
  the data card's mapping) points at its quote: its place overlaps the quote, searched in the review's normalised
  text (a consistency finding's place is the claim it quotes; a heading finding's, its heading). A missed crux is
  found by a finding naming the variable the fault's note names, a directive mismatch by the structure finding on
  the directive. A wrong date is also scored for whether its finding names the right year.
* False alarms per good answer: findings on the good answers that point at no planted fault. Coverage and language
  findings and the note on length are suggestions the data does not label, so they are not counted.
* The mark: the mean of each quality's marks (review's and the examiner's), the gap between good and weak, the mean
  absolute error against the examiner's mark, and the share inside the quality's band (good 13–17, average 9–12,
  weak 4–8).

DEV: the answers of `training/exam/answers_dev.jsonl` to the DEV questions (`reading_dev.jsonl`, pairs in neither
split; see the data card), reviewed against their pair's history like the others, for tuning on other pairs.

`--rows` also lists the TUNE and DEV answers; MEASURE rows are never listed, so their numbers stay a measurement.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

import dyadscope
from dyadscope.api import KnowledgeBase
from dyadscope.eval.development import REPO
from dyadscope.ingest.normalize import normalize_text
from dyadscope.review import Finding, Review

EXAM = REPO / "training" / "exam"
HISTORIES = REPO / "training" / "histories"
TUNE_PAIR = ("PAK", "USA")
FACTUAL = ("wrong_date", "wrong_actor", "wrong_amount", "reversed_direction")
FOUND_BY = {  # the finding kinds that report each fault kind (DATA_CARD.md, "What it is for", 2)
    **dict.fromkeys(FACTUAL, ("consistency",)),
    "off_frame": ("relevance",),
    "off_topic_heading": ("relevance",),
    "missed_crux": ("relevance",),
    "no_examples": ("evidence",),
    "narration": ("evidence", "relevance"),
    "directive_mismatch": ("structure",),
}
UNLABELLED = ("short", "long", "question")  # structure notes the data does not label (length, a missing question)
BANDS = {"good": (13, 17), "average": (9, 12), "weak": (4, 8)}
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


@dataclass(slots=True)
class Split:
    answers: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    right_year: int = 0
    good_answers: int = 0
    false_alarms: Counter[str] = field(default_factory=Counter)  # by the finding's kind and rule
    marks: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))  # (review, examiner)
    rows: list[tuple[str, float, float, str, str]] = field(default_factory=list)


def load(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (EXAM / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def history_of(pair: tuple[str, str]) -> Path | None:
    path = HISTORIES / f"{pair[0]}-{pair[1]}.md"
    return path if path.exists() else None


class PairStores:
    """One temporary store per pair, holding that pair's history only, made on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.opened: dict[tuple[str, str], KnowledgeBase] = {}

    def __getitem__(self, pair: tuple[str, str]) -> KnowledgeBase:
        if pair not in self.opened:
            history = history_of(pair)
            if history is None:
                raise KeyError(pair)
            kb = dyadscope.open(self.folder / f"{pair[0]}-{pair[1]}.db")
            kb.ingest([history])
            self.opened[pair] = kb
        return self.opened[pair]


@contextmanager
def stores() -> Iterator[PairStores]:
    with tempfile.TemporaryDirectory(prefix="dyadscope-write-") as folder:
        made = PairStores(Path(folder))
        try:
            yield made
        finally:
            for kb in made.opened.values():
                kb.close()


def span_of(text: str, quote: str) -> tuple[int, int] | None:
    """Where a fault's quote is in the review's normalised text."""
    wanted = normalize_text(quote).strip()
    at = text.find(wanted)
    if at < 0:
        pattern = r"\s+".join(map(re.escape, wanted.split()))
        match = re.search(pattern, text)
        return (match.start(), match.end()) if match else None
    return at, at + len(wanted)


def place_of(finding: Finding, text: str) -> tuple[int, int] | None:
    """Where a finding points: a consistency finding at the claim it quotes (“…” — …), others at their place."""
    loc = finding.location
    if loc is None:
        return None
    if finding.kind == "consistency" and finding.message.startswith("“"):
        claim = finding.message[1:].split("” — ", 1)[0]
        at = text.find(claim, loc.start, max(loc.end, loc.start + len(claim)) + 1)
        if at >= 0:
            return at, at + len(claim)
    return loc.start, loc.end


def hits(finding: Finding, fault: dict[str, Any], text: str) -> bool:
    kind = str(fault["kind"])
    if finding.kind not in FOUND_BY.get(kind, ()):
        return False
    if kind == "missed_crux":
        named = re.findall(r"“([^”]+)”", finding.message)
        return finding.rule == "missed_crux" and any(v.lower() in str(fault["note"]).lower() for v in named)
    if kind == "directive_mismatch":
        return finding.rule == "directive"
    quote, place = span_of(text, str(fault["quote"])), place_of(finding, text)
    if quote is None or place is None:
        return False
    heading = finding.location.heading if finding.location else None
    if kind == "off_topic_heading" and heading == normalize_text(str(fault["quote"])).strip().rstrip(":"):
        return True
    return place[0] < quote[1] and quote[0] < place[1]


def names_right_year(finding: Finding, fault: dict[str, Any]) -> bool:
    years = YEAR.findall(str(fault.get("correct", "")))
    return bool(years) and any(year in finding.message.split("” — ", 1)[-1] for year in years)


def score(split: Split, answer: dict[str, Any], review: Review) -> None:
    split.answers += 1
    faults = answer["faults"]
    found_kinds: list[str] = []
    for fault in faults:
        kind = str(fault["kind"])
        split.faults[kind] += 1
        by = [f for f in review.findings if hits(f, fault, review.text)]
        if by:
            split.found[kind] += 1
            found_kinds.append(kind)
        if kind == "wrong_date" and any(names_right_year(f, fault) for f in by):
            split.right_year += 1
    quality = str(answer["quality"])
    if quality == "good":
        split.good_answers += 1
        for f in review.findings:
            if f.kind in ("coverage", "language") or f.rule in UNLABELLED:
                continue
            if not any(hits(f, fault, review.text) for fault in faults):
                split.false_alarms[f"{f.kind}/{f.rule or '?'}"] += 1
    mark = review.mark.score if review.mark else 0.0
    split.marks[quality].append((mark, float(answer["mark"])))
    missed = Counter(str(f["kind"]) for f in faults) - Counter(found_kinds)
    split.rows.append(
        (str(answer["id"]), mark, float(answer["mark"]), ", ".join(sorted(found_kinds)), ", ".join(sorted(missed)))
    )


def evaluate_write(
    console: Console, rows: bool = False, which: Sequence[str] = ("TUNE", "MEASURE", "DEV")
) -> dict[str, Split]:
    """Review every answer of the splits in `which` and print their scores (`rows`: the TUNE and DEV answers
    too). DEV is `answers_dev.jsonl`, answers to questions of `reading_dev.jsonl` on other pairs, for tuning."""
    started = time.perf_counter()
    questions = {str(q["id"]): q for q in load("questions.jsonl")}
    answers = [("TUNE/MEASURE", a) for a in load("answers.jsonl")]
    if "DEV" in which and (EXAM / "answers_dev.jsonl").is_file():
        questions |= {str(q["id"]): q for q in load("reading_dev.jsonl")}
        answers += [("DEV", a) for a in load("answers_dev.jsonl")]
    splits = {name: Split() for name in which}
    skipped = 0
    with stores() as by_pair:
        for origin, answer in answers:
            question = questions[str(answer["question"])]
            pair = (str(question["pair"][0]), str(question["pair"][1]))
            name = origin if origin == "DEV" else "TUNE" if pair == TUNE_PAIR else "MEASURE"
            if name not in splits:
                continue
            if history_of(pair) is None:
                skipped += 1
                continue
            review = by_pair[pair].review(str(answer["text"]), question=str(question["question"]))
            score(splits[name], answer, review)
    for name, split in splits.items():
        report(console, name, split)
    for name in ("TUNE", "DEV"):
        if rows and name in splits:
            rows_table(console, splits[name], name)
    note = f", {skipped} answers without a history skipped" if skipped else ""
    console.print(f"[dim]{time.perf_counter() - started:.0f} s{note}[/dim]")
    return splits


def report(console: Console, name: str, split: Split) -> None:
    faults = Table(title=f"{name}: planted faults found ({split.answers} answers)", title_justify="left")
    for column in ("fault", "planted", "found", "recall"):
        faults.add_column(column, justify="left" if column == "fault" else "right")
    for kind in sorted(split.faults, key=lambda k: (k not in FACTUAL, k)):
        n, hit = split.faults[kind], split.found[kind]
        faults.add_row(kind, str(n), str(hit), f"{hit / n:.0%}")
        if kind == "wrong_date":
            faults.add_row("  … naming the right year", str(n), str(split.right_year), f"{split.right_year / n:.0%}")
    total, found = sum(split.faults.values()), sum(split.found.values())
    faults.add_row("all", str(total), str(found), f"{found / total:.0%}" if total else "–", style="bold")
    console.print(faults)
    alarms = sum(split.false_alarms.values())
    per = alarms / split.good_answers if split.good_answers else 0.0
    detail = ", ".join(f"{k} {v}" for k, v in split.false_alarms.most_common())
    console.print(f"false alarms per good answer: {per:.2f} ({alarms} on {split.good_answers}: {detail or 'none'})")
    marks = Table(title=f"{name}: marks out of 20", title_justify="left")
    for column in ("quality", "answers", "review", "examiner", "MAE", "in band"):
        marks.add_column(column, justify="left" if column == "quality" else "right")
    for quality in ("good", "average", "weak"):
        pairs = split.marks.get(quality, [])
        if not pairs:
            continue
        low, high = BANDS[quality]
        mean = sum(r for r, _ in pairs) / len(pairs)
        examiner = sum(e for _, e in pairs) / len(pairs)
        mae = sum(abs(r - e) for r, e in pairs) / len(pairs)
        band = sum(low <= r <= high for r, _ in pairs) / len(pairs)
        marks.add_row(quality, str(len(pairs)), f"{mean:.1f}", f"{examiner:.1f}", f"{mae:.1f}", f"{band:.0%}")
    console.print(marks)
    good, weak = split.marks.get("good", []), split.marks.get("weak", [])
    if good and weak:
        gap = sum(r for r, _ in good) / len(good) - sum(r for r, _ in weak) / len(weak)
        console.print(f"gap, good − weak: {gap:.1f} marks\n")


def rows_table(console: Console, split: Split, name: str = "TUNE") -> None:
    table = Table(title=f"{name} answers", title_justify="left")
    for column in ("answer", "review", "examiner", "faults found", "faults missed"):
        table.add_column(column)
    for answer_id, mark, examiner, found, missed in split.rows:
        table.add_row(answer_id, f"{mark:g}", f"{examiner:g}", found, missed)
    console.print(table)
