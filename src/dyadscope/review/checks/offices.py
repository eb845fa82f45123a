"""An office-holder named in office at a date outside their term ("In October 2009 President George W. Bush
signed the Act": Obama was president then).

The leaders' dictionary (`data/actors/leaders.csv`, each term with its source) knows who held each office when, so
this needs no document: the answer's own sentence gives the date (a year or finer, written in the sentence; of
several, the first after the name; a sentence that writes none is checked at the date it takes from the sentence
before it, widened by a year each side) and names the leader with their office's title ("President George W.
Bush", "Foreign Secretary Jack Straw": a role is its own title; a bare "Kerry" may be a senator then); a leader
named as "former" or "late", or whose term covers any of the date, is not flagged. The finding quotes the claim
and names who held the office then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from dyadscope.models import DateInterval, DateMention, Sentence
from dyadscope.nlp.actor_data import Actor
from dyadscope.nlp.actors import named_as_former, tenure_overlap, title_keys
from dyadscope.review.checks.common import PRECISE, where
from dyadscope.review.findings import Finding
from dyadscope.review.parse import ParsedAnswer

IN_OFFICE = 0.5  # the share of the date's span a term covers for its holder to be named as holding it then


def check_offices(answer: ParsedAnswer, known: Iterable[Actor]) -> list[Finding]:
    """`known`: the actors the reader resolved the answer's names with (the dictionaries and the user's files)."""
    found: list[Finding] = []
    leaders = {a.id: a for a in known if a.kind == "leader" and a.start is not None}
    for part in answer.parts:
        for n, paragraph in enumerate(part.paragraphs):
            for sentence in paragraph.sentences:
                for mention in sentence.mentions:
                    dated = _date_of(sentence, mention.start - sentence.start)
                    if dated is None:
                        continue
                    when, label, taken = dated
                    leader = leaders.get(mention.actor_id)
                    if leader is None or _covered(leader, _widened(when) if taken else when) > 0:
                        continue  # in office for some of it: "In January 2009 President Obama", "became president"
                    before = sentence.text[max(0, mention.start - sentence.start - 30) : mention.start - sentence.start]
                    if named_as_former(before) or not _titled(leader, before, mention.text):
                        continue
                    holders = _holders(leader, when, leaders.values())
                    if not holders:
                        continue
                    term = f"{_year(leader.start)}–{_year(leader.end) if leader.end else ''}"
                    then = " and ".join(f"{h.name} ({_year(h.start)}–{_year(h.end) if h.end else ''})" for h in holders)
                    message = (
                        f"“{sentence.text.strip()}” — {mention.text} in {label}: {leader.name} was "
                        f"{leader.role} {term}; the {leader.role} then was {then}."
                    )
                    found.append(Finding("consistency", where(part, n), message, [], [], 2.0, "wrong_actor"))
                    break
    return found


def _titled(leader: Actor, before: str, named: str) -> bool:
    """Named with the office's title ("President Obama", "Obama, then president"): "Kerry" in 2009 (a senator then)
    or "bin Laden" on the day he was killed is named as a person, not in office."""
    titles = title_keys(leader.role)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in titles) + r")\b\.?\s*$", re.IGNORECASE)
    inside = re.compile(r"^(?:" + "|".join(re.escape(t) for t in titles) + r")\b", re.IGNORECASE)
    return bool(titles) and bool(pattern.search(before) or inside.match(named))


def _date_of(sentence: Sentence, at: int) -> tuple[DateInterval, str, bool] | None:
    """The date a name at `at` is checked at, how the finding names it, and whether it was taken from the sentence
    before: the sentence's own (`_own_date`), else, for a sentence that writes none, the date it takes from the one
    before it ("In February 2014 protesters toppled the government. President X fled."), a year or finer."""
    written = _own_date(sentence, at)
    if written is not None:
        return written.interval, written.text, False
    when = sentence.date
    if sentence.date_inherited != "previous" or when is None or when.granularity not in PRECISE or sentence.dates:
        return None
    return when, f"{_spoken(when)} (the date of the sentence before)", True


def _spoken(when: DateInterval) -> str:
    if when.granularity == "year":
        return str(when.start.year)
    return when.start.strftime("%B %Y") if when.granularity == "month" else f"{when.start:%-d %B %Y}"


def _widened(when: DateInterval) -> DateInterval:
    """A date taken from the sentence before, a year wider on each side: the sentence may tell what followed."""
    return DateInterval(when.start - timedelta(days=365), when.end + timedelta(days=365), when.granularity)


def _own_date(sentence: Sentence, at: int) -> DateMention | None:
    """The date the sentence writes itself for a name at `at`, a year or finer (not a tenure: "under Bush" dates by
    Bush): its one date, or of several the first after the name ("Prime Minister Murayama issued a statement in
    August 1993 …, and in August 1995 …"), else the last before it."""
    dates = {d.interval: d for d in sentence.dates if d.kind == "explicit" and d.interval.granularity in PRECISE}
    ordered = sorted(dates.values(), key=lambda d: d.start)
    if len(ordered) <= 1:
        return ordered[0] if ordered else None
    after = [d for d in ordered if d.start >= at]  # a date's offsets are the sentence's, a mention's the document's
    before = [d for d in ordered if d.start < at]
    return after[0] if after else before[-1]


def _covered(actor: Actor, when: DateInterval) -> float:
    """The share of `when` inside the actor's tenure."""
    return tenure_overlap(actor, when) / ((when.end - when.start).days + 1)


def _holders(leader: Actor, when: DateInterval, leaders: Iterable[Actor]) -> list[Actor]:
    """Who held the leader's office in the leader's state for most of the date."""
    return [
        a
        for a in leaders
        if a.code == leader.code and a.role == leader.role and a.id != leader.id and _covered(a, when) >= IN_OFFICE
    ]


def _year(day: date | None) -> str:
    return str(day.year) if day else ""
