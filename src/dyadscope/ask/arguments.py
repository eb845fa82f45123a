"""The arguments of a note: what its evidence is, which themes it is argued on, and what each theme claims.

The evidence (`Pool`) is every measured event of the dyad the note can tell as an example (`dyadscope.ask.examples`),
with what it weighs in the index, what it was about (issues, third parties) and whether it falls in the question's
frame. Themes come from the question first (its variables: "Aegean dispute", "China", "nuclear programme") and then
from the drivers of the phases inside the frame (issues and third parties), strongest first; never from a list
written for one pair. A variable is matched to events by its words in their sentences, by the state it names, the
issue or the kind of act its words name, and by the sentences retrieval finds for it inside the frame. A theme's
heading is a claim computed from its events inside the frame: which way they pulled (cooperation or friction),
whether that changed, who acted and how ("Aegean dispute drove Greece and Turkey apart through Turkey's shows of
force").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from spacy.lang.en.stop_words import STOP_WORDS

from dyadscope.analyze.frame import issue_names, weights
from dyadscope.ask.claims import issue_label, state_codes
from dyadscope.ask.concepts import phrases, says_concept
from dyadscope.ask.examples import Example, is_evidence, render
from dyadscope.ask.question import Question
from dyadscope.ask.retrieve import Hit
from dyadscope.ask.states import names_for, state
from dyadscope.ask.stemming import stem_list, stems
from dyadscope.data import data_yaml, lang_file, lang_words
from dyadscope.models import Event

if TYPE_CHECKING:
    from dyadscope.analyze import Analysis
    from dyadscope.analyze.phases import Phase

Search = Callable[[Question, int], list[Hit]]
Evidence = Callable[[Sequence[str]], list[Event]]
RELEVANT = 0.5  # an event at least this relevant to a theme argues it
GENERIC = frozenset(lang_words("note_generic_words"))
STATE_PARTS = frozenset(lang_words("state_part_words"))  # "the Russian threat" (data/lang/en/words.yaml)
# Words of a question that name a kind of act (PLOVER), the same for every pair (data/lang/en/notes.yaml).
TYPE_WORDS: dict[str, str] = {str(k): str(v) for k, v in lang_file("notes")["type_words"].items()}
CONDUCT = (  # themes of last resort: the kinds of act the frame's events were
    ("aid and material cooperation", ("AID", "COOPERATE", "RETREAT")),
    ("diplomacy and agreements", ("AGREE", "CONSULT", "SUPPORT", "CONCEDE")),
    ("accusations and warnings", ("REQUEST", "ACCUSE", "REJECT", "THREATEN")),
    ("sanctions and coercion", ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")),
)
MAX_EVENTS = 3000  # events a note reads (the heaviest, with every phase's key events) when the frame holds more


@cache
def issue_cues() -> dict[str, tuple[str, ...]]:
    """Each issue's cue words (data/lexicon/issues.yaml)."""
    loaded: dict[str, list[str]] = data_yaml("lexicon", "issues.yaml")
    return {k: tuple(v) for k, v in loaded.items()}


def covers(start: date, end: date, frame: tuple[date | None, date | None] | None) -> bool:
    """Whether a span lies in the frame: at least half of the shorter of the two overlaps (as `Question.covers`)."""
    if frame is None:
        return True
    first, last = frame[0] or date.min, frame[1] or date.max
    overlap = (min(last, end) - max(first, start)).days + 1
    shorter = min((last - first).days, (end - start).days) + 1
    return overlap > 0 and overlap >= 0.5 * shorter


def frame_of(question: Question) -> tuple[date | None, date | None] | None:
    return (
        None
        if question.frame_start is None and question.frame_end is None
        else (question.frame_start, question.frame_end)
    )


def where(rows: pd.DataFrame, mask: Sequence[bool]) -> pd.DataFrame:
    """The rows where `mask` holds (a boolean array: an empty list would select columns, not rows)."""
    return rows.loc[np.asarray(mask, dtype=bool)]


