"""What every format shares: the results of an import, one record on its way to an event, and the row skeleton."""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from dyadscope.errors import InputError
from dyadscope.ingest import IngestError
from dyadscope.models import ProcessedDocument

ORIGINS = ("text", "gdelt", "icews", "polecat")  # where a stored event comes from
FORMATS = ("gdelt", "icews", "polecat")  # what `import_events` reads
# What an imported file's rows are made by, stored as its extractor: a change to the importers bumps it.
IMPORTER_VERSION = "import-1"
IMPORT_CONFIDENCE = 0.8  # machine-coded records: as sure as a text event whose actors sit next to the trigger
LABELS = {"gdelt-1.0": "GDELT 1.0", "gdelt-2.0": "GDELT 2.0", "icews": "ICEWS", "polecat": "POLECAT"}


class FormatError(IngestError):
    """A file that is not an event file of the expected format; `str()` is "<path>: <reason>"."""


def check_origin(origin: str | None) -> str | None:
    """`None` or "all" (every origin), else one of ORIGINS; anything else is a ValueError."""
    if origin is None or origin.lower() == "all":
        return None
    if origin.lower() not in ORIGINS:
        raise InputError(f"unknown origin {origin!r}: use one of {', '.join(ORIGINS)} or all")
    return origin.lower()


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing one file did: status added | replaced | unchanged | failed, and its counts."""

    path: str
    status: str
    format: str | None = None  # gdelt-1.0 | gdelt-2.0 | icews | polecat
    rows: int = 0  # records read
    events: int = 0  # events stored
    skipped: dict[str, int] = field(default_factory=dict)  # reason → records
    error: str | None = None

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped.values())

    def summary(self) -> str:
        """One line: "GDELT 2.0: 12 rows, 10 events, 2 skipped (1 malformed date, 1 no PLOVER type)"."""
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        label = LABELS.get(self.format or "", self.format or "events")
        skipped = f", {self.rows_skipped} skipped ({reasons})" if self.skipped else ""
        return f"{label}: {counted(self.rows, 'row')}, {counted(self.events, 'event')}{skipped}"


def counted(n: int, noun: str) -> str:
    """ "1 row", "2 rows"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass(slots=True)
class EventFile:
    """A parsed event file, ready for `Store.add`."""

    document: ProcessedDocument
    format: str
    rows: int
    skipped: Counter[str]


def content_hash(data: bytes) -> str:
    """The stored document's hash (kept apart from the hash the same bytes would get as a text document)."""
    return hashlib.sha256(b"dyadscope events\0" + data).hexdigest()


@dataclass(slots=True)
class Record:
    """One row on its way to a described sentence and (when dyadic and PLOVER-codable) an event."""

    line: int
    skip: str | None = None  # why the record gave no event
    source_id: str = ""
    day: date | None = None
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    source_name: str = ""
    target_name: str = ""
    type: str = ""
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    cameo: str | None = None
    name: str = ""
    intensity: float = 0.0
    where: str = ""  # the record's story: source URL, story id, publisher


RowCoder = Callable[[Record, dict[str, str]], None]  # codes a well-formed row (id and date read) into its record


def read_records(
    rows: Iterable[list[str]],
    *,
    first_line: int,
    columns: Sequence[str],
    width: int,
    id_column: str,
    date_column: str,
    code: RowCoder,
) -> list[Record]:
    """One record per non-blank row, numbered from `first_line`. Rows of the wrong width or without an id or
    a date stay as skipped records, so that the import can say how many rows it skipped and why."""
    records = []
    for number, values in enumerate(rows, first_line):
        if not any(v.strip() for v in values):
            continue
        record = Record(number)
        records.append(record)
        if len(values) != width:
            record.skip = "wrong number of fields"
            continue
        row = dict(zip(columns, values, strict=False))
        record.source_id = row[id_column].strip()
        record.day = parse_day(row[date_column])
        if not record.source_id or record.day is None:
            record.skip = "malformed id or date"
            continue
        code(record, row)
    return records


def read_table(lines: list[str], offset: int, code: RowCoder) -> list[Record]:
    """Records of a file with a header row, tab- or comma-separated (ICEWS and POLECAT)."""
    reader: Iterator[list[str]] = (split_fields(line) for line in lines) if "\t" in lines[0] else csv.reader(lines)
    header = [h.strip() for h in next(reader)]
    return read_records(
        reader, first_line=offset + 2, columns=header, width=len(header), id_column="Event ID",
        date_column="Event Date", code=code,
    )  # fmt: skip


def split_fields(line: str) -> list[str]:
    if "\t" in line:  # tab-separated files are not quoted: a quote is part of a name
        return [v.strip('"') for v in line.split("\t")]
    return next(csv.reader([line]), [])


def parse_day(value: str) -> date | None:
    text = value.strip().strip('"')
    try:
        if re.fullmatch(r"\d{8}", text):
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
