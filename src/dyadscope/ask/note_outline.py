"""How a note is put together (`compose`, which `dyadscope.ask.note.write_note` calls): its evidence, the
arguments it makes or its spine of phases, the other side, its introduction and conclusion. Each part is a `Draft`
(`dyadscope.ask.note_sections`). Kept apart from `dyadscope.ask.note` because it needs pandas, which a warm `ask`
never loads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from dyadscope.ask.answer import Point
from dyadscope.ask.arguments import (
    RELEVANT,
    Pool,
    Theme,
    build_pool,
    choose,
    driver_themes,
    frame_of,
    variable_hits,
    variable_theme,
    where,
)
from dyadscope.ask.claims import Balance, balance, capitalised, character, claim, issue_label, with_article
from dyadscope.ask.examples import Example, is_evidence
from dyadscope.ask.note import WAY_LEAD, Note, NoteSection, Search
from dyadscope.ask.note_argue import EXAMPLES, argue, reserve_counter
from dyadscope.ask.note_quotes import quoted_counter
from dyadscope.ask.note_sections import (
    WAY,
    Context,
    Draft,
    argument_in_brief,
    background,
    counter,
    during,
    overlaps,
    phase_heading,
    phase_section,
    row_citations,
    span,
    turn_drivers,
    verdict,
    way_forward,
)
from dyadscope.ask.question import CHANGE, Question
from dyadscope.ask.retrieve import Hit
from dyadscope.ask.states import state
from dyadscope.ask.variable_reach import EventsIn, reach, statements
from dyadscope.models import Event

if TYPE_CHECKING:
    from dyadscope.analyze import Analysis
    from dyadscope.analyze.phases import Phase, Turn

RESTATES = 0.92  # a sentence this close to the question restates it ("Write a note on …") and proves nothing
WEIGHED = ("critically evaluate", "discuss", "assess", "compare")  # directives that want the other side weighed
SPINE = ("trace",)  # directives answered in time order


def spine_sections(ctx: Context, analysis: Analysis) -> list[Draft]:
    """One section per phase inside the frame, in time order: measured phases, and the spans between them with too
    few happenings to measure when some of them can be told."""
    drafts = []
    previous: Phase | None = None
    turns = iter(analysis.turns)  # one between each two measured phases
    for phase in analysis.phases:
        turn: Turn | None = next(turns, None) if previous is not None and not phase.is_gap else None
        if ctx.frame is None or overlaps(phase.start.date(), phase.end.date(), ctx.frame):
            rows = ctx.pool.inside()
            rows = rows[(rows["start"] >= phase.start) & (rows["start"] <= phase.end)]
            theme = Theme(span(phase), "phase", {str(i): 1.0 for i in rows["id"]})
            chosen = choose(theme, ctx.pool, EXAMPLES)
            ctx.pool.used.update(x.id for x in chosen)
            if not phase.is_gap:
                heading = phase_heading(ctx.question, phase, previous, turn, ctx.pool.display)
                drafts.append(phase_section(ctx, phase, heading, chosen))
            elif chosen and (b := balance(rows)) is not None:
                drafts.append(interlude(ctx, phase, rows, b, chosen))
        if not phase.is_gap:
            previous = phase
    return drafts


def interlude(ctx: Context, phase: Phase, rows: pd.DataFrame, b: Balance, examples: Sequence[Example]) -> Draft:
    """A span between measured phases: too few happenings for a level, but what they were."""
    years = clipped(phase, ctx.frame)
    heading = claim(f"the years {years}", b, ctx.pair, ctx.pool.display)
    coop, conflict = int((rows["intensity"] > 0).sum()), int((rows["intensity"] < 0).sum())
    text = (
        f"Too few happenings are recorded for {years} to measure a level; of the {len(rows)} that are, "
        f"{coop} were cooperative and {conflict} conflictual."
    )
    draft = Draft(
        heading, "gap", [Point(text, [x.citation for x in examples])], span=(phase.start.date(), phase.end.date())
    )
    draft.add_examples(examples)
    return draft


def clipped(phase: Phase, frame: tuple[date | None, date | None] | None) -> str:
    """ "1988–2002": a phase's years inside the frame."""
    first, last = phase.start.year, phase.end.year
    if frame is not None:
        first = max(first, frame[0].year) if frame[0] else first
        last = min(last, frame[1].year) if frame[1] else last
    return f"{first}–{last}" if first != last else str(first)


