"""A body named again by a common noun: "the bloc", "the alliance", "the group", "the resolution".

Histories and news name an organisation or an armed group once and then by what it is ("the Southern African
Development Community sent a mission ... The bloc condemned ..."; "ETA declared a ceasefire ... the group bombed
..."). A definite common noun of `data/lang/en/bodies.yaml` becomes a mention of the last body of its kind named in
the same or the `REACH` sentences before it: an intergovernmental body for "the bloc", "the alliance", "the
resolution"; a non-state armed group for "the group", "the militants". With none that near, the noun stays nobody:
no source rather than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dyadscope.data import lang_file
from dyadscope.models import Mention, Sentence

REACH = 3  # sentences back that an antecedent may stand
KINDS = {"igo": ("igo", "alliance"), "nsag": ("nsag",)}  # the nouns' key in bodies.yaml → mention kinds it takes


class Bodies:
    """Adds, to each sentence's mentions, the bodies its definite common nouns name."""

    def __init__(self) -> None:
        data = lang_file("bodies")
        self.patterns = {
            key: re.compile(r"\bthe\s+(" + "|".join(re.escape(w) for w in str(data[key]).split()) + r")\b", re.I)
            for key in KINDS
        }

    def __call__(self, sentences: Sequence[Sentence]) -> None:
        last: dict[str, tuple[int, Mention]] = {}  # noun key → (sentence index, the body named last)
        for position, sentence in enumerate(sentences):
            added: list[Mention] = []
            for key, pattern in self.patterns.items():
                for match in pattern.finditer(sentence.text):
                    start, end = sentence.start + match.start(), sentence.start + match.end()
                    if sentence.names_in(start, end):
                        continue  # "the Atlantic Alliance": the dictionaries' own
                    here = [m for m in sentence.mentions if m.kind in KINDS[key] and m.end <= start]
                    found = (position, here[-1]) if here else last.get(key)  # "NATO's failure ... the alliance's"
                    if found is None or position - found[0] > REACH:
                        continue
                    body = found[1]
                    added.append(Mention(start, end, match.group(0), body.code, body.kind, body.actor_id))
            for mention in sentence.mentions:
                for key, kinds in KINDS.items():
                    if mention.kind in kinds:
                        last[key] = (position, mention)
            sentence.add_mentions(added)
