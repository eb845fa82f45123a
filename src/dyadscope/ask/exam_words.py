"""The word lists an examination question is read with (`data/lang/en/directives.yaml`), compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS

from dyadscope.data import lang_file, lang_words


def _pattern(phrase: str) -> str:
    """A word-list phrase as a regex: words apart by any spacing, "*" at most one further word."""
    parts = [r"(?:[\w'’-]+\s+)?" if w == "*" else re.escape(w) + r"\s+" for w in phrase.split()]
    return "".join(parts).removesuffix(r"\s+")


@dataclass(frozen=True, slots=True)
class ExamLists:
    directives: tuple[tuple[str, re.Pattern[str]], ...]
    none: str
    critical: re.Pattern[str]
    critical_after: re.Pattern[str]
    cues: tuple[tuple[re.Pattern[str], bool], ...]  # (pattern, whether X is inside it: "the X factor")
    issue: re.Pattern[str]
    directive_words: frozenset[str]
    heads: frozenset[str]  # the nouns of the "<noun> of X" cues ("role", "impact"): no issue themselves


@cache
def exam_lists() -> ExamLists:
    data = lang_file("directives")
    directives = tuple(
        (str(name), re.compile(r"(?<!\w)(?:" + "|".join(map(_pattern, phrases)) + r")(?!\w)", re.IGNORECASE))
        for name, phrases in data["directives"].items()
    )
    critical = "|".join(map(_pattern, lang_words("critical", "directives")))
    cues = []
    heads = set()
    for cue in lang_words("variable_cues", "directives"):
        before, _, after = (s.strip() for s in cue.partition("X"))
        if not after and len(before.split()) == 2 and before.endswith(" of"):
            heads.add(before.split()[0].lower())
        if after:
            inside = rf"(?<!\w){_pattern(before)}\s+(?P<x>[\w'’-]+(?:\s+[\w'’-]+){{0,2}}?)\s+{_pattern(after)}(?!\w)"
            cues.append((re.compile(inside, re.IGNORECASE), True))
        else:
            cues.append((re.compile(rf"(?<!\w){_pattern(before)}\s+", re.IGNORECASE), False))
    nouns = "|".join(map(re.escape, lang_words("issue_nouns", "directives")))
    words = {w.lower() for phrases in data["directives"].values() for p in phrases for w in str(p).split()}
    return ExamLists(
        directives,
        str(data["none"]),
        re.compile(rf"(?<!\w)(?:{critical})\s+$", re.IGNORECASE),
        re.compile(rf"\s+(?:{critical})(?!\w)", re.IGNORECASE),
        tuple(cues),
        re.compile(rf"(?<![\w-])(?:{nouns})(?![\w-])", re.IGNORECASE),
        frozenset(words - {"*"} - STOP_WORDS),
        frozenset(heads),
    )
