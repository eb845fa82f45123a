"""Read an examination question as an examiner sets it: the directive, the time frame and the variables.

"Critically evaluate the US-Pakistan relations under the Joe Biden Administration vis-à-vis the US' Indo-Pacific
strategy" → directive `critically evaluate`, frame 2021-01-20 – 2025-01-20 ("under the Joe Biden
Administration"), variables ("Indo-Pacific strategy",). The pair is read by `dyadscope.ask.question`.

Rules, and the word lists they read (`data/lang/en/directives.yaml` and `questions.yaml`; happenings are rows
of `data/named_periods.csv`):

- Directive: the directive phrase the question names first; "critical(ly)" beside it reads it critically.
- Frame: a calendar expression, a leader's tenure, or a named happening or era after a word of time ("since the
  Galwan clash", "during the Cold War"; "the Suez Crisis" alone is what the question is about, not when).
  "since X" starts on X's first day, "after X" on the day after it ends; "the 21st century" is 2001 on;
  "post-X" and a span that has not ended yet are open; "in the last decade" is counted back from `today`. "after
  the US withdrawal" names a happening once the question names where from ("... in Afghanistan").
- Variables: the short noun phrases after the cues of the word list ("vis-à-vis X", "the X factor"), phrases of
  two or more words that end in an issue noun ("the Simla Agreement"), named happenings that set no frame, and
  other states than the pair (not in a compare question, whose further states are further pairs).

Plain `re` over the text and the actor and date mentions already found: no parser, so a question is read in
about a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import pairwise

from dyadscope.ask.exam_words import exam_lists as _lists
from dyadscope.ask.variables import read_variables
from dyadscope.data import lang_words
from dyadscope.ingest.common import MONTHS
from dyadscope.models import DateMention, Mention
from dyadscope.nlp.dates import DateFinder

NO_DIRECTIVE = "answer"
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Reading:
    directive: str
    critical: bool
    frame_start: date | None
    frame_end: date | None
    frame_phrase: str | None
    variables: tuple[str, ...]
    span: tuple[date | None, date | None] | None  # a retrieval span where the date finder's own was wrong


def read_directive(text: str) -> tuple[str, bool, tuple[int, int] | None]:
    """The directive the question names first (at one place the longest), whether it is to be read critically, and
    where it stands."""
    lists = _lists()
    found = [(m.start(), -m.end(), name) for name, p in lists.directives if (m := p.search(text))]
    if not found:
        return lists.none, False, None
    start, minus_end, name = min(found)
    end = -minus_end
    critical = (
        name == "critically evaluate"
        or lists.critical.search(text, max(0, start - 12), start) is not None
        or lists.critical_after.match(text, end) is not None
    )
    return name, critical, (start, end)


def _alternatives(key: str) -> str:
    """A word list of data/lang/en/questions.yaml as alternatives of a pattern, whole words; a space inside an entry
    ("in the wake of") matches any run of spaces."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in lang_words(key, "questions"))


# The pair ---------------------------------------------------------------------------------------------------

_RELATIONS = rf"(?:bilateral\s+)?(?:{_alternatives('relation_words')})\b"
_JOINED = re.compile(r"\s*(?:[-–—/]|\band\b)\s*(?:the\s+)?")
_AFTER_PAIR = re.compile(rf"(?:['’]s?)?\s+{_RELATIONS}")
_BEFORE_PAIR = re.compile(r"\bbetween\s+(?:the\s+)?$")  # relations, a dispute, a war "between A and B"
_AFTER_PAIR_TOGETHER = re.compile(r"\s+(?:together|closer|apart)\b")  # "pushed A and B together", "drew A and B closer"
_WITH = re.compile(rf"['’]s?\s+(?:\w+\s+)?{_RELATIONS}\s+with\s+(?:the\s+)?")


