"""The variables of an examination question: the issues it is bounded by besides its pair and its period
("vis-à-vis the US' Indo-Pacific strategy" → "Indo-Pacific strategy"). See `dyadscope.ask.reading`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from dyadscope.ask.exam_words import exam_lists as _lists
from dyadscope.data import lang_words
from dyadscope.models import DateMention, Mention

_WORD = re.compile(r"[^\W_](?:[\w-]*[^\W_])?(?:['’]s?(?!\w))?")
_DETERMINERS = frozenset(lang_words("determiners", "questions"))  # data/lang/en/questions.yaml
_NOT_ISSUES = frozenset({"relations", "relationship", "ties", "relation"})
_MAX_WORDS = 6
_NEXT = re.compile(r"\s+([^\W_][\w-]*)")
_AUX = r"(?:has|have|had|did|do|does)"
# "How far have X and Y strained ... relations?": X and Y, the subject of a shaping verb (data/lang/en/questions.yaml)
_SHAPED = re.compile(
    rf"(?<!\w)(?:how(?:\s+far)?(?:\s+{_AUX})?|{_AUX})\s+(?P<x>[^?.;:]+?)\s+(?:(?:has|have|had)\s+)?"
    rf"(?:{'|'.join(lang_words('shaping_verbs', 'questions'))})\s+[^?.;:]*?"
    rf"\b(?:{'|'.join(lang_words('shaped_objects', 'questions'))})\b",
    re.IGNORECASE,
)
_JOINERS = frozenset(lang_words("variable_joiners", "questions"))
_NO_ISSUES = frozenset(lang_words("no_issues", "questions"))


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    atoms: dict[int, int]  # start → end of names read whole: actors, named periods ("war on terror")
    pair: tuple[tuple[int, int], ...]  # where the pair's states are named (not their people: "Kerry-Lugar-Berman")
    blocked: tuple[tuple[int, int], ...]  # the directive and the frame


def _next_word(text: str, pos: int) -> str:
    following = _NEXT.match(text, pos)
    return following[1] if following else ""


def _inside(i: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in spans)


def _owner_end(text: str, end: int) -> int | None:
    """Where a possessor's "'s" or "'" ends, when the word or name ending at `end` is one ("Japan's", "the US'")."""
    if text[end - 2 : end] in ("'s", "’s") or text[end - 1 : end] in ("'", "’"):
        return end
    suffix = re.match(r"['’]s?(?!\w)", text[end : end + 2])
    return end + suffix.end() if suffix else None


def _noun_phrases(ctx: _Context, pos: int, limit: int | None = None) -> list[tuple[int, int]]:
    """The noun phrase at `pos` and those joined to it by "and" or commas: content words, "of" between two, names
    read whole; determiners and the pair's possessors ("Japan's nuclear programme") are left off."""
    text = ctx.text
    bounded = limit is not None  # the phrase ends where the cue says: a preposition may join its words
    limit = len(text) if limit is None else limit
    directive_words = _lists().directive_words
    phrases: list[tuple[int, int]] = []
    start = end = -1
    while pos < limit and len(phrases) < 4:
        m = _WORD.search(text, pos, limit)
        if m is None:
            break
        gap = text[pos : m.start()]
        if gap.strip() not in ("", "-", ",") and not (gap == "–" and start >= 0):
            break  # "the Ceuta–Melilla border": an en dash without spaces joins a name
        if "," in text[pos : m.start()] and start >= 0:  # "trade, energy and water"
            phrases.append((start, end))
            start = -1
        lower, w_end = m.group().lower(), ctx.atoms.get(m.start(), m.end())
        owner = _owner_end(text, w_end)
        if _inside(m.start(), ctx.blocked):
            break
        if _inside(m.start(), ctx.pair):
            if owner is None and start >= 0:
                break
            start, pos = -1, owner or w_end  # the pair's own: "Japan's ...", "the US Indo-Pacific strategy"
            continue
        if start < 0 and (lower in _DETERMINERS or lower in directive_words):
            pos = m.end()
            continue
        if w_end == m.end() and (lower in STOP_WORDS or lower in _NOT_ISSUES):
            if lower == "of" and start >= 0 and _next_word(text, m.end()).lower() not in STOP_WORDS:
                pos = m.end()
                continue
            if bounded and lower in _JOINERS and start >= 0:  # "dispute over the Nile dam"
                skip, after = m.end(), _NEXT.match(text, m.end())
                if after and after[1].lower() in _DETERMINERS:
                    skip, after = after.end(), _NEXT.match(text, after.end())
                if after and after[1].lower() not in STOP_WORDS:
                    pos = skip
                    continue
            if lower == "and" and start >= 0:
                phrases.append((start, end))
                start, pos = -1, m.end()
                continue
            break
        if start < 0:
            start = m.start()
        end = pos = w_end
        if len(text[start:end].split()) >= _MAX_WORDS:
            break
    if start >= 0:
        phrases.append((start, end))
    return [p for p in phrases if p[0] < p[1]]


