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
from itertools import pairwise

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dyadscope.extract.lexicon import CueTagger, Rule, Scores, TriggerLexicon, load_modifiers
from dyadscope.models import DateInterval, DateMention, Event, Evidence, Mention

TARGET_PREPS = frozenset(
    {
        "on",
        "to",
        "against",
        "with",
        "toward",
        "towards",
        "for",
        "into",
        "upon",
        "at",
        "of",
        "over",
        "from",
        "between",
    }
)
LOCATIVE_PREPS = frozenset({"in", "inside", "within", "across", "throughout", "near", "along"})
NP_BREAKS = frozenset({",", ";", ":", "and", "or", "which", "that", "who", "while"})
OBJECT_PREPS = frozenset({"by", "against", "for"})
GOVERNING_PREPS = frozenset({"on", "of", "for"})
COORDINATORS = frozenset({"and", ", and", "and the", ", and the", "or", "nor", "as well as"})
LIST_COMMAS = frozenset({",", ", the"})
RELATION_TYPES = frozenset({"SUPPORT", "COOPERATE", "CONSULT"})  # a hyphenated pair before them is the relation's
PHYSICAL_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT"})
IMPLICIT_TARGET_PREPS = frozenset({"to", "on", "against", "toward", "towards", "upon"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})
ALL_PREPS = TARGET_PREPS | LOCATIVE_PREPS | {"by"}
ATTACHERS = frozenset({"'s", "’s", "'", "-"})
BE_FORMS = frozenset({"was", "were", "been", "be", "is", "are", "being", "got"})
CLAUSE_BREAKS = frozenset({";", ":", "while", "whereas", "but", "although", "though", "which", "who", "that"})
# What may stand between a noun trigger and its own predicate ("aid disbursements to Pakistan were sharply
# reduced", "the US-Pakistan partnership has been weakened"), and what may follow an intransitive or passive
# predicate (not an object: "the agreement ended the war" is no ended agreement).
AUXILIARIES = BE_FORMS | {"has", "have", "had"}
ACTOR_LINKS = frozenset(
    {"the", "-", "'s", "’s", "and", "between", "to", "with", "from", "for", "of", "by", "on", "against", "upon"}
)
AFTER_PREDICATE = ALL_PREPS | {
    "",
    ",",
    ".",
    ";",
    ":",
    "—",
    ")",
    "as",
    "after",
    "because",
    "due",
    "following",
    "amid",
    "when",
    "since",
    "until",
    "and",
    "but",
    "again",
    "further",
    "off",
    "back",
    "down",
    "significantly",
}
# Words of a trigger's own noun phrase between it and a verb or adjective that governs it ("suspended its
# military cooperation", "the weakening of the alliance"); a preposition other than "of" or a break ends it.
NP_STOPS = (
    (ALL_PREPS - {"of"})
    | NP_BREAKS
    | CLAUSE_BREAKS
    | {"but", "than", "through", "via", "despite", "amid", "during", "after", "before", "under", "among", "about"}
    | {"beyond", "like", "as", "including", "because", "since", "until", "without"}
)
# A noun trigger's own predicate is read past list commas, but not past a verb form of its own or a new clause.
FORWARD_STOPS = CLAUSE_BREAKS | AUXILIARIES | {"but", "yet", "because", "so", "if", "when"}
# Adverbial openers: "Despite cooperation, tensions may rise": the trigger is not the subject of the modal.
ADVERBIAL_OPENERS = frozenset(
    {"despite", "after", "following", "amid", "during", "before", "since", "as", "through", "because", "unlike"}
)
PROSPECT_LINKS = frozenset({"for", "to", "of"})  # "opportunities for", "pathways to", "prospects of"
PROSPECT_VERBS = frozenset({"offer", "offers", "present", "presents", "hold", "holds", "open", "opens"})
LINKING_VERBS = frozenset({"is", "are", "was", "were", "remain", "remains", "remained", "be", "being"})
DOCUMENT_DETERMINERS = frozenset({"this", "our", "the present", "the following", "the current"})
FRAME_ENDS = frozenset({";", ":", "but", "whereas", "although", "though"})
NEW_CLAUSE = frozenset({"and", "but", "while", "whereas", "yet", "although", "though", "however"})


