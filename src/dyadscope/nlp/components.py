"""The reading half of the pipeline as named spaCy components over one document `Doc`.

    dyadscope_segment → dyadscope_kind → dyadscope_actors → dyadscope_dates → dyadscope_parse

Each component declares what it reads (`requires`) and writes (`assigns`) and which data files it uses; its
`version` and the hash of those files make up the extractor version that decides whether a stored document is
coded again (`dyadscope.pipeline.extractor_version`). The coding half is in `dyadscope.extract.components`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from importlib.resources.abc import Traversable
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from dyadscope.data import data_path, lang_words
from dyadscope.data.kinds import coded
from dyadscope.models import INSTRUMENT, DateInterval, DateMention, Sentence
from dyadscope.nlp.actor_data import load_builtin_actors, load_successions, load_user_actors, tenures
from dyadscope.nlp.actors import DYAD_CODE, STATE_KINDS, ActorMatcher, agent_sectors, apply_successions
from dyadscope.nlp.bodies import Bodies
from dyadscope.nlp.dates import DateFinder, load_named_periods
from dyadscope.nlp.embed import sentence_context
from dyadscope.nlp.kinds import detect_kind
from dyadscope.nlp.language import parser_model
from dyadscope.nlp.parse import PRONOUNS, Parser
from dyadscope.nlp.people import People, family_names
from dyadscope.nlp.segment import segment_doc

EXTENSIONS: dict[str, Any] = {
    "raw": None,  # the RawDocument being processed
    "sentences": None,  # list[Sentence]
    "sector_nouns": None,  # dict[sentence index, list[Mention]]: "police", "troops" with no country yet
    "dyad": None,  # the document's two most-mentioned states
    "parses": None,  # dict[sentence index, Doc]
    "candidates": None,  # list[Candidate]
    "events": None,  # list[Event]
    "code_every_kind": False,  # code a kind that is never stored as events (a student's answer under review)
    # (first, end, last?): the sentences (by index) the parse and the components after it code now; None: all
    "window": None,
    "carried": None,  # dict: what those components carry from one window to the next
}
T = TypeVar("T")

for _name, _default in EXTENSIONS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class Component:
    """What every dyadscope component tells about itself."""

    version = "1"
    data_files: tuple[Traversable, ...] = ()

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError


def parses_of(doc: Doc) -> dict[int, Doc]:
    """The dependency parses `dyadscope_parse` left, by sentence index."""
    parses = doc._.parses
    assert parses is not None, "dyadscope_parse must run first"
    return dict(parses)


def sentences_of(doc: Doc) -> list[Sentence]:
    sentences = doc._.sentences
    assert sentences is not None, "dyadscope_segment must run first"
    return list(sentences)


def window_of(doc: Doc) -> list[Sentence]:
    """The sentences the parse and the components after it code now (`dyadscope.pipeline.WINDOW`)."""
    window = doc._.window
    if window is None:
        return sentences_of(doc)
    sentences = doc._.sentences  # in order of index: the window is a slice, found without a pass over them all
    first = bisect_left(sentences, window[0], key=attrgetter("index"))
    return list(sentences[first : bisect_left(sentences, window[1], lo=first, key=attrgetter("index"))])


def last_window(doc: Doc) -> bool:
    return doc._.window is None or bool(doc._.window[2])


def carried(doc: Doc) -> dict[str, Any]:
    """What the components from the parse on carry from one window to the next (`Pipeline.run` starts it)."""
    if doc._.carried is None:
        doc._.carried = {}
    held: dict[str, Any] = doc._.carried
    return held


def per_document(doc: Doc, key: str, compute: Callable[[], T]) -> T:
    """A reading of the whole document, made on the first window and kept for the others."""
    held = carried(doc)
    if key not in held:
        held[key] = compute()
    value: T = held[key]
    return value


@Language.factory("dyadscope_segment", assigns=["doc._.sentences"], requires=["doc.text"])
def make_segment(nlp: Language, name: str) -> Segment:
    return Segment()


class Segment(Component):
    """Headings and sentences with offsets and section paths; each sentence's context for retrieval."""

    version = "3"

    def __call__(self, doc: Doc) -> Doc:
        raw = doc._.raw
        if doc._.sentences is not None:  # given (labelled data: the annotators' sentences)
            return doc
        sentences = segment_doc(doc)
        for sentence in sentences:
            sentence.context = sentence_context(raw.title, raw.source, sentence.section_path) if raw else ""
        doc._.sentences = sentences
        return doc


@Language.factory("dyadscope_kind", assigns=["doc._.raw"], requires=["doc._.raw"])
def make_kind(nlp: Language, name: str) -> Kind:
    return Kind()


