"""What the checks share: the thresholds they judge by, the `Library` of the user's documents, places.

The thresholds are word counts, patterns and similarities (of sentence vectors) that decide what a
finding is; `Library` is what the checks may ask of the user's documents; `where` turns a part or
paragraph of the answer into a finding's `Location`; `_words` gives a text's distinctive word stems.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from dyadscope.ask.question import CHANGE, Question
from dyadscope.ask.retrieve import Hit
from dyadscope.data import lang_words
from dyadscope.ingest.common import MONTHS
from dyadscope.models import Event
from dyadscope.nlp.actor_data import Actor
from dyadscope.review.findings import Location
from dyadscope.review.parse import Part

if TYPE_CHECKING:
    from dyadscope.analyze import Analysis

_FILE = "review"  # data/lang/en/review.yaml: the word lists below
SHORT, LONG = 700, 3000  # words: below, arguments cannot be developed; above, it is narration
PRECISE = ("day", "month", "season", "year")
FIGURE = re.compile(r"[$£€]\s?\d|\b\d[\d,.]*\s?(?:billion|million|bn|percent|per cent|%)", re.IGNORECASE)
NAMED = re.compile(  # "the Simla Agreement", "Operation Neptune Spear" (data/lang/en/review.yaml)
    r"\b[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*\s+(?:" + "|".join(map(re.escape, lang_words("named_things", _FILE))) + r")\b"
)
SOURCE = re.compile(r"\baccording to\b|\bas (?:reported|noted|stated) (?:by|in)\b|\breport(?:ed)? by\b", re.I)
CHANGE_WORDS = re.compile(r"\b(" + "|".join(lang_words("change_words", _FILE)) + r")\b", re.IGNORECASE)
JUDGEMENT = re.compile(r"\b(" + "|".join(lang_words("judgement_words", _FILE)) + r")\b", re.IGNORECASE)
EXAMPLE_SIMILARITY = 0.4  # a document sentence at least this close to an argument may serve as its example
COVERED = 0.62  # an answer sentence this close to a key event's evidence covers it
SAME_FACT = 0.58  # an answer sentence and a document sentence this close tell the same happening
OFF_TOPIC = 0.5  # a paragraph less similar than this to the question, not naming both sides, is off the question
FRAME = frozenset(lang_words("frame_stems", _FILE))  # stems of words that frame a question ("writ", "disc")
GENERIC = frozenset(lang_words("generic_words", _FILE))  # words of a variable that do not identify it ("incident")


@dataclass(slots=True)
class Library:
    """What the checks need from the user's documents (a `KnowledgeBase` supplies it)."""

    search: Callable[[Question, int], list[Hit]]
    encode: Callable[[Sequence[str]], np.ndarray]
    analysis: Analysis | None
    events: Callable[[Sequence[str]], list[Event]]  # stored events by id
    events_in: Callable[[Sequence[int]], list[Event]]  # stored events whose evidence is one of these sentences
    actor_words: frozenset[str] = frozenset()  # lower-case words of actor names, which identify no happening
    state_codes: frozenset[str] = frozenset()  # codes of countries (not bodies, groups or alliances)
    actors: tuple[Actor, ...] = ()  # the actors the answer's names were resolved with (leaders and their terms)


def where(part: Part, paragraph: int | None = None) -> Location:
    if paragraph is None or not part.paragraphs:
        end = part.paragraphs[-1].end if part.paragraphs else part.start
        return Location(part.heading or None, part.paragraphs[0].number if part.paragraphs else None, part.start, end)
    p = part.paragraphs[paragraph]
    return Location(part.heading or None, p.number, p.start, p.end)


def _under(part: Part) -> str:
    return f" under “{part.heading}”" if part.heading else ""


# A word of a group of words for one act → the group's first word ("suspended" → "stop", "aid" → "assistance";
# data/lang/en/review.yaml, where each group opens with a word of four letters or more).
SAME_ACT = {word: group.split()[0] for group in lang_words("same_act_words", _FILE) for word in group.split()}


def _words(text: str, actor_words: frozenset[str]) -> set[str]:
    """The distinctive words of a sentence, each by its first four letters (they stand for the stem: "inva(ded/
    sion)"; hyphens part), a word for an act by its group's ("stopped", "suspended": "stop")."""
    words = (SAME_ACT.get(w, w) for w in re.findall(r"[a-z]+", text.lower()))
    return {w[:4] for w in words if len(w) >= 4 and w not in STOP_WORDS and w not in actor_words and w not in MONTHS}


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def stems_of(phrase: str) -> list[str]:
    words = [w for w in _tokens(phrase) if w not in STOP_WORDS]
    kept = [w for w in words if len(w) >= 4 and w not in GENERIC] or [w for w in words if len(w) >= 3]
    return list(dict.fromkeys(w[:6] for w in kept))


def stems_in(text: str) -> set[str]:
    return {w[:6] for w in _tokens(text) if len(w) >= 4 and w not in STOP_WORDS}


def crux(question: Question) -> list[str]:
    """The question's variables, less one that only says the relations changed ("fluctuating"): that is the
    question asking for change, which the headings are judged by (`check_relevance`)."""
    return [v for v in question.variables if not CHANGE.fullmatch(v)]


def addresses(text: str, variable: str) -> bool:
    """The text names the variable: half its distinctive words or more ("Davis" for "the Raymond Davis affair")."""
    stems = stems_of(variable)
    if not stems:
        return False
    tokens = _tokens(text)
    found = sum(any(t.startswith(s) for t in tokens) for s in stems)
    return found >= math.ceil(len(stems) / 2)
