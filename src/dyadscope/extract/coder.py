"""Code events in a sentence: trigger → PLOVER/CAMEO, actors → source/target, dates, flags.

A dependency parse would place actors more exactly but runs at a few hundred sentences a
second; these positional rules over tokens (subject before the trigger, prepositional object
after it, "X's <trigger> of Y", "by X" in passives, "A and B signed") run at thousands and
are measured by `python -m dyadscope.eval`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dyadscope.extract.lexicon import ContextTagger, Rule, Scores, TriggerLexicon
from dyadscope.models import DateInterval, DateMention, Event, Evidence, Mention

TARGET_PREPS = frozenset({"on", "to", "against", "with", "toward", "towards", "for", "into", "upon", "at",
                          "of", "over", "from", "between"})
LOCATIVE_PREPS = frozenset({"in", "inside", "within", "across", "throughout", "near", "along"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})
NEGATIONS = frozenset({"not", "never", "no", "n't", "neither", "nor", "without", "refused", "refuse", "refuses",
                       "failed", "fail", "fails", "denied", "declined", "rejected"})
HYPOTHETICAL = frozenset({"will", "would", "could", "may", "might", "should", "shall", "can", "if", "unless",
                          "whether", "potential", "possible", "proposed", "propose", "plan", "plans", "planned",
                          "expected", "hope", "hopes", "seek", "seeks", "seeking", "sought", "must", "need",
                          "needs", "prospect", "prospects", "opportunities", "opportunity", "look", "forward",
                          "wants", "want", "require", "requires", "calls", "urged", "recommend"})
ALL_PREPS = TARGET_PREPS | LOCATIVE_PREPS | {"by"}
ATTACHERS = frozenset({"'s", "’s", "'", "-"})
BE_FORMS = frozenset({"was", "were", "been", "be", "is", "are", "being", "got"})
CLAUSE_BREAKS = frozenset({";", ":", "while", "whereas", "but", "although", "though", "which", "who", "that"})


@dataclass(slots=True)
class _Actor:
    code: str
    start: int  # token index
    end: int
    prep: str | None  # the preposition governing it, if any
    possessive: bool


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """What the coder needs to know about a sentence beyond its tokens."""

    doc_key: str  # stable id of the document's content (its hash): event ids derive from it
    doc: str  # the document's path, as cited
    title: str
    sentence_id: int
    start: int
    end: int
    text: str
    date: DateInterval | None
    date_inherited: bool
    dyad: tuple[str, str] | None


class EventCoder:
    def __init__(self, lexicon: TriggerLexicon, contexts: ContextTagger, scores: Scores) -> None:
        self.lexicon = lexicon
        self.contexts = contexts
        self.scores = scores

    def code(self, doc: Doc, mentions: Sequence[Mention], dates: Sequence[DateMention],
             ctx: SentenceContext) -> list[Event]:
        """Events in one sentence. `mentions` have document offsets; `dates` sentence offsets."""
        actors = self._actors(doc, mentions, ctx)
        if len({a.code for a in actors}) < 2:
            return []
        date_spans = [(d.start, d.end) for d in dates]
        triggers = [Span(doc, s, e, label=k) for k, s, e in self.lexicon.matcher(doc)]
        actor_tokens = {i for a in actors for i in range(a.start, a.end)}
        events: list[Event] = []
        seen: set[tuple[str, str, str]] = set()
        sentence_contexts = self.contexts(doc.text)
        for trigger in filter_spans(triggers):
            if any(s <= trigger.start_char < e for s, e in date_spans):
                continue  # "the Cold War", "the War on Terror" are dates, not fighting
            if any(i in actor_tokens for i in range(trigger.start, trigger.end)):
                continue
            rule = self.lexicon.rules[trigger.label_]
            window = {t.lower_ for t in doc[max(0, trigger.start - 4) : trigger.start]}
            if rule.flip is not None and window & rule.flip_words:
                rule = rule.flip
            roles = self._roles(doc, trigger, actors, rule)
            if roles is None:
                continue
            source, target = roles
            key = (source, target, rule.type)
            if key in seen:
                continue
            seen.add(key)
            events.append(self._event(doc, trigger, rule, source, target, dates, ctx, sentence_contexts,
                                      confident=self._confident(trigger, actors, source, target)))
        return events

    def _actors(self, doc: Doc, mentions: Sequence[Mention], ctx: SentenceContext) -> list[_Actor]:
        actors: list[_Actor] = []
        for mention in mentions:
            span = doc.char_span(mention.start - ctx.start, mention.end - ctx.start, alignment_mode="expand")
            if span is None:
                continue
            codes = [mention.code]
            if mention.code == "DYAD":
                if ctx.dyad is None:
                    continue
                codes = list(ctx.dyad)
            prev = doc[span.start - 1].lower_ if span.start > 0 else ""
            prev2 = doc[span.start - 2].lower_ if span.start > 1 else ""
            prep = prev if prev in ALL_PREPS else prev2 if prev in {"the", "a", "an"} and prev2 in ALL_PREPS \
                else None
            nxt = doc[span.end].lower_ if span.end < len(doc) else ""
            possessive = nxt in {"'s", "’s", "'"}
            for code in codes:
                if actors and actors[-1].code == code and actors[-1].end >= span.start - 1:
                    actors[-1].end = span.end  # "Pakistani Prime Minister Imran Khan" is one actor
                    actors[-1].possessive = possessive
                    continue
                actors.append(_Actor(code, span.start, span.end, prep, possessive))
        return actors

    def _roles(self, doc: Doc, trigger: Span, actors: list[_Actor], rule: Rule) -> tuple[str, str] | None:
        """Pick (source, target) codes for a trigger, or None when the sentence does not say."""
        before = [a for a in actors if a.end <= trigger.start and not self._broken(doc, a.end, trigger.start)]
        after = [a for a in actors if a.start >= trigger.end and not self._broken(doc, trigger.end, a.start)]
        # "... sanctions on Pakistan by the United States"; "aid from the US"
        by_source = [a for a in after if a.prep == "by" or (a.prep and a.prep in rule.passive_source)]
        passive = trigger.start > 0 and doc[trigger.start - 1].lower_ in BE_FORMS
        source: _Actor | None = None
        target: _Actor | None = None
        adjacent = [a for a in before if self._attached(doc, a, trigger)]
        owner = doc[trigger.start - 1].lower_ if trigger.start > 0 else ""
        if by_source:
            source = by_source[0]
        elif owner in POSSESSIVE_PRONOUNS and before:
            source = before[-1]  # "... on Pakistan after its nuclear tests": its = the nearest actor
        elif adjacent and (adjacent[-1].possessive or not adjacent[-1].prep):
            source = adjacent[-1]  # "Pakistan's support", "the Soviet invasion", "US-backed"
        else:
            subjects = [a for a in before if not a.prep]
            if subjects and not passive:
                source = subjects[0]
        remaining = [a for a in after if a is not source and (source is None or a.code != source.code)
                     and a.prep not in LOCATIVE_PREPS]
        if remaining:
            target = next((a for a in remaining if a.prep and a.prep != "by"), remaining[0])
        else:
            others = [a for a in before if source is None or a.code != source.code]
            placed = [a for a in others if a.prep not in LOCATIVE_PREPS]
            if placed or others:
                target = (placed or others)[-1]
        if passive and source is None and before and target is not None and target in after:
            source, target = target, before[0]
        elif passive and source is not None and before and target is None:
            target = before[0]
        if source is None and rule.mutual and len(before) >= 2:
            source, target = before[0], before[1]
        if source is None or target is None or source.code == target.code:
            return None
        return source.code, target.code

    @staticmethod
    def _attached(doc: Doc, actor: _Actor, trigger: Span) -> bool:
        """"Pakistan's (alleged) support", "the Soviet invasion", "US-backed": the actor owns the trigger."""
        gap = trigger.start - actor.end
        if gap == 0:
            return True
        if doc[actor.end].lower_ not in ATTACHERS:
            return False
        return gap <= (3 if actor.possessive else 1)

    @staticmethod
    def _broken(doc: Doc, start: int, end: int) -> bool:
        """True when a clause boundary or another sentence-level break lies between two tokens."""
        return any(doc[i].lower_ in (";",) for i in range(start, end)) or end - start > 25

    @staticmethod
    def _confident(trigger: Span, actors: list[_Actor], source: str, target: str) -> bool:
        near = [a for a in actors if abs(a.start - trigger.start) <= 8 and a.code in (source, target)]
        return len(near) >= 1

    def _event(self, doc: Doc, trigger: Span, rule: Rule, source: str, target: str,
               dates: Sequence[DateMention], ctx: SentenceContext, sentence_contexts: list[str],
               *, confident: bool) -> Event:
        window = [t.lower_ for t in doc[max(0, trigger.start - 6) : trigger.start]]
        negated = any(w in NEGATIONS for w in window[-4:])
        hypothetical = any(w in HYPOTHETICAL for w in window)
        date, inherited = self._date(trigger, dates, ctx)
        contexts = list(dict.fromkeys([*rule.contexts, *sentence_contexts]))
        confidence = 0.85 if confident else 0.65
        if inherited:
            confidence -= 0.15
        if date is None:
            confidence -= 0.1
        digest = hashlib.sha1(
            f"{ctx.doc_key}:{ctx.sentence_id}:{trigger.start_char}:{rule.type}:{source}:{target}".encode()
        ).hexdigest()[:16]
        return Event(
            id=f"ev_{digest}", source=[source], target=[target], type=rule.type, mode=rule.mode,
            contexts=contexts, cameo=rule.cameo, intensity=self.scores.intensity(rule), negated=negated,
            hypothetical=hypothetical, date=date, date_inherited=inherited, confidence=round(confidence, 2),
            evidence=Evidence(ctx.doc, ctx.title, ctx.sentence_id, ctx.start, ctx.end, ctx.text),
            trigger=trigger.text,
        )

    @staticmethod
    def _date(trigger: Span, dates: Sequence[DateMention], ctx: SentenceContext) -> tuple[DateInterval | None, bool]:
        """The time expression nearest the trigger, else the sentence's own or inherited date."""
        if dates:
            nearest = min(dates, key=lambda d: min(abs(d.start - trigger.end_char), abs(trigger.start_char - d.end)))
            return nearest.interval, False
        return ctx.date, ctx.date_inherited
