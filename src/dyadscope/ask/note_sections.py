"""The sections of a note, each built from the note's evidence (`arguments.Pool`) and the index.

Every statement cites the sentences of the events behind it; examples are the events told in the note's own words
(`dyadscope.ask.examples`). Section kinds: introduction (the thesis), background (one paragraph before the frame),
argument (a claim and its dated examples), phase (the chronological spine of "trace" questions), counter (the
other side), challenges (the way forward, from the drivers), conclusion (the verdict).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from dyadscope.ask.answer import Citation, Point
from dyadscope.ask.arguments import Pool, Theme, records
from dyadscope.ask.claims import (
    Balance,
    balance,
    capitalised,
    character,
    claim,
    claim_clause,
    issue_label,
    possessive,
    with_article,
)
from dyadscope.ask.examples import Example
from dyadscope.ask.note import THESIS_LEAD, WAY_LEAD
from dyadscope.ask.question import Question
from dyadscope.data import lang_file, lang_words

if TYPE_CHECKING:
    from dyadscope.analyze.phases import Driver, Phase, Turn

# Words that open a frame phrase a note may reuse ("since 1996"), and the way forward on each issue
# (data/lang/en/notes.yaml).
PREPOSITIONS = lang_words("time_prepositions", "notes")
WAY: dict[str, str] = {str(k): str(v) for k, v in lang_file("notes")["ways_forward"].items()}


LEVEL_WORDS = {"confrontation": "in confrontation", "tension": "tense", "discord": "in discord"}


@dataclass(slots=True)
class Draft:
    """A section before it becomes a `NoteSection`: which of its points are examples."""

    heading: str
    kind: str
    points: list[Point] = field(default_factory=list)
    examples: list[int] = field(default_factory=list)  # indices of the points that are examples
    span: tuple[date, date] | None = None
    told: list[Example] = field(default_factory=list)

    def add_examples(self, examples: Sequence[Example]) -> None:
        for example in examples:
            self.told.append(example)
            self.examples.append(len(self.points))
            self.points.append(Point(example.text, [example.citation], example.date))


@dataclass(frozen=True, slots=True)
class Context:
    question: Question
    pool: Pool
    pair: str  # "Greece and Turkey"
    name: str  # "Greece–Turkey"
    frame: tuple[date | None, date | None] | None

    @property
    def when(self) -> str:
        """ "since 1996", "under the Joe Biden Administration", "in the record" (to follow a comma or a verb)."""
        q = self.question
        phrase = (q.frame_phrase or "").strip()
        if phrase and phrase.split()[0].lower() in PREPOSITIONS:
            return phrase[0].lower() + phrase[1:]
        if self.frame is not None:
            first, last = self.frame
            if first and last:
                return f"between {first.year} and {last.year}" if first.year != last.year else f"in {first.year}"
            return f"since {first.year}" if first else f"until {last.year}" if last else "in the record"
        return "across the record"


def cite(examples: Sequence[Example]) -> list[Citation]:
    return [x.citation for x in examples]


def row_citations(rows: pd.DataFrame) -> list[Citation]:
    return [Citation(str(r["doc"]), str(r["title"]), int(r["sentence_id"]), str(r["text"])) for r in records(rows)]


def lean_of(b: Balance) -> int:
    return 1 if b.share >= 0.65 else -1 if b.share <= 0.35 else 0


def argument(
    ctx: Context, theme: Theme, examples: Sequence[Example], b: Balance, total: int, phases: Sequence[Phase] = ()
) -> Draft:
    members = theme.members(ctx.pool.inside())
    coop = int((members["intensity"] > 0).sum())
    conflict = int((members["intensity"] < 0).sum())
    heading = claim(theme.label, b, ctx.pair, ctx.pool.display)
    actor = ctx.pool.display.get(b.actor, b.actor)
    label = capitalised(with_article(theme.label))
    reason = (
        f"{label} runs through {b.count} of the {total} dated happenings between {ctx.pair} "
        f"{ctx.when}: {coop} cooperative and {conflict} conflictual, led by {possessive(actor)} {' and '.join(b.acts)}."
    )
    acted = members.groupby("source").size().sort_values(ascending=False)
    steps = [(ctx.pool.display.get(str(c), str(c)), int(n)) for c, n in acted.items()]
    if len(steps) > 1:
        reason += f" {capitalised(steps[0][0])} took {steps[0][1]} of these steps and {steps[1][0]} {steps[1][1]}."
    elif steps and b.count > 1:
        reason += f" All {b.count} were {possessive(steps[0][0])} steps."
    if b.trend:
        reason += " The direction changed within the frame: " + (
            "friction came first and cooperation later."
            if b.trend > 0
            else "cooperation came first and friction later."
        )
    draft = Draft(heading, "argument", [Point(reason, cite(examples))])
    draft.add_examples(examples)
    if (point := turned_on(ctx, theme, members)) is not None:
        draft.points.append(point)
    if (point := weighed(ctx, members, lean_of(b), with_article(theme.label), phases)) is not None:
        draft.points.append(point)  # last: where the happenings fall in the index's phases
    return draft


def turned_on(ctx: Context, theme: Theme, members: pd.DataFrame) -> Point | None:
    """What an argument's happenings were about, counted from the events: their issues (other than the theme's
    own) and the third states they name. "What they turned on: territory and sovereignty (4 of 6), the nuclear
    question (2 of 6); the United States was party to 2 of them." Cited by a happening of the commonest issue."""
    total = len(members)
    if total < 2:
        return None
    issues = Counter(i for row in members["issues"] for i in row if i != theme.key)
    parties = Counter(p for row in members["parties"] for p in set(row) - set(ctx.pool.dyad) if p != theme.key)
    told = [f"{issue_label(i)} ({n} of {total})" for i, n in issues.most_common(3) if n >= 2]
    if not told:
        return None
    text = f"What they turned on: {', '.join(told)}"
    named = [(ctx.pool.display.get(c, c), n) for c, n in parties.most_common(2) if n >= 2]
    if named:  # after a semicolon: "; the United States was party to 2 of them"
        text += "; " + " and ".join(f"{name} was party to {n} of them" for name, n in named)
    top = issues.most_common(1)[0][0]
    cited = members[[top in row for row in members["issues"]]]
    return Point(text + ".", row_citations(cited.head(1)))


