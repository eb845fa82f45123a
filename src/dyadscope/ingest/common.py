"""What the format readers share: the error they raise, what they return, decoding and date finding.

`IngestError` is every reading failure; `_Parsed` is what a format reader found before normalisation;
`_decode` turns the bytes of a text format into a string; `_find_date` and `_meta_date` read a calendar
date from a line of text or a metadata field (the month names, `MONTHS`, are used by the review too).
"""

from __future__ import annotations

import codecs
import logging
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import charset_normalizer

from dyadscope.data import lang_words
from dyadscope.data.kinds import parse_kind
from dyadscope.errors import InputError

log = logging.getLogger("dyadscope.ingest.readers")


class IngestError(InputError):
    """A file that cannot become a document; `str()` is one line, "<path>: <reason>"."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = " ".join(str(reason).split())[:300] or "unreadable file"
        super().__init__(self.path, self.reason)  # args rebuild the error after pickling (Dask)

    def __str__(self) -> str:
        return f"{' '.join(self.path.splitlines())}: {self.reason}"


@dataclass(slots=True)
class _Parsed:
    """What a format reader found before normalisation and the text heuristics."""

    text: str
    title: str | None = None
    doc_date: date | None = None
    date_origin: str | None = None
    news_hint: bool = False
    empty_reason: str = "empty document"


# ---------------------------------------------------------------- dates in the text

# Month names, lower case, in calendar order (data/lang/en/calendar.yaml; the review's checks use them too).
MONTHS = tuple(m.lower() for m in lang_words("months", "calendar"))
_MONTHS_BY_ABBR = {m[:3]: i for i, m in enumerate(MONTHS, 1)}
_MONTH = r"\b(?P<mon>{})\b\.?".format("|".join(sorted({*MONTHS, *_MONTHS_BY_ABBR, "sept"}, reverse=True)))
_DAY, _YEAR = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?", r"(?P<y>\d{4})(?!\d)"
_DATES = (
    re.compile(r"(?<![\w.-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])"),
    re.compile(rf"(?<![\w.]){_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}", re.I),
    re.compile(rf"{_MONTH}\s*{_DAY},?\s+{_YEAR}", re.I),
)
# Digits that are not the document's date: URLs, paths, e-mail, hashes, and access/retrieval dates.
_NOT_DATES = re.compile(
    r"\S*(?:/|@|www\.)\S*|\b[0-9a-f]*\d[0-9a-f]*[a-f][0-9a-f]*\b|\b\d{7,}\b"
    r"|\b(?:accessed|retrieved|downloaded|visited|consulted)\b[^,;()]*",
    re.I,
)
_STAMP = re.compile(r"\s*(?:D:)?(\d{4})[-/]?(\d{2})[-/]?(\d{2})")


def _find_date(line: str) -> date | None:
    """The first full calendar date in `line` (ISO, "20 April 2023", "April 20, 2023"), ignoring URLs."""
    line = _NOT_DATES.sub(" ", line)
    found: list[tuple[int, date]] = []
    for pattern in _DATES:
        for match in pattern.finditer(line):
            groups = match.groupdict()
            month = int(groups["m"]) if groups.get("m") else _MONTHS_BY_ABBR[groups["mon"][:3].lower()]
            day = _make_date(int(groups["y"]), month, int(groups["d"]))
            if day:
                found.append((match.start(), day))
                break
    return min(found)[1] if found else None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day) if 1800 <= year <= 2100 else None
    except ValueError:
        return None


def _meta_date(value: str) -> date | None:
    """A date from a metadata field: ISO-like (2024-06-28T..., 2024/06/28, PDF's D:20240628...) or prose."""
    match = _STAMP.match(value)
    if match:
        return _make_date(*map(int, match.groups()))
    return _find_date(value)


# ---------------------------------------------------------------- decoding text

_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c") + b"\x7f"
_HIGH_BYTES = bytes(range(128, 256))
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _line_text(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def _decode(path: Path, raw: bytes, declared: str | None = None) -> str:
    """Bytes → str: BOM, UTF-8, a declared charset, cp1252 for mostly-ASCII bytes, then detection.

    A strict UTF-8 decode of non-ASCII bytes is strong evidence, stronger than a stale <meta charset>.
    Mostly-ASCII bytes that are not UTF-8 are nearly always Windows-1252 in an English corpus, and
    charset-normalizer often calls them cp1250 ("naïve" → "naďve"), so cp1252 is tried first there; when such
    bytes also hold UTF-8 sequences (two sources pasted together), each line is read in its own, with a warning.
    UTF-16/32 need a BOM: without one their NUL bytes make the file look binary.
    """
    for bom, bom_codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(bom_codec)
            except UnicodeDecodeError as exc:
                raise IngestError(path, f"cannot decode text (invalid {bom_codec})") from exc
    controls = len(raw) - len(raw.translate(None, _CONTROL_BYTES))
    if b"\x00" in raw or controls > 0.05 * len(raw):
        raise IngestError(path, "binary file (not text)")
    high = len(raw) - len(raw.translate(None, _HIGH_BYTES))
    mostly_ascii = high <= 0.2 * len(raw)
    for codec in ("utf-8-sig", declared):
        if codec is None:
            continue
        try:
            return raw.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    if mostly_ascii and _UTF8_SEQUENCE.search(raw):
        # Some lines UTF-8, some Windows-1252 (pasted together from two sources): each line read in its own,
        # rather than the UTF-8 ones turned to mojibake ("CafÃ©").
        log.warning("%s: mixed encodings (UTF-8 and Windows-1252); each line read in its own", path)
        return b"\n".join(_line_text(line).encode("utf-8") for line in raw.split(b"\n")).decode("utf-8")
    if mostly_ascii:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise IngestError(path, "cannot decode text (unknown or mixed encoding)")
    return str(best)


_KIND_LINE = re.compile(r"^\s*kind\s*:\s*(?P<value>[^\n]*?)\s*$", re.IGNORECASE)


def kind_line(text: str) -> tuple[str | None, str]:
    """The kind a file declares in a `kind:` line among its first three lines (a YAML front matter's too), and
    the text without that line. ValueError for a kind that is not one of DOCUMENT_KINDS."""
    lines = text.split("\n")
    seen = 0
    for number, line in enumerate(lines):
        if not line.strip() or line.strip() == "---":
            continue
        match = _KIND_LINE.match(line)
        if match:
            kind = parse_kind(match.group("value"))
            return kind, "\n".join(lines[:number] + lines[number + 1 :]).strip("\n")
        seen += 1
        if seen >= 3:
            break
    return None, text
