"""What users type to filter and measure, read as the store's codes: actors, dyads, contexts and dates.

`Vocabulary` reads "Pakistan", "pak", "the United States" or "American" as PAK or USA (from the actor dictionaries
and the user's own), "nuclear" as the PLOVER context `cbrn` (from the context cues), and "1990s" or "May 1998" as
a start or end date (with the date finder), so the library, the CLI and the web accept what a user would write.
A value it cannot read is a ValueError that names what it can.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from functools import cached_property
from pathlib import Path

from dyadscope.data import data_yaml
from dyadscope.errors import InputError
from dyadscope.nlp.actor_data import actor_names, load_builtin_actors, load_successions, load_user_actors
from dyadscope.nlp.dates import DateFinder, load_named_periods

CODE = re.compile(r"^[A-Z]{2,6}$")  # as written: a code the dictionaries may not list (an imported one)


class Vocabulary:
    """Names → codes, built on first use (reading the dictionaries takes a moment)."""

    def __init__(self, actor_files: Sequence[Path] = ()) -> None:
        self.actor_files = tuple(actor_files)

    @cached_property
    def names(self) -> dict[str, str]:
        actors = load_builtin_actors()
        for path in self.actor_files:
            actors += load_user_actors(path)
        return actor_names(actors)

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(self.names.values())

    def actor(self, value: str) -> str:
        """ "PAK", "pak", "Pakistan", "the United States", "American" → PAK, PAK, PAK, USA, USA."""
        text = " ".join(value.split())
        if text.upper() in self.codes:
            return text.upper()
        key = text.lower().removeprefix("the ")
        if key in self.names:
            return self.names[key]
        if CODE.match(text):
            return text
        close = difflib.get_close_matches(key, list(self.names), n=3, cutoff=0.75)
        hint = f" (did you mean {', '.join(f'{c} = {self.names[c]}' for c in close)}?)" if close else ""
        raise InputError(f"unknown actor {value!r}{hint}: give a code such as PAK or a name such as Pakistan")

    def dyad(self, value: tuple[str, str] | str) -> tuple[str, str]:
        """ "PAK-USA", "Pakistan-US" or ("United States", "Pakistan") → ("PAK", "USA")."""
        parts = [p for p in value.split("-")] if isinstance(value, str) else list(value)
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise InputError(f"a dyad is two actors like PAK-USA, not {value!r}")
        first, second = sorted(self.actor(p) for p in parts)
        return first, second

    @cached_property
    def _earlier(self) -> dict[str, str]:
        return {s.code: s.predecessor for s in load_successions()}

    def predecessors(self, pair: tuple[str, str]) -> tuple[str, ...]:
        """The dyads a pair's history also runs through: its states' predecessors ("RUS-USA" → "SUN-USA", from
        data/actors/successions.csv; the coder names a state by its predecessor in text dated before it)."""
        earlier = self._earlier
        a, b = pair
        keys = {"-".join(sorted((x, y))) for x in (a, earlier.get(a, a)) for y in (b, earlier.get(b, b))}
        return tuple(sorted(keys - {"-".join(sorted(pair))}))

    @cached_property
    def contexts(self) -> dict[str, list[str]]:
        return {str(k): [str(c) for c in v] for k, v in data_yaml("lexicon", "contexts.yaml").items()}

    def context(self, value: str) -> str:
        """A PLOVER context, or the everyday word for one ("nuclear" → cbrn, "trade" → economic)."""
        word = value.strip().lower().replace(" ", "_")
        if word in self.contexts:
            return word
        spaced = word.replace("_", " ")
        found = [name for name, cues in self.contexts.items() if any(spaced.startswith(cue) for cue in cues)]
        if len(found) == 1:
            return found[0]
        choices = ", ".join(sorted(self.contexts))
        raise InputError(f"unknown context {value!r}: one of {choices}")

    @cached_property
    def _dates(self) -> DateFinder:
        return DateFinder(load_named_periods())

    def day(self, value: date | str | None, *, last: bool = False) -> date | None:
        """A start (`last=False`) or end date from what `dyadscope dates` reads: "1990", "1990-05-01", "May 1990",
        "the 1990s", "the Cold War"; the period's first or last day."""
        if value is None or isinstance(value, date):
            return value
        text = value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        found = self._dates.find(text)
        if len(found) == 1 and not text[: found[0].start].strip(" the") and not text[found[0].end :].strip():
            interval = found[0].interval
            return interval.end if last else interval.start
        raise InputError(f"cannot read {value!r} as a date (try 1990, 1990-05-01, May 1990 or the 1990s)")


def parse_dyad(value: tuple[str, str] | str) -> tuple[str, str]:
    """ "PAK-USA" or ("USA", "PAK") → ("PAK", "USA")."""
    parts = value.replace(" ", "").split("-") if isinstance(value, str) else list(value)
    if len(parts) != 2 or not all(parts):
        raise InputError(f"a dyad is two actor codes like PAK-USA, not {value!r}")
    first, second = sorted(p.upper() for p in parts)
    return first, second


def choose_dyad(known: Sequence[str], states: Sequence[str], seen: Sequence[str] = ()) -> tuple[str, str] | None:
    """The dyad a question is about, among the store's (`known`, best documented first): the one it names; else
    the best documented dyad of a state it names; else the one its evidence (`seen`) is most about; else the
    best documented."""
    if len(states) >= 2 and "-".join(sorted(states[:2])) in known:
        return parse_dyad("-".join(states[:2]))
    for key in known:
        if any(code in key.split("-") for code in states):
            return parse_dyad(key)
    for key, _ in Counter(d for d in seen if d in known).most_common(1):
        return parse_dyad(key)
    return parse_dyad(known[0]) if known else None
