"""Find actors in text: dictionary names, leaders by title, sector nouns; then resolve people by date.

Names come from the dictionaries (`dyadscope.nlp.actor_data`). Matching is case-sensitive on the token text ("US"
the country, not "us" the pronoun), with an upper-case variant for all-caps headings; a title before a leader's
name is matched in any case ("President obama", "PREMIER ZHOU"). A name several people share ("President Bush",
"Shevardnadze") is resolved by the sentence's date; a leader named outside every tenure of theirs, or as "former",
is a private person, not the state. A name inside a place's ("the Gulf of Oman") is no actor. Sector nouns
("police", "protesters", "troops") are found here and tied to a country from the parse (`dyadscope.extract.roles`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache
from itertools import pairwise

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dyadscope.data import data_yaml, lang_file, lang_words
from dyadscope.models import DateInterval, Mention
from dyadscope.nlp.actor_data import Actor, Succession, demonyms, ship_prefixes
from dyadscope.nlp.language import tokenizer_of
from dyadscope.nlp.phrases import PhraseTable, tokenized

DYAD_CODE = "DYAD"
# "person": someone the dictionaries do not know, introduced in the document with their state (`nlp.people`)
STATE_KINDS = frozenset({"country", "government", "military", "intelligence", "leader", "legislature", "person"})
# The sector an actor of a dictionary kind stands for (the state itself is "").
KIND_SECTORS = {"military": "mil", "intelligence": "intel", "legislature": "legislature"}
PRIVATE = "civilians"  # the sector of a person who does not act for a state
STATE_SECTOR = "gov"  # agents.yaml's sector for the government, which is the state itself
# Titles written before a leader's name, by the first words of their role (data/actors/leaders.csv).
TITLES = {
    "president": ("president",),
    "prime minister": ("prime minister", "premier", "pm"),
    "premier": ("premier",),
    "chancellor": ("chancellor",),
    "king": ("king",),
    "queen": ("queen",),
    "emir": ("emir",),
    "supreme leader": ("supreme leader", "ayatollah"),
    "foreign minister": ("foreign minister",),
    "secretary of state": ("secretary of state", "secretary"),
    "general secretary": ("general secretary", "secretary-general", "chairman"),
    "chairman": ("chairman",),
    "army chief": ("general", "gen."),
}


def _negated_name(doc: Doc, span: Span) -> bool:
    """ "a major non-NATO ally", "non-Arab states": the name says who is not meant."""
    return span.start >= 2 and doc[span.start - 1].text == "-" and doc[span.start - 2].lower_ == "non"


def _eponym_names(doc: Doc) -> list[tuple[int, int]]:
    """Token spans of the capitalised names before an instrument's or a plan's noun: "Molotov-Ribbentrop" in "the
    Molotov-Ribbentrop Pact", "Marshall" in "the Marshall Plan" (`instrument_nouns`, `eponym_nouns`)."""
    spans, nouns = [], _eponym_nouns()
    for token in doc:
        if not token.is_title or token.lower_ not in nouns:
            continue
        first = token.i
        while first > 0 and (doc[first - 1].is_title or doc[first - 1].text in ("-", "–")):
            first -= 1
        if first < token.i:
            spans.append((first, token.i))
    return spans


def _names_a_meeting(doc: Doc, after: int) -> bool:
    """Whether a capital's name is followed by an accord's or a meeting's noun, maybe after one modifier ("the
    Oslo Accords", "the Bonn conference", "the Paris peace conference")."""
    nouns = _meeting_nouns()
    for token in doc[after : after + 2]:
        if token.lower_ in nouns:
            return True
        if not (token.is_lower and token.is_alpha and not token.is_stop):  # the text is not tagged here
            return False
    return False


@cache
def _meeting_nouns() -> frozenset[str]:
    return frozenset((*lang_words("instrument_nouns"), *lang_words("meeting_nouns")))


@cache
def _eponym_nouns() -> frozenset[str]:
    return frozenset((*lang_words("instrument_nouns"), *lang_words("eponym_nouns")))