def named_pair(text: str, states: Sequence[Mention]) -> tuple[str, str] | None:
    """The two states whose relations the question names ("China–India relations", "relations between Greece and
    Turkey", "India's relations with Russia", "the border war between Peru and Ecuador", "pushed the United States
    and China together"), wherever other states stand ("the Pakistan factor")."""
    for a, b in pairwise(states):
        if a.code == b.code:
            continue
        if _JOINED.fullmatch(text, a.end, b.start) and (
            _AFTER_PAIR.match(text, b.end)
            or _AFTER_PAIR_TOGETHER.match(text, b.end)
            or _BEFORE_PAIR.search(text, max(0, a.start - 40), a.start)
        ):
            return a.code, b.code
        if _WITH.fullmatch(text, a.end, b.start):
            return a.code, b.code
    return None


# Frames -------------------------------------------------------------------------------------------------------

_CUE = re.compile(
    rf"(?:\b(?P<w>{_alternatives('frame_cues')})\s+(?:the\s+)?|\b(?P<p>post|pre)\s*[-–]\s*)$", re.IGNORECASE
)
# A time word, then the happening it bounds by (no comma, clause break or number between), then its date: "since
# the breakdown of diplomatic ties in 1978", "after the peace agreement of July 2018".
_HAPPENING_CUE = re.compile(
    rf"\b(?P<w>{_alternatives('happening_cues')})\s+(?:the\s+)?[^,;:.()\d]{{1,70}}?\s(?:in|of|on)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_THE = re.compile(rf"\b(?:{_alternatives('year_determiners')})\s+$")  # "the 2009 aid law" names a law
_NAME_OF = re.compile(r"\b[A-Z][\w-]*\s+of\s+$")  # "the Treaty of 1954"
_WORD_AFTER = re.compile(rf"\s+(?!(?:{_alternatives('year_joiners')})\b)[A-Za-z]")
# "since the 1974 Cyprus crisis", "since the 1978 Treaty of Peace and Friendship": a name runs on over "of", "on",
# "for" or "and" before a capitalised word
_NAME_AFTER_YEAR = re.compile(
    rf"(?:\s+(?:(?:of|on|for|and)\s+(?=[A-Z])|(?!(?:{_alternatives('name_stops')})\b))[\w’'-]+){{0,5}}"
)
_AFTER_WORDS = ("aft", "fol", "pos", "in the wake", "in the aftermath")
_BEFORE_WORDS = ("bef", "pri", "pre")
_UNTIL_WORDS = ("unt", "til", "by")
_GLOSS = re.compile(r"\s*\(\s*|\s+(?:in|of|on)\s+")  # "the Iraq War (2003–2011)", "the withdrawal in August 2021"
_RECENT = re.compile(
    r"\b(?:in|over|during|for)\s+the\s+(?:last|past)\s+(?:(?P<n>two|three|four|five|\d{1,2})\s+)?"
    r"(?P<unit>decades?|years?)\b",
    re.IGNORECASE,
)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}
_WITHDRAWAL = re.compile(
    r"\b(?:after|since|following|before)\s+the\s+(?:(?P<who>[A-Z][\w.]*)\s+)?withdrawal\b"
    r"(?:\s+from\s+(?P<place>[A-Z][\w]*(?:\s+[A-Z]\w*)?))?"
)


@dataclass(frozen=True, slots=True)
class _Frame:
    start: date | None
    end: date | None
    begin: int  # where its phrase starts and ends in the question
    finish: int
    reframed: bool  # opened here, not by the date finder


