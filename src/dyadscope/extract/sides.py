"""Source and target of a typed candidate from its arguments (`dyadscope.extract.roles` reads the arguments off
the parse): the source is the subject, or the agent of a passive; the target is the first kind of argument that
names someone else, in order of how directly it is acted on (objects, the actor of an object that is an act,
prepositional objects, owners, places). The phrases and arguments the roles pass are defined here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from dyadscope.extract.candidates import governing_verb, is_verb, lemma
from dyadscope.extract.repairs import SUBJECT_DEPS

# Types whose "of" phrase is the actor, not the one acted on ("the withdrawal of Soviet troops")
OF_IS_SOURCE = frozenset({"RETREAT", "MOBILIZE", "PROTEST", "CONSULT", "AGREE", "CONCEDE"})
# Acts done at a place: a state named after "in" is the target ("air strikes in Syria", "arrived in Kabul")
PLACE_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "CONSULT", "PROTEST"})
# Acts on a resource whose holder is the actor when a law is the subject ("the Act cut off US aid to X")
RESOURCE_TYPES = frozenset({"AID", "SANCTION"})
FORCES = frozenset({"mil", "police", "intel"})  # sectors a state acts with (data/lang/en/agents.yaml)
# Acts that move a state's own forces: forces moved with no agent written are moved by their state (`moved_forces`)
FORCE_MOVES = frozenset({"MOBILIZE", "RETREAT"})
STATE = frozenset({"", "gov"})  # the state itself, or its government
RELATIVES = frozenset({"which", "that", "who"})  # a relative clause whose subject is the thing it is about
# A noun's dependents that belong to its phrase: an actor among them is the phrase's ("the Indian navy")
CLIMB_DEPS = frozenset({"compound", "amod", "nmod", "appos", "poss", "flat", "npadvmod"})


@dataclass(slots=True)
class Phrase:
    """An actor as the parse sees it: its codes (several when coordinated), sector and syntactic head."""

    head: int
    codes: list[str]
    sector: str
    tokens: set[int] = field(default_factory=set)
    pair: bool = False  # a pair phrase ("the two countries", "both sides"): its states act with each other
    titled: bool = False  # a person named by title alone ("Lieutenant Colonel Tejero"): of the document's state
    person: bool = False  # names a person (a leader, an official): what "he" or "she" stands for
    office: bool = False  # an organisation's officer by title ("the Secretary-General"): of no state named near


@dataclass(frozen=True, slots=True)
class Arguments:
    """A candidate's actors by relation, each a list of phrases, before the type is known."""

    subject: list[Phrase]
    passive: bool
    agent: list[Phrase]  # "by X" of the candidate itself
    objects: list[Phrase]
    preps: list[tuple[str, Phrase]]  # (preposition, phrase) of the candidate or its object
    owners: list[Phrase]  # possessors and modifiers of the candidate (a noun) or of its object
    places: list[Phrase]
    event_owners: list[Phrase]  # the actor of an object that is itself an event ("protested US arms sales")
    context: list[Phrase]  # the subject of the nearest clause above that has one (a fallback source)
    by_instrument: bool = False  # the subject is a law or treaty, not an actor ("the Pressler Amendment cut off")

    @property
    def empty(self) -> bool:
        own = self.subject or self.agent or self.objects or self.preps or self.owners or self.places
        return not (own or self.context or self.event_owners)


@dataclass(frozen=True, slots=True)
class Sides:
    source: list[Phrase]
    target: list[Phrase]
    confidence: float


