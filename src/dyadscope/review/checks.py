"""The examiner's checks: structure, relevance, evidence, coverage, consistency, language.

Each check reads the parsed answer (and, where it needs them, the user's documents through a
`Library`) and returns findings. Examples and missing arguments are sentences of the documents,
cited; nothing is suggested that the documents do not say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from dyadscope.analyze import Analysis
from dyadscope.ask.answer import Citation, claim_text
from dyadscope.ask.question import Question
from dyadscope.ask.retrieve import Hit
from dyadscope.ingest.readers import MONTHS
from dyadscope.models import Event, Sentence
from dyadscope.nlp.actors import DYAD_CODE
from dyadscope.nlp.amounts import find_amounts
from dyadscope.review.amounts import wrong_amount
from dyadscope.review.findings import Finding, Location
from dyadscope.review.parse import ParsedAnswer, Part

SHORT, LONG = 700, 3000  # words: below, arguments cannot be developed; above, it is narration
PRECISE = ("day", "month", "season", "year")
FIGURE = re.compile(r"[$£€]\s?\d|\b\d[\d,.]*\s?(?:billion|million|bn|percent|per cent|%)", re.IGNORECASE)
NAMED = re.compile(
    r"\b[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*\s+(?:Agreement|Act|Accord|Treaty|Pact|Amendment|Doctrine|Operation|Deal|"
    r"Resolution|Declaration|Summit|Strategy|Plan|Initiative|Corridor|Protocol|Charter|Framework)\b"
)
SOURCE = re.compile(r"\baccording to\b|\bas (?:reported|noted|stated) (?:by|in)\b|\breport(?:ed)? by\b", re.I)
CHANGE_WORDS = re.compile(
    r"\b(ris\w*|rose|fall|fell|declin\w*|improv\w*|warm\w*|cool\w*|clos\w*|estrang\w*|strain\w*|deteriorat\w*|"
    r"renew\w*|reset|thaw|down|up|low|high|peak|decline|revival|revive\w*|rift|break|breakdown|honeymoon|"
    r"alliance|divergence|convergence|disengage\w*|re-?engage\w*|tension\w*|friction|mistrust|cooperation|"
    r"phase|era|period|decade|years?|fluctuat\w*|swing\w*|ups?|downs?)\b",
    re.IGNORECASE,
)
JUDGEMENT = re.compile(
    r"\b(however|overall|on balance|therefore|thus|in my (?:view|opinion)|it can be argued|arguably|"
    r"transactional|must|should|need to|rather than)\b",
    re.IGNORECASE,
)
EXAMPLE_SIMILARITY = 0.4  # a document sentence at least this close to an argument may serve as its example
COVERED = 0.62  # an answer sentence this close to a key event's evidence covers it
SAME_FACT = 0.58  # an answer sentence and a document sentence this close tell the same happening
OFF_TOPIC = 0.5  # a paragraph less similar than this to the question, not naming both sides, is off the question
FRAME = frozenset({"writ", "note", "disc", "desc", "expl", "answ", "ques"})  # stems of words that frame a question


@dataclass(slots=True)
class Library:
    """What the checks need from the user's documents (a `KnowledgeBase` supplies it)."""

    search: Callable[[Question, int], list[Hit]]
    encode: Callable[[Sequence[str]], np.ndarray]
    analysis: Analysis | None
    events: Callable[[Sequence[str]], list[Event]]  # stored events by id
    events_in: Callable[[Sequence[int]], list[Event]]  # stored events whose evidence is one of these sentences
    actor_words: frozenset[str] = frozenset()  # lower-case words of actor names, which identify no happening
    state_codes: frozenset[str] = frozenset()  # codes of countries (not bodies, groups or alliances)


def where(part: Part, paragraph: int | None = None) -> Location:
    if paragraph is None or not part.paragraphs:
        end = part.paragraphs[-1].end if part.paragraphs else part.start
        return Location(part.heading or None, part.paragraphs[0].number if part.paragraphs else None, part.start, end)
    p = part.paragraphs[paragraph]
    return Location(part.heading or None, p.number, p.start, p.end)