def weighed(ctx: Context, members: pd.DataFrame, lean: int, label: str, phases: Sequence[Phase]) -> Point | None:
    """Where an argument's happenings fall in the measured phases of the index inside the frame, and what they did
    there: the analysis after the examples. "Of these 6 happenings, 4 fall in 2003–2006, when relations were good
    (+4.6 on the index); they are part of why that phase reads good." Cited by the argument's happenings inside the
    phase it names. None when no happening falls in a measured phase."""
    held = []
    for phase in phases:
        if ctx.frame is not None and not overlaps(phase.start.date(), phase.end.date(), ctx.frame):
            continue
        rows = members[(members["start"] >= phase.start) & (members["start"] <= phase.end)]
        if len(rows):
            held.append((phase, rows.sort_values("intensity", key=abs, ascending=False)))
    if not held:
        return None
    total = len(members)
    phase, rows = max(held, key=lambda pr: len(pr[1]))
    if len(held) > 1 and len(rows) * 2 < total:
        first, last = held[0], held[-1]
        text = (
            f"These happenings run through {len(held)} phases of the index, from {during(first[0])}, when relations "
            f"were {_state(first[0])}, to {during(last[0])}, when they were {_state(last[0])}: {label} mattered "
            f"across the period, not in one phase."
        )
        return Point(text, row_citations(first[1].head(1)) + row_citations(last[1].head(1)))
    if total == 1:
        share, fall, they = "This happening", "falls", "it is"
    elif len(rows) < total:
        share, fall, they = f"Of these {total} happenings, {len(rows)}", "fall", "they are"
    else:
        share, fall, they = "Both happenings" if total == 2 else f"All {total} of these happenings", "fall", "they are"
    text = f"{share} {fall} in {during(phase)}, when relations were {_state(phase)}"
    if lean == 0:
        text += "; the issue pulled both ways within that phase."
    elif (lean > 0) == (phase.score > 0):
        text += f"; {they} part of why that phase reads {phase.level}."
    elif lean > 0:
        text += "; cooperation on it held even then, a brake on the friction rather than its cause."
    else:
        text += "; the friction did not undo the wider cooperation of those years."
    return Point(text, row_citations(rows.head(2)))


