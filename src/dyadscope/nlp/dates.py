"""Find time expressions in a sentence and normalise them to closed `DateInterval`s.

Plain compiled `re`, not dateparser: that mis-reads decades and ranges and is far too slow for
a call per sentence. Atoms ("May 2022", "the 1990s", "the Cold War") are matched first, the
longest winning overlaps; then "from A to B" / "between A and B" / "A–B" join into ranges and
"after/since/before X" widen X. Where English is vague these rules apply:

- "after / post- / following X": the year that starts the day after X ends. "since X": from
  X's start, X or one year, whichever is longer. "before / prior to / pre- X": the year that
  ends the day before X starts. All get `open_end=True`: one bound stands for an open side.
- A leader with several tenures: the latest one begun on or before `anchor` (the document's
  date); with no anchor, or one before them all, the span of all of them.
- "early/mid/late 1980s" = 1980–83 / 1984–86 / 1987–89; centuries scale the same way.
- "the 20th century" = 1900–1999 (popular usage, not the strict 1901–2000).
- "'20s"…"'90s" are the 1900s, "'00s" and "'10s" the 2000s.
- Seasons are northern meteorological: "winter 2024" = December 2024 to February 2025.
- N/N/YYYY: the one valid reading of day/month and month/day, else the range between both.
- Bare 4-digit years must be 1000–2100, stand alone (no adjacent digit, comma, decimal, "§",
  currency) and not follow a legal or numbering word ("U.S.C.", "Section", "No.", "Resolution").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from dyadscope.data import data_path
from dyadscope.models import DateInterval, DateMention
from dyadscope.nlp.date_rules import (
    _CENTURY,
    _DAY_FIRST,
    _DECADE,
    _ISO,
    _MONTH_DAY,
    _MONTH_FIRST,
    _NUMERIC_LEFT,
    _RELATIVE,
    _SEASON,
    _SLASH,
    _WEEKDAY,
    _YEAR,
    _YEAR_RANGE,
    _calendar,
    _century,
    _decade,
    _Handler,
    _hit,
    _iso,
    _month_day,
    _relative,
    _season,
    _slash,
    _weekday,
    _year,
    _year_range,
    _years,
)


@dataclass(frozen=True)
class Tenure:
    """A leader's time in office, so "the Obama administration" becomes a date."""

    name: str
    aliases: tuple[str, ...]
    interval: DateInterval


@dataclass(frozen=True)
class NamedPeriod:
    """A world-history event or era with cited dates ("the Cold War", "9/11")."""

    name: str
    aliases: tuple[str, ...]
    interval: DateInterval
    source: str


def load_named_periods(path: Path | None = None) -> list[NamedPeriod]:
    """Read a period table (`name,aliases,start,end,granularity,source`); the packaged one by default."""
    if path is None:
        text = data_path("named_periods.csv").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return [
        NamedPeriod(
            row["name"],
            tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
            DateInterval(date.fromisoformat(row["start"]), date.fromisoformat(row["end"]), row["granularity"]),
            row["source"],
        )
        for row in csv.DictReader(text.splitlines())
    ]


