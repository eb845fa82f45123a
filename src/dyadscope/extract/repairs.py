"""Mistakes the small English parser makes around a clause's subject, and how the roles read through them.

Each is a pattern seen on sentences of many pairs, tested on pairs other than Pakistan–US before the rule
(`tests/test_coder.py`): a subject hung on an opening date ("On 5 May 2010 Greece and Turkey held ..."), the
first of a list of subjects cut off as an adverb ("Yoon, Kishida and Biden held ...") or hung on an opening
phrase ("In October 2022 Britain, France and Germany condemned ...").
"""

from __future__ import annotations

from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})


def hung_on_opening_date(verb: Token, prep: Token, pobj: Token) -> bool:
    """ "On 5 May 2010 Greece and Turkey held a summit": the parser read the states as the object of the opening
    preposition, with the date as their modifier, and left the verb without a subject. A phrase hung on the
    sentence's first word, a preposition, after a number, is the subject of a verb that has none."""
    return (
        prep.i == 0
        and prep.i < verb.i
        and not any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in verb.children)
        and any(t.like_num for t in pobj.subtree if t.i < pobj.i)
    )


def first_of_subjects(verb: Token, token: Token) -> bool:
    """ "Yoon, Kishida and Biden held a summit": the parser cut the first name of a list of subjects off (an
    adverb of the verb) and kept the rest as the subject. A name followed by a comma and then the verb's subject,
    itself a list, is the list's first member."""
    opening = opening_phrase_object(verb, token)  # "In October 2022 Britain, France and Germany condemned"
    if (token.dep_ not in {"advmod", "npadvmod", "dep"} and not opening) or token.i > verb.i:
        return False
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    doc = token.doc
    comma = token.right_edge.i + 1
    return (
        subject is not None
        and comma < len(doc)
        and doc[comma].text == ","
        and subject.left_edge.i == comma + 1
        and any(c.dep_ == "conj" for c in subject.children)
    )


def opening_phrase_object(verb: Token, token: Token) -> bool:
    """A noun the parser hung on the verb's opening preposition ("In October 2022 Britain, ...": "Britain" a
    `dep` of "In"; "On Monday Britain, ...": its object)."""
    prep = token.head
    return token.dep_ in {"pobj", "dep"} and prep.dep_ == "prep" and prep.i == 0 and prep.head.i == verb.i
