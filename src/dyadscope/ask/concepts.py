"""Strategies, doctrines and processes a question may name, and what documents call them instead.

"vis-à-vis the Indo-Pacific strategy": documents on a pair often speak of it by its parts ("the Quad", "great power
competition with China") without its name, and a note that looked for the name only found nothing to argue it
with. The lexicon (`data/lexicon/concepts.yaml`, sources there) gives each concept its names and the phrases that
say it; a variable that says every word of a concept's name is that concept, and a sentence that says every
distinctive word of one of its phrases says it. General knowledge of the field, the same for every pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS

from dyadscope.ask.stemming import stems
from dyadscope.data import data_yaml


@dataclass(frozen=True, slots=True)
class Concept:
    key: str
    names: tuple[str, ...]
    said_by: tuple[str, ...]


@cache
def concepts() -> tuple[Concept, ...]:
    loaded: dict[str, dict[str, list[str]]] = data_yaml("lexicon", "concepts.yaml")
    return tuple(
        Concept(key, tuple(map(str, row["names"])), tuple(map(str, row.get("said_by", []))))
        for key, row in loaded.items()
    )


def _content(text: str) -> frozenset[str]:
    """The stems of a phrase's words that carry its meaning (not "of", "the", "with")."""
    return frozenset(s for w in text.replace("-", " ").split() if w.lower() not in STOP_WORDS for s in stems(w))


@cache
def concept_of(variable: str) -> Concept | None:
    """The concept the variable names: it says every word of one of the concept's names."""
    said = _content(variable)
    for concept in concepts():
        if any((name := _content(n)) and name <= said for n in concept.names):
            return concept
    return None


@cache
def phrasings(variable: str) -> tuple[frozenset[str], ...]:
    """The stems of each other way documents say the variable: its concept's names and phrases (none when the
    lexicon has no concept for it)."""
    concept = concept_of(variable)
    if concept is None:
        return ()
    own = _content(variable)
    return tuple(dict.fromkeys(p for text in (*concept.names, *concept.said_by) if (p := _content(text)) and p != own))


def phrases(variable: str) -> tuple[str, ...]:
    """The concept's names and phrases as written (for a search)."""
    concept = concept_of(variable)
    return () if concept is None else (*concept.names, *concept.said_by)


def says_concept(variable: str, said: frozenset[str]) -> bool:
    """A sentence whose stems are `said` says the variable by another of its concept's phrasings."""
    return any(p <= said for p in phrasings(variable))
