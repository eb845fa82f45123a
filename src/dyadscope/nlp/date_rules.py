"""The rules for calendar expressions: the pattern of each kind of atom and the function that dates it.

An atom is one expression a pattern matches: an ISO or N/N/YYYY date, "24 February 2022", "May 2022",
"winter 2024", a year, a year range, a decade, a century, or "yesterday"/"last week" (relative to the
document's date). Each handler takes the match and the anchor date and returns a `DateMention`, or None
when the match is no date (an impossible day, a section or resolution number). `DateFinder`
(dyadscope.nlp.dates) runs them and joins what they find into ranges and bounds.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from dyadscope.models import DateInterval, DateMention

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 14)}
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
# A day and month with no year ("June 17", "17 June", "Oct. 12"), and a weekday ("on Tuesday"): a news story's
# own days, read against its date (the anchor) and never without one.
_MONTH2 = _MONTH.replace("mon>", "mon2>")
_MONTH_DAY = re.compile(
    rf"(?:{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH2})"
    r"(?![\d%]|,?\s*\d)"
)
_WEEKDAY = re.compile(r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_REFERENCE = re.compile(  # a number after these is a section, statute or resolution, not a year
    r"(?:[#№¶§]|(?<![.\w])(?:sec|secs|art|para|no|nos|u\.s\.c|c\.f\.r|stat|l|res|h\.r|s|p|pp|ch|vol|rs)\.|\b(?:section|"
    r"sections|article|paragraph|number|resolution|resolutions|page|pages|chapter|title|form|flight|usd|"
    r"us\$|executive order))\s*(?:\d[\w()]*\s*(?:,|and|or|through|to)\s*)*$",  # "sections 1116 and 1117"
    re.IGNORECASE,
)

_Handler = Callable[[re.Match[str], "date | None"], "DateMention | None"]


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


def _month_day(m: re.Match[str], anchor: date | None) -> DateMention | None:
    """ "June 17" in a story of 2020-06-18: the June 17 nearest the anchor (a story's days are close to it)."""
    if anchor is None:
        return None
    month = _MONTHS.index((m["mon"] or m["mon2"])[:3].lower()) + 1
    days = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _day(y, month, int(m["d"] or m["d2"])))]
    if not days:
        return None
    nearest = min(days, key=lambda d: abs((d - anchor).days))
    return _hit(m, DateInterval(nearest, nearest, "day"), "relative")


def _weekday(m: re.Match[str], anchor: date | None) -> DateMention | None:
    """ "on Tuesday": the latest Tuesday on or before the anchor (news tells what has happened)."""
    if anchor is None:
        return None
    back = (anchor.weekday() - _WEEKDAYS.index(m["wd"].lower())) % 7
    day = anchor - timedelta(days=back)
    return _hit(m, DateInterval(day, day, "day"), "relative")


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
