"""People the actor dictionaries do not know, introduced in a document with their state and office.

Histories and news stories introduce a person once, with the state they act for and their office ("Burkina
Faso's military leader Lieutenant Colonel Paul-Henri Damiba", "Turkish Prime Minister Turgut Özal", "Tomas
Kerevan, Serbia's defence minister,") and name them by surname afterwards ("Damiba resigned on Sunday"). The
introduction ties the surname to the state for that document only, with the office's sector ("opposition
leader" → opposition, "army chief" → mil); every later use of the surname becomes a mention of kind `person`.
A person introduced by a capitalised title alone ("Lieutenant Colonel Antonio Tejero", "Prime Minister Mahendra
Chaudhry") has no state yet: each use of the surname becomes a sector noun with the title's sector, which the roles
give the home state of a domestic story (`dyadscope.extract.components`), never merely the one state its
sentence names.

Conservative by design: the words between the state and the name must all be offices or their modifiers
(`data/lang/en/people.yaml`, with at least one office), so "Nigerian electricity Company" introduces no one; a
surname introduced for two states is nobody's; a surname written after "former" or "ousted"
(`dyadscope.nlp.actors.named_as_former`) is a private person, as a dictionary leader named so is; a surname that
is a word of a dictionary name is left to the dictionaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from dyadscope.data import lang_file
from dyadscope.models import Mention, Sentence
from dyadscope.nlp.actor_data import Actor
from dyadscope.nlp.actors import PRIVATE, STATE_KINDS, STATE_SECTOR, former_words, named_as_former

PERSON = "person"  # the kind of a mention made here: a person acting for a state (one of STATE_KINDS)
PERSON_KINDS = frozenset({"leader", PERSON})  # the kinds of mention that name a person
WORD = re.compile(r"[^\W\d_][\w'’.-]*|[,;:()\"“”]")
POSSESSIVE = re.compile(r"^['’]s\b")
MAX_OFFICE_WORDS = 6
MAX_NAME_WORDS = 4
NAME_BEFORE = re.compile(r"((?:[^\W\d_][\w'’.-]*\s+){0,3}[^\W\d_][\w'’.-]*),\s+(?:the\s+)?$")


@dataclass(frozen=True, slots=True)
class Introduced:
    surname: str
    code: str
    sector: str
    start: int  # where the introduction is, in document offsets (the surname is not a later use there)
    end: int


class People:
    """Finds introductions in a document's sentences and adds mentions for the surnames used later."""

    def __init__(self, agents: dict[str, str], known_words: frozenset[str]) -> None:
        data = lang_file("people")
        self.titles: dict[str, str] = {}
        for sector, words in data["titles"].items():
            for word in str(words).split():
                self.titles[word] = "" if sector == STATE_SECTOR else sector
        self.modifiers = frozenset(str(data["modifiers"]).split())
        self.former = former_words()
        self.agents = agents  # single sector words ("army" → mil), from agents.yaml
        self.known_words = known_words  # every word of every dictionary name (lower case)
        self.office_words = frozenset(self.titles) | self.modifiers | frozenset(agents) | self.former

    def __call__(self, sentences: Sequence[Sentence]) -> dict[int, list[Mention]]:
        """Adds a `person` mention to each sentence for each later use of a surname introduced with a state;
        returns, by sentence, the uses of people introduced by title alone ("Lieutenant Colonel Antonio Tejero"):
        sector nouns with no state yet, which the roles give the sentence's state or the document's."""
        introduced = [i for s in sentences for i in self._introductions(s)]
        spans = [(i.start, i.end) for i in introduced]
        titled = [i for s in sentences for i in self._titled(s) if not any(a < i.end and i.start < b for a, b in spans)]
        named = _unique(introduced)
        untitled = {k: v for k, v in _unique(titled).items() if k not in named}
        found: dict[int, list[Mention]] = {}
        people = {**named, **untitled}
        if not people:
            return found
        pattern = _names_pattern(people)
        for sentence in sentences:
            added, nouns = [], []
            for match, start, end in _uses(pattern, sentence):
                person = people[match.group(1)]
                before = sentence.text[max(0, match.start() - 40) : match.start()]
                sector = PRIVATE if named_as_former(before, self.office_words) else person.sector
                if person.code:
                    if not any(a < end and start < b for a, b in spans):
                        added.append(Mention(start, end, match.group(1), person.code, PERSON, sector=sector))
                else:
                    nouns.append(Mention(start, end, match.group(1), "", PERSON, sector=sector))
            sentence.add_mentions(added)
            if nouns:
                found[sentence.index] = nouns
        return found

    def _titled(self, sentence: Sentence) -> Iterable[Introduced]:
        """People named after a capitalised title and no state: "Lieutenant Colonel Antonio Tejero", "Prime
        Minister Mahendra Chaudhry"."""
        words = list(WORD.finditer(sentence.text))
        i = 0
        while i < len(words):
            word = words[i].group()
            if not (_capitalised(word) and word.lower() in self.titles):
                i += 1
                continue
            office = [word]
            j = i + 1
            while j < len(words) and words[j].group().lower() in self.office_words and _capitalised(words[j].group()):
                office.append(words[j].group())
                j += 1
            name: list[re.Match[str]] = []
            while j < len(words) and len(name) < MAX_NAME_WORDS and _capitalised(words[j].group()):
                if words[j].group().lower() in self.office_words:
                    break
                name.append(words[j])
                j += 1
            reading = self._office(office)
            if name and reading is not None and reading[0]:
                surname = _surname(name[-1].group())
                if len(surname) >= 3 and surname.lower() not in self.known_words | self.office_words:
                    start, stop = sentence.start + words[i].start(), sentence.start + name[-1].end()
                    yield Introduced(surname, "", reading[1], start, stop)
            i = max(j, i + 1)

    def _introductions(self, sentence: Sentence) -> Iterable[Introduced]:
        for mention in sentence.mentions:
            if mention.kind not in STATE_KINDS or mention.sector:
                continue
            found = self._after(sentence, mention) or self._before(sentence, mention)
            if found is not None:
                if found.sector == PRIVATE:  # "Former Ghanaian President Kwame Boateng visited Togo"
                    mention.sector = PRIVATE
                yield found

    def _office(self, words: Sequence[str]) -> tuple[bool, str] | None:
        """Whether words are an office (all offices or modifiers, one office at least) and its sector."""
        sectors = []
        titled = False
        for word in words:
            lowered = word.lower()
            if lowered in self.titles:
                titled = True
                sectors.append(self.titles[lowered])
            elif lowered in self.former:  # "Ghana's former president": the office, held no longer
                sectors.append(PRIVATE)
            elif lowered in self.modifiers or lowered in self.agents:
                sectors.append(self.agents.get(lowered, ""))
            else:
                return None
        sector = PRIVATE if PRIVATE in sectors else next((s for s in sectors if s), "")
        return titled, sector

    def _office_after(self, sentence: Sentence, mention: Mention, reach: int) -> tuple[list[str], list[re.Match[str]]]:
        """The office words after a state's mention (past its "'s"), and the words after them."""
        offset = mention.end - sentence.start
        possessive = POSSESSIVE.match(sentence.text[offset:])
        if possessive:
            offset += possessive.end()
        words = list(WORD.finditer(sentence.text, offset, min(len(sentence.text), offset + reach)))
        office: list[str] = []
        while words and len(office) < MAX_OFFICE_WORDS and words[0].group().lower() in self.office_words:
            office.append(words.pop(0).group())
        return office, words

    def _after(self, sentence: Sentence, mention: Mention) -> Introduced | None:
        """ "Armenian Prime Minister Vahagn Tevosyan", "Kenya's opposition leader Odhiambo Wekesa"."""
        office, words = self._office_after(sentence, mention, 160)
        apposed = bool(office) and len(words) > 1 and words[0].group() == "," and _capitalised(words[1].group())
        if apposed:  # "Lesotho's prime minister, Tom Thabane,"
            words.pop(0)
        name: list[re.Match[str]] = []
        while words and len(name) < MAX_NAME_WORDS and _capitalised(words[0].group()):
            if words[0].group().lower() in self.titles:
                break
            name.append(words.pop(0))
        if apposed and words and words[0].group() not in {",", ")", ";", ":"}:
            return None  # "Kenya's president, Uhuru said": not an apposition
        return self._introduced(sentence, mention, office, name)

    def _before(self, sentence: Sentence, mention: Mention) -> Introduced | None:
        """ "Tomas Kerevan, Serbia's defence minister," and "Kerevan, the Serbian defence minister,"."""
        head = sentence.text[: mention.start - sentence.start]
        lead = NAME_BEFORE.search(head)
        if lead is None:
            return None
        name = [m for m in WORD.finditer(sentence.text, lead.start(1), lead.end(1))]
        while name and not _capitalised(name[0].group()):
            name.pop(0)
        if not name or not all(_capitalised(w.group()) for w in name):
            return None
        office, words = self._office_after(sentence, mention, 100)
        if words and words[0].group() not in {",", ")", ";", ":"}:
            return None  # "Kerevan, Serbia's defence minister in 2019, said": a clause, not an apposition
        return self._introduced(sentence, mention, office, name)

    def _introduced(
        self, sentence: Sentence, mention: Mention, office: Sequence[str], name: Sequence[re.Match[str]]
    ) -> Introduced | None:
        reading = self._office(office) if office else None
        if reading is None or not reading[0] or not name:
            return None
        surname = _surname(name[-1].group())
        if len(surname) < 3 or surname.lower() in self.known_words or surname.lower() in self.office_words:
            return None
        start = min(mention.start, sentence.start + name[0].start())
        end = max(mention.end, sentence.start + name[-1].end())
        former = named_as_former(sentence.text[max(0, start - sentence.start - 40) : start - sentence.start])
        return Introduced(surname, mention.code, PRIVATE if former else reading[1], start, end)


