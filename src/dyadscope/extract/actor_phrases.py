"""Actor phrases of a parsed sentence: a name or a sector noun grown to the noun it modifies ("Indian troops",
"the government of Kenya"), merged where two mentions share a head, joined across coordination, and the two
kinds of phrase that name no one by name ("both armies", "tens of thousands"). `roles.Roles.phrases` builds them;
reading what they do is `roles`'s work."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dyadscope.extract.candidates import NOUN_TAGS, is_verb, lemma
from dyadscope.extract.repairs import PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS
from dyadscope.extract.sides import CLIMB_DEPS, Phrase

NAMED_NOUNS = NOUN_TAGS | {"NNP", "NNPS"}  # "the Government of Kenya": the small parser tags it a name
NOUNISH = NOUN_TAGS | {"NNP", "NNPS", "PRP"}
PEOPLE = "civilians"  # the sector of a crowd that names no one ("tens of thousands rallied")


def span_head(doc: Doc, first: int, last: int) -> int:
    """The token of a span whose head lies outside it."""
    for i in range(first, last + 1):
        head = doc[i].head.i
        if head < first or head > last or head == i:
            return i
    return last


def climb(doc: Doc, phrase: Phrase, agents: set[int], no_climb: frozenset[str]) -> Phrase:
    """Move a phrase's head up to the noun it modifies: "Indian troops", "Soviet advisers", "China's foreign
    ministry", "the government of Kenya" are headed by the noun, which gives its sector. A possessive or an "of"
    phrase climbs only to a sector noun (`agents`): "its partners" are not the state, "the territory of Ukraine"
    is Ukraine's. Nothing climbs into a noun that names an event or a relationship (`no_climb`): "Chinese
    investment" is China's act, "Brazil-Argentina relations" are not Brazil."""
    token = doc[phrase.head]
    for _ in range(4):
        governor = token.head
        if governor.i == token.i:
            break
        dep = token.dep_
        if dep == "pobj" and token.head.lower_ in {"of", "in", "from"} and token.head.head.tag_ in NAMED_NOUNS:
            governor = token.head.head  # "the government of Kenya", "police in Kenya", "the Government of Kenya"
            if governor.i not in agents:
                break
        elif (
            dep not in CLIMB_DEPS
            or (governor.tag_ not in NOUNISH and governor.i not in agents)
            or (dep == "poss" and governor.i not in agents)
        ):
            break
        if is_verb(governor) or lemma(governor) in no_climb:
            break
        phrase.tokens.add(governor.i)
        token = governor
    phrase.head = token.i
    return phrase


def merge(phrases: dict[int, Phrase], phrase: Phrase) -> None:
    have = phrases.get(phrase.head)
    if have is None:
        phrases[phrase.head] = phrase
        return
    for code in phrase.codes:
        if code not in have.codes:
            have.codes.append(code)
    have.sector = have.sector or phrase.sector
    have.tokens |= phrase.tokens
    have.person = have.person or phrase.person


def coordinate(doc: Doc, phrases: dict[int, Phrase]) -> None:
    """ "the US and the UK supplied arms", "governments in Venezuela, Ecuador and Bolivia": a conjunct joins the
    phrase of the first conjunct (which may have climbed to the noun it modifies)."""
    for head in sorted(phrases, reverse=True):
        token = doc[head]
        first = token
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if first.i == token.i:
            continue
        owner = next((h for h, p in phrases.items() if h != head and (h == first.i or first.i in p.tokens)), None)
        if owner is not None:
            merge(phrases, Phrase(owner, phrases[head].codes, phrases[head].sector, phrases[head].tokens))
            del phrases[head]


def of_pair(noun: Token, pair_words: frozenset[str], pair_counts: frozenset[str]) -> bool:
    """A plural sector noun with "both" or "the two" before it ("both armies", "the two navies"), not a
    coordination ("both the army and the police") nor a count ("two battalions")."""
    if noun.tag_ != "NNS" or any(c.dep_ == "conj" for c in noun.children):
        return False
    before = [c for c in noun.children if c.i < noun.i]
    definite = any(c.lower_ == "the" for c in before)
    return any(
        (c.lower_ in pair_words and c.dep_ != "preconj") or (definite and c.lower_ in pair_counts) for c in before
    )


def crowds(doc: Doc, phrases: dict[int, Phrase], quantities: frozenset[str]) -> list[Phrase]:
    """A count of people that is a subject and names no one ("tens of thousands rallied", "thousands were
    arrested"), or that a participle is on ("thousands killed", and "tens of thousands protested" as the parser
    reads it): people of the state the sentence names (given by `resolve`). A count of things ("thousands of
    tonnes") is no one."""
    taken = {i for p in phrases.values() for i in p.tokens | {p.head}}
    found = []
    for token in doc:
        if token.lower_ not in quantities or token.i in taken:
            continue
        participle = any(c.dep_ == "acl" and c.tag_ == "VBN" for c in token.children)  # "thousands protested",
        # which the parser reads as a participle on the crowd
        if token.dep_ not in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and not participle:
            continue
        counted, chain = token, {token.i}
        while counted.lower_ in quantities:
            of = next((c for c in counted.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
            if inner is None:
                break
            counted = inner
            chain.add(inner.i)
        if counted.lower_ in quantities:
            found.append(Phrase(token.i, [], PEOPLE, chain))
    return found
