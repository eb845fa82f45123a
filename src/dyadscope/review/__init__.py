"""Review a written answer as an examiner would, grounded in the user's documents.

`review_answer` parses the answer (question, outline, introduction, headed arguments, conclusion),
measures it against the question as set (`measure`), runs the checks in `checks/` and orders what it finds by
kind (`KINDS`), then by place in the answer. The review's summary, one line per kind, ranks the kinds by the
summed weight of their findings, so its first lines are the most valuable improvements. The mark out of 20 and the
strengths come from the same measures and findings, by the rubric in data/rubric.yaml (`mark`).
"""

from __future__ import annotations

from collections.abc import Sequence

from dyadscope.ask.question import Question
from dyadscope.models import Event
from dyadscope.review.checks import (
    Library,
    check_consistency,
    check_coverage,
    check_crux,
    check_directive,
    check_evidence,
    check_frame,
    check_language,
    check_narration,
    check_relevance,
    check_structure,
    check_sweeping,
)
from dyadscope.review.checks.offices import check_offices
from dyadscope.review.checks.question import check_register
from dyadscope.review.findings import KINDS, Criterion, Finding, Location, Mark, Review, summarise
from dyadscope.review.mark import mark_answer, strengths
from dyadscope.review.measure import measure
from dyadscope.review.parse import ParsedAnswer, parse_answer

__all__ = ["Criterion", "Finding", "Library", "Location", "Mark", "Review", "parse_answer", "review_answer"]


def review_answer(
    answer: ParsedAnswer, question: Question, answer_events: Sequence[Event], library: Library, sides: Sequence[str]
) -> Review:
    phases = library.analysis.measured_phases if library.analysis else []
    spans = [(p.start.date(), p.end.date()) for p in phases]
    measures = measure(answer, question, spans)
    findings: list[Finding] = []
    findings += check_structure(answer, library.encode)
    findings += check_directive(question, measures)
    findings += check_relevance(answer, question, library, sides)
    findings += check_frame(question, measures)
    findings += check_crux(measures)
    findings += check_narration(question, measures)
    findings += check_evidence(answer, question, library)
    findings += check_sweeping(answer)
    findings += check_coverage(answer, library, question)
    findings += check_consistency(answer, answer_events, question, library)
    told = {f.location for f in findings if f.kind == "consistency"}
    findings += [
        f for f in check_offices(answer, library.actors) if f.location not in told
    ]  # one factual finding a paragraph
    findings += check_language(answer)
    findings += check_register(measures)
    findings.sort(key=lambda f: (KINDS.index(f.kind), f.location.start if f.location else -1))
    mark = mark_answer(question, measures, findings)
    said = strengths(question, measures, findings)
    return Review(question.text, answer.text, summarise(findings), findings, answer.words, mark, said)
