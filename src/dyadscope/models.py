"""Plain dataclasses passed between pipeline stages (ingest → nlp → extract → store).

Every stage takes and returns these, so a stage can be tested, replaced or run on
another machine (Dask) without knowing how its neighbours work.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import TYPE_CHECKING, Literal, get_args

from dyadscope.serial import Plain

if TYPE_CHECKING:
    import numpy as np

# The 16 PLOVER event types by quad class (PLOVER manual, CC BY-SA 4.0), and the coder's "no event".
QUAD_CLASSES: dict[str, tuple[str, ...]] = {
    "verbal cooperation": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    "material cooperation": ("COOPERATE", "AID", "RETREAT"),
    "verbal conflict": ("REQUEST", "ACCUSE", "REJECT", "THREATEN"),
    "material conflict": ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}
PLOVER_TYPES = tuple(t for types in QUAD_CLASSES.values() for t in types)
QUAD = {t: quad for quad, types in QUAD_CLASSES.items() for t in types}
NO_EVENT = "NONE"

Period = Literal["year", "decade", "quarter", "month"]  # the index's period lengths
PERIODS: tuple[str, ...] = get_args(Period)  # the CLI, web pages and API offer these, in this order
INSTRUMENT = "instrument"  # a DateMention kind: the year names a law or treaty, not the sentence's time
# What a document is (issue 13): official/primary, reference history, news, analysis/opinion, study note, a
# student's answer, non-prose. Weights and whether a kind is coded: data/document_kinds.csv; detection: nlp/kinds.py.
DOCUMENT_KINDS = ("official", "history", "news", "analysis", "note", "answer", "nonprose")
GRANULARITIES = ("day", "month", "season", "year", "decade", "century", "range", "era", "tenure")


@dataclass(frozen=True, slots=True)
class DateInterval(Plain):
    """A closed interval of days with the precision the text gave it."""

    start: date
    end: date
    granularity: str

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"date interval starts after it ends: {self.start} > {self.end}")
        if self.granularity not in GRANULARITIES:
            raise ValueError(f"unknown granularity {self.granularity!r}")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A time expression found in a text, with its character span in that text."""

    start: int
    end: int
    text: str
    interval: DateInterval
    kind: str = "explicit"  # explicit | relative | named | tenure | instrument (a year in a law's or treaty's name)
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
    kind: str = ""  # one of DOCUMENT_KINDS; "" until detected (dyadscope_kind) unless the user set it
    kind_origin: str = ""  # detected | kind-line (the file's own "kind:" line) | user (`ingest --kind`)


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
    # country | government | military | intelligence | legislature | leader | person | igo | alliance | nsag | dyad
    kind: str
    actor_id: str = ""
    sector: str = ""  # the part of its state it is ("mil", "police", "civilians"; "" the state itself)
    alternatives: tuple[str, ...] = ()  # other actors of the same name, told apart by date (not stored)


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
    is_table: bool = False  # a table row: data to read and search, not a sentence to code

    def names_in(self, start: int, end: int) -> bool:
        """Whether a mention of the sentence overlaps the document span [start, end)."""
        return any(m.start < end and start < m.end for m in self.mentions)

    def add_mentions(self, added: list[Mention]) -> None:
        """The sentence's mentions with `added`, in text order."""
        if added:
            self.mentions = sorted([*self.mentions, *added], key=lambda m: m.start)


@dataclass(slots=True)
class Candidate:
    """A word that may state an event, found in the parse of one sentence, and what the coder made of it.

    Token offsets are within the sentence. The components fill it in turn: candidates (the word and the text the
    classifier reads), event type (type and probability), roles (source and target), modality (flags)."""

    sentence: int  # Sentence.index
    head: int  # the candidate word
    start: int  # the trigger shown to users: the word with its particle ("broke off")
    end: int
    text: str
    kind: str  # verb | noun
    clause: str = ""  # the text the classifier reads, the trigger marked with « »
    features: tuple[str, ...] = ()  # the parse around the trigger, for the static stage ("lemma=impose")
    type: str = "NONE"
    probability: float = 0.0
    stage: str = ""  # the classifier that decided: static | transformer
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    source_sector: str = ""
    target_sector: str = ""
    role_confidence: float = 0.0
    negated: bool = False
    hypothetical: bool = False


