"""Read a question: its search terms, the time span and the actors it is bounded by, what it asks for.

"Why did Pakistan-US relations deteriorate in the 1990s?" → terms (deteriorate, relations), span
1990–1999, actors PAK and USA, asks about change (so the answer is told in time order). An examination question
is also read for its directive, its time frame and its variables (`dyadscope.ask.reading`): `Question.describe()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from dyadscope.ask.pair_forms import pair_mentions
from dyadscope.ask.reading import NO_DIRECTIVE, interval_text, named_pair, read_exam
from dyadscope.data import lang_words
from dyadscope.models import DateInterval
from dyadscope.nlp.actors import DYAD_CODE, STATE_KINDS
from dyadscope.nlp.language import tokenizer_of
from dyadscope.pipeline import Pipeline

# Words that frame a question without naming what it is about.
FRAME_WORDS = frozenset(lang_words("question_frame_words"))
# Words that ask how something changed over time ("fluctuating", "ups and downs"; data/lang/en/questions.yaml).
CHANGE = re.compile(r"\b(" + "|".join(lang_words("change_words", "questions")) + r")\b", re.IGNORECASE)
OPEN_START = re.compile(r"^(before|prior|pre)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    terms: tuple[str, ...]  # lower-cased content words for full-text search
    start: date | None  # the span the question is bounded by (None: open on that side)
    end: date | None
    actors: tuple[str, ...]  # actor codes it names, in order of first mention
    states: tuple[str, ...]  # those that are states, for the dyad
    asks_change: bool  # about how something changed over time: answer in time order
    names: tuple[str, ...] = ()  # capitalised words that are not actors or dates ("Doha", "Pressler")
    # As an examination question (dyadscope.ask.reading): the directive ("critically evaluate", `answer` when it
    # gives none), whether it is to be read critically ("critically analyse"), the time frame it sets (exact, unlike
    # the span above, which is widened for search) with the words that set it, and the issues it is bounded by.
    directive: str = NO_DIRECTIVE
    critical: bool = False
    frame_start: date | None = None
    frame_end: date | None = None
    frame_phrase: str | None = None
    variables: tuple[str, ...] = ()

    @property
    def bounded(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, when: DateInterval | None) -> bool | None:
        """Whether a date lies in the question's span: at least half of the shorter of the two overlap
        ("the Cold War" is not "in the 1990s" for sharing 1990–91). None when the sentence is undated."""
        if when is None:
            return None
        start, end = self.start or date.min, self.end or date.max
        overlap = (min(end, when.end) - max(start, when.start)).days + 1
        shorter = min((end - start).days, (when.end - when.start).days) + 1
        return overlap > 0 and overlap >= 0.5 * shorter

    @property
    def dyad(self) -> tuple[str, str] | None:
        return (min(self.states[:2]), max(self.states[:2])) if len(self.states) >= 2 else None

    def reading(self) -> dict[str, Any]:
        """How the question was read, as answers show it in JSON (`describe` says it in one line)."""
        frame = None
        if self.frame_phrase is not None:
            frame = {
                "start": self.frame_start.isoformat() if self.frame_start else None,
                "end": self.frame_end.isoformat() if self.frame_end else None,
                "phrase": self.frame_phrase,
            }
        return {
            "directive": self.directive,
            "critical": self.critical,
            "pair": list(self.dyad) if self.dyad else None,
            "frame": frame,
            "variables": list(self.variables),
        }

    def in_frame(self, when: DateInterval | None) -> bool:
        """Whether a date overlaps the question's exact frame (always, when it sets none)."""
        if self.frame_phrase is None or when is None:
            return self.frame_phrase is None
        return when.end >= (self.frame_start or date.min) and when.start <= (self.frame_end or date.max)

    def describe(self) -> str:
        """One line: `directive: critically evaluate · pair: PAK–USA · frame: 2021-01-20 – 2025-01-20 ("under the Joe
        Biden Administration") · variables: Indo-Pacific strategy`."""
        directive = self.directive + (
            " (critically)" if self.critical and self.directive != "critically evaluate" else ""
        )
        pair = "–".join(self.dyad) if self.dyad else "none"
        frame = "none"
        if self.frame_phrase is not None:
            frame = f'{interval_text(self.frame_start, self.frame_end)} ("{self.frame_phrase}")'
        variables = ", ".join(self.variables) or "none"
        return f"directive: {directive} · pair: {pair} · frame: {frame} · variables: {variables}"