def _without_qualifiers(mentions: list[Mention], text: str, offset: int) -> list[Mention]:
    """Of two states named side by side with nothing between them, the one that only says where a people comes
    from: "Greek Cypriot forces" are Cyprus's (of two nationalities the second, nearest the noun, is the state),
    "Kosovo Albanian leaders" Kosovo's (a place named first is the state). "US-Pakistan", "British and French"
    and "US Pakistan" (two names) stay two states."""
    adjectives = _demonyms()
    dropped: set[int] = set()
    for i, (first, second) in enumerate(pairwise(mentions)):
        if first.kind != "country" or second.kind != "country" or first.code == second.code:
            continue
        if text[first.end - offset : second.start - offset] != " ":
            continue
        first_adjective, second_adjective = first.text.lower() in adjectives, second.text.lower() in adjectives
        if first_adjective and second_adjective:
            dropped.add(i)
        elif second_adjective and not _after_preposition(text[: first.start - offset]):
            dropped.add(i + 1)  # not "in Syria Turkish drones struck": the place ends its phrase there
    return [m for i, m in enumerate(mentions) if i not in dropped]


def _after_preposition(before: str) -> bool:
    """The text before a name ends in a preposition of place ("in Syria", "from Libya")."""
    words = before.split()
    return bool(words) and words[-1].lower() in _place_prepositions()


@cache
def _place_prepositions() -> frozenset[str]:
    return frozenset((*lang_words("place_preps"), *lang_words("source_preps"), *lang_words("addressed_preps")))


@cache
def _demonyms() -> frozenset[str]:
    return demonyms()


def title_keys(role: str) -> tuple[str, ...]:
    """The titles a holder of `role` is named with: those of `TITLES` for the role's first words, else the role
    itself ("foreign secretary", "secretary-general", "acting president")."""
    lowered = role.lower()
    for prefix, titles in TITLES.items():
        if lowered.startswith(prefix):
            return titles
    return (lowered,) if lowered else ()


ACTOR, TITLED = "actor", "titled"  # match keys: a name or alias as written; a title and a leader's name
PRIORITY = {ACTOR: 0, TITLED: 1, "dyad": 2, "not-an-actor": 3}  # of two matches of the same words, the first wins


COMBINING = "combining:"  # the label of a combining form's match, before its state's code


@cache
def combining_forms() -> dict[str, str]:
    """The combining forms of states' names ("Sino" → CHN), data/lang/en/states.yaml."""
    return {str(k): str(v) for k, v in lang_file("states")["combining_forms"].items()}


def _priority(span: Span) -> int:
    """Of two matches of the same words, the one first in this order wins: a combining form, then `PRIORITY`."""
    return -1 if span.label_.startswith(COMBINING) else PRIORITY.get(span.label_, len(PRIORITY))


