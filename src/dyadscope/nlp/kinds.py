"""What kind of document a text is: official/primary, reference history, news, analysis/opinion, study note,
student answer or non-prose (`models.DOCUMENT_KINDS`).

The kind decides what the document counts for: non-prose and student answers are never coded and never cited as
evidence; the others weigh in the index and in answers by `data/document_kinds.csv` (docs/index.md). A user sets
it with `ingest --kind` or a `kind:` line at the top of a file (`kind_line`); otherwise `detect_kind` reads it
from the text: a score per kind from the genre cues of `data/lang/en/document_kinds.yaml` and from the text's
shape (table rows, code, bullets, short lines, years per 100 words), the highest winning. `dyadscope.eval kinds`
measures it on the team's labelled documents (`training/kinds/`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dyadscope.data import lang_file
from dyadscope.models import DOCUMENT_KINDS, RawDocument
from dyadscope.nlp.segment import table_lines

HEAD_LINES = 5  # lines the title, dateline or question stands in
HEAD_CHARS = 160
_EMPHASIS = re.compile(r"[*_`]+")
_FENCE = re.compile(r"^\s*(```|~~~)")
_BULLET = re.compile(r"^\s*([-•*·]|\d{1,2}[.)])\s+")
_YEAR = re.compile(r"\b(1[5-9]|20)\d\d\b")
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]?$")


@dataclass(frozen=True, slots=True)
class Cue:
    pattern: re.Pattern[str]
    weight: float
    cap: int
    head: bool


@cache
def cues() -> dict[str, tuple[Cue, ...]]:
    loaded = lang_file("document_kinds")
    out: dict[str, tuple[Cue, ...]] = {}
    for kind in DOCUMENT_KINDS:
        out[kind] = tuple(
            Cue(
                re.compile(str(item["cue"]), re.MULTILINE | (0 if item.get("case") else re.IGNORECASE)),
                float(item["weight"]),
                int(item.get("cap", 1)),
                item.get("where", "all") == "head",
            )
            for item in loaded.get(kind, [])
        )
    return out


@dataclass(frozen=True, slots=True)
class KindReading:
    kind: str
    scores: dict[str, float]

    @property
    def reason(self) -> str:
        ranked = sorted(self.scores.items(), key=lambda kv: -kv[1])[:3]
        return ", ".join(f"{k} {v:.1f}" for k, v in ranked)


def shape_scores(lines: list[str]) -> dict[str, float]:
    """Scores from the text's shape: table rows, code blocks and short undated lines say non-prose; bullets and
    fragments with years say notes; years per 100 words say history; long sentences say prose."""
    total = len(lines) or 1
    chars = sum(len(line) for line in lines) or 1
    data = bullets = short = prose = prose_chars = 0  # data: characters in tables and code
    in_code = False
    for line, table in zip(lines, table_lines(lines), strict=True):
        if _FENCE.match(line):
            in_code = not in_code
            data += len(line)
            continue
        if in_code or table:
            data += len(line)
        elif _BULLET.match(line):
            bullets += 1
        elif len(line.split()) <= 4 and not _YEAR.search(line):
            short += 1
        elif len(line.split()) >= 12 or (len(line.split()) >= 6 and _TERMINAL.search(line)):
            prose += 1
            prose_chars += len(line)
    words = sum(len(line.split()) for line in lines) or 1
    years = sum(len(_YEAR.findall(line)) for line in lines)
    dated_bullets = sum(1 for line in lines if _BULLET.match(line) and _YEAR.search(line))
    return {
        # Tables are never coded in any document: they make a document non-prose only when little else is prose.
        # A text of a few lines is too short to judge by its shape.
        "nonprose": 6.0 * data / chars * (1.0 if prose_chars / chars < 0.4 else 0.2)
        + (2.0 * max(0.0, short / total - 0.3) + 3.0 * (prose == 0) if total >= 5 else 0.0),
        "note": 3.0 * bullets / total + 2.0 * dated_bullets / total,
        "history": min(100.0 * years / words, 4.0) * (prose / total),
    }


def detect_kind(raw: RawDocument) -> KindReading:
    """The kind of a document read from its text (see the module's docstring)."""
    lines = [_EMPHASIS.sub("", line).strip() for line in raw.text.split("\n") if line.strip()]
    lines = [line for line in lines if line]
    head = "\n".join(line[:HEAD_CHARS] for line in lines[:HEAD_LINES])
    body = "\n".join(lines)
    scores = dict.fromkeys(DOCUMENT_KINDS, 0.0)
    for kind, kind_cues in cues().items():
        for cue in kind_cues:
            hits = len(cue.pattern.findall(head if cue.head else body))
            scores[kind] += cue.weight * min(hits, cue.cap)
    for kind, value in shape_scores(lines).items():
        scores[kind] += value
    if raw.news_like:  # the reader saw a statement's or a briefing's title, or a news outlet as its source
        scores["official" if _official_title(raw.title) else "news"] += 1.5
    best = max(DOCUMENT_KINDS, key=lambda k: (scores[k], -DOCUMENT_KINDS.index(k)))
    if scores[best] < 1.0:  # nothing says much: dated narrative is history, the rest argument
        best = "history" if scores["history"] >= 0.5 else "analysis"
    return KindReading(best, {k: round(v, 2) for k, v in scores.items()})


_OFFICIAL_TITLE = re.compile(r"\b(statement|readout|release|briefing|remarks|transcript|communiqu)", re.IGNORECASE)


def _official_title(title: str) -> bool:
    return bool(_OFFICIAL_TITLE.search(title))
