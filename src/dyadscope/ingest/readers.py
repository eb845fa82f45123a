"""Read one file of a supported type into a `RawDocument`.

Any failure (unreadable, binary, empty, corrupt, encrypted, scanned) becomes an `IngestError` whose
message is one line naming the file, so a batch reports the file and carries on.

The text is `normalize_text` of what the format yields, and every later offset points into it; so the
title, SOURCE line and "Published ..." line are read from that same string, which is never edited.
Document date precedence: a date on the first-line ``SOURCE:`` note (the collector's own record) beats
a "Published/Date:" line in the first 15 non-blank lines, which beats format metadata (HTML meta, PDF
/CreationDate, DOCX created), because converters stamp the latter with the conversion day.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import os
import re
import zipfile
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import charset_normalizer
import docx
from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from docx.text.paragraph import Paragraph
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from dyadscope.ingest.normalize import normalize_text
from dyadscope.models import RawDocument

__all__ = ["MEDIA_TYPES", "MONTHS", "SUPPORTED_SUFFIXES", "IngestError", "iter_paths", "read_document"]

log = logging.getLogger(__name__)

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


class IngestError(Exception):
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
            raise IngestError(path, "no such file or directory")
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


def _build(path: Path, raw: bytes, media_type: str, parsed: _Parsed) -> RawDocument:
    text = normalize_text(parsed.text)
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
    )


# ---------------------------------------------------------------- dates, titles, news in the text

# Month names, lower case, in calendar order (review/checks.py uses them too).
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")  # fmt: skip
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
_SOURCE_LINE = re.compile(r"[#>*_\s]*source\s*:[*_\s]*(?P<rest>.*?)[*_\s]*$", re.I)
_PUBLISHED_LINE = re.compile(r"[#>*_\s]*(?:published|posted|issued|dated?)\b(?!\s*of\b)(?P<rest>.*)", re.I)
_STAMP = re.compile(r"\s*(?:D:)?(\d{4})[-/]?(\d{2})[-/]?(\d{2})")
_PLACEHOLDER_TITLE = re.compile(
    r"untitled|title|document\s*\d*|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|rtf|odt|txt|html?)",
    re.I,
)
_NEWS = re.compile(
    r"\b(?:readout|press release|news release|media release|press statement|joint statement"
    r"|statement (?:by|from|of|on|issued)|remarks (?:by|of|at|to|with|before)"
    r"|(?:press|media|background|daily) briefing|briefing (?:by|with)|(?:press|news) conference"
    r"|transcript|spokes(?:person|man|woman)"
    r"|interview with)\b",
    re.I,
)
_NOT_NEWS = re.compile(
    r"\b(?:abstract|thesis|dissertation|journal|working paper|research paper|study|studies|notes?|act|law"
    r"|ordinance|bill|constitution|treaty|report|review|chapter|introduction)\b",
    re.I,
)
_WORDY = re.compile(r"[^\W\d_]{2}")
_HEADING_LINE = re.compile(r"#{1,6}\s")
_STUDY_LINE = re.compile(r"^(?:abstract|keywords?|key words|summary)\b", re.I | re.M)
_OUTLETS = re.compile(
    r"\b(?:news|newswire|reuters|associated press|agence france|afp|bbc|cnn|al jazeera|dawn|tribune"
    r"|times|post|herald|gazette|daily|xinhua|press releases?|press office|briefing room"
    r"|statements? and releases)\b",
    re.I,
)


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


# ---------------------------------------------------------------- plain text and markdown

_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c") + b"\x7f"
_HIGH_BYTES = bytes(range(128, 256))
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(path: Path, raw: bytes, declared: str | None = None) -> str:
    """Bytes → str: BOM, UTF-8, a declared charset, cp1252 for mostly-ASCII bytes, then detection.

    A strict UTF-8 decode of non-ASCII bytes is strong evidence, stronger than a stale <meta charset>.
    Mostly-ASCII bytes that are not UTF-8 are nearly always Windows-1252 in an English corpus, and
    charset-normalizer often calls them cp1250 ("naïve" → "naďve"), so cp1252 is tried first there.
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
    for codec in ("utf-8-sig", declared, "cp1252" if mostly_ascii else None):
        if codec is None:
            continue
        try:
            return raw.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise IngestError(path, "cannot decode text (unknown or mixed encoding)")
    return str(best)