def assign(args: Arguments, event_type: str, *, verb: bool) -> Sides:
    """Source and target of a candidate of a known type from its arguments: the first kind of argument that
    names someone other than the source, in order of how directly it is acted on."""
    of_source = event_type in OF_IS_SOURCE
    preps = [(w, p) for w, p in args.preps if not (w == "of" and of_source)]
    from_source = [p for w, p in args.preps if w == "from" and event_type not in {"RETREAT", "SANCTION"}]
    of_actor = [p for w, p in args.preps if w == "of" and of_source]
    places = args.places if event_type in PLACE_TYPES else []
    if verb:
        source = (args.agent or from_source or args.subject) if args.passive else (args.subject or args.agent)
        if not source and args.by_instrument and event_type in RESOURCE_TYPES:
            source = (
                args.owners or args.event_owners
            )  # "the Helms-Burton Act tightened the US embargo on Cuba": the embargo's holder
        if args.passive and not source and len({c for p in args.event_owners for c in p.codes}) > 1:
            source = args.event_owners  # "the Taliban-US deal was signed": its two parties, together
        # "withdrew from X", "recalled its envoys from X": the one left or acted on, unless passive
        objects = [p for w, p in preps if w != "from" or not args.passive]
        kinds = [args.objects, args.event_owners, objects, args.owners, places]
        direct = bool(args.subject or args.agent) and bool(args.objects or preps)
    else:
        source = args.owners or args.agent or from_source or of_actor or args.subject
        kinds = [[p for w, p in preps if w not in {"from", "by"}], places]
        direct = bool(args.owners or args.agent) and bool(preps)
    if not source and args.context:
        source, direct = args.context, False  # no actor of its own: the clause it sits in names one
    # What the source acts with ("withdrew its troops from X", "recalled its ambassador from X") is not whom it
    # acts on when another state is named; with none, a part of the same state is ("the army arrested the
    # president").
    states = {c for p in source for c in p.codes}
    taken = {(c, p.sector) for p in source for c in p.codes}
    # ... but not a state's own forces as its object (`own_forces`).
    direct_objects = {id(p) for p in args.objects}
    target = _first(kinds, lambda p: not set(p.codes) <= states) or _first(
        kinds,
        lambda p: (
            not {(c, p.sector) for c in p.codes} <= taken and not (id(p) in direct_objects and own_forces(p, source))
        ),
    )
    return Sides(source, target, 0.9 if direct else 0.75 if source is not args.context else 0.6)


def moved_forces(sides: Sides) -> Sides:
    """ "Indian troops were sent to the plateau", "Soviet troops were withdrawn": forces moved by a passive with no
    agent are moved by their own state, so they are the source, not the one acted on (an attack on them is no
    move: `FORCE_MOVES`). A person is no force moved ("he was released": by whoever held him)."""
    forces = next((p for p in sides.target if p.sector in FORCES and p.codes and not p.person), None)
    if forces is None:
        return sides
    return Sides([forces], [p for p in sides.target if p is not forces], 0.5)


def own_forces(phrase: Phrase, source: Sequence[Phrase]) -> bool:
    """A state's own forces ("massed troops on the border", "deployed its police"): what a state acts with, never
    whom it acts on; the sentence's other state is, if it names one (`RolesComponent`)."""
    states = {c for p in source for c in p.codes}
    return (
        phrase.sector in FORCES
        and bool(source)
        and all(p.sector in STATE for p in source)
        and set(phrase.codes) <= states
    )


def _first(kinds: Sequence[Sequence[Phrase]], keep: Callable[[Phrase], bool]) -> list[Phrase]:
    """The phrases kept of the first kind of argument that has any."""
    return next((kept for kind in kinds if (kept := [p for p in kind if keep(p)])), [])


def before(phrases: Sequence[Phrase], index: int) -> list[Phrase]:
    """The actor phrases that end before a token, in order."""
    return [p for p in phrases if max(p.tokens | {p.head}) < index]


def joint_act(head: Token, things: frozenset[str], addressed_to: frozenset[str]) -> bool:
    """Whether coordinated sources with no target acted with each other ("India and China held talks", "signed
    the Limited Test Ban Treaty", "clashed"): yes, unless the act has a named object the dictionaries do not know
    and that is no instrument or act (`things`: "Russia and Nicaragua recognised Abkhazia") or is addressed to or
    against someone ("protested to the authorities"): then they acted together on someone else."""
    named = any(
        c.dep_ in {"dobj", "dative"} and c.tag_ in {"NNP", "NNPS"} and c.lower_ not in things for c in head.children
    )
    addressed = any(
        c.dep_ == "prep" and c.lower_ in addressed_to and any(g.dep_ == "pobj" for g in c.children)
        for c in head.children
    )
    return not (named or addressed)


