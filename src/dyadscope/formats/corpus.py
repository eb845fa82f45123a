"""A coded corpus as partitioned Parquet: what `dyadscope code-corpus` writes and `import`, `read_events` and the
index read back, for archives bigger than one store.

    events/
      documents/part-00000.parquet   one row per document (its path, content hash, kind, dyad, counts)
      sentences/part-00000.parquet   one row per sentence (text, offsets, section, date, actors as JSON)
      events/part-00000.parquet      one row per event (PLOVER type, CAMEO, sides, date, evidence)

A part holds whole documents and is written once, atomically (a temporary name, then a rename), so a stopped run
leaves whole parts; running it again skips the documents the folder holds already (same content, same
extractor, same kind) and adds new parts. Each table's parts can be read with any Parquet reader: pandas,
Dask, DuckDB, Spark. Lists (source, target, contexts, issues, others, section path) are Parquet lists.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadscope.errors import InputError
from dyadscope.files import write_atomic
from dyadscope.models import (
    NON_STATE_SECTORS,
    DateInterval,
    Event,
    Evidence,
    Mention,
    ProcessedDocument,
    RawDocument,
    Sentence,
)
from dyadscope.results import FileResult

if TYPE_CHECKING:
    import pandas as pd

    from dyadscope.store import Store

TABLES = ("documents", "sentences", "events")
DOCUMENT_COLUMNS = (
    "doc_id", "path", "media_type", "title", "source", "doc_date", "doc_date_origin", "news_like", "dyad",
    "n_sentences", "n_events", "extractor", "kind", "kind_origin",
)  # fmt: skip
SENTENCE_COLUMNS = (
    "doc_id", "index", "start", "end", "text", "section_path", "is_heading", "paragraph", "date_start", "date_end",
    "granularity", "date_inherited", "context", "is_table", "mentions",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "doc_id", "dyad", "source", "target", "source_sector", "target_sector", "type", "mode", "contexts",
    "issues", "others", "trigger", "cameo", "intensity", "negated", "hypothetical", "date_start", "date_end",
    "granularity", "date_inherited", "confidence", "doc", "title", "sentence_id", "evidence_start", "evidence_end",
    "evidence", "kind",
)  # fmt: skip
COLUMNS = {"documents": DOCUMENT_COLUMNS, "sentences": SENTENCE_COLUMNS, "events": EVENT_COLUMNS}


def document_rows(processed: ProcessedDocument) -> dict[str, list[dict[str, Any]]]:
    """One coded document as rows of the three tables (`doc_id` is its content hash)."""
    raw, key = processed.raw, processed.raw.content_hash
    document = {
        "doc_id": key, "path": raw.path, "media_type": raw.media_type, "title": raw.title, "source": raw.source,
        "doc_date": raw.doc_date, "doc_date_origin": raw.doc_date_origin, "news_like": raw.news_like,
        "dyad": "-".join(processed.dyad) if processed.dyad else None, "n_sentences": len(processed.sentences),
        "n_events": len(processed.events), "extractor": processed.extractor, "kind": raw.kind,
        "kind_origin": raw.kind_origin,
    }  # fmt: skip
    sentences = [
        {
            "doc_id": key,
            "index": s.index,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "section_path": list(s.section_path),
            "is_heading": s.is_heading,
            "paragraph": s.paragraph,
            **_dates(s.date),
            "date_inherited": s.date_inherited,
            "context": s.context,
            "is_table": s.is_table,
            "mentions": json.dumps(
                [[m.start, m.end, m.text, m.code, m.kind, m.actor_id, m.sector] for m in s.mentions]
            ),
        }
        for s in processed.sentences
    ]
    events = [
        {
            "id": e.id,
            "doc_id": key,
            "dyad": e.dyad,
            "source": list(e.source),
            "target": list(e.target),
            "source_sector": e.source_sector,
            "target_sector": e.target_sector,
            "type": e.type,
            "mode": e.mode,
            "contexts": list(e.contexts),
            "issues": list(e.issues),
            "others": list(e.others),
            "trigger": e.trigger,
            "cameo": e.cameo,
            "intensity": e.intensity,
            "negated": e.negated,
            "hypothetical": e.hypothetical,
            **_dates(e.date),
            "date_inherited": e.date_inherited,
            "confidence": e.confidence,
            "doc": e.evidence.doc,
            "title": e.evidence.title,
            "sentence_id": e.evidence.sentence_id,
            "evidence_start": e.evidence.start,
            "evidence_end": e.evidence.end,
            "evidence": e.evidence.text,
            "kind": e.evidence.kind,
        }
        for e in processed.events
    ]
    return {"documents": [document], "sentences": sentences, "events": events}


def _dates(interval: DateInterval | None) -> dict[str, Any]:
    if interval is None:
        return {"date_start": None, "date_end": None, "granularity": None}
    return {"date_start": interval.start, "date_end": interval.end, "granularity": interval.granularity}


class CorpusWriter:
    """Writes coded documents into a corpus folder, `per_part` documents to a part (see the module's docstring)."""

    def __init__(self, folder: Path | str, per_part: int = 200) -> None:
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise InputError(f"{self.folder}: not a folder, cannot write a coded corpus into it")
        for table in TABLES:
            (self.folder / table).mkdir(parents=True, exist_ok=True)
        self.per_part = max(1, per_part)
        self.held = held_documents(self.folder)
        self.next_part = 1 + max((_part_number(p) for p in self.folder.glob("*/part-*.parquet")), default=-1)
        self.rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
        self.waiting = 0

    def has(self, content_hash: str, extractor: str, kind: str | None) -> bool:
        """The folder holds this content coded by this extractor (of this kind, when one is set)."""
        kinds = self.held.get((content_hash, extractor))
        return kinds is not None and (kind in (None, "detect") or kind in kinds)

    def add(self, processed: ProcessedDocument) -> None:
        for table, rows in document_rows(processed).items():
            self.rows[table].extend(rows)
        self.held.setdefault((processed.raw.content_hash, processed.extractor), set()).add(processed.raw.kind)
        self.waiting += 1
        if self.waiting >= self.per_part:
            self.flush()

    def flush(self) -> None:
        """Write the documents waiting as one part of each table (nothing when none wait)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.waiting:
            return
        name = f"part-{self.next_part:05d}.parquet"
        # events and sentences first, documents last: a part's documents row says the part is whole
        for table in ("events", "sentences", "documents"):
            _write_atomic(pa, pq, self.folder / table / name, self.rows[table], table)
        self.rows = {table: [] for table in TABLES}
        self.waiting = 0
        self.next_part += 1

    def __enter__(self) -> CorpusWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()


def _write_atomic(pa: Any, pq: Any, path: Path, rows: list[dict[str, Any]], table_name: str) -> None:
    schema = _schema(pa, table_name)
    table = pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()
    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer)
    write_atomic(path, buffer.getvalue().to_pybytes())


def _schema(pa: Any, table: str) -> Any:
    """A table's Parquet schema: lists of strings, dates, floats, flags, whole numbers, the rest text."""
    lists = {"source", "target", "contexts", "issues", "others"} if table == "events" else {"section_path"}
    dates = {"doc_date", "date_start", "date_end"}
    floats = {"intensity", "confidence"}
    flags = {"news_like", "negated", "hypothetical", "is_heading", "is_table"}
    if table == "events":
        flags.add("date_inherited")  # an event's: inherited or not; a sentence's: from where ("section", None)
    whole = {"n_sentences", "n_events", "index", "start", "end", "paragraph", "sentence_id", "evidence_start",
             "evidence_end"}  # fmt: skip

    def kind(column: str) -> Any:
        if column in lists:
            return pa.list_(pa.string())
        if column in dates:
            return pa.date32()
        if column in floats:
            return pa.float64()
        if column in flags:
            return pa.bool_()
        if column in whole:
            return pa.int64()
        return pa.string()

    return pa.schema([(column, kind(column)) for column in COLUMNS[table]])


def _part_number(path: Path) -> int:
    try:
        return int(path.stem.split("-")[1])
    except (IndexError, ValueError):
        return -1


def _parts(folder: Path, table: str) -> list[Path]:
    """A table's whole parts: those whose documents part is written (the last one written)."""
    whole = {p.name for p in (folder / "documents").glob("part-*.parquet")}
    return sorted(p for p in (folder / table).glob("part-*.parquet") if p.name in whole)


def is_corpus(folder: Path) -> bool:
    """The folder is a coded corpus (has the tables' folders)."""
    return all((Path(folder) / table).is_dir() for table in TABLES)


def _check(folder: Path) -> Path:
    folder = Path(folder)
    if not is_corpus(folder):
        raise InputError(
            f"{folder}: not a coded corpus (no documents/, sentences/ and events/ folders; see `code-corpus`)"
        )
    return folder


def held_documents(folder: Path) -> dict[tuple[str, str], set[str]]:
    """(content hash, extractor) → kinds, of every document the folder's whole parts hold."""
    import pyarrow.parquet as pq

    held: dict[tuple[str, str], set[str]] = {}
    for part in _parts(folder, "documents"):
        table = pq.read_table(part, columns=["doc_id", "extractor", "kind"]).to_pylist()
        for row in table:
            held.setdefault((row["doc_id"], row["extractor"]), set()).add(row["kind"])
    return held


def read_table(folder: Path | str, table: str = "events", dask: bool = False) -> Any:
    """One table of a coded corpus as a pandas DataFrame, or a Dask DataFrame (one partition per part)."""
    root = _check(Path(folder))
    if table not in TABLES:
        raise InputError(f"{table!r} is not a table of a coded corpus ({', '.join(TABLES)})")
    parts = [str(p) for p in _parts(root, table)]
    if dask:
        import dask.dataframe as dd

        if not parts:
            raise InputError(f"{root}: the coded corpus holds no {table} yet")
        return dd.read_parquet(parts)
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables = [pq.read_table(p) for p in parts] or [_schema(pa, table).empty_table()]
    return pa.concat_tables(tables).to_pandas()


def measurable_frame(folder: Path | str, pair: tuple[str, str], also: Sequence[str] = ()) -> pd.DataFrame:
    """The analysis frame (`dyadscope.analyze.frame`) of a dyad's measurable events (as the store's
    `events_frame` gives them; `also`: its predecessors' dyads), read with the filter pushed into the Parquet
    reader: only the rows and columns the index needs are read, whatever the corpus's size."""
    keys = ["-".join(sorted(pair)), *also]
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    from dyadscope.analyze.frame import frame_from_rows

    root = _check(Path(folder))
    parts = [str(p) for p in _parts(root, "events")]
    wanted = [
        "id", "date_start", "date_end", "source", "target", "source_sector", "target_sector", "type", "intensity",
        "confidence", "issues", "others", "evidence", "doc", "title", "sentence_id", "kind",
    ]  # fmt: skip
    if not parts:
        import pyarrow as pa

        table = _schema(pa, "events").empty_table().select(wanted)
    else:
        dataset = ds.dataset(parts, format="parquet")
        keep = (
            pc.field("dyad").isin(keys)
            & pc.field("date_start").is_valid()
            & ~pc.field("negated")
            & ~pc.field("hypothetical")
            & ~pc.field("source_sector").isin(list(NON_STATE_SECTORS))
            & ~pc.field("target_sector").isin(list(NON_STATE_SECTORS))
        )
        table = dataset.to_table(columns=wanted, filter=keep)
    for side in ("source", "target"):  # each list's first code, in Arrow ("?" for none, as the store says)
        first = pc.fill_null(pc.list_element(table[side], 0), "?") if table.num_rows else table[side].cast("string")
        table = table.set_column(table.schema.get_field_index(side), side, first)
    frame = table.to_pandas()
    lists = {c: frame[c].map(lambda v: json.dumps(list(v) if v is not None else [])) for c in ("issues", "others")}
    frame = frame.assign(**lists).rename(columns={"date_start": "start", "date_end": "end", "evidence": "text"})
    measured: pd.DataFrame = frame_from_rows(frame)
    return measured


def read_documents(folder: Path | str) -> Iterator[ProcessedDocument]:
    """Every document of a coded corpus, as the pipeline made it (without sentence vectors: the store makes
    those when it is next searched), part by part."""
    import pyarrow.parquet as pq

    root = _check(Path(folder))
    for part in _parts(root, "documents"):
        documents = pq.read_table(part).to_pylist()
        sentences = _by_document(pq.read_table(root / "sentences" / part.name).to_pylist())
        events = _by_document(pq.read_table(root / "events" / part.name).to_pylist())
        for row in documents:
            yield _document(row, sentences.get(row["doc_id"], []), events.get(row["doc_id"], []))


def store_corpus(
    store: Store, folder: Path | str, on_file: Callable[[FileResult], None] | None = None
) -> list[FileResult]:
    """Store every document of a coded corpus as an ingest would have (`KnowledgeBase.import_corpus`)."""
    results = []
    for processed in read_documents(folder):
        outcome, raw = store.add(processed), processed.raw
        result = FileResult(
            raw.path, outcome.status, outcome.sentences, outcome.events, kind=raw.kind, kind_origin=raw.kind_origin
        )
        results.append(result)
        if on_file is not None:
            on_file(result)
    return results


def _by_document(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["doc_id"], []).append(row)
    return grouped


def _document(row: dict[str, Any], sentences: list[dict[str, Any]], events: list[dict[str, Any]]) -> ProcessedDocument:
    raw = RawDocument(
        row["path"], "", row["doc_id"], row["media_type"], row["title"], row["source"], row["doc_date"],
        row["doc_date_origin"], bool(row["news_like"]), row["kind"], row["kind_origin"],
    )  # fmt: skip
    dyad = tuple(row["dyad"].split("-")) if row["dyad"] else None
    return ProcessedDocument(
        raw,
        [_sentence(s) for s in sorted(sentences, key=lambda s: int(s["index"]))],
        [_event(e) for e in events],
        (dyad[0], dyad[1]) if dyad and len(dyad) == 2 else None,
        extractor=row["extractor"],
    )


def _interval(row: dict[str, Any]) -> DateInterval | None:
    start, end = row["date_start"], row["date_end"]
    if not isinstance(start, date) or not isinstance(end, date):
        return None
    return DateInterval(start, end, row["granularity"])


def _sentence(row: dict[str, Any]) -> Sentence:
    mentions = [Mention(a, b, text, code, kind, actor, sector) for a, b, text, code, kind, actor, sector
                in json.loads(row["mentions"])]  # fmt: skip
    return Sentence(
        row["index"], row["start"], row["end"], row["text"], tuple(row["section_path"] or ()), row["is_heading"],
        row["paragraph"], date=_interval(row), date_inherited=row["date_inherited"], mentions=mentions,
        context=row["context"], is_table=row["is_table"],
    )  # fmt: skip


def _event(row: dict[str, Any]) -> Event:
    evidence = Evidence(row["doc"], row["title"], row["sentence_id"], row["evidence_start"], row["evidence_end"],
                        row["evidence"], row["kind"])  # fmt: skip
    return Event(
        row["id"], list(row["source"]), list(row["target"]), row["type"], row["mode"], list(row["contexts"]),
        row["cameo"], row["intensity"], row["negated"], row["hypothetical"], _interval(row), row["date_inherited"],
        row["confidence"], evidence, row["trigger"], list(row["issues"]), row["source_sector"], row["target_sector"],
        list(row["others"]),
    )  # fmt: skip
