"""The consistency check: claims of the answer that the user's documents contradict.

A claim is wrong when the documents tell the same happening (a close sentence naming the same actors and
sharing the claim's distinctive words, with no clashing names) in another year, by another actor, or
with another sum of money; when the documents themselves disagree, the finding shows both and decides
nothing. A wrong year is named with the year the documents give and the document that gives it
("— the documents date this to 2009, not 2011 (Pakistan–United States Relations)").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from dyadscope.ask.answer import Citation, claim_text
from dyadscope.ask.question import Question
from dyadscope.ask.retrieve import Hit
from dyadscope.data import lang_words
from dyadscope.ingest.common import MONTHS
from dyadscope.models import Event, Sentence
from dyadscope.nlp.actors import DYAD_CODE
from dyadscope.nlp.amounts import find_amounts
from dyadscope.nlp.counts import find_counts
from dyadscope.review.amounts import agrees, wrong_amount, wrong_count
from dyadscope.review.checks.common import PRECISE, SAME_FACT, Library, _words, where
from dyadscope.review.checks.happening import (
    act_kinds,
    capitalised,
    events_by_hit,
    is_evidence,
    mentions_year,
    names_in,
    own_codes,
    people_in,
    place,
    same_happening,
    same_happening_hits,
    same_words,
    thing_words,
    told_by_pronoun,
)
from dyadscope.review.checks.sides import (
    actors_of,
    leading,
    other_actor,
    reversed_way,
    same_way,
    years_agree,
)
from dyadscope.review.checks.years import gives_year, year_clause, year_told
from dyadscope.review.findings import Finding
from dyadscope.review.parse import ParsedAnswer, Part

CLOSE = 0.8  # a document sentence this close to a claim tells its happening unless a name says otherwise
NAMED_FACT = 0.4  # one this close that names all the claim names ("Kerry", "Lugar", "Berman") tells it too
# Capitalised words any name may carry: "the Pressler Amendment" is no "Glenn Amendment"; and the pronouns that leave
# who acted to the sentence before (data/lang/en/review.yaml).
_COMMENT = re.compile(rf"\s*(?:{'|'.join(lang_words('comment_words', 'review'))})\b", re.IGNORECASE)


def check_consistency(
    answer: ParsedAnswer, events: Sequence[Event], question: Question, library: Library
) -> list[Finding]:
    """Claims the documents contradict: a happening they date to another year, say another actor did, or
    give another sum of money for."""
    found: list[Finding] = []
    flagged: set[int] = set()  # answer sentences already found wrong (by index)
    # Searches repeated from memory: the pass over the answer's events below searches an event's sentence
    # exactly as `_wrong_year` did (with the question's actors), and a sentence telling several events
    # only once. `_wrong_amount` searches with the sentence's own actors, so it shares nothing.
    library = replace(library, search=_remembered(library.search))
    told_in: dict[int, list[Event]] = {}  # the answer's events (not hypothetical) by the sentence telling them
    for event in events:
        if not event.hypothetical:
            told_in.setdefault(event.evidence.sentence_id, []).append(event)
    for part in answer.parts:
        for n, paragraph in enumerate(part.paragraphs):
            for sentence in paragraph.sentences:
                told = told_in.get(sentence.index, [])
                finding = _wrong_year(sentence, told, question, library) or _wrong_amount(sentence, question, library)
                if finding is not None:
                    finding.location = where(part, n)
                    found.append(finding)
                    flagged.add(sentence.index)
    for event in events:
        when = event.date
        if when is None or event.date_inherited or when.granularity not in PRECISE or event.negated:
            continue
        if event.hypothetical or event.evidence.sentence_id in flagged:
            continue
        hits = {
            h.sentence.id: h
            for h in library.search(_probe(question, event.evidence.text), 8)
            if h.similarity >= SAME_FACT
        }
        known_events = [k for k in library.events_in(list(hits)) if same_happening(event, k, library.actor_words)]
        if any(same_way(event, k) and years_agree(event, k) and leading(k, known_events) for k in known_events):
            continue  # the documents also tell it the answer's way (a weak reading beside a stronger one does not)
        peers = told_in.get(event.evidence.sentence_id, [])
        claimed_leads = leading(event, peers)
        for known in known_events:
            hit = next(h for h in hits.values() if is_evidence(h, known))
            if told_by_pronoun(known):
                continue  # "In 1981 it negotiated…": who "it" is, the sentence before says
            rule = "reversed_direction"
            both_lead = claimed_leads and leading(known, known_events)
            verdict = reversed_way(event, known, library.state_codes) if both_lead else None
            if verdict is None:
                rule, verdict = (
                    "wrong_actor",
                    other_actor(event, known, hit.sentence.actors, library.state_codes, peers),
                )
            if verdict is None:
                continue
            part, at = _locate(answer, event.evidence.start)
            flagged.add(event.evidence.sentence_id)
            message = f"“{event.evidence.text.strip()}” — {verdict}."
            suggestion = [claim_text(known.evidence.text)]
            citations = [Citation.of(hit)]
            found.append(Finding("consistency", where(part, at), message, suggestion, citations, 2.0, rule))
            break
    return found


def _remembered(search: Callable[[Question, int], list[Hit]]) -> Callable[[Question, int], list[Hit]]:
    """The search, answering a repeated (question, k) from memory."""
    seen: dict[tuple[Question, int], list[Hit]] = {}

    def remembered(question: Question, k: int) -> list[Hit]:
        key = (question, k)
        if key not in seen:
            seen[key] = search(question, k)
        return seen[key]

    return remembered


def _wrong_year(sentence: Sentence, told: Sequence[Event], question: Question, library: Library) -> Finding | None:
    """The sentence dates a happening to one year; the documents tell the same happening in another.

    The same happening: a close document sentence naming the claim's actors that either tells an event of the same
    type between overlapping actors (sharing the claim's distinctive words and names), or, telling no event of
    another type, names all the claim names ("the Panchsheel Agreement", "Galwan": a claim that names no actor is
    checked by its names alone; `NAMED_FACT`), or is very close to it (`CLOSE`). The claim's year agrees when the
    sentence gives it to the claim's words; the finding names the year it gives them (of two years, the nearer)
    and the document.
    """
    years = _own_years(sentence)
    if len(years) != 1:
        return None
    (year,) = years
    codes, probe = own_codes(sentence), _probe(question, sentence.text, sentence)
    first, last = year_clause(sentence.text, year)
    clause = sentence.text[first:last]
    # the actors of the year's clause, not of a reason or comment after it ("... because of the Soviet threat")
    if _COMMENT.match(sentence.text, last):
        codes = _clause_codes(sentence, first, last) or codes
    # a document sentence names the claim's states itself, or through the events coded from it ("In 1981 it
    # negotiated ...": the pronoun read as the state the sentence before names)
    hits = [h for h in library.search(probe, 8) if h.similarity >= NAMED_FACT]
    known = events_by_hit(hits, library)
    near = [h for h in hits if codes <= set(h.sentence.actors) | {c for k in known[place(h)] for c in actors_of(k)}]
    # the claim's words, or its year's clause's when the rest of the sentence comments on it ("Cyprus joined the EU
    # in May 2007, which was a big injustice to ...")
    # ... and a less close sentence that names the same bodies ("joined SEATO" and "joined the Southeast Asia
    # Treaty Organization, and in 1955 ...": a body's long name and the rest of a sentence lower the similarity)
    bodies = codes - library.state_codes
    same = [
        h
        for h in near
        if (h.similarity >= SAME_FACT or (bodies and bodies <= set(h.sentence.actors)))
        and (same_words(sentence.text, h, library) or (clause != sentence.text and same_words(clause, h, library)))
    ]
    # the same kind of act between overlapping actors: of one type, or told with words for one act ("stopped" and
    # "suspended" oil supplies, which the coder may type apart)
    kinds = {(kind, code) for e in told for kind in act_kinds(e) for code in actors_of(e)}
    typed = [
        h
        for h in same
        if any((kind, c) in kinds for k in known[place(h)] for kind in act_kinds(k) for c in actors_of(k))
    ]
    # the other two ways need no event of the same type, but none of another: "signed the Doha agreement" is not
    # "facilitated the talks in Doha"
    untyped = [h for h in near if h not in typed and not (told and known[place(h)])]
    # the names the claim gives, people the actor dictionary knows among them ("Sadat flew to Jerusalem")
    people = people_in(sentence)
    claimed = names_in(sentence.text, library.actor_words) | people
    # an agreement the claim names identifies the happening whatever place it adds ("the Bern Declaration ... in the
    # Aegean")
    thing = thing_words(sentence.text)
    named = [
        h
        for h in untyped
        if claimed
        and (
            claimed
            <= (theirs := names_in(h.sentence.text, library.actor_words) | (people & capitalised(h.sentence.text)))
            or (thing and thing <= theirs)
        )
        and same_words(sentence.text, h, library)
    ]
    close = [h for h in untyped if h.similarity >= CLOSE and _close_words(sentence.text, h, library)]
    summed = [h for h in near if _same_sum(sentence.text, h, library)]
    same = list({h.sentence.id: h for h in typed + named + close + summed}.values())
    dated = [h for h in same if _dated(h, inherited=h in typed)]
    agree = [h for h in same if gives_year(sentence.text, h, year, library.actor_words)]
    # a document sentence telling other words of the claim than its year's clause dates them, not the year's:
    # "…hosted the Camp David summit, continuing a pattern in which Washington had rescued the agreement in 2019"
    clause_words = _words(clause, library.actor_words)
    differ = [
        h
        for h in dated
        if h not in agree
        and len(clause_words & _words(h.sentence.text, library.actor_words)) >= min(2, len(clause_words))
    ]
    if not differ:
        return None
    other = year_told(sentence.text, differ[0], library.actor_words, _body_names(bodies, clause, library))
    if other == year:
        return None  # read whole, the documents' sentence gives the claim's year after all
    if agree:  # the sources themselves disagree (about a named thing both name): show both, decide nothing
        names = [names_in(h.sentence.text, library.actor_words) for h in (agree[0], differ[0])]
        pair = [agree[0], differ[0]]
        if pair[0].sentence.doc == pair[1].sentence.doc or not names[0] & names[1]:
            return None
        message = (
            f"“{sentence.text.strip()}” — your sources disagree: one dates this to {year}, another to {other}. "
            "Say which you follow and why."
        )
        return Finding(
            "consistency",
            None,
            message,
            [claim_text(h.sentence.text) for h in pair],
            [Citation.of(h) for h in pair],
            0.8,
            "disagree",
        )
    source = differ[0].sentence.title or Path(differ[0].sentence.doc).name
    message = f"“{sentence.text.strip()}” — the documents date this to {other}, not {year} ({source})."
    suggestion = [claim_text(differ[0].sentence.text)]
    return Finding("consistency", None, message, suggestion, [Citation.of(differ[0])], 2.0, "wrong_year")


def _body_names(bodies: set[str], clause: str, library: Library) -> list[str]:
    """The names and aliases of the bodies a claim names, those named in its year's clause if any ("Turkey joined
    NATO in 1950 and CENTO": NATO's)."""
    named = [(a.name, *a.aliases) for a in library.actors if a.code in bodies and a.kind != "leader"]
    in_clause = [n for names in named if any(n in clause for n in names) for n in names]
    return in_clause or [n for names in named for n in names]


def _same_sum(claim: str, hit: Hit, library: Library) -> bool:
    """A document sentence naming the claim's actors that gives the same sum of money (`review.amounts.agrees`, in
    the same currency) and shares a distinctive word tells the same happening ("a package of $3.2 billion" and "a
    six-year package worth 3.2 billion dollars"), whatever event it was coded as."""
    mine = [a for a in find_amounts(claim) if not a.bound]
    theirs = find_amounts(hit.sentence.text) if mine else []
    same = any(a.currency == b.currency and agrees(a, b) for a in mine for b in theirs)
    return same and bool(_words(claim, library.actor_words) & _words(hit.sentence.text, library.actor_words))


def _close_words(claim: str, hit: Hit, library: Library) -> bool:
    """A very close document sentence tells the claim's happening if it shares a distinctive word (when the claim
    has one) and each name the claim gives ("Karachi": the embassy burned in Islamabad is another)."""
    names_a, names_b = names_in(claim, library.actor_words), names_in(hit.sentence.text, library.actor_words)
    if not names_a <= names_b:
        return False
    # a claim of names and common words only ("the Republic of Cyprus became independent": every word of it is a
    # word of some actor's name) has nothing else to compare; its closeness decides
    mine = _words(claim, library.actor_words)
    return not mine or bool(mine & _words(hit.sentence.text, library.actor_words))


def _dated(hit: Hit, *, inherited: bool) -> bool:
    """A document sentence with a precise date of its own (or, if `inherited`, one it takes from the sentence
    before it: "Days later the administration suspended…")."""
    d = hit.sentence.date
    return d is not None and d.granularity in PRECISE and (inherited or not hit.sentence.date_inherited)


def _wrong_amount(sentence: Sentence, question: Question, library: Library) -> Finding | None:
    """The sentence gives a sum of money or a count; the documents that tell the same happening give another.

    The same happening as for `_wrong_year`, without the event types (a sum is rarely an event), but the
    document sentence must mention each year the claim names: "$3 billion in 2003" is not the 1981 package.
    """
    amounts = find_amounts(sentence.text)
    counts = find_counts(sentence.text, amounts)
    if not amounts and not counts:
        return None
    years = _own_years(sentence)
    actors = tuple(sorted(own_codes(sentence)))  # its own actors, not the question's: a sum may be one side's
    words = sentence.text  # without its sums and counts: "billion" or "dollars" in both tells nothing
    for a, b in sorted([(a.start, a.end) for a in amounts] + [(c.start, c.end) for c in counts], reverse=True):
        words = words[:a] + words[b:]
    probe = replace(_probe(question, sentence.text), actors=actors)
    same = [
        h for h in same_happening_hits(sentence, words, probe, library) if all(mentions_year(h, year) for year in years)
    ]
    if not same:
        return None
    return (wrong_amount(sentence.text, same) if amounts else None) or wrong_count(sentence.text, same)


def _probe(question: Question, claim: str, sentence: Sentence | None = None) -> Question:
    """The search for one claim: its own text and words (not its years: it may be dated wrong), in any year, with
    its own actors when it names any."""
    terms = tuple(
        dict.fromkeys(
            w for w in re.findall(r"[a-z][a-z-]{2,}", claim.lower()) if w not in STOP_WORDS and w not in MONTHS
        )
    )
    codes = tuple(sorted(own_codes(sentence))) if sentence is not None else ()
    return replace(question, text=claim, start=None, end=None, terms=terms, actors=codes or question.actors)


def _own_years(sentence: Sentence) -> set[int]:
    """The years the sentence itself dates something to (precise dates, not named periods)."""
    return {d.interval.start.year for d in sentence.dates if d.interval.granularity in PRECISE and d.kind != "named"}


def _clause_codes(sentence: Sentence, first: int, last: int) -> set[str]:
    """The actors named in the clause between `first` and `last` of the sentence's text and before it (the subject
    of "Greece and Turkey joined NATO in 1949 because ...", which the clause break at "and" cut off); none when the
    clause names none."""
    start = sentence.start  # mentions' offsets are the document's
    inside = {m.code for m in sentence.mentions if first <= m.start - start < last} - {DYAD_CODE}
    before = {m.code for m in sentence.mentions if m.start - start < first} - {DYAD_CODE}
    return inside | before if inside else set()


def _locate(answer: ParsedAnswer, offset: int) -> tuple[Part, int | None]:
    for part in answer.parts:
        for n, paragraph in enumerate(part.paragraphs):
            if paragraph.start <= offset <= paragraph.end:
                return part, n
    return answer.parts[-1], None
