"""Dependency parses of the sentences that need one: those that name an actor or a sector.

The parser (spaCy's small English pipeline: tok2vec, tagger, parser) costs about a millisecond a sentence, so it
runs only where an event can be coded, on a copy of the sentence's tokens; token i of the parse is token i of the
sentence in the document's `Doc`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

MAX_TOKENS = 200  # a "sentence" longer than this is a table or a list run together: parsed only to this length
BATCH = 256
EMPTY = np.zeros((0, 0))
# may stand for an actor named before: a state ("it", "its") or a person who acts for one ("he", "her")
PRONOUNS = frozenset({"it", "they", "its", "their", "them", "he", "she", "his", "her", "him"})


class Parser:
    """Parse sentence spans of a document in batches."""

    def __init__(self, model: Language) -> None:
        self.model = model
        self.version = f"{model.meta.get('name', '?')}-{model.meta.get('version', '?')}"

    def __call__(self, spans: Sequence[Span]) -> list[Doc]:
        parsed = []
        for doc in self.model.pipe((sentence_doc(span) for span in spans), batch_size=BATCH):
            doc.tensor = EMPTY  # the tok2vec output (96 floats a token) is not read after parsing
            parsed.append(doc)
        return parsed


def sentence_doc(span: Span) -> Doc:
    """The span's first MAX_TOKENS tokens as a `Doc` of their own, made from its words and norms: `Span.as_doc`
    converts the whole document's arrays each time, which made a document's parses quadratic in its length
    (a 1 MB document took 4.5 minutes, 31 sentences/s)."""
    tokens = span[:MAX_TOKENS]
    doc = Doc(span.doc.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])
    for made, token in zip(doc, tokens, strict=True):
        made.norm_ = token.norm_  # a tokenizer exception's norm ("Aug." → "august") is what the model reads
    return doc