def before_frame(pool: Pool, analysis: Analysis, frame: tuple[date | None, date | None] | None) -> list[Example]:
    """The heaviest events of the last phases before the frame, for its background paragraph."""
    if frame is None or frame[0] is None:
        return []
    rows = pool.rows[~pool.rows["inside"] & (pool.rows["start"].dt.date < frame[0])]
    rows = rows[rows["id"].isin(pool.examples)].sort_values("start").tail(8)  # the years just before the frame
    ranked = rows.assign(telling=rows["weight"] * rows["intensity"].abs()).sort_values("telling", ascending=False)
    found = [pool.examples[i] for i in ranked["id"] if i in pool.examples]
    return sorted(found[:2], key=lambda x: x.date.start)


def introduction(
    ctx: Context, analysis: Analysis, overall: Balance, argued: Sequence[tuple[Theme, Balance]], spine: bool
) -> Draft:
    """The thesis: how relations stood inside the frame and what the note argues, then the index's reading."""
    phases = [
        p for p in analysis.measured_phases if ctx.frame is None or overlaps(p.start.date(), p.end.date(), ctx.frame)
    ]
    rows = ctx.pool.rows
    key_rows = rows[rows["id"].isin([k for p in phases for k in p.key_events[:1]])]
    points: list[Point] = []
    if spine and phases:
        warm, cold = max(phases, key=lambda p: p.score), min(phases, key=lambda p: p.score)
        path = ", then ".join(f"{p.level} in {during(p)}" for p in phases)
        thesis = (
            f"{ctx.name} relations have fluctuated across {len(phases)} phase{'s' if len(phases) > 1 else ''} "
            f"{ctx.when}: {path}. They were warmest in {during(warm)} ({warm.score:+.1f} on the −9..+9 scale) and "
            f"coldest in {during(cold)} ({cold.score:+.1f})."
        )
        turns = [t for t in analysis.turns if ctx.frame is None or overlaps(t.date.date(), t.date.date(), ctx.frame)]
        converged = sorted({d for t in turns if t.change > 0 for d in turn_drivers(t.drivers, 1, ctx.pool.display)})
        diverged = sorted({d for t in turns if t.change < 0 for d in turn_drivers(t.drivers, -1, ctx.pool.display)})
        moves = []
        if converged:
            moves.append(f"warmed when interests converged (on {', '.join(converged)})")
        if diverged:
            moves.append(f"cooled when {'they' if converged else 'interests'} diverged (over {', '.join(diverged)})")
        if moves:
            thesis += f" The relationship {' and '.join(moves)}."
        points.append(Point(thesis, row_citations(key_rows.head(2))))
    elif argued:
        thesis = argument_in_brief(ctx, overall, argued)
        points.append(Point(thesis, [t.chosen[0].citation for t, _ in argued[:3]]))
    if phases and not spine:
        reading = ", then ".join(f"{p.level} ({p.score:+.1f}) in {during(p)}" for p in phases)
        points.append(Point(f"On dyadscope's index (−9..+9) of the documents' events, relations read {reading}.",
                            row_citations(key_rows.head(3))))  # fmt: skip
    framed = f" {ctx.when}" if ctx.question.frame_phrase else ""  # "… during the Cold War (1947–1991)"
    heading = (
        f"Introduction: how the relationship has fluctuated{framed}"
        if spine
        else f"Introduction: {ctx.name} relations{framed}, the argument in brief"
    )
    return Draft(heading, "introduction", [p for p in points if p.citations])


def spine_way_forward(ctx: Context, analysis: Analysis, closed: bool) -> Draft:
    """A recommendation per issue that drove the latest phase."""
    last = analysis.measured_phases[-1]
    draft = Draft("Lessons for the relationship today" if closed else "Challenges and the way forward", "challenges")
    rows = ctx.pool.rows
    for issue, pull in [(d.issue, d.contribution) for d in last.drivers if d.kind == "issue" and d.issue in WAY][:3]:
        about = where(
            rows, [issue in t and start >= last.start for t, start in zip(rows["issues"], rows["start"], strict=True)]
        ).tail(1)
        label = issue_label(issue)
        have = "have" if " and " in label else "has"
        role = f"{have} strained the relationship" if pull < 0 else f"{have} held the relationship together"
        text = f"{capitalised(label)} {role} in {during(last)}. {WAY_LEAD}{WAY[issue]}."
        draft.points.append(Point(text, row_citations(about)))
    return draft


