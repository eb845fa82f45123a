"""A frame the question bounds by a happening and only its year ("since the 1998 nuclear tests", "following the
1974 Turkish invasion"), dated by the documents that tell the happening.

The question reader knows no documents: it opens such a frame on 1 January of the year. When a document sentence
dated that year to the month or the day tells the happening (it says each content word of the phrase, by the first
four letters: "invasion" is "invaded"), the frame opens on that date instead (the earliest such sentence's), or,
for a frame that ends with the happening ("until the 2011 raid"), closes at the end of it. A frame set by a bare
year or a date keeps the reader's bounds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from spacy.lang.en.stop_words import STOP_WORDS

from dyadscope.ask.question import FRAME_WORDS, Question
from dyadscope.ask.retrieve import Hit
from dyadscope.data import lang_words

Search = Callable[[Question, int], list[Hit]]
CUES = frozenset(w for cue in lang_words("frame_cues", "questions") for w in cue.split())
TO_THE_MONTH = frozenset({"day", "month"})  # a happening dated this finely can open a frame
MAX_WORDS = 3  # a happening named in more words than this is told too many ways to be matched word by word


def _content(text: str) -> list[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return [w for w in words if w not in STOP_WORDS and w not in CUES and w not in FRAME_WORDS and len(w) > 2]


def dated_by_documents(question: Question, search: Search) -> Question:
    """The question with its frame's year-only bound moved to the documents' date of the happening that sets it
    (see the module's docstring)."""
    phrase, start, end = question.frame_phrase, question.frame_start, question.frame_end
    if not phrase:
        return question
    opens = start is not None and (start.month, start.day) == (1, 1) and end is None
    closes = end is not None and (end.month, end.day) == (12, 31) and start is None
    words = _content(phrase)
    if not (opens or closes) or not words or len(words) > MAX_WORDS:
        return question
    year = start.year if start is not None else end.year if end is not None else 0
    probe = replace(question, text=phrase, terms=tuple(words), start=date(year, 1, 1), end=date(year, 12, 31))
    prefixes = {w[:4] for w in words}
    told = []
    for hit in search(probe, 8):
        when, sentence = hit.sentence.date, hit.sentence
        if when is None or when.granularity not in TO_THE_MONTH or sentence.date_inherited or when.start.year != year:
            continue
        said = {w[:4] for w in re.findall(r"[a-z]+", sentence.text.lower())}
        if prefixes <= said:
            told.append(when)
    if not told:
        return question
    first = min(told, key=lambda d: d.start)
    if opens:
        return replace(question, frame_start=first.start)
    return replace(question, frame_end=first.end)
