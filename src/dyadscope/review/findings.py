"""What a review says: findings with a kind, a place in the answer, a message, suggestions and sources; the mark
out of 20 by the rubric's criteria, and what the answer does well."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from dyadscope.ask.answer import Citation

KINDS = ("consistency", "relevance", "evidence", "coverage", "structure", "language")  # most valuable first


@dataclass(frozen=True, slots=True)
class Location:
    heading: str | None
    paragraph: int | None  # block number in the answer, as the segmenter numbers them
    start: int  # character offsets into the answer's normalised text
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "paragraph": self.paragraph, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Finding:
    kind: str
    location: Location | None
    message: str
    suggestions: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    weight: float = 1.0  # how much fixing it would improve the answer: ranks the summary's lines (`summarise`)
    rule: str = ""  # which rule of its check found it ("off_frame", "wrong_year"…): what the mark counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "location": self.location.to_dict() if self.location else None,
            "message": self.message,
            "suggestions": self.suggestions,
            "citations": [c.to_dict() for c in self.citations],
        }


def half(value: float) -> float | int:
    """A score as JSON shows it: 3 rather than 3.0, 2.5 as it is."""
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion of the rubric (data/rubric.yaml), scored on what the checks measured on the answer."""

    name: str
    score: float  # in halves
    out_of: float
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "score": half(self.score), "out_of": half(self.out_of), "why": self.why}


@dataclass(frozen=True, slots=True)
class Mark:
    """The mark out of 20: the sum of the criteria."""

    criteria: tuple[Criterion, ...]

    @property
    def score(self) -> float:
        return sum(c.score for c in self.criteria)

    @property
    def out_of(self) -> float:
        return sum(c.out_of for c in self.criteria)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": half(self.score),
            "out_of": half(self.out_of),
            "criteria": [c.to_dict() for c in self.criteria],
        }


@dataclass(slots=True)
class Review:
    question: str | None
    text: str  # the answer's normalised text, which every location points into
    summary: list[str]
    findings: list[Finding]
    words: int = 0
    mark: Mark | None = None
    strengths: list[str] = field(default_factory=list)  # what the answer does well, concretely

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "words": self.words,
            "mark": self.mark.to_dict() if self.mark else None,
            "strengths": self.strengths,
            "summary": self.summary,
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

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
