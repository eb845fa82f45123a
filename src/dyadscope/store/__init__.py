"""The SQLite knowledge base: documents, sentences, mentions, events, evidence, sentence vectors.

SQLite in WAL mode, one transaction per document, so a crash never leaves half a document
and readers never block the writer. The schema carries a version; opening an older store
migrates it forward, opening a newer one is refused with a clear message. Full-text search is
not here: it runs on a tantivy index derived from the sentences (dyadscope.ask.bm25).

The schema and its migrations are in `schema`; the `Store` class in `store`, with what it writes in
`writing` and what it reads in `events` (events, a dyad's frame) and `sentences` (retrieval rows).
"""

from dyadscope.files import default_db
from dyadscope.store.errors import StoreError
from dyadscope.store.events import EventQuery
from dyadscope.store.schema import DROP_FTS, EVENT_COLUMNS, MIGRATIONS, SCHEMA, SCHEMA_VERSION, VECTORS_TABLE
from dyadscope.store.sentences import (
    EPOCH,
    UNDATED_DAYS,
    BodySentence,
    StoredSentence,
    day_date,
    day_number,
    index_folder,
)
from dyadscope.store.store import Store
from dyadscope.store.writing import IngestOutcome

__all__ = [
    "DROP_FTS",
    "EPOCH",
    "EVENT_COLUMNS",
    "MIGRATIONS",
    "SCHEMA",
    "SCHEMA_VERSION",
    "UNDATED_DAYS",
    "VECTORS_TABLE",
    "BodySentence",
    "EventQuery",
    "IngestOutcome",
    "Store",
    "StoreError",
    "StoredSentence",
    "day_date",
    "day_number",
    "default_db",
    "index_folder",
]
