"""From a typed candidate with its actors to an `Event`: CAMEO code and mode, intensity, contexts, date, id.

The CAMEO code and PLOVER mode come from the trigger lexicon, constrained by the type the classifier chose: a
lexicon phrase around the trigger whose rule (or flipped rule: "lifted sanctions") has that type gives its code
("imposed sanctions" → 163); else the type's default (`data/cameo/type_defaults.csv`). The lexicon phrase is also
the explanation users see ("SANCTION: 'imposed sanctions'").
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dyadscope.data import data_path, lang_words
from dyadscope.extract.candidates import governing_verb, is_verb, lemma
from dyadscope.extract.lexicon import CueTagger, Rule, Scores, TriggerLexicon
from dyadscope.models import INSTRUMENT, Candidate, DateInterval, DateMention, Event, Evidence, Sentence
from dyadscope.nlp.actor_data import unnamed_target


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """What the coder needs to know about a sentence beyond its tokens."""

    doc_key: str  # stable id of the document's content (its hash): event ids derive from it
    doc: str  # the document's path, as cited
    title: str
    sentence: Sentence
    kind: str = ""  # the document's kind (models.DOCUMENT_KINDS)


TYPE_DEFAULTS = data_path("cameo", "type_defaults.csv")


def _type_rows() -> list[dict[str, str]]:
    with TYPE_DEFAULTS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def type_defaults() -> dict[str, Rule]:
    return {row["type"]: Rule(row["type"], row["mode"] or None, row["cameo"]) for row in _type_rows()}


def unnamed_targets() -> dict[str, str]:
    """Whom an event of a type is aimed at when its sentence names no one acted on and no other state: "own
    government" (a protest) or "own public" (coercion); types without one take the other state of the pair."""
    aims = {row["type"]: unnamed_target(row.get("unnamed_target"), "type_defaults.csv") for row in _type_rows()}
    return {kind: aim for kind, aim in aims.items() if aim}


class EventBuilder:
    """Everything an event needs beyond its candidate: lexicon, cue taggers, scores."""

    def __init__(self, lexicon: TriggerLexicon, contexts: CueTagger, issues: CueTagger, scores: Scores) -> None:
        self.lexicon = lexicon
        self.contexts = contexts
        self.issues = issues
        self.scores = scores
        self.defaults = type_defaults()

    def rule(self, parse: Doc, candidate: Candidate) -> tuple[Rule, str]:
        """The lexicon rule of the candidate's type nearest its trigger, and the phrase that named it."""
        best: tuple[int, Rule, str] | None = None
        head = parse[candidate.head]
        near = {candidate.head, *range(candidate.start, candidate.end)}
        near |= {c.i for c in head.children if c.dep_ in {"dobj", "prt", "attr", "nsubjpass", "compound", "amod"}}
        if head.dep_ in {"dobj", "compound", "pobj"}:
            near.add(head.head.i)
        for key, start, end in self.lexicon.matcher(parse):
            if not near.intersection(range(start, end)):
                continue
            base = self.lexicon.rules[parse.vocab.strings[key]]
            for rule in (base, base.flip, *(declined for _, declined in base.declines)):
                if rule is not None and rule.type == candidate.type:
                    distance = min(abs(i - candidate.head) for i in range(start, end))
                    if best is None or distance < best[0]:
                        best = (distance, rule, parse[start:end].text)
        if best is not None:
            return best[1], best[2]
        return self.defaults[candidate.type], candidate.text

    def build(self, parse: Doc, candidate: Candidate, ctx: SentenceContext) -> Event:
        rule, phrase = self.rule(parse, candidate)
        sentence = ctx.sentence
        trigger = parse[candidate.start : candidate.end]
        start_char = trigger.start_char
        date, inherited = event_date(trigger, sentence, noun=candidate.kind == "noun")
        confidence = candidate.probability * candidate.role_confidence
        if inherited:
            confidence -= 0.1
        digest = hashlib.sha1(
            f"{ctx.doc_key}:{sentence.index}:{start_char}:{candidate.type}:{candidate.source}:{candidate.target}".encode()
        ).hexdigest()[:16]
        return Event(
            id=f"ev_{digest}",
            source=list(candidate.source),
            target=list(candidate.target),
            type=candidate.type,
            mode=rule.mode,
            contexts=list(dict.fromkeys([*rule.contexts, *self.contexts(sentence.text)])),
            cameo=rule.cameo,
            intensity=self.scores.intensity(rule),
            negated=candidate.negated,
            hypothetical=candidate.hypothetical,
            date=date,
            date_inherited=inherited,
            confidence=round(max(confidence, 0.05), 2),
            evidence=Evidence(
                ctx.doc, ctx.title, sentence.index, sentence.start, sentence.end, sentence.text, ctx.kind
            ),
            trigger=phrase,
            issues=self.issues(own_clause(parse[candidate.head])),
            source_sector=candidate.source_sector,
            target_sector=candidate.target_sector,
        )


def own_clause(token: Token) -> str:
    """The text of the clause a trigger belongs to: the subtree of its verb (a noun's governing verb), less the
    clauses joined to it that have a subject of their own ("Greece introduced a visa scheme for tourists visiting
    the Aegean islands, and Mitsotakis paid an official visit to Ankara": the visit's clause is the second). What an
    event is about (its issues) is read there."""
    verb = governing_verb(token)
    apart = {
        t.i
        for child in verb.children
        if child.dep_ == "conj" and is_verb(child) and any(c.dep_ in {"nsubj", "nsubjpass"} for c in child.children)
        for t in child.subtree
    }
    return "".join(t.text_with_ws for t in verb.subtree if t.i not in apart)


