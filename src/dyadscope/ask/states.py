"""The states a note names: their names, aliases, demonyms, capitals, bodies and leaders, from the actor dictionaries.

`state(code)` gathers every name that refers to a state (`load_builtin_actors`: the country, its government, armed
forces, intelligence services, legislature and leaders), so a rendered example can say "the United States" where its
sentence says "Washington" or "the Biden administration" and still be checked against it; `names_for` picks how a
note calls each state (the country name its documents use most).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from dyadscope.data import data_path, lang_file, lang_words
from dyadscope.nlp.actor_data import Actor, load_builtin_actors
from dyadscope.nlp.actors import STATE_KINDS


@dataclass(frozen=True, slots=True)
class State:
    code: str
    name: str  # "United States"
    forms: re.Pattern[str]  # every name that refers to it: aliases, demonyms, capital, its bodies, its leaders
    demonyms: tuple[str, ...]
    country_forms: tuple[str, ...]  # the names of the country itself, candidates for how a note calls it
    leaders: dict[str, tuple[Actor, ...]]  # a leader's name or alias → the leaders (with roles and tenures) it names

    def title(self, form: str, when: date) -> str:
        """ "President", "Prime Minister": the role in office on `when` of the leader called `form`, or
        "Pakistani leader" when the dictionaries give no title."""
        for actor in self.leaders.get(form, ()):
            if (actor.start or date.min) <= when <= (actor.end or date.max):
                role = re.sub(r"^(?:acting|caretaker|interim|transitional) ", "", actor.role)
                if role in TITLES:
                    return TITLES[role]
        return f"{self.demonyms[0]} leader" if self.demonyms else "leader"


# A leader's role → the title a note gives them, and the words of titles that may stand before a leader's name
# (data/lang/en/states.yaml).
TITLES: dict[str, str] = {str(k): str(v) for k, v in lang_file("states")["titles"].items()}
TITLE_WORDS = frozenset(lang_words("title_words", "states"))
# A country's name takes "the" when it is plural, or by its first or last word ("the United States").
PLURAL_ENDINGS = lang_words("plural_endings", "states")
ARTICLE_FIRST = frozenset(lang_words("article_first_words", "states"))
ARTICLE_LAST = frozenset(lang_words("article_last_words", "states"))


@cache
def _demonyms() -> dict[str, tuple[str, ...]]:
    with data_path("actors", "countries.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {row["code"]: tuple(d.strip() for d in row["demonyms"].split("|") if d.strip()) for row in rows}


BODY_KINDS = frozenset({"igo", "alliance"})


@cache
def _state_actors() -> dict[str, list[Actor]]:
    """The dictionaries' actors that are a state or part of one, by the state's code, and the international bodies
    and alliances a note may name beside them ("the United Nations"): read once."""
    by_state: dict[str, list[Actor]] = {}
    for actor in load_builtin_actors():
        if actor.kind in STATE_KINDS or actor.kind in BODY_KINDS:
            by_state.setdefault(actor.country or actor.code, []).append(actor)
    return by_state


@cache
def state(code: str) -> State:
    """A state's names from the actor dictionaries (`load_builtin_actors`); a code they do not know names itself."""
    actors = _state_actors().get(code, [])
    forms = {f for a in actors for f in (a.name, *a.aliases) if len(f) > 1}
    country = next((a for a in actors if a.kind == "country"), None) or next(
        (a for a in actors if a.kind in BODY_KINDS), None
    )
    name = country.name if country else code
    demonyms = _demonyms().get(code, ())
    adjectives = {*demonyms, *(f"{d}s" for d in demonyms)}
    own = tuple(
        f
        for f in (dict.fromkeys((country.name, *country.aliases)) if country else [code])
        if f not in adjectives and "." not in f and not f.isupper() and "," not in f
    )
    leaders: dict[str, list[Actor]] = {}
    for actor in actors:
        if actor.kind == "leader":
            for form in (actor.name, *actor.aliases):
                leaders.setdefault(form, []).append(actor)
    forms.add(code)
    ordered = sorted(forms, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in ordered) + r")(?!\w)")
    return State(code, name, pattern, demonyms, own or (name,), {k: tuple(v) for k, v in leaders.items()})


def is_adjective(s: State, form: str) -> bool:
    return form in s.demonyms or form in {f"{d}s" for d in s.demonyms}


def with_article(name: str) -> str:
    """ "the United States", "the Soviet Union", "Pakistan"."""
    words = name.split()
    plural = name.endswith(PLURAL_ENDINGS)
    if words[0] in ARTICLE_FIRST or plural or words[-1] in ARTICLE_LAST:
        return f"the {name}"
    return name


def names_for(codes: Iterable[str], texts: Sequence[str]) -> dict[str, str]:
    """How a note calls each state: the name of the country its documents use most ("Turkey" or "Türkiye",
    "Russia" or "the Russian Federation"), with its article."""
    chosen = {}
    corpus = "\n".join(texts)
    for code in dict.fromkeys(codes):
        s = state(code)
        counts = {f: len(re.findall(rf"(?<![\w-]){re.escape(f)}(?![\w-])", corpus)) for f in s.country_forms}
        best = max(s.country_forms, key=lambda f: (counts[f], f == s.name))
        chosen[code] = with_article(best)
    return chosen
