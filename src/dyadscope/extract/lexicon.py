"""Load the event-coding data: trigger lexicon, context cues, CAMEO Goldstein values, PLOVER scores.

All of it is data under `dyadscope/data/` (with sources and licences beside it), so a user can
read, audit and extend what the coder knows without touching code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from lemminflect import getAllInflections
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from dyadscope.data import data_path, data_yaml, lang_words
from dyadscope.nlp.language import tokenizer_of

_DATA = data_path()
# Inflected forms that are mostly something else in political prose.
_AMBIGUOUS_FORMS = frozenset(lang_words("ambiguous_forms"))


@dataclass(frozen=True, slots=True)
class Rule:
    """What a trigger codes: a PLOVER type and mode, a CAMEO code and implied contexts."""

    type: str
    mode: str | None
    cameo: str | None
    contexts: tuple[str, ...] = ()
    mutual: bool = False
    state: bool = False  # the state of a relationship ("tensions"): coded only when both its sides are named
    passive_source: frozenset[str] = frozenset()
    flip_words: frozenset[str] = frozenset()
    flip: Rule | None = None
    # A cooperative relation that is weakened or cut ("the partnership was weakened", "suspended cooperation"):
    # (words that must govern the trigger, the negative event it codes instead), tried in order.
    declines: tuple[tuple[frozenset[str], Rule], ...] = ()


def _inflections(word: str) -> set[str]:
    forms = {word}
    if "-" in word or not word.isalpha():
        return forms
    for variants in getAllInflections(word).values():
        forms.update(v.lower() for v in variants)
    return {f for f in forms if f == word or f not in _AMBIGUOUS_FORMS}


def phrase_variants(phrase: str) -> set[str]:
    """ "sign agreement" → {"sign agreement", "signed agreements", ...}: first and last word inflected."""
    words = phrase.split()
    if len(words) == 1:
        return _inflections(words[0])
    firsts = _inflections(words[0])
    lasts = _inflections(words[-1])
    middle = " ".join(words[1:-1])
    return {" ".join(p for p in (f, middle, last) if p) for f in firsts for last in lasts}


def _rule(entry: dict[str, Any]) -> Rule:
    flip = entry.get("flip")
    flipped = None
    if flip:
        flipped = Rule(flip["type"], flip.get("mode"), flip.get("cameo"), tuple(entry.get("contexts", ())))
    declines = tuple(
        (
            frozenset(w for word in decline["words"] for w in _inflections(word)),
            Rule(
                decline["type"],
                decline.get("mode"),
                decline.get("cameo"),
                tuple(entry.get("contexts", ())),
                mutual=bool(decline.get("mutual", False)),
            ),
        )
        for decline in entry.get("decline", ())
    )
    return Rule(
        type=entry["type"],
        mode=entry.get("mode"),
        cameo=entry.get("cameo"),
        contexts=tuple(entry.get("contexts", ())),
        mutual=bool(entry.get("mutual", False)),
        state=bool(entry.get("state", False)),
        passive_source=frozenset(entry.get("passive_source", ())),
        flip_words=frozenset(w for word in (flip or {}).get("words", ()) for w in _inflections(word)),
        flip=flipped,
        declines=declines,
    )


class TriggerLexicon:
    """A spaCy PhraseMatcher (lower-case) over every inflected trigger phrase."""

    def __init__(self, nlp: Language) -> None:
        entries = data_yaml("lexicon", "triggers.yaml", expect=list)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.rules: dict[str, Rule] = {}
        seen: set[str] = set()
        for number, entry in enumerate(entries):
            key = f"t{number}"
            self.rules[key] = _rule(entry)
            forms = sorted(v for phrase in entry["phrases"] for v in phrase_variants(phrase) if v not in seen)
            seen.update(forms)
            if forms:
                self.matcher.add(key, list(tokenizer_of(nlp).pipe(forms)))


@cache
def joint_phrases() -> dict[str, frozenset[str]]:
    """By PLOVER type, every inflected phrase of the lexicon's joint acts (`mutual: true`: "clashed", "signed",
    "held talks"): an act told "A and B clashed" has no way round, and the coder's A→B is one reading of it."""
    joint: dict[str, set[str]] = {}
    for entry in data_yaml("lexicon", "triggers.yaml", expect=list):
        rule = _rule(entry)
        forms = {v for phrase in entry["phrases"] for v in phrase_variants(phrase)}
        for each in (rule, *(declined for _, declined in rule.declines)):
            if each.mutual:
                joint.setdefault(each.type, set()).update(forms)
    return {kind: frozenset(forms) for kind, forms in joint.items()}


class CueTagger:
    """Labels from cue words in a sentence: PLOVER contexts ("nuclear" → cbrn) or issues ("tariff" → trade_economy)."""

    def __init__(self, name: str) -> None:
        cues: dict[str, list[str]] = data_yaml("lexicon", name)
        self.cues = cues
        self.patterns = {
            context: re.compile(r"(?<![a-z])(?:" + "|".join(_cue(w) for w in words) + ")")
            for context, words in cues.items()
        }

    def __call__(self, text: str) -> list[str]:
        lowered = text.lower()
        return [context for context, pattern in self.patterns.items() if pattern.search(lowered)]


def _cue(word: str) -> str:
    """A cue is a prefix ("terror" matches "counter-terrorism"); one ending in "_" is a whole word ("war_" is not
    "warm", "aid_" is not "aide")."""
    return re.escape(word[:-1]) + "(?![a-z])" if word.endswith("_") else re.escape(word)


class Scores:
    """Goldstein values by CAMEO code and PLOVER scores by type and mode."""

    def __init__(self) -> None:
        with (_DATA / "cameo" / "cameo_goldstein.csv").open(encoding="utf-8") as handle:
            self.goldstein = {row["code"]: float(row["goldstein"]) for row in csv.DictReader(handle)}
        with (_DATA / "cameo" / "plover_scores.csv").open(encoding="utf-8") as handle:
            self.plover = {(row["type"], row["mode"] or None): float(row["score"]) for row in csv.DictReader(handle)}

    def intensity(self, rule: Rule) -> float:
        """Goldstein for a CAMEO-coded event, else the PLOVER type/mode score (both −10..+10)."""
        if rule.cameo and rule.cameo in self.goldstein:
            return self.goldstein[rule.cameo]
        return self.plover.get((rule.type, rule.mode), self.plover[(rule.type, None)])
