"""`python -m dyadscope.eval events`: the event coder on the project's own test split, beside two baselines.

Each gold event is a record (a sentence and what happened in it); so is each sentence with no event (gold type
NONE). For every record the coder's events for that sentence are compared:

* type: a gold event is right when the coder gives its sentence an event of the same PLOVER type; a NONE
  record is right when the coder gives its sentence no event;
* quad class: the same with the four quad classes (verbal/material cooperation/conflict) and NONE;
* CAMEO root, source, target: over the gold events whose type is right, the share with the same two-digit CAMEO
  root, the same source states and the same target states (a sector is not compared: "IND:mil" is IND; the
  coder's one-event-per-pair events of the type are taken together against a gold event that lists several
  states, see `_sides_match`);
* precision: the share of the coder's events whose type is one of its sentence's gold types.

Baselines: the majority class of the training folds (NONE for every record) and the coder this one replaced
(its predictions on the same split, made once at commit cd24979 and kept in training/events/baselines/).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dyadscope.eval.labelled import REPO, GoldSentence, code_passages, load_passages
from dyadscope.models import QUAD
from dyadscope.pipeline import Pipeline

BASELINES = REPO / "training" / "events" / "baselines"


@dataclass(frozen=True, slots=True)
class Predicted:
    """An event as the comparison needs it (the coder's, or a baseline's from a file)."""

    type: str
    cameo: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    negated: bool = False
    hypothetical: bool = False


def states(codes: Iterable[str]) -> frozenset[str]:
    return frozenset(code.split(":")[0] for code in codes)


@dataclass(slots=True)
class Tally:
    records: int = 0
    type_right: int = 0
    quad_right: int = 0
    none_records: int = 0
    none_right: int = 0
    events: int = 0  # gold events
    typed: int = 0  # gold events whose type the coder got
    root_right: int = 0
    source_right: int = 0
    target_right: int = 0
    predicted: int = 0
    predicted_right: int = 0
    flags_right: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, gold: GoldSentence, predicted: Sequence[Predicted]) -> None:
        kinds = {p.type for p in predicted}
        quads = {QUAD[p.type] for p in predicted}
        gold_kinds = {e.type for e in gold.events}
        self.predicted += len(predicted)
        self.predicted_right += sum(p.type in gold_kinds for p in predicted)
        if not gold.events:
            self.records += 1
            self.none_records += 1
            right = not predicted
            self.none_right += right
            self.type_right += right
            self.quad_right += right
            for p in predicted:
                self.confusion["NONE", p.type] += 1
            return
        for event in gold.events:
            self.records += 1
            self.events += 1
            self.quad_right += QUAD[event.type] in quads
            if event.type not in kinds:
                self.confusion[event.type, next(iter(sorted(kinds)), "NONE")] += 1
                continue
            self.type_right += 1
            self.typed += 1
            same = [p for p in predicted if p.type == event.type]
            self.root_right += any(p.cameo[:2] == event.cameo[:2] for p in same)
            source_right, target_right = _sides_match(same, event.source, event.target)
            self.source_right += source_right
            self.target_right += target_right
            self.flags_right += any((p.negated, p.hypothetical) == (event.negated, event.hypothetical) for p in same)

    def row(self) -> list[str]:
        def share(a: int, b: int) -> str:
            return f"{a / b:.2f}" if b else "–"

        return [
            share(self.type_right, self.records),
            share(self.quad_right, self.records),
            share(self.none_right, self.none_records),
            share(self.predicted_right, self.predicted),
            share(self.root_right, self.typed),
            share(self.source_right, self.typed),
            share(self.target_right, self.typed),
            share(self.flags_right, self.typed),
        ]


def coder_predictions(pipeline: Pipeline, split: str) -> dict[str, list[Predicted]]:
    """The coder's events for every sentence of a split, by sentence id."""
    passages = [p for p in load_passages() if p.split == split]
    out: dict[str, list[Predicted]] = {}
    for coded in code_passages(pipeline, passages):
        by_sentence: dict[int, list[Predicted]] = {}
        for e in coded.doc._.events or []:
            sources = [f"{c}:{e.source_sector}" if e.source_sector else c for c in e.source]
            targets = [f"{c}:{e.target_sector}" if e.target_sector else c for c in e.target]
            item = Predicted(e.type, e.cameo or "", tuple(sources), tuple(targets), e.negated, e.hypothetical)
            by_sentence.setdefault(e.evidence.sentence_id, []).append(item)
        for index, sentence in enumerate(coded.passage.sentences):
            out[sentence.id] = by_sentence.get(index, [])
    return out


