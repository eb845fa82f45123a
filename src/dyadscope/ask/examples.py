"""Examples for notes: a coded event told as the note's own short sentence, dated, citing its evidence.

"In September 2022 the Biden administration approved a 450 million dollar sustainment package for Pakistan's F-16
fleet, over Indian objections, and …" becomes "In September 2022 the United States approved a 450 million dollar
sustainment package for Pakistan's F-16 fleet." The date is the event's, as precise as its granularity; the subject
is the source state's name (from the actor dictionaries); the predicate is the clause of the evidence sentence that
carries the event's trigger, from the subject to the next clause break; when that clause does not name the target,
a phrase for the event's PLOVER type does ("…, a rebuff to the United States"). `supports` checks every rendering
against its cited sentence (same states, same action, same date) and an example that fails it is dropped.

`is_evidence` keeps what is not evidence out of notes: reporters' questions, biographies, boilerplate and statute
cross-references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dyadscope.ask.answer import Citation
from dyadscope.ask.states import TITLE_WORDS, TITLES, State, is_adjective, state
from dyadscope.data import lang_file, lang_words
from dyadscope.models import QUAD, DateInterval, Event

_FILE = "examples"  # data/lang/en/examples.yaml: the words and phrases below


def _alternatives(key: str) -> str:
    """A word list of the file as alternatives of a pattern: "administration|government|…"."""
    return "|".join(map(re.escape, lang_words(key, _FILE)))


MONTHS = lang_words("months", "calendar")  # "January" … "December"
# Words that may stand between a state's name and its verb and still leave the state the subject ("the Biden
# administration approved", "Washington also warned", "the Pakistani government had agreed").
STATE_NOUNS = frozenset(lang_words("state_nouns", _FILE))
ADVERBS = frozenset(lang_words("adverbs", _FILE))  # left off the front of a predicate ("also warned")
AUXILIARIES = frozenset({"had", "has", "have"})
PASSIVE = frozenset(lang_words("passive", _FILE))
RELATIVES = frozenset(lang_words("relative_words", _FILE))  # "that", "who": a subordinate clause, not the predicate
JOINT = re.compile(rf"\b(?:the|both) (?:two )?(?:{_alternatives('joint_subjects')})\b")
BREAK = re.compile(r";|:|\s[–—-]\s|—|\(|\)|,\s(?!\d)|\.$")
MODAL = re.compile(r"^(?:would|will)\s+")
NEGATION = re.compile(rf"\b(?:{_alternatives('negation')})\b|n't\b", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_][^\W\d_']*")
NUMBER = re.compile(r"\d[\d,.]*")
# What an event of each type was to its target, for a clause that does not name the target.
GLOSS: dict[str, str] = {str(k): str(v) for k, v in lang_file(_FILE)["gloss"].items()}
# What an act of both states was, by its quad class.
JOINT_GLOSS: dict[str, str] = {str(k): str(v) for k, v in lang_file(_FILE)["joint_gloss"].items()}
MODAL_VERB = {"THREATEN": "threatened to", "REQUEST": "asked to"}  # "would provide" → "undertook to provide"
TEMPLATE_PHRASES = [
    *GLOSS.values(),
    *JOINT_GLOSS.values(),
    *MODAL_VERB.values(),
    "undertook to",
    "between and the on in",
]
# split as `supports` splits the example's words: "high-level" is "high" and "level"
TEMPLATE_WORDS = frozenset(w.lower() for phrase in TEMPLATE_PHRASES for w in WORD.findall(phrase))
QUESTION_END = re.compile(r"\?[\"'”’)\]]*\s*$")
PLACED = re.compile(rf"\b(?:{_alternatives('place_prepositions')})\s+(?:the\s+)?$")  # "to Seoul": where, not who
# The source's own first verb and its object, joined to the trigger by "and": "Park Jin| visited Japan and |met"
FIRST_VERB = re.compile(r"^\s+[a-z]+ed\b[^,;:()]*\s+and\s+$")
BIOGRAPHY = re.compile(
    r"\b(?:served|serves|serving) as (?:the |a |an )?(?:[A-Z][\w.'-]*\s+){0,4}(?:[a-z]+\s+)?"
    rf"(?:{_alternatives('biography_offices')})\b"
    r"|\b(?:was|is|has been|had been) (?:the |a |an )?(?:former )?(?:[A-Z][\w.'-]*\s+){0,3}"
    rf"(?:{_alternatives('diplomatic_titles')})\b"
    r"|\bwas born\b|\bis (?:a|an) (?:senior |visiting |former )?"
    rf"(?:{_alternatives('commentator_roles')})\b",
    re.IGNORECASE,
)
BOILERPLATE = re.compile("|".join(lang_words("boilerplate", _FILE)), re.IGNORECASE)
CROSS_REFERENCE = re.compile(
    rf"\b(?:{_alternatives('cross_reference_phrases')}) (?:{_alternatives('cross_reference_units')})\b"
    r"|\bU\.S\.C\.|\(\w\)\(\d+\)",
    re.IGNORECASE,
)
DATE_PREPOSITIONS = _alternatives("date_prepositions")  # "in", "on", "during": before the date a clause states


def is_evidence(text: str) -> bool:
    """Whether a sentence can serve as evidence: not a reporter's question, a biography, boilerplate or a
    statute's cross-reference ("as defined in section 2375")."""
    return not (
        QUESTION_END.search(text) or BIOGRAPHY.search(text) or BOILERPLATE.search(text) or CROSS_REFERENCE.search(text)
    )


