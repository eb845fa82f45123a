"""The coding half of the pipeline as named spaCy components over the document `Doc`.

    dyadscope_candidates → dyadscope_event_type → dyadscope_roles → dyadscope_modality → dyadscope_events

They read the parses `dyadscope_parse` left in `doc._.parses` and write `doc._.candidates`, then `doc._.events`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from dyadscope.data import data_path, lang_words
from dyadscope.extract import candidates as found
from dyadscope.extract.classify import NONE, EventTypeModel, model_files
from dyadscope.extract.coder import (
    TYPE_DEFAULTS,
    EventBuilder,
    SentenceContext,
    deduplicate,
    names_instrument,
    unnamed_targets,
)
from dyadscope.extract.lexicon import CueTagger, Scores, TriggerLexicon
from dyadscope.extract.modality import Modality, read_intent_at_its_act
from dyadscope.extract.nominal import backed_act, dated_mention, grown_relation, timeline_entry
from dyadscope.extract.resolve import DATELINE, home_state, resolve, states_acted_on
from dyadscope.extract.roles import Roles, same_part, subjectless
from dyadscope.extract.sides import (
    Phrase,
    Sides,
    assign,
    before,
    claimed_actor,
    in_relative_clause,
    joint_act,
    multilateral_object,
    own_forces,
)
from dyadscope.models import Candidate, Event
from dyadscope.nlp.actor_data import OWN_GOVERNMENT, SECTORS, sector_targets
from dyadscope.nlp.actors import DYAD_CODE, PRIVATE, STATE_KINDS
from dyadscope.nlp.components import Actors, Component, carried, last_window, per_document, sentences_of, window_of

if not Doc.has_extension("phrases"):
    Doc.set_extension("phrases", default=None)  # dict[sentence index, list[Phrase]]
if not Doc.has_extension("subjects_before"):
    # dict[sentence index, Phrase]: the subject of the last sentence before it that had one (who a clause with no
    # subject at all acts for: "1. Calls upon ..." in a resolution, after "The Security Council adopted ...")
    Doc.set_extension("subjects_before", default=None)

WORDS = data_path("lang", "en", "words.yaml")
SIDE_BY_SIDE = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "AID"})  # coordinated states do these together


def _parses(doc: Doc) -> dict[int, Doc]:
    parses = doc._.parses
    assert parses is not None, "dyadscope_parse must run first"
    return dict(parses)


@Language.factory(
    "dyadscope_candidates",
    assigns=["doc._.candidates", "doc._.phrases", "doc._.subjects_before"],
    requires=["doc._.parses", "doc._.sentences", "doc._.sector_nouns"],
)
def make_candidates(nlp: Language, name: str) -> Candidates:
    actors = nlp.get_pipe("dyadscope_actors")
    assert isinstance(actors, Actors)
    return Candidates(nlp, actors.matcher.country_codes)


class Candidates(Component):
    """Predicates and eventive nouns that have an actor among their arguments, each with the text to read and its
    parse and lexicon features."""

    # 21: what a text provides for; 20: a natural hazard's verb is no candidate, a body a named instrument is named
    # after no actor; 19: publishing a document is no candidate; 18: the roles' parser repairs and topics
    version = "21"
    data_files = (WORDS, data_path("lang", "en", "agents.yaml"), data_path("lexicon", "triggers.yaml"))
    every = False  # training sets it: every predicate and eventive noun, with or without an actor around it

    def __init__(self, nlp: Language, countries: frozenset[str] = frozenset()) -> None:
        self.words = found.Words.load()
        self.roles = Roles(countries)  # which codes are states: a body a treaty is named after is no party
        self.lexicon = TriggerLexicon(nlp)  # shared with dyadscope_events

    def __call__(self, doc: Doc) -> Doc:
        sentences = {s.index: s for s in window_of(doc)}
        home = per_document(doc, "home", lambda: home_state(sentences_of(doc)))
        nouns = doc._.sector_nouns or {}
        result: list[Candidate] = []
        phrases_by_sentence: dict[int, list[Phrase]] = {}
        subjects_before: dict[int, Phrase] = {}
        held = carried(doc)  # from the window before
        previous: Phrase | None = held.get("subject")
        for index, parse in sorted(_parses(doc).items()):
            sentence = sentences[index]
            if previous is not None:
                subjects_before[index] = previous
            dateline = DATELINE.match(sentence.text)  # "CANBERRA, May 3 - Pickets blocked ...": a place, no actor
            actors = [m for m in sentence.mentions if not (dateline and m.start < sentence.start + dateline.end())]
            phrases = self.roles.phrases(parse, sentence.start, actors, nouns.get(index, []), previous)
            acted_on = states_acted_on(parse, phrases, self.roles.target_preps)
            resolve(phrases, sentence.mentions, doc._.dyad, home, previous=previous, acted_on=acted_on)
            phrases = [p for p in phrases if p.codes]
            phrases_by_sentence[index] = phrases
            previous = self.roles.subject(parse, phrases) or previous
            if not phrases and not self.every:
                continue
            matches = [(parse.vocab.strings[key], s, e) for key, s, e in self.lexicon.matcher(parse)]
            for head, start, end, kind in found.find(parse, self.words):
                empty = self.roles.arguments(parse, head, phrases).empty and not _lost_subject(parse, head, phrases)
                if empty and not self.every:
                    continue
                result.append(
                    Candidate(
                        index,
                        head,
                        start,
                        end,
                        parse[start:end].text,
                        kind,
                        clause=found.clause_text(parse, start, end),
                        features=found.features(parse, head)
                        + found.lexicon_features(parse, head, matches, self.lexicon, self.words),
                    )
                )
        doc._.candidates = result
        doc._.phrases = phrases_by_sentence
        doc._.subjects_before = subjects_before
        held["subject"] = previous
        return doc


def _lost_subject(parse: Doc, head: int, phrases: Sequence[Phrase]) -> bool:
    """A verb whose clause has no subject while an actor stands before it: the parse lost the subject ("By the end
    of March Ethiopian troops had captured Baidoa", the troops hung on "the end of"). The roles read that actor as
    the source (`RolesComponent`)."""
    return subjectless(parse[head]) and found.is_verb(parse[head]) and bool(before(phrases, head))


def _place_of(token: Token, places: frozenset[str]) -> bool:
    """The token is the object of a place preposition ("in Burma", "inside Chile")."""
    return token.dep_ == "pobj" and token.head.lower_ in places


@Language.factory("dyadscope_event_type", assigns=["doc._.candidates"], requires=["doc._.candidates"])
def make_event_type(nlp: Language, name: str) -> EventType:
    candidates = nlp.get_pipe("dyadscope_candidates")
    assert isinstance(candidates, Candidates)
    return EventType(candidates.lexicon)


class EventType(Component):
    """The trained classifier (static stage, then the fine-tuned transformer) over each candidate's sentence; a
    noun with a date of its own (`dated_mention`) or heading a timeline's entry (`timeline_entry`) that it leaves as
    NONE is an event of the lexicon's type."""

    version = (
        "7"  # 7: backing a hostile act is a part in it; 6: batches of one sentence; 5: a verb that grows a relation
    )

    def __init__(self, lexicon: TriggerLexicon) -> None:
        self.model = EventTypeModel()
        self.lexicon = lexicon  # shared with dyadscope_candidates
        self.growth = frozenset(lang_words("growth_verbs"))
        self.data_files = (*model_files(), data_path("lexicon", "triggers.yaml"), data_path("lang", "en", "words.yaml"))

    def __call__(self, doc: Doc) -> Doc:
        candidates: list[Candidate] = doc._.candidates or []
        predictions = self.model.predict(
            [c.clause for c in candidates],
            [c.text for c in candidates],
            [c.features for c in candidates],
            [c.sentence for c in candidates],  # batched by sentence: coded the same whatever else the document holds
        )
        for candidate, prediction in zip(candidates, predictions, strict=True):
            candidate.type, candidate.probability, candidate.stage = (
                prediction.type,
                prediction.probability,
                prediction.stage,
            )
        sentences = {s.index: s for s in window_of(doc)}
        parses = _parses(doc)
        typed: dict[int, dict[int, str]] = {}
        for candidate in candidates:
            typed.setdefault(candidate.sentence, {})[candidate.head] = candidate.type
        for candidate in candidates:
            grown_relation(candidate, parses[candidate.sentence], self.lexicon, self.growth)
            backed_act(candidate, parses[candidate.sentence], self.lexicon, typed[candidate.sentence])
            if candidate.type == NONE and candidate.kind == "noun":
                parse, sentence = parses[candidate.sentence], sentences[candidate.sentence]
                dated_mention(candidate, parse, sentence)
                if candidate.type == NONE:
                    timeline_entry(candidate, parse, sentence, self.lexicon)
        return doc


@Language.factory("dyadscope_roles", assigns=["doc._.candidates"], requires=["doc._.candidates", "doc._.phrases"])
def make_roles(nlp: Language, name: str) -> RolesComponent:
    actors = nlp.get_pipe("dyadscope_actors")
    assert isinstance(actors, Actors)
    return RolesComponent(actors.matcher.country_codes)


class RolesComponent(Component):
    """Source and target of each typed candidate from the parse."""

    version = (
        "30"  # 30: sides meeting at a body's summit; 29: a protest's "that" clause, relative clauses; 28: instruments
    )
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
        self.countries = countries  # a leader's code may be no state's

    def __call__(self, doc: Doc) -> Doc:
        parses = _parses(doc)
        phrases = doc._.phrases or {}
        states = per_document(doc, "states", lambda: self._states(doc))
        for candidate in doc._.candidates or []:
            if candidate.type == NONE:
                continue
            parse = parses[candidate.sentence]
            here = phrases.get(candidate.sentence, [])
            args = self.roles.arguments(parse, candidate.head, here)
            sides = assign(args, candidate.type, verb=candidate.kind == "verb")
            if not sides.target and candidate.type == "ACCUSE":  # "protested that Washington was arming X"
                sides = Sides(sides.source, claimed_actor(parse[candidate.head], here, sides.source), sides.confidence)
            if not sides.source and args.passive and not args.agent and sides.target:
                sides = self._state_act(parse[candidate.head], sides)
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
                near = [p for p in here if same_part(parse[p.head], head) and aside.isdisjoint(p.codes)]
                others = list(dict.fromkeys(c for p in near for c in p.codes))
                # "seized power in Burma": the source's own state as the place of its act keeps the act at home
                at_home = any(_place_of(parse[p.head], self.places) and set(p.codes) & set(source) for p in near)
                own = any(
                    c.dep_ == "dobj" and found.lemma(c) in self.own_objects for c in parse[candidate.head].children
                )
                at_home = at_home or found.lemma(parse[candidate.head]) in self.home_verbs  # "resigned"
                others = [c for c in others if c not in source and c in states]
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

    def _reciprocal(self, head: Token) -> bool:
        """ "clashed", "fought a war": coordinated states did it to each other."""
        if found.lemma(head) in self.reciprocal:
            return True
        return any(c.dep_ == "dobj" and found.lemma(c) in self.reciprocal_objects for c in head.children)

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


def _codes(phrases: Sequence[Phrase]) -> list[str]:
    return list(dict.fromkeys(code for phrase in phrases for code in phrase.codes))


@Language.factory("dyadscope_modality", assigns=["doc._.candidates"], requires=["doc._.candidates", "doc._.parses"])
def make_modality(nlp: Language, name: str) -> ModalityComponent:
    return ModalityComponent()


class ModalityComponent(Component):
    """Negation, hypotheticals and questions from the parse, and the future-act conventions (AGREE, CONCEDE,
    THREATEN) they imply."""

    version = "9"  # 9: under a denied verb; 8: what a warning asks; 7: a near miss; 6: "no" before an object
    data_files = (WORDS,)

    def __init__(self) -> None:
        self.modality = Modality()

    def __call__(self, doc: Doc) -> Doc:
        parses = _parses(doc)
        candidates = doc._.candidates or []
        for candidate in candidates:
            if candidate.type != NONE:
                lexicon = frozenset(f[4:] for f in candidate.features if f.startswith("lex="))
                kind, negated, hypothetical = self.modality(
                    parses[candidate.sentence], candidate.head, candidate.type, lexicon
                )
                candidate.type, candidate.negated, candidate.hypothetical = kind, negated, hypothetical
        read_intent_at_its_act(candidates, parses)
        return doc


@Language.factory("dyadscope_events", assigns=["doc._.events"], requires=["doc._.candidates"])
def make_events(nlp: Language, name: str) -> Events:
    candidates = nlp.get_pipe("dyadscope_candidates")
    assert isinstance(candidates, Candidates)
    return Events(candidates.lexicon)


class Events(Component):
    """Events from the typed candidates that have a source: CAMEO code and mode, intensity, contexts, date, and
    the other states the sentence names (third parties, which can drive a dyad's phases)."""

    version = "5"  # 5: issues from the event's own clause

    def __init__(self, lexicon: TriggerLexicon) -> None:
        self.builder = EventBuilder(lexicon, CueTagger("contexts.yaml"), CueTagger("issues.yaml"), Scores())
        cues = ("triggers.yaml", "contexts.yaml", "issues.yaml")
        cameo = ("cameo_goldstein.csv", "plover_scores.csv", "type_defaults.csv")
        self.data_files = (
            *(data_path("lexicon", f) for f in cues),
            *(data_path("cameo", f) for f in cameo),
            WORDS,  # making_verbs: when a verb takes an instrument's date
        )

    def __call__(self, doc: Doc) -> Doc:
        raw = doc._.raw
        sentences = {s.index: s for s in window_of(doc)}
        parses = _parses(doc)
        events: list[Event] = []
        apart: set[str] = set()  # events that are an instrument named with its year
        for candidate in doc._.candidates or []:
            if candidate.type == NONE or not candidate.source:
                continue
            sentence = sentences[candidate.sentence]
            parse = parses[candidate.sentence]
            instrument = candidate.kind == "noun" and names_instrument(parse[candidate.start : candidate.end], sentence)
            ctx = SentenceContext(raw.content_hash, raw.path, raw.title, sentence, raw.kind)
            named = list(
                dict.fromkeys(m.code for m in sentence.mentions if m.kind in STATE_KINDS and m.code != DYAD_CODE)
            )
            for source in candidate.source:  # one event per pair, as dyads are measured
                for target in candidate.target or [""]:
                    if source != target or candidate.source_sector != candidate.target_sector:
                        pair = replace(candidate, source=[source], target=[target] if target else [])
                        events.append(self.builder.build(parse, pair, ctx))
                        events[-1].others = [c for c in named if c not in (source, target)]  # third parties
                        if instrument:
                            apart.add(events[-1].id)
        held = carried(doc)  # the earlier windows' events (`dyadscope.pipeline.WINDOW`)
        events, apart = held.pop("events", []) + events, held.pop("apart", set()) | apart
        if last_window(doc):
            doc._.events = deduplicate(events, apart)
        else:
            held["events"], held["apart"] = events, apart
        return doc
