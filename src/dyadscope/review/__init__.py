"""Review a written answer as an examiner would, grounded in the user's documents.

`review_answer` parses the answer (question, outline, introduction, headed arguments, conclusion),
runs the checks in `checks/` and orders what it finds by kind (`KINDS`), then by place in the answer.
The review's summary, one line per kind, ranks the kinds by the summed weight of their findings, so its
first lines are the most valuable improvements.
"""

from __future__ import annotations

from collections.abc import Sequence

from dyadscope.ask.question import Question
from dyadscope.models import Event
from dyadscope.review.checks import (
    Library,
    check_consistency,
    check_coverage,
    check_evidence,
    check_language,
    check_relevance,
    check_structure,
)
from dyadscope.review.findings import KINDS, Finding, Location, Review, summarise
from dyadscope.review.parse import ParsedAnswer, parse_answer

__all__ = ["Finding", "Library", "Location", "Review", "parse_answer", "review_answer"]


def review_answer(
    answer: ParsedAnswer, question: Question, answer_events: Sequence[Event], library: Library, sides: Sequence[str]
) -> Review:
    findings: list[Finding] = []
    findings += check_structure(answer, library.encode)
    findings += check_relevance(answer, question, library, sides)
    findings += check_evidence(answer, question, library)
    findings += check_coverage(answer, library)
    findings += check_consistency(answer, answer_events, question, library)
    findings += check_language(answer)
    findings.sort(key=lambda f: (KINDS.index(f.kind), f.location.start if f.location else -1))
    return Review(question.text, answer.text, summarise(findings), findings, answer.words)