def records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts (a column's value by its name)."""
    return [{str(k): v for k, v in row.items()} for row in rows.to_dict("records")]


@dataclass(slots=True)
class Pool:
    """The note's evidence: the dyad's measured events, those told as examples, their weights and subjects."""

    dyad: tuple[str, str]
    rows: pd.DataFrame  # analysis.events with weight, issues, others and inside
    examples: dict[str, Example]
    display: dict[str, str]  # how the note calls each state
    tried: int = 0  # events the note tried to tell as examples (the share told is the support rate)
    used: set[str] = field(default_factory=set)

    def inside(self) -> pd.DataFrame:
        return self.rows[self.rows["inside"]]

    def told_sentences(self) -> set[tuple[str, int]]:
        """The sentences the note has told an example from: one act coded both ways round ("Greece and Turkey
        withdrew their forces") is one example, not two."""
        return {sentence_of(x) for i in self.used if (x := self.examples.get(i)) is not None}


def sentence_of(example: Example) -> tuple[str, int]:
    return example.citation.doc, example.citation.sentence_id


def build_pool(analysis: Analysis, frame: tuple[date | None, date | None] | None, evidence: Evidence) -> Pool:
    rows = where(analysis.events, [is_evidence(str(t)) for t in analysis.events["text"]]).copy()
    names = issue_names()
    masks = rows["issue_mask"].to_numpy(dtype=np.int64) if len(rows) else np.zeros(0, dtype=np.int64)
    rows["weight"] = weights(rows) if len(rows) else []
    rows["issues"] = [tuple(n for i, n in enumerate(names) if (int(m) >> i) & 1) for m in masks]
    rows["parties"] = [
        tuple(p for p in str(o).split("|") if p) for o in rows.get("others", pd.Series("", index=rows.index))
    ]
    rows["inside"] = [covers(s.date(), e.date(), frame) for s, e in zip(rows["start"], rows["end"], strict=True)]
    keys = {i for p in analysis.phases for i in p.key_events}
    wanted = rows[rows["inside"] | rows["id"].isin(keys)]
    if frame is None or len(wanted) < len(rows):
        wanted = wanted.sort_values("weight", ascending=False).head(MAX_EVENTS)
    ids = wanted["id"].tolist()
    events = [e for start in range(0, len(ids), 500) for e in evidence(ids[start : start + 500])]
    codes = {c for e in events for c in (*e.source, *e.target, *e.others)} | set(analysis.dyad)
    display = names_for(sorted(codes), [e.evidence.text for e in events])
    examples = {e.id: x for e in events if (x := render(e, display)) is not None}
    return Pool(analysis.dyad, rows.reset_index(drop=True), examples, display, len(events))


@dataclass(slots=True)
class Theme:
    label: str  # "Aegean dispute", "security and military ties", "the China factor"
    kind: str  # variable | issue | third party | conduct
    relevance: dict[str, float]  # event id → how much the event argues the theme (0..1)
    key: str = ""  # the issue or the state's code it stands for, if any
    chosen: list[Example] = field(default_factory=list)

    def members(self, rows: pd.DataFrame) -> pd.DataFrame:
        return where(rows, [self.relevance.get(str(i), 0.0) >= RELEVANT for i in rows["id"]])


_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][a-z]+)+")


def said(text: str) -> frozenset[str]:
    """The stems a sentence says, and the initialisms of the names it spells out: "the European Union" also says
    "EU", "the North Atlantic Treaty Organization" "NATO" (a name after a capitalised first word of the sentence
    is read from each of its words on)."""
    initials: set[str] = set()
    for m in _NAME.finditer(text):
        capitals = [w[0].lower() for w in m.group().split() if w[0].isupper()]
        initials.update("".join(capitals[i:]) for i in range(len(capitals) - 1))
    return stems(text) | frozenset(initials)


def _stem(word: str) -> str:
    found = stem_list(word)
    return found[0] if found else word.lower()


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP_WORDS and len(w) > 1]


def state_part(variable: str) -> str | None:
    """The third state whose part in the relations a variable names ("the Russian threat", "China's influence"),
    in the question's words: its name or demonym, then a word of `STATE_PARTS`."""
    lowered = variable.lower().replace("’", "'").removeprefix("the ").strip()
    owner, _, part = lowered.rpartition(" ")
    return state_codes().get(owner.removesuffix("'s")) if part in STATE_PARTS else None