def conclusion(
    ctx: Context,
    analysis: Analysis,
    overall: Balance,
    argued: Sequence[tuple[Theme, Balance]],
    themes: Sequence[Theme],
    reached: Sequence[tuple[str, Draft]] = (),
) -> Draft:
    points = []
    inside = ctx.pool.inside()
    total = float(inside["weight"].sum()) or 1.0
    related = where(inside, [any(t.relevance.get(str(i), 0.0) >= RELEVANT for t in themes) for i in inside["id"]])
    share = float(related["weight"].sum()) / total if themes else 0.0
    cited = [t.chosen[0].citation for t, _ in argued[:3]]
    if argued:
        text = verdict(ctx, overall, argued, [t.label for t in themes], share)
        for variable, _ in reached:  # a variable shown only in each side's dealings with others
            shows = "shows instead" if share == 0 else "shows less between the two than"
            text += f" {capitalised(with_article(variable))} {shows} in each side's dealings with others."
        points.append(Point(text, cited + [c for _, d in reached for c in d.points[0].citations[:1]]))
    phases_inside = [
        p for p in analysis.measured_phases if ctx.frame is None or overlaps(p.start.date(), p.end.date(), ctx.frame)
    ]
    if not argued and phases_inside:
        first, last = phases_inside[0], phases_inside[-1]
        moved = f"moved from {first.level} in {during(first)} to {last.level} in {during(last)}"
        lean = "cooperation" if overall.share >= 0.5 else "friction"
        moved = moved if first is not last else f"held at {first.level}"
        text = (
            f"In conclusion, {ctx.when}, relations between {ctx.pair} {moved}: "
            f"they were {character(overall.share)}, {lean} carrying {max(overall.share, 1 - overall.share):.0%} of the "
            "weight of the dated happenings."
        )
        rows = ctx.pool.rows
        points.append(Point(text, row_citations(rows[rows["id"].isin([*first.key_events[:1], *last.key_events[:1]])])))
    if analysis.measured_phases:
        phases = [
            p
            for p in analysis.measured_phases
            if ctx.frame is None or overlaps(p.start.date(), p.end.date(), ctx.frame)
        ]
        last = (phases or analysis.measured_phases)[-1]
        rows = ctx.pool.rows
        summary = (
            f"In sum, {ctx.name} relations have moved with the convergence and divergence of the two states' "
            f"interests; the latest phase ({span(last)}) reads as {last.level} ({last.score:+.1f})."
        )
        points.append(Point(summary, row_citations(rows[rows["id"].isin(last.key_events[:2])])))
    return Draft("Conclusion", "conclusion", [p for p in points if p.citations])