def _read_text(path: Path, raw: bytes) -> _Parsed:
    return _Parsed(_decode(path, raw))


# ---------------------------------------------------------------- HTML

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "nav", "svg", "iframe", "form", "button",
                        "select", "head"})  # fmt: skip
_PARAGRAPH_TAGS = frozenset({"p", "blockquote", "table", "ul", "ol", "dl", "section", "article", "main",
                             "figure", "address", "hr", "aside"})  # fmt: skip
_LINE_TAGS = frozenset({"div", "li", "dt", "dd", "figcaption", "caption", "summary", "details", "header",
                        "footer", "legend", "tbody"})  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_META_DATES = (
    "article:published_time", "og:published_time", "date", "dc.date", "dc.date.issued", "dcterms.date",
    "dcterms.issued", "pubdate", "publishdate", "publication_date", "citation_publication_date",
)  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_WHITESPACE = re.compile(r"\s+")


def _read_html(path: Path, raw: bytes) -> _Parsed:
    declared = _META_CHARSET.search(raw[:4096])
    charset = declared.group(1).decode("ascii", "replace").lower() if declared else None
    if charset in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        charset = "cp1252"  # what browsers do, and what such pages really are
    soup = BeautifulSoup(_decode(path, raw, charset), "lxml")
    title = _tag_text(soup.title) or _tag_text(soup.find("h1"))
    published = _html_date(soup)
    is_article = _meta_content(soup, "og:type") == "article" and published is not None
    origin = "html-meta" if published else None
    return _Parsed(_html_text(soup.body or soup), title, published, origin, is_article)


def _html_text(root: Tag) -> str:
    """Visible text; blocks owe line breaks (2 = paragraph, 1 = line), paid only before the next text."""
    out: list[str] = []
    breaks = 0
    stack: list[object] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, int):
            breaks = max(breaks, item)
            continue
        if isinstance(item, Tag):
            if item.name not in _SKIP_TAGS and not _page_chrome(item):
                stack.extend(_html_parts(item))
            continue
        if type(item) is NavigableString:  # comments, doctype, CDATA are other subclasses: skipped
            text = _WHITESPACE.sub(" ", item)
        elif type(item) is str:  # a line we built (heading, table row, <pre>)
            text = item
        else:
            continue
        if not text.strip():
            if not breaks:
                out.append(text)
            continue
        if breaks and out:
            out.append("\n" * breaks)
        breaks = 0
        out.append(text)
    return "".join(out)


def _html_parts(tag: Tag) -> list[object]:
    """What a tag adds to the stack (so in reverse): break markers around built lines or its children."""
    name = tag.name
    if name in _HEADINGS:
        text = _tag_text(tag)
        return [2, f"{'#' * _HEADINGS[name]} {text}", 2] if text else [2]
    if name == "br":
        return [1]
    if name == "pre":
        return [2, tag.get_text(), 2]
    if name == "tr":
        cells = (_tag_text(cell) for cell in tag.find_all(["td", "th"], recursive=False))
        return [1, " | ".join(c for c in cells if c), 1]
    breaks = 2 if name in _PARAGRAPH_TAGS else 1 if name in _LINE_TAGS else 0
    return [breaks, *reversed(tag.contents), breaks]


def _page_chrome(tag: Tag) -> bool:
    """A site-wide header/footer; one inside <article>/<main> holds the headline or byline and stays."""
    return tag.name in ("header", "footer") and tag.find_parent(["article", "main"]) is None


def _tag_text(tag: object) -> str | None:
    if not isinstance(tag, Tag):
        return None
    return " ".join(tag.get_text(" ").split()) or None


def _meta_content(soup: BeautifulSoup, key: str) -> str | None:
    for meta in soup.find_all("meta"):
        names = (meta.get("property"), meta.get("name"), meta.get("itemprop"))
        content = meta.get("content")
        if isinstance(content, str) and any(isinstance(n, str) and n.lower() == key for n in names):
            return content.strip().lower() if key == "og:type" else content
    return None


def _html_date(soup: BeautifulSoup) -> date | None:
    for key in _META_DATES:
        content = _meta_content(soup, key)
        day = _meta_date(content) if content else None
        if day:
            return day
    for tag in soup.find_all("time"):
        stamp = tag.get("datetime") if isinstance(tag, Tag) else None
        day = _meta_date(stamp) if isinstance(stamp, str) else None
        if day:
            return day
    return None


