"""The examiner's checks: structure, relevance, evidence, coverage, consistency, language.

Each check reads the parsed answer (and, where it needs them, the user's documents through a
`Library`) and returns findings. Examples and missing arguments are sentences of the documents,
cited; nothing is suggested that the documents do not say.

The checks of how the answer is built and written (structure, relevance, language) are in `structure`,
those of what it rests on (evidence, coverage) in `evidence`, the check of its facts in `consistency`, those
against the question as set (its frame, variables and directive; narration) in `question`; the thresholds and the
`Library` they share in `common`.
"""

from dyadscope.review.checks.common import (
    CHANGE_WORDS,
    COVERED,
    EXAMPLE_SIMILARITY,
    FIGURE,
    FRAME,
    JUDGEMENT,
    LONG,
    NAMED,
    OFF_TOPIC,
    PRECISE,
    SAME_FACT,
    SHORT,
    SOURCE,
    Library,
    where,
)
from dyadscope.review.checks.consistency import check_consistency
from dyadscope.review.checks.evidence import check_coverage, check_evidence, check_sweeping, support_in
from dyadscope.review.checks.question import check_crux, check_directive, check_frame, check_narration
from dyadscope.review.checks.structure import check_language, check_relevance, check_structure

__all__ = [
    "CHANGE_WORDS",
    "COVERED",
    "EXAMPLE_SIMILARITY",
    "FIGURE",
    "FRAME",
    "JUDGEMENT",
    "LONG",
    "NAMED",
    "OFF_TOPIC",
    "PRECISE",
    "SAME_FACT",
    "SHORT",
    "SOURCE",
    "Library",
    "check_consistency",
    "check_coverage",
    "check_crux",
    "check_directive",
    "check_evidence",
    "check_frame",
    "check_language",
    "check_narration",
    "check_relevance",
    "check_structure",
    "check_sweeping",
    "support_in",
    "where",
]