class Kind(Component):
    """The document's kind (`nlp.kinds`), read from its text unless the user set it: it decides whether the
    document is coded (non-prose and student answers are not) and what its events weigh."""

    version = "1"
    data_files = (data_path("lang", "en", "document_kinds.yaml"), data_path("document_kinds.csv"))

    def __call__(self, doc: Doc) -> Doc:
        raw = doc._.raw
        if raw is not None and not raw.kind:
            raw.kind, raw.kind_origin = detect_kind(raw).kind, "detected"
        return doc


@Language.factory(
    "dyadscope_actors",
    assigns=["doc._.sentences", "doc._.sector_nouns"],
    requires=["doc._.sentences"],
    default_config={"actor_files": [], "builtin": True},
)
def make_actors(nlp: Language, name: str, actor_files: list[str], builtin: bool) -> Actors:
    return Actors(nlp, [Path(p) for p in actor_files], builtin=builtin)


class Actors(Component):
    """Actor mentions from the dictionaries, bodies named again by a common noun (`dyadscope.nlp.bodies`), people
    introduced with their state (`dyadscope.nlp.people`), and sector nouns."""

    version = "15"  # 15: a leader's name in a building's ("Blair House"), a capital's in an accord's; 14: "Franco-"

    def __init__(self, nlp: Language, actor_files: Sequence[Path], *, builtin: bool = True) -> None:
        actors = load_builtin_actors() if builtin else []
        for path in actor_files:
            actors.extend(load_user_actors(path))
        self.actors = actors
        self.matcher = ActorMatcher(nlp, actors)
        self.people = People(agent_sectors(), self.matcher.words)
        self.bodies = Bodies()
        files = ["countries.csv", "organizations.csv", "leaders.csv", "successions.csv", "ship_prefixes.csv"]
        files.append("not_actors.yaml")
        self.data_files = (
            *(data_path("actors", f) for f in files),
            data_path("lang", "en", "agents.yaml"),
            data_path("lang", "en", "people.yaml"),
            data_path("lang", "en", "bodies.yaml"),
            data_path("lang", "en", "words.yaml"),
            data_path("lang", "en", "states.yaml"),
            *actor_files,
        )

    def __call__(self, doc: Doc) -> Doc:
        sentences = sentences_of(doc)
        mentions = self.matcher(doc)
        nouns = self.matcher.sector_nouns(doc)
        _distribute(sentences, mentions, "mentions")
        family_names(sentences, self.matcher.by_id, self.people.office_words)
        self.bodies(sentences)
        titled = self.people(sentences)
        by_sentence: dict[int, list[Any]] = {}
        for sentence, found in zip(sentences, _split(sentences, nouns), strict=True):
            taken = {(m.start, m.end) for m in sentence.mentions}
            kept = [n for n in found if (n.start, n.end) not in taken]
            kept += [
                p for p in titled.get(sentence.index, []) if not any(n.start < p.end and p.start < n.end for n in kept)
            ]
            by_sentence[sentence.index] = kept
        doc._.sector_nouns = by_sentence
        return doc


def _split(sentences: Sequence[Sentence], mentions: Sequence[Any]) -> list[list[Any]]:
    """Mentions (document offsets, sorted) grouped by the sentence they fall in."""
    groups: list[list[Any]] = [[] for _ in sentences]
    i = 0
    for mention in sorted(mentions, key=lambda m: m.start):
        while i < len(sentences) and sentences[i].end <= mention.start:
            i += 1
        if i < len(sentences) and sentences[i].start <= mention.start and mention.end <= sentences[i].end:
            groups[i].append(mention)
    return groups


def _distribute(sentences: Sequence[Sentence], mentions: Sequence[Any], field: str) -> None:
    for sentence, found in zip(sentences, _split(sentences, mentions), strict=True):
        setattr(sentence, field, found)


def main_dyad(sentences: Sequence[Sentence]) -> tuple[str, str] | None:
    """The two states a document is mostly about: its two most-mentioned state actors."""
    counts = Counter(m.code for s in sentences for m in s.mentions if m.kind in STATE_KINDS and m.code != DYAD_CODE)
    top = [code for code, _ in counts.most_common(2)]
    if len(top) < 2:
        return None
    first, second = sorted(top)
    return first, second


@Language.factory(
    "dyadscope_dates",
    assigns=["doc._.sentences", "doc._.dyad"],
    requires=["doc._.sentences"],
)
def make_dates(nlp: Language, name: str) -> Dates:
    actors = nlp.get_pipe("dyadscope_actors")
    assert isinstance(actors, Actors)
    return Dates(actors)


