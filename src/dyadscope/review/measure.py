"""What the review measures on an answer against the question as set: what the question checks and the mark read.

For each paragraph: its words, the sentences that date something themselves and where those dates lie against the
question's frame (before it, inside, after it), the sentences that explain or evaluate (the rubric's analysis cues)
and those that only carry a story on ("Then…"), and its concrete support (`support_in`). For the answer: where it
addresses each of the question's variables, its thesis, the judgement of its conclusion, the sentence announcing
its plan, the paragraphs narrating outside the frame (beyond one short background paragraph), the periods of the
frame it tells, its slogans. The cue words and thresholds are the rubric's (data/rubric.yaml).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from dyadscope.ask.question import Question
from dyadscope.models import DateInterval, Sentence
from dyadscope.review.checks.common import PRECISE, addresses, crux
from dyadscope.review.checks.evidence import support_in
from dyadscope.review.parse import Paragraph, ParsedAnswer, Part
from dyadscope.review.rubric import cue, frame_rule

LONGEST = 4400  # days: a date longer than this (an era, "the Cold War") places nothing in or out of a frame
BODY = ("argument", "challenges", "evaluation")
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


@dataclass(slots=True)
class Block:
    """One paragraph of the answer, as measured."""

    part: Part
    n: int  # its place in the part
    paragraph: Paragraph
    before: list[Sentence] = field(default_factory=list)  # sentences dated before the frame (by their own dates)
    inside: list[Sentence] = field(default_factory=list)
    after: list[Sentence] = field(default_factory=list)
    analytic: list[Sentence] = field(default_factory=list)  # sentences that explain or evaluate
    sequence: list[Sentence] = field(default_factory=list)  # sentences that open "Then…", "Later…"
    narrative: list[Sentence] = field(default_factory=list)  # dated or sequence sentences that do neither
    support: list[str] = field(default_factory=list)  # precise dates, figures, named agreements, sources

    @property
    def words(self) -> int:
        return len(self.paragraph.text.split())

    @property
    def sentences(self) -> list[Sentence]:
        return self.paragraph.sentences

    @property
    def outside(self) -> list[Sentence]:
        return self.before + self.after

    def span(self) -> str:
        """The years the paragraph's narration outside the frame covers: "1923–1974"."""
        years = [iv.start.year for s in self.outside for iv in _intervals(s)]
        years += [iv.end.year for s in self.outside for iv in _intervals(s)]
        first, last = min(years), max(years)
        return f"{first}–{last}" if first != last else str(first)


@dataclass(slots=True)
class Measures:
    blocks: list[Block]
    variables: dict[str, list[str]]  # each variable of the question → the headings and sentences addressing it
    thesis: Sentence | None
    judgement: Sentence | None
    plan: tuple[Block, Sentence] | None  # the sentence announcing the plan, in the introduction
    off_frame: list[Block]  # paragraphs narrating outside the frame, beyond one short background paragraph
    periods: list[tuple[date, date, bool]]  # the periods of the frame, and whether the answer tells each
    slogans: list[tuple[Block, Sentence, str]]
    words: int

    @property
    def body(self) -> list[Block]:
        return [b for b in self.blocks if b.part.kind in BODY]

    @property
    def missed(self) -> list[str]:
        return [v for v, places in self.variables.items() if not places]

    def analytic_share(self) -> float:
        """The share of the body's and conclusion's sentences that explain or evaluate."""
        blocks = [b for b in self.blocks if b.part.kind in (*BODY, "conclusion")]
        total = sum(len(b.sentences) for b in blocks)
        return sum(len(b.analytic) for b in blocks) / total if total else 0.0


def measure(
    answer: ParsedAnswer,
    question: Question,
    phases: Sequence[tuple[date, date]] = (),
    today: date | None = None,
) -> Measures:
    blocks = [_block(part, n, question) for part in answer.parts for n in range(len(part.paragraphs))]
    opening = next((p for p in answer.parts if p.kind == "introduction"), None)  # not a "Background" after it
    intro = [b for b in blocks if b.part is opening]
    conclusion = [b for b in blocks if b.part.kind == "conclusion"]
    thesis = next((s for b in intro for s in b.sentences if _argues(s.text, "thesis")), None)
    judgement = next((s for b in conclusion for s in b.sentences if _argues(s.text, "judgement")), None)
    variables = crux(question)
    plan = next(((b, s) for b in intro for s in b.sentences if cue("plan").search(s.text)), None)
    slogans = [(b, s, m.group(0)) for b in blocks for s in b.sentences if (m := cue("slogans").search(s.text))]
    return Measures(
        blocks,
        {v: _addressed(v, answer) for v in variables},
        thesis,
        judgement,
        plan,
        _off_frame(blocks),
        _periods(blocks, question, bool(variables), phases, today or date.today()),
        slogans,
        answer.words,
    )