_PLACED = re.compile(r"\b(?:from|in|into|over|on)\s+(?:the\s+)?$")  # a state a happening took place in
_CAPITAL_BEFORE = re.compile(r"\b[A-Z][\w-]*\s+$")
_CAPITAL_AFTER = re.compile(r"\s+[A-Z]")


def _within_name(text: str, start: int, end: int) -> bool:
    """A name inside a longer one: "China" in "the South China Sea"."""
    return bool(_CAPITAL_BEFORE.search(text, max(0, start - 20), start) and _CAPITAL_AFTER.match(text, end))


def _issue_phrases(ctx: _Context) -> list[tuple[int, int]]:
    """Phrases of two or more words ending in an issue noun: "the Salala incident", "the East Mediterranean gas
    dispute"; the pair, a possessor, a stop word or punctuation ends them on the left."""
    lists, found = _lists(), []
    words = list(_WORD.finditer(ctx.text))
    for i, noun in enumerate(words):
        if not lists.issue.fullmatch(noun.group()) or _inside(noun.start(), ctx.blocked):
            continue
        start, count = noun.start(), 1
        for j in range(i - 1, -1, -1):
            w, after = words[j], words[j + 1]
            lower = w.group().lower()
            joined = (
                lower in ("and", "of") and after.group()[:1].isupper() and j > 0 and words[j - 1].group()[:1].isupper()
            )
            if ctx.text[w.end() : after.start()].strip() not in ("", "-") or _owner_end(ctx.text, w.end()):
                break
            if _inside(w.start(), ctx.pair) or _inside(w.start(), ctx.blocked) or lower in _NOT_ISSUES:
                break
            if lower in lists.directive_words or (lower in STOP_WORDS and not joined):
                break
            start, count = w.start(), count + (not joined)
        if count >= 2:
            found.append((start, noun.end()))
    return found


def read_variables(
    text: str,
    actors: Sequence[Mention],
    dates: Sequence[DateMention],
    pair: tuple[str, str] | None,
    directive: str,
    blocked: Sequence[tuple[int, int]],
    things: Sequence[tuple[int, int]],
) -> tuple[str, ...]:
    """The issues the question is bounded by, in the order it names them."""
    atoms = {m.start: m.end for m in actors} | {d.start: d.end for d in dates if d.kind == "named"}
    ours = tuple(
        (m.start, m.end)
        for m in actors
        if pair and m.code in pair and m.kind == "country" and not _within_name(text, m.start, m.end)
    )
    ctx = _Context(text, atoms, ours, tuple(blocked))
    spans: list[tuple[int, int]] = []
    for pattern, inside in _lists().cues:
        for m in pattern.finditer(text):
            at = m.start("x") if inside else m.end()
            if not _inside(at, blocked):  # "Write a note on X": the directive may hold the cue, not X
                spans += _noun_phrases(ctx, at, m.end("x")) if inside else _noun_phrases(ctx, at)
    for m in _SHAPED.finditer(text):
        for span in _noun_phrases(ctx, m.start("x"), m.end("x")):
            if not _inside(span[0], blocked) and not any(a < span[1] and span[0] < b for a, b in spans):
                spans.append(span)
    for span in [*_issue_phrases(ctx), *things]:
        if not any(a < span[1] and span[0] < b for a, b in spans):
            spans.append(span)
    if pair and directive != "compare":  # other states: "the China factor", "in Afghanistan"
        seen = set(pair)
        for actor in actors:
            following = _next_word(text, actor.end)
            modifier = following.islower() and following not in STOP_WORDS  # "the US withdrawal"
            if actor.kind != "country" or actor.code in seen or modifier or any(a <= actor.start < b for a, b in spans):
                continue
            if any(
                d.kind == "named" and d.start <= actor.start < d.end and not _PLACED.search(text, d.start, actor.start)
                for d in dates
            ):
                continue  # "since the collapse of the Soviet Union" dates the question; "withdrawal from X" is in X
            seen.add(actor.code)
            spans.append((actor.start, actor.end))
    spans.sort()
    variables: list[str] = []
    heads = _lists().heads
    for a, b in spans:
        phrase = re.sub(r"\s+", " ", text[a:b]).strip(" '’")
        if phrase.lower() in heads or phrase.lower() in _NO_ISSUES:
            continue  # "with reference to the role of the AU": the role is the AU's, which "role of X" reads
        if phrase and phrase not in variables:
            variables.append(phrase)
    return tuple(variables)
