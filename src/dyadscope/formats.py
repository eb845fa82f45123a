"""Event data in and out: import GDELT, ICEWS and POLECAT files; export the index and phases.

An imported file becomes one stored document (so re-importing the same content changes nothing and a
changed file replaces its old version, exactly like ingest). Each record becomes one short, readable
sentence ("PAKISTAN (PAK) → UNITED STATES (USA): Make a visit (CAMEO 042 → CONSULT:visit), Goldstein
+1.9; GDELT event 1010, https://…") and one event coded as the text coder codes it: CAMEO code →
PLOVER type, mode and contexts through the CAMEO→PLOVER crosswalk in `data/cameo/`, intensity the
record's own Goldstein score (else the code's Goldstein score, else the PLOVER score). The event keeps
its origin (gdelt | icews | polecat) and the record's own id (`source_id`).

Layouts followed (tests/data/formats/ has one small file of each):

- GDELT 1.0 event files: "GDELT Data Format Codebook V1.03" (8/25/2013): tab-separated, no header,
  57 fields (historical backfiles to March 2013) or 58 (daily files, SOURCEURL added).
- GDELT 2.0 event exports: "GDELT Event Codebook V2.0": 61 fields; every geography gains ADM2Code.
- ICEWS coded event data (Harvard Dataverse doi:10.7910/DVN/28075): tab-separated with a header of 20
  named columns (Event ID, Event Date, Source Name, Source Sectors, Source Country, Event Text, CAMEO
  Code, Intensity, Target Name, …); countries are names.
- POLECAT (Harvard Dataverse doi:10.7910/DVN/AJGVIT), coded in PLOVER: tab-separated with a header
  (Event ID, Event Date, Event Type, Event Mode, Event Intensity or Intensity, Quad Code, Contexts, Actor
  Name, Actor Country, …, Recipient Name, Recipient Country, …, Source, Publication Date, …).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadscope.ingest import IngestError
from dyadscope.models import DateInterval, Event, Evidence, Mention, RawDocument, Sentence
from dyadscope.nlp.embed import sentence_context
from dyadscope.pipeline import ProcessedDocument

if TYPE_CHECKING:
    import pandas as pd

    from dyadscope.analyze import Analysis
    from dyadscope.extract.lexicon import CueTagger, Scores

ORIGINS = ("text", "gdelt", "icews", "polecat")  # where a stored event comes from
FORMATS = ("gdelt", "icews", "polecat")  # what `import_events` reads
IMPORT_CONFIDENCE = 0.8  # machine-coded records: as sure as a text event whose actors sit next to the trigger
_DATA = resources.files("dyadscope") / "data"

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]  # fmt: skip
_ACTION = ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
           "NumSources", "NumArticles", "AvgTone"]  # fmt: skip
_GEO_1 = ["Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID"]
_GEO_2 = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]


def _gdelt_columns(geo: Sequence[str]) -> list[str]:
    return [
        "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
        *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR), *_ACTION,
        *(f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in geo),
        "DATEADDED", "SOURCEURL",
    ]  # fmt: skip


GDELT1_COLUMNS = _gdelt_columns(_GEO_1)  # 58; the historical backfiles stop before SOURCEURL (57)
GDELT2_COLUMNS = _gdelt_columns(_GEO_2)  # 61
ICEWS_COLUMNS = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
                 "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
                 "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
                 "Longitude"]  # fmt: skip
POLECAT_COLUMNS = ["Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
                   "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors",
                   "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country",
                   "Recipient COW", "Primary Recipient Sector", "Recipient Sectors", "Recipient Title",
                   "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City", "District", "Province",
                   "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename", "Feature Type", "Source",
                   "Publication Date", "Story People", "Story Organizations", "Story Locations", "Language",
                   "Version"]  # fmt: skip
_REQUIRED = {
    "icews": ("Event ID", "Event Date", "Source Country", "CAMEO Code", "Target Country"),
    "polecat": ("Event ID", "Event Date", "Event Type", "Actor Country", "Recipient Country"),
}
_LABELS = {"gdelt-1.0": "GDELT 1.0", "gdelt-2.0": "GDELT 2.0", "icews": "ICEWS", "polecat": "POLECAT"}


class FormatError(IngestError):
    """A file that is not an event file of the expected format; `str()` is "<path>: <reason>"."""


@dataclass(slots=True)
class ImportedEvent(Event):
    """An event read from an event data set: an `Event` that also names its origin and the record's id."""

    origin: str = "text"
    source_id: str | None = None

    @classmethod
    def of(cls, event: Event, origin: str, source_id: str | None) -> ImportedEvent:
        values = {f.name: getattr(event, f.name) for f in fields(Event)}
        return cls(**values, origin=origin, source_id=source_id)

    def to_dict(self) -> dict[str, Any]:
        """The documented event JSON plus `origin` and `source_id` (docs/schema.md)."""
        data = Event.to_dict(self)
        data["origin"] = self.origin
        data["source_id"] = self.source_id
        return data


