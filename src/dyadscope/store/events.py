"""Reading events from the store: queries, a dyad's measurable events as a frame, the dyads stored.

`EventReader` is the part of `Store` that reads events back, each with its evidence, in date order;
`EventQuery` says which. A dyad's measurable events are the ones dated within 12 years, neither negated
nor hypothetical, between the two states: events of a sector that does not act for its state (`NON_STATE_SECTORS`) are
stored and listed but not measured.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadscope.models import MAX_SPAN_DAYS, NON_STATE_SECTORS, DateInterval, Event, Evidence, ImportedEvent
from dyadscope.store.schema import EVENT_COLUMNS

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class EventQuery:
    dyad: tuple[str, str] | None = None
    actor: str | None = None
    type: str | None = None
    context: str | None = None
    start: date | None = None
    end: date | None = None
    include_negated: bool = False
    sentence_ids: tuple[int, ...] = ()  # stored sentence ids the evidence must be one of
    ids: tuple[str, ...] = ()  # event ids
    origin: str | None = None  # text | gdelt | icews | polecat; None: all
    also: tuple[str, ...] = ()  # more dyads the pair's events may carry ("SUN-USA" for RUS-USA: predecessors)


class EventReader:
    """What `Store` reads of events."""

    conn: sqlite3.Connection
    path: Path
    read_only: bool

    def events(self, query: EventQuery = EventQuery()) -> list[Event]:
        return list(self.iter_events(query))

    def iter_events(self, query: EventQuery = EventQuery()) -> Iterator[Event]:
        """Events matching a query, in date order (undated last)."""
        where: list[str] = ["1=1"]
        params: list[object] = []
        if query.dyad:
            keys = _keys(query.dyad, query.also)
            where.append(f"e.dyad IN ({','.join('?' * len(keys))})")
            params.extend(keys)
        if query.actor:
            where.append("e.id IN (SELECT event_id FROM event_actors WHERE code=?)")
            params.append(query.actor)
        if query.type:
            where.append("e.type=?")
            params.append(query.type.upper())
        if query.context:
            where.append("EXISTS (SELECT 1 FROM json_each(e.contexts) WHERE value=?)")
            params.append(query.context)
        if query.start:
            where.append("e.date_end >= ?")
            params.append(query.start.isoformat())
        if query.end:
            where.append("e.date_start <= ?")
            params.append(query.end.isoformat())
        if not query.include_negated:
            where.append("e.negated=0")
        if query.ids:
            where.append(f"e.id IN ({','.join('?' * len(query.ids))})")
            params.extend(query.ids)
        if query.sentence_ids:
            where.append(f"e.sentence_id IN ({','.join('?' * len(query.sentence_ids))})")
            params.extend(query.sentence_ids)
        if query.origin:
            where.append("e.origin=?")
            params.append(query.origin)
        columns = ", ".join(f"e.{c.strip()}" for c in EVENT_COLUMNS.split(","))
        sql = (
            f'SELECT {columns}, d.path, d.title, s.idx, v.start, v."end", v.text, d.kind FROM events e'
            " JOIN documents d ON d.id=e.doc_id JOIN sentences s ON s.id=e.sentence_id"
            " JOIN evidence v ON v.event_id=e.id WHERE "
            + " AND ".join(where)
            + " ORDER BY e.date_start IS NULL, e.date_start, e.date_end, d.path, s.idx"
        )
        for row in self.conn.execute(sql, params):
            yield _row_event(row)

    def events_frame(self, dyad: tuple[str, str], origin: str | None = None, also: Sequence[str] = ()) -> pd.DataFrame:
        """A dyad's measurable events (dated, not negated, not hypothetical) as a frame, straight from SQL;
        `origin` keeps only events from text, gdelt, icews or polecat.

        Compact: only the events table is read row by row (the documents' path, title and kind are joined in
        pandas from their few rows); the evidence text and the sentence's index are left empty ("", -1), for
        `with_evidence` to fill in for the rows that are kept (a million events' texts are most of the cost)."""
        import pandas as pd

        where, params = _measurable(dyad, origin, also)
        # A dyad with a large share of the store's events is read faster by one pass over the table than by
        # looking each row up from the dyad index (2.4 s against 4.5 s for a million): both counts are cheap.
        keys = _keys(dyad, also)
        mine = self.conn.execute(
            f"SELECT count(*) FROM events WHERE dyad IN ({','.join('?' * len(keys))})", keys
        ).fetchone()[0]
        every = self.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        scan = "NOT INDEXED" if mine > SCAN_SHARE * every else ""
        names = ["id", "start", "end", "source", "target", "type", "intensity", "confidence", "issues", "others"]
        frame = self._arrow_frame(
            "SELECT e.id, e.date_start, e.date_end, e.source, e.target, e.type, CAST(e.intensity AS REAL),"
            " CAST(e.confidence AS REAL), e.issues, e.others, e.doc_id"
            f" FROM events e {scan} WHERE {where}",
            params,
            [*names, "doc_id"],
        )
        if frame.empty:  # untyped, as an empty frame of events is
            return pd.DataFrame(columns=[*names, "doc", "title", "kind", "text", "sentence_id"])
        for side in ("source", "target"):  # the first code of a JSON list of codes: '["PAK", "CHN"]' → PAK
            frame[side] = _first_codes(frame[side])
        frame["intensity"] = frame["intensity"].astype(float)
        frame["confidence"] = frame["confidence"].astype(float)
        documents = pd.read_sql_query("SELECT id, path AS doc, title, kind FROM documents", self.conn)
        of = documents.set_index("id")
        for column in ("doc", "title", "kind"):
            frame[column] = of[column].reindex(frame["doc_id"].astype("int64")).to_numpy()
        return frame.drop(columns="doc_id").assign(text="", sentence_id=-1)

    def _arrow_frame(self, sql: str, params: Sequence[str], names: list[str]) -> pd.DataFrame:
        """A query's rows as a frame read column-wise into Arrow by ADBC's SQLite driver, on a connection of its
        own (read-only when the store is): a million events in about a second, where Python's row tuples and
        pandas' conversion of them took five."""
        import adbc_driver_sqlite.dbapi as adbc

        uri = f"{self.path.resolve().as_uri()}?mode=ro" if self.read_only else str(self.path)
        with adbc.connect(uri) as conn, conn.cursor() as cursor:
            cursor.execute(sql, tuple(params))
            table = cursor.fetch_arrow_table()
        frame: pd.DataFrame = table.rename_columns(names).to_pandas()
        return frame

    def with_evidence(self, frame: pd.DataFrame) -> pd.DataFrame:
        """`frame` (an `events_frame`, or rows of one) with each event's evidence text and sentence index."""
        if frame.empty:
            return frame
        ids = [str(i) for i in frame["id"]]
        found: dict[str, tuple[str, int]] = {}
        for start in range(0, len(ids), 50_000):
            for eid, text, idx in self.conn.execute(
                "SELECT v.event_id, v.text, s.idx FROM evidence v JOIN sentences s ON s.id=v.sentence_id"
                " WHERE v.event_id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids[start : start + 50_000]),),
            ):
                found[eid] = (text, idx)
        return frame.assign(
            text=[found.get(i, ("", -1))[0] for i in ids], sentence_id=[found.get(i, ("", -1))[1] for i in ids]
        )

    def measurable_count(self, dyad: tuple[str, str], origin: str | None = None, also: Sequence[str] = ()) -> int:
        """How many rows `events_frame` gives, without reading them."""
        where, params = _measurable(dyad, origin, also)
        sql = f"SELECT count(*) FROM events e WHERE {where}"  # every event is stored with its evidence
        return int(self.conn.execute(sql, params).fetchone()[0])

    def dyads(self) -> list[tuple[str, int]]:
        """(dyad, measurable events) for every dyad with any, the most documented first."""
        where, _ = _measurable(None, None)
        rows = self.conn.execute(
            f"SELECT e.dyad, count(*) FROM events e JOIN evidence v ON v.event_id=e.id WHERE {where}"
            " AND e.dyad NOT LIKE '%?%' AND json_extract(e.source, '$[0]') <> json_extract(e.target, '$[0]')"
            " GROUP BY e.dyad ORDER BY count(*) DESC, e.dyad"
        )
        return [(str(d), int(n)) for d, n in rows]

    def listed_and_dated(
        self, dyad: tuple[str, str], origin: str | None = None, also: Sequence[str] = ()
    ) -> tuple[int, int]:
        """How many events between the two `events --dyad` lists (not negated) and `timeline` shows (of those,
        dated and not hypothetical)."""
        keys = _keys(dyad, also)
        sql = (
            "SELECT count(*), coalesce(sum(e.date_start IS NOT NULL AND e.hypothetical=0), 0) FROM events e"
            f" JOIN evidence v ON v.event_id=e.id WHERE e.dyad IN ({','.join('?' * len(keys))}) AND e.negated=0"
        )
        params: tuple[str, ...] = keys
        if origin:
            sql, params = sql + " AND e.origin=?", (*params, origin)
        listed, dated = self.conn.execute(sql, params).fetchone()
        return int(listed), int(dated)

    def events_in_sentences(self, ids: Sequence[int]) -> list[Event]:
        """Stored events whose evidence is one of these sentences."""
        return self.events(EventQuery(include_negated=True, sentence_ids=tuple(ids))) if ids else []


def _keys(dyad: tuple[str, str], also: Sequence[str]) -> tuple[str, ...]:
    """The dyad's own key ("PAK-USA") and the others its events may carry (predecessors)."""
    return ("-".join(sorted(dyad)), *also)


def _measurable(
    dyad: tuple[str, str] | None, origin: str | None, also: Sequence[str] = ()
) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause (over events `e`) of a dyad's measurable events, as `models.measurable` says: dated
    within `MAX_SPAN_DAYS`, not negated, not hypothetical, between the two states (no side a sector that does
    not act for its state). No dyad: every dyad's."""
    sectors = ",".join(f"'{s}'" for s in NON_STATE_SECTORS)
    where = (
        "e.negated=0 AND e.hypothetical=0 AND e.date_start IS NOT NULL"
        f" AND julianday(e.date_end) - julianday(e.date_start) <= {MAX_SPAN_DAYS}"
        f" AND e.source_sector NOT IN ({sectors}) AND e.target_sector NOT IN ({sectors})"
    )
    params: tuple[str, ...] = ()
    if dyad is not None:
        keys = _keys(dyad, also)
        where, params = f"e.dyad IN ({','.join('?' * len(keys))}) AND " + where, keys
    return where + (" AND e.origin=?" if origin else ""), (*params, *((origin,) if origin else ()))


def _row_event(row: Sequence[Any]) -> Event:
    (
        eid,
        _doc_id,
        _sid,
        source,
        target,
        _dyad,
        etype,
        mode,
        contexts,
        cameo,
        intensity,
        negated,
        hypothetical,
        date_start,
        date_end,
        granularity,
        inherited,
        confidence,
        trigger,
        issues,
        origin,
        source_id,
        source_sector,
        target_sector,
        others,
        path,
        title,
        idx,
        start,
        end,
        text,
        kind,
    ) = row
    interval = (
        DateInterval(date.fromisoformat(date_start), date.fromisoformat(date_end), granularity) if date_start else None
    )
    event = Event(
        eid,
        json.loads(source),
        json.loads(target),
        etype,
        mode,
        json.loads(contexts),
        cameo,
        intensity,
        bool(negated),
        bool(hypothetical),
        interval,
        bool(inherited),
        confidence,
        Evidence(path, title, idx, start, end, text, kind),
        trigger,
        json.loads(issues),
        source_sector,
        target_sector,
        json.loads(others),
    )
    return event if origin == "text" else ImportedEvent.of(event, origin, source_id)


SCAN_SHARE = 0.2  # a dyad with more than this share of the events is read by a pass over the whole table


def _first_codes(lists: pd.Series) -> pd.Series:
    """JSON lists of actor codes → each list's first code, in Arrow's string kernels (a million in ~0.1 s)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.utf8_slice_codeunits(pa.array(lists.astype(str).to_numpy(), type=pa.string()), 2)
    first = pc.list_element(pc.split_pattern(text, '"', max_splits=1), 0)
    return pd.Series(first.to_pandas(), index=lists.index)