def _separated(text: str, mention: DateMention, start: int, end: int) -> bool:
    """True when a clause boundary (",", ";", " and ") lies between a date and the trigger."""
    between = text[mention.end : start] if mention.end <= start else text[end : mention.start]
    return any(mark in between for mark in (",", ";", " and "))


def names_instrument(trigger: Span, sentence: Sentence) -> bool:
    """True when a noun trigger's own phrase holds a year that names an instrument ("its 1960 security treaty"):
    the event is that instrument, a happening apart from what the rest of the sentence tells."""
    return any(d.kind == INSTRUMENT and _in_own_phrase(trigger, d) for d in sentence.dates)


def _in_own_phrase(trigger: Span, mention: DateMention) -> bool:
    """True when a date lies in the trigger's own phrase, leaving out clauses that hang from it."""
    head = trigger.root
    own = [t for t in head.subtree if not _in_clause(t, head)]
    return own[0].idx <= mention.start and mention.end <= own[-1].idx + len(own[-1])


MAKING = frozenset(lang_words("making_verbs"))


def _made(trigger: Span, mention: DateMention) -> bool:
    """True when a verb makes the instrument its object names ("signed the Treaty of Versailles of 1919"), or the
    instrument is its subject and acts when it was made ("the Treaty of Versailles of 1919 returned Alsace")."""
    head = trigger.root
    making = lemma(head) in MAKING
    for child in head.children:
        if child.dep_ == "nsubj" or (making and child.dep_ in ("dobj", "nsubjpass", "attr")):
            own = list(child.subtree)
            if own[0].idx <= mention.start and mention.end <= own[-1].idx + len(own[-1]):
                return True
    return False


def _in_clause(token: Token, head: Token) -> bool:
    """True when a token lies in a clause hanging from `head` (a relative or adjectival clause)."""
    while token != head:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False


def event_date(trigger: Span, sentence: Sentence, *, noun: bool = False) -> tuple[DateInterval | None, bool]:
    """The time expression nearest the trigger, else the sentence's own or inherited date.

    A date of a year or less beats a longer one in the same sentence ("In April 1979 the Carter administration cut
    off aid"); then one in the trigger's own clause; among equals the nearest wins. A year in an instrument's name
    dates a noun trigger whose phrase holds it, a verb that makes the instrument or has it as subject (`_made`),
    never a verb that acts under it ("assistance under the Foreign Assistance Act of 1961"), whose date is the
    sentence's."""
    named = [
        d
        for d in sentence.dates
        if d.kind == INSTRUMENT and (_in_own_phrase(trigger, d) if noun else _made(trigger, d))
    ]
    if named:
        return named[0].interval, False
    dates: Sequence[DateMention] = [d for d in sentence.dates if d.kind != INSTRUMENT]
    if not dates:
        return sentence.date, sentence.date_inherited is not None
    start, end = trigger.start_char, trigger.end_char
    nearest = min(
        dates,
        key=lambda d: (
            (d.interval.end - d.interval.start).days > 366,
            _separated(sentence.text, d, start, end),
            min(abs(d.start - end), abs(start - d.end)),
        ),
    )
    if sentence.date_inherited is not None and sentence.date is not None and sentence.date != nearest.interval:
        return sentence.date, True  # the sentence's long date was narrowed by the one before it
    return nearest.interval, False


def act_of(token: Token) -> int:
    """The word heading the act a candidate word belongs to: the top of its sentence, where a verb joined to
    another by "and" heads an act of its own ("downgraded relations, expelled the ambassador and closed the
    border": three acts); a verb and the event noun it governs ("imposed sanctions") or a participle telling an
    attack's toll ("bombed the posts, killing twelve") are one act."""
    while token.head.i != token.i and not (token.dep_ == "conj" and is_verb(token)):
        token = token.head
    return token.i


def deduplicate(events: list[Event], apart: Collection[str] = (), acts: Mapping[str, int] | None = None) -> list[Event]:
    """One event per (act, source, target, type) in a sentence, the most confident; and none without a target
    where the same source has one of the same type with a target (two words of one act: "closed the supply
    routes"). `acts` gives each event id its act (`act_of`; without it, the sentence is one act). An event in
    `apart` (ids: an instrument named with its own year, `names_instrument`) is a happening of its own date:
    "reaffirms the commitment made in its 1959 agreement" is the reaffirmation and 1959's agreement."""
    acts = acts or {}
    best: dict[tuple[int, int, str, str, str, DateInterval | None], Event] = {}
    for event in events:
        when = event.date if event.id in apart else None
        act = acts.get(event.id, -1)
        key = (event.evidence.sentence_id, act, ",".join(event.source), ",".join(event.target), event.type, when)
        if key not in best or event.confidence > best[key].confidence:
            best[key] = event
    aimed = {(s, src, kind, when) for s, _, src, target, kind, when in best if target}
    kept = {id(e) for (s, _, src, target, kind, when), e in best.items() if target or (s, src, kind, when) not in aimed}
    return [e for e in events if id(e) in kept]
