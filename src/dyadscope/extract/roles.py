"""Who did it to whom: source and target of a candidate event, read from the dependency parse.

Each actor named in a sentence (a dictionary name, a sector noun tied to its country, "the two countries") becomes
a phrase with a syntactic head. A phrase's relation to a candidate is read off the parse: the subject is the
source unless the clause is passive, the agent ("by X") of the candidate itself is the source, objects and
to/against/with/on objects are targets, an object's owner is the target ("bombed islands held by the ROC"),
coordinated actors act together, a complement without a subject takes its controller's ("urged Iran to release":
Iran). A "by X" anywhere else in the sentence belongs to something else.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from dyadscope.data import lang_words
from dyadscope.extract.actor_phrases import NOUNISH, climb, coordinate, crowds, merge, of_pair, span_head
from dyadscope.extract.candidates import is_verb, lemma, stray_by, verb_in
from dyadscope.extract.repairs import PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS, first_of_subjects, hung_on_opening_date
from dyadscope.extract.sides import Arguments, Phrase
from dyadscope.extract.sides import reach as _reach
from dyadscope.models import Mention
from dyadscope.nlp.actors import DYAD_CODE
from dyadscope.nlp.parse import PRONOUNS
from dyadscope.nlp.people import PERSON, PERSON_KINDS

OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod"})
# Who holds the object of an act of force or a cut ("the islands held by the ROC", "Iran's facilities")
OWNER_VERBS = frozenset({"control", "hold", "occupy", "administer", "claim", "own", "run", "govern", "belong"})
PERSONAL = frozenset({"he", "she", "his", "her", "him"})  # pronouns that stand for a person


class Roles:
    """Finds actor phrases in a parsed sentence and reads the candidates' arguments."""

    def __init__(self, countries: frozenset[str] = frozenset()) -> None:
        self.countries = countries  # with them, a body a named instrument is named after is no party (`phrases`)
        self.object_control = frozenset(lang_words("object_control"))
        self.weapons = frozenset(lang_words("weapon_nouns"))
        self.source_preps = frozenset(lang_words("source_preps"))
        self.target_preps = frozenset(lang_words("target_preps"))
        self.topic_nouns = frozenset(lang_words("topic_nouns"))  # "data on X", "talks on X": X is a topic
        self.topic_preps = frozenset(lang_words("topic_preps"))
        self.place_preps = frozenset(lang_words("place_preps"))
        self.meetings = frozenset(lang_words("meeting_nouns"))  # "at the NATO summit": where, as "in" says
        self.eventive = frozenset(lang_words("eventive_nouns"))
        self.no_climb = self.eventive | frozenset(lang_words("relation_nouns"))
        self.instruments = frozenset(lang_words("instrument_nouns"))
        self.joined = frozenset(lang_words("joined_instruments"))  # what states join: its namesake is no party
        self.quantities = frozenset(lang_words("quantity_nouns"))
        self.pair_words = frozenset(lang_words("pair_determiners"))  # "both armies": the pair's
        self.pair_counts = frozenset(lang_words("pair_counts"))  # "the two navies", not "two battalions"
        self.offices = frozenset(lang_words("organisation_offices"))  # "the Secretary-General": of no state
        self.report = frozenset(lang_words("report_verbs"))

    def phrases(
        self,
        doc: Doc,
        offset: int,
        mentions: Sequence[Mention],
        sectors: Sequence[Mention],
        previous: Phrase | None = None,
    ) -> list[Phrase]:
        """Actor phrases of a parsed sentence; `offset` is where the sentence starts in its document, `previous`
        the subject of the sentence before it (what a pronoun with no antecedent here refers to)."""
        by_start = {offset + t.idx: t.i for t in doc}
        by_end = {offset + t.idx + len(t): t.i for t in doc}
        agents = {
            i
            for noun in sectors
            if noun.start in by_start and noun.end in by_end
            for i in range(by_start[noun.start], by_end[noun.end] + 1)
        }
        agents |= {t.i for t in doc if t.lower_ in self.quantities}  # "hundreds of protesters": the hundreds act
        phrases: dict[int, Phrase] = {}
        for mention in mentions:
            first, last = by_start.get(mention.start), by_end.get(mention.end)
            if first is None or last is None:
                continue
            head = span_head(doc, first, last)
            tokens = set(range(first, last + 1))
            phrase = climb(
                doc,
                Phrase(head, [mention.code], mention.sector, tokens, person=mention.kind in PERSON_KINDS),
                agents,
                self.no_climb,
            )
            if self.namesake(doc[phrase.head], mention.code):
                continue
            merge(phrases, phrase)
        for noun in sectors:
            first, last = by_start.get(noun.start), by_end.get(noun.end)
            if first is None or last is None:
                continue
            head = span_head(doc, first, last)
            if head in phrases:  # "Indian troops": the country is already a phrase here
                if not phrases[head].sector:
                    phrases[head].sector = noun.sector
                continue
            if doc[head].tag_ not in NOUNISH and first == last:  # "secretary-general" may end in a "JJ"
                continue
            titled = noun.kind == PERSON
            office = "".join(noun.text.lower().split()) in self.offices  # "the Secretary-General"
            tokens = set(range(first, last + 1))
            pair = (
                [DYAD_CODE] if of_pair(doc[head], self.pair_words, self.pair_counts) else []
            )  # resolved to the pair (`resolve`)
            phrase = Phrase(head, pair, noun.sector, tokens, titled=titled, person=titled, office=office)
            merge(phrases, climb(doc, phrase, agents, self.no_climb))
        for crowd in crowds(doc, phrases, self.quantities):
            merge(phrases, crowd)
        coordinate(doc, phrases)
        for token in doc:  # "it", "they", "its": the nearest subject before it, else the previous sentence's
            if token.lower_ not in PRONOUNS or token.i in phrases:
                continue
            before = [p for h, p in sorted(phrases.items()) if max(p.tokens | {h}) < token.i and p.codes]
            if token.lower_ in PERSONAL and (people := [p for p in before if p.person]):
                before = people  # "he", "her": the person named before, not a nearer state or partnership
            subjects = [p for p in before if doc[p.head].dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
            # a possessive on a verb's object is that verb's subject ("X recalled its ambassador"), another
            # possessive the nearest actor before it ("sanctions on X after its tests"), a subject pronoun the
            # nearest subject ("X said it would ...")
            if token.dep_ == "poss":
                owner = self._clause_subject(token.head, phrases) if token.head.dep_ == "dobj" else None
                antecedent = [owner] if owner is not None else before
            else:
                antecedent = subjects or before
            if not antecedent and previous is not None:
                antecedent = [previous]
            if antecedent and antecedent[-1].codes:
                source = antecedent[-1]
                person = source.person or token.lower_ in PERSONAL  # "he" is someone, whatever his service
                pronoun = Phrase(token.i, list(source.codes), source.sector, {token.i}, person=person)
                merge(phrases, climb(doc, pronoun, agents, self.no_climb))
        return list(phrases.values())

    def namesake(self, head: Token, code: str) -> bool:
        """A body an instrument states join is named after ("the United Nations Convention on the Law of the Sea",
        "the OAS Charter") is not a party to it; a state in a treaty's name is ("the Japan-United States Security
        Treaty"), and a body's resolution or communiqué is its act. Known only when the roles know which codes are
        states."""
        named = head.tag_ in {"NNP", "NNPS"} and lemma(head) in self.joined
        return named and bool(self.countries) and code not in self.countries

    def _clause_subject(self, obj: Token, phrases: dict[int, Phrase]) -> Phrase | None:
        """The actor that is the subject of the verb an object belongs to, through conjoined verbs."""
        verb = obj.head
        at = {p.head: p for p in phrases.values()}
        for found in (_subjects(verb, at), self._controller(verb, at)):
            if found:
                return found[0]
        return None

    @staticmethod
    def subject(doc: Doc, phrases: Sequence[Phrase]) -> Phrase | None:
        """The phrase that is the subject of the sentence's main verb, if any; in a sentence with no verb, the
        actor it is about ("The Security Council, recalling its resolutions," opening a resolution)."""
        for phrase in phrases:
            token = doc[phrase.head]
            if token.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and token.head.dep_ == "ROOT":
                return phrase
        if any(t.dep_ == "ROOT" and is_verb(t) for t in doc):
            return None
        return next((p for p in phrases if doc[p.head].dep_ == "ROOT" and p.codes), None)

    def arguments(self, doc: Doc, head: int, phrases: Sequence[Phrase]) -> Arguments:
        token = doc[head]
        at = {p.head: p for p in phrases if p.head != head}
        subject: list[Phrase] = []
        agent: list[Phrase] = []
        objects: list[Phrase] = []
        preps: list[tuple[str, Phrase]] = []
        owners: list[Phrase] = []
        places: list[Phrase] = []
        event_owners: list[Phrase] = []
        passive = is_verb(token) and (
            any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in token.children)
            or (token.tag_ == "VBN" and token.dep_ in {"acl", "amod"})
        )
        for child in token.children:
            dep = child.dep_
            if child.i in at:
                phrase = at[child.i]
                if dep in SUBJECT_DEPS:
                    subject.append(phrase)
                elif dep in PASSIVE_SUBJECT_DEPS or dep in OBJECT_DEPS:
                    objects.append(phrase)
                elif dep in MODIFIER_DEPS or dep == "poss":
                    owners.append(phrase)
                elif dep == "appos":
                    objects.append(phrase)
                elif first_of_subjects(token, child):
                    subject.append(phrase)
            elif dep in {"prep", "agent"} or (dep == "dative" and child.tag_ == "IN"):
                word = child.lower_
                if self.about(token, child):
                    continue
                for pobj in child.children:
                    if first_of_subjects(token, pobj):  # "In October 2022 Britain, France and Germany condemned"
                        subject.extend(_reach(pobj, at))
                        continue
                    if pobj.dep_ != "pobj":
                        continue
                    for phrase in _reach(pobj, at):
                        if hung_on_opening_date(token, child, pobj):
                            subject.append(phrase)
                        elif dep == "agent" or word == "by":
                            agent.append(phrase)
                        elif word in self.place_preps or (word == "at" and lemma(pobj) in self.meetings):
                            places.append(phrase)
                        elif word in self.target_preps or word in self.source_preps:
                            preps.append((word, phrase))
            elif dep in SUBJECT_DEPS and lemma(child) in self.weapons:  # "a missile fired by X struck": X's
                subject.extend(self._firers(child, at))
            elif dep in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS and child.tag_ in NOUNISH:
                # an object with no actor of its own: its owner or complement is the one acted on; when the object
                # is itself an act ("protested American arms sales to Taiwan"), its actor is
                (event_owners if lemma(child) in self.eventive else owners).extend(self.owners(child, at))
                for word, phrase in self._object_preps(child, at):
                    preps.append((word, phrase))
        # a passive clause is not done by the subject of the clause above it ("when Athens was struck, Turkish
        # rescuers helped"; "Pakistan felt let down, and the embargo was lifted")
        own_patient = passive and any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in token.children)
        if is_verb(token) and not subject and not (passive and agent) and not own_patient:
            subject = self._controller(token, at)
        if passive and token.dep_ in {"acl", "amod"} and token.head.i in at:
            objects.append(at[token.head.i])  # "the sanctions imposed by X on Y": nothing; "troops sent by X"
        stray = None if is_verb(token) else stray_by(token)
        if stray is not None:  # "condemned the airstrike by the military": the airstrike's agent
            agent.extend(p for g in stray.children if g.dep_ == "pobj" for p in _reach(g, at))
        if not is_verb(token) and not (subject or owners or agent):
            owners.extend(self._governor_subject(token, at))
        own_subject = any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in token.children)
        context = [] if subject or agent or owners or own_subject else _upper_subject(token, at)
        return Arguments(
            subject=subject,
            passive=passive,
            agent=agent,
            objects=objects,
            preps=preps,
            owners=owners,
            places=places,
            event_owners=event_owners,
            context=context,
            by_instrument=any(c.dep_ in SUBJECT_DEPS and lemma(c) in self.instruments for c in token.children),
        )

    def _controller(self, verb: Token, at: dict[int, Phrase]) -> list[Phrase]:
        """The subject of a verb that has none in its own clause: the controller of a complement, the subject of
        the first conjunct, the noun a relative or participle clause modifies."""
        current = verb
        for _ in range(4):
            dep, governor = current.dep_, current.head
            if governor.i == current.i or not same_part(verb, governor):
                return []
            if dep == "xcomp" and governor.dep_ == "acomp":  # "was ready to settle": the copula's subject
                governor = governor.head
            if dep == "xcomp":
                control = verb_in(governor, self.object_control)  # "urged Iran", "called on Iran" to release
                if control is not None:
                    held = control.children if control.i != governor.i else governor.children
                    found = [at[c.i] for c in held if c.dep_ in OBJECT_DEPS | {"pobj"} and c.i in at]
                    if found:
                        return found
                found = _subjects(governor, at)
                if found:
                    return found
            elif dep in {"conj", "advcl", "pcomp"}:
                found = _subjects(governor, at)
                if found:
                    return found
                if dep == "conj" and _reported_passive(current, governor, self.report):
                    return _subjects(governor.head, at)  # "X said the border was closed ... and urged Y to Z"
            elif dep in {"relcl", "acl"}:
                return [at[governor.i]] if governor.i in at else []
            else:
                return []
            current = governor
        return []

    @staticmethod
    def _firers(weapon: Token, at: dict[int, Phrase]) -> list[Phrase]:
        """Who fired, planted or launched a weapon, by the agent of the participle on it."""
        return [
            phrase
            for participle in weapon.children
            if participle.dep_ == "acl" and participle.tag_ == "VBN"
            for agent in participle.children
            if agent.dep_ == "agent"
            for pobj in agent.children
            if pobj.dep_ == "pobj"
            for phrase in _reach(pobj, at)
        ]

    def owners(self, noun: Token, at: dict[int, Phrase]) -> list[Phrase]:
        """Who holds a thing acted on: "Iran's facilities", "French supply routes", "islands held by the ROC"."""
        found = [at[c.i] for c in noun.children if c.i in at and c.dep_ in MODIFIER_DEPS | {"poss"}]
        for child in noun.children:
            if child.dep_ in {"acl", "relcl"} and lemma(child) in OWNER_VERBS:
                for grand in child.children:
                    if grand.dep_ == "agent":
                        found.extend(p for g in grand.children if g.dep_ == "pobj" for p in _reach(g, at))
        return found

    def _object_preps(self, noun: Token, at: dict[int, Phrase]) -> list[tuple[str, Phrase]]:
        """ "providing aid to Ukraine", "launched an invasion of Kuwait": the object's own complement."""
        found: list[tuple[str, Phrase]] = []
        for child in noun.children:
            if self.about(noun, child):
                continue  # "shared intelligence on Russian hackers": what it is about
            if child.dep_ == "prep" and child.lower_ in self.target_preps:
                found.extend((child.lower_, p) for g in child.children if g.dep_ == "pobj" for p in _reach(g, at))
        return found

    def about(self, noun: Token, prep: Token) -> bool:
        """ "data on X", "talks on X": the preposition gives what information or talks are about, not whom an act is
        aimed at ("sanctions on X" is)."""
        return prep.lower_ in self.topic_preps and lemma(noun) in self.topic_nouns

    def _governor_subject(self, noun: Token, at: dict[int, Phrase]) -> list[Phrase]:
        """A noun candidate with no owner of its own, in "X announced/launched/carried out <noun>" readings: the
        subject of the verb it is the object of (reached only when that verb is no candidate: "X has sanctions")."""
        if noun.dep_ in OBJECT_DEPS and is_verb(noun.head):
            return _subjects(noun.head, at)
        return []