class ActorMatcher:
    """Find actor mentions in a `Doc`; the longest match wins, user entries beat built-ins."""

    def __init__(self, nlp: Language, actors: Sequence[Actor]) -> None:
        tokenizer = tokenizer_of(nlp)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")  # words that are no actor (case matters)
        self.pairs = PhraseMatcher(nlp.vocab, attr="LOWER")  # "the two countries", "The two leaders"
        self.agents = PhraseMatcher(nlp.vocab, attr="LOWER")
        forms: dict[str, list[Actor]] = defaultdict(list)
        # Later actors (user files) override earlier ones for the same surface form, except people of the
        # same name in several offices or tenures, who are all kept and told apart by date.
        for actor in reversed(actors):
            for alias in actor.aliases:
                for form in (alias, alias.upper()) if len(alias) > 3 else (alias,):
                    have = forms[form]
                    shared = actor.kind == "leader" and all(a.kind == "leader" for a in have)
                    if (not have or shared) and actor not in have:
                        have.append(actor)
        titled: dict[str, list[Actor]] = defaultdict(list)
        for actor in actors:
            if actor.kind != "leader":
                continue
            surname = actor.name.split()[-1]
            for title in title_keys(actor.role):
                for name in dict.fromkeys((surname, actor.name)):  # in order: the cache key is the list
                    titled[f"{title} {name}".lower()].append(actor)
        # Names and titled names are looked up by their tokens (a PhraseTable), tokenised once and cached.
        tokens = tokenized(tokenizer, [*forms, *titled])
        self.by_tokens: dict[tuple[str, ...], list[Actor]] = {}
        self.by_lower: dict[tuple[str, ...], list[Actor]] = {}
        for words, owners in zip(tokens[: len(forms)], forms.values(), strict=True):
            self.by_tokens.setdefault(words, owners)
        for words, owners in zip(tokens[len(forms) :], titled.values(), strict=True):
            self.by_lower.setdefault(tuple(w.lower() for w in words), owners)
        self.names = PhraseTable(self.by_tokens)
        self.titled = PhraseTable(self.by_lower, lower=True)
        self.by_id = {a.id: a for table in (self.by_tokens, self.by_lower) for owners in table.values() for a in owners}
        # the states by code, as against organisations and armed groups (whose leaders are leaders too)
        self.countries = {a.code: a for a in self.by_id.values() if a.kind == "country"}
        self.country_codes = frozenset(self.countries)
        self.words = frozenset(  # every word of every name: "Pressler" is no actor, "Zia" and "Pakistan" are
            w.lower() for a in self.by_id.values() for name in (a.name, *a.aliases) for w in re.findall(r"\w+", name)
        )
        self.pairs.add("dyad", list(tokenizer.pipe(lang_words("pair_phrases"))))
        not_actors = data_yaml("actors", "not_actors.yaml", expect=list)
        self.matcher.add("not-an-actor", list(tokenizer.pipe(not_actors)))
        # A name inside a place's ("the Gulf of Oman", "the South China Sea"): capitalised words around a feature.
        self.places = Matcher(nlp.vocab)
        feature = {"LOWER": {"IN": list(lang_words("place_features"))}, "IS_TITLE": True}
        named = {"IS_TITLE": True, "OP": "+"}
        self.places.add("not-an-actor", [[feature, {"LOWER": "of"}, named], [named, feature]])
        # A warship by its navy's prefix ("HMS Conqueror", "the USS Pueblo"): that state's military. INS is left
        # out (India's and Israel's navies both use it).
        self.ships = Matcher(nlp.vocab)
        for prefix, code in ship_prefixes().items():
            self.ships.add(f"ship:{code}", [[{"ORTH": prefix}, {"IS_TITLE": True, "OP": "+"}]])
        # "Franco-German", "Sino-Indian": a combining form before a hyphen and a capital names its state (not
        # General Franco), as in questions (data/lang/en/states.yaml)
        self.combining = Matcher(nlp.vocab)
        for form, code in combining_forms().items():
            self.combining.add(f"{COMBINING}{code}", [[{"ORTH": form}, {"ORTH": "-"}, {"IS_TITLE": True}]])
        for sector, words in lang_file("agents").items():
            self.agents.add(f"sector:{sector}", list(tokenizer.pipe(w.replace("_", " ") for w in words.split())))

    def __call__(self, doc: Doc, offset: int = 0) -> list[Mention]:
        """Mentions in `doc`; character offsets are shifted by `offset` (where `doc` starts in its document)."""
        found = (*self.matcher(doc), *self.pairs(doc), *self.places(doc), *self.ships(doc))
        eponyms = _eponym_names(doc)
        spans = [Span(doc, s, e, label=k) for k, s, e in found]
        spans += [Span(doc, s, e, label=ACTOR) for s, e in self.names(doc)]
        spans += [Span(doc, s, e, label=TITLED) for s, e in self.titled(doc)]
        spans += [Span(doc, s, s + 1, label=doc.vocab.strings[k]) for k, s, _ in self.combining(doc)]
        spans.sort(key=_priority)  # of two alike, the first is kept
        mentions = []
        for span in filter_spans(spans):
            key = span.label_
            start, end = offset + span.start_char, offset + span.end_char
            if key == "not-an-actor" or _negated_name(doc, span):
                continue
            if key == "dyad":
                mentions.append(Mention(start, end, span.text, DYAD_CODE, "dyad"))
                continue
            if key.startswith(COMBINING) and (country := self.countries.get(key[len(COMBINING) :])) is not None:
                mentions.append(Mention(start, end, span.text, country.code, "country", country.id))
                continue
            if key.startswith("ship:"):
                mentions.append(Mention(start, end, span.text, key[5:], "military", sector="mil"))
                continue
            if key == TITLED:
                owners = self.by_lower[tuple(t.lower_ for t in span)]
            else:
                owners = self.by_tokens[tuple(t.orth_ for t in span)]
            actor = owners[0]
            if actor.kind == "leader" and any(a <= span.start and span.end <= b for a, b in eponyms):
                continue  # "the Molotov-Ribbentrop Pact", "the Marshall Plan": named after, not acting
            if actor.id.startswith("capital-") and _names_a_meeting(doc, span.end):
                continue  # "the Oslo Accords", "the Bonn conference": where it was made, not who made it
            mentions.append(
                Mention(
                    start,
                    end,
                    span.text,
                    actor.code,
                    actor.kind,
                    actor.id,
                    sector=KIND_SECTORS.get(actor.kind, ""),
                    alternatives=tuple(a.id for a in owners[1:]),
                )
            )
        return _without_qualifiers(mentions, doc.text, offset)

    def sector_nouns(self, doc: Doc, offset: int = 0) -> list[Mention]:
        """Nouns that name a sector ("police", "the opposition", "troops"), with no country yet."""
        found = [Span(doc, s, e, label=k) for k, s, e in self.agents(doc)]
        return [
            Mention(offset + s.start_char, offset + s.end_char, s.text, "", "agent", sector=_sector(s.label_))
            for s in filter_spans(found)
        ]

    def resolve_people(self, mentions: Iterable[Mention], when: DateInterval | None, text: str, offset: int) -> None:
        """Pick, for each person named, the office they held at the sentence's date; a person named as "former",
        or at a date outside all their tenures, acts for no state."""
        for mention in mentions:
            if mention.kind != "leader":
                continue
            owners = [self.by_id[mention.actor_id], *(self.by_id[i] for i in mention.alternatives)]
            before = text[max(0, mention.start - offset - 12) : mention.start - offset].lower()
            chosen = owners[0]
            if when is not None:
                spans = [(a, tenure_overlap(a, when)) for a in owners]
                best = max(spans, key=lambda pair: pair[1])
                if best[1] > 0:
                    chosen = best[0]
                elif all(a.start is not None for a in owners):
                    chosen = min(owners, key=lambda a: _distance(a, when))
                    mention.sector = PRIVATE
            if named_as_former(before):
                mention.sector = PRIVATE
            mention.actor_id, mention.code = chosen.id, chosen.code


