"""Word stems as the full-text index makes them, shared by the note's arguments and the concepts lexicon."""

from __future__ import annotations

from functools import cache

import tantivy


@cache
def _analyzer() -> tantivy.TextAnalyzer:
    """Lower-cased, accent-folded Porter2 stems, as the full-text index makes them ("controversy" is not "control")."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


@cache
def stems(text: str) -> frozenset[str]:
    return frozenset(_analyzer().analyze(text))


def stem_list(text: str) -> list[str]:
    """The stems of a text's words in order ("counter-terrorism": "counter", "terror")."""
    return list(_analyzer().analyze(text))