def _years_back(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


_BOUNDING = ("sin", *_AFTER_WORDS, *_BEFORE_WORDS, "unt", "til")  # words that keep a year naming a happening


def _frame_of(text: str, m: DateMention, today: date) -> _Frame | None:
    """The frame one date mention sets, or None when it names a thing rather than a time."""
    cue = _CUE.search(text, max(0, m.start - 40), m.start)
    if m.kind == "explicit":  # "since the restoration of diplomatic relations in 1990": since then, not in 1990
        cue = _HAPPENING_CUE.search(text, max(0, m.start - 90), m.start) or cue
    word = m.text if m.open_end else (cue["w"] or cue.groupdict().get("p") or "") if cue else ""
    word = " ".join(word.lower().split())
    if m.kind == "named" and not (cue or m.open_end or m.text.lower().startswith(("post", "pre"))):
        return None  # "Write a note on the Suez Crisis": what it is about
    finish = m.end
    if m.kind == "explicit" and not m.open_end and m.interval.granularity in ("day", "month", "year"):
        before = text[max(0, m.start - 30) : m.start]
        if (_THE.search(before) and _WORD_AFTER.match(text, m.end)) or _NAME_OF.search(before):
            if not word.startswith(_BOUNDING):
                return None  # "the 2009 aid law", "the Treaty of 1954"
            name = _NAME_AFTER_YEAR.match(text, m.end)  # "since the 1974 Cyprus crisis": its whole name
            finish = name.end() if name else m.end
    start: date | None = m.interval.start
    end: date | None = m.interval.end
    if m.open_end:  # bounded by the date finder already
        start, end = (None, end) if word.startswith(_BEFORE_WORDS) else (start, None)
    elif word.startswith("sin"):
        end = None
    elif word.startswith(_AFTER_WORDS):
        start = m.interval.end + ONE_DAY if m.kind in ("named", "tenure") else m.interval.start
        end = None
    elif word.startswith(_BEFORE_WORDS):
        start = None
        end = m.interval.start - ONE_DAY if m.kind in ("named", "tenure") else m.interval.end
    elif word.startswith(_UNTIL_WORDS):
        start = None
    elif m.text.lower().startswith("post"):
        end = None
    # A happening the date finder left closed ("after the end of the Cold War" is not that day) bounds the search
    # too; a year that names one ("after the 2010 floods") is still searched as that year.
    reframed = m.kind == "named" and not m.open_end and cue is not None and (start is None or end is None)
    if m.interval.granularity == "century" and start and end and start.year % 100 == 0 and end.year % 100 == 99:
        start, end = date(start.year + 1, 1, 1), date(end.year + 1, 12, 31)  # "the 21st century" = 2001–2100
    if end is not None and end > today:
        end = None  # still running: open
    return _Frame(start, end, cue.start() if cue else m.start, finish, reframed)


def _withdrawals(
    text: str, finder: DateFinder, dates: Sequence[DateMention], states: Sequence[str], places: Sequence[str]
) -> list[DateMention]:
    """ "after the US withdrawal" as a named happening, from where the question names: "withdrawal from
    Afghanistan" when it is about Afghanistan."""
    found = []
    for m in _WITHDRAWAL.finditer(text):
        if any(d.start < m.end() and m.start() < d.end for d in dates):
            continue
        who = [m["who"]] if m["who"] else list(states)
        where = [m["place"]] if m["place"] else list(places)
        for subject in who:
            hits = [
                d for place in where for d in finder.find(f"{subject} withdrawal from {place}") if d.kind == "named"
            ]
            if hits:
                begin = m.start("who") if m["who"] else text.index("withdrawal", m.start())
                found.append(DateMention(begin, m.end(), text[begin : m.end()], hits[0].interval, "named"))
                break
    return found


def read_frame(
    text: str,
    dates: Sequence[DateMention],
    finder: DateFinder,
    today: date,
    states: Sequence[str] = (),
    places: Sequence[str] = (),
) -> tuple[_Frame | None, list[tuple[int, int]]]:
    """The frame the question sets (the union of its time expressions), and the spans of named happenings that set
    none (they are what the question is about)."""
    mentions = sorted([*dates, *_withdrawals(text, finder, dates, states, places)], key=lambda d: d.start)
    frames: list[_Frame] = []
    things: list[tuple[int, int]] = []
    glossed = -1
    for i, m in enumerate(mentions):
        if m.start < glossed:
            continue
        frame = _frame_of(text, m, today)
        if frame is None:
            if m.kind == "named":
                things.append((m.start, m.end))
            continue
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        glosses = following is not None and (
            m.kind == "named" or (m.kind == "tenure" and text[m.end : following.start].strip() == "(")
        )
        if following and glosses and _GLOSS.fullmatch(text, m.end, following.start):
            finish = following.end + (text[following.end : following.end + 1] == ")")
            frame = _Frame(frame.start, frame.end, frame.begin, finish, frame.reframed)
            glossed = following.end
        frames.append(frame)
    for r in _RECENT.finditer(text):
        n = r["n"] or "1"
        count = int(n) if n.isdigit() else _NUMBERS[n.lower()]
        years = count * (10 if r["unit"].lower().startswith("decade") else 1)
        frames.append(_Frame(_years_back(today, years), None, r.start(), r.end(), True))
    if not frames:
        return None, things
    frames.sort(key=lambda f: f.begin)
    starts, ends = [f.start for f in frames], [f.end for f in frames]
    start = None if None in starts else min(s for s in starts if s)
    end = None if None in ends else max(e for e in ends if e)
    phrase_end = frames[-1].finish if frames[-1].begin - frames[0].finish < 40 else frames[0].finish
    return _Frame(start, end, frames[0].begin, phrase_end, any(f.reframed for f in frames)), things


# Variables ----------------------------------------------------------------------------------------------------


@cache
def _named_things() -> re.Pattern[str]:
    """An agreement or treaty by its name: capitalised words before the noun ("the Lombok Treaty", "the Paris Peace
    Agreements") or after it ("the Treaty on Basic Relations"), not a month ("Agreement of October 1991")."""
    nouns = sorted({f for w in lang_words("named_things", "review") for f in (w, w + "s", w[:-1] + "ies")}, key=len)
    word, months = r"[A-Z][\w’'-]*", "|".join(MONTHS)
    return re.compile(
        rf"\b(?P<before>(?:{word}\s+){{0,4}})(?:{'|'.join(reversed(nouns))})\b"
        rf"(?P<after>\s+(?:on|of|for)\s+(?!(?i:{months})\b){word}(?:\s+(?:and\s+)?{word})*)?"
    )


def _is_name(name: str) -> bool:
    """A name, not a bare noun: words before or after the noun."""
    return len(name.split()) > 1


def read_exam(
    text: str,
    actors: Sequence[Mention],
    dates: Sequence[DateMention],
    finder: DateFinder,
    pair: tuple[str, str] | None,
    names: dict[str, str],
    today: date | None = None,
) -> Reading:
    """Directive, frame and variables; `names` are the question's countries by code ("AFG": "Afghanistan"), for
    happenings told by where they were ("the US withdrawal ... Afghanistan")."""
    today = today or date.today()
    directive, critical, where = read_directive(text)
    countries = [names[m.code] for m in actors if m.kind == "country" and m.code in names]
    frame, things = read_frame(text, dates, finder, today, list(dict.fromkeys(countries)), countries)
    blocked = ([where] if where else []) + ([(frame.begin, frame.finish)] if frame else [])
    variables = read_variables(text, actors, dates, pair, directive, blocked, things)
    if frame is not None:  # "since the Beijing Agreement of 10 March 2023": the agreement is an issue too
        named = [m.group().strip() for m in _named_things().finditer(text, frame.begin, frame.finish)]
        variables = tuple(dict.fromkeys([*(n for n in named if _is_name(n)), *variables]))
    if frame is None:
        return Reading(directive, critical, None, None, None, variables, None)
    phrase = text[frame.begin : frame.finish]
    span = None
    if frame.reframed:  # for search as the date finder bounds "after 1962": from the year before an open start
        span = (date(frame.start.year - 1, 1, 1) if frame.start else None, frame.end)
    return Reading(directive, critical, frame.start, frame.end, phrase, variables, span)


def interval_text(start: date | None, end: date | None) -> str:
    """ "2021-01-20 – 2025-01-20", "from 2001-09-11", "to 1998-12-31"."""
    if start and end:
        return f"{start.isoformat()} – {end.isoformat()}"
    if start:
        return f"from {start.isoformat()}"
    return f"to {end.isoformat()}" if end else "any time"
