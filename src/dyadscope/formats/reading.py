"""Reading an event file: its bytes (plain, .gz or a one-file .zip), its format, and its records."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from dyadscope.formats import gdelt, icews, polecat
from dyadscope.formats.coding import Coder
from dyadscope.formats.common import FORMATS, LABELS, EventFile, FormatError, split_fields
from dyadscope.formats.document import build_document
from dyadscope.ingest import iter_paths


def iter_event_paths(paths: Sequence[Path]) -> Iterator[Path]:
    """Files to import, found by ingest's rules (hidden and lock files skipped, IngestError for a missing
    path) with any suffix: GDELT's are .CSV, ICEWS's .tab, POLECAT's .txt, any of them zipped."""
    return iter_paths(paths, suffixes=None)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, unpacked when it is a .gz or a .zip holding one file (GDELT and Dataverse ship zips)."""
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
    names = {f.strip() for f in split_fields(first_line)}
    if set(icews.REQUIRED) <= names:
        return "icews"
    if set(polecat.REQUIRED) <= names:
        return "polecat"
    tabs = first_line.split("\t")
    if len(tabs) in gdelt.WIDTHS or gdelt.is_header(first_line):
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
        return gdelt.variant_of(path, lines)
    required = icews.REQUIRED if found == "icews" else polecat.REQUIRED
    missing = [name for name in required if name not in [h.strip() for h in split_fields(lines[0])]]
    if missing:
        raise FormatError(path, f"not a {LABELS[found]} event file: its header lacks {', '.join(missing)}")
    return found


def parse_events(path: Path, data: bytes, fmt: str | None = None) -> EventFile:
    """Read an event file into a document of described records and their events (FormatError if it is not one)."""
    lines, offset = _lines(_decode(data))
    variant = _check(path, lines, fmt)
    coder = Coder()
    if variant.startswith("gdelt"):
        records = gdelt.read(lines, offset, variant, coder)
    elif variant == "icews":
        records = icews.read(lines, offset, coder)
    else:
        records = polecat.read(lines, offset, coder)
    return build_document(path, data, variant, records)
