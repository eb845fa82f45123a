"""Which state an actor phrase that names none stands for: "the two countries" (the pair), a sector noun
("police", "the administration"), a person named by title alone; and the state a document is about (its home
state, from its mentions or its dateline).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

from dyadscope.extract.candidates import lemma
from dyadscope.extract.repairs import SUBJECT_DEPS
from dyadscope.extract.sides import FORCES, Phrase
from dyadscope.models import Mention, Sentence
from dyadscope.nlp.actors import DYAD_CODE, STATE_KINDS

DOMESTIC = 2 / 3  # the share of a document's state mentions its home state has in a domestic story
DATELINE = re.compile(r"[A-Z][A-Z .'’-]{2,}(?:,|\s+\()")  # "NAIROBI, July 7 -", "ABUJA (Reuters) -"


def home_state(sentences: Iterable[Sentence]) -> tuple[str | None, bool]:
    """The state a document is about when one state has most of its state mentions (a domestic story), else the
    state of its dateline ("NAIROBI, July 7 - ..."): a story datelined from a capital is about that state when the
    others it names share the rest. And whether the story is domestic: the home state has two thirds of the
    mentions or the dateline (not a history of two states, where one has a bare majority)."""
    body = [s for s in sentences if not s.is_heading]
    counts = Counter(m.code for s in body for m in s.mentions if m.kind in STATE_KINDS and m.code != DYAD_CODE)
    total = sum(counts.values())
    if not total:
        return None, False
    code, n = counts.most_common(1)[0]
    if n / total >= 0.5:
        return code, n / total >= DOMESTIC
    first = body[0]
    if DATELINE.match(first.text):
        dateline = next((m.code for m in first.mentions if m.start == first.start and m.kind in STATE_KINDS), None)
        return dateline, dateline is not None
    return None, False


def states_acted_on(parse: Doc, phrases: Sequence[Phrase], target_preps: frozenset[str]) -> frozenset[str]:
    """States whose every phrase in the sentence is acted on: an object, or the object of a target preposition
    ("assistance to Egypt"), or the owner of one."""
    seen: dict[str, bool] = {}
    for phrase in phrases:
        token = parse[phrase.head]
        if token.dep_ == "poss":
            token = token.head
        target = token.dep_ in {"dobj", "dative"} or (token.dep_ == "pobj" and token.head.lower_ in target_preps)
        for code in phrase.codes:
            seen[code] = seen.get(code, True) and target
    return frozenset(code for code, only in seen.items() if only)


def forces_moved(parse: Doc, phrases: Sequence[Phrase], verbs: frozenset[str]) -> dict[int, int]:
    """Sector nouns of force that name no state and are the object of a verb that moves forces, each with the head of
    its verb's subject ("the two armies moved forces to the border": the armies' own forces; `force_verbs`)."""
    heads = {p.head for p in phrases}
    found = {}
    for phrase in phrases:
        token = parse[phrase.head]
        if phrase.codes or phrase.sector not in FORCES or token.dep_ != "dobj" or lemma(token.head) not in verbs:
            continue
        subject = next((c.i for c in token.head.children if c.dep_ in SUBJECT_DEPS and c.i in heads), None)
        if subject is not None:
            found[phrase.head] = subject
    return found


def resolve(
    phrases: list[Phrase],
    mentions: Sequence[Mention],
    dyad: tuple[str, str] | None,
    home: tuple[str | None, bool],
    *,
    previous: Phrase | None = None,
    acted_on: frozenset[str] = frozenset(),
    moved: dict[int, int] | None = None,
) -> None:
    """Codes for phrases that name no state: "the two countries" is the pair in the sentence or the document's; a
    sector noun ("police", "troops") is of the one state the sentence names, else of the document's home state; a
    person named by title alone is of the home state of a domestic story only (in "Admiral Mullen said Pakistan
    ..." the one state named is not his, nor is a history of two states' majority state). When the one state named
    is only acted on ("the administration suspended assistance to Egypt"), a sector noun is of the state of the
    subject of the sentence before (`previous`; `acted_on`: the states only acted on here), if another. Forces
    a subject moves (`moved`, from `forces_moved`) are its own."""
    state, domestic = home
    states = list(dict.fromkeys(m.code for m in mentions if m.kind in STATE_KINDS and m.code != DYAD_CODE))
    pair = states[:2] if len(states) == 2 else list(dyad) if dyad else []
    moved = moved or {}
    by_head = {p.head: p for p in phrases}
    for phrase in sorted(phrases, key=lambda p: p.head in moved):  # a mover's forces after the mover
        if DYAD_CODE in phrase.codes:
            phrase.codes = [c for c in phrase.codes if c != DYAD_CODE] + [c for c in pair if c not in phrase.codes]
            phrase.pair = True
        if phrase.head in moved and not phrase.codes and by_head[moved[phrase.head]].codes:
            phrase.codes = list(by_head[moved[phrase.head]].codes)
            continue
        if not phrase.codes and not phrase.office:  # an organisation's officer is no state's official
            only = (state if domestic else None) if phrase.titled else states[0] if len(states) == 1 else state
            if not phrase.titled and len(states) == 1 and states[0] in acted_on:
                earlier = previous.codes[0] if previous is not None and previous.codes else None
                only = earlier if earlier is not None and earlier != states[0] else only
            if only:
                phrase.codes = [only]
