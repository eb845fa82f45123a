"""The coding half of the pipeline as named spaCy components over the document `Doc`.

    dyadscope_candidates → dyadscope_event_type → dyadscope_roles → dyadscope_modality → dyadscope_events

(`dyadscope_roles` is in `dyadscope.extract.role_component`.)

They read the parses `dyadscope_parse` left in `doc._.parses` and write `doc._.candidates`, then `doc._.events`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from dyadscope.data import data_path, lang_words
from dyadscope.extract import candidates as found
from dyadscope.extract.candidates import WORDS_FILE as WORDS
from dyadscope.extract.classify import NONE, EventTypeModel, kind_marked, model_files
from dyadscope.extract.coder import (
    EventBuilder,
    SentenceContext,
    act_of,
    deduplicate,
    names_instrument,
)
from dyadscope.extract.lexicon import CueTagger, Scores, TriggerLexicon
from dyadscope.extract.modality import Modality, read_intent_at_its_act
from dyadscope.extract.nominal import (
    attempt,
    backed_act,
    dated_mention,
    grown_relation,
    judged_act,
    show_of_force,
    timeline_entry,
    war_threat,
)
from dyadscope.extract.resolve import DATELINE, forces_moved, home_state, resolve, states_acted_on
from dyadscope.extract.roles import Roles, subjectless
from dyadscope.extract.sides import (
    Phrase,
    before,
)
from dyadscope.models import Candidate, Event
from dyadscope.nlp.actors import DYAD_CODE, STATE_KINDS
from dyadscope.nlp.components import (
    Actors,
    Component,
    carried,
    last_window,
    parses_of,
    per_document,
    sentences_of,
    window_of,
)

if not Doc.has_extension("phrases"):
    Doc.set_extension("phrases", default=None)  # dict[sentence index, list[Phrase]]
if not Doc.has_extension("subjects_before"):
    # dict[sentence index, Phrase]: the subject of the last sentence before it that had one (who a clause with no
    # subject at all acts for: "1. Calls upon ..." in a resolution, after "The Security Council adopted ...")
    Doc.set_extension("subjects_before", default=None)


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

    # 27: a count of people a participle is on is a crowd; 26: forces a subject moves are its own; 25: "two
    # battalions" is a count, not the pair; 24: "both armies" is the pair's forces; 23: an organisation's officer is
    # of no state named near; 22: a trend of acts that declined; 21: what a text provides for; 20: a natural
    # hazard's verb is no candidate, a body a named instrument is named after no actor; 19: publishing a document;
    # 18: the roles' parser repairs
    version = "27"
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
        for index, parse in sorted(parses_of(doc).items()):
            sentence = sentences[index]
            if previous is not None:
                subjects_before[index] = previous
            dateline = DATELINE.match(sentence.text)  # "CANBERRA, May 3 - Pickets blocked ...": a place, no actor
            actors = [m for m in sentence.mentions if not (dateline and m.start < sentence.start + dateline.end())]
            phrases = self.roles.phrases(parse, sentence.start, actors, nouns.get(index, []), previous)
            acted_on = states_acted_on(parse, phrases, self.roles.target_preps)
            moved = forces_moved(parse, phrases, self.words.force_verbs)  # "the two armies moved forces": their own
            resolve(phrases, sentence.mentions, doc._.dyad, home, previous=previous, acted_on=acted_on, moved=moved)
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


@Language.factory("dyadscope_event_type", assigns=["doc._.candidates"], requires=["doc._.candidates"])
def make_event_type(nlp: Language, name: str) -> EventType:
    candidates = nlp.get_pipe("dyadscope_candidates")
    assert isinstance(candidates, Candidates)
    return EventType(candidates.lexicon, candidates.words)


class EventType(Component):
    """The trained classifier (static stage, then the fine-tuned transformer) over each candidate's sentence; a
    noun with a date of its own (`dated_mention`) or heading a timeline's entry (`timeline_entry`) that it leaves as
    NONE is an event of the lexicon's type."""

    # 12: a cause for war declared is a threat; 11: a show of force is no attack; 10: a judged act's type from the
    # candidate's lexicon features; 9: a judged act is its own; 8: an attempt asks nothing; 7: backing a hostile
    # act is a part in it
    version = "12"

    def __init__(self, lexicon: TriggerLexicon, words: found.Words) -> None:
        self.model = EventTypeModel()
        self.lexicon = lexicon  # shared with dyadscope_candidates
        self.growth = frozenset(lang_words("growth_verbs"))
        self.attempts = frozenset(lang_words("attempt_verbs"))
        self.judging = frozenset(lang_words("judging_verbs"))  # "condemned the attack by X": the attack is X's
        self.things = frozenset(lang_words("instrument_nouns"))  # "invoked the Treaty of Guarantee": no act
        self.words = words  # the candidates' word lists: "fired a missile over Japan", "a cause for war"
        self.data_files = (*model_files(), data_path("lexicon", "triggers.yaml"), data_path("lang", "en", "words.yaml"))

    def __call__(self, doc: Doc) -> Doc:
        candidates: list[Candidate] = doc._.candidates or []
        read = [(c.clause, c.features) for c in candidates]
        if self.model.kind_prefix:  # a model trained with the document's kind before the clause
            read = kind_marked(doc)
        predictions = self.model.predict(
            [clause for clause, _ in read],
            [c.text for c in candidates],
            [features for _, features in read],
            [c.sentence for c in candidates],  # batched by sentence: coded the same whatever else the document holds
        )
        for candidate, prediction in zip(candidates, predictions, strict=True):
            candidate.type, candidate.probability, candidate.stage = (
                prediction.type,
                prediction.probability,
                prediction.stage,
            )
        sentences = {s.index: s for s in window_of(doc)}
        parses = parses_of(doc)
        typed: dict[int, dict[int, str]] = {}
        for candidate in candidates:
            typed.setdefault(candidate.sentence, {})[candidate.head] = candidate.type
        for candidate in candidates:
            grown_relation(candidate, parses[candidate.sentence], self.lexicon, self.growth)
            backed_act(candidate, parses[candidate.sentence], self.lexicon, typed[candidate.sentence])
            judged_act(candidate, parses[candidate.sentence], self.judging, self.things)
            show_of_force(candidate, parses[candidate.sentence], self.words)
            war_threat(candidate, parses[candidate.sentence], self.words)
            attempt(candidate, parses[candidate.sentence], self.attempts)
            if candidate.type == NONE and candidate.kind == "noun":
                parse, sentence = parses[candidate.sentence], sentences[candidate.sentence]
                dated_mention(candidate, parse, sentence)
                if candidate.type == NONE:
                    timeline_entry(candidate, parse, sentence, self.lexicon)
        return doc