def _upper_subject(token: Token, at: dict[int, Phrase]) -> list[Phrase]:
    """The subject of the nearest verb above a token that has one ("X's troops crossed the border, in support
    of Y": the support is X's). A verb whose subject is no actor ends the search ("demanded that its partners
    refuse to recognise K": recognising would be the partners', not the demander's)."""
    current = token
    for _ in range(5):
        if current.head.i == current.i or not same_part(token, current.head):
            return []
        current = current.head
        if is_verb(current):
            subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
            if subjects:
                return [at[c.i] for c in subjects if c.i in at]
    return []


def _reported_passive(verb: Token, governor: Token, report: frozenset[str]) -> bool:
    """An active finite verb joined to a passive clause that a report verb governs: the small parser's reading of
    "X said the closure was ordered ... and urged Y to Z", where the urging is X's, not the closure's."""
    return (
        verb.tag_ in {"VBD", "VBZ", "VBP"}
        and not any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)
        and any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in governor.children)
        and governor.dep_ == "ccomp"
        and lemma(governor.head) in report
    )


def same_part(a: Token, b: Token) -> bool:
    """No semicolon stands between two tokens: "X seized power; Washington raised no objection" are two clauses,
    whatever the parse joins."""
    low, high = sorted((a.i, b.i))
    return not any(t.text == ";" for t in a.doc[low:high])


def subjectless(token: Token) -> bool:
    """True when no verb from the token up to its sentence's root has a subject: the parse lost it ("On 13 November
    Somalia expelled ..." parsed with Somalia inside the date)."""
    current = token
    for _ in range(8):
        if is_verb(current) and any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in current.children):
            return False
        if current.head.i == current.i:
            return True
        current = current.head
    return True


def _subjects(verb: Token, at: dict[int, Phrase]) -> list[Phrase]:
    """A verb's subjects, with the first of a list the parser cut off (`first_of_subjects`)."""
    opening = [g for c in verb.children if c.dep_ == "prep" and c.i == 0 for g in c.children]
    return [
        at[c.i]
        for c in [*opening, *verb.children]
        if c.i in at and (c.dep_ in SUBJECT_DEPS or first_of_subjects(verb, c))
    ]