@dataclass(frozen=True, slots=True)
class Example:
    """An event told in one sentence of the note's own, with the sentence of the documents it rests on."""

    text: str
    citation: Citation
    date: DateInterval
    event: Event
    subject: tuple[str, ...]  # the codes the sentence makes its subject (one, or both for "the two governments")
    target: str

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def sign(self) -> int:
        return 1 if self.event.intensity > 0 else -1 if self.event.intensity < 0 else 0


def date_phrase(when: DateInterval) -> str | None:
    """ "On 19 May 1954", "In May 1954", "In 1954", "In the 1980s", "Between 1954 and 1965"; None when vaguer."""
    start, end, kind = when.start, when.end, when.granularity
    if kind == "day":
        return f"On {start.day} {MONTHS[start.month - 1]} {start.year}"
    if kind == "month":
        return f"In {MONTHS[start.month - 1]} {start.year}"
    if kind in ("year", "season") or (kind == "range" and start.year == end.year):
        return f"In {start.year}"
    if kind == "decade":
        return f"In the {start.year}s"
    if kind == "range":
        return f"Between {start.year} and {end.year}"
    return None


def _date_pattern(when: DateInterval) -> re.Pattern[str]:
    """The event's date as its clause writes it ("in April 1965", "on 19 May 1954", "on May 19, 1954"): the
    rendering states it first."""
    years = "|".join(sorted({str(when.start.year), str(when.end.year)}))
    month = "(?:" + "|".join(MONTHS) + r")\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?"  # "May", "May 19, "
    return re.compile(
        rf",?\s*\b(?:{DATE_PREPOSITIONS})\s+(?:the\s+)?(?:(?:early|late|mid)-?\s*)?"
        rf"(?:\d{{1,2}}(?:\s+and\s+\d{{1,2}})?\s+)?(?:{month})?(?:{years})(?:s\b)?(?:\s+and\s+(?:{years}))?\b",
        re.IGNORECASE,
    )


def _breaks(text: str, trigger_at: int, trigger_end: int) -> tuple[int, int]:
    left = max((m.end() for m in BREAK.finditer(text, 0, trigger_at)), default=0)
    right = next((m.start() for m in BREAK.finditer(text, trigger_end)), len(text))
    return left, right


def _trigger(text: str, trigger: str, source: State) -> int | None:
    """Where the event's trigger is: its first occurrence after a mention of the source, else its first."""
    if not trigger:
        return None
    spots = [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(trigger)}(?![\w-])", text, re.IGNORECASE)]
    for at in spots:
        if source.forms.search(text, 0, at):
            return at
    return spots[0] if spots else None


def _subject(
    text: str, left: int, at: int, source: State, target: State, display: dict[str, str], when: date
) -> tuple[str, tuple[str, ...], int] | None:
    """Who acts in the clause `text[left:at]` before the trigger: the subject's words, the codes it names and where
    the predicate starts; None when the source is not plainly the subject."""
    before = text[left:at]
    # a name after a place preposition is where, not who ("Japan's envoy to Seoul met")
    mentions = [m for m in source.forms.finditer(before) if not PLACED.search(before[: m.start()])]
    joint = list(JOINT.finditer(before))
    both = (source.code, target.code)
    if joint and (not mentions or joint[-1].start() > mentions[-1].start()):
        return f"{display[source.code]} and {display[target.code]}", both, left + joint[-1].end()
    if not mentions:
        return None
    m = mentions[-1]
    rest = before[m.end() :]
    joined = re.match(r"\s*and\s+", rest)
    if joined:  # "X and Y", "President X and Chancellor Y": the two states together
        after = joined.end()
        while (word := re.match(r"(\w+)\s+", rest[after:])) and word.group(1) in TITLE_WORDS:
            after += word.end()
        other = target.forms.match(rest, after)
        if other and not rest.startswith("'s", other.end()):  # "and Japan's envoy": the envoy, not Japan
            return f"{display[source.code]} and {display[target.code]}", both, left + m.end() + other.end()
    if target.forms.search(rest) and not FIRST_VERB.match(rest):
        return None  # the target is named between the source and the verb: not plainly the source's act
    form = m.group()
    if is_adjective(source, form) or rest.startswith("'s"):
        noun_phrase = text[left + m.start() : at].strip()  # "American cruise missiles", "Turkish commandos"
        if len(noun_phrase.split()) > 10 or PASSIVE & set(noun_phrase.lower().split()):
            return None
        return noun_phrase, (source.code,), at
    start = left + m.end()
    while (word := re.match(r"\s*([a-z]+)\b", text[start:at])) and word.group(1) in STATE_NOUNS:
        start += word.end()  # "the Biden administration approved": the state approved
    if form in source.leaders and not form.lower().endswith(" administration"):
        words = text[left : left + m.start()].split()
        title: list[str] = []
        while words and words[-1] in TITLE_WORDS:
            title.insert(0, words.pop())
        while title and not title[0][0].isupper():
            title.pop(0)
        prefix = " ".join(title) if title and not form.startswith(title[-1]) else ""
        if not prefix and form.split()[0] not in TITLE_WORDS:
            prefix = source.title(form, when)
        return f"{prefix} {form}".strip(), (source.code,), start
    return display[source.code], (source.code,), start


