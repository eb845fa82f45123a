"""Whether a candidate event is denied, only possible or still to come, read from the parse, and the PLOVER
conventions that follow from it.

Negated: a negation attached to the trigger or its auxiliaries ("did not attend", "has never recognised"), or
"no" before a noun trigger ("no agreement was reached") or before a verb's object ("raised no objection"), or a
denied verb above it ("did not try to lift").
Hypothetical: a hedging modal ("could blockade"), a condition ("if the talks fail, fighting may resume"), a verb
of belief or prediction above it ("analysts believe Russia will invade"), a noun that makes it a prospect ("the
risk of war", "alleged support"), or a question ("Has Japan lifted its restrictions?" asserts nothing).

An actor's own future act is coded by the convention of PLOVER and CAMEO, not as hypothetical: cooperation it will
give ("will support", "pledged to send aid", "is ready to contribute troops") is AGREE, a retreat it announces
("would withdraw its troops") CONCEDE, and harm it makes conditional ("would boycott the summit unless ...")
THREATEN. Harm it only announces ("will impose sanctions next week") has not happened yet: hypothetical.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from dyadscope.data import lang_words
from dyadscope.extract.candidates import is_verb, lemma, verb_in
from dyadscope.models import NO_EVENT, Candidate

BELIEF_VERBS = frozenset(lang_words("belief_verbs"))
REQUEST_VERBS = frozenset(lang_words("request_verbs"))
# types whose "will" or "would" is the act itself (an intent, a threat, an announced concession), not a hedge
INTENT_TYPES = frozenset({"AGREE", "THREATEN", "REQUEST", "REJECT", "CONCEDE"})
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
HARMFUL = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"})
FUTURE = frozenset(lang_words("future_auxiliaries"))
# Verbs and adjectives whose complement is the actor's own future act: "pledged to send", "is ready to contribute"
INTENT_HEADS = frozenset(lang_words("intent_heads"))


class Modality:
    def __init__(self) -> None:
        self.negators = frozenset(lang_words("negators"))
        self.hedges = frozenset(lang_words("hedges"))
        self.conditionals = frozenset(lang_words("conditionals"))
        self.unreal = frozenset(lang_words("unreal_modifiers"))
        self.prospects = frozenset(lang_words("prospect_objects"))
        self.self_reference = frozenset(lang_words("self_reference"))
        self.choices = frozenset(lang_words("choice_words"))
        self.near_miss = frozenset(lang_words("near_miss_words"))
        self.eventive = frozenset(lang_words("eventive_nouns"))
        self.scaling = frozenset(lang_words("scaling_verbs"))
        self.not_not = frozenset(lang_words("negative_verbs"))

    def __call__(
        self, doc: Doc, head: int, event_type: str, lexicon_types: frozenset[str] = frozenset()
    ) -> tuple[str, bool, bool]:
        """(type, negated, hypothetical) for the candidate at token `head` of the type the classifier gave;
        `lexicon_types` are the types the trigger lexicon gives its words ("boycott": PROTEST)."""
        token = doc[head]
        negated = self._negated(token)
        future = self._future(token)
        if future and event_type in COOPERATIVE:
            return "AGREE", negated, False
        if future and event_type == "RETREAT":
            return "CONCEDE", negated, False
        harmful = event_type in HARMFUL or (event_type != NO_EVENT and not lexicon_types.isdisjoint(HARMFUL))
        if future and harmful:
            if self._conditioned(token):
                return "THREATEN", negated, False  # harm made conditional, whatever else it looked like
            return event_type, negated, True
        question = len(doc) > 0 and doc[-1].text == "?" and self._main_clause(token)
        return event_type, negated, question or self._hypothetical(token, event_type)

    def _future(self, token: Token) -> bool:
        """The actor's own act still to come: "will send", "would boycott", "pledged to send", "is ready to"."""
        if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in FUTURE for c in token.children):
            return True
        governor = token.head
        if token.dep_ == "xcomp" and governor.i != token.i:
            if lemma(governor) in INTENT_HEADS:
                return True
            return governor.dep_ == "acomp" and governor.lower_ in INTENT_HEADS  # "is ready to contribute"
        return False

    def _conditioned(self, token: Token) -> bool:
        """An "unless" or "if" clause on the act or the verb it depends on ("would boycott ... unless ...")."""
        for verb in (token, token.head):
            for child in verb.children:
                if child.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in self.conditionals for m in child.children
                ):
                    return True
        return False

    @staticmethod
    def _main_clause(token: Token) -> bool:
        """In the sentence's main clause: the root, or joined to it by a conjunction or as its object."""
        current = token
        for _ in range(4):
            if current.dep_ == "ROOT":
                return True
            if current.dep_ not in {"conj", "dobj", "xcomp"}:
                return False
            current = current.head
        return False

    def _negated(self, token: Token) -> bool:
        for child in token.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return True
        head = token.head
        if token.dep_ == "xcomp" and is_verb(head) and any(c.dep_ == "neg" for c in head.children):
            return lemma(head) not in self.not_not  # "did not try to lift"; "would not hesitate to confront" would
        objects = [c for c in token.children if c.dep_ == "dobj"] if is_verb(token) else []
        if objects and all(any(g.dep_ == "det" and g.lower_ == "no" for g in o.children) for o in objects):
            return True  # "raised no objection", "offered no support": the act is denied
        # "did not impose sanctions" parsed with the noun as the candidate's object is read at the verb; a noun
        # candidate that is the subject of a negated verb ("talks did not take place") is denied too
        governor = token.head
        return (
            not is_verb(token)
            and token.dep_ in {"nsubj", "nsubjpass"}
            and any(c.dep_ == "neg" for c in governor.children)
        )

    def _hypothetical(self, token: Token, event_type: str) -> bool:
        hedges = self.hedges - ({"would", "will"} if event_type in INTENT_TYPES else set())
        if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in hedges for c in token.children):
            return True
        if not is_verb(token):
            for child in token.children:
                if child.dep_ in {"amod", "compound", "nmod"} and child.lower_ in self.unreal:
                    return True
            governor = token.head
            if token.dep_ == "pobj" and governor.head.lower_ in self.unreal | {"prospects", "chances"}:
                return True  # "the risk of war", "prospects for peace"
            if (
                governor.i != token.i
                and is_verb(governor)
                and token.dep_ in {"nsubj", "nsubjpass", "dobj"}
                and any(c.dep_ == "aux" and c.lower_ in hedges for c in governor.children)
            ):
                return True  # "cooperation could deepen", "may impose sanctions"
        if is_verb(token) and any(c.dep_ == "dobj" and lemma(c) in self.prospects for c in token.children):
            return True  # "offer opportunities for cooperation"
        if self._near_miss(token):
            return True  # "nearly went to war", "came close to war": it did not happen
        current = token
        for _ in range(6):
            if current.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in self.conditionals for c in current.children
            ):
                return True
            if current.dep_ == "ccomp" and lemma(current.head) in BELIEF_VERBS:
                return True
            if self._option(current):
                return True  # "choose between engaging China and severing ties", "decide whether to impose"
            if current.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ in hedges for c in current.head.children):
                return True  # "should work to deepen their partnership": the governing verb's modal frames it
            if current.dep_ in {"ccomp", "xcomp"} and verb_in(current.head, REQUEST_VERBS) is not None:
                return True  # "demanded that Russia admit", "urged Serbia to arrest": asked for, not done
            if current.dep_ in {"ccomp", "pcomp", "advcl", "xcomp"} and self._text_itself(current.head):
                return True  # "In this chapter we analyse how X imposed sanctions"
            if current.dep_ == "conj" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in current.children):
                break  # ", and in 2023 Japan imposed sanctions": a new clause, outside any frame above
            if current.head.i == current.i:
                break
            current = current.head
        return False

    def _near_miss(self, token: Token) -> bool:
        """What nearly happened: the candidate or the words above it up to its verb say "nearly", "almost", "close
        to", "on the brink of" ("nearly went to war", "came close to war", "were on the brink of war")."""
        current = token
        for _ in range(4):
            if current.i != token.i and current.lower_ in self.near_miss:
                return True  # reached from the candidate below it: "close to « war »"
            if any(c.dep_ in {"advmod", "acomp", "prep"} and self._nearly(c) for c in current.children):
                return True
            if is_verb(current) or current.head.i == current.i:
                return False
            current = current.head
        return False

    def _nearly(self, word: Token) -> bool:
        """ "nearly", "almost", "on the brink"; "close" only to an act ("close to war", not "close to the border")."""
        if word.lower_ not in self.near_miss:
            return False
        if word.lower_ != "close":
            return lemma(word.head) not in self.scaling  # "nearly doubled its aid" did double it, nearly
        reached = [g for c in word.children if c.lower_ == "to" for g in c.children if g.dep_ in {"pobj", "pcomp"}]
        return any(lemma(g) in self.eventive or is_verb(g) for g in reached)

    def _option(self, token: Token) -> bool:
        """One of the options of a choice: under "whether", or the object of "between" after a choice word."""
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in token.children):
            return True
        between = token.head
        return (
            token.dep_ in {"pcomp", "pobj"}
            and between.lower_ == "between"
            and between.head.i != between.i
            and lemma(between.head) in self.choices
        )

    def _text_itself(self, verb: Token) -> bool:
        """A verb whose subject is the writer or the text: "we analyse", "this note examines"."""
        return is_verb(verb) and any(
            c.dep_ == "nsubj"
            and (c.lower_ in self.self_reference or lemma(c) in self.self_reference)
            and (c.lower_ in {"we", "i"} or any(d.lower_ in {"this", "our", "the"} for d in c.children))
            for c in verb.children
        )


def read_intent_at_its_act(candidates: Sequence[Candidate], parses: dict[int, Doc]) -> None:
    """ "agreed to lift its tariffs", "pledged to send aid": one event, the act announced, typed by the future-act
    conventions (CONCEDE, AGREE); the verb of intent that governs it is not a second event. Kept when the act is
    denied ("agreed not to attack"), has no source, or another source ("agreed that Iran would ...")."""
    at = {(c.sentence, c.head): c for c in candidates}
    for act in candidates:
        token = parses[act.sentence][act.head]
        if act.type == NO_EVENT or act.negated or not act.source or token.dep_ != "xcomp":
            continue
        if lemma(token.head) not in INTENT_HEADS:
            continue
        intent = at.get((act.sentence, token.head.i))
        if intent is not None and intent.type != NO_EVENT and set(intent.source) == set(act.source):
            intent.type = NO_EVENT
