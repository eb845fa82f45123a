"""Dependency parses of the sentences that need one: those that name an actor or a sector.

The parser (spaCy's small English pipeline: tok2vec, tagger, parser) costs about a millisecond a sentence, so it
runs only where an event can be coded, on a copy of the sentence's tokens; token i of the parse is token i of the
sentence in the document's `Doc`.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

MAX_TOKENS = 200  # a "sentence" longer than this is a table or a list run together: parsed only to this length
BATCH = 256
PRONOUNS = frozenset({"it", "they", "its", "their", "them"})  # may stand for an actor of the sentence before


class Parser:
    """Parse sentence spans of a document in batches."""

    def __init__(self, model: Language) -> None:
        self.model = model
        self.version = f"{model.meta.get('name', '?')}-{model.meta.get('version', '?')}"

    def __call__(self, spans: Sequence[Span]) -> list[Doc]:
        docs = [span[:MAX_TOKENS].as_doc() for span in spans]
        return list(self.model.pipe(docs, batch_size=BATCH))
