"""What a review says: findings with a kind, a place in the answer, a message, suggestions and sources; the mark
out of 20 by the rubric's criteria, and what the answer does well."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from dyadscope.ask.answer import Citation
from dyadscope.serial import SKIP, Plain, as_json

KINDS = ("consistency", "relevance", "evidence", "coverage", "structure", "language")  # most valuable first


@dataclass(frozen=True, slots=True)
class Location(Plain):
    heading: str | None
    paragraph: int | None  # block number in the answer, as the segmenter numbers them
    start: int  # character offsets into the answer's normalised text
    end: int


@dataclass(slots=True)
class Finding(Plain):
    kind: str
    location: Location | None
    message: str
    suggestions: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    weight: float = field(
        default=1.0, metadata=SKIP
    )  # how much fixing it would improve the answer: ranks the summary's lines (`summarise`)
    rule: str = field(
        default="", metadata=SKIP
    )  # which rule of its check found it ("off_frame", "wrong_year"…): what the mark counts


@dataclass(frozen=True, slots=True)
class Criterion(Plain):
    """One criterion of the rubric (data/rubric.yaml), scored on what the checks measured on the answer."""

    name: str
    score: float = field(metadata=as_json(half=True))  # in halves
    out_of: float = field(metadata=as_json(half=True))
    why: str


@dataclass(frozen=True, slots=True)
class Mark(Plain):
    """The mark out of 20: the sum of the criteria."""

    criteria: tuple[Criterion, ...]
    JSON_EXTRA: ClassVar[dict[str, dict[str, Any]]] = {"score": as_json(half=True), "out_of": as_json(half=True)}

    @property
    def score(self) -> float:
        return sum(c.score for c in self.criteria)

    @property
    def out_of(self) -> float:
        return sum(c.out_of for c in self.criteria)


@dataclass(slots=True)
class Review(Plain):
    question: str | None
    text: str = field(metadata=SKIP)  # the answer's normalised text, which every location points into
    summary: list[str]
    findings: list[Finding]
    words: int = 0
    mark: Mark | None = None
    strengths: list[str] = field(default_factory=list)  # what the answer does well, concretely

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]


def summarise(findings: list[Finding]) -> list[str]:
    """One line per kind of problem, the most valuable improvements first."""
    lines = []
    by_kind = {kind: [f for f in findings if f.kind == kind] for kind in KINDS}
    ranked = sorted(
        (kind for kind in KINDS if by_kind[kind]),
        key=lambda k: (-sum(f.weight for f in by_kind[k]), KINDS.index(k)),
    )
    for kind in ranked:
        group = by_kind[kind]
        lead = max(group, key=lambda f: f.weight)
        more = f" ({len(group)} places)" if len(group) > 1 else ""
        lines.append(f"{kind}: {lead.message}{more}")
    return lines
