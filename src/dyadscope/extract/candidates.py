"""Candidate events from a dependency parse: predicates and eventive nouns, and the text each is read in.

A candidate is a verb that is not an auxiliary, a copula or a report verb with a clause of its own ("said that X
attacked Y": the complement is the candidate), or a noun that names an event ("after the invasion of Kuwait")
unless it is the object of a candidate verb ("imposed sanctions" is read as one, at the verb). Whether a candidate
is an event, and of what type, is the classifier's call (`dyadscope.extract.classify`); here nothing is decided
about meaning, so the rules hold for any pair of countries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getLemma
from spacy.tokens import Doc, Token

from dyadscope.data import data_path, lang_words
from dyadscope.extract.lexicon import TriggerLexicon

VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
NOUN_TAGS = frozenset({"NN", "NNS"})
AUX_DEPS = frozenset({"aux", "auxpass"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})  # a report verb with one of these is no candidate
MARK_OPEN, MARK_CLOSE = "«", "»"
LEX = "lex="  # the prefix of a candidate's trigger-lexicon features
WINDOW = 40  # words the classifier reads around a candidate at most
WORDS_FILE = data_path("lang", "en", "words.yaml")  # the word lists below, a data file of the components using them


@dataclass(frozen=True, slots=True)
class Words:
    """The word lists candidates and roles are found with (data/lang/en/words.yaml)."""

    report: frozenset[str]
    non_events: frozenset[str]
    object_control: frozenset[str]
    eventive: frozenset[str]
    judging: frozenset[str]
    publication: frozenset[str]
    documents: frozenset[str]
    hazards: frozenset[str]
    stipulation: frozenset[str]
    decreases: frozenset[str]
    war_threats: tuple[str, ...]
    future: frozenset[str]
    force_verbs: frozenset[str]  # "the two armies moved forces": their own (resolve.forces_moved)
    firing: frozenset[str]  # "fired a missile over Japan": a show of force (nominal.show_of_force)
    fired_arms: frozenset[str]
    waters: frozenset[str]

    @classmethod
    def load(cls) -> Words:
        return cls(
            frozenset(lang_words("report_verbs")),
            frozenset(lang_words("non_events")),
            frozenset(lang_words("object_control")),
            frozenset(lang_words("eventive_nouns")),
            frozenset(lang_words("judging_verbs")),
            frozenset(lang_words("publication_verbs")),
            frozenset(w.replace("_", " ") for w in lang_words("document_nouns")),
            frozenset(lang_words("natural_hazards")),
            frozenset(lang_words("stipulation_verbs")),
            frozenset(lang_words("decrease_verbs")),
            tuple(w.replace("_", " ") for w in lang_words("war_threats")),
            frozenset(lang_words("future_auxiliaries")),
            frozenset(lang_words("force_verbs")),
            frozenset(lang_words("firing_verbs")),
            frozenset(lang_words("fired_arms")),
            frozenset(lang_words("place_features")) | {"water", "waters"},
        )


@lru_cache(maxsize=65536)
def _lemma(lower: str, pos: str) -> str:
    found = getLemma(lower, upos=pos)
    return found[0].lower() if found else lower


def lemma(token: Token) -> str:
    """The token's lemma, lower case (lemminflect; spaCy's lemmatizer is not loaded)."""
    pos = "VERB" if token.tag_ in VERB_TAGS else "NOUN" if token.tag_ in NOUN_TAGS else ""
    return _lemma(token.lower_, pos) if pos else token.lower_


def verb_in(verb: Token, words: frozenset[str]) -> Token | None:
    """Whether a verb is one of `words`, alone ("urged") or with its particle or preposition ("called on": a
    multi-word entry): the verb itself, or the preposition that completes it; None if neither."""
    name = lemma(verb)
    if name in words:
        return verb
    return next((c for c in verb.children if c.dep_ in {"prep", "prt"} and f"{name} {c.lower_}" in words), None)


def is_verb(token: Token) -> bool:
    return token.tag_ in VERB_TAGS and token.dep_ not in AUX_DEPS


def governing_verb(token: Token) -> Token:
    """The verb a token belongs to: itself, or the nearest verb above it within four steps (a noun trigger's verb,
    "imposed « sanctions »"); the last token reached when there is none."""
    verb = token
    for _ in range(4):
        if is_verb(verb) or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb


def find(doc: Doc, words: Words) -> list[tuple[int, int, int, str]]:
    """(head, start, end, kind) for every candidate in a parsed sentence, in text order."""
    found: list[tuple[int, int, int, str]] = []
    verbs: set[int] = set()
    for token in doc:
        if not is_verb(token):
            continue
        word = lemma(token)
        if word in words.non_events:
            continue
        reports = word in words.report and any(c.dep_ in CLAUSE_DEPS for c in token.children)
        if reports and not threatens_war(token, words.war_threats, words.future):
            continue  # "said that X attacked Y": the complement is the candidate
        if word in words.publication and any(
            c.dep_ in OBJECT_DEPS and lemma(c) in words.documents for c in token.children
        ):
            continue  # "released a report": what the report says is not the publisher's act
        if any(c.dep_ == "nsubj" and lemma(c) in words.hazards for c in token.children):
            continue  # "an earthquake struck Armenia": what nature did
        if word in words.stipulation and stipulates(token):
            continue  # "the accords provided for a withdrawal": what a text says
        end = token.i + 1
        for child in token.children:  # "broke off", "pulled out"
            if child.dep_ == "prt" and child.i == end:
                end += 1
        found.append((token.i, token.i, end, "verb"))
        verbs.add(token.i)
    for token in doc:
        if token.tag_ not in NOUN_TAGS or lemma(token) not in words.eventive:
            continue
        judged = lemma(token.head) in words.judging  # "called the sanctions illegal": a topic
        if token.dep_ in OBJECT_DEPS and (token.head.i in verbs or judged) and not own_actor(token, judged):
            continue  # read with its verb ("imposed sanctions"), unless it has an actor of its own
        if token.dep_ == "compound" and token.head.tag_ in NOUN_TAGS and lemma(token.head) in words.eventive:
            continue  # "border clashes": the head noun
        if token.dep_ == "nsubj" and is_verb(token.head) and lemma(token.head) in words.decreases:
            continue  # "drone strikes declined after 2013": a trend, not a happening then
        found.append((token.i, token.i, token.i + 1, "noun"))
    return sorted(found)


def threatens_war(verb: Token, threats: Sequence[str], future: frozenset[str]) -> bool:
    """A report verb whose clause calls something to come a cause for war ("declared that independence would be a
    cause for war", "said a nuclear-armed Iran would be a casus belli"): the declaration threatens force. A past
    act called one ("said the killing was an act of war") is a judgement of that act, not a threat."""
    for clause in (c for c in verb.children if c.dep_ in CLAUSE_DEPS):
        words = [t.lower_ for t in clause.subtree]
        text = f" {' '.join(words)} "
        if any(f" {phrase} " in text for phrase in threats) and not future.isdisjoint(words):
            return True
    return False


def stipulates(verb: Token) -> bool:
    """ "provided for a withdrawal": "for" and no object of its own (not "provided aid for the victims")."""
    children = list(verb.children)
    return any(c.dep_ == "prep" and c.lower_ == "for" for c in children) and not any(
        c.dep_ in OBJECT_DEPS | {"dative"} for c in children
    )


def own_actor(noun: Token, judged: bool) -> bool:
    """An eventive noun with an actor of its own, apart from the verb it is the object of: "condemned the airstrike
    by the Myanmar military" (two acts: the condemnation and the airstrike). A possessive is the act's actor only
    under a verb that judges it ("condemned Azerbaijan's shelling"); elsewhere it may be the one acted on, and the
    verb's act is the event ("suspended Nicaragua's aid")."""
    if judged and any(c.dep_ == "poss" and c.tag_ != "PRP$" for c in noun.children):
        return True
    return stray_by(noun) is not None or any(_is_by(c) for c in noun.children)


def _is_by(token: Token) -> bool:
    return token.dep_ == "prep" and token.lower_ == "by" and any(g.dep_ == "pobj" for g in token.children)


def stray_by(noun: Token) -> Token | None:
    """The "by" phrase the parser hung on the active verb whose object the noun is, where it can only be the
    noun's ("condemned the airstrike by the military": an active verb with a subject has no agent)."""
    verb = noun.head
    if noun.dep_ != "dobj" or not is_verb(verb) or not any(c.dep_ == "nsubj" for c in verb.children):
        return None
    return next((c for c in verb.children if _is_by(c) and c.i > noun.i), None)


def features(doc: Doc, head: int) -> tuple[str, ...]:
    """What the static stage reads besides the clause: the trigger's lemma, its dependency, its governor, its
    object and preposition, auxiliaries, negation and voice ("lemma=impose", "obj=sanction", "aux=will")."""
    token = doc[head]
    found = [f"lemma={lemma(token)}", f"dep={token.dep_}", f"tag={token.tag_}", f"gov={lemma(token.head)}"]
    for child in token.children:
        if child.dep_ in {"dobj", "nsubjpass", "attr"}:
            found.append(f"obj={lemma(child)}")
        elif child.dep_ in {"prep", "agent", "dative", "prt"} or child.dep_ in {"aux", "auxpass", "neg", "mark"}:
            found.append(f"{child.dep_}={child.lower_}")
    found.append(f"lemma+gov={lemma(token)}+{lemma(token.head)}")
    return tuple(found)


def lexicon_features(
    doc: Doc, head: int, matches: Sequence[tuple[str, int, int]], lexicon: TriggerLexicon, words: Words
) -> tuple[str, ...]:
    """The trigger lexicon as evidence for the static stage: the type of each lexicon phrase at the candidate or
    its object, turned by the candidate's own verb when it lifts, cuts or weakens what the phrase names ("lifted
    sanctions" → RETREAT, "reduced aid" → SANCTION). A verb that judges its object ("called the sanctions
    illegal") takes nothing from it."""
    token = doc[head]
    kept = {"prt", "compound"} if lemma(token) in words.judging else {"dobj", "nsubjpass", "attr", "prt", "compound"}
    near = {head} | {c.i for c in token.children if c.dep_ in kept}
    if token.dep_ in {"dobj", "compound", "pobj", "nsubjpass"}:
        near.add(token.head.i)
    verb = lemma(token) if is_verb(token) else lemma(token.head)
    found = []
    for key, start, end in matches:
        if near.isdisjoint(range(start, end)):
            continue
        rule = lexicon.rules[key]
        kind = rule.type
        if rule.flip is not None and verb in rule.flip_words:
            kind = rule.flip.type
        else:
            kind = next((declined.type for words, declined in rule.declines if verb in words), kind)
        found.append(f"{LEX}{kind}")
    return tuple(dict.fromkeys(found))


def lexicon_types(features: Sequence[str]) -> list[str]:
    """The trigger lexicon's types among a candidate's features (`lexicon_features`: "lex=SANCTION"), in order."""
    return [f.removeprefix(LEX) for f in features if f.startswith(LEX)]


def clause_text(doc: Doc, start: int, end: int) -> str:
    """The sentence around a candidate, lower-cased, with the trigger marked: "india « imposed » sanctions on ...",
    cut to `WINDOW` words around the trigger. (Reading only the trigger's clause was tried: faster, but it missed
    what the rest of the sentence says about the act, and two points of accuracy on the dev fold.)"""
    left, right = 0, len(doc)
    if right - left > WINDOW:
        half = (WINDOW - (end - start)) // 2
        left = max(left, start - half)
        right = min(right, max(end + half, left + WINDOW))
    words = [t.text for t in doc[left:start]]
    words += [MARK_OPEN, *(t.text for t in doc[start:end]), MARK_CLOSE]
    words += [t.text for t in doc[end:right]]
    return " ".join(words).lower()