class Dates(Component):
    """Time expressions in each sentence, each sentence's date, people and states resolved by that date, and the
    document's main dyad."""

    version = "7"  # 7: "held since 1990" names a thing's state; 6: a named period whatever the case of its first word
    data_files = (
        data_path("named_periods.csv"),
        data_path("actors", "successions.csv"),
        data_path("lang", "en", "words.yaml"),
    )

    def __init__(self, actors: Actors) -> None:
        self.finder = DateFinder(load_named_periods(), tenures(actors.actors))
        self.matcher = actors.matcher
        self.successions = load_successions()
        nouns = "|".join(re.escape(w) for w in lang_words("instrument_nouns"))
        # "the Foreign Assistance Act of 1961", "the Treaty of Versailles of 1919", "Resolution 242 (1967)", "the
        # Treaty of Peace and Friendship between Argentina and Chile of 1984", "the Act for Fiscal Year 2019"
        name = r"(?:\s+(?:of|between|for|on)\s+(?:the\s+)?[A-Z][\w'.-]*(?:\s+(?:and\s+)?[A-Z][\w'.-]*){0,3}){0,2}"
        self.title_before = re.compile(rf"\b(?:{nouns}){name}(?:\s+\d[\d/]*)?(?:\s+of)?[\s,(]*$", re.IGNORECASE)
        self.title_after = re.compile(rf"^\s+(?:[\w-]+\s+){{0,2}}(?:{nouns})\b", re.IGNORECASE)
        preps = "|".join(re.escape(w) for w in lang_words("time_preps"))
        self.time_before = re.compile(rf"\b(?:{preps})\s*$", re.IGNORECASE)
        # "the export restrictions of 2019", "the war of 1965": a thing named by its year ("the summer of 2018" is
        # a time: `time_of_nouns`)
        self.thing_of = re.compile(r"\bthe\s+(?:[a-z][\w-]*\s+){0,2}(?P<noun>[a-z][\w-]*)\s+of\s+$")
        self.time_nouns = frozenset(lang_words("time_of_nouns"))
        # "equipment held since 1990": since when a thing has been so, a participle of a state on a noun (not "have
        # been held since", nor a verb of change: "relations improved since 2001" dates the sentence)
        auxiliaries = "|".join(re.escape(w) for w in lang_words("state_auxiliaries"))
        states = "|".join(re.escape(w) for w in lang_words("state_participles"))
        self.held_since = re.compile(rf"\b(?!(?:{auxiliaries})\b)[A-Za-z]+\s+(?:{states})\s*$", re.IGNORECASE)

    def _names(self, text: str, mention: DateMention) -> bool:
        """A year that is part of an instrument's name: "the Foreign Assistance Act of 1961", "its 1959 bilateral
        agreement". It dates the instrument (kind `instrument`), not what the sentence tells: the sentence does not
        take it, and only an event named by the instrument's own noun phrase does (`dyadscope.extract.coder`). So
        does since when a thing has been so ("equipment held since 1990")."""
        before = text[max(0, mention.start - 90) : mention.start]
        if text[mention.start : mention.end].lower().startswith("since") and self.held_since.search(before):
            return True  # "equipment held since 1990": when the thing came to be so
        if mention.interval.granularity in ("day", "month", "year") and self.title_before.search(before):
            return True  # "the Simla Agreement of 2 July 1972"
        if mention.interval.granularity != "year":
            return False
        thing = self.thing_of.search(before)
        if thing is not None and thing["noun"] not in self.time_nouns:
            return True
        # "its 1959 bilateral agreement", not "in 1990 the law suspended ..."
        return not self.time_before.search(before) and bool(
            self.title_after.match(text[mention.end : mention.end + 60])
        )

    def __call__(self, doc: Doc) -> Doc:
        raw = doc._.raw
        anchor = raw.doc_date if raw is not None and raw.news_like else None
        sentences = sentences_of(doc)
        for sentence in sentences:
            found = [
                replace(d, kind=INSTRUMENT) if self._names(sentence.text, d) else d
                for d in self.finder.find(sentence.text, anchor)
            ]
            sentence.dates = merge_coordinated(sentence.text, found)
        assign_dates(sentences, anchor)
        for sentence in sentences:
            self.matcher.resolve_people(sentence.mentions, sentence.date, sentence.text, sentence.start)
            apply_successions(sentence.mentions, sentence.date, self.successions)
        doc._.dyad = main_dyad(sentences)
        return doc


