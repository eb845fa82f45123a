"""Read one file of a supported type into a `RawDocument`.

Any failure (unreadable, binary, empty, corrupt, encrypted, scanned) becomes an `IngestError` whose
message is one line naming the file, so a batch reports the file and carries on.

The text is `normalize_text` of what the format yields, and every later offset points into it; so the
title, SOURCE line and "Published ..." line are read from that same string, which is never edited.
Document date precedence: a date on the first-line ``SOURCE:`` note (the collector's own record) beats
a "Published/Date:" line in the first 15 non-blank lines, which beats format metadata (HTML meta, PDF
/CreationDate, DOCX created), because converters stamp the latter with the conversion day.

The format readers are in `text` (plain text, markdown, HTML) and `binary` (PDF, DOCX); what they
share (the error, decoding, date finding) is in `common`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from dyadscope.data import lang_words, region_words
from dyadscope.ingest.binary import _read_docx, _read_pdf
from dyadscope.ingest.common import IngestError, _find_date, _Parsed, kind_line
from dyadscope.ingest.normalize import normalize_text
from dyadscope.ingest.text import _read_html, _read_text
from dyadscope.models import RawDocument

__all__ = ["MEDIA_TYPES", "SUPPORTED_SUFFIXES", "IngestError", "iter_paths", "read_document"]

log = logging.getLogger(__name__)

# What one document may be. An audit measured memory while coding at about 90 times the text, so ten million
# characters (a few thousand pages) would peak near 1 GB; a larger text is refused with one line rather than
# starving the machine.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_TEXT_CHARS = 10_000_000

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
SUPPORTED_SUFFIXES = frozenset(MEDIA_TYPES)

# ---------------------------------------------------------------- finding files


def iter_paths(inputs: Sequence[Path], suffixes: Collection[str] | None = SUPPORTED_SUFFIXES) -> Iterator[Path]:
    """Yield the files to read in a stable order; raise IngestError for a missing input.

    Every input is checked before anything is yielded, so a typo fails fast. Folders are walked
    recursively in sorted order and yield only `suffixes` (None: any, as event files come with many),
    skipping hidden entries (".git", ".DS_Store") and Office lock files ("~$x.docx"); symlinked folders
    are not followed. A file named explicitly is always yielded, so an unsupported one is reported by
    its reader rather than silently dropped. Each file is yielded once even if inputs overlap.
    """
    paths = [Path(p) for p in inputs]
    for path in paths:
        if not path.exists():
            broken = path.is_symlink()
            raise IngestError(
                path, "symbolic link that loops or leads nowhere" if broken else "no such file or directory"
            )
    seen: set[Path] = set()
    for path in paths:
        for found in _walk(path, suffixes) if path.is_dir() else (path,):
            key = found.resolve()
            if key not in seen:
                seen.add(key)
                yield found


def _walk(root: Path, suffixes: Collection[str] | None) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root, onerror=lambda e: log.warning("skipped folder: %s", e)):
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for name in sorted(files):
            if not _hidden(name) and (suffixes is None or os.path.splitext(name)[1].lower() in suffixes):
                yield Path(folder, name)


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


# ---------------------------------------------------------------- entry point


def read_document(path: Path) -> RawDocument:
    """Read, normalise and describe one file; raise IngestError (and nothing else) if it is unusable."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        kind = f"'{suffix}'" if suffix else "(no extension)"
        raise IngestError(path, f"unsupported file type {kind}; supported: {', '.join(sorted(MEDIA_TYPES))}")
    try:
        info = path.stat()
    except OSError as exc:  # missing, a symbolic link that loops or leads nowhere, no permission
        raise IngestError(path, f"cannot read file ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block forever, /dev/zero never end
        raise IngestError(path, f"not a regular file ({_file_kind(info.st_mode)})")
    if info.st_size > MAX_FILE_BYTES:
        raise IngestError(path, f"file too large ({info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,})")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read file ({exc.strerror or exc})") from exc
    if not raw.strip():
        raise IngestError(path, "empty document")
    try:
        return _build(path, raw, MEDIA_TYPES[suffix], reader(path, raw))
    except IngestError:
        raise
    except Exception as exc:  # a library failing in an unforeseen way still means a bad file
        raise IngestError(path, f"unreadable {suffix[1:]} file ({type(exc).__name__}: {exc})") from exc


def _file_kind(mode: int) -> str:
    kinds = {stat.S_ISDIR: "a folder", stat.S_ISFIFO: "a named pipe", stat.S_ISCHR: "a character device",
             stat.S_ISBLK: "a block device", stat.S_ISSOCK: "a socket"}  # fmt: skip
    return next((name for test, name in kinds.items() if test(mode)), "a special file")


def _build(path: Path, raw: bytes, media_type: str, parsed: _Parsed) -> RawDocument:
    text = normalize_text(parsed.text)
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(
            path, f"text too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}): split the document"
        )
    try:
        kind, text = kind_line(text)
    except ValueError as error:
        raise IngestError(path, str(error)) from None
    if not text:
        raise IngestError(path, parsed.empty_reason)
    head = [line.strip() for line in text[:20_000].split("\n") if line.strip()][:15]
    source_match = _SOURCE_LINE.match(head[0])
    source = (source_match.group("rest") or None) if source_match else None
    doc_date, origin = parsed.doc_date, parsed.date_origin
    published = next(filter(None, map(_published_date, head[1 if source_match else 0 :])), None)
    if published:
        doc_date, origin = published, "published-line"
    source_date = _find_date(source) if source else None
    if source_date:
        doc_date, origin = source_date, "source-line"
    title = _clean_title(parsed.title) or _text_title(head, skip_first=bool(source_match)) or path.stem
    return RawDocument(
        path=str(path),
        text=text,
        content_hash=hashlib.sha256(raw).hexdigest(),
        media_type=media_type,
        title=title,
        source=source,
        doc_date=doc_date,
        doc_date_origin=origin if doc_date else None,
        news_like=_news_like(title, head, source, parsed.news_hint),
        kind=kind or "",
        kind_origin="kind-line" if kind else "",
    )


# ---------------------------------------------------------------- dates, titles, news in the text


def _cues(key: str) -> str:
    """A list of data/lang/en/documents.yaml as one pattern of whole words: news cues, a source's news words."""
    return _whole_words(lang_words(key, "documents"))


def _whole_words(alternatives: Iterable[str]) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


_SOURCE_LINE = re.compile(r"[#>*_\s]*source\s*:[*_\s]*(?P<rest>.*?)[*_\s]*$", re.I)
_PUBLISHED_LINE = re.compile(r"[#>*_\s]*(?:published|posted|issued|dated?)\b(?!\s*of\b)(?P<rest>.*)", re.I)
_PLACEHOLDER_TITLE = re.compile(
    r"untitled|title|document\s*\d*|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|rtf|odt|txt|html?)",
    re.I,
)
_NEWS = re.compile(_cues("news_cues"), re.I)
_NOT_NEWS = re.compile(_cues("not_news_cues"), re.I)
_WORDY = re.compile(r"[^\W\d_]{2}")
_HEADING_LINE = re.compile(r"#{1,6}\s")
_STUDY_LINE = re.compile(r"^(?:abstract|keywords?|key words|summary)\b", re.I | re.M)
_OUTLETS = re.compile(_whole_words((*lang_words("news_words", "documents"), *region_words("news_outlets"))), re.I)


def _published_date(line: str) -> date | None:
    match = _PUBLISHED_LINE.match(line)
    return _find_date(match.group("rest")) if match else None


def _clean_title(title: str | None) -> str | None:
    title = " ".join(normalize_text(title).split()) if title else ""
    if not title or _PLACEHOLDER_TITLE.fullmatch(title):
        return None
    return _trim(title)


def _text_title(head: list[str], skip_first: bool) -> str | None:
    lines = head[1:] if skip_first else head
    heading = next((line for line in lines if _HEADING_LINE.match(line)), None)
    plain = (line for line in lines if _WORDY.search(line) and not _PUBLISHED_LINE.match(line))
    first = next(plain, "")
    if len(first) > 120 or first.rstrip().endswith((".", "?", "!", ",", ";")):
        first = ""  # a paragraph, not a title: the file name says more than its first 120 characters
    candidate = (heading or first).strip("#*_ ")
    return _trim(candidate) if candidate else None


def _trim(title: str, limit: int = 200) -> str:
    if len(title) <= limit:
        return title
    cut = title[:limit]
    return cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut


def _news_like(title: str, head: list[str], source: str | None, hint: bool) -> bool:
    """A dated statement/briefing/article, whose "today" and "yesterday" mean days near its date."""
    plain_title = title.replace("_", " ")
    positive, negative = _NEWS.search(plain_title), _NOT_NEWS.search(plain_title)
    if positive or negative:
        return positive is not None and (negative is None or positive.start() < negative.start())
    lead = "\n".join(head[:5])
    if _STUDY_LINE.search(lead):
        return False
    return bool(_NEWS.search(lead) or (source and _OUTLETS.search(source)) or hint)


_READERS: dict[str, Callable[[Path, bytes], _Parsed]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".markdown": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}
