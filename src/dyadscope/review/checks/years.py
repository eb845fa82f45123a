"""The years a claim and a document sentence give one happening: which of a sentence's years tells the claim's
words, the claim's clause that holds its year, and whether a sentence gives the claim's year. Used by
`consistency._wrong_year`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dyadscope.ask.retrieve import Hit
from dyadscope.data import lang_words
from dyadscope.ingest.common import MONTHS
from dyadscope.review.checks.common import _words

YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
FIRST_MONTH, LAST_MONTH = MONTHS[0], MONTHS[-1]
RANGE = re.compile(r"\b((?:1[89]|20)\d\d)\s*(?:-|–|to|and|until)\s*((?:1[89]|20)\d\d)\b")


def gives_year(claim: str, hit: Hit, year: int, actor_words: frozenset[str]) -> bool:
    """The document sentence gives the claim's happening the claim's year: the year it writes nearest the words of
    the claim's clause that holds the year ("…, and the court ruled in January 2014 …": not the hearings of 2012
    its sentence also dates), or a span it writes ("between 1954 and 1965"), or (writing none) a date within a year
    of it; or, for a claim that names no month with its year, it dates it to the turn of that year ("in late
    December 1998" for "the crisis of 1999"; "29 December 2012" is not "29 December 2011")."""
    text = hit.sentence.text
    if not YEAR.search(text):
        d = hit.sentence.date
        return d is not None and d.start.year - 1 <= year <= d.end.year + 1
    if any(int(a) <= year <= int(b) for a, b in RANGE.findall(text)):
        return True
    claimed_month = re.search(rf"\b(?:{'|'.join(MONTHS)})\s+{year}\b", claim, re.IGNORECASE)
    turns = rf"\b{LAST_MONTH}\s+{year - 1}\b|\b{FIRST_MONTH}\s+{year + 1}\b"
    if not claimed_month and re.search(turns, text, re.IGNORECASE):  # a bare year: "the crisis of 1999"
        return True
    return str(year) in text and year_told(_clause_of(claim, year, text, actor_words), hit, actor_words) == year


# "the 2016 communiqué": a year after a determiner names a thing (the question reader's list, questions.yaml)
_NAMES_A_THING = re.compile(rf"\b(?:{'|'.join(lang_words('year_determiners', 'questions'))})\s+$", re.IGNORECASE)
CLAUSE_BREAK = re.compile(rf"[,;:()]|\s[-–—]\s|\b(?:{'|'.join(lang_words('clause_words', 'review'))})\b")


# where one clause of a document's sentence ends and another begins (not "and" between two subjects)
_CLAUSE_EDGE = re.compile(rf"[;:]|,\s+(?:{'|'.join(lang_words('clause_words', 'review'))})\b|\s[-–—]\s")


def year_clause(claim: str, year: int) -> tuple[int, int]:
    """Where the clause of the claim that holds its year is (between breaks: commas, "and", "which"…)."""
    at = claim.find(str(year))
    if at < 0:
        return 0, len(claim)
    breaks = [0, *(m.start() for m in CLAUSE_BREAK.finditer(claim)), len(claim)]
    return max(b for b in breaks if b <= at), min(b for b in breaks if b > at)


def _clause_of(claim: str, year: int, other: str, actor_words: frozenset[str]) -> str:
    """The clause of the claim that holds its year, when it shares a distinctive word with the `other` sentence;
    else the whole claim."""
    start, end = year_clause(claim, year)
    clause = claim[start:end]
    return clause if _words(clause, actor_words) & _words(other, actor_words) else claim


def year_told(claim: str, hit: Hit, actor_words: frozenset[str], names: Sequence[str] = ()) -> int:
    """The year a document sentence gives the claim's happening: of the years it writes, the one nearest the words
    it shares with the claim ("In August 2017 he accused…, and on 1 January 2018 he wrote… lies and deceit"), or
    nearest the names of the bodies the claim names (`names`: their names and aliases), where the sentence writes
    one ("joined the Southeast Asia Treaty Organization in 1954, and in 1955 joined the Baghdad Pact")."""
    text = hit.sentence.text
    found = [(m.start(), int(m.group())) for m in YEAR.finditer(text)]
    # "ending the 2016 communiqué": a year that names a thing dates that thing, not what the sentence tells
    years = [(at, y) for at, y in found if not _NAMES_A_THING.search(text, max(0, at - 12), at)] or found
    if not years:
        return hit.sentence.date.start.year if hit.sentence.date else 0
    shared = _words(claim, actor_words)
    # the body's names where the sentence writes them, and the claim's words: "a founding member of NATO in 1949,
    # and Spain joined NATO in May 1982" names NATO twice, and "joined" tells which
    places = [m.start() for name in names for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
    places += [m.start() for m in re.finditer(r"[A-Za-z][A-Za-z-]{3,}", text) if m.group().lower()[:4] in shared]
    if not places:
        return years[0][1]
    # a year in another clause than the word is farther than it looks: "a founding member of NATO in 1949, and
    # Spain joined NATO in May 1982" gives "joined" 1982
    breaks = [m.start() for m in _CLAUSE_EDGE.finditer(text)]

    def clause(at: int) -> int:
        return sum(b <= at for b in breaks)

    def distance(at: int, place: int) -> int:
        return min(abs(at - place) + (100 if clause(at) != clause(place) else 0), 200)

    return min(years, key=lambda y: (sum(distance(y[0], p) for p in places), y[0]))[1]