def _unique(people: Sequence[Introduced]) -> dict[str, Introduced]:
    """People by surname; a surname given to two states or offices is nobody's."""
    by_name: dict[str, Introduced | None] = {}
    for person in people:
        have = by_name.get(person.surname)
        if person.surname not in by_name:
            by_name[person.surname] = person
        elif have is not None and (have.code, have.sector) != (person.code, person.sector):
            by_name[person.surname] = None
    return {k: v for k, v in by_name.items() if v is not None}


def _surname(word: str) -> str:
    """The last name word without a possessive or a full stop ("Thabane's" → "Thabane")."""
    return re.sub(r"['’]s$", "", word).rstrip(".")


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _names_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """Any of `names` as a whole word, the longest first."""
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")


def _uses(pattern: re.Pattern[str], sentence: Sentence) -> Iterator[tuple[re.Match[str], int, int]]:
    """Each match of `pattern` in a sentence where no mention is yet, with its document offsets."""
    for match in pattern.finditer(sentence.text):
        start, end = sentence.start + match.start(), sentence.start + match.end()
        if not sentence.names_in(start, end):
            yield match, start, end


def family_names(sentences: Sequence[Sentence], actors: dict[str, Actor], titles: frozenset[str]) -> None:
    """A dictionary leader named in full ("Yoon Suk Yeol") is named by family name afterwards ("Yoon visited
    Tokyo"): the name a title goes with in the dictionary's aliases ("President Yoon"; `titles`, lower case).
    The family name alone is too common to be a dictionary name; after the full name, each later use of it in the
    document, capitalised, is a mention of that leader (resolved by date as the full name is). A family name two
    leaders of the document share ("Kim") is nobody's."""
    owners: dict[str, Mention] = {}  # a family name → the mention that introduced it, the first
    shared: set[str] = set()
    names_of: dict[str, set[str]] = {}
    for mention in (m for s in sentences for m in s.mentions if m.kind == "leader" and m.actor_id in actors):
        actor = actors[mention.actor_id]
        if actor.id not in names_of:
            names_of[actor.id] = _family_names(actor, titles)
        for name in names_of[actor.id]:
            if name in owners and actors[owners[name].actor_id].name != actor.name:
                shared.add(name)
            owners.setdefault(name, mention)
    owners = {name: m for name, m in owners.items() if name not in shared}
    if not owners:
        return
    pattern = _names_pattern(owners)
    for sentence in sentences:
        added = []
        for match, start, end in _uses(pattern, sentence):
            full = owners[match.group(1)]
            if start >= full.end:  # after the full name only
                added.append(
                    Mention(start, end, match.group(1), full.code, full.kind, full.actor_id, full.sector,
                            full.alternatives)
                )  # fmt: skip
        sentence.add_mentions(added)


def _family_names(actor: Actor, titles: frozenset[str]) -> set[str]:
    """The names a title goes with in a leader's aliases, titles and one capitalised word of the full name:
    "President Yoon" → "Yoon", "Chairman Xi" → "Xi"; not "President George W. Bush" (a given name first) nor
    "General de Gaulle" (a particle)."""
    words = set(actor.name.split())
    found = set()
    for alias in actor.aliases:
        *title, name = alias.split()
        if title and all(t.lower() in titles for t in title) and name in words and name[:1].isupper():
            found.add(name)
    return found
