"""Split a document into headings and sentences with character offsets and section paths.

The document is tokenized once (dyadscope.nlp.language); headings are recognised per line, and inside each
paragraph a sentence ends after ".", "!" or "?" as in spaCy's rule-based `sentencizer` (the statistical `senter`
is ~50x slower and not more accurate on edited prose). The tokenizer's exceptions keep "U.S.", "Mr.", "e.g." and
"No." whole. A sentence knows the outline it sits in ("4. 1990s: Period of Estrangement").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.pipeline.sentencizer import Sentencizer
from spacy.tokens import Doc, Span

from dyadscope.models import Sentence

_MARKDOWN = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_LETTERED = re.compile(r"^([A-H])[.)]\s+(\S.*)$")
_BULLET = re.compile(r"^[•\-*·]\s*")
BULLETS = frozenset("•-*·–")  # a line starting with one of these, then a space, is a list item
_SOURCE_LINE = re.compile(r"^\s*source\s*:", re.IGNORECASE)
_PERIOD_TITLE = re.compile(r"^(1[0-9]|20)\d{2}s?\b")  # "1950s-1960s: Formative Years" is a top-level period
_TERMINAL = re.compile(r"[.!?]['\")\]]?$")
_PIPED = re.compile(r"^\|[^|]*\|.*\|$")  # a markdown table row: two cells at least ("| a |" is a boxed line)
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")  # its header rule: |---|:--:|


@dataclass(frozen=True, slots=True)
class Heading:
    title: str
    level: int


def classify_heading(line: str, *, after_break: bool) -> Heading | None:
    """Return the heading a line is, or None for body text.

    Levels: an all-caps title 1, numbered or period headings ("4. …", "1950s-1960s: …") 2,
    lettered and other short headings 3; markdown headings keep their own `#` count.

    Only short lines without sentence-final punctuation count, so a wrapped paragraph's
    last line is not mistaken for a heading unless it follows a blank line.
    """
    text = line.strip()
    if not text or len(text) > 120:
        return None
    match = _MARKDOWN.match(text)
    if match:
        title = _BULLET.sub("", match.group(2)).strip()
        return Heading(title.rstrip(":").strip(), len(match.group(1))) if title else None
    words = text.split()
    if len(words) > 14 or _TERMINAL.search(text):
        return None
    numbered = _NUMBERED.match(text)
    if numbered:
        return Heading(numbered.group(2).rstrip(":").strip(), 2)
    lettered = _LETTERED.match(text)
    if lettered:
        return Heading(lettered.group(2).rstrip(":").strip(), 3)
    letters = [c for c in text if c.isalpha()]
    if len(words) >= 2 and letters and sum(c.isupper() for c in letters) / len(letters) > 0.9:
        return Heading(text, 1)
    if not after_break:
        return None
    if _PERIOD_TITLE.match(text):
        return Heading(text.rstrip(":").strip(), 2)
    capitalised = sum(w[:1].isupper() or w[:1].isdigit() for w in words)
    if text.endswith(":") or (capitalised / len(words) >= 0.6 and len(words) <= 10):
        return Heading(text.rstrip(":").strip(), 3)
    return None


@dataclass(slots=True)
class _Block:
    start: int
    end: int
    heading: Heading | None
    table: bool = False  # one table row: data, kept whole as one sentence and never coded


def table_lines(lines: Sequence[str]) -> list[bool]:
    """Which lines are table rows or their header rules: markdown rows ("| 1978 | Camp David |") and the " | "-joined
    rows the HTML reader makes of <tr>s (two separators, or one when a neighbouring line has one too). The one
    definition of a table row: the segmenter keeps each row whole and uncoded, and the document-kind reader
    counts rows as data (`dyadscope.nlp.kinds`). Tabs do not survive normalisation, so tab-separated rows are
    not told apart."""
    cells = [line.strip().count(" | ") for line in lines]
    out = []
    for i, line in enumerate(lines):
        text = line.strip()
        neighbour = (i > 0 and cells[i - 1] > 0) or (i + 1 < len(lines) and cells[i + 1] > 0)
        row = bool(_PIPED.match(text)) or cells[i] >= 2 or (cells[i] == 1 and neighbour)
        out.append(bool(text) and (row or bool(_RULE.match(text))))
    return out


def _blocks(text: str) -> Iterator[_Block]:
    """Yield headings and paragraphs (runs of body lines) with their offsets."""
    offset = 0
    para_start: int | None = None
    para_end = 0
    after_break = True
    lines = text.splitlines(keepends=True)
    for line, is_row in zip(lines, table_lines(lines), strict=True):
        stripped = line.strip()
        line_start, line_end = offset, offset + len(line.rstrip("\r\n"))
        offset += len(line)
        if is_row:
            if para_start is not None:
                yield _Block(para_start, para_end, None)
                para_start = None
            if not _RULE.match(stripped):
                yield _Block(line_start, line_end, None, table=True)
            after_break = True
            continue
        if not stripped or (line_start == 0 and _SOURCE_LINE.match(line)):
            if para_start is not None:
                yield _Block(para_start, para_end, None)
                para_start = None
            after_break = True
            continue
        heading = classify_heading(stripped, after_break=after_break or para_start is None)
        if heading is not None:
            if para_start is not None:
                yield _Block(para_start, para_end, None)
                para_start = None
            yield _Block(line_start, line_end, heading)
            after_break = True
            continue
        if para_start is None:
            para_start = line_start
        para_end = line_end
        after_break = bool(_TERMINAL.search(stripped))
    if para_start is not None:
        yield _Block(para_start, para_end, None)


PUNCT_CHARS = frozenset(Sentencizer.default_punct_chars)


def _sentence_starts(span: Span) -> list[int]:
    """Token offsets (within the span) where a sentence starts: spaCy's `sentencizer` rule, and each list item
    of a paragraph ("- Aug 1990: UN trade embargo on Iraq", with no stop before it): the paragraph stays one."""
    starts = [0]
    seen_end = False
    for i, token in enumerate(span):
        if i and _item_start(span, i) and starts[-1] != i:
            starts.append(i)
            seen_end = False
        elif token.text in PUNCT_CHARS:
            seen_end = True
        elif seen_end and not token.is_punct:
            starts.append(i)
            seen_end = False
    return starts


def _item_start(span: Span, i: int) -> bool:
    """The token is a bullet that begins a line, followed by a space."""
    token, before = span[i], span[i - 1]
    return token.text in BULLETS and bool(token.whitespace_) and "\n" in before.text_with_ws


class Segmenter:
    """Turn a tokenized document into `Sentence`s (headings included, flagged) with section paths."""

    def __init__(self, nlp: Language | None = None) -> None:
        if nlp is None:
            from dyadscope.nlp.language import build_language

            nlp = build_language(parser=False)
        self.nlp = nlp

    def segment(self, text: str | Doc) -> list[Sentence]:
        doc = text if isinstance(text, Doc) else self.nlp.make_doc(text)
        return segment_doc(doc)


def segment_doc(doc: Doc) -> list[Sentence]:
    """The sentences of a document, with offsets into its text."""
    text = doc.text
    sentences: list[Sentence] = []
    outline: list[Heading] = []
    for number, block in enumerate(_blocks(text)):
        if block.heading is not None:
            outline = [h for h in outline if h.level < block.heading.level] + [block.heading]
            path = tuple(h.title for h in outline)
            raw = text[block.start : block.end]
            lead = len(raw) - len(raw.lstrip())
            sentences.append(Sentence(len(sentences), block.start + lead, block.end, raw.strip(), path, True, number))
            continue
        path = tuple(h.title for h in outline)
        if block.table:
            raw = text[block.start : block.end]
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            row = Sentence(
                len(sentences), block.start + lead, block.start + lead + len(body), body, path, False, number
            )
            row.is_table = True
            sentences.append(row)
            continue
        span = doc.char_span(block.start, block.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        starts = _sentence_starts(span)
        pending: int | None = None  # an opening bracket carried over to the next sentence
        for first_token, end_token in zip(starts, [*starts[1:], len(span)], strict=True):
            piece = span[first_token:end_token]
            first = max(block.start, piece.start_char) if pending is None else pending
            pending = None
            chunk = text[first : min(block.end, piece.end_char)].rstrip()
            if chunk.endswith(("(", "[")) and end_token < len(span):
                pending = first + len(chunk) - 1  # "(Source: …)" belongs to the next sentence
                chunk = chunk[:-1].rstrip()
            body = chunk.strip()
            if body:
                start = first + len(chunk) - len(chunk.lstrip())
                sentences.append(Sentence(len(sentences), start, start + len(body), body, path, False, number))
    return sentences