def _sides_match(same: Sequence[Predicted], source: Sequence[str], target: Sequence[str]) -> tuple[bool, bool]:
    """(source right, target right) for a gold event, over the coder's events of its type in its sentence.

    A joint act PLOVER codes as one compound actor with no recipient ("India and China held talks": source [IND,
    CHN]) is right when an event names the same states as source and target. The coder writes one event per pair,
    as dyads are measured, where a gold event lists its states ("recalled its envoys from Caracas, Quito and La
    Paz": BRA → BOL, ECU, VEN): the targets of its events from the gold's sources are compared together, and the
    sources of its events on the gold's targets; one event that matches alone is right too."""
    wanted_source, wanted_target = states(source), states(target)
    if not target and len(wanted_source) > 1:
        both = any(states(p.source) | states(p.target) == wanted_source for p in same)
        return both, both
    from_sources = [p for p in same if states(p.source) and states(p.source) <= wanted_source]
    on_targets = [p for p in same if states(p.target) <= wanted_target and bool(states(p.target)) == bool(target)]
    targets = frozenset().union(*(states(p.target) for p in from_sources))
    sources = frozenset().union(*(states(p.source) for p in on_targets))
    source_right = sources == wanted_source or any(states(p.source) == wanted_source for p in same)
    target_right = (bool(from_sources) and targets == wanted_target) or any(
        states(p.target) == wanted_target for p in same
    )
    return source_right, target_right


def baseline_predictions(path: Path) -> dict[str, list[Predicted]]:
    out: dict[str, list[Predicted]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out[row["id"]] = [
            Predicted(
                e["type"], e.get("cameo") or "", tuple(e["source"]), tuple(e["target"]), e["negated"], e["hypothetical"]
            )
            for e in row["events"]
        ]
    return out


def score(predictions: dict[str, list[Predicted]], split: str) -> Tally:
    tally = Tally()
    for passage in load_passages():
        if passage.split != split:
            continue
        for sentence in passage.sentences:
            tally.add(sentence, predictions.get(sentence.id, []))
    return tally


def evaluate_events(console: Console, split: str = "test") -> dict[str, Tally]:
    results = {"dyadscope (this coder)": score(coder_predictions(Pipeline(), split), split)}
    majority = score({}, split)
    results["majority class (NONE)"] = majority
    old = BASELINES / f"old_coder_{split}.jsonl"
    if old.exists():
        results["previous coder (rules, cd24979)"] = score(baseline_predictions(old), split)
    tally = results["dyadscope (this coder)"]
    console.print(
        f"Event coding on the {split} split: {tally.records} records ({tally.events} events, "
        f"{tally.none_records} sentences with none)"
    )
    table = Table()
    for column in ("coder", "type", "quad", "none right", "precision", "CAMEO root", "source", "target", "flags"):
        table.add_column(column, justify="left" if column == "coder" else "right")
    for name, result in results.items():
        table.add_row(name, *result.row())
    console.print(table)
    console.print(
        "type/quad: share of records right; none right: sentences with no event left without one; precision: the "
        "coder's events of a type the sentence has; CAMEO root/source/target/flags: over events whose type is right."
    )
    top = tally.confusion.most_common(8)
    console.print("commonest confusions (gold → coded): " + ", ".join(f"{g}→{p} {n}" for (g, p), n in top))
    return results