@dataclass(frozen=True, slots=True)
class _Tokens:
    """Lower-cased token texts and offsets, read once: spaCy token access from Python is slow."""

    words: list[str]
    idx: list[int]

    @classmethod
    def of(cls, doc: Doc) -> _Tokens:
        return cls([t.lower_ for t in doc], [t.idx for t in doc])

    def between(self, start: int, end: int) -> str:
        return " ".join(self.words[start:end])


@dataclass(slots=True)
class _Actor:
    code: str
    start: int  # token index
    end: int
    prep: str | None  # the preposition governing it, if any
    possessive: bool
    group: int = 0  # actors joined by "and"/"," share a group: "the US and the UK supplied arms"


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


def _separated(text: str, mention: DateMention, trigger: Span) -> bool:
    """True when a clause boundary (",", ";", " and ") lies between a date and the trigger."""
    between = (
        text[mention.end : trigger.start_char]
        if mention.end <= trigger.start_char
        else text[trigger.end_char : mention.start]
    )
    return any(mark in between for mark in (",", ";", " and "))


class EventCoder:
    def __init__(self, lexicon: TriggerLexicon, contexts: CueTagger, issues: CueTagger, scores: Scores) -> None:
        self.lexicon = lexicon
        self.contexts = contexts
        self.issues = issues
        self.scores = scores
        self.modifiers = load_modifiers()

    def code(
        self, doc: Doc, mentions: Sequence[Mention], dates: Sequence[DateMention], ctx: SentenceContext
    ) -> list[Event]:
        """Events in one sentence. `mentions` have document offsets; `dates` sentence offsets."""
        tokens = _Tokens.of(doc)
        actors = self._actors(doc, tokens, mentions, ctx)
        if not actors or (len({a.code for a in actors}) < 2 and ctx.dyad is None):
            return []
        date_spans = [(d.start, d.end) for d in dates]
        triggers = [Span(doc, s, e, label=k) for k, s, e in self.lexicon.matcher(doc)]
        actor_tokens = {i for a in actors for i in range(a.start, a.end)}
        events: list[Event] = []
        seen: set[tuple[str, str, str]] = set()
        sentence_contexts = self.contexts(ctx.text)
        sentence_issues = self.issues(ctx.text)
        spans = filter_spans(triggers)
        trigger_ends = {t.end for t in spans}
        trigger_tokens = {i for t in spans for i in range(t.start, t.end)}
        frames = self._frames(tokens)
        for trigger in spans:
            if any(s <= trigger.start_char < e for s, e in date_spans):
                continue  # "the Cold War", "the War on Terror" are dates, not fighting
            if any(i in actor_tokens for i in range(trigger.start, trigger.end)):
                continue
            if self._governed(tokens, trigger, trigger_ends):
                continue  # "embargo on arms sales", "agreement of cooperation": the object, not an event
            if self._unknown_agent(tokens, trigger, actor_tokens):
                continue  # "aggression by a communist state": the agent is named but is no actor we know
            base = self.lexicon.rules[trigger.label_]
            rule = self._flipped(tokens, trigger, base, actor_tokens, trigger_tokens)
            roles = self._roles(tokens, trigger, actors, rule, ctx.dyad, acted_on=rule is not base)
            if roles is None:
                continue
            sources, targets, confidence = roles
            unasserted = any(start <= trigger.start < end for start, end in frames) or self._prospective(
                tokens, trigger, actors
            )
            for source in sources:
                for target in targets:
                    key = (source, target, rule.type)
                    if source == target or key in seen:
                        continue
                    seen.add(key)
                    events.append(
                        self._event(
                            tokens,
                            trigger,
                            rule,
                            source,
                            target,
                            dates,
                            ctx,
                            (sentence_contexts, sentence_issues),
                            confidence,
                            unasserted,
                        )
                    )
        return events

    def _flipped(
        self, tokens: _Tokens, trigger: Span, rule: Rule, actor_tokens: set[int], trigger_tokens: set[int]
    ) -> Rule:
        """The rule a trigger codes once the words governing it are read: "lifted sanctions", "aid suspension" and
        "aid disbursements were reduced" (flips); "suspended cooperation", "the partnership was weakened" (declines)."""
        if rule.flip is None and not rule.declines:
            return rule
        predicate, passive = self._predicate(tokens, trigger, actor_tokens, trigger_tokens)
        if rule.flip is not None:
            window = set(tokens.words[max(0, trigger.start - 4) : trigger.end + 2])
            # A one-sided flow that ends is stopped ("aid ended", "sanctions were lifted"); a joint event that ends
            # still happened ("the war ended with a ceasefire"), unless someone ended it ("the war was ended").
            if window & rule.flip_words or ((passive or not rule.mutual) and predicate in rule.flip_words):
                return rule.flip
        if rule.declines:
            governors = self._governors(tokens, trigger)
            for words, declined in rule.declines:
                if predicate in words or not governors.isdisjoint(words):
                    return declined
        return rule

    @staticmethod
    def _predicate(
        tokens: _Tokens, trigger: Span, actor_tokens: set[int], trigger_tokens: set[int]
    ) -> tuple[str | None, bool]:
        """The verb a noun trigger is the subject of, when it is intransitive or passive, and whether it is passive:
        "aid disbursements to X were reduced" → ("reduced", True), "the partnership weakened as ..." → ("weakened",
        False); (None, False) when there is none."""
        words = tokens.words
        n = len(words)
        i = trigger.end
        while i < min(n, trigger.end + 10):
            word = words[i]
            links = word in ACTOR_LINKS and (i + 1 in actor_tokens or (i + 2 in actor_tokens and words[i + 1] == "the"))
            if not (links or i in actor_tokens or i in trigger_tokens or word in AUXILIARIES or word.endswith("ly")):
                break
            i += 1
        if i >= n:
            return None, False
        following = words[i + 1] if i + 1 < n else ""
        if following not in AFTER_PREDICATE and not following.endswith("ly"):
            return None, False  # a transitive verb with an object: "the agreement ended the war"
        return words[i], not AUXILIARIES.isdisjoint(words[trigger.end : i])

    @staticmethod
    def _governors(tokens: _Tokens, trigger: Span) -> set[str]:
        """Words up to four before a trigger inside its own noun phrase: "suspended its military cooperation",
        "the deteriorating US-Pakistan partnership", "the weakening of the alliance"."""
        found: set[str] = set()
        for i in range(trigger.start - 1, max(-1, trigger.start - 5), -1):
            word = tokens.words[i]
            if word in NP_STOPS or word == ",":
                break
            found.add(word)
        return found

    def _frames(self, tokens: _Tokens) -> list[tuple[int, int]]:
        """Token ranges that no one asserts happened: what a text says about itself ("This paper examines ...") and
        what follows a verb of opinion ("He believes that ...", "as a report suggests, ...") up to a new clause."""
        words = tokens.words
        n = len(words)
        frames: list[tuple[int, int]] = []
        first = 1 if n and words[0] == "in" else 0
        for size in (1, 2):
            if " ".join(words[first : first + size]) in DOCUMENT_DETERMINERS:
                nouns = words[first + size : first + size + 3]
                if not self.modifiers["document_nouns"].isdisjoint(nouns):
                    end = words.index(";") if ";" in words else n
                    frames.append((first, end))
        beliefs = self.modifiers["belief_frames"]
        beliefs_that = self.modifiers["belief_frames_that"]
        if beliefs.isdisjoint(words) and beliefs_that.isdisjoint(words):
            return frames
        for i, word in enumerate(words):
            if word in beliefs or (word in beliefs_that and i + 1 < n and words[i + 1] == "that"):
                relative = i > 0 and words[i - 1] in {"which", "who"}
                end = i + 1
                while end < n:
                    here = words[end]
                    if here in FRAME_ENDS or (
                        here == "," and (relative or (end + 1 < n and words[end + 1] in NEW_CLAUSE))
                    ):
                        break
                    end += 1
                frames.append((i + 1, end))
        return frames

    def _prospective(self, tokens: _Tokens, trigger: Span, actors: list[_Actor]) -> bool:
        """A prospect, not an event: "offers opportunities for ...", "provide pathways to ...", or a noun trigger whose
        own predicate is modal ("X-Y collaboration in vaccines, health and research can contribute to ...")."""
        words = tokens.words
        n = len(words)
        prospects = self.modifiers["prospects"]
        for i in range(trigger.end, min(n, trigger.end + 3)):
            if words[i] in prospects:
                return True  # "offer new opportunities", "provide a pathway"
            if words[i] in ALL_PREPS or words[i] in NP_BREAKS or words[i] in PROSPECT_VERBS:
                break
        last = words[trigger.end - 1]
        before = words[trigger.start - 1] if trigger.start > 0 else ""
        if last.endswith("ed") or before in AUXILIARIES or before in self.modifiers["modals"]:
            return False  # a verb: "the US provided aid, and this could ..."
        for i in range(trigger.start - 1, -1, -1):  # "Despite cooperation, tensions may rise"
            if words[i] in CLAUSE_BREAKS:
                break
            if words[i] in ADVERBIAL_OPENERS and not (words[i] == "as" and i > 0 and words[i - 1] == "such"):
                return False
        bare = {i for a in actors if a.prep is None and not a.possessive for i in range(a.start, a.end)}
        for i in range(trigger.end, min(n, trigger.end + 30)):
            word = words[i]
            if word in self.modifiers["modals"]:
                return words[i - 1] not in {",", "and", "or"}  # "..., and could": a verb of its own
            if word in PROSPECT_VERBS and i + 1 < n:
                return words[i + 1] in prospects or (i + 2 < n and words[i + 2] in prospects)
            if word in LINKING_VERBS and " ".join(words[i + 1 : i + 3]) in self.modifiers["clause_hedges"]:
                return True  # "aid to X remains conditional on reforms"
            if word in FORWARD_STOPS or (i in bare and i - 1 not in bare and words[i - 1] != "-"):
                return False
        return False

    def _actors(self, doc: Doc, tokens: _Tokens, mentions: Sequence[Mention], ctx: SentenceContext) -> list[_Actor]:
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
            prev = tokens.words[span.start - 1] if span.start > 0 else ""
            prev2 = tokens.words[span.start - 2] if span.start > 1 else ""
            prep = prev if prev in ALL_PREPS else prev2 if prev in {"the", "a", "an"} and prev2 in ALL_PREPS else None
            nxt = tokens.words[span.end] if span.end < len(doc) else ""
            possessive = nxt in {"'s", "’s", "'"}
            for code in codes:
                if actors and actors[-1].code == code and actors[-1].end >= span.start - 1:
                    actors[-1].end = span.end  # "Pakistani Prime Minister Imran Khan" is one actor
                    actors[-1].possessive = possessive
                    continue
                actors.append(_Actor(code, span.start, span.end, prep, possessive, len(actors)))
        self._coordinate(tokens, actors)
        return actors

    @staticmethod
    def _coordinate(tokens: _Tokens, actors: list[_Actor]) -> None:
        """Group "A and B" and lists "A, B, C and D" (a comma alone does not coordinate)."""
        run: list[_Actor] = []
        for actor in actors:
            if run and actor.prep is None:
                between = tokens.between(run[-1].end, actor.start)
                if run[-1].start == actor.start or between in COORDINATORS | LIST_COMMAS:
                    run.append(actor)
                    if between in COORDINATORS or run[-2].start == actor.start:
                        for member in run:
                            member.group = run[0].group
                    continue
            run = [actor]

    def _roles(
        self,
        tokens: _Tokens,
        trigger: Span,
        actors: list[_Actor],
        rule: Rule,
        dyad: tuple[str, str] | None,
        acted_on: bool = False,
    ) -> tuple[list[str], list[str], float] | None:
        """Pick source and target codes and a confidence for a trigger, or None when the sentence does not say.

        `acted_on`: a governing word turned the trigger into another act ("suspended", "closed"). Then the
        trigger's owner is its target and the clause's subject its source: "Pakistan closed the NATO supply
        routes" is Pakistan against NATO, "the US suspended Pakistan's aid" the US against Pakistan.
        """
        before = [a for a in actors if a.end <= trigger.start and not self._broken(tokens, a.end, trigger.start)]
        passive = trigger.start > 0 and tokens.words[trigger.start - 1] in BE_FORMS
        owners = [a for a in before if self._attached(tokens, a, trigger)] if acted_on else []
        if owners and not passive:
            owner = owners[-1]
            subjects = [a for a in before if not a.prep and a.end < owner.start and a.group != owner.group]
            if subjects:
                return self._group(actors, subjects[-1]), self._group(actors, owner), 0.85
        after = [a for a in actors if a.start >= trigger.end and not self._broken(tokens, trigger.end, a.start)]
        physical = rule.type in PHYSICAL_TYPES or rule.mode == "visit"  # "arrived in Kabul" names the host
        between = {a.group for a in actors if a.prep == "between"}
        direct = [
            a
            for a in after
            if a.prep not in LOCATIVE_PREPS
            and a.group not in between
            and (a.start - trigger.end <= 2 or (a.prep == "with" and a.start - trigger.end <= 4))
        ]
        if rule.mutual or rule.type in RELATION_TYPES:
            compound = self._compound(tokens, actors, trigger)
            if compound is not None:
                return [compound[0]], [compound[1]], 0.85  # "the China-Pakistan partnership": the two it joins
        if rule.mutual and not direct:
            pair = self._pair(tokens, actors, before)
            if pair is not None:
                return [pair[0]], [pair[1]], 0.85
            if rule.state and not any(a.possessive and self._attached(tokens, a, trigger) for a in before):
                return None  # "X's arms sales escalated tensions in the region": the state's sides are not named
        source = self._source(tokens, trigger, before, after, rule, passive)
        target: _Actor | None = None
        remaining = [
            a
            for a in after
            if a is not source
            and (source is None or a.group != source.group)
            and (source is None or source.start < trigger.end or a.code != source.code)  # "concerns in X about X's"
            and (physical or a.prep not in LOCATIVE_PREPS)
        ]
        if remaining:
            first = remaining[0]
            target = (
                first
                if first.start - trigger.end <= 2
                else next((a for a in remaining if a.prep and a.prep != "by"), first)
            )
        else:
            others = [a for a in before if a is not source and (source is None or a.group != source.group)]
            placed = [a for a in others if physical or a.prep not in LOCATIVE_PREPS]
            if placed or others:
                target = (placed or others)[-1]
        if passive and source is None and before and target is not None and target in after:
            source, target = target, before[0]
        elif passive and source is not None and before and target is None:
            target = before[0]
        if source is not None and target is not None and source.code != target.code:
            near = min(abs(source.start - trigger.start), abs(target.start - trigger.start)) <= 8
            return self._group(actors, source), self._group(actors, target), 0.85 if near else 0.7
        return self._implicit(source, target, dyad)

    @staticmethod
    def _group(actors: list[_Actor], member: _Actor) -> list[str]:
        return list(dict.fromkeys(a.code for a in actors if a.group == member.group))

    def _source(
        self, tokens: _Tokens, trigger: Span, before: list[_Actor], after: list[_Actor], rule: Rule, passive: bool
    ) -> _Actor | None:
        by_after = [a for a in after if a.prep == "by" or (a.prep and a.prep in rule.passive_source)]
        owner = tokens.words[trigger.start - 1] if trigger.start > 0 else ""
        adjacent = [a for a in before if self._attached(tokens, a, trigger)]
        if by_after:
            return by_after[0]  # "... sanctions on Pakistan by the United States"; "aid from the US"
        if owner in POSSESSIVE_PRONOUNS and before:
            return before[-1]  # "... on Pakistan after its nuclear tests": its = the nearest actor
        if adjacent and (adjacent[-1].possessive or adjacent[-1].end == trigger.start or not adjacent[-1].prep):
            return adjacent[-1]  # "Pakistan's support", "the Soviet invasion", "the US providing", "US-backed"
        subjects = [a for a in before if not a.prep]
        if subjects and not passive:
            # The subject of the trigger's own clause beats one of an earlier clause ("Although relations between
            # X and Y remain unsettled, Z has provided ...").
            breaks = [i for i in range(subjects[0].end, trigger.start) if tokens.words[i] in (",", ";")]
            local = [a for a in subjects if breaks and a.start > breaks[-1]]
            return local[0] if local else subjects[0]
        by_before = [a for a in before if a.prep == "by"]
        return by_before[-1] if by_before else None  # "a commitment by the United States to support ..."

    @staticmethod
    def _compound(tokens: _Tokens, actors: list[_Actor], trigger: Span) -> tuple[str, str] | None:
        """ "the US-Pakistan partnership", "China-Pakistan cooperation": two actors joined by a hyphen before it."""
        for first, second in pairwise(actors):
            if (
                first.code != second.code
                and second.end == trigger.start
                and tokens.between(first.end, second.start) == "-"
            ):
                return first.code, second.code
        return None

    @staticmethod
    def _pair(tokens: _Tokens, actors: list[_Actor], before: list[_Actor]) -> tuple[str, str] | None:
        """Both sides of a joint action: "between A and B", "A and B signed", "the two countries".

        ("the A-B deal" never gets here: `_compound` has taken it, for every mutual rule.)"""
        for first, second in pairwise(actors):
            if first.code == second.code:
                continue
            joined = tokens.between(first.end, second.start)
            if first.prep == "between" and joined in COORDINATORS:
                return first.code, second.code
        subjects = [a for a in before if a.prep is None]
        if len(subjects) >= 2 and subjects[0].group == subjects[1].group:
            return subjects[0].code, subjects[1].code
        if len({a.code for a in actors}) == 2 and actors[0].start == actors[1].start:
            return actors[0].code, actors[1].code  # only "the two countries": the document's dyad
        return None

    @staticmethod
    def _implicit(
        source: _Actor | None, target: _Actor | None, dyad: tuple[str, str] | None
    ) -> tuple[list[str], list[str], float] | None:
        """One side named in a document about a dyad: the other side is the dyad's other state."""
        if dyad is None:
            return None
        if source is None and target is not None and target.code in dyad and target.prep in IMPLICIT_TARGET_PREPS:
            other = dyad[1] if target.code == dyad[0] else dyad[0]
            return [other], [target.code], 0.5
        return None

    @staticmethod
    def _attached(tokens: _Tokens, actor: _Actor, trigger: Span) -> bool:
        """ "Pakistan's (alleged) support", "the Soviet invasion", "US-backed": the actor owns the trigger."""
        gap = trigger.start - actor.end
        if gap == 0:
            return True
        if tokens.words[actor.end] not in ATTACHERS:
            return False
        return gap <= (3 if actor.possessive else 1)

    @staticmethod
    def _governed(tokens: _Tokens, trigger: Span, trigger_ends: set[int]) -> bool:
        """True for "embargo on arms sales", "agreement of cooperation": this trigger is another's object."""
        for link in (trigger.start - 1, trigger.start - 2):
            if link > 0 and tokens.words[link] in GOVERNING_PREPS and link in trigger_ends:
                return True
        return False

    @staticmethod
    def _unknown_agent(tokens: _Tokens, trigger: Span, actor_tokens: set[int]) -> bool:
        """ "aggression by a communist state", "support for militant groups", "the fight against communism":
        the trigger names its other side, and that side is no actor we know."""
        after = trigger.end
        if after >= len(tokens.words) or tokens.words[after] not in OBJECT_PREPS:
            return False
        for i in range(after + 1, min(after + 5, len(tokens.words))):  # the object noun phrase, up to a break
            if i in actor_tokens:
                return False
            if tokens.words[i] in ALL_PREPS or tokens.words[i] in NP_BREAKS:
                return True
        return True

    @staticmethod
    def _broken(tokens: _Tokens, start: int, end: int) -> bool:
        """True when a clause boundary or another sentence-level break lies between two tokens."""
        return end - start > 25 or ";" in tokens.words[start:end]

    def _event(
        self,
        tokens: _Tokens,
        trigger: Span,
        rule: Rule,
        source: str,
        target: str,
        dates: Sequence[DateMention],
        ctx: SentenceContext,
        labels: tuple[list[str], list[str]],
        confidence: float,
        unasserted: bool = False,
    ) -> Event:
        in_dates = {i for d in dates for i in range(d.start, d.end)}
        window = []
        for i in range(trigger.start - 1, max(0, trigger.start - 12) - 1, -1):
            if tokens.words[i] in CLAUSE_BREAKS:
                break
            if tokens.idx[i] not in in_dates:
                window.append(tokens.words[i])
        # Negators and hedges: data/lexicon/modifiers.yaml says how far back each kind reaches.
        negated = any(w in self.modifiers["negations"] for w in window[:4])
        hedges = self.modifiers["clause_hedges"]
        prospects = self.modifiers["prospects"]
        hypothetical = (
            unasserted
            or any(w in hedges for w in window)
            or any(w in self.modifiers["local_hedges"] for w in window[:3])
            # two-word conditions ("subject to", "in exchange"), and "opportunities for": the window runs backwards
            or any(
                f"{w} {after}" in hedges or (w in prospects and after in PROSPECT_LINKS)
                for after, w in pairwise(window)
            )
        )
        date, inherited = self._date(trigger, dates, ctx)
        contexts = list(dict.fromkeys([*rule.contexts, *labels[0]]))
        if inherited:
            confidence -= 0.15
        if date is None:
            confidence -= 0.1
        digest = hashlib.sha1(
            f"{ctx.doc_key}:{ctx.sentence_id}:{trigger.start_char}:{rule.type}:{source}:{target}".encode()
        ).hexdigest()[:16]
        return Event(
            id=f"ev_{digest}",
            source=[source],
            target=[target],
            type=rule.type,
            mode=rule.mode,
            contexts=contexts,
            cameo=rule.cameo,
            intensity=self.scores.intensity(rule),
            negated=negated,
            hypothetical=hypothetical,
            date=date,
            date_inherited=inherited,
            confidence=round(confidence, 2),
            evidence=Evidence(ctx.doc, ctx.title, ctx.sentence_id, ctx.start, ctx.end, ctx.text),
            trigger=trigger.text,
            issues=labels[1],
        )

    @staticmethod
    def _date(trigger: Span, dates: Sequence[DateMention], ctx: SentenceContext) -> tuple[DateInterval | None, bool]:
        """The time expression nearest the trigger, else the sentence's own or inherited date."""
        if dates:
            # A date of a year or less beats a longer one in the same sentence ("In April 1979 the Carter
            # administration cut off aid", "the 21st century ... after the September 11 attacks");
            # then one in the trigger's own clause ("In June 1954 Zhou visited Delhi, and in October Nehru
            # visited China"); among equals the nearest wins.
            nearest = min(
                dates,
                key=lambda d: (
                    (d.interval.end - d.interval.start).days > 366,
                    _separated(ctx.text, d, trigger),
                    min(abs(d.start - trigger.end_char), abs(trigger.start_char - d.end)),
                ),
            )
            if ctx.date_inherited and ctx.date is not None and ctx.date != nearest.interval:
                return ctx.date, True  # the sentence's long date was narrowed by the one before it
            return nearest.interval, False
        return ctx.date, ctx.date_inherited