def render(event: Event, display: dict[str, str]) -> Example | None:
    """The event as a sentence of the note's own, or None when its evidence does not allow one."""
    ev = event.evidence
    if event.date is None or event.date_inherited or not event.source or not event.target or not is_evidence(ev.text):
        return None
    when = date_phrase(event.date)
    source, target = state(event.source[0]), state(event.target[0])
    text = ev.text.strip()
    at = _trigger(text, event.trigger, source)
    if when is None or at is None or source.code == target.code:
        return None
    left, right = _breaks(text, at, at + len(event.trigger))
    found = _subject(text, left, at, source, target, display, event.date.start)
    if found is None:
        return None
    subject, codes, start = found
    bridge = text[start:at].lower().split()
    if bridge[:1] in (["and"], ["or"], ["but"]) or len(bridge) > 5 or RELATIVES & set(bridge) or PASSIVE & set(bridge):
        return None
    predicate = _date_pattern(event.date).sub("", text[start:right]).strip(" ,")
    predicate = re.sub(r"^(?:" + "|".join(ADVERBS) + r")\s+", "", predicate)
    if MODAL.match(predicate):
        predicate = MODAL.sub(MODAL_VERB.get(event.type, "undertook to") + " ", predicate)
    if (
        len(predicate.split()) < 2
        or NEGATION.search(" ".join(predicate.split()[:4]))
        or predicate.count('"') % 2
        or predicate.count("“") != predicate.count("”")
    ):
        return None
    if len(codes) == 1:
        gloss = f", {GLOSS[event.type]} {display[target.code]}" if event.type in GLOSS else ""
    else:
        gloss = f", {JOINT_GLOSS[QUAD[event.type]]}" if event.type in QUAD else ""
    rendered = f"{when} {subject} {predicate}."
    unnamed = len(codes) == 1 and not target.forms.search(predicate)
    if gloss and (unnamed or _plain(rendered) == _plain(text)):
        rendered = f"{when} {subject} {predicate}{gloss}."  # the target named, or the sentence made the note's own
    citation = Citation(ev.doc, ev.title, ev.sentence_id, ev.text)
    example = Example(rendered[0].upper() + rendered[1:], citation, event.date, event, codes, target.code)
    return example if supports(example) else None


def _plain(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _content(text: str) -> set[str]:
    return {w.lower()[:6] for w in WORD.findall(text)}


def supports(example: Example) -> bool:
    """Whether the cited sentence says what the example says.

    The same states: each state the example names is named in the cited sentence (the target, or both states of
    "the two governments", may be named by the document's title), and its subject before the action. The same
    action: the trigger is in both, and every word of the example beyond the states' names, titles, the date and
    the type's phrase is the sentence's. The same date: its numbers and month are the sentence's.
    """
    cited, text = example.citation.text, example.text
    trigger = example.event.trigger.lower()
    at = cited.lower().find(trigger) if trigger else -1
    if at < 0 or trigger not in text.lower():
        return False
    if any(n.strip(".,") not in cited for n in NUMBER.findall(text)):
        return False
    if any(month in text and month not in cited for month in MONTHS):
        return False
    allowed = set(TEMPLATE_WORDS) | {w.lower() for title in TITLES.values() for w in title.split()} | {"leader"}
    allowed |= {m.lower() for m in MONTHS}
    context = f"{cited} {example.citation.title}"
    joint = len(example.subject) > 1
    for code in {*example.subject, example.target, *example.event.others}:
        s = state(code)
        named = bool(s.forms.search(text)) or any(f in text for f in s.country_forms)
        if not named and code in (*example.subject, example.target):
            return False
        own = code == example.target or joint
        if named and not s.forms.search(context if own else cited):
            return False
        allowed |= {w.lower() for f in (*s.country_forms, *s.demonyms) for w in f.split()}
    first = state(example.subject[0])
    if not (joint and JOINT.search(cited[:at])) and not any(m.start() < at for m in first.forms.finditer(cited)):
        return False
    extra = _content(text) - _content(cited) - {w[:6] for w in allowed}
    return not extra
