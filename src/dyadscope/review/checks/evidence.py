"""The checks of what the answer rests on: evidence for each argument, coverage of the turning points.

Evidence: an argument with no dated event, figure, named agreement or source gets two or three cited
examples from the documents. Coverage: the turning points the documents support (the key events of the
relationship's phases) that the answer leaves out, most telling first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from dyadscope.ask.answer import Citation, claim_text
from dyadscope.ask.question import Question
from dyadscope.models import Event, Sentence
from dyadscope.review.checks.common import (
    COVERED,
    EXAMPLE_SIMILARITY,
    FIGURE,
    NAMED,
    PRECISE,
    SOURCE,
    Library,
    _under,
    addresses,
    crux,
    where,
)
from dyadscope.review.findings import Finding, Location
from dyadscope.review.parse import ParsedAnswer
from dyadscope.review.rubric import cue

if TYPE_CHECKING:
    from dyadscope.analyze.phases import Phase

YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
RELATED = 0.5  # a turning point this close to the question is about it, though it names none of its variables


def support_in(sentences: Sequence[Sentence], text: str) -> list[str]:
    """The concrete support a paragraph gives: precise dates, figures, named agreements or events, sources."""
    support = [d.text for s in sentences for d in s.dates if d.interval.granularity in PRECISE and d.kind != "named"]
    support += [d.text for s in sentences for d in s.dates if d.kind == "named" and d.interval.granularity == "day"]
    support += FIGURE.findall(text) + NAMED.findall(text) + SOURCE.findall(text)
    return support


def check_evidence(answer: ParsedAnswer, question: Question, library: Library) -> list[Finding]:
    """An argument with no dated example, figure, named agreement or source gets 2–3 cited examples."""
    found = []
    for part in answer.parts:
        if part.kind not in ("argument", "challenges"):
            continue
        dated_heading = YEAR.search(part.heading)  # "Abbottabad (2 May 2011): sovereignty and suspicion"
        for n, paragraph in enumerate(part.paragraphs):
            if len(paragraph.text.split()) < 15 or dated_heading or support_in(paragraph.sentences, paragraph.text):
                continue
            probe = replace(question, text=f"{part.heading}. {paragraph.text}", start=None, end=None)
            hits = [  # examples state their own date: a sentence that inherits one is no example
                h
                for h in library.search(probe, 20)
                if h.similarity >= EXAMPLE_SIMILARITY
                and h.sentence.date is not None
                and h.sentence.date.granularity in PRECISE
                and not h.sentence.date_inherited
            ][:3]
            message = (
                f"The argument{_under(part)} gives no concrete evidence (no dated event, agreement, figure or "
                "source): add and highlight examples."
            )
            suggestions = [
                f"{h.sentence.date.start.year}: {claim_text(h.sentence.text)}" for h in hits if h.sentence.date
            ]
            citations = [Citation.of(h) for h in hits]
            found.append(Finding("evidence", where(part, n), message, suggestions, citations, 1.3, "no_examples"))
    return found


def check_sweeping(answer: ParsedAnswer) -> list[Finding]:
    """Sweeping claims ("America always betrayed Pakistan") that give no date, example or source."""
    found = []
    for part in answer.parts:
        if part.kind not in ("introduction", "argument", "challenges"):
            continue
        for paragraph in part.paragraphs:
            for sentence in paragraph.sentences:
                if not cue("sweeping").search(sentence.text) or sentence.dates or support_in([sentence], sentence.text):
                    continue
                location = Location(part.heading or None, paragraph.number, sentence.start, sentence.end)
                message = f"“{sentence.text.strip()}” is a sweeping claim with no example: support it or qualify it."
                found.append(Finding("evidence", location, message, weight=0.8, rule="sweeping"))
    return found


def check_coverage(
    answer: ParsedAnswer, library: Library, question: Question | None = None, limit: int = 8
) -> list[Finding]:
    """The turning points the documents support that the answer leaves out, most telling first: inside the
    question's frame, about its variables when it names any, each told once."""
    analysis = library.analysis
    if analysis is None or not analysis.measured_phases:
        return []
    sentences = [s for part in answer.parts for p in part.paragraphs for s in p.sentences]
    if not sentences:
        return []
    vectors = library.encode([s.text for s in sentences])
    years = {d.interval.start.year for s in sentences for d in s.dates if d.interval.granularity in PRECISE}
    phases = analysis.measured_phases
    candidates = [(phase.score, event) for phase in phases for event in library.events(phase.key_events[:4])]
    if question is not None and (question.frame_phrase is not None or crux(question)):
        candidates += [(_score_at(phases, e), e) for e in _asked_events(question, library)]
    candidates = [(score, e) for score, e in candidates if question is None or _asked(e, question, library)]
    missing: list[tuple[float, Event]] = []
    seen: set[tuple[int, str]] = set()
    told: set[tuple[str, int]] = set()  # evidence sentences already suggested: one event a sentence
    evidence = library.encode([e.evidence.text for _, e in candidates]) if candidates else np.zeros((0, 1))
    for (score, event), vector in zip(candidates, evidence, strict=True):
        if event.date is None:
            continue
        key, place = (event.date.start.year, event.type), (event.evidence.doc, event.evidence.sentence_id)
        best = float((vectors @ vector).max())
        if key in seen or place in told or best >= COVERED:
            continue
        if event.date.start.year in years and best >= COVERED - 0.1:
            continue
        seen.add(key)
        told.add(place)
        missing.append((abs(event.intensity) * event.confidence * (1 + abs(score) / 9), event))
    missing.sort(key=lambda pair: -pair[0])
    chosen = [e for _, e in missing[:limit]]
    if not chosen:
        return []
    last = answer.parts[-1]
    suggestions = [f"{e.date.start.year if e.date else '?'}: {claim_text(e.evidence.text)}" for e in chosen]
    citations = [Citation(e.evidence.doc, e.evidence.title, e.evidence.sentence_id, e.evidence.text) for e in chosen]
    points = "turning point" if len(chosen) == 1 else "turning points"
    within = f" {question.frame_phrase}" if question is not None and question.frame_phrase else ""
    message = f"Add more arguments: the documents support {len(chosen)} {points}{within} the answer leaves out."
    return [Finding("coverage", where(last), message, suggestions, citations, 1.0 + 0.1 * len(chosen), "coverage")]


def _asked_events(question: Question, library: Library) -> list[Event]:
    """The stored events told by the sentences that best answer the question, in its frame."""
    probe = replace(question, start=question.frame_start, end=question.frame_end)
    hits = [h for h in library.search(probe, 30) if h.similarity >= EXAMPLE_SIMILARITY]
    return library.events_in([h.sentence.id for h in hits]) if hits else []


def _score_at(phases: Sequence[Phase], event: Event) -> float:
    when = event.date.start if event.date else None
    return next((p.score for p in phases if when is not None and p.start.date() <= when <= p.end.date()), 0.0)


def _asked(event: Event, question: Question, library: Library) -> bool:
    """An event inside the question's frame (its own date, not one inherited), and about one of its variables
    when it names any (or close to the question itself)."""
    when = event.date
    if when is None or (question.frame_phrase is not None and event.date_inherited):
        return False
    if question.frame_start is not None and when.end < question.frame_start:
        return False
    if question.frame_end is not None and when.start > question.frame_end:
        return False
    variables = crux(question)
    if not variables or any(addresses(event.evidence.text, v) for v in variables):
        return True
    pair = library.encode([question.text, event.evidence.text])
    return float(pair[0] @ pair[1]) >= RELATED