def origin_of(event: Event) -> str:
    return event.origin if isinstance(event, ImportedEvent) else "text"


def source_id_of(event: Event) -> str | None:
    return event.source_id if isinstance(event, ImportedEvent) else None


def check_origin(origin: str | None) -> str | None:
    """`None` or "all" (every origin), else one of ORIGINS; anything else is a ValueError."""
    if origin is None or origin.lower() == "all":
        return None
    if origin.lower() not in ORIGINS:
        raise ValueError(f"unknown origin {origin!r}: use one of {', '.join(ORIGINS)} or all")
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
        label = _LABELS.get(self.format or "", self.format or "events")
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


# Reading the bytes of a file: plain, .gz or a .zip holding one file (GDELT and Dataverse ship zips).


def read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
        if path.suffix.lower() == ".gz":
            return gzip.decompress(data)
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = [m for m in archive.namelist() if not m.endswith("/")]
                if len(members) != 1:
                    raise FormatError(path, f"a zip must hold one event file, this one holds {len(members)}")
                return archive.read(members[0])
    except FormatError:
        raise
    except (OSError, EOFError, zipfile.BadZipFile, gzip.BadGzipFile) as error:
        raise FormatError(path, f"cannot read: {error}") from error
    return data


def content_hash(data: bytes) -> str:
    """The stored document's hash (kept apart from the hash the same bytes would get as a text document)."""
    return hashlib.sha256(b"dyadscope events\0" + data).hexdigest()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _lines(text: str) -> tuple[list[str], int]:
    """Lines without leading '#' comment lines and blank lines, and how many lines came before them."""
    lines = text.splitlines()
    skip = 0
    while skip < len(lines) and (not lines[skip].strip() or lines[skip].lstrip().startswith("#")):
        skip += 1
    return lines[skip:], skip


def sniff(path: Path, first_line: str) -> str:
    """The format of a file from its first line: gdelt, icews or polecat; FormatError if none."""
    names = {f.strip() for f in _fields(first_line)}
    if set(_REQUIRED["icews"]) <= names:
        return "icews"
    if set(_REQUIRED["polecat"]) <= names:
        return "polecat"
    tabs = first_line.split("\t")
    if len(tabs) in (57, 58, 61) or (tabs and tabs[0].strip().upper() == "GLOBALEVENTID"):
        return "gdelt"
    raise FormatError(
        path,
        f"not a GDELT, ICEWS or POLECAT event file: its first line has {len(tabs)} tab-separated fields "
        f"(GDELT has 57, 58 or 61 and no header; ICEWS and POLECAT start with a header naming Event ID, Event Date, …)",
    )


def detect(path: Path, data: bytes, fmt: str | None = None) -> str:
    """The file's format, gdelt-1.0, gdelt-2.0, icews or polecat, from its first lines (FormatError if none)."""
    lines, _ = _lines(_decode(data[: 1 << 20]))
    return _check(path, lines, fmt)