def variable_theme(variable: str, pool: Pool, hits: Sequence[Hit]) -> Theme:
    """How much each event argues a variable of the question (see the module's docstring)."""
    words = _words(variable)
    weight = {w: 0.5 if w in GENERIC else 1.0 for w in words}
    stem_of = {w: _stem(w) for w in words}
    lowered = variable.lower().removeprefix("the ").removesuffix(" factor").strip()
    code = state_codes().get(lowered)
    named_part = code is None and (code := state_part(variable)) is not None  # "the Russian threat": its factor
    cues = issue_cues()
    issues = {
        issue
        for issue, cue_list in cues.items()
        for cue in cue_list
        for w in words
        if (w == cue[:-1] if cue.endswith("_") else w.startswith(cue) or (" " in cue and cue in variable.lower()))
    }
    types = {t for w in words for k, t in TYPE_WORDS.items() if w.startswith(k)}
    distinctive = {stem_of[w] for w in words if w not in GENERIC} or set(stem_of.values())
    bonus: dict[tuple[str, int], float] = {}
    under: set[tuple[str, int]] = set()
    for rank, hit in enumerate(hits):
        if not is_evidence(hit.sentence.text):
            continue
        key = (hit.sentence.doc, hit.sentence.index)
        if code is None and distinctive <= {t for h in hit.sentence.section_path for t in stems(h)}:
            under.add(key)  # under a heading that names the variable ("## The war on terror")
        # close to the variable, but only if it says a word of it: a search for "the Cyprus question" between
        # Greece and Turkey finds every sentence naming the two states
        says = said(hit.sentence.text)
        if hit.similarity >= 0.45 and distinctive & says:
            bonus[key] = 0.4 if hit.similarity >= 0.55 and rank < 10 else 0.2
        elif says_concept(variable, says):  # "the Quad" for "the Indo-Pacific strategy"
            bonus[key] = 0.4
    inside = {(str(r["doc"]), int(r["sentence_id"])) for r in records(pool.inside())}
    # A heading over most of the frame ("## The border dispute since 1988") says little about any one event.
    telling = 0.5 if len(under & inside) <= 0.6 * max(len(inside), 1) else 0.2
    for key in under:
        bonus[key] = bonus.get(key, 0.0) + telling
    relevance = {}
    for row in records(pool.rows):
        text = str(row["text"])
        tokens = stems(text)
        total = sum(weight.values())
        matched = sum(weight[w] for w in words if stem_of[w] in tokens) / total if total else 0.0
        score = matched if matched >= 0.6 else matched / 2
        if says_concept(variable, tokens):  # another name or a part of its concept (data/lexicon/concepts.yaml)
            score = max(score, 0.8)
        if code is not None and (
            code in row["parties"] or code in (row["source"], row["target"]) or state(code).forms.search(text)
        ):
            score = max(score, 1.0)
        if row["type"] in types:
            score = max(score, 0.7)
        if issues & set(row["issues"]):
            score = max(score, 0.6 if len(issues) == 1 else 0.3)
        score += bonus.get((str(row["doc"]), int(row["sentence_id"])), 0.0)
        if score > 0:
            relevance[str(row["id"])] = min(score, 1.0)
    what = code or (next(iter(issues)) if len(issues) == 1 else "")
    label = variable
    if code is not None and code not in pool.dyad and not named_part:  # "China" → "the China factor"
        label = f"the {pool.display.get(code, variable).removeprefix('the ')} factor"
    return Theme(label, "variable", relevance, what)


