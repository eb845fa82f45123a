"""BM25 over the stored sentences with tantivy, kept in the store's index folder.

The store's only full-text index. Tantivy skips the blocks of a posting list that cannot reach the top k
(block-max WAND), so a common word costs milliseconds at a million sentences, where scoring every
sentence that holds it (as SQLite's FTS5 did) cost a second. The index is derived data: SQLite stays the
record, and a missing, stale or older-format index is rebuilt or brought up to date from it, document by
document.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Collection, Sequence
from datetime import date

import tantivy

from dyadscope.store import Store, StoreError, day_date, day_number, index_folder

FORMAT = 4  # of the fields and the analyzer: an index of another format is rebuilt
ANALYZER = "dyadscope_en"
META = "dyadscope-bm25.json"  # which document versions (by id) the committed index holds
CONTEXT_WEIGHT = 0.25  # a word in the title, heading, source or sentence before counts a quarter
# In an index of COMMON_FROM sentences or more, a word in the contexts of more than COMMON_CONTEXT of them is
# searched in their text only: its weight there is small (idf about 1.6, a quarter of it) and its posting list,
# every sentence of every document with it in the title, was most of a search's cost. bench_ask.py at 1M
# sentences: BM25's p95 4.4–5.3 ms instead of 8.4–9.8 (two runs), the same top 8 for 180 of the 200 questions
# (0.99 of the hits). A smaller index is fast anyway, and there a word in a fifth of the contexts may be one document's
# title or the sentence before: it keeps every clause.
COMMON_CONTEXT = 0.2
COMMON_FROM = 100_000
HEAP = 128_000_000  # the writer's memory budget, split among its threads
LOCK_WAIT = 120.0  # seconds to wait for another process's update (a million sentences take ~30 s)
YEARS = 40  # a span of at most this many years is found through the years' terms, a longer one by the ranges
Span = tuple[date | None, date | None]


def _analyzer() -> tantivy.TextAnalyzer:
    """Words lower-cased, accents folded and Porter2-stemmed, so "sanctioned" finds "sanctions"."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", tokenizer_name=ANALYZER, index_option="freq")
    builder.add_text_field("context", tokenizer_name=ANALYZER, index_option="freq")
    builder.add_text_field("headings", tokenizer_name=ANALYZER, index_option="freq")  # has_word's, never scored
    builder.add_integer_field("id", fast=True)  # the sentence's id in SQLite
    builder.add_integer_field("doc", indexed=True)  # its document's, to delete a replaced document's sentences
    builder.add_integer_field("first", fast=True)  # its date as day numbers; absent when undated
    builder.add_integer_field("last", fast=True)
    builder.add_integer_field("year", indexed=True)  # every year its date touches: a span's sentences, looked up
    return builder.build()


