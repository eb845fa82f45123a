"""Grounded answers: a few points, each a claim from the user's documents with the sentences behind it.

Extractive by design: every point is a sentence of the corpus (lightly trimmed of its opening
connective) and cites it, plus other sentences that say the same thing. When nothing retrieved
is close enough to the question, the answer says so instead of stretching weak evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dyadscope.ask.question import Question
from dyadscope.ask.reading import interval_text
from dyadscope.ask.retrieve import Hit
from dyadscope.data import lang_words
from dyadscope.markup import markdown_safe
from dyadscope.models import DateInterval, Event
from dyadscope.serial import SKIP, Plain

SAME_CLAIM = 0.75  # cosine above which a hit supports an earlier point instead of making its own
SUPPORTED = 0.5  # the best hit's cosine to the question below which the documents do not answer it
MIN_POINTS, MAX_POINTS = 3, 6
WEAK = 0.4  # hits scoring under this share of the best are left out
MAX_CITATIONS = 3
CONNECTIVE = re.compile(  # "However, …": an opening connective (data/lang/en/notes.yaml) and its comma
    r"^(?:" + "|".join(map(re.escape, lang_words("connectives", "notes"))) + r")\s*,?\s+", re.IGNORECASE
)
NOT_FOUND = "Not found in your documents."


@dataclass(frozen=True, slots=True)
class Citation(Plain):
    doc: str
    title: str
    sentence_id: int  # the sentence's index in its document, as in event evidence
    text: str
    section: str = ""

    @classmethod
    def of(cls, hit: Hit) -> Citation:
        s = hit.sentence
        heading = s.section_path[-1] if s.section_path and s.section_path[-1] != s.title else ""
        return cls(s.doc, s.title, s.index, s.text, heading)

    def label(self) -> str:
        where = f", {self.section}" if self.section else ""
        return f"{self.title}{where}, sentence {self.sentence_id}"


@dataclass(slots=True)
class Point(Plain):
    text: str
    citations: list[Citation]
    date: DateInterval | None = None

    def __post_init__(self) -> None:
        self.citations = list(dict.fromkeys(self.citations))  # one sentence cited once


@dataclass(slots=True)
class Answer(Plain):
    question: str
    points: list[Point]
    events: list[str] = field(default_factory=list)
    phases: list[dict[str, Any]] = field(default_factory=list)
    supported: bool = True
    dyad: str | None = None
    reading: dict[str, Any] = field(default_factory=dict)  # how the question was read (`Question.reading`)
    read_as: str = field(default="", metadata=SKIP)  # the same in one line, for people (`Question.describe`)
    refusal: str = ""  # why the documents cannot answer it, when they cannot

    def to_markdown(self) -> str:
        lines = [f"## {self.question}", ""]
        if self.read_as:
            lines += [f"*{self.read_as}*", ""]
        if not self.supported:
            return markdown_safe("\n".join([*lines, self.refusal or NOT_FOUND, ""]))
        notes: list[Citation] = []
        for point in self.points:
            marks = "".join(f"[^{_number(notes, c)}]" for c in point.citations)
            lines.append(f"- {point.text}{marks}")
        if self.phases:
            lines += ["", "**Phases of the relationship in this span:**", ""]
            lines += [f"- {p['summary']}" for p in self.phases]
        lines.append("")
        lines += [f"[^{n}]: {c.label()}: “{c.text}”" for n, c in enumerate(notes, 1)]
        return markdown_safe("\n".join(lines) + "\n")


def _number(notes: list[Citation], citation: Citation) -> int:
    """The footnote number of a citation, adding it on first use."""
    if citation not in notes:
        notes.append(citation)
    return notes.index(citation) + 1


def claim_text(sentence: str) -> str:
    """A sentence as a standalone claim: no opening "Moreover," or "However,"."""
    trimmed = CONNECTIVE.sub("", sentence.strip(), count=1)
    return trimmed[:1].upper() + trimmed[1:] if trimmed else sentence


def is_supported(hits: Sequence[Hit], unknown_names: Sequence[str] = ()) -> bool:
    """Whether the documents answer the question at all.

    No when the question names something the documents never mention (a question about "the Raymond
    Davis affair" cannot be answered from texts without "Davis"), or when nothing found is close to it.
    """
    return not unknown_names and bool(hits) and max(h.similarity for h in hits) >= SUPPORTED


def build_points(question: Question, hits: Sequence[Hit]) -> list[Point]:
    """Group hits into 3–6 points (a hit close to an earlier point becomes its extra citation)."""
    if not hits:
        return []
    inside = [h for h in hits if question.covers(h.sentence.date)]
    placed = [h for h in inside if _placed(question, h.sentence.date)]
    if question.bounded and len(placed) >= MIN_POINTS:
        hits = placed  # enough evidence dated in the asked-about time: a decade or a heading's span places no point
    elif question.bounded and len(inside) >= MIN_POINTS:
        hits = inside  # enough evidence from the asked-about time: leave the rest out
    best = hits[0].score
    points: list[tuple[Point, Hit]] = []
    for hit in hits:
        same = next(
            (
                p
                for p, lead in points
                if hit.vector.size and lead.vector.size and float(hit.vector @ lead.vector) >= SAME_CLAIM
            ),
            None,
        )
        if same is not None:
            if len(same.citations) < MAX_CITATIONS:
                same.citations.append(Citation.of(hit))
            continue
        if len(points) >= MIN_POINTS and hit.score < WEAK * best:
            break
        points.append((Point(claim_text(hit.sentence.text), [Citation.of(hit)], hit.sentence.date), hit))
        if len(points) == MAX_POINTS:
            break
    ordered = [p for p, _ in points]
    if question.asks_change:  # how things changed reads best in time order (undated points keep their place last)
        ordered.sort(key=lambda p: (p.date is None, p.date.start if p.date else date.min))
    return ordered


VAGUE = ("era", "century", "tenure")  # dates too broad to place a point in a phase


def _placed(question: Question, when: DateInterval | None) -> bool:
    """A date that places a point in the question's span: inside it, or no more than twice as long ("in the 1960s"
    covers 1962 but does not place a point there)."""
    if when is None:
        return False
    start, end = question.start or date.min, question.end or date.max
    if start <= when.start and when.end <= end:
        return True
    return (when.end - when.start).days <= 2 * max((end - start).days, 1)


def answer_question(
    q: Question,
    hits: list[Hit],
    absent: Sequence[str],
    events_in: Callable[[Sequence[int]], list[Event]],
    dyad_for: Callable[[Sequence[str], Sequence[str]], tuple[str, str] | None],
    phase_dicts: Callable[[tuple[str, str]], list[dict[str, Any]]],
) -> Answer:
    """The answer to `q` from its retrieved `hits` (`absent`: names it asks about that no document holds):
    cited points, the stored events of the cited sentences (`events_in`), and the phases of its dyad
    (`dyad_for`, `phase_dicts`) over the asked-about span, else those the points fall in; a refusal when the
    documents cannot serve it."""
    question, reading, read_as = q.text, q.reading(), f"Read as: {q.describe()}"
    if not is_supported(hits, list(absent)):
        return Answer(question, [], supported=False, reading=reading, read_as=read_as)
    if q.frame_phrase is not None and not any(h.sentence.date and q.in_frame(h.sentence.date) for h in hits):
        span = interval_text(q.frame_start, q.frame_end)
        refusal = f"Nothing in your documents is dated {q.frame_phrase} ({span}): add sources on that period."
        return Answer(question, [], supported=False, reading=reading, read_as=read_as, refusal=refusal)
    points = build_points(q, hits)
    cited = {(c.doc, c.sentence_id) for p in points for c in p.citations}
    ids = [h.sentence.id for h in hits if (h.sentence.doc, h.sentence.index) in cited]
    events = [e for e in events_in(ids) if not e.negated and not e.hypothetical]
    dyad = dyad_for(q.states, [e.dyad for e in events])
    phases = []
    if dyad is not None:
        spans = [(q.start or date.min, q.end or date.max)] if q.bounded else []
        spans += [(p.date.start, p.date.end) for p in points if p.date and p.date.granularity not in VAGUE]
        for phase in phase_dicts(dyad):
            start, end = date.fromisoformat(phase["start"]), date.fromisoformat(phase["end"])
            if any(a <= end and start <= b for a, b in spans):
                phases.append(phase)
    pair = "-".join(dyad) if dyad else None
    return Answer(question, points, [e.id for e in events], phases, True, pair, reading=reading, read_as=read_as)
