"""The other side of a critical evaluation, quoted where the note cannot retell it in its own words.

A note tells an act as its own dated sentence only when the act's sentence gives its date (`examples.render`); a
sentence that takes its date from the one before ("Relations had soured in 2019. Seoul accused Tokyo of economic
retaliation ...") cannot be retold, and a note whose opposing acts were all of that kind had no other side at all.
An examiner asks a critical evaluation to weigh both sides, so the heaviest of those acts are quoted instead,
attributed by the kind of their document ("A history of the two states notes: “…”", `notes.yaml`) and cited.
"""

from __future__ import annotations

from dyadscope.ask.answer import CONNECTIVE, Citation, Point
from dyadscope.ask.arguments import records
from dyadscope.ask.claims import Balance, balance
from dyadscope.ask.note_sections import Context, Draft
from dyadscope.data import lang_file

QUOTED = 2  # sentences quoted for the other side


def quoted_counter(ctx: Context, overall: Balance) -> Draft | None:
    """The acts inside the frame that pulled against the way most weight pulled, quoted (the heaviest first, one
    per sentence, none the note has told); None when there are none."""
    lean = 1 if overall.share >= 0.5 else -1
    rows = ctx.pool.inside()
    against = rows[(rows["intensity"] * -lean) > 0]
    if against.empty:
        return None
    attribution = lang_file("notes")["quoted_by_kind"]
    seen = ctx.pool.told_sentences()
    quoted = []
    for row in records(against.sort_values("weight", ascending=False)):
        key = (str(row["doc"]), int(row["sentence_id"]))
        if key in seen or str(row["kind"]) not in attribution:
            continue
        seen.add(key)
        quoted.append(row)
        if len(quoted) == QUOTED:
            break
    if not quoted:
        return None
    other = balance(against, -lean)
    acts = " and ".join(other.acts) if other else "other acts"
    way = "cooperation" if lean < 0 else "friction"
    weight = float(against["weight"].sum()) / float(rows["weight"].sum() or 1)
    citations = [Citation(str(r["doc"]), str(r["title"]), int(r["sentence_id"]), str(r["text"])) for r in quoted]
    opening = (
        f"Against this, {len(against)} of the {len(rows)} dated happenings {ctx.when} pulled the other way "
        f"({weight:.0%} of their weight in the index), so the record is not one-sided; the heaviest are quoted as "
        "the documents tell them."
    )
    points = [Point(opening, citations)]
    for row, citation in zip(quoted, citations, strict=True):
        text = CONNECTIVE.sub("", str(row["text"]).strip())
        points.append(Point(f"{attribution[str(row['kind'])]}: “{text[:1].upper()}{text[1:]}”", [citation]))
    return Draft(f"The other side: {way} persisted through {acts}", "counter", points)
