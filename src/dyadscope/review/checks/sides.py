"""Who did what to whom: a claim's actors against the documents' telling of the same happening (another actor,
or the same two states the other way round). Used by `consistency`."""

from __future__ import annotations

from collections.abc import Sequence

from dyadscope.data import lang_words
from dyadscope.extract.lexicon import joint_phrases, phrase_variants
from dyadscope.models import QUAD_CLASSES, Event
from dyadscope.review.checks.common import PRECISE


def actors_of(event: Event) -> set[str]:
    return set(event.source) | set(event.target)


def years_agree(claimed: Event, known: Event) -> bool:
    return (
        claimed.date is not None
        and known.date is not None
        and known.date.start.year - 1 <= claimed.date.start.year <= known.date.end.year + 1
    )


def other_actor(
    claimed: Event, known: Event, named: Sequence[str], states: frozenset[str], told: Sequence[Event] = ()
) -> str | None:
    """The documents tell the same act against the same target in the same year, by someone else. Not when the
    answer's sentence also gives that act to the documents' actor (`told`: its events): "the United States and
    Britain suspended arms sales" adds Britain, which the documents do not contradict by naming the United
    States alone. Two acts with no one acted on are not one act (a mobilisation of one state's forces and
    another's in the same month)."""
    if claimed.date is None or known.date is None or known.date.granularity not in PRECISE or not known.target:
        return None
    if known.date_inherited or known.negated or known.hypothetical or not years_agree(claimed, known):
        return None
    if set(claimed.target) != set(known.target) or set(claimed.source) == set(known.source):
        return None
    if set(known.source) & set(known.target) or set(claimed.source) & set(claimed.target):
        return None  # an actor acting on itself ("Congress waived… for Pakistan" read as Pakistan's; "Bush praised
        # it", the treaty, read as a home act): a misreading, or an act at home, not another state's act
    if not set(claimed.source) | set(known.source) <= states:
        return None  # a state for a state: a body, a group or an alliance may act for one
    if any(code in named for code in claimed.source):
        return None  # the documents' sentence names the claimed actor too: it has some part in it
    if any(e.type == claimed.type and set(known.source) <= set(e.source) for e in told):
        return None
    return f"the documents say {'/'.join(known.source)} did this, not {'/'.join(claimed.source)}"


SURE_WAY = 0.3  # the coder's confidence both readings need before a reversal is named (and see `leading`)
MUTUAL = frozenset({*QUAD_CLASSES["verbal cooperation"], "COOPERATE"})  # acts often told either way round


# Verbs whose coordinated actors act on each other, whatever the type ("exchanged fire"), as the roles read them
RECIPROCAL = frozenset(v for word in lang_words("reciprocal_verbs") for v in phrase_variants(word.replace("_", " ")))


def joint(event: Event) -> bool:
    """A two-sided act by its trigger: the lexicon's joint acts of its type ("clashed", "fought", "signed") and the
    reciprocal verbs ("exchanged fire")."""
    trigger = event.trigger.lower()
    return trigger in joint_phrases().get(event.type, frozenset()) or trigger.split(" ")[0] in RECIPROCAL


def same_way(claimed: Event, known: Event) -> bool:
    """The same actor and the same side acted on (or, for a joint act with no target, the same actors)."""
    if not claimed.target or not known.target:
        return actors_of(claimed) == actors_of(known)
    return set(claimed.source) == set(known.source) and set(claimed.target) == set(known.target)


def leading(event: Event, peers: Sequence[Event]) -> bool:
    """No other reading of the same sentence finds the same type of act going another way with more confidence:
    the coder may read "Colombia asked Venezuela to withdraw its ambassador" both ways round ("asked" one way,
    "withdraw" the other, weakly), and only the stronger reading says which way the sentence tells it."""
    return not any(
        p.type == event.type
        and (p.evidence.doc, p.evidence.sentence_id) == (event.evidence.doc, event.evidence.sentence_id)
        and not same_way(p, event)
        and p.confidence > event.confidence
        for p in peers
    )


def months_agree(claimed: Event, known: Event) -> bool:
    """Within a month of each other when both give the month (a reversal names one happening, not two alike)."""
    a, b = claimed.date, known.date
    if a is None or b is None or a.granularity == "year" or b.granularity == "year":
        return True
    return abs((a.start.year * 12 + a.start.month) - (b.start.year * 12 + b.start.month)) <= 1


def reversed_way(claimed: Event, known: Event, states: frozenset[str]) -> str | None:
    """The documents tell the same act between the same two states, in the same year, the other way round
    ("Turkey expelled Greek diplomats" where Greece expelled Turkish ones). A joint act has no way round: talks,
    agreements, joint work (`MUTUAL`), and a two-sided act of any type (`joint`: "Peruvian and Ecuadorian troops
    clashed", which the coder writes as one of its two ways)."""
    if claimed.date is None or known.date is None or known.date.granularity not in PRECISE:
        return None
    if known.date_inherited or known.negated or known.hypothetical or not years_agree(claimed, known):
        return None
    if not claimed.target or not known.target or set(claimed.source) & set(claimed.target):
        return None
    if min(claimed.confidence, known.confidence) < SURE_WAY:
        return None  # who acted on whom is read from the parse: a doubtful reading either side is no evidence
    # (the caller also asks that each reading be the `leading` one of its sentence)
    if set(claimed.source) != set(known.target) or set(claimed.target) != set(known.source):
        return None
    if not months_agree(claimed, known):
        return None
    if not actors_of(claimed) <= states or known.type in MUTUAL or joint(claimed) or joint(known):
        return None
    return f"the documents say {'/'.join(known.source)} did this to {'/'.join(known.target)}, not the other way round"