def _argues(text: str, kind: str) -> bool:
    """A sentence that states a thesis or a judgement: an argument's cue, not advice ("Pakistan should…") and not a
    slogan."""
    if not (cue(kind).search(text) or cue("analysis").search(text)):
        return False
    return not cue("advice").search(text) and not cue("slogans").search(text)


def _intervals(sentence: Sentence) -> list[DateInterval]:
    """The sentence's own dates that are narrow enough to place it in time (not "since 1947", not an era)."""
    return [
        d.interval for d in sentence.dates if not d.open_end and (d.interval.end - d.interval.start).days <= LONGEST
    ]


def _block(part: Part, n: int, question: Question) -> Block:
    paragraph = part.paragraphs[n]
    block = Block(part, n, paragraph, support=support_in(paragraph.sentences, paragraph.text))
    block.support += YEAR.findall(part.heading)  # "Abbottabad (2 May 2011): sovereignty and suspicion"
    start = question.frame_start - timedelta(days=frame_rule("margin_days")) if question.frame_start else None
    end = question.frame_end + timedelta(days=frame_rule("margin_after_days")) if question.frame_end else None
    framed = question.frame_phrase is not None and (start is not None or end is not None)
    for sentence in paragraph.sentences:
        intervals = _intervals(sentence)
        if framed and intervals:
            if any((start is None or iv.end >= start) and (end is None or iv.start <= end) for iv in intervals):
                block.inside.append(sentence)
            elif start is not None and all(iv.end < start for iv in intervals):
                block.before.append(sentence)
            else:
                block.after.append(sentence)
        text = sentence.text.strip()
        if cue("analysis").search(text):
            block.analytic.append(sentence)
            continue
        opens = cue("sequence").match(text)
        if opens:
            block.sequence.append(sentence)
        if opens or any(d.interval.granularity in PRECISE for d in sentence.dates):
            block.narrative.append(sentence)
    return block


def _off_frame(blocks: Sequence[Block]) -> list[Block]:
    """Paragraphs of the introduction and body whose dated sentences lie mostly outside the frame: two or more of
    them, or one after the frame's end with none inside and nothing that explains. The first paragraph before the
    frame is background an examiner allows when it is short: a sentence or two outside the frame, in few words."""
    sentences, words = frame_rule("background_sentences"), frame_rule("background_words")
    found: list[Block] = []
    background_used = False
    for block in blocks:
        if block.part.kind not in ("introduction", *BODY):
            continue
        mostly = len(block.outside) >= 2 and len(block.outside) > len(block.inside)
        told_after = len(block.after) == 1 and not block.before and not block.inside and not block.analytic
        if not mostly and not told_after:
            continue
        if len(block.before) > len(block.after) and not background_used:
            background_used = True
            if len(block.outside) <= sentences and block.words <= words:
                continue
        found.append(block)
    return found


def _periods(
    blocks: Sequence[Block], question: Question, variables: bool, phases: Sequence[tuple[date, date]], today: date
) -> list[tuple[date, date, bool]]:
    """The periods the answer should tell, and whether it tells each (with enough dated sentences): the
    relationship's phases inside the frame, a long one cut into equal parts (the whole relationship's when the
    question sets no frame and names no variable; none when it names variables but no frame)."""
    if question.frame_phrase is None or (question.frame_start is None and question.frame_end is None):
        if variables:
            return []
        spans = list(phases)
    else:
        first, last = question.frame_start or date.min, question.frame_end or today
        spans = [(max(a, first), min(b, last)) for a, b in phases if a <= last and b >= first]
        if not spans:
            spans = [(first if first != date.min else last, last)]
    longest = frame_rule("period_years")
    cut = []
    for a, b in spans:
        parts = max(1, math.ceil((b.year - a.year + 1) / longest))
        step = (b - a) / parts
        cut += [(a + step * i, a + step * (i + 1) if i + 1 < parts else b) for i in range(parts)]
    told = [iv for b in blocks for s in b.sentences for iv in _intervals(s)]
    need = frame_rule("period_sentences")
    return [(a, b, sum(iv.start <= b and iv.end >= a for iv in told) >= need) for a, b in cut]


def _addressed(variable: str, answer: ParsedAnswer) -> list[str]:
    """The headings and sentences that address a variable of the question."""
    found = []
    for part in answer.parts:
        if part.heading and addresses(part.heading, variable):
            found.append(part.heading)
        found += [s.text for p in part.paragraphs for s in p.sentences if addresses(s.text, variable)]
    return found