def _state(phase: Phase) -> str:
    return f"{LEVEL_WORDS.get(phase.level, phase.level)} ({phase.score:+.1f} on the index)"


def overlaps(start: date, end: date, frame: tuple[date | None, date | None]) -> bool:
    return start <= (frame[1] or date.max) and (frame[0] or date.min) <= end


def opposing(pool: Pool, overall: Balance) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """The way most weight pulled inside the frame (+1 cooperation, −1 friction), the happenings inside it, and
    those that pulled against that way: the other side's."""
    lean = 1 if overall.share >= 0.5 else -1
    rows = pool.inside()
    return lean, rows, rows[(rows["intensity"] * -lean) > 0]


def other_side(ctx: Context, overall: Balance) -> tuple[str, str]:
    """The other side's heading and opening: "The other side: friction persisted through protests", "Against
    this, 9 of the 23 dated happenings since 1999 pulled the other way (41% of their weight in the index), so the
    record is not one-sided"."""
    lean, rows, opposite = opposing(ctx.pool, overall)
    other = balance(opposite, -lean)
    acts = " and ".join(other.acts) if other else "other acts"
    heading = f"The other side: {'cooperation' if lean < 0 else 'friction'} persisted through {acts}"
    weight = float(opposite["weight"].sum()) / float(rows["weight"].sum() or 1)
    text = (
        f"Against this, {len(opposite)} of the {len(rows)} dated happenings {ctx.when} pulled the other way "
        f"({weight:.0%} of their weight in the index), so the record is not one-sided"
    )
    return heading, text


def counter(ctx: Context, overall: Balance, examples: Sequence[Example], phases: Sequence[Phase] = ()) -> Draft | None:
    """The events inside the frame that pulled against the way most weight pulled."""
    if not examples:
        return None
    lean, _, opposite = opposing(ctx.pool, overall)
    heading, text = other_side(ctx, overall)
    draft = Draft(heading, "counter", [Point(text + ".", cite(examples))])
    draft.add_examples(examples)
    if (point := weighed(ctx, opposite, -lean, "the friction" if lean > 0 else "the cooperation", phases)) is not None:
        draft.points.append(point)
    return draft


def background(ctx: Context, phases: Sequence[Phase], examples: Sequence[Example]) -> Draft | None:
    """One short paragraph: the phases before the frame and at most two of their events."""
    first = ctx.frame[0] if ctx.frame else None
    if first is None:
        return None
    before = [p for p in phases if p.start.date() < first]
    rows = ctx.pool.rows[~ctx.pool.rows["inside"] & (ctx.pool.rows["start"].dt.date < first)]
    if not before or rows.empty:
        return None
    told = [
        f"{LEVEL_WORDS.get(p.level, p.level)} {f'in {during(p)}' if p.end.date() < first else f'from {p.start.year}'}"
        for p in before[-3:]
    ]
    text = f"Before {first.year}, relations between {ctx.pair} had been {', then '.join(told)}."
    keys = rows[rows["id"].isin([k for p in before for k in p.key_events[:1]])]
    cited = cite(examples) or row_citations(keys.head(2))
    draft = Draft(f"Background before {first.year}", "background", [Point(text, cited)])
    draft.add_examples(examples)
    return draft if draft.points[0].citations else None


def span(phase: Phase) -> str:
    first, last = phase.start.year, phase.end.year
    if first % 10 == 0 and last % 10 == 9:  # whole decades: "1990s" or "1950s–1960s"
        return f"{first}s" if last - first == 9 else f"{first}s–{last - 9}s"
    return f"{first}–{last}" if first != last else str(first)


