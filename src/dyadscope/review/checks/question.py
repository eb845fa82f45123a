"""The checks against the question as set: its frame, its variables (the crux), its directive, and narration.

Frame: a paragraph whose dated sentences lie mostly before the frame's start (beyond one short background
paragraph) or after its end is named with the years it narrates. Crux: a variable of the question the answer never
addresses. Directive: a plan that does not do what the directive asks (a description for "critically evaluate",
two separate accounts for "compare"). Narration: a paragraph that tells events one after another without saying
why they happened or what they changed. All read the answer's `Measures` (`dyadscope.review.measure`).
"""

from __future__ import annotations

from dyadscope.ask.question import Question
from dyadscope.review.checks.common import _under, where
from dyadscope.review.findings import Finding, Location
from dyadscope.review.measure import Block, Measures
from dyadscope.review.rubric import cue

WEIGHING = ("critically evaluate", "assess", "analyse", "explain", "examine")  # directives a description fails
ANALYTIC = (*WEIGHING, "compare", "discuss")  # directives a chronicle of dated events does not answer
NARRATION_SENTENCES = 3  # dated sentences, with none that explains, that make a paragraph a chronicle


def check_frame(question: Question, measures: Measures) -> list[Finding]:
    found = []
    for block in measures.off_frame:
        span = block.span()
        if len(block.before) >= len(block.after) and question.frame_start is not None:
            where_ = f"where the question starts in {question.frame_start.year} (“{question.frame_phrase}”)"
            advice = "keep one short background paragraph"
        else:
            end = question.frame_end.year if question.frame_end else "its frame"
            where_ = f"where the question ends in {end} (“{question.frame_phrase}”)"
            advice = "cut what falls after it or tie it to the question"
        message = f"This paragraph{_under(block.part)} narrates {span} {where_}: {advice}."
        found.append(Finding("relevance", where(block.part, block.n), message, weight=1.6, rule="off_frame"))
    return found


def check_crux(measures: Measures) -> list[Finding]:
    found = []
    for variable in measures.missed:
        message = (
            f"The answer never addresses “{variable}”, which the question names: it is the crux of the question, "
            "so give it an argument of its own, with dated evidence."
        )
        found.append(Finding("relevance", None, message, weight=2.0, rule="missed_crux"))
    return found


def check_directive(question: Question, measures: Measures) -> list[Finding]:
    """The plan against the directive: at most one finding."""
    directive = question.directive
    plan = measures.plan
    body = [s for b in measures.body for s in b.sentences]
    if directive == "compare":
        compared = sum(1 for s in body if cue("comparison").search(s.text))
        separate = plan is not None and cue("separate").search(plan[1].text) is not None
        if separate or (body and compared / len(body) < 0.1):
            return [
                _mismatch(
                    plan,
                    "The answer tells the cases one after the other, but the question asks you to compare: set them "
                    "side by side on common criteria (aims, aid, security, economy), with similarities and "
                    "differences under each heading.",
                )
            ]
        return []
    if directive not in WEIGHING:
        return []
    if plan is not None and cue("describing").search(plan[1].text):
        verb = "weigh it and reach a judgement" if directive in ("critically evaluate", "assess") else directive
        return [
            _mismatch(
                plan,
                f"The plan describes, but the question asks you to {directive}: organise the answer to {verb}, "
                "not to describe.",
            )
        ]
    weighed = sum(1 for s in body if cue("weighing").search(s.text))
    if directive in ("critically evaluate", "assess") and body and not weighed and measures.judgement is None:
        return [
            _mismatch(
                None,
                f"Nothing in the answer weighs one side against another, though the question asks you to {directive}: "
                "set out the case for and against and reach a judgement.",
            )
        ]
    return []


def _mismatch(plan: tuple[Block, object] | None, message: str) -> Finding:
    location = where(plan[0].part, plan[0].n) if plan is not None else None
    return Finding("structure", location, message, weight=1.7, rule="directive")


def check_narration(question: Question, measures: Measures) -> list[Finding]:
    """Paragraphs that tell events one after another ("Then… Then…"), or (where the directive asks for analysis,
    not a note or a trace) chronicle three or more dated events, without a sentence that says why they happened or
    what they changed."""
    found = []
    listing = question.directive in ANALYTIC
    for block in measures.blocks:
        if block.part.kind not in ("introduction", "argument", "challenges") or block.analytic:
            continue
        if len(block.sequence) >= 2:
            what = "tells events one after another (“Then… Then…”)"
        elif listing and _chronicle(block):
            what = "lists dated events"
        else:
            continue
        message = (
            f"This paragraph{_under(block.part)} {what} without saying why they happened or what they changed: "
            "explain what they show for the question."
        )
        found.append(Finding("relevance", where(block.part, block.n), message, weight=1.3, rule="narration"))
    return found


def _chronicle(block: Block) -> bool:
    """Three or more dated events and little else, from the first sentence on (a paragraph that opens with its
    claim, "The agreements did not stop patrols from clashing.", argues with the events it lists)."""
    narrative = block.narrative
    opens = bool(block.sentences) and block.sentences[0] in narrative
    return opens and len(narrative) >= NARRATION_SENTENCES and len(narrative) >= 0.75 * len(block.sentences)


def check_register(measures: Measures) -> list[Finding]:
    """Slogans and emotive, sweeping phrases (the rubric's list): an examiner marks the register down."""
    found = []
    for block, sentence, phrase in measures.slogans:
        location = Location(block.part.heading or None, block.paragraph.number, sentence.start, sentence.end)
        message = f"“{phrase}” is a slogan or a sweeping claim, not an argument: say what it rests on, with evidence."
        found.append(Finding("language", location, message, weight=0.5, rule="slogan"))
    return found