def compose(
    question: Question,
    analysis: Analysis,
    search: Search,
    evidence: Callable[[Sequence[str]], list[Event]],
    events_in: EventsIn | None = None,
) -> Note:
    """The note `write_note` returns (see `dyadscope.ask.note`)."""
    asked = _plain(question.text)
    frame = frame_of(question)
    pool = build_pool(analysis, frame, _not_restating(evidence, asked))
    first, second = _ordered(question, analysis.dyad)
    names = [pool.display[first], pool.display[second]]
    ctx = Context(question, pool, " and ".join(names), "–".join(n.removeprefix("the ") for n in names), frame)
    inside = pool.inside()
    overall = balance(inside) or Balance(0.0, 0.0, 0, 0, 0, first, (), 0)
    weighed = question.directive in WEIGHED or question.critical
    spine = question.directive in SPINE or (
        question.directive in ("write a note", "answer") and (question.asks_change or not question.variables)
    )
    warnings: list[str] = []
    told_inside = sum(i in pool.examples for i in inside["id"])
    least = 2 if told_inside >= 8 else 1  # examples an argument needs (a variable of the question needs one)
    reserved = reserve_counter(pool, overall) if weighed and not spine and told_inside >= 6 else []
    found = _variable_themes(question, pool, search, names, asked)
    themes = [theme for _, theme, _ in found]
    drafts: list[Draft] = []
    argued: list[tuple[Theme, Balance]] = []
    if spine:
        drafts = spine_sections(ctx, analysis)
        spine = bool(drafts)  # too few events for phases: argued by theme instead
        if spine:  # the question's variables, argued after the spine from the events it did not tell
            drafts += argue(ctx, themes[:2], len(inside), 1)[0]
    if not spine:
        drafts, argued = argue(
            ctx, [*themes, *driver_themes(analysis, pool, frame)], len(inside), least, analysis.measured_phases
        )
        if weighed and not reserved:
            reserved = reserve_counter(pool, overall)
    at = len(drafts) if spine else sum(bool(t.chosen) for t in themes)  # after the variables argued
    reached: list[tuple[str, Draft]] = []
    for variable, theme, hits in found:  # a variable no event between the two argues: each side's dealings on it
        if theme.chosen:
            continue
        if (section := reach(ctx, variable, hits, events_in) if events_in else None) is not None:
            drafts.insert(at, section)
            reached.append((variable, section))
            at += 1
        elif not theme.members(inside)["id"].isin(pool.examples).any():
            warnings.append(f"no dated event on “{variable}” {'inside the frame ' if question.frame_phrase else ''}"
                            "in your documents: add sources")  # fmt: skip
            anywhere = variable_hits(question, variable, search, names, bounded=False)
            if (said := statements(ctx, variable, [*hits, *anywhere])) is not None:  # the heading stays, on what
                # the documents say of it (an undated statement too, found in the whole store)
                drafts.insert(at, said)
                at += 1
    examples_inside = sum(len(d.examples) for d in drafts) + len(reserved)
    earlier = [x for x in before_frame(pool, analysis, frame)][: min(2, examples_inside * 2 // 3)]
    intro = introduction(ctx, analysis, overall, argued, spine)
    sections = [intro, background(ctx, analysis.measured_phases, earlier), *drafts]
    if reserved:
        sections.append(counter(ctx, overall, reserved, analysis.measured_phases))
    elif weighed:  # an other side whose acts cannot be retold as dated examples is quoted
        sections.append(quoted_counter(ctx, overall))
    closed = frame is not None and frame[1] is not None and frame[1] < date.today().replace(year=date.today().year - 3)
    if argued:
        sections.append(way_forward(ctx, argued, closed))
    elif spine and analysis.measured_phases:
        sections.append(spine_way_forward(ctx, analysis, closed))
    sections.append(conclusion(ctx, analysis, overall, argued, themes, reached))
    kept = [d for d in sections if d is not None and (d.points or d.kind == "phase")]  # a phase shows, told or not
    if frame is not None and len(inside) < 3:
        warnings.append(f"only {len(inside)} dated events of your documents fall {ctx.when}: add sources")
    return Note(
        question.text,
        "-".join(analysis.dyad),
        [NoteSection(d.heading, d.kind, d.points, d.span, d.examples) for d in kept],
        warnings,
        question.directive,
        frame,
        pool.tried,
        len(pool.examples),
        [x for d in kept for x in d.told],
    )


def _ordered(question: Question, dyad: tuple[str, str]) -> tuple[str, str]:
    """The pair in the order the question names its countries ("Greece–Turkey"), else the dyad's."""

    def first_named(code: str) -> int:
        found = state(code).forms.search(question.text)
        return found.start() if found else len(question.text)

    first, second = sorted(dyad, key=lambda c: (first_named(c), dyad.index(c)))
    return first, second


def _variable_themes(
    question: Question, pool: Pool, search: Search, names: list[str], asked: str
) -> list[tuple[str, Theme, list[Hit]]]:
    """Each variable of the question (not one that only says what to trace), its theme and what retrieval finds
    for it inside the frame."""
    found = []
    for variable in question.variables:
        if CHANGE.fullmatch(variable):  # "fluctuating" says what to trace, not what to argue
            continue
        hits = [
            h
            for h in variable_hits(question, variable, search, names)
            if h.similarity < RESTATES and _plain(h.sentence.text) != asked and is_evidence(h.sentence.text)
        ]
        found.append((variable, variable_theme(variable, pool, hits), hits))
    return found


def _plain(text: str) -> str:
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()).split())


def _not_restating(
    evidence: Callable[[Sequence[str]], list[Event]], asked: str
) -> Callable[[Sequence[str]], list[Event]]:
    """Event evidence, minus sentences that are the question itself (an answer quoting its own prompt)."""

    def events(ids: Sequence[str]) -> list[Event]:
        return [e for e in evidence(ids) if _plain(e.evidence.text) != asked]

    return events
