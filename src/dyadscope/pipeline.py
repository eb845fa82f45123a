"""The text → events pipeline: segment, date, find actors, code events. Pure: no I/O, no store.

One `Pipeline` holds the loaded models and dictionaries (built once, reused for every
document), so the same object serves the CLI, the Python API, `dyadscope code -` and
Dask workers.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from dyadscope.extract.coder import EventCoder, SentenceContext
from dyadscope.extract.lexicon import CueTagger, Scores, TriggerLexicon
from dyadscope.models import DateInterval, DateMention, Event, RawDocument, Sentence
from dyadscope.nlp.actors import (
    DYAD_CODE,
    ActorMatcher,
    apply_successions,
    load_builtin_actors,
    load_successions,
    load_user_actors,
    tenures,
)
from dyadscope.nlp.dates import DateFinder, load_named_periods
from dyadscope.nlp.embed import sentence_context
from dyadscope.nlp.segment import Segmenter, build_tokenizer_pipeline, tokenizer_of

STATE_KINDS = frozenset({"country", "government", "military", "intelligence", "leader", "legislature"})


@dataclass(slots=True)
class ProcessedDocument:
    raw: RawDocument
    sentences: list[Sentence]
    events: list[Event]
    dyad: tuple[str, str] | None = None
    errors: list[str] = field(default_factory=list)
    vectors: np.ndarray | None = None  # one unit vector per sentence, for retrieval (added at ingest)
    vector_model: str | None = None


class Pipeline:
    """Everything loaded once; `process` turns a `RawDocument` into sentences and events."""

    def __init__(self, actor_files: Sequence[Path] = (), *, builtin_actors: bool = True) -> None:
        self.nlp = build_tokenizer_pipeline()
        actors = load_builtin_actors() if builtin_actors else []
        for path in actor_files:
            actors.extend(load_user_actors(path))
        self.segmenter = Segmenter(self.nlp)
        self.actor_matcher = ActorMatcher(self.nlp, actors)
        self.dates = DateFinder(load_named_periods(), tenures(actors))
        self.successions = load_successions() if builtin_actors else []
        self.coder = EventCoder(
            TriggerLexicon(self.nlp), CueTagger("contexts.yaml"), CueTagger("issues.yaml"), Scores()
        )

    def process(self, raw: RawDocument) -> ProcessedDocument:
        sentences = self.segmenter.segment(raw.text)
        for sentence in sentences:
            sentence.context = sentence_context(raw.title, raw.source, sentence.section_path)
        anchor = raw.doc_date if raw.news_like else None
        docs = list(tokenizer_of(self.nlp).pipe(s.text for s in sentences))
        for sentence, doc in zip(sentences, docs, strict=True):
            sentence.mentions = self.actor_matcher(doc, sentence.start)
            sentence.dates = merge_coordinated(sentence.text, self.dates.find(sentence.text, anchor))
        assign_dates(sentences, raw.doc_date if raw.news_like else None)
        for sentence in sentences:
            apply_successions(sentence.mentions, sentence.date, self.successions)
        dyad = main_dyad(sentences)
        events: list[Event] = []
        for sentence, doc in zip(sentences, docs, strict=True):
            if sentence.is_heading or not sentence.mentions:
                continue
            ctx = SentenceContext(
                raw.content_hash,
                raw.path,
                raw.title,
                sentence.index,
                sentence.start,
                sentence.end,
                sentence.text,
                sentence.date,
                sentence.date_inherited is not None,
                dyad,
            )
            events.extend(self.coder.code(doc, sentence.mentions, sentence.dates, ctx))
        return ProcessedDocument(raw, sentences, events, dyad)

    def code_text(self, text: str, *, anchor: date | None = None) -> list[Event]:
        """Code one text without a store (the `dyadscope code` command)."""
        digest = hashlib.sha256(text.encode()).hexdigest()
        raw = RawDocument("<text>", text, digest, "text/plain", "<text>", doc_date=anchor, news_like=anchor is not None)
        return self.process(raw).events


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


def main_dyad(sentences: Sequence[Sentence]) -> tuple[str, str] | None:
    """The two states a document is mostly about: its two most-mentioned state actors."""
    counts = Counter(m.code for s in sentences for m in s.mentions if m.kind in STATE_KINDS and m.code != DYAD_CODE)
    top = [code for code, _ in counts.most_common(2)]
    if len(top) < 2:
        return None
    first, second = sorted(top)
    return first, second


def assign_dates(sentences: Sequence[Sentence], doc_date: date | None) -> None:
    """Give each sentence its own date, else its section's, the previous sentence's or the document's.

    A dated sentence at most two sentences before it in the same paragraph wins over the section heading
    when it lies inside the heading's scope (it is more precise); inherited dates are marked as such.
    """
    heading_dates: dict[tuple[str, ...], DateInterval] = {}
    previous: Sentence | None = None
    for sentence in sentences:
        own = sentence.dates[0].interval if sentence.dates else None
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