def _check(path: Path, lines: list[str], fmt: str | None) -> str:
    if fmt is not None and fmt.lower() not in FORMATS:
        raise FormatError(path, f"unknown event format {fmt!r} (use {', '.join(FORMATS)})")
    if not lines:
        raise FormatError(path, "no records: the file is empty")
    found = sniff(path, lines[0]) if fmt is None else fmt.lower()
    if found == "gdelt":
        first = lines[1] if _gdelt_header(lines[0]) and len(lines) > 1 else lines[0]
        width = len(first.split("\t"))
        if width not in (57, 58, 61):
            raise FormatError(
                path, f"not a GDELT event file: its first record has {width} tab-separated fields "
                "(GDELT 1.0 has 57 or 58, GDELT 2.0 has 61)"
            )  # fmt: skip
        return "gdelt-2.0" if width == 61 else "gdelt-1.0"
    missing = [name for name in _REQUIRED[found] if name not in [h.strip() for h in _fields(lines[0])]]
    if missing:
        raise FormatError(path, f"not a {_LABELS[found]} event file: its header lacks {', '.join(missing)}")
    return found


def _gdelt_header(line: str) -> bool:
    return line.split("\t")[0].strip().upper() == "GLOBALEVENTID"


def _fields(line: str) -> list[str]:
    if "\t" in line:  # tab-separated files are not quoted: a quote is part of a name
        return [v.strip('"') for v in line.split("\t")]
    return next(csv.reader([line]), [])


def parse_events(path: Path, data: bytes, fmt: str | None = None) -> EventFile:
    """Read an event file into a document of described records and their events (FormatError if it is not one)."""
    lines, offset = _lines(_decode(data))
    variant = _check(path, lines, fmt)
    coder = _Coder()
    if variant.startswith("gdelt"):
        records = _gdelt(lines, offset, variant, coder)
    else:
        records = _tabular(lines, offset, variant, coder)
    return _document(path, data, variant, records)


# One record → one described sentence and (when it is a dyadic, PLOVER-codable event) one event.


@dataclass(slots=True)
class _Record:
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


@dataclass(frozen=True, slots=True)
class _Cameo:
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    name: str


