"""The project's labelled event sentences (`training/events/`): loading, the fixed split, and gold candidates.

The split is by passage, fixed by a hash of the passage id before any model was trained: a fifth of the passages
are the test split (never trained on, never looked at while tuning), another fifth the development fold (for
choices such as the cascade's threshold), the rest training. A passage is coded as one document, with the
annotators' sentence boundaries, so dates and "the two countries" are read in context.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from dyadscope.models import NO_EVENT, Candidate, RawDocument, Sentence
from dyadscope.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[3]
LABELLED = REPO / "training" / "events" / "labelled"
SPLITS = ("train", "dev", "test")
NEXT_TO_TRIGGER = frozenset({"acl", "relcl", "amod"})  # a participle or clause modifying the trigger's noun
OBJECTS = frozenset({"dobj", "nsubjpass", "attr"})


def split_of(passage: str) -> str:
    """test, dev or train, by a hash of the passage id (fixed before training; see the data card)."""
    fold = int(hashlib.sha256(passage.encode()).hexdigest()[:8], 16) % 5
    return "test" if fold == 0 else "dev" if fold == 1 else "train"


@dataclass(slots=True)
class GoldEvent:
    trigger: str
    start: int  # offsets of the trigger in its sentence
    end: int
    type: str
    cameo: str
    source: list[str]
    target: list[str]
    negated: bool
    hypothetical: bool

    @classmethod
    def of(cls, item: dict[str, Any], text: str) -> GoldEvent:
        trigger = str(item["trigger"])
        start = -1
        for _ in range(int(item.get("occurrence", 1))):
            start = text.index(trigger, start + 1)
        return cls(
            trigger,
            start,
            start + len(trigger),
            str(item["type"]),
            str(item.get("cameo", "")),
            list(item.get("source", [])),
            list(item.get("target", [])),
            bool(item.get("negated", False)),
            bool(item.get("hypothetical", False)),
        )


@dataclass(slots=True)
class GoldSentence:
    id: str
    text: str
    genre: str
    events: list[GoldEvent]


@dataclass(slots=True)
class Passage:
    id: str
    split: str
    sentences: list[GoldSentence] = field(default_factory=list)

    def raw(self) -> tuple[RawDocument, list[Sentence]]:
        """The passage as one document, and its sentences with their offsets in it."""
        parts: list[str] = []
        sentences: list[Sentence] = []
        offset = 0
        for index, gold in enumerate(self.sentences):
            sentences.append(Sentence(index, offset, offset + len(gold.text), gold.text, paragraph=0))
            parts.append(gold.text)
            offset += len(gold.text) + 1
        text = " ".join(parts)
        digest = hashlib.sha256(text.encode()).hexdigest()
        return RawDocument(self.id, text, digest, "text/plain", self.id), sentences


def load_passages(paths: Iterable[Path] | None = None) -> list[Passage]:
    """Every labelled passage, in file order."""
    passages: dict[str, Passage] = {}
    files = sorted(LABELLED.glob("*.jsonl")) if paths is None else list(paths)
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            passage = passages.setdefault(row["passage"], Passage(row["passage"], split_of(row["passage"])))
            text = str(row["text"])
            events = [GoldEvent.of(e, text) for e in row["events"]]
            passage.sentences.append(GoldSentence(row["id"], text, row["genre"], events))
    return list(passages.values())


@dataclass(slots=True)
class CodedPassage:
    passage: Passage
    doc: Doc  # after the pipeline


def code_passages(pipeline: Pipeline, passages: Iterable[Passage]) -> Iterator[CodedPassage]:
    for passage in passages:
        raw, sentences = passage.raw()
        # Every passage is coded, whatever its genre: the set measures the coder, not the kind reader.
        yield CodedPassage(passage, pipeline.run(raw, sentences, every_kind=True))


def gold_label(candidate: Candidate, doc: Doc, gold: GoldSentence) -> str:
    """The type of the gold event whose trigger covers the candidate word, else NONE.

    The annotators mark one trigger per event, where the coder may read the same event at a word next to it: a
    verb whose object is the trigger ("imposed" for "sanctions") or a participle that modifies it ("sanctions
    imposed by X") takes the trigger's event too, when no trigger covers the word itself."""
    parse = doc._.parses[candidate.sentence]
    token = parse[candidate.head]

    def covered(t: Token) -> GoldEvent | None:
        return next((e for e in gold.events if e.start <= t.idx and t.idx + len(t) <= e.end), None)

    event = covered(token)
    if event is None and token.dep_ in NEXT_TO_TRIGGER and token.head.i != token.i:
        event = covered(token.head)
    if event is None:
        event = next((covered(c) for c in token.children if c.dep_ in OBJECTS and covered(c)), None)
    return event.type if event is not None else NO_EVENT
