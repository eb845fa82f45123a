"""Two tellings of one happening: an answer's claim and a document's sentence, or two events, that tell the same
act, by their actors, their distinctive words, the names they give and the kind of act (used by `consistency`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dyadscope.ask.question import Question
from dyadscope.ask.retrieve import Hit
from dyadscope.data import lang_words
from dyadscope.ingest.common import MONTHS
from dyadscope.models import Event, Sentence
from dyadscope.nlp.actors import DYAD_CODE
from dyadscope.nlp.people import PERSON_KINDS
from dyadscope.review.checks.common import NAMED, SAME_ACT, SAME_FACT, Library, _words
from dyadscope.review.checks.years import YEAR

TITLE_WORDS = frozenset(lang_words("name_words", "review"))
PRONOUNS = frozenset(lang_words("pronouns", "review"))


def own_codes(sentence: Sentence) -> set[str]:
    """The actors the sentence names ("the two countries" names no one in particular)."""
    return {m.code for m in sentence.mentions} - {DYAD_CODE}


def same_happening_hits(sentence: Sentence, words: str, probe: Question, library: Library) -> list[Hit]:
    """Document sentences close to the claim that name each of its actors (or all the names it gives: "Congress
    passed the Kerry-Lugar-Berman Act" names no Pakistan) and share its distinctive `words` (the claim's text, less
    anything that tells nothing)."""
    codes, names = own_codes(sentence), names_in(sentence.text, library.actor_words)
    return [
        h
        for h in library.search(probe, 8)
        if h.similarity >= SAME_FACT
        and (codes <= set(h.sentence.actors) or (names and names <= names_in(h.sentence.text, library.actor_words)))
        and same_words(words, h, library)
    ]


def place(hit: Hit) -> tuple[str, int]:
    """Where a document sentence is, as an event's evidence says it: its document and index there."""
    return hit.sentence.doc, hit.sentence.index


def events_by_hit(hits: Sequence[Hit], library: Library) -> dict[tuple[str, int], list[Event]]:
    """The stored events each hit is the evidence of (one query for all), keyed by `place`."""
    found: dict[tuple[str, int], list[Event]] = {place(h): [] for h in hits}
    for event in library.events_in([h.sentence.id for h in hits]) if hits else []:
        found.setdefault((event.evidence.doc, event.evidence.sentence_id), []).append(event)
    return found


def same_words(claim: str, hit: Hit, library: Library) -> bool:
    """A document sentence tells the claim's happening: it names what the claim names ("the Mutual Defense
    Assistance Agreement", not just "an agreement"), and shares the claim's distinctive words."""
    names_a, names_b = names_in(claim, library.actor_words), names_in(hit.sentence.text, library.actor_words)
    if names_a and not names_a & names_b:
        return False
    words = _words(claim, library.actor_words)
    return bool(words) and len(words & _words(hit.sentence.text, library.actor_words)) >= min(2, len(words))


def mentions_year(hit: Hit, year: int) -> bool:
    """The document sentence gives the year: writes it, or (writing no year) is dated to within a year of it."""
    if str(year) in hit.sentence.text:
        return True
    d = hit.sentence.date
    return not YEAR.search(hit.sentence.text) and d is not None and d.start.year - 1 <= year <= d.end.year + 1


def is_evidence(hit: Hit, event: Event) -> bool:
    return place(hit) == (event.evidence.doc, event.evidence.sentence_id)


def names_in(text: str, actor_words: frozenset[str]) -> set[str]:
    """Capitalised words inside the sentence that name no actor or month ("Pressler", "Simla", "Doha"), less the
    words of a title that any name may carry ("Amendment", "Treaty", "President")."""
    tokens = re.findall(r"(?<=[\s\-–])[A-Z][a-z]+", text)  # "Kerry-Lugar-Berman" names three
    # a capital in an agreement's name is part of the name: "the Bern Declaration", "the Beijing Agreement"
    return ({t.lower() for t in tokens} - actor_words | thing_words(text)) - set(MONTHS) - TITLE_WORDS


def thing_words(text: str) -> set[str]:
    """The words of the agreements, laws and operations a sentence names ("the Bern Declaration": "bern"), less the
    words any such name carries."""
    return {w.lower() for m in NAMED.finditer(text) for w in re.findall(r"[A-Z][a-z]+", m.group())} - TITLE_WORDS


def people_in(sentence: Sentence) -> set[str]:
    """The surnames of the people the sentence names ("Anwar Sadat", "President Sadat": "sadat")."""
    return {m.text.split()[-1].lower() for m in sentence.mentions if m.kind in PERSON_KINDS and m.text.split()}


def capitalised(text: str) -> set[str]:
    return {t.lower() for t in re.findall(r"\b[A-Z][\w-]+", text)}


def act_kinds(event: Event) -> set[str]:
    """What an event is, to tell two reports of one act: its type, and the act its trigger's words name
    (`SAME_ACT`: "stopped", "suspended" and "halted" are one act, whatever type the coder gave each)."""
    return {event.type} | {f"act:{SAME_ACT[w]}" for w in re.findall(r"[a-z]+", event.trigger.lower()) if w in SAME_ACT}


def same_happening(claimed: Event, known: Event, actor_words: frozenset[str]) -> bool:
    """Two reports of one happening: the same type, two distinctive words in common, and no clash of names
    ("the Pressler Amendment" is not "the Symington Amendment")."""
    if claimed.type != known.type:
        return False
    a, b = claimed.evidence.text, known.evidence.text
    names_a, names_b = names_in(a, actor_words), names_in(b, actor_words)
    if names_a and names_b and not names_a & names_b:
        return False
    return len(_words(a, actor_words) & _words(b, actor_words)) >= 2


def told_by_pronoun(event: Event) -> bool:
    """The document tells the act with a pronoun for its actor ("it negotiated", "he wrote")."""
    text = event.evidence.text
    at = text.find(event.trigger) if event.trigger else -1
    before = re.findall(r"[A-Za-z]+", text[:at])[-3:] if at > 0 else []
    return any(w.lower() in PRONOUNS for w in before)
