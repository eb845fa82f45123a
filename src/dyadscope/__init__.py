"""dyadscope: documents about two countries → a cited, dated account of their relationship.

`open`, `KnowledgeBase`, `EventList` and the coded-corpus functions are loaded on first use, so that
`import dyadscope.x` (the command line's `--help`, a module of the library) does not load spaCy, pandas and the
models with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dyadscope.models import DateInterval, Event, Evidence

if TYPE_CHECKING:
    from dyadscope.api import EventList, KnowledgeBase, open
    from dyadscope.corpus import code_corpus, corpus_analysis, read_events

__all__ = [
    "DateInterval", "Event", "EventList", "Evidence", "KnowledgeBase", "code_corpus", "corpus_analysis", "open",
    "read_events",
]  # fmt: skip
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in ("EventList", "KnowledgeBase", "open"):
        from dyadscope import api

        return getattr(api, name)
    if name in ("code_corpus", "corpus_analysis", "read_events"):
        from dyadscope import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module 'dyadscope' has no attribute {name!r}")
