"""The examiner's rubric (data/rubric.yaml), read once: the criteria and their bands, the deductions, the cues.

Every constant the mark is made of lives in that file, so that the rules in `mark` and `measure` read as rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from dyadscope.data import data_yaml


@dataclass(frozen=True, slots=True)
class CriterionSpec:
    name: str
    out_of: float
    looks_at: str
    descriptors: tuple[tuple[float, str], ...]  # (lowest score of the band, what it says), from the top down

    def descriptor(self, score: float) -> str:
        return next((text for least, text in self.descriptors if score >= least), self.descriptors[-1][1])


@cache
def _rubric() -> dict[str, Any]:
    loaded: dict[str, Any] = data_yaml("rubric.yaml")
    return loaded


@cache
def criteria() -> tuple[CriterionSpec, ...]:
    return tuple(
        CriterionSpec(
            str(c["name"]),
            float(c["out_of"]),
            str(c["looks_at"]),
            tuple((float(least), str(text)) for least, text in c["descriptors"]),
        )
        for c in _rubric()["criteria"]
    )


def spec(name: str) -> CriterionSpec:
    return next(c for c in criteria() if c.name == name)


def rule(criterion: str, key: str) -> float:
    """A deduction or threshold of one criterion: `rule("relevance", "off_frame")`."""
    return float(_rubric()["rules"][criterion][key])


def rules(criterion: str, key: str) -> list[Any]:
    """A list-valued rule: the analysis bands, the directives that ask for a judgement."""
    value = _rubric()["rules"][criterion][key]
    return list(value)


def frame_rule(key: str) -> float:
    return float(_rubric()["frame"][key])


@cache
def cue(name: str) -> re.Pattern[str]:
    """The cue words of one kind (`cues.<name>` in the rubric) as one case-insensitive pattern of whole words."""
    phrases = sorted((str(p) for p in _rubric()["cues"][name]), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def source() -> str:
    return str(_rubric()["source"])