def during(phase: Phase) -> str:
    """ "the 1990s" or "1947–1960", to follow "in"."""
    text = span(phase)
    return f"the {text}" if text.endswith("s") else text


def turn_drivers(drivers: Sequence[Driver], sign: int, display: dict[str, str]) -> list[str]:
    """The issues (and third parties) that moved the way of `sign`, at most two."""
    return [
        issue_label(d.issue) if d.kind == "issue" else display.get(d.issue, d.issue)
        for d in drivers
        if d.contribution * sign > 0
    ][:2]


def phase_heading(
    question: Question, phase: Phase, previous: Phase | None, turn: Turn | None, display: dict[str, str]
) -> str:
    """A heading that says how a phase answers the question: the move it made and the interests behind it."""
    if previous is None:
        move, verb = "Starting point", "began as"
    elif phase.score > previous.score:
        move, verb = "Rise", "rose to"
    else:
        move, verb = "Fall", "fell to"
    sign = (1 if phase.score >= 0 else -1) if previous is None else (1 if phase.score > previous.score else -1)
    drivers = turn_drivers(turn.drivers if turn is not None else phase.drivers, sign, display)
    why = f" as interests {'converged on' if sign > 0 else 'diverged over'} {' and '.join(drivers)}" if drivers else ""
    move = move if question.asks_change else "Phase"
    return f"{move} ({span(phase)}): relations {verb} {phase.level} ({phase.score:+.1f}){why}"


def phase_section(ctx: Context, phase: Phase, heading: str, examples: Sequence[Example]) -> Draft:
    rows = ctx.pool.rows
    inside = rows[(rows["start"] >= phase.start) & (rows["start"] <= phase.end)]
    b = balance(inside)
    text = f"Over {during(phase)} relations read {phase.level} ({phase.score:+.1f} on the −9..+9 scale)"
    if b is not None:
        actor = ctx.pool.display.get(b.actor, b.actor)
        text += f" on {phase.events} happenings, led by {possessive(actor)} {' and '.join(b.acts)}"
    cited = cite(examples) or row_citations(rows[rows["id"].isin(phase.key_events[:2])])
    draft = Draft(
        heading, "phase", [Point(text + ".", cited)] if cited else [], span=(phase.start.date(), phase.end.date())
    )
    draft.add_examples(examples)
    return draft


def way_forward(ctx: Context, themes: Sequence[tuple[Theme, Balance]], closed: bool) -> Draft:
    """A recommendation per theme argued, from what the theme is (an issue, a third party) and which way it pulled."""
    heading = "Lessons for the relationship today" if closed else "Challenges and the way forward"
    draft = Draft(heading, "challenges")
    for theme, b in themes[:4]:
        if not theme.chosen:
            continue
        label = with_article(theme.label)
        if theme.kind == "issue" and theme.key in WAY:
            advice = WAY[theme.key]
        elif theme.kind == "third party" or (theme.key and theme.key.isupper() and theme.key not in ctx.pool.dyad):
            other = ctx.pool.display.get(theme.key, theme.key)
            advice = f"keep ties with {other} from being read by either side as a choice against the other"
        elif b.share < 0.5 or b.trend < 0:
            advice = f"put {label} on a standing agenda of talks, so that it is managed before it becomes a crisis"
        else:
            advice = f"build on the cooperation over {label}, where interests have met"
        members = theme.members(ctx.pool.inside())
        told = [ctx.pool.examples[i] for i in members.sort_values("start")["id"] if i in ctx.pool.examples]
        latest = told[-1] if told else theme.chosen[-1]
        year = latest.date.start.year
        have = "have" if " and " in label or (label.endswith("s") and not label.endswith("ss")) else "has"
        if b.trend:
            role = f"Relations over {label} have {'eased' if b.trend > 0 else 'worsened'}"
        else:
            done = "strained relations" if b.share < 0.5 else "held the two states together"
            role = f"{capitalised(label)} {have} {done}"
        text = f"{role} (most recently in {year}). {WAY_LEAD}{advice}."
        draft.points.append(Point(text, [latest.citation]))
    return draft


