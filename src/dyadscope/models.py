"""Plain dataclasses passed between pipeline stages (ingest → nlp → extract → store).

Every stage takes and returns these, so a stage can be tested, replaced or run on
another machine (Dask) without knowing how its neighbours work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

GRANULARITIES = ("day", "month", "season", "year", "decade", "century", "range", "era", "tenure")


@dataclass(frozen=True, slots=True)
class DateInterval:
    """A closed interval of days with the precision the text gave it."""

    start: date
    end: date
    granularity: str

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"date interval starts after it ends: {self.start} > {self.end}")
        if self.granularity not in GRANULARITIES:
            raise ValueError(f"unknown granularity {self.granularity!r}")

    def to_dict(self) -> dict[str, str]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "granularity": self.granularity,
        }


@dataclass(frozen=True, slots=True)
class DateMention:
    """A time expression found in a text, with its character span in that text."""

    start: int
    end: int
    text: str
    interval: DateInterval
    kind: str = "explicit"  # explicit | relative | named | tenure
    open_end: bool = False  # "since 2001": the end is a lower bound, not a fact


@dataclass(slots=True)
class RawDocument:
    """A file read and normalised to text, before any NLP."""

    path: str
    text: str
    content_hash: str
    media_type: str
    title: str
    source: str | None = None
    doc_date: date | None = None
    doc_date_origin: str | None = None  # source-line | html-meta | pdf-meta | docx-meta | published-line
    news_like: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and its place in the document's outline."""

    title: str
    level: int
    start: int
    end: int


@dataclass(slots=True)
class Mention:
    """An actor named in a sentence (offsets are within the document text)."""

    start: int
    end: int
    text: str
    code: str
    kind: str  # country | government | military | intelligence | leader | igo | nsag | dyad
    actor_id: str = ""


@dataclass(slots=True)
class Sentence:
    """One sentence with its provenance, dates and actors."""

    index: int
    start: int
    end: int
    text: str
    section_path: tuple[str, ...] = ()
    is_heading: bool = False
    paragraph: int = 0  # blocks (paragraphs and headings) numbered in document order
    dates: list[DateMention] = field(default_factory=list)
    date: DateInterval | None = None
    date_inherited: str | None = None  # None | section | previous | document
    mentions: list[Mention] = field(default_factory=list)
    context: str = ""  # document title, section heading and source: what the sentence is part of


@dataclass(frozen=True, slots=True)
class Evidence:
    doc: str
    title: str
    sentence_id: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "title": self.title,
            "sentence_id": self.sentence_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(slots=True)
class Event:
    """A coded political event (PLOVER type/mode/contexts, CAMEO code, intensity)."""

    id: str
    source: list[str]
    target: list[str]
    type: str
    mode: str | None
    contexts: list[str]
    cameo: str | None
    intensity: float
    negated: bool
    hypothetical: bool
    date: DateInterval | None
    date_inherited: bool
    confidence: float
    evidence: Evidence
    trigger: str = ""
    issues: list[str] = field(default_factory=list)  # what the event was about (data/lexicon/issues.yaml)

    @property
    def dyad(self) -> str:
        return dyad_key(self.source, self.target)

    def to_dict(self) -> dict[str, Any]:
        """The stable, documented JSON shape (docs/schema.md)."""
        return {
            "id": self.id,
            "source": list(self.source),
            "target": list(self.target),
            "type": self.type,
            "mode": self.mode,
            "contexts": list(self.contexts),
            "issues": list(self.issues),
            "cameo": self.cameo,
            "intensity": self.intensity,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "date": self.date.to_dict() if self.date else None,
            "date_inherited": self.date_inherited,
            "confidence": self.confidence,
            "evidence": self.evidence.to_dict(),
        }


def dyad_key(a: list[str] | tuple[str, ...], b: list[str] | tuple[str, ...]) -> str:
    """`PAK-USA`: the two sides' first codes, sorted, so a dyad has one name."""
    left = a[0] if a else "?"
    right = b[0] if b else "?"
    return "-".join(sorted((left, right)))
