"""An exam answer as an examiner reads it: the question, an outline, an introduction, headed arguments, a
conclusion.

Built on the same reader and segmenter as every other document, so a .txt, .md or .docx answer
gets the same normalised text and character offsets; every finding points into that text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.lang.en.stop_words import STOP_WORDS

from dyadscope.data import lang_words
from dyadscope.models import DateInterval, Sentence

DIRECTIVE = re.compile(  # how a question opens ("Q3. Critically evaluate…"; data/lang/en/review.yaml)
    r"^\s*(?:q(?:uestion)?\s*\d*[.:)]\s*)?(" + "|".join(lang_words("question_openers", "review")) + r")\b",
    re.IGNORECASE,
)
INTRODUCTION = re.compile(r"\bintroduc|\bbackground\b|\boverview\b", re.IGNORECASE)
CONCLUSION = re.compile(r"\bconclu|\bsumm(?:ary|ing up)\b|\bto sum up\b", re.IGNORECASE)
CHALLENGES = re.compile(r"\bchall?[ae]ng|\bway forward\b|\brecommend|\bprospects?\b|\bobstacles?\b", re.IGNORECASE)
EVALUATION = re.compile(r"^(?:critical\s+)?(?:" + "|".join(lang_words("evaluation_headings", "review")) + r")$", re.I)
OUTLINE = re.compile(r"^\W*outline\b", re.IGNORECASE)
LEAD = re.compile(r"^[\s#*•·\-–—>]*(?:\(?[0-9ivxIVX]{1,4}[.)]|\(?[A-Za-z][.)])?\s*")
HEADING_WORDS = 12  # a line this short, without a full stop, on its own above a paragraph is a heading
ENDS_SENTENCE = re.compile(r"[.!;,]['\")\]”’]?$")


@dataclass(slots=True)
class Paragraph:
    number: int  # the block number in the answer (as in `Sentence.paragraph`)
    start: int
    end: int
    text: str
    sentences: list[Sentence] = field(default_factory=list)


@dataclass(slots=True)
class Part:
    """A heading and the paragraphs under it (the introduction, an argument, the conclusion…)."""

    heading: str
    kind: str  # introduction | argument | challenges | evaluation | conclusion | preamble
    start: int
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(slots=True)
class ParsedAnswer:
    text: str
    question: str | None
    outline: list[str]
    parts: list[Part]

    @property
    def words(self) -> int:
        return sum(p.words for p in self.parts)

    def of_kind(self, kind: str) -> list[Part]:
        return [p for p in self.parts if p.kind == kind]


def clean_heading(text: str) -> str:
    """ "## • Counter-terrorism:" → "Counter-terrorism"; "4. 1990s: Estrangement" keeps its words."""
    return LEAD.sub("", text).strip().rstrip(":.").strip()


def parse_answer(text: str, sentences: list[Sentence], question: str | None = None) -> ParsedAnswer:
    """Split a segmented answer into its question, outline and parts."""
    sentences = split_headings(sentences, text)
    found_question = question
    question_seen = False  # a given question the answer also writes out is skipped there, once
    outline: list[str] = []
    parts: list[Part] = []
    in_outline = False
    current: Part | None = None
    for sentence in sentences:
        if sentence.is_heading:
            title = clean_heading(sentence.text)
            markdown = sentence.text.lstrip().startswith("#")
            if OUTLINE.match(title):
                in_outline, current = True, None
                continue
            if in_outline and not markdown:
                outline.append(title)
                continue
            in_outline = False
            current = Part(title, _kind(title), sentence.start)
            parts.append(current)
            continue
        if found_question is None and not any(p.paragraphs for p in parts) and DIRECTIVE.match(sentence.text):
            found_question, question_seen = sentence.text.strip(), True
            parts, current = [], None  # headings above the question are a title block (name, batch, date)
            continue
        if question is not None and not question_seen and _same(sentence.text, question):
            question_seen = True
            continue
        if in_outline:  # a bulleted outline is one paragraph of items
            outline.extend(clean_heading(line) for line in sentence.text.splitlines() if clean_heading(line))
            continue
        if current is None:
            current = Part("", "preamble", sentence.start)
            parts.append(current)
        _add(current, sentence)
    parts = [p for p in parts if p.paragraphs or p.kind == "argument"]
    if parts and parts[0].kind == "preamble" and not any(p.kind == "introduction" for p in parts):
        parts[0].kind = "introduction"  # an opening paragraph with no heading is the introduction
    return ParsedAnswer(text, found_question, outline, parts)


def split_headings(sentences: Sequence[Sentence], text: str = "") -> list[Sentence]:
    """Headings a candidate writes in sentence case ("The bargain of 2001", "Did the aid materialise?"), which the
    segmenter leaves in the text: a short line opening a paragraph, without a full stop, much shorter than the line
    after it (so not the first line of a wrapped paragraph), or such a line standing alone as a paragraph. The
    heading keeps the sentence's index; dates and actors go with the words they are in."""
    out: list[Sentence] = []
    top = True  # above the answer: a title block, then the question
    for n, sentence in enumerate(sentences):
        if sentence.is_heading or (top and DIRECTIVE.match(sentence.text)):
            out.append(sentence)  # "Write a note on fluctuating relations between Pakistan and US" is the question
            top = top and sentence.is_heading
            continue
        top = False
        first = n == 0 or sentences[n - 1].paragraph != sentence.paragraph
        last = n + 1 == len(sentences) or sentences[n + 1].paragraph != sentence.paragraph
        line, _, rest = sentence.text.partition("\n")
        after = text[sentence.end : sentence.end + 2].lstrip(" \t")[:1] if text else ""
        if first and rest.strip() and _heading_like(line, rest.split("\n")[0]):
            cut = len(line) + (len(sentence.text) - len(line) - len(rest))
            out.append(_piece(sentence, 0, len(line), heading=True))
            out.append(_piece(sentence, cut, len(sentence.text), heading=False))
        elif first and n + 1 < len(sentences) and (last or after == "\n") and _heading_like(sentence.text, None):
            out.append(replace(sentence, is_heading=True))
        else:
            out.append(sentence)
    return out


