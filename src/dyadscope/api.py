"""The Python API: `dyadscope.open(path)` returns a `KnowledgeBase` over one store.

kb = dyadscope.open("pakus.db")
kb.ingest(["docs/"])
kb.events(dyad=("PAK", "USA")).to_pandas()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadscope import formats
from dyadscope.ask.answer import Answer, answer_question
from dyadscope.ask.frame_dates import dated_by_documents
from dyadscope.ask.llm import LLM, rewrite_note
from dyadscope.ask.note import Note, write_note
from dyadscope.ask.question import read_question
from dyadscope.ask.retrieve import Hit, Retriever
from dyadscope.data.kinds import parse_kind
from dyadscope.errors import InputError, NotFoundError
from dyadscope.ingest import IngestError, iter_paths, read_document
from dyadscope.ingest.normalize import normalize_text
from dyadscope.ingest.parallel import default_workers as default_workers
from dyadscope.ingest.parallel import ingest_in_workers, prepare, write
from dyadscope.kept import kept_frame, kept_phases
from dyadscope.models import DateMention, Event, EventCounts, RawDocument, origin_of
from dyadscope.nlp.embed import Embedder
from dyadscope.pipeline import Pipeline
from dyadscope.query import Vocabulary, choose_dyad
from dyadscope.query import parse_dyad as parse_dyad
from dyadscope.results import EventList as EventList
from dyadscope.results import FileResult as FileResult
from dyadscope.review import Library, Review, parse_answer, review_answer
from dyadscope.store import EventQuery, Store, default_db
from dyadscope.threads import one_thread

if TYPE_CHECKING:
    import pandas as pd
    from distributed import Client

    from dyadscope.analyze import Analysis


class KnowledgeBase:
    """One store plus a pipeline that is built on first use (loading dictionaries takes a second)."""

    def __init__(self, path: Path | str | None = None, actor_files: Sequence[Path] = ()) -> None:
        self.store = Store(path or default_db())
        self.actor_files = tuple(actor_files)
        self.vocabulary = Vocabulary(self.actor_files)  # names, contexts and dates as users write them
        self._pipeline: Pipeline | None = None
        self._reader: Pipeline | None = None
        self._embedder: Embedder | None = None
        self._retriever: Retriever | None = None
        self._analyses: dict[tuple[object, ...], Analysis] = {}  # by arguments, for the store generation below
        self._analysed_generation: int | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder()
        return self._embedder

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline(self.actor_files)
        return self._pipeline

    @property
    def reader(self) -> Pipeline:
        """What questions are read with: the actor dictionaries and the date finder, without the models (the
        whole pipeline when it is loaded already)."""
        if self._pipeline is not None:
            return self._pipeline
        if self._reader is None:
            self._reader = Pipeline(self.actor_files, upto="dyadscope_dates", parser=False)
        return self._reader

    @property
    def retriever(self) -> Retriever:
        """Hybrid search over the stored sentences (its indexes are read from beside the store, or built)."""
        if self._retriever is None:
            self._retriever = Retriever(self.store, self.embedder)
        return self._retriever

    def search(self, question: str, k: int = 8, mode: str = "hybrid") -> list[Hit]:
        """The evidence sentences that best answer a question (mode: hybrid, bm25 or dense)."""
        return self.retriever.search(read_question(question, self.reader), k, mode)

    @property
    def path(self) -> Path:
        """The store's file."""
        return self.store.path

    def load(self, search: bool = True) -> None:
        """Load the models and dictionaries now (else on first use): a bad `--actors` file fails here; with
        `search`, the search indexes too (built when missing) and the files searches read (into the page cache),
        so a server's first questions are quick."""
        _ = self.pipeline
        if search:
            self.retriever.warm()

    def close(self) -> None:
        if self._retriever is not None:
            self._retriever.close()
        self.store.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def files(self, inputs: Sequence[Path | str]) -> list[Path]:
        """The files an ingest of `inputs` would read (raises IngestError for a missing path)."""
        return list(iter_paths([Path(p) for p in inputs]))

    def ingest(
        self,
        inputs: Sequence[Path | str],
        on_file: Callable[[FileResult], None] | None = None,
        kind: str | None = None,
        workers: int = 1,
        dask: str | Client | None = None,
    ) -> list[FileResult]:
        """Read, process and store every file; bad files are reported and skipped, never fatal. `kind` sets
        every file's document kind (models.DOCUMENT_KINDS; "detect": read it from the text again).

        `workers` > 1 reads, segments, codes and embeds documents in that many processes (each loads the
        models once; `default_workers()` is the machine's cores) while this one writes them in input order:
        the store ends exactly as with one process, and `on_file` hears of each file in input order.
        `dask` does the same work on a Dask cluster: a scheduler's address, a `distributed.Client`, or "local"
        for a cluster of `workers` processes here (`dyadscope.ingest.cluster`; InputError if it cannot be reached).
        Raises StoreError when a write fails (what was written before stays)."""
        kind = None if kind is None else kind if kind == "detect" else parse_kind(kind)
        if workers < 1:
            raise InputError(f"workers must be 1 or more, not {workers}")
        files = self.files(inputs)
        if dask is not None:
            from dyadscope.ingest.cluster import ingest_on

            return ingest_on(dask, self.store, files, workers, self.actor_files, kind, on_file)
        if workers > 1 and len(files) > 1:
            return ingest_in_workers(self.store, files, workers, self.actor_files, kind, on_file)
        results = []
        with one_thread():
            for path in files:
                result = self.ingest_file(path, kind)
                results.append(result)
                if on_file is not None:
                    on_file(result)
        return results

    def ingest_file(self, path: Path, kind: str | None = None) -> FileResult:
        """One file (see `ingest`); `kind` is a kind `parse_kind` accepted, or "detect"."""
        # the same steps as a worker process's (dyadscope.ingest.parallel), here in this one
        return write(self.store, path, prepare(self.pipeline, self.embedder, self.store, path, kind), kind)

    def import_events(self, path: Path | str, format: str | None = None) -> formats.ImportResult:
        """Import a GDELT (1.0 or 2.0), ICEWS or POLECAT event file (format sniffed when not given).

        The file becomes one document; the same content again is "unchanged", a changed file replaces its
        old version. Rows that are malformed or not dyadic PLOVER events are skipped and counted; a file
        that is not in the format is "failed" with one line naming it and the problem.
        """
        target = Path(path)
        try:
            data = formats.read_bytes(target)
            kind = formats.detect(target, data, format)
            if self.store.has_hash(formats.content_hash(data), formats.IMPORTER_VERSION):
                return formats.ImportResult(str(target), "unchanged", kind)
            parsed = formats.parse_events(target, data, format)
        except IngestError as error:
            return formats.ImportResult(str(target), "failed", error=str(error))
        outcome = self.store.add(parsed.document)
        return formats.ImportResult(
            str(target), outcome.status, parsed.format, parsed.rows, outcome.events, dict(parsed.skipped)
        )

    def import_corpus(
        self, folder: Path | str, on_file: Callable[[FileResult], None] | None = None
    ) -> list[FileResult]:
        """Store every document of a coded corpus (`dyadscope.code_corpus`) as `ingest` would have: the same
        sentences and events (their vectors are made when the store is next searched). InputError when the
        folder is not a coded corpus."""
        from dyadscope.formats.corpus import store_corpus

        return store_corpus(self.store, folder, on_file)

    def events(
        self,
        dyad: tuple[str, str] | str | None = None,
        actor: str | None = None,
        type: str | None = None,
        context: str | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        include_negated: bool = False,
        origin: str | None = None,
    ) -> EventList:
        """Stored events filtered by dyad ("PAK-USA", ("PAK", "USA") or names: "Pakistan-US"), actor, type,
        context ("cbrn", or a word for it: "nuclear"), dates ("1990", "1990-05-01", "the 1990s") and origin (text,
        gdelt, icews, polecat; None or "all" for every one). ValueError for a value none of these can be."""
        words = self.vocabulary
        query = EventQuery(
            words.dyad(dyad) if dyad else None,
            words.actor(actor) if actor else None,
            type,
            words.context(context) if context else None,
            words.day(start),
            words.day(end, last=True),
            include_negated,
        )
        also = words.predecessors(query.dyad) if query.dyad else ()
        query = replace(query, origin=formats.check_origin(origin), also=also)
        return EventList(self.store.events(query))

    def timeline(self, a: str, b: str, **filters: object) -> EventList:
        """Dated events between two actors, chronological, hypothetical and negated ones left out."""
        events = self.events(dyad=(a, b), **filters)  # type: ignore[arg-type]
        return EventList([e for e in events if e.date is not None and not e.hypothetical])

    def analysis(
        self,
        dyad: tuple[str, str] | str,
        by: str = "year",
        *,
        source: str | None = None,
        interpolate: bool = False,
        min_phase: int | None = None,
        origin: str | None = None,
        events: Sequence[Event] | None = None,
    ) -> Analysis:
        """Index, phases and drivers of a dyad; `source` keeps only that side's actions, `origin` only events
        from text, gdelt, icews or polecat (None or "all": every event).

        Kept until documents are added or removed: `ask` and `review` consult the phases on every call.
        `events`: the dyad's events when the caller has read them already (`timeline(a, b)`), so the store
        is not read twice. They are used only if they are all of the dyad's measurable events (counted in the
        store), so a subset never becomes the kept analysis. ValueError for an unknown `by`.
        """
        pair, origin = self.vocabulary.dyad(dyad), formats.check_origin(origin)
        generation = self.store.generation()
        if generation != self._analysed_generation:
            self._analyses, self._analysed_generation = {}, generation
        key = (pair, by, source, interpolate, min_phase, origin)
        if key not in self._analyses:
            from dyadscope.analyze import analyze, frame_from_events, frame_from_rows  # pandas: when measuring

            frame = None
            also = self.vocabulary.predecessors(pair)
            if events is not None:
                mine = {"-".join(pair), *also}
                given = frame_from_events(e for e in events if e.dyad in mine and origin in (None, origin_of(e)))
                frame = given if len(given) == self.store.measurable_count(pair, origin, also) else None
            compact = frame is None  # read without the evidence texts, then given those of the rows kept
            if frame is None:
                frame = frame_from_rows(self._events_frame(pair, origin, also))
            analysis = analyze(frame, pair, by, source=source, interpolate=interpolate, min_phase=min_phase)
            if compact:
                analysis.events = self.store.with_evidence(analysis.events)
            self._analyses[key] = analysis
        return self._analyses[key]

    def _events_frame(self, pair: tuple[str, str], origin: str | None, also: Sequence[str]) -> pd.DataFrame:
        """The store's `events_frame`, kept beside it as Parquet until it changes (`dyadscope.kept`)."""
        name = "-".join(["-".join(pair), *also, origin or "all"])
        return kept_frame(self.store, name, lambda: self.store.events_frame(pair, origin, also))

    def counts(self, dyad: tuple[str, str] | str, origin: str | None = None) -> EventCounts:
        """How many of a dyad's events `events`, `timeline`, the index and the report each count, and why they
        differ (`EventCounts.sentence()`). Counted without measuring: an analysis kept already is reused, else
        the measured events are read and their retellings merged (no index, no phases)."""
        pair, origin = self.vocabulary.dyad(dyad), formats.check_origin(origin)
        also = self.vocabulary.predecessors(pair)
        listed, dated = self.store.listed_and_dated(pair, origin, also)
        kept = [
            a for key, a in self._analyses.items() if key[0] == pair and key[2:] == (None, False, None, origin)
        ] if self._analysed_generation == self.store.generation() else []  # fmt: skip
        if kept:
            measured, happenings = kept[0].measured, len(kept[0].events)
        else:
            from dyadscope.analyze import deduplicate, frame_from_rows

            frame = frame_from_rows(self._events_frame(pair, origin, also))
            measured, happenings = len(frame), len(deduplicate(frame))
        return EventCounts(pair, listed, dated, measured, happenings, also)

    def documents(self) -> list[dict[str, Any]]:
        """The stored documents (id, path, title, media type, source, date, dyad, sentence and event counts, kind
        and where the kind came from: detected, kind-line or user), by path."""
        return self.store.documents()

    def dyads(self) -> list[tuple[str, int]]:
        """(dyad, measured events) for every dyad with any, the most documented first; a pair's count includes
        its states' predecessors' events, as its index does ("RUS-USA" counts "SUN-USA" too)."""
        stored = self.store.dyads()
        own = dict(stored)
        counted = []
        for key, n in stored:
            pair = tuple(key.split("-"))
            extra = self.vocabulary.predecessors((pair[0], pair[1])) if len(pair) == 2 else ()
            counted.append((key, n + sum(own.get(other, 0) for other in extra)))
        return sorted(counted, key=lambda row: (-row[1], row[0]))

    def phase_dicts(self, dyad: tuple[str, str] | str, by: str = "year") -> list[dict[str, Any]]:
        """The phases as JSON-ready dicts (`Phase.to_dict`), kept beside the store until it changes
        (`dyadscope.kept`): `ask` on a warm store reads them instead of measuring again."""
        pair = self.vocabulary.dyad(dyad)
        return kept_phases(self.store, pair, by, lambda: [p.to_dict() for p in self.analysis(pair, by).phases])

    def index(self, dyad: tuple[str, str] | str, by: str = "year", **options: Any) -> pd.DataFrame:
        """The cooperation–conflict index per period: score, 90% band, events (a copy: yours to change)."""
        return self.analysis(dyad, by, **options).index.copy()

    def phases(self, dyad: tuple[str, str] | str, by: str = "year", **options: Any) -> pd.DataFrame:
        """Phases with level, dates, score and band, key events, drivers and a summary."""
        return self.analysis(dyad, by, **options).phases_frame()

    def ask(self, question: str, k: int = 12) -> Answer:
        """Answer from the stored documents: cited points, the events they report, the phases they fall in."""
        q = read_question(question, self.reader)
        hits = self.retriever.search(q, k)
        absent = [name for name in q.names if not self.retriever.text.has_word(name)]
        return answer_question(q, hits, absent, self.store.events_in_sentences, self.dyad_for, self.phase_dicts)

    def note(self, question: str, by: str = "year", llm: str | None = None, llm_model: str = "local") -> Note:
        """An exam-style note built around the question as read (directive, frame, variables): outline, thesis,
        arguments with dated examples inside the frame, the other side when asked to evaluate, a way forward and a
        verdict, every example checked against the sentence it cites (docs/ask.md).

        `llm`: an OpenAI-compatible endpoint that rewords each section; its sentences are kept only where
        the evidence they cite supports them (dyadscope.ask.llm). A section the model could not reword is
        kept as extracted and named in the note's `warnings`.
        """
        q = read_question(question, self.reader)
        dyad = self.dyad_for(q.states)
        if dyad is None:
            raise NotFoundError("the store holds no events between two actors to write a note about")
        q = dated_by_documents(q, self.retriever.search)  # "since the 1998 nuclear tests": from May 1998
        written = write_note(
            q, self.analysis(dyad, by), self.retriever.search, self._events_by_id, self.store.events_in_sentences
        )
        if llm is not None:
            written = rewrite_note(written, LLM(llm, llm_model))
        return written

    def _events_by_id(self, ids: Sequence[str]) -> list[Event]:
        """Stored events in the order of `ids` (phases name their key events by id)."""
        found = {e.id: e for e in self.store.events(EventQuery(include_negated=True, ids=tuple(ids)))} if ids else {}
        return [found[i] for i in ids if i in found]

    def review(self, answer: Path | str, question: str | None = None) -> Review:
        """Review an exam answer (a .txt, .md or .docx file, or its text) against the stored documents.

        The question comes from `question` or from the answer's first line ("Write a note on …").
        Raises IngestError for an unreadable file and ValueError when no question can be found.
        """
        raw = (
            read_document(answer)
            if isinstance(answer, Path)
            else RawDocument("<answer>", normalize_text(answer), "", "text/plain", "answer")  # as files are
        )
        processed = self.pipeline.process(raw, every_kind=True)  # its claims are coded to be checked
        parsed = parse_answer(raw.text, processed.sentences, question)
        if parsed.question is None:
            raise InputError("no question found: pass it with --question or put it on the answer's first line")
        q = dated_by_documents(read_question(parsed.question, self.reader), self.retriever.search)
        dyad = self.dyad_for(q.states)
        library = Library(
            self.retriever.search,
            self.embedder.encode,
            self.analysis(dyad) if dyad else None,
            self._events_by_id,
            self.store.events_in_sentences,
            self.reader.actor_matcher.words,
            self.reader.actor_matcher.country_codes,
            tuple(self.reader.actor_matcher.by_id.values()),
        )
        return review_answer(parsed, q, processed.events, library, dyad or q.states)

    def dyad_for(self, states: Sequence[str], seen: Sequence[str] = ()) -> tuple[str, str] | None:
        """The dyad a question is about (`query.choose_dyad` over the store's dyads, best documented first)."""
        return choose_dyad([key for key, _ in self.store.dyads()], states, seen)

    def code(self, text: str, anchor: date | None = None) -> EventList:
        return EventList(self.pipeline.code_text(text, anchor=anchor))


def coder(actor_files: Sequence[Path] = ()) -> Callable[[str, date | None], EventList]:
    """Code texts without a store (`dyadscope code`): the models load once, here."""
    pipeline = Pipeline(actor_files)

    def code(text: str, anchor: date | None = None) -> EventList:
        return EventList(pipeline.code_text(text, anchor=anchor))

    return code


def read_dates(text: str) -> list[DateMention]:
    """The time expressions of a text as dyadscope reads them (`dyadscope dates`)."""
    from dyadscope.nlp.actor_data import load_builtin_actors, tenures
    from dyadscope.nlp.dates import DateFinder, load_named_periods

    return DateFinder(load_named_periods(), tenures(load_builtin_actors())).find(text)


def open(path: Path | str | None = None, actor_files: Sequence[Path] = ()) -> KnowledgeBase:
    """Open (or create) a knowledge base; without a path, the default store in the user's data directory."""
    return KnowledgeBase(path, actor_files)