@Language.factory("dyadscope_parse", assigns=["doc._.parses"], requires=["doc._.sentences", "doc._.sector_nouns"])
def make_parse(nlp: Language, name: str) -> Parse:
    return Parse()


class Parse(Component):
    """Tags and a dependency parse for each body sentence that names an actor or a sector."""

    every = False  # training sets it: every body sentence is parsed

    def __init__(self) -> None:
        self.parser = Parser(parser_model())
        self.version = self.parser.version

    def __call__(self, doc: Doc) -> Doc:
        sentences = window_of(doc)
        nouns = doc._.sector_nouns or {}
        raw = doc._.raw
        if raw is not None and not coded(raw.kind) and not doc._.code_every_kind:  # non-prose, an answer: not coded
            doc._.parses = {}
            return doc
        known = per_document(  # whether the document names a state anywhere
            doc, "names a state", lambda: any(m.kind in STATE_KINDS for s in sentences_of(doc) for m in s.mentions)
        )
        spans = [doc.char_span(s.start, s.end, alignment_mode="expand") for s in sentences]
        wanted = [
            s
            for s, span in zip(sentences, spans, strict=True)
            if not s.is_heading
            and not s.is_table
            and span is not None
            and (
                self.every or s.mentions or (known and (nouns.get(s.index) or any(t.lower_ in PRONOUNS for t in span)))
            )
        ]
        spans = [doc.char_span(s.start, s.end, alignment_mode="expand") for s in wanted]
        pairs = [(s, span) for s, span in zip(wanted, spans, strict=True) if span is not None and len(span)]
        parsed = self.parser([span for _, span in pairs])
        doc._.parses = {s.index: p for (s, _), p in zip(pairs, parsed, strict=True)}
        return doc


def merge_coordinated(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """ "the 1970s and 1980s" is one span of time for what the sentence tells, not two."""
    merged: list[DateMention] = []
    for mention in mentions:
        last = merged[-1] if merged else None
        if last is not None and text[last.end : mention.start].strip().lower() in ("and", "and the", "and in"):
            interval = DateInterval(
                min(last.interval.start, mention.interval.start), max(last.interval.end, mention.interval.end), "range"
            )
            merged[-1] = DateMention(last.start, mention.end, text[last.start : mention.end], interval, last.kind)
        else:
            merged.append(mention)
    return merged


def assign_dates(sentences: Sequence[Sentence], doc_date: date | None) -> None:
    """Give each sentence its own date, else its section's, the previous sentence's or the document's.

    A dated sentence at most two sentences before it in the same paragraph wins over the section heading
    when it lies inside the heading's scope (it is more precise); inherited dates are marked as such.
    """
    heading_dates: dict[tuple[str, ...], DateInterval] = {}
    previous: Sentence | None = None
    for sentence in sentences:
        own = next((d.interval for d in sentence.dates if d.kind != INSTRUMENT), None)
        if sentence.is_heading:
            if own is not None:
                heading_dates[sentence.section_path] = own
            sentence.date, previous = own, None
            continue
        if own is not None:
            recent = previous is not None and previous.paragraph == sentence.paragraph and previous.date is not None
            if recent and previous and previous.date and _narrows(previous.date, own):
                # "... the coup in 1999. The Clinton administration imposed sanctions": 1999, not 1993-2001.
                sentence.date, sentence.date_inherited = previous.date, "previous"
                continue
            sentence.date, previous = own, sentence
            continue
        scope = _section_scope(sentence.section_path, heading_dates)
        if (
            previous is not None
            and previous.paragraph == sentence.paragraph
            and previous.date
            and (scope is None or (scope.start <= previous.date.start and previous.date.end <= scope.end))
        ):
            sentence.date, sentence.date_inherited = previous.date, "previous"
        elif scope is not None:
            sentence.date, sentence.date_inherited = scope, "section"
        elif doc_date is not None:
            sentence.date, sentence.date_inherited = DateInterval(doc_date, doc_date, "day"), "document"
        previous = None if previous is not None and previous.index < sentence.index - 2 else previous


def _narrows(precise: DateInterval, broad: DateInterval) -> bool:
    """True when `precise` is a year or less lying inside a `broad` tenure, era or span of years."""
    short = (precise.end - precise.start).days <= 366
    long = (broad.end - broad.start).days > 366
    return short and long and broad.start <= precise.start and precise.end <= broad.end


def _section_scope(path: tuple[str, ...], heading_dates: dict[tuple[str, ...], DateInterval]) -> DateInterval | None:
    for depth in range(len(path), 0, -1):
        interval = heading_dates.get(path[:depth])
        if interval is not None:
            return interval
    return None
