"""Quoting the documents, attributed by kind (`quote`), and the other side of a critical evaluation quoted where
the note cannot retell it in its own words.

A note tells an act as its own dated sentence only when the act's sentence gives its date (`examples.render`); a
sentence that takes its date from the one before ("Relations had soured in 2019. Seoul accused Tokyo of economic
retaliation ...") cannot be retold, and a note whose opposing acts were all of that kind had no other side at all.
An examiner asks a critical evaluation to weigh both sides, so the heaviest of those acts are quoted instead,
attributed by the kind of their document ("A history of the two states notes: “…”", `notes.yaml`) and cited.
"""

from __future__ import annotations

from dyadscope.ask.answer import CONNECTIVE, Citation, Point
from dyadscope.ask.arguments import records
from dyadscope.ask.claims import Balance
from dyadscope.ask.note_sections import Context, Draft, opposing, other_side, row_citations
from dyadscope.data import lang_file

QUOTED = 2  # sentences quoted for the other side
# How a quoted sentence is attributed, by its document's kind; a kind missing here is never quoted (notes.yaml).
QUOTED_BY_KIND: dict[str, str] = {str(k): str(v) for k, v in lang_file("notes")["quoted_by_kind"].items()}


def quote(kind: str, text: str, citation: Citation) -> Point:
    """A document's sentence as a point, attributed by its document's kind ("An analysis argues: “…”";
    `quoted_by_kind` in data/lang/en/notes.yaml); an opening connective ("However, …") is left off."""
    text = CONNECTIVE.sub("", text.strip())
    return Point(f"{QUOTED_BY_KIND[kind]}: “{text[:1].upper()}{text[1:]}”", [citation])


def quoted_counter(ctx: Context, overall: Balance) -> Draft | None:
    """The acts inside the frame that pulled against the way most weight pulled, quoted (the heaviest first, one
    per sentence, none the note has told); None when there are none."""
    _, _, against = opposing(ctx.pool, overall)
    seen = ctx.pool.told_sentences()
    chosen = []
    for label, row in against.sort_values("weight", ascending=False).iterrows():
        key = (str(row["doc"]), int(row["sentence_id"]))
        if key in seen or str(row["kind"]) not in QUOTED_BY_KIND:
            continue
        seen.add(key)
        chosen.append(label)
        if len(chosen) == QUOTED:
            break
    if not chosen:
        return None
    quoted = against.loc[chosen]
    citations = row_citations(quoted)
    heading, opening = other_side(ctx, overall)
    points = [quote(str(r["kind"]), str(r["text"]), c) for r, c in zip(records(quoted), citations, strict=True)]
    return Draft(
        heading,
        "counter",
        [Point(f"{opening}; the heaviest are quoted as the documents tell them.", citations), *points],
    )