def check_structure(answer: ParsedAnswer, encode: Callable[[Sequence[str]], np.ndarray]) -> list[Finding]:
    found = []
    if answer.question is None:
        found.append(Finding("structure", None, "No question found: give it with --question or as the first line."))
    arguments = answer.of_kind("argument")
    for kind, what in (("introduction", "an introduction that states your thesis"), ("conclusion", "a conclusion")):
        if not answer.of_kind(kind):
            found.append(Finding("structure", None, f"The answer has no {kind}: add {what}.", weight=1.5))
    if answer.outline and arguments:
        headings = [p.heading for p in answer.parts]
        outline, body = encode(answer.outline), encode(headings)
        similarity = outline @ body.T
        for n, item in enumerate(answer.outline):
            if similarity[n].max() < 0.75:
                found.append(
                    Finding("structure", None, f"The outline promises “{item}”, but no heading of the body matches it.")
                )
        for n, part in enumerate(answer.parts):
            if part.kind == "argument" and similarity[:, n].max() < 0.75:
                message = f"The heading “{part.heading}” is not in the outline: the outline and the body should match."
                found.append(Finding("structure", where(part), message))
    words = answer.words
    if words < SHORT:
        message = (
            f"At {words} words the answer is short for a full exam answer: develop each argument with evidence "
            "and add the missing ones."
        )
        found.append(Finding("structure", None, message, weight=1.2))
    elif words > LONG:
        found.append(Finding("structure", None, f"At {words} words the answer is long: cut narration, keep analysis."))
    intro, conclusion = answer.of_kind("introduction"), answer.of_kind("conclusion")
    if intro and conclusion and intro[0].text and conclusion[0].text:
        pair = encode([intro[0].text, conclusion[0].text])
        if float(pair[0] @ pair[1]) > 0.9:
            message = "The conclusion restates the introduction: end with your own judgement on the question."
            found.append(Finding("structure", where(conclusion[0]), message))
    return found


def check_relevance(answer: ParsedAnswer, question: Question, library: Library, sides: Sequence[str]) -> list[Finding]:
    """Each heading must say how it answers the question; each paragraph must be about the question."""
    found: list[Finding] = []
    arguments = [p for p in answer.parts if p.kind == "argument" and p.paragraphs]
    if not arguments:
        return found
    asked = library.encode([question.text])[0]
    headings = library.encode([p.heading for p in arguments])
    demand = "how the relationship rose and fell, and why" if question.asks_change else "the question's terms"
    asked_words = _words(question.text, library.actor_words) - FRAME
    for part, vector in zip(arguments, headings, strict=True):
        tied = CHANGE_WORDS.search(part.heading) if question.asks_change else float(vector @ asked) >= 0.5
        tied = tied or bool(_words(part.heading, library.actor_words) & asked_words)  # "Critical evaluation"
        if tied or re.search(r"\b1[89]\d\d|\b20\d\d|\bthe \d0s\b", part.heading):
            continue
        message = f"The heading “{part.heading}” does not say how it answers the question: it should show {demand}."
        found.append(Finding("relevance", where(part), message, [_reword(part, question, library)], weight=1.4))
    body = ("argument", "challenges")  # an introduction or conclusion is judged by its place, not its topic
    paragraphs = [(part, n) for part in answer.parts if part.kind in body for n in range(len(part.paragraphs))]
    texts = [part.paragraphs[n].text for part, n in paragraphs]
    if texts:
        similarity = library.encode(texts) @ asked
        for (part, n), text, sim in zip(paragraphs, texts, similarity, strict=True):
            named = {m.code for s in part.paragraphs[n].sentences for m in s.mentions}
            both = set(sides) <= named or DYAD_CODE in named  # "the two countries" names both
            if sim < OFF_TOPIC and not both and len(text.split()) >= 15:
                message = f"This paragraph{_under(part)} is not about the question ({question.text.rstrip('.?')})."
                advice = ["Cut it, or tie it to the question."]
                found.append(Finding("relevance", where(part, n), message, advice, weight=1.6))
    return found


def _under(part: Part) -> str:
    return f" under “{part.heading}”" if part.heading else ""


