"""The mark out of 20, as a teacher gives it, and what the answer does well.

Each criterion of the rubric (data/rubric.yaml) is scored from what the checks measured on the answer
(`Measures`) and what they found (`Finding.rule`), with the rubric's deductions:

* relevance (4): 1 off for each section or paragraph off the question and each paragraph narrating outside the
  frame (2 at most for each); half a point when half the headings do not say how they answer; at most 2 when a
  variable of the question is never addressed.
* structure (3): an introduction with a thesis, headings, a conclusion with a judgement, an outline the body
  follows; at most 1 when the plan does not do what the directive asks.
* evidence (4): the share of the arguments' paragraphs with concrete support (two pieces each for full credit),
  less 1 for each claim the documents contradict.
* analysis (4): the share of sentences that explain or evaluate, by the rubric's bands, less 1 for each paragraph of
  narration and 1 when the conclusion reaches no judgement where the directive asks for one.
* coverage (3): the share of the question's variables addressed and of its frame's periods told.
* language (2): half a point for every few slips, for each slogan, and for an answer too short to develop.

Scores are kept between 0 and each criterion's maximum and rounded to halves; the mark is their sum.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dyadscope.ask.question import Question
from dyadscope.review.findings import Criterion, Finding, Mark
from dyadscope.review.measure import Measures
from dyadscope.review.rubric import criteria, rule, rules

FACTUAL = ("wrong_year", "wrong_amount", "wrong_actor", "reversed_direction")


def mark_answer(question: Question, measures: Measures, findings: Sequence[Finding]) -> Mark:
    """Each criterion of the rubric scored, with the band it falls in and what decided it."""
    scored = []
    for spec in criteria():
        raw, reasons = SCORERS[spec.name](question, measures, findings)
        score = min(spec.out_of, max(0.0, round(raw * 2) / 2))
        why = spec.descriptor(score) + (": " + "; ".join(reasons) if reasons else "")
        scored.append(Criterion(spec.name, score, spec.out_of, why))
    return Mark(tuple(scored))


def _count(found: Sequence[Finding], rule_name: str) -> int:
    return sum(1 for f in found if f.rule == rule_name)


def _relevance(question: Question, m: Measures, found: Sequence[Finding]) -> tuple[float, list[str]]:
    score, reasons = 4.0, []
    off_topic = len({f.location.heading if f.location else None for f in found if f.rule == "off_topic"})
    if off_topic:
        score -= min(rule("relevance", "most_each"), off_topic * rule("relevance", "off_topic"))
        reasons.append(f"{off_topic} section{'s' if off_topic > 1 else ''} not about the question")
    if m.off_frame:
        score -= min(rule("relevance", "most_each"), len(m.off_frame) * rule("relevance", "off_frame"))
        spans = ", ".join(b.span() for b in m.off_frame)
        reasons.append(f"narrates {spans} outside the frame ({_frame(question)})")
    untied = _count(found, "heading")
    headings = len({b.part.heading for b in m.body})
    if headings and untied * 2 >= headings:
        score -= rule("relevance", "untied_headings")
        reasons.append(f"{untied} of {headings} headings do not say how they answer the question")
    if m.missed:
        score = min(score, rule("relevance", "missed_crux_cap"))
        reasons.append("never addresses " + ", ".join(f"“{v}”" for v in m.missed))
    if not reasons:
        reasons.append(_addressed_line(question, m))
    return score, reasons


def _frame(question: Question) -> str:
    if question.frame_start is not None and question.frame_end is None:
        return f"the question starts in {question.frame_start.year}: “{question.frame_phrase}”"
    return f"“{question.frame_phrase}”"


def _addressed_line(question: Question, m: Measures) -> str:
    parts = []
    if m.variables:
        parts.append("addresses " + ", ".join(m.variables))
    if question.frame_phrase:
        parts.append(f"stays inside the frame (“{question.frame_phrase}”)")
    return " and ".join(parts) or "every section is about the question"


def _structure(question: Question, m: Measures, found: Sequence[Finding]) -> tuple[float, list[str]]:
    score, reasons = 3.0, []
    kinds = {b.part.kind for b in m.blocks}
    if "introduction" not in kinds:
        score -= rule("structure", "no_introduction")
        reasons.append("no introduction")
    elif m.thesis is None:
        score -= rule("structure", "no_thesis")
        reasons.append("the introduction states no thesis")
    if "conclusion" not in kinds:
        score -= rule("structure", "no_conclusion")
        reasons.append("no conclusion")
    elif m.judgement is None:
        score -= rule("structure", "no_judgement")
        reasons.append("the conclusion does not answer the question")
    if len({b.part.heading for b in m.body}) < 2:
        score -= rule("structure", "no_headings")
        reasons.append("fewer than two headed arguments")
    if _count(found, "outline"):
        score -= rule("structure", "outline")
        reasons.append("the body does not follow the outline")
    if _count(found, "restated"):
        score -= rule("structure", "restated")
        reasons.append("the conclusion repeats the introduction")
    if _count(found, "directive"):
        score = min(score, rule("structure", "directive_cap"))
        reasons.append("the plan does not do what the directive asks")
    return score, reasons


def _evidence(question: Question, m: Measures, found: Sequence[Finding]) -> tuple[float, list[str]]:
    arguments = [b for b in m.body if b.words >= 15 and b.part.kind != "evaluation"]
    need = rule("evidence", "per_argument")
    share = sum(min(1.0, len(b.support) / need) for b in arguments) / len(arguments) if arguments else 0.0
    score = 4 * share
    unsupported = sum(1 for b in arguments if not b.support)
    reasons = [f"{len(arguments) - unsupported} of {len(arguments)} argument paragraphs give concrete evidence"]
    sweeping = _count(found, "sweeping")
    if sweeping:
        score -= min(rule("evidence", "most_sweeping"), sweeping * rule("evidence", "sweeping"))
        reasons.append(f"{sweeping} sweeping claim{'s' if sweeping > 1 else ''} without an example")
    wrong = sum(_count(found, r) for r in FACTUAL)
    if wrong:
        score -= min(rule("evidence", "most_wrong"), wrong * rule("evidence", "wrong_fact"))
        reasons.append(f"{wrong} claim{'s' if wrong > 1 else ''} the documents contradict")
    return score, reasons


def _analysis(question: Question, m: Measures, found: Sequence[Finding]) -> tuple[float, list[str]]:
    share = m.analytic_share()
    score = next((float(points) for least, points in rules("analysis", "bands") if share >= least), 0.0)
    reasons = [f"{round(100 * share)}% of the sentences explain or evaluate"]
    narration = _count(found, "narration")
    if narration:
        score -= min(rule("analysis", "most_narration"), narration * rule("analysis", "narration"))
        reasons.append(f"{narration} paragraph{'s' if narration > 1 else ''} of narration")
    if question.directive in rules("analysis", "judging") and m.judgement is None:
        score -= rule("analysis", "no_judgement")
        reasons.append(f"no judgement where the question asks you to {question.directive}")
    return score, reasons


def _coverage(question: Question, m: Measures, found: Sequence[Finding]) -> tuple[float, list[str]]:
    weight = rule("coverage", "variables") if m.variables and m.periods else (1.0 if m.variables else 0.0)
    reasons = []
    variables = 1.0
    if m.variables:
        need = rule("coverage", "developed")
        variables = sum(min(1.0, len(places) / need) for places in m.variables.values()) / len(m.variables)
        developed = sum(len(places) >= need for places in m.variables.values())
        reasons.append(f"{developed} of {len(m.variables)} variables developed")
    periods = 1.0
    if m.periods:
        told = sum(1 for _, _, covered in m.periods if covered)
        periods = told / len(m.periods)
        missing = [f"{a.year}–{b.year}" if a.year != b.year else str(a.year) for a, b, c in m.periods if not c]
        reasons.append(f"{told} of {len(m.periods)} periods told" + (f" (not {', '.join(missing)})" if missing else ""))
    return 3 * (weight * variables + (1 - weight) * periods), reasons


def _language(question: Question, m: Measures, found: Sequence[Finding]) -> tuple[float, list[str]]:
    score, reasons = 2.0, []
    slips = _count(found, "slip")
    if slips:
        score -= 0.5 * (slips // int(rule("language", "slips_per_half")))
        reasons.append(f"{slips} slip{'s' if slips > 1 else ''}")
    if m.slogans:
        score -= min(rule("language", "most_slogans"), len(m.slogans) * rule("language", "slogan"))
        reasons.append("slogans or sweeping phrases: " + ", ".join(f"“{p}”" for _, _, p in m.slogans[:3]))
    if m.words < rule("language", "very_short_words"):
        score -= rule("language", "very_short")
        reasons.append(f"only {m.words} words")
    elif m.words < rule("language", "short_words"):
        score -= rule("language", "short")
        reasons.append(f"{m.words} words, short for an examination answer")
    return score, reasons


SCORERS: dict[str, Callable[[Question, Measures, Sequence[Finding]], tuple[float, list[str]]]] = {
    "relevance": _relevance,
    "structure": _structure,
    "evidence": _evidence,
    "analysis": _analysis,
    "coverage": _coverage,
    "language": _language,
}


def strengths(question: Question, m: Measures, findings: Sequence[Finding]) -> list[str]:
    """What the answer does well, concretely, each said only when the measures show it."""
    found = {f.rule for f in findings}
    said = []
    if m.thesis is not None:
        said.append(f"a clear thesis in the introduction: “{_clip(m.thesis.text)}”")
    arguments = [b for b in m.body if b.words >= 15 and b.part.kind != "evaluation"]
    headed = {b.part.heading for b in arguments}
    supported = {b.part.heading for b in arguments if b.support}
    if arguments and headed == supported and len(headed) >= 2:
        said.append("dated examples under every heading")
    elif len(supported) >= 2 and len(supported) * 3 >= 2 * len(headed):
        said.append(f"dated examples under {len(supported)} of {len(headed)} headings")
    if m.variables and not m.missed:
        said.append("addresses every variable of the question: " + ", ".join(m.variables))
    if question.frame_phrase and not m.off_frame and any(b.inside for b in m.body):
        said.append(f"stays inside the question's frame (“{question.frame_phrase}”)")
    if m.analytic_share() >= 0.25 and "narration" not in found:
        said.append("explains and evaluates rather than narrates")
    if m.judgement is not None:
        said.append(f"a conclusion that gives a judgement: “{_clip(m.judgement.text)}”")
    dated = sum(len(b.support) for b in arguments)
    if dated >= 4 and not found & set(FACTUAL):
        said.append("its dated claims agree with the documents")
    if arguments and "heading" not in found and "off_topic" not in found and len(headed) >= 2:
        said.append("headings that say how each section answers the question")
    return said


def _clip(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
