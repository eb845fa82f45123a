"""A sum of money the documents contradict: "$1.5 billion in total" where they say "$7.5 billion over
five years"; and a count: "42 soldiers" where they say "twenty-four soldiers".

Only sentences already judged to tell the same happening are compared (`checks._wrong_amount` finds
them). A claim is wrong when they give sums of its kind (a total, or a yearly rate) in its currency and
none matches it within rounding; when any of them matches, the sources at worst disagree among
themselves and the claim follows one, so nothing is said. A limit or estimate in the documents ("more
than $15 billion", "up to $1.5 billion") may agree with a claim but never contradicts it.
"""

from __future__ import annotations

from collections.abc import Sequence

from dyadscope.ask.answer import Citation, claim_text
from dyadscope.ask.retrieve import Hit
from dyadscope.nlp.amounts import Amount, close, find_amounts, money, same_currency
from dyadscope.nlp.counts import find_counts
from dyadscope.review.findings import Finding


def wrong_amount(claim: str, same: Sequence[Hit]) -> Finding | None:
    """The first sum in `claim` that the same-happening sentences `same` contradict, as a finding. A sentence that
    gives another of the claim's sums tells that part of the claim ("Carter's offer of $400 million… a package of
    $3.2 billion" against "a package worth 3.2 billion dollars"), not this one."""
    claimed = find_amounts(claim)
    for amount in claimed:
        if amount.bound:
            continue  # "more than $2 billion" is no figure to check
        others = [a for a in claimed if a is not amount]
        given = [
            (h, a)
            for h in same
            if not any(agrees(o, b) for o in others for b in find_amounts(h.sentence.text))
            for a in find_amounts(h.sentence.text)
            if same_currency(a.currency, amount.currency)
        ]
        if any(agrees(amount, a) for _, a in given):
            continue
        against = [(h, a) for h, a in given if not a.bound and any(_comparable(amount, k) for k, _ in a.readings())]
        if not against:
            continue
        hit, right = against[0]
        message = f"“{claim.strip()}” — the documents give {right.describe()}, not {_as_claimed(amount)}"
        other = next(
            (k for _, a in given for k, v in a.readings() if k and k != amount.kind and close(v, amount.value)), None
        )
        if other and amount.kind:
            message += (
                f": {money(amount.value, amount.currency)} is {'the yearly figure' if other == 'rate' else 'the total'}"
            )
        suggestion, citations = [claim_text(hit.sentence.text)], [Citation.of(hit)]
        return Finding("consistency", None, message + ".", suggestion, citations, 2.0, "wrong_amount")
    return None


def wrong_count(claim: str, same: Sequence[Hit]) -> Finding | None:
    """The first count in `claim` ("42 Pakistani soldiers") that the same-happening sentences `same` contradict:
    they count the same noun, none of them with the claim's figure, and at least one gives a figure, not an
    estimate. Of several, the one whose words agree most with the claim's ("nuclear tests") is named."""
    for count in find_counts(claim):
        if count.bound:
            continue  # "more than 20 soldiers" is no figure to check
        given = [(h, c) for h in same for c in find_counts(h.sentence.text) if c.noun == count.noun]
        if any(c.value == count.value for _, c in given):
            continue
        against = [(h, c) for h, c in given if not c.bound]
        if not against:
            continue
        words = {w.lower() for w in count.modifiers}
        hit, right = max(against, key=lambda hc: len(words & {w.lower() for w in hc[1].modifiers}))
        message = f"“{claim.strip()}” — the documents give {right.describe()}, not {count.text}."
        return Finding(
            "consistency", None, message, [claim_text(hit.sentence.text)], [Citation.of(hit)], 2.0, "wrong_amount"
        )
    return None


def agrees(claimed: Amount, given: Amount) -> bool:
    """The same figure, read as the same kind of sum (a sum whose kind is not stated fits either)."""
    return any(close(v, claimed.value) and not (claimed.kind and k and k != claimed.kind) for k, v in given.readings())


def _comparable(claimed: Amount, kind: str | None) -> bool:
    """A sum of the claim's kind; one whose kind is not stated is taken for a total."""
    return (kind or "total") == (claimed.kind or "total")


def _as_claimed(amount: Amount) -> str:
    return amount.describe() if amount.kind else amount.text
