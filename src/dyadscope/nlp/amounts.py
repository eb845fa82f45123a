"""Find sums of money in a sentence and normalise them to a value, a currency and a kind.

Plain compiled `re`, as for dates: price-parser reads one price from a price tag (no "billion", no
several sums in running prose, no "a year"), and quantulum3 is a large classifier for every unit.
A sum needs a currency ("$", "US$", "Rs", "€", "USD", "dollars", "rupees"): "1.5 billion people",
"1990" and "section 2375" are not money. Its kind is what an examiner checks besides the figure:
"total" ("in total", "a total of", "over five years", "a five-year package"), "rate" ("a year",
"annually", "for each of the fiscal years 2010 through 2014") or None when the sentence does not say.
"Rs"/"rupees" without a country is "RS", which matches both PKR and INR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["total", "rate"]
TOLERANCE = 0.05  # figures this close (relative) are the same figure, rounded

SCALES = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6}
SCALES |= {"mln": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3, "crore": 1e7, "lakh": 1e5, "lac": 1e5}
SYMBOLS = {"$": "USD", "US$": "USD", "U.S.$": "USD", "A$": "AUD", "C$": "CAD", "£": "GBP", "€": "EUR", "₹": "INR"}
WORDS = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "yuan": "CNY", "renminbi": "CNY", "yen": "JPY"}
WORDS |= {"rupee": "RS", "pakistani rupee": "PKR", "indian rupee": "INR", "rs": "RS", "rmb": "CNY"}
CODES = ("USD", "EUR", "GBP", "PKR", "INR", "CNY", "JPY", "AUD", "CAD")
SHOWN = {"USD": "$", "EUR": "€", "GBP": "£", "INR": "₹", "AUD": "A$", "CAD": "C$", "RS": "Rs ", "PKR": "PKR "}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
NUMBERS |= {"ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s?(?P<scale>(?i:trillion|billion|million|thousand|crore|lakh|lac|tn|bn|mn|mln))\b|(?P<glued>[mbk])\b)?"
_CODE = "|".join(CODES)
_PRE = rf"(?P<pre>US\s?\$|U\.S\.\s?\$|[AC]\$|[$£€₹]|(?<![\w.])(?:Rs\.?|RMB|{_CODE})(?=[\s\d]))"
_WORD = r"(?i:(?:US |U\.S\. |American |Pakistani |Indian )?(?:dollar|rupee|euro|pound|yuan|renminbi|yen)s?)"
_POST = rf"(?P<post>{_WORD}|(?:{_CODE}))\b"
AMOUNT = re.compile(rf"(?:{_PRE}\s?)?(?<![\w,])(?<!\d\.){_NUM}{_SCALE}(?:\s+{_POST})?")  # money: pre or post
_COUNT = r"(\d+|" + "|".join(NUMBERS) + ")"
SPAN = re.compile(
    rf"\b(?:over|for|across|during)\s+(?:a period of\s+|the (?:next|following)\s+)?(?:{_COUNT}\s+years|(a decade))\b",
    re.I,
)
SPANNING = re.compile(rf"\b{_COUNT}-year\b", re.IGNORECASE)  # before the sum: "a five-year package of $3 billion"
RANGE = re.compile(r"\b((?:19|20)\d\d)\s*(?:through|to|until|–|-)\s*((?:19|20)\d\d)\b")
RATE = re.compile(
    r"\b(?:a|per|each|every)\s+(?:fiscal\s+)?year\b|\bannual(?:ly)?\b|\bper annum\b|\byearly\b|"
    r"\bfor each of the (?:fiscal\s+)?years\b",
    re.IGNORECASE,
)
TOTAL = re.compile(r"\bin total\b|\b(?:a|the) total of\b|\baltogether\b|\bin all\b|\bcumulative\b", re.I)
BOUND = re.compile(
    r"\b(?:more than|over|at least|nearly|almost|less than|under|up to|about|around|roughly|some|"
    r"approximately|close to|as much as|as little as)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum of money as written (`text`, at `start`–`end`) and what it means."""

    text: str
    value: float
    currency: str  # an ISO 4217 code, or "RS" for rupees of no stated country
    kind: Kind | None
    years: int | None  # the years it covers, when the sentence says
    bound: bool  # "more than", "up to", "about": a limit or an estimate, not the figure itself
    start: int
    end: int

    def readings(self) -> list[tuple[Kind | None, float]]:
        """The figure as stated, and as the other kind where the years it covers are known."""
        own: list[tuple[Kind | None, float]] = [(self.kind, self.value)]
        if self.years and self.kind == "total":
            return [*own, ("rate", self.value / self.years)]
        if self.years and self.kind == "rate":
            return [*own, ("total", self.value * self.years)]
        return own

    def describe(self) -> str:
        """ "$7.5 billion over five years", "$1.5 billion a year", "$3.2 billion"."""
        span = f" for {_count(self.years)} years" if self.years and self.kind == "rate" else ""
        if self.kind == "total":
            span = f" over {_count(self.years)} years" if self.years else " in total"
        return f"{money(self.value, self.currency)}{' a year' if self.kind == 'rate' else ''}{span}"


