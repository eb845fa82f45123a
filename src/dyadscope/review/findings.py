"""What a review says: findings with a kind, a place in the answer, a message, suggestions and sources."""

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "location": self.location.to_dict() if self.location else None,
            "message": self.message,
            "suggestions": self.suggestions,
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass(slots=True)
class Review:
    question: str | None
    text: str  # the answer's normalised text, which every location points into
    summary: list[str]
    findings: list[Finding]
    words: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "words": self.words,
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
