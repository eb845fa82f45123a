"""The checks of how the answer is built and written: structure, relevance to the question, language.

Structure: a question, an introduction and a conclusion, an outline that matches the headings, a length
that lets arguments develop. Relevance: each heading says how it answers the question (else a reworded
heading is suggested from the phases of the relationship), each paragraph is about the question.
Language: the mechanical slips an examiner notices at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from dyadscope.ask.question import Question
from dyadscope.nlp.actors import DYAD_CODE
from dyadscope.review.checks.common import (
    CHANGE_WORDS,
    FRAME,
    LONG,
    OFF_TOPIC,
    PRECISE,
    SHORT,
    Library,
    _under,
    _words,
    addresses,
    crux,
    where,
)
from dyadscope.review.findings import Finding, Location
from dyadscope.review.parse import ParsedAnswer, Part


def check_structure(answer: ParsedAnswer, encode: Callable[[Sequence[str]], np.ndarray]) -> list[Finding]:
    found = []
    if answer.question is None:
        found.append(
            Finding(
                "structure", None, "No question found: give it with --question or as the first line.", rule="question"
            )
        )
    arguments = answer.of_kind("argument")
    for kind, what in (("introduction", "an introduction that states your thesis"), ("conclusion", "a conclusion")):
        if not answer.of_kind(kind):
            found.append(
                Finding("structure", None, f"The answer has no {kind}: add {what}.", weight=1.5, rule=f"no_{kind}")
            )
    if answer.outline and arguments:
        headings = [p.heading for p in answer.parts]
        outline, body = encode(answer.outline), encode(headings)
        similarity = outline @ body.T
        for n, item in enumerate(answer.outline):
            if similarity[n].max() < 0.75:
                message = f"The outline promises “{item}”, but no heading of the body matches it."
                found.append(Finding("structure", None, message, rule="outline"))
        for n, part in enumerate(answer.parts):
            if part.kind == "argument" and similarity[:, n].max() < 0.75:
                message = f"The heading “{part.heading}” is not in the outline: the outline and the body should match."
                found.append(Finding("structure", where(part), message, rule="outline"))
    words = answer.words
    if words < SHORT:
        message = (
            f"At {words} words the answer is short for a full exam answer: develop each argument with evidence "
            "and add the missing ones."
        )
        found.append(Finding("structure", None, message, weight=1.2, rule="short"))
    elif words > LONG:
        message = f"At {words} words the answer is long: cut narration, keep analysis."
        found.append(Finding("structure", None, message, rule="long"))
    intro, conclusion = answer.of_kind("introduction"), answer.of_kind("conclusion")
    if intro and conclusion and intro[0].text and conclusion[0].text:
        pair = encode([intro[0].text, conclusion[0].text])
        if float(pair[0] @ pair[1]) > 0.9:
            message = "The conclusion restates the introduction: end with your own judgement on the question."
            found.append(Finding("structure", where(conclusion[0]), message, rule="restated"))
    return found


def check_relevance(answer: ParsedAnswer, question: Question, library: Library, sides: Sequence[str]) -> list[Finding]:
    """Each section must be about the question; each paragraph too; and where the question asks how relations rose
    and fell, each heading must say which way they moved and why."""
    found: list[Finding] = []
    arguments = [p for p in answer.parts if p.kind == "argument" and p.paragraphs]
    if not arguments:
        return found
    asked = library.encode([question.text])[0]
    asked_words = _words(question.text, library.actor_words) - FRAME
    for part in arguments:
        if (third := _third_party(part, question, library, sides)) is not None:
            message = (
                f"The section “{part.heading}” is about {third}, not about the question: it leaves out one side of "
                "the pair the question asks about."
            )
            advice = ["Cut it, or show what it changed in the relationship the question asks about."]
            found.append(Finding("relevance", where(part), message, advice, weight=1.6, rule="off_topic"))
    # A thematic heading answers a question that does not ask how the relations rose and fell.
    for part in arguments if question.asks_change else []:
        tied = bool(CHANGE_WORDS.search(part.heading))
        tied = tied or bool(_words(part.heading, library.actor_words) & asked_words)  # "Critical evaluation"
        if tied or re.search(r"\b1[89]\d\d|\b20\d\d|\bthe \d0s\b", part.heading):
            continue
        message = (
            f"The heading “{part.heading}” does not say how it answers the question: it should show how the "
            "relationship rose and fell, and why."
        )
        suggestion = [_reword(part, question, library)]
        found.append(Finding("relevance", where(part), message, suggestion, weight=1.4, rule="heading"))
    body = ("argument", "challenges")  # an introduction or conclusion is judged by its place, not its topic
    paragraphs = [(part, n) for part in answer.parts if part.kind in body for n in range(len(part.paragraphs))]
    texts = [part.paragraphs[n].text for part, n in paragraphs]
    if texts:
        similarity = library.encode(texts) @ asked
        for (part, n), text, sim in zip(paragraphs, texts, similarity, strict=True):
            named = {m.code for s in part.paragraphs[n].sentences for m in s.mentions}
            both = set(sides) <= named or DYAD_CODE in named  # "the two countries" names both
            asked_for = any(addresses(text, v) for v in crux(question))
            if sim < OFF_TOPIC and not both and not asked_for and len(text.split()) >= 15:
                message = f"This paragraph{_under(part)} is not about the question ({question.text.rstrip('.?')})."
                advice = ["Cut it, or tie it to the question."]
                found.append(Finding("relevance", where(part, n), message, advice, weight=1.6, rule="off_topic"))
    return found


def _third_party(part: Part, question: Question, library: Library, sides: Sequence[str]) -> str | None:
    """A section about a third state rather than the pair: it names a state the question does not (twice or more)
    and never names one side of the pair ("Kashmir" in a Pakistan–US answer, "CPEC" in one on the Cold War)."""
    mentions = [m for p in part.paragraphs for s in p.sentences for m in s.mentions]
    named = Counter(m.code for m in mentions)
    if all(named[side] for side in sides):
        return None
    asked = set(sides) | set(question.actors)
    third = [(n, code) for code, n in named.items() if code in library.state_codes and code not in asked and n >= 2]
    if not third:
        return None
    _, code = max(third)
    return Counter(m.text for m in mentions if m.code == code).most_common(1)[0][0]


def _reword(part: Part, question: Question, library: Library) -> str:
    """A heading that says which way the relationship moved in the period the part is about, and why."""
    analysis = library.analysis
    years = [s.date.start.year for p in part.paragraphs for s in p.sentences if s.date and not s.date_inherited]
    if not years:
        hits = library.search(replace(question, text=part.text, terms=question.terms), 5)
        years = [h.sentence.date.start.year for h in hits if h.sentence.date and h.sentence.date.granularity in PRECISE]
    topic = part.heading
    if analysis is None or not analysis.measured_phases or not years:
        return f"{topic}: how it made relations rise or fall, and when"
    year = sorted(years)[len(years) // 2]
    phases = analysis.measured_phases
    n = next((i for i, p in enumerate(phases) if p.start.year <= year <= p.end.year), len(phases) - 1)
    up = n == 0 or phases[n].score >= phases[n - 1].score
    span = f"{phases[n].start.year}–{phases[n].end.year}"
    return (
        f"{'Rise' if up else 'Fall'} ({span}) — {topic}: how it {'drew the two closer' if up else 'pulled them apart'}"
    )


def check_language(answer: ParsedAnswer) -> list[Finding]:
    """Mechanical slips an examiner notices at once: lower-case sentence starts, doubled words, run-ons."""
    found = []
    for part in answer.parts:
        for paragraph in part.paragraphs:
            for sentence in paragraph.sentences:
                text = sentence.text.strip()
                problems = []
                if text[:1].islower():
                    problems.append("starts with a lower-case letter")
                doubled = re.search(r"\b(\w+) \1\b", text, re.IGNORECASE)
                if doubled and not doubled.group(1).isdigit():
                    problems.append(f"repeats “{doubled.group(1)}”")
                if len(text.split()) > 50:
                    problems.append("runs over 50 words: split it")
                if problems:
                    location = Location(part.heading or None, paragraph.number, sentence.start, sentence.end)
                    message = f"“{text[:60]}…” {'; '.join(problems)}."
                    found.append(Finding("language", location, message, weight=0.3, rule="slip"))
    return found
