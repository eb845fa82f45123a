"""The `dyadscope_roles` component: source and target of each typed candidate, read from the parse
(`dyadscope.extract.roles` reads the arguments, `dyadscope.extract.sides` chooses among them), with the fallbacks
a sentence that names no one acted on needs: the other state it names, the actor's own state for acts at home,
the document pair's other state.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Token

from dyadscope.data import lang_words
from dyadscope.extract import candidates as found
from dyadscope.extract.actor_phrases import PEOPLE
from dyadscope.extract.candidates import WORDS_FILE as WORDS
from dyadscope.extract.classify import NONE
from dyadscope.extract.coder import TYPE_DEFAULTS, unnamed_targets
from dyadscope.extract.repairs import SUBJECT_DEPS
from dyadscope.extract.roles import Roles, same_part, subjectless
from dyadscope.extract.sides import (
    FORCE_MOVES,
    Phrase,
    Sides,
    assign,
    before,
    claimed_actor,
    drawn_from,
    in_relative_clause,
    joint_act,
    moved_forces,
    multilateral_object,
    own_forces,
    sources_other_acts,
)
from dyadscope.nlp.actor_data import OWN_GOVERNMENT, SECTORS, sector_targets
from dyadscope.nlp.actors import PRIVATE, STATE_KINDS
from dyadscope.nlp.components import Actors, Component, parses_of, per_document, sentences_of

# Coordinated states with no one named acted on do these together, on someone else, unless the verb says they
# did it to each other ("clashed", "accused each other"): force and aid, and every demand, condemnation, refusal,
# threat, protest and sanction ("Britain, France and Germany condemned the crackdown"). What is left is done with
# each other: talks, agreements, support, cooperation, yielding ("India and China held talks").
CROWDS = frozenset({PEOPLE, "protesters"})  # the sectors of a crowd
SIDE_BY_SIDE = frozenset(
    {"ASSAULT", "COERCE", "MOBILIZE", "AID", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "REQUEST", "SANCTION"}
)


@Language.factory("dyadscope_roles", assigns=["doc._.candidates"], requires=["doc._.candidates", "doc._.phrases"])
def make_roles(nlp: Language, name: str) -> RolesComponent:
    actors = nlp.get_pipe("dyadscope_actors")
    assert isinstance(actors, Actors)
    return RolesComponent(actors.matcher.country_codes)


class RolesComponent(Component):
    """Source and target of each typed candidate from the parse."""

    # 40: a crowd a protest's participle is on protests; 39: an agreement signed with no signatory named is the
    # pair's; 38: the first of a list of subjects hung on an opening phrase; 37: coordinated states condemn, demand,
    # threaten, protest and punish together, not each other; 36: a state the source acts on in a clause of its own
    # is not its other act's default target; 35: a person released is no force withdrawn; 34: a reaction drawn
    # "from" a state is that state's, and no one's default target; 33: forces moved with no agent are their
    # state's; 32: an act at home ("resigned") takes no other state; 31: "at" a summit is where; 30: sides meeting
    # at a summit; 29: "protested that", relative clauses; 28: named multilateral instruments; 27: "he" is the
    # person named before
    version = "40"
    data_files = (WORDS, TYPE_DEFAULTS, SECTORS)

    def __init__(self, countries: frozenset[str]) -> None:
        self.roles = Roles()
        self.state_acts = frozenset(lang_words("state_acts"))
        self.unnamed = unnamed_targets()
        self.sector_aims = sector_targets()
        self.things = self.roles.instruments | self.roles.eventive  # a named object that is no one: a treaty
        self.places = self.roles.place_preps  # "in", "inside": where an act happens
        self.own_objects = frozenset(lang_words("own_objects"))  # "seized power": the actor's own state
        self.home_verbs = frozenset(lang_words("home_verbs"))  # "resigned": at home
        self.polities = frozenset(lang_words("polity_nouns"))  # "recognised the new state": on it, no one else
        self.reciprocal = frozenset(lang_words("reciprocal_verbs"))  # "clashed": at each other
        self.reciprocal_objects = frozenset(lang_words("reciprocal_objects"))  # "fought a war": each other
        self.addressed = frozenset(lang_words("addressed_preps"))
        self.elicit = frozenset(lang_words("elicit_verbs"))  # "drew condemnation from Y"
        self.countries = countries  # a leader's code may be no state's

    def __call__(self, doc: Doc) -> Doc:
        parses = parses_of(doc)
        phrases = doc._.phrases or {}
        states = per_document(doc, "states", lambda: self._states(doc))
        reactors: dict[int, set[str]] = {}  # by sentence: the states a reaction is drawn from (`_reactors`)
        for candidate in doc._.candidates or []:
            if candidate.type == NONE:
                continue
            parse = parses[candidate.sentence]
            here = phrases.get(candidate.sentence, [])
            args = self.roles.arguments(parse, candidate.head, here)
            sides = assign(args, candidate.type, verb=candidate.kind == "verb")
            if found.lemma(parse[candidate.head]) in self.elicit:  # "X's move drew condemnation from Y": Y on X
                at = {p.head: p for p in here if p.head != candidate.head}
                drawn = drawn_from(parse[candidate.head], at, self.roles.owners, self.elicit)
                sides = sides if drawn is None else drawn
            if not sides.target and candidate.type == "ACCUSE":  # "protested that Washington was arming X"
                sides = Sides(sides.source, claimed_actor(parse[candidate.head], here, sides.source), sides.confidence)
            if not sides.source and args.passive and not args.agent:  # a passive that names no one acting
                if candidate.type in FORCE_MOVES:
                    sides = moved_forces(sides)  # "Indian troops were sent to ...": by their state
                if not sides.source and sides.target:
                    sides = self._state_act(parse[candidate.head], sides)
            if not sides.source and candidate.type == "PROTEST" and args.passive:
                sides = _crowd_protests(parse[candidate.head], sides)  # "tens of thousands protested in Minsk"
            if not sides.source and candidate.type == "SUPPORT" and args.passive and not args.agent:
                sides = self._signatories(parse, candidate.head, here, doc._.dyad) or sides  # "a treaty was signed"
            if not sides.source and subjectless(parse[candidate.head]):  # a parse that lost the subject ("On 13
                # November Somalia expelled ..."): the nearest actor before the trigger that is not acted on; with
                # none, the subject of the sentences before (a resolution's "1. Calls upon ...")
                preceding = [p for p in before(here, candidate.start) if p not in sides.target]
                earlier = (doc._.subjects_before or {}).get(candidate.sentence)
                acted_on = {c for p in sides.target for c in p.codes}
                if preceding:
                    sides = Sides([preceding[-1]], sides.target, 0.5)
                elif earlier is not None and not acted_on & set(earlier.codes):
                    sides = Sides([earlier], sides.target, 0.4)
            if sides.target and all(own_forces(p, sides.source) for p in sides.target):
                sides = Sides(sides.source, [], sides.confidence)  # a source found above moved its own troops
            source_sector = sides.source[0].sector if sides.source else ""
            target_sector = sides.target[0].sector if sides.target else ""
            source = _codes(sides.source)
            target = [c for c in _codes(sides.target) if c not in source or target_sector != source_sector]
            confidence = sides.confidence
            joint = joint_act(parse[candidate.head], self.things, self.addressed)
            if candidate.type in SIDE_BY_SIDE and not self._reciprocal(parse[candidate.head]):
                joint = False  # "Australia and New Zealand sent troops to fight in Korea": together, not at each other
            joint = joint or any(p.pair for p in sides.source)
            located = [*args.places, *(p for w, p in args.preps if w == "at")]
            if target and len(source) > 1 and joint and all(p in located for p in sides.target):
                target = []  # "Modi and Sharif met at the United Nations": each other, at a place
            if not target and len(source) > 1 and joint:
                source, target, target_sector = source[:1], source[1:], source_sector  # "India and China held
                # talks": a pair; "Russia and Nicaragua recognised Abkhazia" (not in the dictionaries) is not
            elif not target and source:  # the sentence names no one acted on: the other state it names, if one
                head = parse[candidate.head]
                aside = {c for p in here if in_relative_clause(parse[p.head], head) for c in p.codes}  # "provided
                # missiles, which struck Russian depots": not whom they were given to
                if candidate.sentence not in reactors:  # "the raid provoked criticism from Jordan": not the raided
                    reactors[candidate.sentence] = self._reactors(parse, here)
                aside |= reactors[candidate.sentence]
                aside_tokens = sources_other_acts(head, {p.head: p for p in here}, source)  # "banned parties, and
                # it warned Greece": not the ban's
                near = [
                    p
                    for p in here
                    if same_part(parse[p.head], head) and aside.isdisjoint(p.codes) and p.head not in aside_tokens
                ]
                others = list(dict.fromkeys(c for p in near for c in p.codes))
                # "seized power in Burma": the source's own state as the place of its act keeps the act at home
                at_home = any(_place_of(parse[p.head], self.places) and set(p.codes) & set(source) for p in near)
                own = any(
                    c.dep_ == "dobj" and found.lemma(c) in self.own_objects for c in parse[candidate.head].children
                )
                home_verb = found.lemma(parse[candidate.head]) in self.home_verbs  # "resigned"
                at_home = at_home or home_verb
                # "resigned and fled to the United States": where the leader went is no one acted on
                others = [] if home_verb else [c for c in others if c not in source and c in states]
                unnamed = any(  # "recognised the new state": acted on a polity no dictionary names
                    c.dep_ == "dobj" and found.lemma(c) in self.polities for c in parse[candidate.head].children
                )
                if unnamed or multilateral_object(parse[candidate.head], here, self.roles.joined):
                    others, at_home = [], True
                aimed = self.sector_aims.get(source_sector) or self.unnamed.get(candidate.type)
                if own:  # "General X seized power": on its own government, whoever else the sentence names
                    aimed, others = OWN_GOVERNMENT, []
                if len(others) == 1:
                    target, confidence = others, 0.5
                elif not others and aimed and len(source) == 1:  # "took to the streets", "imposed a curfew", "the
                    # rebels declared a ceasefire", "seized power": at home
                    target, confidence = source, 0.4
                    if aimed == OWN_GOVERNMENT:
                        source_sector, target_sector = source_sector or PRIVATE, ""
                    else:
                        target_sector = PRIVATE if source_sector != PRIVATE else ""
                elif not others and not at_home and doc._.dyad and source[0] in doc._.dyad:
                    target, confidence = [c for c in doc._.dyad if c not in source and c not in aside], 0.4
            candidate.source, candidate.target = source, target
            candidate.source_sector, candidate.target_sector = source_sector, target_sector
            candidate.role_confidence = confidence
        return doc

    def _states(self, doc: Doc) -> set[str]:
        """The states the document names (a leader's code may be an organisation's or an armed group's, "bin
        Laden": no state)."""
        return {
            m.code
            for s in sentences_of(doc)
            for m in s.mentions
            if m.kind in STATE_KINDS and (m.kind != "leader" or m.code in self.countries)
        }

    def _signatories(self, parse: Doc, head: int, here: Sequence[Phrase], dyad: tuple[str, str] | None) -> Sides | None:
        """Who signed an agreement the sentence names no signatory of ("The Treaty of Peace and Friendship was
        signed in the Vatican", "the Camp David Accords, signed at the White House on ..."): the two states the
        sentence names other than as places or as the actors of other verbs, else the document's pair when the
        sentence names no other state. Only for an instrument (`instrument_nouns`) as the passive's subject or the
        noun the participle is on."""
        verb = parse[head]
        nouns = [c for c in verb.children if c.dep_ in {"nsubjpass", "nsubj"}]
        if verb.dep_ in {"acl", "amod"}:
            nouns.append(verb.head)
        if not any(found.lemma(n) in self.roles.instruments for n in nouns):
            return None

        def party(phrase: Phrase) -> bool:  # not a place, nor the actor of another verb ("X mediated, and ...")
            token = parse[phrase.head]
            acting = token.dep_ in SUBJECT_DEPS and token.head.i != head
            return not acting and not _place_of(token, self.places)

        parties = list(dict.fromkeys(c for p in here if party(p) for c in p.codes))
        if len(parties) != 2:
            parties = list(dyad) if dyad and set(parties) <= set(dyad) else []
        if len(parties) != 2:
            return None
        first, second = (Phrase(head, [code], "") for code in parties)
        return Sides([first], [second], 0.4)

    def _reactors(self, parse: Doc, here: Sequence[Phrase]) -> set[str]:
        """The states a reaction is drawn from in the sentence (`drawn_from`): they react to an act, not suffer it."""
        at = {p.head: p for p in here}
        return {
            c
            for token in parse
            if found.lemma(token) in self.elicit
            for drawn in [drawn_from(token, at, self.roles.owners, self.elicit)]
            if drawn is not None
            for p in drawn.source
            for c in p.codes
        }

    def _reciprocal(self, head: Token) -> bool:
        """ "clashed", "fought a war", "accused each other": coordinated states did it to each other."""
        if found.lemma(head) in self.reciprocal:
            return True
        if any(c.dep_ == "dobj" and found.lemma(c) in self.reciprocal_objects for c in head.children):
            return True
        near = [*head.children, *(g for c in head.children if c.dep_ == "prep" for g in c.children)]
        return any(_each_other(t) for t in near)

    def _state_act(self, verb: Token, sides: Sides) -> Sides:
        """ "thousands were arrested", "the opposition leader was detained": an act only a state does, with no
        agent written, is the state's whose people it is done to; they are acted on as private people (the state
        does not arrest itself). Any other act with no agent names no source ("soldiers were killed")."""
        if found.lemma(verb) not in self.state_acts:
            return sides
        acted_on = sides.target[0]
        state = Phrase(acted_on.head, list(acted_on.codes[:1]), "")
        if acted_on.sector == "":
            acted_on = Phrase(acted_on.head, list(acted_on.codes), PRIVATE, acted_on.tokens)
        return Sides([state], [acted_on, *sides.target[1:]], 0.5)


def _crowd_protests(verb: Token, sides: Sides) -> Sides:
    """ "Tens of thousands protested in Minsk against Lukashenko": the parser reads "protested" as a participle on
    the crowd, which became the one acted on. No one is protested by a crowd: the crowd protests."""
    if verb.dep_ != "acl":
        return sides
    crowd = next((p for p in sides.target if p.head == verb.head.i and p.sector in CROWDS), None)
    if crowd is None:
        return sides
    return Sides([crowd], [p for p in sides.target if p is not crowd], sides.confidence)


def _each_other(token: Token) -> bool:
    """ "each other", "one another" (as object, or after a preposition: "fired at each other")."""
    pairs = {"other": "each", "another": "one"}
    return token.lower_ in pairs and any(c.lower_ == pairs[token.lower_] for c in token.children)


def _codes(phrases: Sequence[Phrase]) -> list[str]:
    return list(dict.fromkeys(code for phrase in phrases for code in phrase.codes))


def _place_of(token: Token, places: frozenset[str]) -> bool:
    """The token is the object of a place preposition ("in Burma", "inside Chile")."""
    return token.dep_ == "pobj" and token.head.lower_ in places
