"""`python -m dyadscope.eval dates`: time expressions and sentence dates on the labelled set (`training/dates/`).

Each labelled sentence is read as a one-sentence document through the pipeline's first components (segment,
actors, dates), with the sentence's document date as the anchor of relative expressions when it has one. Scored:

* span precision, recall and F1: a found expression and a labelled one match when their characters overlap
  (relaxed) or coincide (exact);
* value: of the matched pairs, the share that denote the same interval (start and end; an open end is not
  compared);
* names: of the labelled years that name an instrument ("the Foreign Assistance Act of 1961"), the share the
  finder marks as naming one, and of those it marks, the share labelled so;
* sentence date: of the sentences whose main event the labels date, the share the pipeline dates the same (equal
  interval) and the share whose date at least overlaps; of the sentences whose expressions all date something
  else (a reference or an instrument), the share left without a date of their own.

The split is fixed by a hash of each sentence's id, as for the events (`dyadscope.eval.labelled.split_of`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dyadscope.eval.labelled import REPO, split_of
from dyadscope.models import INSTRUMENT, DateInterval, DateMention, RawDocument, Sentence
from dyadscope.pipeline import Pipeline

LABELLED = REPO / "training" / "dates" / "labelled"


@dataclass(frozen=True, slots=True)
class GoldDate:
    start: int  # character offsets in the sentence
    end: int
    first: date | None
    last: date | None
    granularity: str
    role: str  # event | reference | instrument | other
    open_end: bool


@dataclass(frozen=True, slots=True)
class GoldRow:
    id: str
    genre: str
    doc_date: date | None
    text: str
    dates: tuple[GoldDate, ...]
    sentence_date: tuple[date | None, date | None] | None


def _day(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def load_rows(paths: Iterable[Path] | None = None) -> list[GoldRow]:
    rows = []
    for path in sorted(LABELLED.glob("*.jsonl")) if paths is None else paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            text = str(item["text"])
            dates = []
            for found in item["dates"]:
                start = -1
                for _ in range(int(found.get("occurrence", 1))):
                    start = text.index(found["text"], start + 1)
                first, last = _day(found.get("start")), _day(found.get("end"))
                end, kind, role = start + len(found["text"]), found["granularity"], found["role"]
                dates.append(GoldDate(start, end, first, last, kind, role, bool(found.get("open_end"))))
            whole = item.get("sentence_date")
            sentence = (_day(whole.get("start")), _day(whole.get("end"))) if whole else None
            rows.append(GoldRow(item["id"], item["genre"], _day(item.get("doc_date")), text, tuple(dates), sentence))
    return rows


@dataclass(slots=True)
class Tally:
    gold: int = 0
    found: int = 0
    overlap: int = 0  # gold expressions with a found one over them
    overlap_found: int = 0  # found expressions over a gold one
    exact: int = 0
    valued: int = 0  # matched pairs with the same interval
    names_gold: int = 0
    names_caught: int = 0
    names_marked: int = 0
    names_right: int = 0
    dated: int = 0  # sentences whose main event the labels date
    dated_equal: int = 0
    dated_overlap: int = 0
    undated: int = 0  # sentences with expressions, none dating their event
    undated_right: int = 0
    rows: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in self.__slots__:
            if name != "misses":
                setattr(self, name, getattr(self, name) + getattr(other, name))


def _same(gold: GoldDate, interval: DateInterval) -> bool:
    if gold.first is not None and gold.first != interval.start:
        return False
    return gold.open_end or gold.last is None or gold.last == interval.end


def score_row(row: GoldRow, mentions: Sequence[DateMention], sentence: Sentence) -> Tally:
    tally = Tally(gold=len(row.dates), found=len(mentions), rows=1)
    for gold in row.dates:
        over = [m for m in mentions if m.start < gold.end and gold.start < m.end]
        tally.overlap += bool(over)
        tally.exact += any(m.start == gold.start and m.end == gold.end for m in over)
        tally.valued += any(_same(gold, m.interval) for m in over)
        if gold.role == INSTRUMENT:
            tally.names_gold += 1
            tally.names_caught += any(m.kind == INSTRUMENT for m in over)
        if not over:
            tally.misses.append(f"{row.id}: missed {row.text[gold.start : gold.end]!r}")
    for mention in mentions:
        labelled = [g for g in row.dates if mention.start < g.end and g.start < mention.end]
        tally.overlap_found += bool(labelled)
        if mention.kind == INSTRUMENT:
            tally.names_marked += 1
            tally.names_right += any(g.role == INSTRUMENT for g in labelled)
        if not labelled:
            tally.misses.append(f"{row.id}: found {mention.text!r}, not a labelled time")
    own = sentence.date if sentence.date_inherited is None else None
    if row.sentence_date is not None:
        first, last = row.sentence_date
        tally.dated += 1
        if own is not None:
            tally.dated_equal += own.start == first and (last is None or own.end == last)
            tally.dated_overlap += (first is None or first <= own.end) and (last is None or own.start <= last)
    elif row.dates:
        tally.undated += 1
        tally.undated_right += own is None
    return tally


def code_rows(pipeline: Pipeline, rows: Iterable[GoldRow]) -> Iterable[tuple[GoldRow, Sentence]]:
    for row in rows:
        raw = RawDocument(row.id, row.text, row.id, "text/plain", row.id, doc_date=row.doc_date,
                          news_like=row.doc_date is not None)  # fmt: skip
        doc = pipeline.run(raw, [Sentence(0, 0, len(row.text), row.text, paragraph=0)])
        yield row, doc._.sentences[0]


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "–"


def _f1(tally: Tally) -> str:
    precision = tally.overlap_found / tally.found if tally.found else 0.0
    recall = tally.overlap / tally.gold if tally.gold else 0.0
    return f"{2 * precision * recall / (precision + recall):.2f}" if precision + recall else "–"


def evaluate_dates(console: Console, split: str) -> Tally:
    """Print the table for one split (test, dev or all) and return its total."""
    pipeline = Pipeline(upto="dyadscope_dates")
    rows = [r for r in load_rows() if split == "all" or split_of(r.id) == split]
    by_genre: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    for row, sentence in code_rows(pipeline, rows):
        tally = score_row(row, sentence.dates, sentence)
        by_genre[row.genre].add(tally)
        total.add(tally)
        total.misses.extend(tally.misses)
    table = Table(title=f"Time expressions, {split} split: {total.rows} sentences, {total.gold} labelled expressions")
    for column in ("genre", "expr.", "precision", "recall", "F1", "exact span", "value", "names found",
                   "names right", "sentence date =", "overlaps", "left undated"):  # fmt: skip
        table.add_column(column, justify="left" if column == "genre" else "right")
    for genre, tally in [*sorted(by_genre.items()), ("all", total)]:
        table.add_row(
            genre, str(tally.gold), _ratio(tally.overlap_found, tally.found), _ratio(tally.overlap, tally.gold),
            _f1(tally), _ratio(tally.exact, tally.gold), _ratio(tally.valued, tally.overlap),
            _ratio(tally.names_caught, tally.names_gold), _ratio(tally.names_right, tally.names_marked),
            _ratio(tally.dated_equal, tally.dated), _ratio(tally.dated_overlap, tally.dated),
            _ratio(tally.undated_right, tally.undated),
        )  # fmt: skip
    console.print(table)
    console.print(
        "precision/recall/F1: expressions whose characters overlap a labelled one; exact span: the same characters;"
        " value: matched pairs with the same interval; names: years naming a law or treaty; sentence date: the"
        " sentence's own date against the labelled date of its main event; left undated: sentences whose times all"
        " date something else."
    )
    return total