# How atoms combine (`DateFinder.find`): "early/mid/late" parts, ranges, bounds; and what must surround a
# named period or a leader's name for it to be a date.
_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_DIGIT = re.compile(r"\d")
_PART = re.compile(r"\b(?P<q>early|mid|late)(?:\s+|\s*-\s*)$", re.IGNORECASE)
_GAP = re.compile(r"\s*[-–—]\s*|\s+(?P<w>to|until|till|through|and)\s+(?:the\s+)?", re.IGNORECASE)
_OPENER = re.compile(r"\b(?P<w>from|between)\s+(?:the\s+)?$", re.IGNORECASE)
_BOUND = re.compile(
    r"(?:\b(?P<w>after|since|following|before|prior\s+to)\s+(?P<the>the\s+)?"
    r"|\b(?P<p>post|pre)(?:[-–]|\s+))$",
    re.IGNORECASE,
)
_NOT_THAT_PERIOD = re.compile(r"\b(?:new|second|another)\s+$", re.IGNORECASE)  # "a new Cold War"
_UNDER = re.compile(
    r"\b[Uu]nder\s+(?:(?:President|Prime\s+Minister|PM|General|Gen\.|Premier|Chancellor|King"
    r"|Queen|Field\s+Marshal)\s+)?$"
)
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4}
_OFFICES = r"administration|government|era|tenure|presidenc(?:y|ies)|premiership|chancellorship|regime|term|rule"
_TENURE_WORD = re.compile(
    rf"(?:['’]s)?[\s-]+(?:(?P<nth>{'|'.join(_ORDINALS)})\s+)?(?:{_OFFICES})s?\b|['’]s\s+years\b|[\s-]+years\b",
    re.IGNORECASE,
)
_NTH_BEFORE = re.compile(rf"\b(?P<nth>{'|'.join(_ORDINALS)})\s+$", re.IGNORECASE)  # "the first Trump administration"
# "the presidencies of Kim Dae-jung and Roh Moo-hyun": the office before the name, the first name or a later one
_OF_OFFICE = re.compile(
    rf"\b(?:{_OFFICES})s?\s+of\s+(?:(?:President|Prime\s+Minister|PM|Chancellor|General)\s+)?$", re.IGNORECASE
)
_AND_OF_OFFICE = re.compile(
    rf"\b(?:{_OFFICES})s?\s+of\s+(?:[A-Z][\w’'.-]*\s+){{1,4}}and\s+(?:(?:President|Prime\s+Minister|PM|Chancellor)\s+)?$",
    re.IGNORECASE,
)
_TOOK_OFFICE = re.compile(r"\s+(?:took|assumed|came\s+to|returned\s+to)\s+(?:office|power)\b", re.IGNORECASE)
_GLOSS_YEARS = re.compile(r"\s*\(\s*((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)\s*\)")  # "Hasina (2009–2024)"
_Trie = dict[str, "_Trie"]


def _trie(words: Iterable[str]) -> str:
    """An alternation shaped as a trie: many aliases cost one pass instead of one try each."""
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
        return f"(?:{body})?" if "" in node else body  # greedy: the longest alias wins

    return emit(root)


def _spellings(alias: str) -> set[str]:
    """As written, all lower case, with later words lowered ("Gulf war", house styles vary) or the first word
    only ("the collapse of the Soviet Union"); a hyphen between names also as an en or em dash ("Iran–Iraq War")."""
    first, _, rest = alias.partition(" ")
    styles = {alias, alias.lower(), f"{first} {rest.lower()}" if rest else alias, f"{first.lower()} {rest}".strip()}
    return {s.replace("-", dash) for s in styles for dash in "-–—"}


def _clear_left(text: str, i: int, bad: str) -> bool:
    """A match must start a token: no letter, digit, `bad` character or "<digit>-" before it."""
    if i == 0:
        return True
    c = text[i - 1]
    return not (c.isalnum() or c in bad or (c in "-–—" and i > 1 and text[i - 2].isdigit()))


def _shift_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _longest_first(candidates: list[DateMention]) -> list[DateMention]:
    """Keep the longest of overlapping matches ("24 February 2022" over "2022")."""
    chosen: list[DateMention] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _part(text: str, m: DateMention) -> DateMention:
    """ "early/mid/late" before a decade or century narrows it to its first/middle/last part."""
    step = {"decade": 1, "century": 10}.get(m.interval.granularity)
    part = _PART.search(text, max(0, m.start - 8), m.start) if step else None
    if part is None or step is None:
        return m
    lo, hi = _PARTS[part["q"].lower()]
    base = m.interval.end.year - 10 * step + 1
    try:
        interval = _years(base + lo * step, base + hi * step + step - 1, m.interval.granularity)
    except ValueError:
        return m
    s = part.start()
    return DateMention(s, m.end, text[s : m.end], interval, m.kind)


