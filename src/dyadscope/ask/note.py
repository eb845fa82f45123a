"""Exam notes: a thesis, arguments with dated examples, the other side, a way forward and a verdict.

A note answers its question as the examiner asks it (`Question`: directive, frame, variables). "Critically
evaluate", "discuss" and "assess" get a thesis, four to six arguments whose headings are claims in the question's
terms (its variables, then the drivers of the phases inside the frame), a section weighing the other side, a way
forward and a verdict; "analyse", "examine" and "explain" the same without the other side; "trace" (and a note on
how relations changed) a chronological spine of the phases inside the frame. History before the frame is one short
background paragraph. Examples are the events of the frame told in the note's own words, each checked against the
sentence it cites (`dyadscope.ask.examples`); what the note says of a theme is computed from its events.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from dyadscope.ask.answer import Citation, Point
from dyadscope.ask.question import Question
from dyadscope.ask.retrieve import Hit
from dyadscope.markup import markdown_safe
from dyadscope.models import Event
from dyadscope.serial import SKIP, Plain, as_json

if TYPE_CHECKING:
    from dyadscope.analyze import Analysis
    from dyadscope.ask.examples import Example

Search = Callable[[Question, int], list[Hit]]
NO_EVIDENCE = "No event in your documents can be told as an example here: add sources."
BULLETED = ("phase", "gap", "argument", "counter")


@dataclass(slots=True)
class NoteSection(Plain):
    heading: str
    kind: str  # introduction | background | argument | phase | gap | counter | challenges | conclusion
    points: list[Point] = field(default_factory=list)
    span: tuple[date, date] | None = None
    examples: list[int] = field(default_factory=list)  # which points are examples (events told in the note's words)


@dataclass(slots=True)
class Note(Plain):
    question: str
    dyad: str | None
    sections: list[NoteSection]
    warnings: list[str] = field(default_factory=list)  # e.g. sections a language model could not reword
    directive: str = ""
    frame: tuple[date | None, date | None] | None = None
    examples_tried: int = field(
        default=0, metadata=SKIP
    )  # events the writer tried to tell as examples ("told": those that passed the check)
    examples_told: int = field(default=0, metadata=SKIP)
    JSON_EXTRA: ClassVar[dict[str, dict[str, Any]]] = {"outline": as_json()}
    rendered: list[Example] = field(
        default_factory=list, repr=False, metadata=SKIP
    )  # the examples, with the events they tell

    @property
    def outline(self) -> list[str]:
        return [s.heading for s in self.sections]

    @property
    def examples(self) -> list[Point]:
        return [s.points[i] for s in self.sections for i in s.examples if i < len(s.points)]

    def citations(self) -> list[Citation]:
        """Every cited sentence once, in order of first citation (the footnote numbers)."""
        seen: dict[Citation, None] = {}
        for section in self.sections:
            for point in section.points:
                seen.update(dict.fromkeys(point.citations))
        return list(seen)

    def outline_points(self, section: NoteSection) -> list[str]:
        """What the outline says under a heading: the thesis, the dated evidence of an argument or a phase in a few
        words each, the ways forward, the verdict."""
        first = section.points[0].text if section.points else ""
        if section.kind == "introduction":
            thesis = next((s for s in _sentences(first) if s.startswith(THESIS_LEAD)), _sentences(first)[0])
            return [f"Thesis: {_capital(_short(thesis.removeprefix(THESIS_LEAD), 30))}"] if first else []
        if section.kind == "conclusion":
            verdict = re.sub(r"^(?:Verdict|In conclusion)[:,]\s*", "", _sentences(first)[0])
            return [f"Verdict: {_capital(_short(verdict, 30))}"] if first else []
        if section.kind == "challenges":
            return [_capital(_short(p.text.split(WAY_LEAD, 1)[-1], 16)) for p in section.points]
        return [_brief(section.points[i]) for i in section.examples if i < len(section.points)]

    def to_markdown(self) -> str:
        numbers = {c: n for n, c in enumerate(self.citations(), 1)}
        lines = [f"# {self.question}", "", "## Outline", ""]
        for n, section in enumerate(self.sections, 1):
            lines.append(f"{n}. {section.heading}")
            lines += [f"   - {point}" for point in self.outline_points(section)]
        for n, section in enumerate(self.sections, 1):
            lines += ["", f"## {n}. {section.heading}", ""]
            if not section.points:
                lines.append(f"_{NO_EVIDENCE}_")
            texts = [p.text + "".join(f"[^{numbers[c]}]" for c in p.citations) for p in section.points]
            if section.kind == "background":
                lines.append(" ".join(texts) + "\n")
            elif section.kind in BULLETED:
                lines += [f"- {t}" for t in texts]
            else:
                lines += [f"{t}\n" for t in texts]
        lines += ["", "## Sources", ""]
        lines += [f"[^{n}]: {c.label()}: “{c.text}”" for c, n in numbers.items()]
        return markdown_safe("\n".join(lines).replace("\n\n\n", "\n\n") + "\n")

    def to_html(self) -> str:
        """A standalone page (templates/page/note.html); every piece of document text is escaped."""
        from dyadscope.templating import render

        numbers = {c: n for n, c in enumerate(self.citations(), 1)}
        return render("page/note.html", note=self, numbers=numbers, no_evidence=NO_EVIDENCE, bulleted=BULLETED)


_DATED = re.compile(r"^(?:In|On|From|By|During|Between)\s+(?P<when>[^,]*?\b(?:1[89]|20)\d\d)\b,?\s+")


# How the note's own sentences open the thesis and a way forward (note_sections writes them; the outline finds them)
THESIS_LEAD = "This note argues that "
WAY_LEAD = "The way forward: "


def _capital(text: str) -> str:  # claims.capitalised, without the pandas that a warm `ask` never loads
    return text[:1].upper() + text[1:]


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip()) or [""]


def _short(text: str, words: int) -> str:
    kept = text.split()
    return " ".join(kept[:words]).rstrip(".,;:") + ("…" if len(kept) > words else "")


def _brief(point: Point) -> str:
    """An example in a few words, its date after it: "Chinese and Indian soldiers clashed in the Galwan valley (June
    2020)"."""
    text = point.text
    found = _DATED.match(text)
    when = found["when"] if found else (str(point.date.start.year) if point.date else "")
    text = text[found.end() :] if found else text
    text = _capital(text.split(", ", 1)[0].rstrip("."))
    return f"{_short(text, 14)} ({when})" if when else _short(text, 14)


def write_note(
    question: Question,
    analysis: Analysis,
    search: Search,
    evidence: Callable[[Sequence[str]], list[Event]],
    events_in: Callable[[Sequence[int]], list[Event]] | None = None,
) -> Note:
    """A note on `question` from the analysis of its dyad, the stored events (`evidence`, by id; `events_in`, by
    the sentences they were coded from) and retrieval (`search`)."""
    from dyadscope.ask.note_outline import compose  # here: it needs pandas, which a warm `ask` never loads

    return compose(question, analysis, search, evidence, events_in)
