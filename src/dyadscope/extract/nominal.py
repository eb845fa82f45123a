"""Events named by a noun that the classifier leaves as no event, where the text's form says it is one: a noun with
a date of its own ("the Soviet invasion of Afghanistan in 1979 marked a turning point") and the noun heading a study
note's timeline entry ("- Aug 1990: UN trade embargo on Iraq."). Typed by the trigger lexicon, with the confidence
of a rule (0.5). And a verb that grows a cooperative relation, typed as that relation (`grown_relation`), and
support for a hostile act, which is a part in that act (`backed_act`), an attempt, which asks nothing of
anyone (`attempt`), a show of force, which is no attack (`show_of_force`), and a declaration that something
would be a cause for war, which is a threat (`war_threat`).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from dyadscope.extract.candidates import Words, is_verb, lemma, lexicon_types, threatens_war
from dyadscope.extract.classify import NONE
from dyadscope.extract.lexicon import TriggerLexicon
from dyadscope.models import QUAD, Candidate, Sentence

HOSTILE = frozenset(t for t, quad in QUAD.items() if quad.endswith("conflict"))
# hostile acts done to someone: backing one is a part in it ("endorsed the expulsion of X"); backing a deployment
# or a demonstration may be support of the one who makes it ("endorsed the deployment as a peace force")
DONE_TO = frozenset({"ACCUSE", "REJECT", "THREATEN", "SANCTION", "COERCE", "ASSAULT"})
VERBAL = frozenset(t for t, quad in QUAD.items() if quad.startswith("verbal"))  # what a judgement of an act is
DATED = frozenset({"day", "month", "season", "year"})  # a date precise enough to place a named event
# "- Aug 1990:", "• 15 March 2011 -", "1962:": a timeline entry's date, before its act
TIMELINE = re.compile(r"\s*[-•*–]?\s*(?:\d{1,2}\s+)?(?:[A-Z][a-z]{2,8}\.?\s+)?(?:\d{1,2},?\s+)?\d{4}s?\s*[:–-]\s")


def timeline_entry(candidate: Candidate, parse: Doc, sentence: Sentence, lexicon: TriggerLexicon) -> None:
    """A study note's timeline entry that is a date and a noun phrase ("- Aug 1990: UN trade embargo on Iraq."):
    the noun that heads what follows the date is the entry's act, typed by the trigger lexicon, with the
    confidence of a rule. A noun inside that phrase ("talk of an end to the blockade") is what it is about."""
    if not TIMELINE.match(sentence.text):
        return
    token = parse[candidate.head]
    if token.dep_ == "ROOT" or (token.dep_ in {"appos", "dep"} and token.head.dep_ == "ROOT"):
        own = [
            lexicon.rules[parse.vocab.strings[key]].type
            for key, start, end in lexicon.matcher(parse)
            if start <= candidate.head < end
        ]  # "UN trade embargo": the embargo's type, not the trade's
        kinds = own or lexicon_types(candidate.features)
        if kinds:
            candidate.type, candidate.probability, candidate.stage = kinds[0], 0.5, "lexicon"


def dated_mention(candidate: Candidate, parse: Doc, sentence: Sentence) -> None:
    """An event named by a noun with its own date ("the Soviet invasion of Afghanistan in 1979 marked a turning
    point"): what a history states, at the date it gives, even when the sentence is about something else. Typed
    by the trigger lexicon, with the confidence of a rule."""
    kinds = lexicon_types(candidate.features)
    if not kinds:
        return
    token = parse[candidate.head]
    skip = {t.i for c in token.children if c.dep_ in {"relcl", "acl", "advcl"} for t in c.subtree}
    own = [t for t in token.subtree if t.i not in skip]
    start, end = own[0].idx, own[-1].idx + len(own[-1])
    if any(start <= d.start and d.end <= end and d.interval.granularity in DATED for d in sentence.dates):
        candidate.type, candidate.probability, candidate.stage = kinds[0], 0.5, "lexicon"


def grown_relation(candidate: Candidate, parse: Doc, lexicon: TriggerLexicon, growth: frozenset[str]) -> None:
    """A verb that grows a cooperative relation ("expanded their defence cooperation", "strengthened the alliance")
    states that relation's act, as a verb that cuts it states a sanction: the type is that of the lexicon rule
    matching its object which a cutting verb would turn (`Rule.declines`), whatever other act the classifier read in
    the verb. A candidate the classifier left as no event stays none ("hopes to expand cooperation" is a prospect
    the modality reads; a state of the relation is no act)."""
    token = parse[candidate.head]
    if candidate.type == NONE or not is_verb(token) or lemma(token) not in growth:
        return
    objects = {c.i for c in token.children if c.dep_ in {"dobj", "nsubjpass"}}
    for key, start, end in lexicon.matcher(parse):
        rule = lexicon.rules[parse.vocab.strings[key]]
        if rule.declines and not objects.isdisjoint(range(start, end)):
            candidate.type = rule.type
            return


def backed_act(candidate: Candidate, parse: Doc, lexicon: TriggerLexicon, typed: dict[int, str]) -> None:
    """Backing a hostile act against a state ("endorsed the expulsion of Russia from the G8", "supported placing
    Iran on the blacklist") is a part in that act, not support of the state: where the act is an event of its own
    (`typed`: the sentence's candidates by head), the backing adds none; where it is the verb's object, the backing
    takes the act's type from the trigger lexicon. Backing a state or a cooperative act stays support."""
    token = parse[candidate.head]
    if candidate.type != "SUPPORT" or not is_verb(token):
        return
    acts = [c for c in token.children if c.dep_ in {"dobj", "xcomp", "ccomp"}]
    if any(typed.get(act.i, NONE) in HOSTILE for act in acts):
        candidate.type = NONE
        return
    heads = {act.i for act in acts}
    for key, start, end in lexicon.matcher(parse):
        kind = lexicon.rules[parse.vocab.strings[key]].type
        if kind in DONE_TO and not heads.isdisjoint(range(start, end)):
            candidate.type = kind
            return


def judged_act(candidate: Candidate, parse: Doc, judging: frozenset[str], things: frozenset[str]) -> None:
    """The act a judging verb speaks of ("condemned the attack by Sudanese forces", "deplored the shelling by
    Azerbaijani forces"), read by the classifier as the judgement itself (an accusation by the attackers): it is
    its own act, of the type the trigger lexicon gives the noun, and a treaty or law it invokes is no act at all
    (`judging_verbs`; `instrument_nouns`)."""
    token = parse[candidate.head]
    if candidate.kind != "noun" or candidate.type not in VERBAL or token.dep_ != "dobj":
        return
    if lemma(token.head) not in judging:
        return
    # the lexicon's types at the noun (`lexicon_features`, read once by the candidates), less the judgement's own
    own = [] if lemma(token) in things else [t for t in lexicon_types(candidate.features) if t not in VERBAL]
    candidate.type = own[0] if own else NONE


def attempt(candidate: Candidate, parse: Doc, attempts: frozenset[str]) -> None:
    """Seeking or trying to do something oneself ("sought to repair ties", "tried to improve relations") asks
    nothing of anyone: no REQUEST (the lexicon had made "sought" a demand, −5 on the index). What is sought from
    another ("sought Soviet help") stays one."""
    token = parse[candidate.head]
    if candidate.type != "REQUEST" or not is_verb(token) or lemma(token) not in attempts:
        return
    children = list(token.children)
    if any(c.dep_ == "xcomp" for c in children) and not any(c.dep_ in {"dobj", "dative"} for c in children):
        candidate.type = NONE


def show_of_force(candidate: Candidate, parse: Doc, words: Words) -> None:
    """Missiles fired into the sea, over a country, as warning shots or in a test ("fired a missile over Japan",
    "test-fired an Agni-V missile", "fired warning shots at a Russian aircraft") use no force on anyone: a show of
    force (MOBILIZE), which the classifier had read as an attack. Fired at, on or against someone, or into a
    country, they stay one."""
    token = parse[candidate.head]
    if candidate.type != "ASSAULT":
        return
    if token.lower_ == "warning" and token.dep_ in {"compound", "amod"} and lemma(token.head) in words.fired_arms:
        candidate.type = NONE  # the "warning" of "fired warning shots": the firing is the act
        return
    if not is_verb(token) or lemma(token) not in words.firing:
        return
    fired = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"} and lemma(c) in words.fired_arms]
    if not fired:
        return
    warning = any(m.lower_ == "warning" and m.dep_ in {"compound", "amod"} for f in fired for m in f.children)
    test = lemma(token) == "test" or any(
        c.lower_ == "test" and c.dep_ in {"npadvmod", "compound", "amod"} for c in token.children
    )
    preps: dict[str, list[Token]] = {}
    for child in [*token.children, *(c for f in fired for c in f.children)]:  # "fired a missile over Japan"
        if child.dep_ == "prep":
            preps.setdefault(child.lower_, []).extend(g for g in child.children if g.dep_ == "pobj")
    at_someone = any(word in preps for word in ("at", "on", "against"))
    into_water = any(lemma(g) in words.waters for w in ("into", "in", "toward", "towards") for g in preps.get(w, []))
    if warning or test or (("over" in preps or into_water) and not at_someone):
        candidate.type = "MOBILIZE"


def war_threat(candidate: Candidate, parse: Doc, words: Words) -> None:
    """A report verb kept as a candidate because its clause calls something to come a cause for war
    (`threatens_war`): the declaration is a threat of force, whatever the classifier made of the report."""
    token = parse[candidate.head]
    if (
        candidate.kind == "verb"
        and lemma(token) in words.report
        and threatens_war(token, words.war_threats, words.future)
    ):
        candidate.type = "THREATEN"