def driver_themes(analysis: Analysis, pool: Pool, frame: tuple[date | None, date | None] | None) -> list[Theme]:
    """The issues and third parties that drove the phases inside the frame, strongest first, then those that at
    least two events inside the frame are about."""
    strength: dict[tuple[str, str], float] = {}
    for phase in analysis.measured_phases:
        share = _overlap(phase, frame)
        for d in phase.drivers:
            strength[(d.kind, d.issue)] = strength.get((d.kind, d.issue), 0.0) + abs(d.contribution) * share
    inside = pool.inside()
    for issue in {i for t in inside["issues"] for i in t}:
        n = sum(issue in t for t in inside["issues"])
        if n >= 2:
            strength.setdefault(("issue", issue), 0.01 * n)
    for code in {c for t in inside["parties"] for c in t}:
        n = sum(code in t for t in inside["parties"])
        if n >= 2 and code not in analysis.dyad:
            strength.setdefault(("third party", code), 0.01 * n)
    themes = []
    for (kind, key), value in sorted(strength.items(), key=lambda kv: -kv[1]):
        if value <= 0:
            continue
        if kind == "issue":
            relevance = {str(r["id"]): 1.0 for r in records(pool.rows) if key in r["issues"]}
            themes.append(Theme(issue_label(key), "issue", relevance, key))
        else:
            forms = state(key).forms
            relevance = {
                str(r["id"]): 1.0 for r in records(pool.rows) if key in r["parties"] or forms.search(str(r["text"]))
            }
            name = pool.display.get(key) or state(key).name
            themes.append(Theme(f"the {name.removeprefix('the ')} factor", "third party", relevance, key))
    for label, types in CONDUCT:
        relevance = {str(r["id"]): 1.0 for r in records(pool.rows) if r["type"] in types}
        themes.append(Theme(label, "conduct", relevance))
    return themes


def _overlap(phase: Phase, frame: tuple[date | None, date | None] | None) -> float:
    start, end = phase.start.date(), phase.end.date()
    if frame is None:
        return 1.0
    first, last = frame[0] or date.min, frame[1] or date.max
    days = (min(end, last) - max(start, first)).days + 1
    return max(days, 0) / ((end - start).days + 1)


def variable_hits(
    question: Question, variable: str, search: Search, names: Sequence[str], *, bounded: bool = True
) -> list[Hit]:
    """What retrieval finds for a variable inside the frame (or the question's span); not `bounded`, in the whole
    store, where an undated statement about the variable is not crowded out by the sentences dated inside."""
    text = f"{variable} {' '.join(names)}"
    terms = tuple(dict.fromkeys([*_words(variable), *(w for n in names for w in _words(n))]))
    start = question.frame_start if question.frame_start or question.frame_end else question.start
    end = question.frame_end if question.frame_start or question.frame_end else question.end
    if not bounded:
        start = end = None
    found = search(replace(question, text=text, terms=terms, start=start, end=end), 60)
    if other := phrases(variable):  # what documents call its concept instead (data/lexicon/concepts.yaml)
        words = tuple(dict.fromkeys(w for p in other for w in _words(p)))
        more = search(replace(question, text="; ".join(other), terms=words, start=start, end=end), 30)
        seen = {h.sentence.id for h in found}
        found += [h for h in more if h.sentence.id not in seen and says_concept(variable, said(h.sentence.text))]
    return found


def choose(theme: Theme, pool: Pool, count: int, sign: int = 0) -> list[Example]:
    """Up to `count` examples of the theme inside the frame not used yet: the most relevant and heaviest, those
    pulling the way of `sign` first, dated precisely first, one a year while others remain."""
    rows = theme.members(pool.inside())
    told = pool.told_sentences()
    scored = []
    for row in records(rows):
        example = pool.examples.get(str(row["id"]))
        if example is None or example.id in pool.used or sentence_of(example) in told:
            continue
        precise = {"day": 1.2, "month": 1.2, "year": 1.0}.get(example.date.granularity, 0.7)
        agrees = 1.0 if sign == 0 or example.sign == sign else 0.5
        scored.append((theme.relevance[example.id] * float(row["weight"]) * precise * agrees, example))
    scored.sort(key=lambda pair: -pair[0])
    chosen: list[Example] = []
    years: set[int] = set()
    for _, example in scored:
        if example.date.start.year not in years and sentence_of(example) not in told:
            chosen.append(example)
            years.add(example.date.start.year)
            told.add(sentence_of(example))
        if len(chosen) == count:
            break
    for _, example in scored:
        if len(chosen) == count:
            break
        if sentence_of(example) not in told:
            chosen.append(example)
            told.add(sentence_of(example))
    chosen.sort(key=lambda x: x.date.start)
    return chosen