@dataclass(frozen=True, slots=True)
class Evidence(Plain):
    doc: str
    title: str
    sentence_id: int
    start: int
    end: int
    text: str
    kind: str = ""  # the document's kind (DOCUMENT_KINDS; "" when not known): what the evidence weighs


@dataclass(slots=True)
class Event(Plain):
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
    source_sector: str = ""  # the part of the source's state that acted ("mil", "police"; "" the state)
    target_sector: str = ""
    others: list[str] = field(default_factory=list)  # other states its sentence names: third parties (drivers)

    @property
    def dyad(self) -> str:
        return dyad_key(self.source, self.target)


# Sectors that do not act for their state: a dyad's index counts what states do to each other, not what a
# protester, a rebel group or a private person does (their events are stored and listed all the same).
NON_STATE_SECTORS = ("civilians", "protesters", "rebels", "opposition", "media", "business", "refugees")


MAX_SPAN_DAYS = 12 * 366  # "the Cold War" or "the 21st century" date nothing precisely enough to measure
MEASURED = (  # what `measurable` keeps, as the pages that count events say it
    "dated within 12 years, neither negated nor hypothetical, between the two states, not their protesters,"
    " rebels or firms"
)


def measurable(event: Event) -> bool:
    """Counted in a dyad's index: dated within 12 years, neither negated nor hypothetical, between two states
    (the store's SQL says the same in `dyadscope.store.events`)."""
    return (
        event.date is not None
        and (event.date.end - event.date.start).days <= MAX_SPAN_DAYS
        and not event.negated
        and not event.hypothetical
        and event.source_sector not in NON_STATE_SECTORS
        and event.target_sector not in NON_STATE_SECTORS
    )


def dyad_key(a: list[str] | tuple[str, ...], b: list[str] | tuple[str, ...]) -> str:
    """`PAK-USA`: the two sides' first codes, sorted, so a dyad has one name."""
    left = a[0] if a else "?"
    right = b[0] if b else "?"
    return "-".join(sorted((left, right)))


@dataclass(slots=True)
class ImportedEvent(Event):
    """An event read from an event data set: an `Event` that also names its origin and the record's id."""

    origin: str = "text"
    source_id: str | None = None

    @classmethod
    def of(cls, event: Event, origin: str, source_id: str | None) -> ImportedEvent:
        values = {f.name: getattr(event, f.name) for f in fields(Event)}
        return cls(**values, origin=origin, source_id=source_id)


def origin_of(event: Event) -> str:
    return event.origin if isinstance(event, ImportedEvent) else "text"


def source_id_of(event: Event) -> str | None:
    return event.source_id if isinstance(event, ImportedEvent) else None


@dataclass(slots=True)
class ProcessedDocument:
    """A document after the pipeline: what the store keeps of it."""

    raw: RawDocument
    sentences: list[Sentence]
    events: list[Event]
    dyad: tuple[str, str] | None = None
    errors: list[str] = field(default_factory=list)
    vectors: np.ndarray | None = None  # one unit vector per sentence, for retrieval (added at ingest)
    vector_model: str | None = None
    extractor: str = ""  # the extractor version that made it (Pipeline.extractor_version)


@dataclass(frozen=True, slots=True)
class EventCounts:
    """How many of one dyad's events each view shows, from the widest to the narrowest (every page says which)."""

    dyad: tuple[str, str]
    listed: int  # `events --dyad`: every stored event between the two, bar negated ones
    dated: int  # `timeline`: of those, the dated ones that are not hypothetical
    measured: int  # the index and the web menu: of those, dated within 12 years and between the two states
    happenings: int  # the report and phases: measured events once retellings of one happening are merged
    includes: tuple[str, ...] = ()  # the predecessors' dyads counted with the pair ("SUN-USA" for RUS-USA)

    def sentence(self) -> str:
        """One line that says what each count counts."""
        a, b = self.dyad
        with_them = f" (with {', '.join(self.includes)}, its states' predecessors)" if self.includes else ""
        return (
            f"Of {self.listed} {_events(self.listed)} between {a} and {b}{with_them} (negated ones left out):"
            f" {self.dated} dated and not hypothetical (the timeline); {self.measured} measured by the index"
            f" ({MEASURED}); {self.happenings} distinct happenings once retellings are merged (the report and the"
            " phases)."
        )


def _events(n: int) -> str:
    return "event" if n == 1 else "events"
