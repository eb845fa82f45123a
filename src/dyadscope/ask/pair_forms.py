"""Names of a pair that the actor dictionaries do not hold as names, read in questions, where the pair bounds
everything else: clipped names ("Indo-Pak"), "inter-Korean", and an ellipsis ("North and South Korea", "East and
West Germany"). The forms are data (`data/lang/en/questions.yaml`). Combining forms ("Sino-Indian", "Franco-German")
the actor matcher reads, in questions as in documents (`dyadscope.nlp.actors`).
"""

from __future__ import annotations

import re
from functools import cache

from dyadscope.data import lang_file, lang_words
from dyadscope.models import Mention
from dyadscope.nlp.actors import ActorMatcher

_COMPASS = "|".join(lang_words("compass_words", "questions"))
_SIDES = re.compile(rf"\b({_COMPASS})\s+and\s+({_COMPASS})\s+([A-Z][\w-]+)")  # "North and South Korea"


@cache
def _forms() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    data = lang_file("questions")
    clipped = {str(k): str(v) for k, v in data["clipped_names"].items()}
    inter = {str(k): tuple(str(v).split()) for k, v in data["inter_forms"].items()}
    return clipped, inter


def pair_mentions(text: str, mentions: list[Mention], matcher: ActorMatcher) -> list[Mention]:
    """`mentions` with the pair's names in the forms above added, and any mention inside one of them dropped
    ("Franco" in "Franco-German" is no Spanish leader)."""
    clipped, inter = _forms()
    countries = matcher.countries
    added: list[Mention] = []

    def add(start: int, end: int, code: str) -> None:
        if code in countries:
            added.append(Mention(start, end, text[start:end], code, "country", countries[code].id))

    if clipped:
        for m in re.finditer(rf"(?<=-)({'|'.join(map(re.escape, clipped))})\b", text):
            add(m.start(1), m.end(1), clipped[m[1]])
    if inter:
        for m in re.finditer(rf"\binter-({'|'.join(map(re.escape, inter))})\b", text, re.IGNORECASE):
            for code in inter[next(k for k in inter if k.lower() == m[1].lower())]:
                add(m.start(), m.end(), code)
    for m in _SIDES.finditer(text):
        for side, start in ((m[1], m.start(1)), (m[2], m.start(2))):
            owners = matcher.by_tokens.get((side, m[3]), [])
            country = next((a for a in owners if a.kind == "country"), None)
            if country is not None and not any(a.start <= start < a.end for a in mentions):
                added.append(Mention(start, start + len(side), side, country.code, "country", country.id))
    if not added:
        return mentions
    kept = [m for m in mentions if not any(a.start <= m.start < a.end for a in added if a.end - a.start > 0)]
    return sorted([*kept, *added], key=lambda m: (m.start, m.end))
