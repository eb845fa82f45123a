"""Which themes a note argues, with which examples, and which events it keeps for the other side.

`argue` takes the note's themes in order (the question's variables, then the drivers, then the kinds of act) and
gives each up to `EXAMPLES` dated examples inside the frame not told yet, as an argument section
(`note_sections.argument`); a theme with too few is left out. Each sentence is told once, so the variables with
the fewest examples choose first; the sections keep the question's order. `reserve_counter` keeps the heaviest
events that pulled against the verdict for the other side.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dyadscope.ask.arguments import Pool, Theme, choose
from dyadscope.ask.claims import Balance, balance
from dyadscope.ask.examples import Example
from dyadscope.ask.note_sections import Context, Draft, argument, lean_of, opposing

if TYPE_CHECKING:
    from dyadscope.analyze.phases import Phase

ARGUMENTS = (4, 6)  # a note argues at least this many themes when its evidence allows, and at most this many
EXAMPLES = 3  # per argument (at least 2; a variable of the question may rest on one)


def reserve_counter(pool: Pool, overall: Balance) -> list[Example]:
    """The heaviest events inside the frame pulling against the way most weight pulled, reserved for the other side."""
    _, _, against = opposing(pool, overall)
    theme = Theme("the other side", "counter", {str(i): 1.0 for i in against["id"]})
    chosen = choose(theme, pool, EXAMPLES)
    pool.used.update(x.id for x in chosen)
    return chosen if len(chosen) >= 1 else []


def argue(
    ctx: Context, themes: Sequence[Theme], total: int, least: int, phases: Sequence[Phase] = ()
) -> tuple[list[Draft], list[tuple[Theme, Balance]]]:
    drafts: list[Draft] = []
    argued: list[tuple[Theme, Balance]] = []
    keys: set[str] = set()
    pool = ctx.pool
    for theme in _scarcest_variables_first(themes, pool):
        if len(argued) == ARGUMENTS[1] or (theme.kind == "conduct" and len(argued) >= ARGUMENTS[0]):
            break
        if theme.key and theme.key in keys and theme.kind != "variable":
            continue
        b = balance(theme.members(pool.inside()))
        if b is None:
            continue
        chosen = choose(theme, pool, EXAMPLES, lean_of(b))
        if len(chosen) < (1 if theme.kind == "variable" else least):
            continue
        theme.chosen = chosen
        pool.used.update(x.id for x in chosen)
        keys.add(theme.key)
        drafts.append(argument(ctx, theme, chosen, b, total, phases))
        argued.append((theme, b))
    at = {id(t): i for i, t in enumerate(themes)}  # told in the question's order, whichever chose first
    order = sorted(range(len(argued)), key=lambda i: at[id(argued[i][0])])
    return [drafts[i] for i in order], [argued[i] for i in order]


def _scarcest_variables_first(themes: Sequence[Theme], pool: Pool) -> list[Theme]:
    """The question's variables, those with the fewest examples inside the frame first (each sentence is told
    once: a variable argued first took a sentence another had no other for), then the other themes in order."""
    inside = pool.inside()

    def examples(theme: Theme) -> int:
        return sum(str(i) in pool.examples for i in theme.members(inside)["id"])

    variables = sorted((t for t in themes if t.kind == "variable"), key=examples)
    return [*variables, *(t for t in themes if t.kind != "variable")]