def _join(text: str, a: DateMention, b: DateMention) -> DateMention | None:
    """ "from 1990 to 2001", "between 1990 and 2001", "1950s-1960s" → one range mention."""
    gap = _GAP.fullmatch(text, a.end, b.start)
    if gap is None or "range" in (a.interval.granularity, b.interval.granularity):
        return None
    opener = _OPENER.search(text, max(0, a.start - 16), a.start)
    if (gap["w"] or "").lower() == "and" and (opener is None or opener["w"].lower() != "between"):
        return None  # "the 1950s and 1960s" is two mentions
    if a.interval.start > b.interval.start or a.interval.end >= b.interval.end:
        return None
    start = opener.start() if opener else a.start
    interval = DateInterval(a.interval.start, b.interval.end, "range")
    return DateMention(start, b.end, text[start : b.end], interval, a.kind if a.kind == b.kind else "explicit")


def _bound(text: str, m: DateMention) -> DateMention:
    """Widen X for "after/since/before X" by the rule in the module docstring."""
    word = _BOUND.search(text, max(0, m.start - 24), m.start)
    if word is None or (word["the"] and m.interval.granularity in ("day", "month", "year")):
        return m  # "after the 1999 coup": the year names the coup, not the time after it
    kind, one_day = (word["w"] or word["p"]).lower()[:3], timedelta(days=1)
    try:
        if kind == "sin":
            start = m.interval.start
            end = max(m.interval.end, _shift_years(start, 1) - one_day)
        elif kind in ("bef", "pri", "pre"):
            end = m.interval.start - one_day
            start = _shift_years(end, -1) + one_day
        else:
            start = m.interval.end + one_day
            end = _shift_years(start, 1) - one_day
    except (ValueError, OverflowError):
        return m
    s = word.start()
    return DateMention(s, m.end, text[s : m.end], DateInterval(start, end, "range"), m.kind, open_end=True)


_LONGER_NAME = re.compile(r"\b[A-Z][\w.]*\s?[-–—]\s?$")  # a name joined to the one found: "Iran–"