@cache
def cameo_crosswalk() -> dict[str, _Cameo]:
    """CAMEO code → PLOVER type, mode, contexts and the code's name, from `data/cameo/CAMEO2PLOVER-2021.txt`.

    Root and base codes stand for their children's default ("08: CONCEDE"). As in the trigger lexicon,
    sanctions (163) are SANCTION 'discontinue', as the PLOVER manual says, not the crosswalk's COERCE.
    CAMEO 01 (statements) and 02 (appeals) have no PLOVER type: PLOVER does not code commentary.
    """
    text = (_DATA / "cameo" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    table: dict[str, _Cameo] = {}
    for line in text.splitlines():
        match = re.match(r"^(\d{2,4}):\s*([^#]*)(?:#\s*(.*))?$", line)
        if not match:
            continue
        parts = [p.strip() for p in match.group(2).split(",")]
        contexts = tuple(c.strip() for c in (parts[2] if len(parts) > 2 else "").split(";") if c.strip())
        entry = _Cameo(parts[0], (parts[1] if len(parts) > 1 else "") or None, contexts, (match.group(3) or "").strip())
        table.setdefault(match.group(1), entry)
    sanction = table["163"]
    table["163"] = _Cameo("SANCTION", "discontinue", ("economic",), sanction.name)
    return table


@cache
def _cameo_names() -> dict[str, str]:
    with (_DATA / "cameo" / "cameo_goldstein.csv").open(encoding="utf-8") as handle:
        return {row["code"]: row["name"][:1].upper() + row["name"][1:].lower() for row in csv.DictReader(handle)}


class _Coder:
    """The shared coding data: crosswalk, Goldstein and PLOVER scores, issue cues and country names."""

    def __init__(self) -> None:
        from dyadscope.extract.lexicon import Scores

        self.scores: Scores = Scores()
        self.crosswalk = cameo_crosswalk()
        self.types = frozenset(t for t, _ in self.scores.plover)
        self.countries = _countries()

    def cameo(self, record: _Record, raw_code: str, value: str) -> None:
        """Code a CAMEO record: PLOVER type, mode, contexts; intensity its own value, else Goldstein's."""
        code = raw_code.strip()
        if not code.isdigit():
            record.skip = "malformed CAMEO code"
            return
        if code not in self.scores.goldstein and len(code) < 4 and code.zfill(len(code) + 1) in self.scores.goldstein:
            code = code.zfill(len(code) + 1)  # a leading zero lost to a spreadsheet ("42" for "042")
        entry = self.crosswalk.get(code) or self.crosswalk.get(code[:3]) or self.crosswalk.get(code[:2])
        if entry is None:
            record.skip = "no PLOVER type (CAMEO 01 statements, 02 appeals)" if code[:2] in ("01", "02") else (
                "unknown CAMEO code")  # fmt: skip
            return
        record.cameo, record.type, record.mode, record.contexts = code, entry.type, entry.mode, list(entry.contexts)
        exact = self.crosswalk.get(code)
        record.name = (exact.name if exact else "") or _cameo_names().get(code) or entry.name or entry.type
        intensity = _number(value)
        if intensity is None:
            intensity = self.scores.goldstein.get(code)
        record.intensity = intensity if intensity is not None else self._plover(record.type, record.mode)

    def plover(self, record: _Record, etype: str, mode: str, contexts: str, value: str) -> None:
        record.type = etype.strip().upper()
        if record.type not in self.types:
            record.skip = "unknown PLOVER type"
            return
        record.mode = mode.strip().lower() or None
        record.contexts = [c.strip().lower() for c in re.split(r"[;,|]", contexts) if c.strip()]
        record.name = record.type + (f":{record.mode}" if record.mode else "")
        intensity = _number(value)
        record.intensity = intensity if intensity is not None else self._plover(record.type, record.mode)

    def _plover(self, etype: str, mode: str | None) -> float:
        return self.scores.plover.get((etype, mode), self.scores.plover[(etype, None)])

    def actors(self, record: _Record, source: str, target: str) -> None:
        record.source = self.codes(source)
        record.target = self.codes(target)
        if not record.source or not record.target:
            record.skip = "not two countries"
        elif record.source[0] == record.target[0]:
            record.skip = "one country on both sides"

    def codes(self, value: str) -> list[str]:
        found: list[str] = []
        for part in re.split(r"[;|]", value):
            code = self.countries(part)
            if code and code not in found:
                found.append(code)
        return found


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if -10.0 <= number <= 10.0 else None


def _countries() -> Callable[[str], str | None]:
    """A country code or name → the project's code (ISO 3166-1 alpha-3, or ISO 3166-3 for former states)."""
    with (_DATA / "actors" / "countries.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = {row["code"] for row in rows}
    names: dict[str, str] = {}
    for row in rows:
        for name in [row["name"], *row["aliases"].split("|")]:
            if name.strip():
                names.setdefault(name.strip().casefold(), row["code"])

    @cache
    def lookup(value: str) -> str | None:
        text = value.strip()
        if not text or text.casefold() in ("none", "null", "nan"):
            return None
        if text.upper() in codes and len(text) == 3:
            return text.upper()
        if text.casefold() in names:
            return names[text.casefold()]
        import pycountry

        for database in (pycountry.countries, pycountry.historic_countries):
            try:
                code = str(database.lookup(text).alpha_3)
            except LookupError:
                continue
            if code in codes:
                return code
        return None

    return lookup


def _day(value: str) -> date | None:
    text = value.strip().strip('"')
    try:
        if re.fullmatch(r"\d{8}", text):
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _gdelt(lines: list[str], offset: int, variant: str, coder: _Coder) -> list[_Record]:
    start = 1 if _gdelt_header(lines[0]) else 0
    body = lines[start:]
    width = len(body[0].split("\t")) if body else 0
    columns = GDELT2_COLUMNS if variant == "gdelt-2.0" else GDELT1_COLUMNS
    records = []
    for number, line in enumerate(body, offset + start + 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        record = _Record(number)
        records.append(record)
        if len(fields) != width:
            record.skip = "wrong number of fields"
            continue
        row = dict(zip(columns, fields, strict=False))
        record.source_id = row["GLOBALEVENTID"].strip()
        record.day = _day(row["SQLDATE"])
        if not record.source_id or record.day is None:
            record.skip = "malformed id or date"
            continue
        record.source_name, record.target_name = row["Actor1Name"].strip(), row["Actor2Name"].strip()
        record.where = row.get("SOURCEURL", "").strip()
        coder.actors(record, row["Actor1CountryCode"], row["Actor2CountryCode"])
        if record.skip is None:
            coder.cameo(record, row["EventCode"], row["GoldsteinScale"])
    return records


def _tabular(lines: list[str], offset: int, fmt: str, coder: _Coder) -> list[_Record]:
    reader: Iterator[list[str]] = (_fields(line) for line in lines) if "\t" in lines[0] else csv.reader(lines)
    header = [h.strip() for h in next(reader)]
    records = []
    for number, values in enumerate(reader, offset + 2):
        if not any(v.strip() for v in values):
            continue
        record = _Record(number)
        records.append(record)
        if len(values) != len(header):
            record.skip = "wrong number of fields"
            continue
        row = dict(zip(header, values, strict=True))
        record.source_id = row["Event ID"].strip()
        record.day = _day(row["Event Date"])
        if not record.source_id or record.day is None:
            record.skip = "malformed id or date"
            continue
        if fmt == "icews":
            record.source_name, record.target_name = row.get("Source Name", ""), row.get("Target Name", "")
            story = row.get("Story ID", "").strip()
            record.where = ", ".join(
                p for p in (row.get("Publisher", "").strip(), f"story {story}" if story else "") if p
            )
            coder.actors(record, row["Source Country"], row["Target Country"])
            if record.skip is None:
                coder.cameo(record, row["CAMEO Code"], row.get("Intensity", ""))
                if record.skip is None and row.get("Event Text", "").strip():
                    record.name = row["Event Text"].strip()
        else:
            record.source_name, record.target_name = row.get("Actor Name", ""), row.get("Recipient Name", "")
            record.where = row.get("Source", "").strip()
            coder.actors(record, row["Actor Country"], row["Recipient Country"])
            if record.skip is None:
                value = row.get("Event Intensity", row.get("Intensity", ""))
                coder.plover(record, row["Event Type"], row.get("Event Mode", ""), row.get("Contexts", ""), value)
        if record.skip is None:
            record.contexts = list(dict.fromkeys(record.contexts))
    for record in records:
        record.source_name, record.target_name = record.source_name.strip(), record.target_name.strip()
    return records


def _describe(record: _Record, label: str) -> str:
    """ "PAKISTAN (PAK) → UNITED STATES (USA): Make a visit (CAMEO 042 → CONSULT:visit), Goldstein +1.9; …"."""

    def side(name: str, codes: list[str]) -> str:
        joined = "/".join(codes)
        return f"{name} ({joined})" if name and name.upper() != joined else joined

    plover = record.type + (f":{record.mode}" if record.mode else "")
    what = f"{record.name} (CAMEO {record.cameo} → {plover})" if record.cameo else plover
    scale = "Goldstein" if record.cameo else "intensity"
    where = f", {record.where}" if record.where else ""
    return (
        f"{side(record.source_name, record.source)} → {side(record.target_name, record.target)}: {what}, "
        f"{scale} {record.intensity:+.1f}".replace("-", "−")
        + f"; {label} event {record.source_id}{where}"
    )


def _document(path: Path, data: bytes, variant: str, records: list[_Record]) -> EventFile:
    digest = content_hash(data)
    origin = variant.split("-")[0]
    label = _LABELS[variant]
    title = f"{label} events: {path.name}"
    source = f"{label} event data"
    coder_issues = _issue_tagger()
    sentences: list[Sentence] = []
    events: list[Event] = []
    texts: list[str] = []
    position = 0
    skipped: Counter[str] = Counter()
    for record in records:
        if record.skip is not None or record.day is None:
            skipped[record.skip or "malformed id or date"] += 1
            continue
        text = _describe(record, label)
        index = len(sentences)
        interval = DateInterval(record.day, record.day, "day")
        sentence = Sentence(index, position, position + len(text), text, paragraph=index, date=interval)
        sentence.context = sentence_context(title, source, ())
        for code in dict.fromkeys(record.source + record.target):
            at = text.find(f"({code})")
            at = at + 1 if at >= 0 else text.find(code)
            if at >= 0:
                start = position + at
                sentence.mentions.append(Mention(start, start + len(code), code, code, "country", code))
        sentences.append(sentence)
        evidence = Evidence(str(path), title, index, sentence.start, sentence.end, text)
        key = f"{digest}|{origin}|{record.source_id}|{record.line}"
        events.append(
            ImportedEvent(
                "ev_" + hashlib.sha256(key.encode()).hexdigest()[:16], record.source, record.target, record.type,
                record.mode, record.contexts, record.cameo, float(record.intensity), False, False, interval, False,
                IMPORT_CONFIDENCE, evidence, record.name,
                coder_issues(" ".join((record.name, record.source_name, record.target_name))),
                origin=origin, source_id=record.source_id,
            )
        )  # fmt: skip
        texts.append(text)
        position += len(text) + 1
    dyads = Counter(e.dyad for e in events)
    main = tuple(dyads.most_common(1)[0][0].split("-")) if dyads else None
    raw = RawDocument(str(path), "\n".join(texts), digest, f"events/{variant}", title, source)
    document = ProcessedDocument(raw, sentences, events, (main[0], main[1]) if main else None)
    return EventFile(document, variant, len(records), skipped)


@cache
def _issue_tagger() -> CueTagger:
    from dyadscope.extract.lexicon import CueTagger

    return CueTagger("issues.yaml")


# Writing the index and phases as CSV, JSON or Parquet.


def export_index(analysis: Analysis, path: Path, fmt: str | None = None) -> str:
    """Write the index (period, start, end, score, low, high, events) as csv, json or parquet; returns the kind."""
    return _write_table(path, fmt, analysis.index_records(), analysis.index)


def export_phases(analysis: Analysis, path: Path, fmt: str | None = None) -> str:
    """Write the phases (dates, level, score, band, events, key events, drivers, summary); returns the kind."""
    return _write_table(path, fmt, [p.to_dict() for p in analysis.phases], analysis.phases_frame())


def _write_table(path: Path, fmt: str | None, records: list[dict[str, object]], frame: pd.DataFrame) -> str:
    from dyadscope.present import write_atomic

    kind = (fmt or path.suffix.lstrip(".") or "json").lower()
    if kind == "json":
        write_atomic(path, (json.dumps(records, indent=2, ensure_ascii=False) + "\n").encode())
    else:
        write_frame(frame, path, kind)
    return kind


def write_frame(frame: pd.DataFrame, path: Path, kind: str) -> None:
    """Write a frame as csv (lists as JSON text) or parquet, atomically: a reader never sees half a file."""
    from dyadscope.present import write_atomic

    if kind == "csv":
        flat = frame.copy()
        for column in flat.columns:  # lists (key events, drivers) as JSON text in one cell
            if flat[column].map(lambda v: isinstance(v, list | dict)).any():
                flat[column] = flat[column].map(lambda v: json.dumps(v, ensure_ascii=False))
        write_atomic(path, flat.to_csv(index=False).encode())
    elif kind == "parquet":
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            frame.to_parquet(tmp, index=False)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    else:
        raise ValueError(f"{path}: unknown format {kind!r} (use csv, json or parquet)")


def iter_event_paths(paths: Sequence[Path]) -> Iterator[Path]:
    """Files to import: the files named, and the files in folders named (sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path
