"""The checks of what the answer rests on: evidence for each argument, coverage of the turning points.

Evidence: an argument with no dated event, figure, named agreement or source gets two or three cited
examples from the documents. Coverage: the turning points the documents support (the key events of the
relationship's phases) that the answer leaves out, most telling first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

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
    where,
)
from dyadscope.review.findings import Finding
from dyadscope.review.parse import ParsedAnswer


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
        for n, paragraph in enumerate(part.paragraphs):
            if len(paragraph.text.split()) < 15 or support_in(paragraph.sentences, paragraph.text):
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
            found.append(Finding("evidence", where(part, n), message, suggestions, [Citation.of(h) for h in hits], 1.3))
    return found


def check_coverage(answer: ParsedAnswer, library: Library, limit: int = 8) -> list[Finding]:
    """The turning points the documents support that the answer leaves out, most telling first."""
    analysis = library.analysis
    if analysis is None or not analysis.measured_phases:
        return []
    sentences = [s for part in answer.parts for p in part.paragraphs for s in p.sentences]
    if not sentences:
        return []
    vectors = library.encode([s.text for s in sentences])
    years = {d.interval.start.year for s in sentences for d in s.dates if d.interval.granularity in PRECISE}
    candidates = [
        (phase, event) for phase in analysis.measured_phases for event in library.events(phase.key_events[:4])
    ]
    missing: list[tuple[float, Event]] = []
    seen: set[tuple[int, str]] = set()
    evidence = library.encode([e.evidence.text for _, e in candidates]) if candidates else np.zeros((0, 1))
    for (phase, event), vector in zip(candidates, evidence, strict=True):
        if event.date is None:
            continue
        key = (event.date.start.year, event.type)
        best = float((vectors @ vector).max())
        if key in seen or best >= COVERED or (event.date.start.year in years and best >= COVERED - 0.1):
            continue
        seen.add(key)
        missing.append((abs(event.intensity) * event.confidence * (1 + abs(phase.score) / 9), event))
    missing.sort(key=lambda pair: -pair[0])
    chosen = [e for _, e in missing[:limit]]
    if not chosen:
        return []
    last = answer.parts[-1]
    suggestions = [f"{e.date.start.year if e.date else '?'}: {claim_text(e.evidence.text)}" for e in chosen]
    citations = [Citation(e.evidence.doc, e.evidence.title, e.evidence.sentence_id, e.evidence.text) for e in chosen]
    points = "turning point" if len(chosen) == 1 else "turning points"
    message = f"Add more arguments: the documents support {len(chosen)} {points} the answer leaves out."
    return [Finding("coverage", where(last), message, suggestions, citations, 1.0 + 0.1 * len(chosen))]