def agent_sectors() -> dict[str, str]:
    """The one-word sector nouns of agents.yaml and their sectors ("army" → "mil"; the government's is "")."""
    out: dict[str, str] = {}
    for sector, words in lang_file("agents").items():
        for word in str(words).split():
            if "_" not in word:
                out.setdefault(word, "" if sector == STATE_SECTOR else sector)
    return out


@cache
def former_words() -> frozenset[str]:
    """Words that make a named office-holder a former one ("former", "late", "ousted": data/lang/en/people.yaml)."""
    return frozenset(lang_words("former", "people"))


def named_as_former(before: str, skipped: frozenset[str] = frozenset()) -> bool:
    """Whether the words just before a name make its bearer a former office-holder ("former President", "the
    late", "ex-president"): the last word before it, past any of `skipped` (the office's own words), is one of
    `former` in data/lang/en/people.yaml. Whole words: "Later Boateng said" names no one former."""
    words = re.findall(r"[\w'’-]+", before.lower())
    while words and words[-1] in skipped:
        words.pop()
    return bool(words) and (words[-1] in former_words() or words[-1].startswith("ex-"))


def _sector(label: str) -> str:
    """ "sector:mil" → "mil"; the government is the state itself ("")."""
    sector = label.split(":")[1]
    return "" if sector == STATE_SECTOR else sector


def tenure_overlap(actor: Actor, when: DateInterval) -> int:
    """The days of `when` inside the actor's tenure (1 for an actor with no tenure)."""
    if actor.start is None:
        return 1
    end = actor.end or when.end
    return max(0, (min(end, when.end) - max(actor.start, when.start)).days + 1)


def _distance(actor: Actor, when: DateInterval) -> int:
    assert actor.start is not None
    end = actor.end or actor.start
    return min(abs((when.start - end).days), abs((actor.start - when.end).days))


def apply_successions(mentions: Iterable[Mention], when: DateInterval | None, rules: Sequence[Succession]) -> None:
    """Recode mentions of a successor state in text dated before it existed, and after its predecessor began
    (Russia in 1916 is Russia, in 1979 the Soviet Union)."""
    if when is None:
        return
    for mention in mentions:
        for rule in rules:
            if mention.code == rule.code and rule.since <= when.start and when.end < rule.until:
                mention.code = rule.predecessor


def public(mention: Mention) -> Mention:
    """A mention as stored: without the alternatives only resolution needs."""
    return replace(mention, alternatives=())