def _reword(part: Part, question: Question, library: Library) -> str:
    """A heading that says which way the relationship moved in the period the part is about, and why."""
    analysis = library.analysis
    years = [s.date.start.year for p in part.paragraphs for s in p.sentences if s.date and not s.date_inherited]
    if not years:
        hits = library.search(replace(question, text=part.text, terms=question.terms), 5)
        years = [h.sentence.date.start.year for h in hits if h.sentence.date and h.sentence.date.granularity in PRECISE]
    topic = part.heading
    if analysis is None or not analysis.phases or not years:
        return f"{topic}: how it made relations rise or fall, and when"
    year = sorted(years)[len(years) // 2]
    phases = analysis.phases
    n = next((i for i, p in enumerate(phases) if p.start.year <= year <= p.end.year), len(phases) - 1)
    up = n == 0 or phases[n].score >= phases[n - 1].score
    span = f"{phases[n].start.year}–{phases[n].end.year}"
    return (
        f"{'Rise' if up else 'Fall'} ({span}) — {topic}: how it {'drew the two closer' if up else 'pulled them apart'}"
    )


def support_in(sentences: Sequence[Sentence], text: str) -> list[str]:
    """The concrete support a paragraph gives: precise dates, figures, named agreements or events, sources."""
    support = [d.text for s in sentences for d in s.dates if d.interval.granularity in PRECISE and d.kind != "named"]
    support += [d.text for s in sentences for d in s.dates if d.kind == "named" and d.interval.granularity == "day"]
    support += FIGURE.findall(text) + NAMED.findall(text) + SOURCE.findall(text)
    return support


def check_evidence(answer: ParsedAnswer, question: Question, library: Library) -> list[Finding]:
    """An argument with no dated example, figure, named agreement or source gets 2–3 cited examples."""
    found = []
    for part in answer.parts:
        if part.kind not in ("argument", "challenges"):
            continue
        for n, paragraph in enumerate(part.paragraphs):
            if len(paragraph.text.split()) < 15 or support_in(paragraph.sentences, paragraph.text):
                continue
            probe = replace(question, text=f"{part.heading}. {paragraph.text}", start=None, end=None)
            hits = [  # examples state their own date: a sentence that inherits one is no example
                h
                for h in library.search(probe, 20)
                if h.similarity >= EXAMPLE_SIMILARITY
                and h.sentence.date is not None
                and h.sentence.date.granularity in PRECISE
                and not h.sentence.date_inherited
            ][:3]
            message = (
                f"The argument{_under(part)} gives no concrete evidence (no dated event, agreement, figure or "
                "source): add and highlight examples."
            )
            suggestions = [
                f"{h.sentence.date.start.year}: {claim_text(h.sentence.text)}" for h in hits if h.sentence.date
            ]
            found.append(Finding("evidence", where(part, n), message, suggestions, [Citation.of(h) for h in hits], 1.3))
    return found


def check_coverage(answer: ParsedAnswer, library: Library, limit: int = 8) -> list[Finding]:
    """The turning points the documents support that the answer leaves out, most telling first."""
    analysis = library.analysis
    if analysis is None or not analysis.phases:
        return []
    sentences = [s for part in answer.parts for p in part.paragraphs for s in p.sentences]
    if not sentences:
        return []
    vectors = library.encode([s.text for s in sentences])
    years = {d.interval.start.year for s in sentences for d in s.dates if d.interval.granularity in PRECISE}
    candidates = [(phase, event) for phase in analysis.phases for event in library.events(phase.key_events[:4])]
    missing: list[tuple[float, Event]] = []
    seen: set[tuple[int, str]] = set()
    evidence = library.encode([e.evidence.text for _, e in candidates]) if candidates else np.zeros((0, 1))
    for (phase, event), vector in zip(candidates, evidence, strict=True):
        if event.date is None:
            continue
        key = (event.date.start.year, event.type)
        best = float((vectors @ vector).max())
        if key in seen or best >= COVERED or (event.date.start.year in years and best >= COVERED - 0.1):
            continue
        seen.add(key)
        missing.append((abs(event.intensity) * event.confidence * (1 + abs(phase.score) / 9), event))
    missing.sort(key=lambda pair: -pair[0])
    chosen = [e for _, e in missing[:limit]]
    if not chosen:
        return []
    last = answer.parts[-1]
    suggestions = [f"{e.date.start.year if e.date else '?'}: {claim_text(e.evidence.text)}" for e in chosen]
    citations = [Citation(e.evidence.doc, e.evidence.title, e.evidence.sentence_id, e.evidence.text) for e in chosen]
    points = "turning point" if len(chosen) == 1 else "turning points"
    message = f"Add more arguments: the documents support {len(chosen)} {points} the answer leaves out."
    return [Finding("coverage", where(last), message, suggestions, citations, 1.0 + 0.1 * len(chosen))]


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
        known_events = [k for k in library.events_in(list(hits)) if _same_happening(event, k, library.actor_words)]
        if any(_actors(event) == _actors(k) and _years_agree(event, k) for k in known_events):
            continue  # the documents also tell it the answer's way
        for known in known_events:
            hit = next(h for h in hits.values() if _is_evidence(h, known))
            verdict = _other_actor(event, known, hit.sentence.actors, library.state_codes)
            if verdict is None:
                continue
            part, at = _locate(answer, event.evidence.start)
            flagged.add(event.evidence.sentence_id)
            message = f"“{event.evidence.text.strip()}” — {verdict}."
            suggestion = [claim_text(known.evidence.text)]
            found.append(Finding("consistency", where(part, at), message, suggestion, [Citation.of(hit)], 2.0))
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

    The same happening: a close document sentence naming the same actors, sharing the claim's distinctive
    words and no clashing names, with an event of the same type between overlapping actors.
    """
    if not told:
        return None
    years = _own_years(sentence)
    if len(years) != 1:
        return None
    (year,) = years
    same = _same_happening_hits(sentence, sentence.text, _probe(question, sentence.text), library)
    kinds = {(e.type, code) for e in told for code in _actors(e)}
    known = _events_by_hit(same, library)
    same = [h for h in same if any((k.type, c) in kinds for k in known[_place(h)] for c in _actors(k))]
    dated = [
        h for h in same if h.sentence.date and not h.sentence.date_inherited and h.sentence.date.granularity in PRECISE
    ]
    agree = [h for h in same if _mentions_year(h, year)]
    differ = [h for h in dated if not _mentions_year(h, year)]
    if not differ:
        return None
    other = differ[0].sentence.date.start.year if differ[0].sentence.date else year
    if agree:  # the sources themselves disagree (about a named thing both name): show both, decide nothing
        names = [_names(h.sentence.text, library.actor_words) for h in (agree[0], differ[0])]
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
        )
    message = f"“{sentence.text.strip()}” — the documents date this to {other}, not {year}."
    return Finding("consistency", None, message, [claim_text(differ[0].sentence.text)], [Citation.of(differ[0])], 2.0)


def _wrong_amount(sentence: Sentence, question: Question, library: Library) -> Finding | None:
    """The sentence gives a sum of money; the documents that tell the same happening give another.

    The same happening as for `_wrong_year`, without the event types (a sum is rarely an event), but the
    document sentence must mention each year the claim names: "$3 billion in 2003" is not the 1981 package.
    """
    amounts = find_amounts(sentence.text)
    if not amounts:
        return None
    years = _own_years(sentence)
    actors = tuple(sorted(_own_codes(sentence)))  # its own actors, not the question's: a sum may be one side's
    words = sentence.text  # without its sums: "billion" or "dollars" in both tells nothing
    for a in reversed(amounts):
        words = words[: a.start] + words[a.end :]
    probe = replace(_probe(question, sentence.text), actors=actors)
    same = [
        h
        for h in _same_happening_hits(sentence, words, probe, library)
        if all(_mentions_year(h, year) for year in years)
    ]
    return wrong_amount(sentence.text, same) if same else None


def _probe(question: Question, claim: str) -> Question:
    """The search for one claim: its own text, in any year (it may be dated wrong), with no search terms."""
    return replace(question, text=claim, start=None, end=None, terms=())


def _own_years(sentence: Sentence) -> set[int]:
    """The years the sentence itself dates something to (precise dates, not named periods)."""
    return {d.interval.start.year for d in sentence.dates if d.interval.granularity in PRECISE and d.kind != "named"}


def _own_codes(sentence: Sentence) -> set[str]:
    """The actors the sentence names ("the two countries" names no one in particular)."""
    return {m.code for m in sentence.mentions} - {DYAD_CODE}


def _same_happening_hits(sentence: Sentence, words: str, probe: Question, library: Library) -> list[Hit]:
    """Document sentences close to the claim that name each of its actors and share its distinctive `words`
    (the claim's text, less anything that tells nothing)."""
    codes = _own_codes(sentence)
    return [
        h
        for h in library.search(probe, 8)
        if h.similarity >= SAME_FACT and codes <= set(h.sentence.actors) and _same_words(words, h, library)
    ]


def _place(hit: Hit) -> tuple[str, int]:
    """Where a document sentence is, as an event's evidence says it: its document and index there."""
    return hit.sentence.doc, hit.sentence.index


def _events_by_hit(hits: Sequence[Hit], library: Library) -> dict[tuple[str, int], list[Event]]:
    """The stored events each hit is the evidence of (one query for all), keyed by `_place`."""
    found: dict[tuple[str, int], list[Event]] = {_place(h): [] for h in hits}
    for event in library.events_in([h.sentence.id for h in hits]) if hits else []:
        found.setdefault((event.evidence.doc, event.evidence.sentence_id), []).append(event)
    return found


def _same_words(claim: str, hit: Hit, library: Library) -> bool:
    """A document sentence tells the claim's happening: it names what the claim names ("the Mutual Defense
    Assistance Agreement", not just "an agreement"), and shares the claim's distinctive words."""
    names_a, names_b = _names(claim, library.actor_words), _names(hit.sentence.text, library.actor_words)
    if names_a and not names_a & names_b:
        return False
    words = _words(claim, library.actor_words)
    return bool(words) and len(words & _words(hit.sentence.text, library.actor_words)) >= min(2, len(words))


def _mentions_year(hit: Hit, year: int) -> bool:
    d = hit.sentence.date
    return str(year) in hit.sentence.text or (d is not None and d.start.year - 1 <= year <= d.end.year + 1)


def _actors(event: Event) -> set[str]:
    return set(event.source) | set(event.target)


def _is_evidence(hit: Hit, event: Event) -> bool:
    return _place(hit) == (event.evidence.doc, event.evidence.sentence_id)


def _words(text: str, actor_words: frozenset[str]) -> set[str]:
    words = re.findall(r"[a-z][a-z-]{3,}", text.lower())  # four letters stand for the stem: "inva(ded/sion)"
    return {w[:4] for w in words if w not in STOP_WORDS and w not in actor_words and w not in MONTHS}


def _names(text: str, actor_words: frozenset[str]) -> set[str]:
    """Capitalised words inside the sentence that name no actor or month ("Pressler", "Simla", "Doha")."""
    tokens = re.findall(r"(?<=\s)[A-Z][a-z]+", text)
    return {t.lower() for t in tokens if t.lower() not in actor_words and t.lower() not in MONTHS}


def _same_happening(claimed: Event, known: Event, actor_words: frozenset[str]) -> bool:
    """Two reports of one happening: the same type, two distinctive words in common, and no clash of names
    ("the Pressler Amendment" is not "the Symington Amendment")."""
    if claimed.type != known.type:
        return False
    a, b = claimed.evidence.text, known.evidence.text
    names_a, names_b = _names(a, actor_words), _names(b, actor_words)
    if names_a and names_b and not names_a & names_b:
        return False
    return len(_words(a, actor_words) & _words(b, actor_words)) >= 2


def _years_agree(claimed: Event, known: Event) -> bool:
    return (
        claimed.date is not None
        and known.date is not None
        and known.date.start.year - 1 <= claimed.date.start.year <= known.date.end.year + 1
    )


def _other_actor(claimed: Event, known: Event, named: Sequence[str], states: frozenset[str]) -> str | None:
    """The documents tell the same act against the same target in the same year, by someone else."""
    if claimed.date is None or known.date is None or known.date.granularity not in PRECISE:
        return None
    if known.date_inherited or known.negated or known.hypothetical or not _years_agree(claimed, known):
        return None
    if set(claimed.target) != set(known.target) or set(claimed.source) == set(known.source):
        return None
    if not set(claimed.source) | set(known.source) <= states:
        return None  # a state for a state: a body, a group or an alliance may act for one
    if any(code in named for code in claimed.source):
        return None  # the documents' sentence names the claimed actor too: it has some part in it
    return f"the documents say {'/'.join(known.source)} did this, not {'/'.join(claimed.source)}"


def _locate(answer: ParsedAnswer, offset: int) -> tuple[Part, int | None]:
    for part in answer.parts:
        for n, paragraph in enumerate(part.paragraphs):
            if paragraph.start <= offset <= paragraph.end:
                return part, n
    return answer.parts[-1], None


def check_language(answer: ParsedAnswer) -> list[Finding]:
    """Mechanical slips an examiner notices at once: lower-case sentence starts, doubled words, run-ons."""
    found = []
    for part in answer.parts:
        for paragraph in part.paragraphs:
            for sentence in paragraph.sentences:
                text = sentence.text.strip()
                problems = []
                if text[:1].islower():
                    problems.append("starts with a lower-case letter")
                doubled = re.search(r"\b(\w+) \1\b", text, re.IGNORECASE)
                if doubled and not doubled.group(1).isdigit():
                    problems.append(f"repeats “{doubled.group(1)}”")
                if len(text.split()) > 50:
                    problems.append("runs over 50 words: split it")
                if problems:
                    location = Location(part.heading or None, paragraph.number, sentence.start, sentence.end)
                    found.append(Finding("language", location, f"“{text[:60]}…” {'; '.join(problems)}.", weight=0.3))
    return found
