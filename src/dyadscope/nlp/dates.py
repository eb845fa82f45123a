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

import calendar
import csv
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from importlib import resources
from pathlib import Path

from dyadscope.models import DateInterval, DateMention


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
        text = resources.files("dyadscope").joinpath("data/named_periods.csv").read_text(encoding="utf-8")
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


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 14)}
_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_ORDINALS = {
    word: n
    for n, word in enumerate(
        (
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ),
        1,
    )
} | {"twenty first": 21, "twenty second": 22}
_RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
_STEPS = {"last": -1, "this": 0, "next": 1}

# Patterns start with a literal or digit class so `re` can skip ahead fast; what may precede a
# match is checked in Python (`_clear_left`). After a year: no letter, "%", "(b)", decimal,
# further number or unit.
_NUMERIC_LEFT = "_$£€§.,/'’"
_YA = (
    r"(?![\w%(]|[.,]\d|[-–—/]\d)"
    r"(?!\s+(?:km|kilomet(?:re|er)s|miles|met(?:re|er)s|feet|ft|tons|tonnes|kg|MW)\b)"
)
_Y = r"(?P<y>[12]\d{3})"
_DIGIT = re.compile(r"\d")
_ISO = re.compile(r"(?P<y>[12]\d{3})-(?P<m>\d\d)-(?P<d>\d\d)(?![\w/]|[-.]\d)")
_SLASH = re.compile(r"(?P<a>[0-9][0-9]?)(?P<sep>[/-])(?P<b>\d{1,2})(?P=sep)(?P<y>[12]\d{3})(?![\w/]|[-.]\d)")
_DAY_FIRST = re.compile(rf"(?P<d>[0-9][0-9]?)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+{_Y}{_YA}")
_MONTH_FIRST = re.compile(rf"{_MONTH},?\s+(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)|of\s+)?{_Y}{_YA}")
_SEASON = re.compile(
    rf"(?P<s>Spring|spring|Summer|summer|Autumn|autumn|Fall|fall|Winter|winter),?\s+(?:of\s+)?{_Y}{_YA}"
)
_YEAR = re.compile(rf"{_Y}{_YA}")
_YEAR_RANGE = re.compile(rf"{_Y}\s*[-–—]\s*(?P<y2>[12]\d{{3}}|\d\d){_YA}")
_DECADE = re.compile(r"(?P<n>[12'’]\d{1,3}0)['’]?s\b")
_CENTURY = re.compile(r"(?:century|Century|CENTURY)\b")  # then its ordinal is looked for before it
_ORDINAL = re.compile(
    r"(?:\b(?P<n>\d{1,2})(?:st|nd|rd|th)|\b(?P<w>twenty[\s-](?:first|second)|" + "|".join(_ORDINALS) + r"))[\s-]+$",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"(?P<w>yesterday|today|tomorrow|last|this|next|Yesterday|Today|Tomorrow|Last|This"
    r"|Next)(?:\s+(?P<unit>week|month|year))?\b"
)
_REFERENCE = re.compile(  # a number after these is a section, statute or resolution, not a year
    r"(?:[#№¶§]|(?<![.\w])(?:sec|secs|art|para|no|nos|u\.s\.c|c\.f\.r|stat|l|res|h\.r|s|p|pp|ch|vol|rs)\.|\b(?:section|"
    r"sections|article|paragraph|number|resolution|resolutions|page|pages|chapter|title|form|flight|usd|"
    r"us\$|executive order))\s*(?:\d[\w()]*\s*(?:,|and|or|through|to)\s*)*$",  # "sections 1116 and 1117"
    re.IGNORECASE,
)
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
_TENURE_WORD = re.compile(
    r"(?:['’]s)?[\s-]+(?:administration|government|era|tenure|presidency|premiership"
    r"|regime|years)\b",
    re.IGNORECASE,
)

_Handler = Callable[[re.Match[str], "date | None"], "DateMention | None"]
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


def _spellings(alias: str) -> tuple[str, str, str]:
    """As written, all lower case, and with later words lowered ("Gulf war", house styles vary)."""
    first, _, rest = alias.partition(" ")
    return alias, alias.lower(), f"{first} {rest.lower()}" if rest else alias


def _clear_left(text: str, i: int, bad: str) -> bool:
    """A match must start a token: no letter, digit, `bad` character or "<digit>-" before it."""
    if i == 0:
        return True
    c = text[i - 1]
    return not (c.isalnum() or c in bad or (c in "-–—" and i > 1 and text[i - 2].isdigit()))


def _hit(m: re.Match[str], interval: DateInterval, kind: str = "explicit") -> DateMention:
    return DateMention(m.start(), m.end(), m.group(), interval, kind)


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d) if 1000 <= y <= 2100 else None
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return date(y, m, calendar.monthrange(y, m)[1])


def _years(first: int, last: int, granularity: str) -> DateInterval:
    return DateInterval(date(first, 1, 1), date(last, 12, 31), granularity)


def _shift_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _is_reference(m: re.Match[str]) -> bool:
    """ "§ 1954", "50 U.S.C. 1801", "Resolution 1373": numbers that look like years but are not."""
    return _REFERENCE.search(m.string, max(0, m.start() - 48), m.start()) is not None


def _iso(m: re.Match[str], _: date | None) -> DateMention | None:
    d = _day(int(m["y"]), int(m["m"]), int(m["d"]))
    return _hit(m, DateInterval(d, d, "day")) if d else None


def _slash(m: re.Match[str], _: date | None) -> DateMention | None:
    y, a, b = int(m["y"]), int(m["a"]), int(m["b"])
    readings = sorted({d for d in (_day(y, b, a), _day(y, a, b)) if d})
    if not readings or _is_reference(m):
        return None
    return _hit(m, DateInterval(readings[0], readings[-1], "day" if len(readings) == 1 else "range"))