def find_amounts(text: str) -> list[Amount]:
    """Every sum of money in `text`, in order."""
    matches = [m for m in AMOUNT.finditer(text) if m.group("pre") or m.group("post")]
    found = []
    for n, m in enumerate(matches):
        currency = _currency(m.group("pre"), m.group("post"))
        scale = (m.group("scale") or m.group("glued") or "").lower()
        if currency is None:
            continue
        value = float(m.group("num").replace(",", "")) * SCALES.get(scale, 1.0)
        before = text[max(matches[n - 1].end() if n else 0, m.start() - 50) : m.start()]
        before = re.split(r"[;:]|\b(?:and|but|while|whereas)\b", before)[-1]
        after = text[m.end() : matches[n + 1].start() if n + 1 < len(matches) else len(text)][:80]
        after = re.split(r"[;:.]\s|\b(?:and|but|while|whereas)\b|, (?:which|when|after)\b", after)[0]
        kind, years = _kind(before, after)
        bound = bool(BOUND.search(text[max(0, m.start() - 20) : m.start()]))
        found.append(Amount(m.group(0), value, currency, kind, years, bound, m.start(), m.end()))
    return found


def same_currency(a: str, b: str) -> bool:
    return a == b or (a == "RS" and b in ("PKR", "INR")) or (b == "RS" and a in ("PKR", "INR"))


def close(a: float, b: float, tolerance: float = TOLERANCE) -> bool:
    """The same figure, allowing for rounding ("$1.5 billion" for "$1,480,000,000")."""
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def money(value: float, currency: str) -> str:
    """A value as a reader writes it: "$7.5 billion", "Rs 50 million", "€2,500"."""
    shown = SHOWN.get(currency, f"{currency} ")
    for word, scale in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if value >= scale:
            return f"{shown}{value / scale:.2f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{shown}{value:,.2f}".removesuffix(".00")


def _currency(pre: str | None, post: str | None) -> str | None:
    if pre:
        symbol = re.sub(r"\s", "", pre)
        return SYMBOLS.get(symbol) or (symbol if symbol in CODES else WORDS.get(symbol.lower().rstrip(".")))
    if post is None:
        return None
    word = re.sub(r"^(?:us|u\.s\.|american) ", "", post.lower()).removesuffix("s")
    return post if post in CODES else WORDS.get(word)


def _kind(before: str, after: str) -> tuple[Kind | None, int | None]:
    """Whether the words around a sum make it a total or a yearly rate, and over how many years."""
    span = SPAN.search(after) or SPANNING.search(before)
    years = _years(next(g for g in span.groups() if g)) if span else None
    rate = RATE.search(after) or re.search(r"\b(?:annual|yearly)\b[\w\s-]*$", before, re.I)
    if rate:
        stretch = RANGE.search(after[rate.end() :])
        if stretch:
            years = int(stretch.group(2)) - int(stretch.group(1)) + 1
        return "rate", years
    if span or TOTAL.search(after) or TOTAL.search(before):
        return "total", years
    return None, None


def _years(count: str) -> int | None:
    count = count.lower()
    return 10 if count == "a decade" else NUMBERS.get(count) or (int(count) if count.isdigit() else None)


def _count(years: int | None) -> str:
    words = {v: k for k, v in NUMBERS.items()}
    return words.get(years or 0, str(years))