def extent(share: float) -> str:
    if share >= 0.5:
        return "a large extent"
    if share >= 0.25:
        return "a considerable extent"
    return "a limited extent"


def joined(clauses: Sequence[str]) -> str:
    return ", ".join(clauses[:-1]) + (" and " if len(clauses) > 1 else "") + clauses[-1] if clauses else ""


def reasons(argued: Sequence[tuple[Theme, Balance]], overall: Balance) -> tuple[list[str], list[str], list[str]]:
    """The argued themes' claims as clauses: those pulling the way the frame's record pulls, those pulling both ways,
    and those pulling against it."""
    lean = 1 if overall.share >= 0.5 else -1
    groups: tuple[dict[str, list[str]], ...] = ({}, {}, {})
    # the question's variables first, then the themes that run through most happenings: two events of a third
    # party's are no chief reason beside fifteen of a dispute
    for theme, b in sorted(argued, key=lambda tb: (tb[0].kind != "variable", -tb[1].count)):
        way = b.trend or lean_of(b)
        subject, predicate = claim_clause(theme.label, b)
        groups[0 if way == lean else 1 if way == 0 else 2].setdefault(predicate, []).append(subject)
    along, both, against = (
        [f"{s[0]}{', as well as ' + joined(s[1:]) + ',' if len(s) > 1 else ''} {p}" for p, s in group.items()]
        for group in groups
    )
    return along, both, against


def argument_in_brief(ctx: Context, overall: Balance, argued: Sequence[tuple[Theme, Balance]]) -> str:
    """What the note argues, in two or three sentences that agree with its verdict."""
    along, both, against = reasons(argued[:4], overall)
    text = f"{capitalised(ctx.when)}, relations between {ctx.pair} were {character(overall.share)}."
    if along:
        text += f" {THESIS_LEAD}{joined(along)}."
    if both:
        text += f" {capitalised(joined(both))}."
    if against:
        text += f" {'Yet' if along or both else 'Even so,'} {joined(against)}, which is the other side of the case."
    return text


def verdict(
    ctx: Context, overall: Balance, argued: Sequence[tuple[Theme, Balance]], variables: Sequence[str], share: float
) -> str:
    """The answer to the question: a verdict for evaluate and discuss, an extent for assess, a summary otherwise."""
    q = ctx.question
    judged = f"{ctx.when}, relations between {ctx.pair} were {character(overall.share)}"
    along, _, against = reasons(argued[:4], overall)
    because = f", chiefly because {joined(along[:2])}" if along else ""
    concede = f" That {joined(against[:2])} qualifies this judgement but does not reverse it." if against else ""
    lean = "cooperation" if overall.share >= 0.5 else "friction"
    weight = f"{lean} carried {max(overall.share, 1 - overall.share):.0%} of the weight of the dated happenings"
    if q.directive == "assess":
        named = joined([with_article(v) for v in variables]) or "the factors argued here"
        verb = "account" if len(variables) != 1 else "accounts"
        if share == 0:  # the documents' silence is no answer: the pair's own record cannot weigh it
            its = "its" if len(variables) == 1 else "their"
            return (
                f"The documents tell no dated happening between {ctx.pair} {ctx.when} that bears on {named}, so "
                f"{its} extent cannot be weighed from their dealings with each other. {capitalised(judged)}{because}; "
                f"{weight}.{concede}"
            )
        return (
            f"To {extent(share)}: {named} {verb} for {share:.0%} of the weight of the dated happenings between "
            f"{ctx.pair} {ctx.when}. {capitalised(judged)}{because}; {weight}.{concede}"
        )
    if q.directive in ("critically evaluate", "discuss", "compare") or q.critical:
        return f"Verdict: {judged}{because}: {weight}.{concede}"
    return f"In conclusion, {judged}{because}: {weight}."