def _calendar(m: re.Match[str], _: date | None) -> DateMention | None:
    y, mon = int(m["y"]), _MONTHS.index(m["mon"][:3].lower()) + 1
    if m["d"]:
        d = _day(y, mon, int(m["d"]))
        return _hit(m, DateInterval(d, d, "day")) if d else None
    return _hit(m, DateInterval(date(y, mon, 1), _month_end(y, mon), "month")) if 1000 <= y <= 2100 else None


def _season(m: re.Match[str], _: date | None) -> DateMention | None:
    y = int(m["y"])
    if not 1000 <= y <= 2100:
        return None
    first, last = _SEASONS[m["s"].lower()]
    return _hit(m, DateInterval(date(y, first, 1), _month_end(y, last), "season"))


def _year(m: re.Match[str], _: date | None) -> DateMention | None:
    y = int(m["y"])
    return _hit(m, _years(y, y, "year")) if 1000 <= y <= 2100 and not _is_reference(m) else None


def _year_range(m: re.Match[str], _: date | None) -> DateMention | None:
    y1, tail = int(m["y"]), m["y2"]
    y2 = int(tail) if len(tail) == 4 else y1 - y1 % 100 + int(tail)  # "2009-10" → 2010
    if not 1000 <= y1 < y2 <= 2100 or _is_reference(m):
        return None
    return _hit(m, _years(y1, y2, "range"))


def _decade(m: re.Match[str], _: date | None) -> DateMention | None:
    n = m["n"]
    if n[0] in "'’":
        if len(n) != 3:
            return None
        first = (2000 if n[1] in "01" else 1900) + int(n[1:])
    elif len(n) == 4 and 10 <= int(n[:2]) <= 20:
        first = int(n)
    else:
        return None
    return _hit(m, _years(first, first + 9, "decade"))


def _century(m: re.Match[str], _: date | None) -> DateMention | None:
    ordinal = _ORDINAL.search(m.string, max(0, m.start() - 16), m.start())
    if ordinal is None:
        return None
    n = int(ordinal["n"]) if ordinal["n"] else _ORDINALS[re.sub(r"[\s-]+", " ", ordinal["w"].lower())]
    if not 1 <= n <= 21:
        return None
    s = ordinal.start()
    interval = _years(max(1, (n - 1) * 100), (n - 1) * 100 + 99, "century")
    return DateMention(s, m.end(), m.string[s : m.end()], interval)


def _relative(m: re.Match[str], anchor: date | None) -> DateMention | None:
    word, unit = m["w"].lower(), m["unit"]
    if anchor is None or (word in _STEPS) != bool(unit):
        return None
    try:
        return _hit(m, _relative_interval(anchor, word, unit), "relative")
    except (ValueError, OverflowError):  # an anchor at the ends of the calendar
        return None


def _relative_interval(anchor: date, word: str, unit: str | None) -> DateInterval:
    """ "yesterday", "last week" (Monday to Sunday), "next month", "this year" from the anchor."""
    if not unit:
        d = anchor + timedelta(days=_RELATIVE_DAYS[word])
        return DateInterval(d, d, "day")
    step = _STEPS[word]
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        return DateInterval(monday, monday + timedelta(days=6), "range")
    if unit == "month":
        y, mon = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
        return DateInterval(date(y, mon + 1, 1), _month_end(y, mon + 1), "month")
    return _years(anchor.year + step, anchor.year + step, "year")


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


class DateFinder:
    """Finds dated expressions in text; build once (regexes compile here), call per sentence."""

    def __init__(self, named_periods: Sequence[NamedPeriod] = (), tenures: Sequence[Tenure] = ()) -> None:
        self._named = {alias.lower(): p for p in named_periods for alias in (p.name, *p.aliases)}
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
        ]
        if self._named:
            spellings = {s for p in named_periods for a in (p.name, *p.aliases) for s in _spellings(a)}
            pattern = re.compile(f"(?:{_trie(spellings)})(?![\\w/]|-\\d)")
            self._rules.append((pattern, self._named_period, "always", "_/"))
        if self._tenures:
            pattern = re.compile(f"(?:{_trie(self._tenures)})(?!\\w)")
            self._rules.append((pattern, self._tenure, "always", "_"))

    def _named_period(self, m: re.Match[str], _: date | None) -> DateMention | None:
        if _NOT_THAT_PERIOD.search(m.string, max(0, m.start() - 10), m.start()):
            return None
        return _hit(m, self._named[m.group().lower()].interval, "named")

    def _tenure(self, m: re.Match[str], anchor: date | None) -> DateMention | None:
        """ "<alias> administration/government/era…" or "under <alias>": a multi-term leader by the
        module docstring's rule."""
        text, start, end = m.string, m.start(), m.end()
        if after := _TENURE_WORD.match(text, end):
            end = after.end()
        elif under := _UNDER.search(text, max(0, start - 40), start):
            start = under.start()
        else:
            return None
        terms = [t.interval for t in self._tenures[m.group()]]
        begun = [i for i in terms if anchor is not None and i.start <= anchor]
        if begun:
            latest = max(begun, key=lambda i: i.start)
            interval = DateInterval(latest.start, latest.end, "tenure")
        else:
            interval = DateInterval(min(i.start for i in terms), max(i.end for i in terms), "tenure")
        return DateMention(start, end, text[start:end], interval, "tenure")

    def find(self, text: str, anchor: date | None = None) -> list[DateMention]:
        """Non-overlapping mentions sorted by start; `anchor` (the document's date) resolves
        relative expressions and picks among a leader's tenures, and is never defaulted to today."""
        gates = {"always"}
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
