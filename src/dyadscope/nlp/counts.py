"""Find counts of people and things in a sentence: "twenty-four soldiers", "23 Russian diplomats", "six nuclear
tests".

A count is a number (in figures, or in words that text2num reads: "twenty-three", "forty-two") followed, within
three words, by the plural noun it counts ("Russian diplomats": the noun is "diplomats"). Not counts: sums of
money (`dyadscope.nlp.amounts`), years, percentages, spans of time ("five years"), scales ("3 billion") and
"one". A number after "more than", "about", "nearly" … is an estimate (`bound`): it may agree with a figure but
never contradicts one. The nouns are compared by their singular form (`Count.noun`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lemminflect import getLemma
from text_to_num import text2num

from dyadscope.data import lang_words
from dyadscope.ingest.common import MONTHS
from dyadscope.nlp.amounts import BOUND, Amount, find_amounts

# Number words, words that make a number a reference, words that end a count's noun phrase, and nouns that are no
# count of people or things (data/lang/en/counts.yaml).
_UNITS = "|".join(lang_words("number_words", "counts"))
_NUMBER_WORDS = rf"(?:{_UNITS}|one)(?:(?:[\s-]+|\s+and\s+)(?:{_UNITS}|one))*"
NUMBER = re.compile(rf"(?<![\w$£€₹.,-])(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?i:{_NUMBER_WORDS}))(?![\w%.,]\d|%|\w)")
_WORD = re.compile(r"\s+([A-Za-z0-9][\w'-]*)")  # "F-16" may stand between a number and its noun
_NAMED = re.compile(r"\b[A-Z][a-z]+\.?\s+$")  # "Resolution 242", "Article 370": a name, unless a month
_REFERS = re.compile(rf"\b(?:{'|'.join(lang_words('reference_words', 'counts'))})\s+$", re.IGNORECASE)
_STOPS = frozenset(lang_words("phrase_stops", "counts"))
_NOT_COUNTED = frozenset(lang_words("not_counted", "counts"))
_PLURALS = frozenset(lang_words("plural_nouns", "counts"))


@dataclass(frozen=True, slots=True)
class Count:
    """A count as written (`text` of the number, at `start`–`end`), its value, the noun it counts (singular) and
    the words between them ("Russian")."""

    text: str
    value: int
    noun: str  # singular, lower-case: "diplomat"
    plural: str  # as written: "diplomats"
    modifiers: tuple[str, ...]
    bound: bool
    start: int
    end: int

    def describe(self) -> str:
        """ "twenty-three Russian diplomats (23)", "24 soldiers"."""
        figure = "" if self.text.replace(",", "").isdigit() else f" ({self.value})"
        return f"{self.text} {' '.join((*self.modifiers, self.plural))}{figure}"


def find_counts(text: str, amounts: Sequence[Amount] | None = None) -> list[Count]:
    """Every count in `text`, in order; `amounts`: its sums of money when the caller has found them already."""
    money = [(a.start, a.end) for a in (find_amounts(text) if amounts is None else amounts)]
    found = []
    for m in NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in money):
            continue
        value = _value(m.group())
        if value is None or value < 2 or (1800 <= value <= 2099 and m.group().isdigit()):
            continue  # "one of", a year
        before = text[max(0, m.start() - 12) : m.start()]
        named = _NAMED.search(before)
        if _REFERS.search(before) or (named and named.group().strip(" .").lower() not in MONTHS):
            continue  # "the two countries", "its 24 soldiers": a reference; "Resolution 242": a name
        noun = _noun(text, m.end())
        if noun is None:
            continue
        plural, modifiers = noun
        singular = getLemma(plural.lower(), upos="NOUN")[0]
        bound = bool(BOUND.search(text[max(0, m.start() - 20) : m.start()]))
        found.append(Count(m.group(), value, singular, plural, modifiers, bound, m.start(), m.end()))
    return found


def _value(number: str) -> int | None:
    if number.replace(",", "").isdigit():
        return int(number.replace(",", ""))
    try:
        return int(text2num(number.lower().replace(" and ", " "), "en"))
    except ValueError:
        return None


def _noun(text: str, at: int) -> tuple[str, tuple[str, ...]] | None:
    """The plural noun a number at `at` counts, within three words, and the words before it."""
    words: list[str] = []
    pos = at
    for _ in range(3):
        m = _WORD.match(text, pos)
        if m is None:
            return None
        word, lower = m.group(1), m.group(1).lower()
        if lower in _STOPS or lower in _NOT_COUNTED:
            return None
        if lower in _PLURALS or (lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and word.islower()):
            return word, tuple(words)
        words.append(word)
        pos = m.end()
    return None
