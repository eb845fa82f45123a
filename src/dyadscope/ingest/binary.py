"""Readers of the binary formats: PDF (its text layer) and DOCX (paragraphs and tables).

Each checks the file's signature first, so a renamed file is named for what it is; encrypted, corrupt
and scanned (no text layer) files become an `IngestError` with the reason. Word headings become markdown
`#` lines, table rows " | "-joined lines; a PDF's pages are paragraphs, a page that cannot be read is
skipped with a warning. Title and date come from the file's metadata.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dyadscope.ingest.common import IngestError, _meta_date, _Parsed

if TYPE_CHECKING:
    from pypdf import PdfReader

# pypdf and python-docx are imported where a PDF or a DOCX is read: commands that read none start faster.

log = logging.getLogger("dyadscope.ingest.readers")  # the logger these warnings had before the readers were split

# ---------------------------------------------------------------- PDF


def _read_pdf(path: Path, raw: bytes) -> _Parsed:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

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


# A DOCX is a zip archive: what it inflates to is checked before it is opened (a 3.7 MB "zip bomb" inflates to 1 GB).
MAX_INFLATED_BYTES = 500 * 1024 * 1024
MAX_RATIO = 200  # Word's own files compress text and XML well under 20:1


def _check_inflated(path: Path, raw: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise IngestError(path, f"corrupt DOCX (broken zip archive: {exc})") from exc
    if inflated > MAX_INFLATED_BYTES or (inflated > 10 * 1024 * 1024 and inflated > MAX_RATIO * len(raw)):
        raise IngestError(
            path, f"refused: the DOCX inflates to {inflated:,} bytes from {len(raw):,} (a zip bomb, or too large)"
        )


def _read_docx(path: Path, raw: bytes) -> _Parsed:
    import docx

    if not raw.startswith(b"PK"):
        raise IngestError(path, "not a valid DOCX (not a zip archive)")
    _check_inflated(path, raw)
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
    from docx.text.paragraph import Paragraph

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