class DateFinder:
    """Finds dated expressions in text; build once (regexes compile here), call per sentence."""

    def __init__(self, named_periods: Sequence[NamedPeriod] = (), tenures: Sequence[Tenure] = ()) -> None:
        self._named = {s.lower(): p for p in named_periods for a in (p.name, *p.aliases) for s in _spellings(a)}
        self._tenures: dict[str, list[Tenure]] = {}
        for t in tenures:
            for alias in {t.name, *t.aliases}:
                self._tenures.setdefault(alias, []).append(t)
        # (pattern, handler, gate, characters that may not precede a match)
        self._rules: list[tuple[re.Pattern[str], _Handler, str, str]] = [
            (_ISO, _iso, "digit", "_/.-"),
            (_SLASH, _slash, "digit", "_/.-"),
            (_DAY_FIRST, _calendar, "digit", _NUMERIC_LEFT),
            (_MONTH_FIRST, _calendar, "digit", "_"),
            (_SEASON, _season, "digit", "_"),
            (_YEAR, _year, "digit", _NUMERIC_LEFT),
            (_YEAR_RANGE, _year_range, "digit", _NUMERIC_LEFT),
            (_DECADE, _decade, "digit", _NUMERIC_LEFT),
            (_CENTURY, _century, "always", "_"),
            (_RELATIVE, _relative, "anchor", "_"),
            (_MONTH_DAY, _month_day, "anchor", _NUMERIC_LEFT),
            (_WEEKDAY, _weekday, "anchor", "_"),
        ]
        if self._named:
            spellings = {s for p in named_periods for a in (p.name, *p.aliases) for s in _spellings(a)}
            pattern = re.compile(f"(?:{_trie(spellings)})(?![\\w/]|-\\d)")
            self._rules.append((pattern, self._named_period, "always", "_/"))
        if self._tenures:
            pattern = re.compile(f"(?:{_trie(self._tenures)})(?!\\w)")
            self._rules.append((pattern, self._tenure, "always", "_"))
            # in a question only: a document's "since Trump took office in January" is dated by "January"
            self._rules.append((pattern, self._took_office, "question", "_"))

    def _named_period(self, m: re.Match[str], _: date | None) -> DateMention | None:
        if _NOT_THAT_PERIOD.search(m.string, max(0, m.start() - 10), m.start()):
            return None
        if _LONGER_NAME.search(m.string, max(0, m.start() - 30), m.start()):
            return None  # "the Iran–Iraq War" is not "the Iraq War"
        return _hit(m, self._named[m.group().lower()].interval, "named")

    def _tenure(self, m: re.Match[str], anchor: date | None) -> DateMention | None:
        """ "<alias> administration/government/era…", "<alias>'s second term", "the presidencies of <alias> and
        <alias>", "under <alias>": a multi-term leader by the module docstring's rule, or the term its ordinal
        names, or the terms the years glossed after it fall in ("Hasina (2009–2024)")."""
        text, start, end = m.string, m.start(), m.end()
        terms = sorted((t.interval for t in self._tenures[m.group()]), key=lambda i: i.start)
        nth: str | None = None
        if after := _TENURE_WORD.match(text, end):
            end, nth = after.end(), after.groupdict().get("nth")
            if before := _NTH_BEFORE.search(text, max(0, start - 10), start):
                start, nth = before.start(), before["nth"]
        elif office := _OF_OFFICE.search(text, max(0, start - 40), start):
            start = office.start()
        elif _AND_OF_OFFICE.search(text, max(0, start - 100), start):
            pass  # the second of two names after one office: its own mention, from its name
        elif under := _UNDER.search(text, max(0, start - 40), start):
            start = under.start()
        else:
            return None
        if nth is not None:
            index = _ORDINALS[nth.lower()]
            terms = terms[index : index + 1] or terms
        elif gloss := _GLOSS_YEARS.match(text, end):
            first, last = int(gloss[1]), int(gloss[2])
            terms = [i for i in terms if first <= i.start.year and i.end.year <= last] or terms
        begun = [i for i in terms if anchor is not None and i.start <= anchor]
        if begun:
            latest = max(begun, key=lambda i: i.start)
            interval = DateInterval(latest.start, latest.end, "tenure")
        else:
            interval = DateInterval(min(i.start for i in terms), max(i.end for i in terms), "tenure")
        return DateMention(start, end, text[start:end], interval, "tenure")

    def _took_office(self, m: re.Match[str], anchor: date | None) -> DateMention | None:
        """ "<alias> took office / came to power": the day the term began (the latest begun by `anchor`, else the
        first)."""
        took = _TOOK_OFFICE.match(m.string, m.end())
        if took is None:
            return None
        starts = sorted(t.interval.start for t in self._tenures[m.group()])
        begun = [d for d in starts if anchor is not None and d <= anchor]
        day = begun[-1] if begun else starts[0]
        return DateMention(m.start(), took.end(), m.string[m.start() : took.end()], DateInterval(day, day, "day"),
                           "tenure")  # fmt: skip

    def find(self, text: str, anchor: date | None = None, *, question: bool = False) -> list[DateMention]:
        """Non-overlapping mentions sorted by start; `anchor` (the document's date) resolves
        relative expressions and picks among a leader's tenures, and is never defaulted to today. A `question`
        is also read for the day a leader took office ("since Modi took office"), which a document dates by the
        words around it."""
        gates = {"always", "question"} if question else {"always"}
        if _DIGIT.search(text):
            gates.add("digit")
        if anchor is not None:
            gates.add("anchor")
        candidates = []
        for pattern, handler, gate, bad_left in self._rules:
            if gate in gates:
                for m in pattern.finditer(text):
                    if _clear_left(text, m.start(), bad_left) and (found := handler(m, anchor)):
                        candidates.append(found)
        if not candidates:
            return []
        joined: list[DateMention] = []
        for mention in map(partial(_part, text), _longest_first(candidates)):
            if joined and (both := _join(text, joined[-1], mention)):
                joined[-1] = both
            else:
                joined.append(mention)
        return [_bound(text, mention) for mention in joined]

    def parse(self, expression: str, anchor: date | None = None) -> DateInterval | None:
        """The first mention's interval: a convenience for one-off strings."""
        found = self.find(expression, anchor)
        return found[0].interval if found else None