def multilateral_object(verb: Token, here: Sequence[Phrase], instruments: frozenset[str]) -> bool:
    """Whether a verb acts on a named instrument that no state of the sentence names ("ratified the United Nations
    Convention on the Law of the Sea", "signed the Kyoto Protocol"): an act on it, not on the other state of the
    document's pair. A treaty named after its states is headed by their phrase ("the Japan-United States Security
    Treaty")."""
    heads = {p.head for p in here}
    named = {"NNP", "NNPS"}
    return any(
        c.dep_ == "dobj"
        and c.tag_ in named
        and lemma(c) in instruments
        and c.i not in heads
        and any(g.dep_ == "compound" and g.tag_ in named for g in c.children)
        for c in verb.children
    )


def in_relative_clause(token: Token, head: Token) -> bool:
    """Whether a token sits in a relative clause the candidate is not in, about what the thing itself did
    ("provided missiles, which struck Russian depots"): the state it names is not whom the candidate acts on. A
    clause about what the source did to it says whom ("lifted the restrictions it had placed on Peru")."""
    return any(
        a.dep_ == "relcl"
        and not a.left_edge.i <= head.i <= a.right_edge.i
        and any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in RELATIVES for c in a.children)
        for a in token.ancestors
    )


def sources_other_acts(head: Token, at: dict[int, Phrase], source: Sequence[str]) -> set[int]:
    """The tokens of the clauses joined to the candidate's that tell other acts: the source's own ("Turkey banned
    several Kurdish parties, and it warned Greece": Greece is warned, not banned), and any actor's told after it
    ("the two armies moved forces to the border, and the American envoy travelled to both capitals to urge
    restraint": what the envoy did next, not whom the armies moved against). A clause before it with another
    subject may tell what the act answers ("India tested ..., and Japan imposed sanctions"), and is kept."""
    verb = governing_verb(head)
    if not is_verb(verb):
        return set()
    later = [(c, {t.i for t in c.subtree}) for c in verb.children if c.dep_ == "conj" and is_verb(c)]
    own_subject = any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    earlier = []
    if verb.dep_ == "conj" and is_verb(verb.head) and own_subject:  # not "spoke with Y and condemned Z": one subject
        mine = {t.i for t in verb.subtree}
        earlier.append((verb.head, {t.i for t in verb.head.subtree} - mine))
    apart: set[int] = set()
    for clause, tokens in [*later, *earlier]:
        subjects = [at[c.i] for c in clause.children if c.dep_ in SUBJECT_DEPS and c.i in at]
        others = any(not set(p.codes) <= set(source) for p in subjects)
        if subjects and all(p.codes for p in subjects) and (not others or clause.i > verb.i):
            apart |= tokens
    return apart


def claimed_actor(verb: Token, here: Sequence[Phrase], source: Sequence[Phrase]) -> list[Phrase]:
    """The actor a protest or complaint says acted ("protested that Washington was arming its enemy"): the subject
    of its "that" clause, unless that is the source itself. Whom the accusation is aimed at."""
    at = {p.head: p for p in here}
    own = {c for p in source for c in p.codes}
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        found = [at[g.i] for g in clause.children if g.dep_ in {"nsubj", "nsubjpass"} and g.i in at]
        found = [p for p in found if p.codes and not set(p.codes) <= own]
        if found:
            return found
    return []


def reach(token: Token, at: dict[int, Phrase]) -> list[Phrase]:
    """The actor phrase a prepositional object is, or the first one inside its own noun phrase."""
    if token.i in at:
        return [at[token.i]]
    for child in token.children:
        if child.dep_ in CLIMB_DEPS and child.i in at:
            return [at[child.i]]
    return []


def drawn_from(
    verb: Token,
    at: dict[int, Phrase],
    owners: Callable[[Token, dict[int, Phrase]], list[Phrase]],
    elicit: frozenset[str],
) -> Sides | None:
    """ "India's revocation of Kashmir's autonomy drew condemnation from Pakistan": a reaction drawn from a state
    (`elicit_verbs` with "from", on the verb or on its object) is that state acting on the one whose act drew it,
    the subject's actor or owner; None for any other verb."""
    if lemma(verb) not in elicit:
        return None
    holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    reactors = [
        phrase
        for holder in holders
        for prep in holder.children
        if prep.dep_ == "prep" and prep.lower_ == "from"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for phrase in reach(pobj, at)
    ]
    if not reactors:
        return None
    provokers = [
        phrase
        for child in verb.children
        if child.dep_ in SUBJECT_DEPS
        for phrase in ([at[child.i]] if child.i in at else owners(child, at))
    ]
    return Sides(reactors, provokers, 0.6)