def _heading_like(line: str, following: str | None) -> bool:
    """A short line, capitalised, with no full stop (a question mark may end it) and not ending on a word that
    needs another after it; shorter by far than the line after it, when there is one."""
    text = line.strip()
    words = text.split()
    if not words or len(words) > HEADING_WORDS or not (text[0].isupper() or text[0].isdigit()):
        return False
    if ENDS_SENTENCE.search(text) or words[-1].lower() in STOP_WORDS - {"us"}:
        return False
    return following is None or len(text) <= 0.6 * len(following.strip())


def _piece(sentence: Sentence, a: int, b: int, *, heading: bool) -> Sentence:
    """Characters a–b of a sentence as a sentence of its own, with the dates and actors named in them."""
    start = sentence.start + a
    return replace(
        sentence,
        start=start,
        end=sentence.start + b,
        text=sentence.text[a:b],
        is_heading=heading,
        dates=[replace(d, start=d.start - a, end=d.end - a) for d in sentence.dates if a <= d.start and d.end <= b],
        date=sentence.date if heading or sentence.date_inherited else _own_date(sentence, a, b),
        mentions=[m for m in sentence.mentions if start <= m.start and m.end <= sentence.start + b],
    )


def _own_date(sentence: Sentence, a: int, b: int) -> DateInterval | None:
    inside = [d.interval for d in sentence.dates if a <= d.start and d.end <= b]
    return inside[0] if inside else sentence.date


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()


def _kind(title: str) -> str:
    if INTRODUCTION.search(title):
        return "introduction"
    if CONCLUSION.search(title):
        return "conclusion"
    if CHALLENGES.search(title):
        return "challenges"
    if EVALUATION.match(title):
        return "evaluation"  # "Analysis", "Critical evaluation": the answer's weighing, not an argument of its own
    return "argument"


def _add(part: Part, sentence: Sentence) -> None:
    last = part.paragraphs[-1] if part.paragraphs else None
    if last is None or last.number != sentence.paragraph:
        last = Paragraph(sentence.paragraph, sentence.start, sentence.end, "")
        part.paragraphs.append(last)
    last.sentences.append(sentence)
    last.end = sentence.end
    last.text = " ".join(s.text for s in last.sentences)