class TextIndex:
    """One store's BM25 index: searched by words and an optional date span, refreshed when documents change."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.folder = index_folder(store.path) / "bm25"
        self.schema = _schema()
        self.analyzer = _analyzer()
        self._index: tantivy.Index | None = None
        self._searcher: tantivy.Searcher | None = None
        self._generation: int | None = None

    def search(
        self, terms: Sequence[str], k: int, start: date | None = None, end: date | None = None
    ) -> list[tuple[int, float]]:
        """(sentence id, BM25 score) of the k best sentences holding any of the terms, dated in [start, end]
        when either is given (undated sentences are then left out, as a date filter in SQL would)."""
        return self.search_spans(terms, k, [(start, end)])[0]

    def search_spans(
        self, terms: Sequence[str], k: int, spans: Sequence[Span], searcher: tantivy.Searcher | None = None
    ) -> list[list[tuple[int, float]]]:
        """`search` once per span ((None, None): the whole store), one after the other: the retriever runs
        its spans side by side in its own threads (tantivy lets go of the GIL while it searches). With a
        `searcher` from `searcher()`, the store is not read (SQLite connections stay in their thread)."""
        searcher = searcher or self.searcher()
        tokens = list(dict.fromkeys(token for term in terms for token in self.analyzer.analyze(term)))
        if not tokens or k <= 0:
            return [[] for _ in spans]
        limit = COMMON_CONTEXT * searcher.num_docs
        common = (
            {token for token in tokens if searcher.doc_freq("context", token) > limit}
            if searcher.num_docs >= COMMON_FROM
            else set()
        )
        queries = [self._query(tokens, *span, text_only=common) for span in spans]

        def run(query: tantivy.Query) -> list[tuple[int, float]]:
            hits = searcher.search(query, k, count=False).hits
            ids = searcher.fast_field_values("id", [address for _, address in hits])
            return [(int(sid), float(score)) for (score, _), sid in zip(hits, ids, strict=True) if sid is not None]

        return [run(query) for query in queries]

    def has_word(self, word: str) -> bool:
        """Whether any sentence, context or heading holds the word (or another of its stem): a question naming
        what no document mentions ("the Raymond Davis affair") cannot be answered from them. Searched, not
        looked up in the term dictionary, which still counts the sentences of replaced documents."""
        tokens = self.analyzer.analyze(word)
        if not tokens:
            return False
        should, must = tantivy.Occur.Should, tantivy.Occur.Must
        fields = ("text", "context", "headings")
        each = [tantivy.Query.boolean_query([(should, self._term(f, token)) for f in fields]) for token in tokens]
        query = tantivy.Query.boolean_query([(must, q) for q in each])  # all parts of "Al-Qaeda", in one sentence
        return bool(self.searcher().search(query, 1, count=False).hits)

    def _term(self, field: str, token: str) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, token, index_option="freq")

    def _query(
        self, tokens: Sequence[str], start: date | None, end: date | None, text_only: Collection[str] = ()
    ) -> tantivy.Query:
        """Any of the (analysed) tokens, in the sentence or, at a lower weight, its context (except those
        `text_only`); within the span."""
        should = tantivy.Occur.Should
        clauses = []
        for token in tokens:
            clauses.append((should, self._term("text", token)))
            if token not in text_only:
                clauses.append((should, tantivy.Query.boost_query(self._term("context", token), CONTEXT_WEIGHT)))
        query = tantivy.Query.boolean_query(clauses)
        if start is None and end is None:
            return query
        must, integer = tantivy.Occur.Must, tantivy.FieldType.Integer
        bounded = [(must, query)]
        if start is not None and end is not None and end.year - start.year < YEARS:
            # The ranges read the date of every sentence (7 ms at a million); the years' terms find the span's
            # sentences from their posting lists, exactly when the span is whole years (a sentence overlaps
            # 1960–1969 when its date touches one of those years), else the ranges check those found.
            years = list(range(start.year, end.year + 1))
            bounded.append((must, tantivy.Query.term_set_query(self.schema, "year", years)))
            if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
                return tantivy.Query.boolean_query(bounded)
        if start is not None:
            lower = day_number(start)
            bounded.append((must, tantivy.Query.range_query(self.schema, "last", integer, lower, None)))
        if end is not None:
            upper = day_number(end)
            bounded.append((must, tantivy.Query.range_query(self.schema, "first", integer, None, upper)))
        return tantivy.Query.boolean_query(bounded)

    def searcher(self) -> tantivy.Searcher:
        """A searcher over an index holding exactly the store's documents (checked when the store changed)."""
        generation = self.store.generation()
        if self._searcher is None or generation != self._generation:
            try:
                index = self._open()
                self._update(index)
            except (OSError, ValueError) as error:  # tantivy reports its I/O and lock failures as ValueError
                raise StoreError(f"{self.folder}: cannot update the search index ({error})") from error
            self._searcher = index.searcher()
            self._generation = generation
        return self._searcher

    def _open(self) -> tantivy.Index:
        if self._index is not None:
            return self._index
        if self._read_meta() is None and self.folder.exists():  # another format, or a first build cut short
            if any(self.folder.iterdir()) and not (self.folder / "meta.json").exists():
                raise StoreError(f"{self.folder}: exists and is not a dyadscope search index; move it away")
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(self.schema, path=str(self.folder), reuse=True)
        index.register_tokenizer(ANALYZER, self.analyzer)
        self._index = index
        return index

    def _read_meta(self) -> dict[int, str] | None:
        """The documents the index holds, or None when it has no readable metadata of this format."""
        try:
            meta = json.loads((self.folder / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            return None
        return {int(doc_id): str(version) for doc_id, version in meta.get("documents", {}).items()}

    def _update(self, index: tantivy.Index) -> None:
        """Delete the sentences of documents gone or replaced, add those of new ones, commit, then record.

        A document is deleted before it is added, so a crash between tantivy's commit and the metadata's
        write only makes the next update redo the same work, never index a sentence twice. Another process
        updating the same index holds its lock: this one waits, then looks again at what is left to do.
        """
        if self._changes() is None:
            return
        writer = self._writer(index)
        changes = self._changes()
        if changes is None:  # the other process did it
            writer.rollback()
            writer.wait_merging_threads()
            return
        gone, new, current = changes
        for doc_id in dict.fromkeys([*gone, *new]):
            writer.delete_documents_by_term("doc", doc_id)
        for s in self.store.body_sentences(new):
            # The sentence before counts as context: "these matters" is found by what it refers back to.
            document = tantivy.Document(id=s.id, doc=s.doc_id, text=s.text, context=f"{s.context} | {s.before}")
            document.add_text("headings", s.headings)
            if s.first is not None and s.last is not None:
                document.add_integer("first", s.first)
                document.add_integer("last", s.last)
                for year in range(day_date(s.first).year, day_date(s.last).year + 1):
                    document.add_integer("year", year)
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        meta = {"format": FORMAT, "documents": {str(doc_id): version for doc_id, version in current.items()}}
        partial = self.folder / f"{META}.{os.getpid()}.tmp"
        partial.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(partial, self.folder / META)

    def _changes(self) -> tuple[list[int], list[int], dict[int, str]] | None:
        """(documents to delete, documents to add, the store's document versions), or None if up to date."""
        held = self._read_meta() or {}
        current = self.store.document_versions()
        gone = [doc_id for doc_id, version in held.items() if current.get(doc_id) != version]
        new = sorted(doc_id for doc_id, version in current.items() if held.get(doc_id) != version)
        if not gone and not new and (self.folder / META).exists():
            return None
        return gone, new, current

    def _writer(self, index: tantivy.Index) -> tantivy.IndexWriter:
        """The index's writer, waiting up to LOCK_WAIT seconds while another process holds it."""
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                return index.writer(HEAP)
            except ValueError as error:
                if "LockBusy" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