def _meta_date(value: str) -> date | None:
    """A date from a metadata field: ISO-like (2024-06-28T..., 2024/06/28, PDF's D:20240628...) or prose."""
    match = _STAMP.match(value)
    if match:
        return _make_date(*map(int, match.groups()))
    return _find_date(value)


# ---------------------------------------------------------------- PDF


def _read_pdf(path: Path, raw: bytes) -> _Parsed:
    if b"%PDF-" not in raw[:1024]:
        raise IngestError(path, "not a valid PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise IngestError(path, "encrypted PDF (password required)")
        pages = list(reader.pages)
    except IngestError:
        raise
    except DependencyError as exc:
        raise IngestError(path, "encrypted PDF (decrypting it needs the 'cryptography' package)") from exc
    except Exception as exc:
        raise IngestError(path, f"corrupt PDF: {exc or type(exc).__name__}") from exc
    texts: list[str] = []
    errors: list[str] = []
    for number, page in enumerate(pages, 1):
        try:
            texts.append(page.extract_text())
        except Exception as exc:
            errors.append(f"page {number}: {exc or type(exc).__name__}")
    if errors and not any(t.strip() for t in texts):
        raise IngestError(path, f"corrupt PDF: {errors[0]}")
    for error in errors:
        log.warning("%s: skipped unreadable %s", path, error)
    title, created = _pdf_metadata(reader)
    return _Parsed(
        "\n\n".join(texts),
        title,
        created,
        "pdf-meta" if created else None,
        empty_reason="no text layer (scanned PDF?)",
    )


def _pdf_metadata(reader: PdfReader) -> tuple[str | None, date | None]:
    try:
        meta = reader.metadata
        if meta is None:
            return None, None
        stamp = meta.get("/CreationDate") or meta.get("/ModDate")
        return meta.title, _meta_date(str(stamp)) if stamp else None
    except Exception:  # broken metadata should not cost us the text
        return None, None


# ---------------------------------------------------------------- DOCX


_CONTENT_TYPE = re.compile(r"content type is '([^']+)'")


def _read_docx(path: Path, raw: bytes) -> _Parsed:
    if not raw.startswith(b"PK"):
        raise IngestError(path, "not a valid DOCX (not a zip archive)")
    try:
        document = docx.Document(io.BytesIO(raw))
        blocks = [_docx_block(block) for block in document.iter_inner_content()]
    except zipfile.BadZipFile as exc:
        raise IngestError(path, f"corrupt DOCX (broken zip archive: {exc})") from exc
    except SyntaxError as exc:  # lxml's XMLSyntaxError
        raise IngestError(path, f"corrupt DOCX (broken XML: {exc})") from exc
    except KeyError as exc:
        missing = exc.args[0] if exc.args else exc
        raise IngestError(path, f"not a valid DOCX (missing part: {missing})") from exc
    except Exception as exc:
        wrong_type = _CONTENT_TYPE.search(str(exc))
        if wrong_type:  # e.g. a Word template or macro file renamed to .docx
            raise IngestError(path, f"not a Word document (content type {wrong_type.group(1)})") from exc
        raise IngestError(path, f"corrupt DOCX: {exc or type(exc).__name__}") from exc
    try:
        props = document.core_properties
        title, created = props.title, props.created
    except Exception:  # broken docProps/core.xml should not cost us the text
        title, created = None, None
    day = created.date() if created else None
    return _Parsed("\n\n".join(b for b in blocks if b), title, day, "docx-meta" if day else None)


def _docx_block(block: object) -> str:
    """A paragraph (Heading n → n `#`s) or a table (one line per row, cells joined by " | ")."""
    if isinstance(block, Paragraph):
        text = block.text.strip()
        style = block.style.name if block.style is not None else ""
        level = re.fullmatch(r"heading ([1-9])", (style or "").lower())
        if text and (level or style == "Title"):
            return "#" * min(int(level.group(1)) if level else 1, 6) + " " + " ".join(text.split())
        return text
    rows: list[str] = []
    for row in getattr(block, "rows", ()):
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # a merged cell repeats in every grid column
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows)


_READERS: dict[str, Callable[[Path, bytes], _Parsed]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".markdown": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}
