"""A variable of the question that the two states' dealings with each other do not reach: what each of them did
about it with others.

"To what extent has the Cyprus question shaped Greece–Turkey relations?": the documents may tell no act of Greece
towards Turkey about Cyprus, yet tell Greece backing a United Nations plan for Cyprus and Turkey pressing the Turkish
Cypriots. When no event between the pair argues a variable inside the frame (`note_outline.argue` found none), the
note still answers it: a section on the variable from the events of either state with a third party, coded from
the sentences retrieval finds for the variable inside the frame that say at least half its distinctive words, and
more than the pair's own names. Each is told as the note's own
sentence (`examples.render`) and cited; the section says these are each side's dealings with others. None when
there are none, and the note's warning asks for sources.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dyadscope.ask.answer import Citation, Point
from dyadscope.ask.arguments import GENERIC, covers, said, sentence_of, state_part
from dyadscope.ask.claims import capitalised, possessive, with_article
from dyadscope.ask.concepts import says_concept
from dyadscope.ask.examples import Example, is_evidence, render
from dyadscope.ask.note_quotes import QUOTED_BY_KIND, quote
from dyadscope.ask.note_sections import Context, Draft, cite
from dyadscope.ask.retrieve import Hit
from dyadscope.ask.states import names_for, state
from dyadscope.ask.stemming import stems
from dyadscope.models import Event

EventsIn = Callable[[Sequence[int]], list[Event]]
EXAMPLES = 3
QUOTED = 2  # sentences quoted for a variable no dated event argues


def _distinctive(variable: str) -> frozenset[str]:
    if (code := state_part(variable)) is not None:  # "the North Korean threat": said by naming North Korea
        return frozenset({code})
    words = [w for w in variable.lower().replace("-", " ").split() if w.isalnum()]
    return stems(" ".join(w for w in words if w not in GENERIC)) or stems(variable)


def _says(hit: Hit, distinctive: frozenset[str]) -> frozenset[str]:
    """The stems the hit's sentence says, and the code of a state a variable stands for when it names it."""
    codes = {c for c in distinctive if c.isupper() and state(c).forms.search(hit.sentence.text)}
    return said(hit.sentence.text) | codes


def saying(ctx: Context, variable: str, hits: Sequence[Hit], *, whole: bool = False) -> list[Hit]:
    """The hits that say the variable: at least half its distinctive words ("North Korean threat" is not said by
    "South Korean"), or with `whole` every one of them (all but one of four or more), and not only the pair's own
    names, or every word of another phrasing of its concept ("great power competition" for "the Indo-Pacific
    strategy", `dyadscope.ask.concepts`); evidence, not a reporter's question or a biography."""
    distinctive = _distinctive(variable)
    pair_words = {w for c in ctx.pool.dyad for w in stems(ctx.pool.display.get(c, c))} | {
        w for c in ctx.pool.dyad for d in state(c).demonyms for w in stems(d)
    }
    needed = max(1, len(distinctive) - (len(distinctive) > 3) if whole else (len(distinctive) + 1) // 2)
    return [
        h
        for h in hits
        if is_evidence(h.sentence.text)
        and (
            (len(shared := distinctive & (words := _says(h, distinctive))) >= needed and shared - pair_words)
            or says_concept(variable, words)  # "the Quad" says "the Indo-Pacific strategy" (concepts.yaml)
        )
    ]


def reach(ctx: Context, variable: str, hits: Sequence[Hit], events_in: EventsIn) -> Draft | None:
    """The section on `variable` from each side's dealings with others (see the module's docstring), or None."""
    sentences = [h.sentence.id for h in saying(ctx, variable, hits)]
    if not sentences:
        return None
    pair = set(ctx.pool.dyad)
    events = [
        e
        for e in events_in(sentences)
        if not e.negated
        and not e.hypothetical
        and e.date is not None
        and covers(e.date.start, e.date.end, ctx.frame)
        and pair & {*e.source, *e.target}
        and not {*e.source, *e.target} <= pair  # the two states' own dealings are the pool's
        and e.id not in ctx.pool.used
    ]
    if not events:
        return None
    codes = sorted({c for e in events for c in (*e.source, *e.target, *e.others)} - set(ctx.pool.display))
    display = {**ctx.pool.display, **names_for(codes, [e.evidence.text for e in events])} if codes else ctx.pool.display
    ranked = sorted(events, key=lambda e: -abs(e.intensity))
    chosen: list[Example] = []
    seen: set[int] = set()
    told = ctx.pool.told_sentences()
    for event in ranked:
        example = render(event, display)
        if example is None or example.date.start.year in seen or sentence_of(example) in told:
            continue
        if any(sentence_of(x) == sentence_of(example) for x in chosen):
            continue
        chosen.append(example)
        seen.add(example.date.start.year)
        if len(chosen) == EXAMPLES:
            break
    if not chosen:
        return None
    chosen.sort(key=lambda x: x.date.start)
    ctx.pool.used.update(x.id for x in chosen)
    actors = [ctx.pool.display.get(c, c) for c in ctx.pool.dyad if any(c in x.subject for x in chosen)]
    first, last = chosen[0].date.start.year, chosen[-1].date.start.year
    years = f"{first}–{last}" if first != last else str(first)
    opening = f"The documents tell no act between {ctx.pair} on {with_article(variable)} {ctx.when}; "
    if len(actors) == 1:
        heading = f"{capitalised(with_article(variable))}: {possessive(actors[0])} moves ({years})"
        text = opening + f"what {actors[0]} did about it with others shows where it stood."
    else:
        heading = (
            f"{capitalised(with_article(variable))}: where {' and '.join(actors) or ctx.pair} each stood ({years})"
        )
        text = opening + "what each did about it with others shows where each side stood."
    draft = Draft(heading, "argument", [Point(text, cite(chosen))])
    draft.add_examples(chosen)
    return draft


def statements(ctx: Context, variable: str, hits: Sequence[Hit]) -> Draft | None:
    """A section on a variable that no coded event argues, between the pair or with others: what the documents say
    of it, quoted and attributed by the kind of their document ("An analysis argues: “…”"), at most `QUOTED`
    sentences that say the variable, in retrieval's order, none dated outside the frame and none from a kind that
    is never evidence. An examiner expects the variable as a heading; the note says what the point rests on."""
    # the whole variable: half its words, as for events, quoted "The armistice did not bring peace" for "the Peace
    # Treaty" and "Indo-US defence deals" for "Indo-Pacific"
    found = {
        h.sentence.id: h
        for h in saying(ctx, variable, hits, whole=True)
        if h.sentence.kind in QUOTED_BY_KIND
        and (h.sentence.date is None or covers(h.sentence.date.start, h.sentence.date.end, ctx.frame))
    }
    quoted = list(found.values())[:QUOTED]
    if not quoted:
        return None
    opening = (
        f"No coded event of {ctx.pair} on {with_article(variable)} {ctx.when} argues this point; it rests on what "
        "the documents say of it."
    )
    points = [Point(opening, [Citation.of(quoted[0])])]
    points += [quote(h.sentence.kind, h.sentence.text, Citation.of(h)) for h in quoted]
    return Draft(f"{capitalised(with_article(variable))}: what the documents say", "argument", points)