@Language.factory("dyadscope_modality", assigns=["doc._.candidates"], requires=["doc._.candidates", "doc._.parses"])
def make_modality(nlp: Language, name: str) -> ModalityComponent:
    return ModalityComponent()


class ModalityComponent(Component):
    """Negation, hypotheticals and questions from the parse, and the future-act conventions (AGREE, CONCEDE,
    THREATEN) they imply."""

    version = "12"  # 10: under a hedged verb; 9: under a denied verb; 8: what a warning asks; 7: a near miss
    data_files = (WORDS,)

    def __init__(self) -> None:
        self.modality = Modality()

    def __call__(self, doc: Doc) -> Doc:
        parses = parses_of(doc)
        candidates = doc._.candidates or []
        for candidate in candidates:
            if candidate.type != NONE:
                lexicon = frozenset(found.lexicon_types(candidate.features))
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

    version = "6"  # 6: acts joined by "and" are events of their own

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
        parses = parses_of(doc)
        events: list[Event] = []
        apart: set[str] = set()  # events that are an instrument named with its year
        acts: dict[str, int] = {}  # each event's act (`act_of`): acts joined by "and" are events of their own
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
                        acts[events[-1].id] = act_of(parse[candidate.head])
                        if instrument:
                            apart.add(events[-1].id)
        held = carried(doc)  # the earlier windows' events (`dyadscope.pipeline.WINDOW`)
        events, apart = held.pop("events", []) + events, held.pop("apart", set()) | apart
        acts = held.pop("acts", {}) | acts
        if last_window(doc):
            doc._.events = deduplicate(events, apart, acts)
        else:
            held["events"], held["apart"], held["acts"] = events, apart, acts
        return doc