def read_question(text: str, pipeline: Pipeline, *, today: date | None = None) -> Question:
    """Parse a question with the same dictionaries and date rules the documents were read with; `today` is what
    "in the last decade" counts back from."""
    doc = tokenizer_of(pipeline.nlp)(text)
    mentions = [m for m in pipeline.actor_matcher(doc, 0) if m.code != DYAD_CODE]
    mentions = pair_mentions(text, mentions, pipeline.actor_matcher)  # "Sino-Indian", "inter-Korean"
    dates = pipeline.dates.find(text, question=True)
    start = end = None
    if dates:
        first = dates[0]
        start, end = min(d.interval.start for d in dates), max(d.interval.end for d in dates)
        if first.open_end and OPEN_START.match(first.text):
            start = None
        elif first.open_end:  # "after 1962": from 1962 on, since what followed it may still be told under 1962
            start, end = date(first.interval.start.year - 1, 1, 1), None
    # Calendar expressions become the span; names of leaders and eras ("under Musharraf") also stay search terms,
    # and so do the numbers of years (below): "the 2009 law" is the Act "of 2009" in its title.
    spans = [(d.start, d.end) for d in dates if d.kind not in ("tenure", "named")]
    terms: list[str] = []
    for token in doc:
        word = token.lower_
        inside_date = any(a <= token.idx < b for a, b in spans)
        if inside_date or not token.is_alpha or word in STOP_WORDS or word in FRAME_WORDS or word in terms:
            continue
        terms.append(word)
    # "ISI" also searches "Inter-Services Intelligence", "SEATO" its full name, "Afghan" and "Washington" the
    # country's name (a stemmer does not join "Afghan" and "Afghanistan").
    for m in mentions:
        actor = pipeline.actor_matcher.by_id.get(m.actor_id)
        if actor is not None and (m.kind != "country" or m.text.lower() != actor.name.lower()):
            terms.extend(w for w in re.findall(r"[a-z]+", actor.name.lower()) if w not in STOP_WORDS and w not in terms)
    for token in doc:  # numbers ("$7.5 billion", "section 2375", "the 2009 law") still help full-text search
        if token.like_num and token.text not in terms:
            terms.append(token.text)
    in_actor = [(m.start, m.end) for m in mentions]
    names = [
        t.text
        for t in doc
        if t.i > 0 and t.is_alpha and t.is_title and t.lower_ not in STOP_WORDS
        and not any(a <= t.idx < b for a, b in [*in_actor, *spans])
    ]  # fmt: skip
    actors = list(dict.fromkeys(m.code for m in mentions))
    states = list(dict.fromkeys(m.code for m in mentions if m.kind in STATE_KINDS))
    if named := named_pair(text, [m for m in mentions if m.kind in STATE_KINDS]):  # the pair first: "the China
        states = list(dict.fromkeys([*named, *states]))  # factor shaped Pakistan–US relations" is about PAK–USA
    changes = bool(CHANGE.search(text))
    by_id = pipeline.actor_matcher.by_id
    countries = {m.code: actor.name for m in mentions if m.kind == "country" and (actor := by_id.get(m.actor_id))}
    pair = (min(states[:2]), max(states[:2])) if len(states) >= 2 else None
    exam = read_exam(text, mentions, dates, pipeline.dates, pair, countries, today)
    if exam.span is not None:  # "after the end of the Cold War": the time after that day, not the day
        start, end = exam.span
    return Question(
        text,
        tuple(terms),
        start,
        end,
        tuple(actors),
        tuple(states),
        changes,
        tuple(names),
        exam.directive,
        exam.critical,
        exam.frame_start,
        exam.frame_end,
        exam.frame_phrase,
        exam.variables,
    )
