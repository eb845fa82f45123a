"""What a set of events says: which way it pulled (`Balance`), and the claims a note makes of it in words.

A heading is a claim about a theme computed from its events inside the question's frame: which way they pulled
(cooperation or friction, by weight in the index), whether that changed within the frame, who acted most and how
("The Aegean dispute drove Greece and Turkey apart through Turkey's shows of force").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from dyadscope.analyze.frame import values
from dyadscope.data import lang_file, lang_words
from dyadscope.nlp.actor_data import actor_names, load_builtin_actors

# Each PLOVER type's acts as a plural noun ("shows of force"), and each issue as a note names it
# (data/lang/en/notes.yaml).
TYPE_NOUNS: dict[str, str] = {str(k): str(v) for k, v in lang_file("notes")["type_nouns"].items()}
ISSUE_LABELS: dict[str, str] = {str(k): str(v) for k, v in lang_file("notes")["issue_labels"].items()}


def issue_label(issue: str) -> str:
    return ISSUE_LABELS.get(issue, issue.replace("_", " "))


@cache
def state_codes() -> dict[str, str]:
    """Lower-case names of countries → their codes ("china" → CHN)."""
    return actor_names([a for a in load_builtin_actors() if a.kind == "country"])


@dataclass(frozen=True, slots=True)
class Balance:
    """Which way a set of events pulled: weights of cooperation and friction, the actor and acts that led."""

    cooperation: float
    friction: float
    trend: int  # +1 friction gave way to cooperation, −1 the reverse, 0 neither
    first_year: int
    last_year: int
    actor: str  # the state whose acts weigh most
    acts: tuple[str, ...]  # its commonest kinds of act, as nouns
    count: int

    @property
    def share(self) -> float:
        """Cooperation's share of the weight (0.5 when there is none)."""
        total = self.cooperation + self.friction
        return self.cooperation / total if total else 0.5


def balance(rows: pd.DataFrame, sign: int = 0) -> Balance | None:
    """How `rows` pulled; `acts` are of the events pulling the way of `sign` (0: the way most weight pulls)."""
    if rows.empty:
        return None
    rows = rows.sort_values("start")
    w = rows["weight"].to_numpy(dtype=float)
    x = values(rows)  # as the index counts them: a de-escalation at most "ordinary"
    coop, fric = float(w[x > 0].sum()), float(w[x < 0].sum())
    trend = 0
    if len(rows) >= 4:
        half = len(rows) // 2
        early, late = (x[:half] * w[:half]).sum(), (x[half:] * w[half:]).sum()
        trend = 1 if early < 0 < late else -1 if late < 0 < early else 0
    lean = sign or (1 if coop >= fric else -1)
    leaning = rows[np.sign(x) == lean] if (np.sign(x) == lean).any() else rows
    by_actor = leaning.groupby("source")["weight"].sum().sort_values(ascending=False)
    by_type = leaning.groupby("type")["weight"].sum().sort_values(ascending=False)
    acts = tuple(dict.fromkeys(TYPE_NOUNS.get(str(t), str(t).lower()) for t in by_type.index[:2]))
    years = rows["start"].dt.year
    return Balance(coop, fric, trend, int(years.min()), int(years.max()), str(by_actor.index[0]), acts, len(rows))


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


COUNT_NOUNS = frozenset(lang_words("note_count_nouns"))


def with_article(label: str) -> str:
    """ "the Aegean dispute", "the Kerry-Lugar-Berman Act", "the JCPOA"; "China", "sanctions" as they are."""
    words = label.split()
    if not words or words[0].lower() in ("the", "a", "an") or label.lower() in state_codes():
        return label
    if label.isupper() or any(w.lower() in COUNT_NOUNS for w in words):
        return f"the {label}"
    return label


def claim(label: str, b: Balance, pair: str, display: dict[str, str]) -> str:
    """A heading that is a claim about the theme, in its words ("The Aegean dispute drove Greece and Turkey apart
    through Turkey's shows of force")."""
    named = capitalised(with_article(label))
    actor = display.get(b.actor, b.actor)
    acts = [a for a in b.acts if not set(a.split()) & set(label.lower().split())]
    how = f" through {possessive(actor)} {' and '.join(acts)}" if acts else ""
    if b.trend:
        early, late = ("friction", "cooperation") if b.trend > 0 else ("cooperation", "friction")
        return f"{named}: {early} gave way to {late} ({b.first_year}–{b.last_year})"
    if b.share >= 0.65:
        return f"{named} drew {pair} together{how}"
    if b.share <= 0.35:
        return f"{named} drove {pair} apart{how}"
    return f"{named} brought {pair} both cooperation and friction"


def claim_clause(label: str, b: Balance) -> tuple[str, str]:
    """The claim as subject and predicate for the thesis ("the Aegean dispute", "turned from friction to
    cooperation")."""
    named = with_article(label)
    if b.trend:
        return named, f"turned from {'friction to cooperation' if b.trend > 0 else 'cooperation to friction'}"
    if b.share >= 0.65:
        return named, "drew the two states together"
    if b.share <= 0.35:
        return named, "drove them apart"
    return named, "brought both cooperation and friction"


def character(share: float) -> str:
    """What a share of cooperation makes of a relationship."""
    if share >= 0.75:
        return "predominantly cooperative"
    if share >= 0.55:
        return "more cooperative than conflictual"
    if share > 0.45:
        return "evenly balanced between cooperation and friction"
    if share > 0.25:
        return "more conflictual than cooperative"
    return "dominated by friction"
