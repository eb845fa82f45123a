"""read_document / iter_paths: every format, the text heuristics, and every kind of bad input."""

from __future__ import annotations

import hashlib
import io
import pickle
import random
import tempfile
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from dyadscope.ingest import SUPPORTED_SUFFIXES, IngestError, iter_paths, read_document

# ---------------------------------------------------------------- builders


def pdf_bytes(*pages: str, title: str | None = None, created: datetime | None = None) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    if title:
        pdf.set_title(title)
    if created:
        pdf.set_creation_date(created)
    for text in pages or ("",):
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text)
        else:
            pdf.rect(20, 20, 50, 50)  # a page with drawing but no text, like a scan
    return bytes(pdf.output())


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(*paragraphs: str, heading: str | None = None, title: str = "", created: datetime | None = None,
               table: list[list[str]] | None = None) -> bytes:  # fmt: skip
    document = docx.Document()
    document.core_properties.title = title
    if created:
        document.core_properties.created = created
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# ---------------------------------------------------------------- plain text and markdown


def test_text_file(tmp_path: Path) -> None:
    data = b"Pakistan and the United States\n\nThe two countries signed a pact in 1954.\n"
    doc = read_document(write(tmp_path, "pact.txt", data))
    assert doc.text == "Pakistan and the United States\n\nThe two countries signed a pact in 1954."
    assert doc.title == "Pakistan and the United States"
    assert doc.content_hash == hashlib.sha256(data).hexdigest()
    assert doc.media_type == "text/plain"
    assert doc.path == str(tmp_path / "pact.txt")
    assert (doc.source, doc.doc_date, doc.doc_date_origin, doc.news_like) == (None, None, None, False)


@pytest.mark.parametrize("suffix", [".md", ".markdown"])
def test_markdown_title_is_first_heading(tmp_path: Path, suffix: str) -> None:
    text = "SOURCE: CRS report RL33498\n\nIntro line\n\n## Pakistan-U.S. Relations\n\nBody.\n"
    doc = read_document(write(tmp_path, f"crs{suffix}", text))
    assert doc.media_type == "text/markdown"
    assert doc.title == "Pakistan-U.S. Relations"
    assert doc.source == "CRS report RL33498"


def test_title_falls_back_to_first_line_then_stem(tmp_path: Path) -> None:
    assert read_document(write(tmp_path, "a.txt", "SOURCE: x\nFirst real line\n")).title == "First real line"
    assert read_document(write(tmp_path, "h.txt", "Tweet text\n#Pakistan trends\n")).title == "Tweet text"
    assert read_document(write(tmp_path, "only-source.txt", "SOURCE: x\n")).title == "only-source"
    long_line = "word " * 100
    assert len(read_document(write(tmp_path, "b.txt", long_line)).title) <= 200


@pytest.mark.parametrize(
    ("encoding", "text", "expected"),
    [
        ("cp1252", "Pakistan’s army said “no” — twice.", 'Pakistan\'s army said "no" - twice.'),
        ("latin-1", "Les États-Unis et le Pakistan: société naïve.", "Les États-Unis et le Pakistan: société naïve."),
        ("utf-8-sig", "Pakistan’s army", "Pakistan's army"),
        ("utf-16", "Pakistan’s army", "Pakistan's army"),
    ],
)
def test_legacy_and_bom_encodings_decode(tmp_path: Path, encoding: str, text: str, expected: str) -> None:
    assert read_document(write(tmp_path, "legacy.txt", text.encode(encoding))).text == expected


def test_text_is_normalised_and_offsets_refer_to_it(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "n.txt", "SOURCE: x\r\nthe Biden administration.During 2022,the coun-\ntry"))
    assert doc.text == "SOURCE: x\nthe Biden administration. During 2022, the country"


# ---------------------------------------------------------------- SOURCE line, Published line, dates


@pytest.mark.parametrize(
    ("line", "source", "expected"),
    [
        ("SOURCE: Dawn, 20 April 2023", "Dawn, 20 April 2023", date(2023, 4, 20)),
        ("Source: The White House, April 20, 2023", "The White House, April 20, 2023", date(2023, 4, 20)),
        ("source : state.gov press release 2023-04-20", "state.gov press release 2023-04-20", date(2023, 4, 20)),
        ("SOURCE: https://example.com/2023/04/20/talks", "https://example.com/2023/04/20/talks", None),
        ("SOURCE: github.com/org/repo commit 2023042a9f1c", "github.com/org/repo commit 2023042a9f1c", None),
        ("SOURCE: https://news.example.com/2023-04-20-talks", "https://news.example.com/2023-04-20-talks", None),
        ("SOURCE: Dawn archive, accessed 20 April 2023", "Dawn archive, accessed 20 April 2023", None),
        ("SOURCE: Dawn, 31 February 2023", "Dawn, 31 February 2023", None),
    ],
)
def test_source_line(tmp_path: Path, line: str, source: str, expected: date | None) -> None:
    text = f"{line}\n\nIslamabad and Washington held talks.\n"
    doc = read_document(write(tmp_path, "s.txt", text))
    assert doc.text.startswith(line.strip())  # recorded, not removed
    assert doc.source == source
    assert doc.doc_date == expected
    assert doc.doc_date_origin == ("source-line" if expected else None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published June 28, 2024", date(2024, 6, 28)),
        ("Published: 2024-06-28", date(2024, 6, 28)),
        ("Date: 28 June 2024", date(2024, 6, 28)),
        ("**Posted on** Jun. 28th, 2024 by the desk", date(2024, 6, 28)),
        ("Date of birth: 1 May 1950", None),
        ("Published by Oxford University Press", None),
    ],
)
def test_published_line(tmp_path: Path, line: str, expected: date | None) -> None:
    doc = read_document(write(tmp_path, "p.md", f"# Talks\n\n{line}\n\nBody text.\n"))
    assert (doc.doc_date, doc.doc_date_origin) == (expected, "published-line" if expected else None)


def test_published_line_only_counts_near_the_top(tmp_path: Path) -> None:
    text = "\n".join(f"Line {i}." for i in range(20)) + "\nPublished June 28, 2024\n"
    assert read_document(write(tmp_path, "late.txt", text)).doc_date is None


def test_date_precedence_source_then_published_then_metadata(tmp_path: Path) -> None:
    created = datetime(2020, 1, 2, tzinfo=UTC)
    meta_only = read_document(write(tmp_path, "m.docx", docx_bytes("Body.", created=created)))
    assert (meta_only.doc_date, meta_only.doc_date_origin) == (date(2020, 1, 2), "docx-meta")
    published = read_document(write(tmp_path, "p.docx", docx_bytes("Published June 28, 2024", "Body.",
                                                                   created=created)))  # fmt: skip
    assert (published.doc_date, published.doc_date_origin) == (date(2024, 6, 28), "published-line")
    both = docx_bytes("SOURCE: Dawn, 20 April 2023", "Published June 28, 2024", "Body.", created=created)
    sourced = read_document(write(tmp_path, "s.docx", both))
    assert (sourced.doc_date, sourced.doc_date_origin) == (date(2023, 4, 20), "source-line")
    pdf = pdf_bytes("Published: 2024-06-28\nBody.", created=created)
    assert read_document(write(tmp_path, "p.pdf", pdf)).doc_date_origin == "published-line"


# ---------------------------------------------------------------- news_like


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Readout of President Biden's Call with Prime Minister Sharif\n\nThe President spoke today.", True),
        ("PRESS RELEASE\n\nThe Ministry of Foreign Affairs said yesterday...", True),
        ("Statement by the Spokesperson\n\nWe welcome...", True),
        ("Remarks by Secretary Blinken at a Press Availability\n\nGood morning.", True),
        ("Press Briefing by the Foreign Office Spokesperson\n\nQ: ...", True),
        ("Joint Statement on the U.S.-Pakistan Strategic Dialogue\n\nThe delegations met.", True),
        ("SOURCE: Reuters, 20 April 2023\n\nPakistan and US hold talks\n\nOfficials met on Monday.", True),
        # outlets of other regions (data/regions/news_outlets.yaml)
        ("Source: Kyodo, 3 March 2021\n\nJapan and Chile sign a pact\n\nOfficials met on Monday.", True),
        ("Source: Yonhap, 9 May 2019\n\nSeoul and Tokyo talks\n\nThe ministers met on Friday.", True),
        ("Source: Le Monde, 4 May 2019\n\nParis and Algiers\n\nThe envoy returned on Monday.", True),
        ("Source: The Hindu, 2 June 2020\n\nIndia and China\n\nTroops clashed on Monday.", True),
        ("Source: Folha de S.Paulo, 8 July 2018\n\nBrazil and Argentina\n\nThe leaders spoke on Monday.", True),
        ("Source: Nation Media Group, 8 July 2018\n\nKenya and Uganda\n\nThe leaders spoke on Monday.", True),
        ("US-Pakistan relations under Biden\n\nAbstract\n\nThis study examines...", False),
        ("A Study of Pakistan-US Relations, 1947-2021\n\nChapter one.", False),
        ("Notes on the Joint Statement of 1959\n\nThe statement...", False),
        ("The Anti-Terrorism Act, 1997\n\nSection 1. Short title.", False),
        ("Pakistan and the United States\n\nThe two countries signed a pact.", False),
    ],
)
def test_news_like(tmp_path: Path, text: str, expected: bool) -> None:
    assert read_document(write(tmp_path, "n.txt", text)).news_like is expected


# ---------------------------------------------------------------- HTML

HTML = """<!doctype html><html><head><meta charset="utf-8">
<title>Readout of the Secretary’s Call | Department of State</title>
<meta property="article:published_time" content="2024-06-28T10:00:00-04:00">
<meta property="og:type" content="article"><script>var tracking = 1;</script><style>p {color: red}</style>
</head><body>
<header><nav><a href="/">Home</a> <a href="/press">Press</a></nav><div>Site banner</div></header>
<main><article><header><h1>Readout of the   Secretary’s
 Call with Foreign Minister Dar</h1><p>Office of the Spokesperson</p></header>
<p>Secretary Blinken spoke <b>today</b> with Foreign Minister Dar.<br>They discussed counter-terrorism.</p>
<h2>Background</h2><ul><li>First item</li><li>Second <i>item</i></li></ul>
<table><tr><th>Year</th><th>Aid</th></tr><tr><td>2023</td><td>$7 billion</td></tr></table>
<!-- an editorial comment --><p>Last&nbsp;paragraph.</p></article></main>
<footer>Copyright 2024 Department of State</footer></body></html>"""


def test_html_structure_title_date(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "readout.html", HTML))
    assert doc.text == (
        "# Readout of the Secretary's Call with Foreign Minister Dar\n\n"
        "Office of the Spokesperson\n\n"
        "Secretary Blinken spoke today with Foreign Minister Dar.\nThey discussed counter-terrorism.\n\n"
        "## Background\n\nFirst item\nSecond item\n\nYear | Aid\n2023 | $7 billion\n\nLast paragraph."
    )
    assert doc.title == "Readout of the Secretary's Call | Department of State"
    assert (doc.doc_date, doc.doc_date_origin) == (date(2024, 6, 28), "html-meta")
    assert doc.media_type == "text/html"
    assert doc.news_like


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="date" content="2019-05-01">',
        '<meta name="DC.date" content="2019/05/01">',
        '<meta name="pubdate" content="20190501">',
        '<meta property="og:published_time" content="1 May 2019">',
        "",  # falls back to <time datetime>
    ],
)
def test_html_meta_dates(tmp_path: Path, meta: str) -> None:
    html = f"<html><head>{meta}</head><body><h1>Talks</h1><p><time datetime='2019-05-01'>May 1</time></p>"
    doc = read_document(write(tmp_path, "d.htm", html))
    assert (doc.doc_date, doc.doc_date_origin, doc.title) == (date(2019, 5, 1), "html-meta", "Talks")


def test_html_declared_latin1_is_read_as_cp1252(tmp_path: Path) -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Pakistan’s café</p></body></html>'
    assert read_document(write(tmp_path, "l.html", html.encode("cp1252"))).text == "Pakistan's café"


# ---------------------------------------------------------------- PDF


def test_pdf_text_title_and_date(tmp_path: Path) -> None:
    data = pdf_bytes("Joint Statement\nThe sides agreed on coun-\nterterrorism cooperation.", "Page two.",
                     title="Pakistan-US Joint Statement", created=datetime(2021, 3, 4, tzinfo=UTC))  # fmt: skip
    doc = read_document(write(tmp_path, "js.pdf", data))
    assert doc.text == "Joint Statement\nThe sides agreed on counterterrorism cooperation.\n\nPage two."
    assert doc.title == "Pakistan-US Joint Statement"
    assert (doc.doc_date, doc.doc_date_origin) == (date(2021, 3, 4), "pdf-meta")
    assert doc.media_type == "application/pdf"
    assert doc.news_like


def test_pdf_with_empty_user_password_is_read(tmp_path: Path) -> None:
    data = encrypted(pdf_bytes("Owner-restricted but readable."), user_password="")
    assert read_document(write(tmp_path, "restricted.pdf", data)).text == "Owner-restricted but readable."


def test_pdf_without_title_uses_first_line(tmp_path: Path) -> None:
    assert read_document(write(tmp_path, "t.pdf", pdf_bytes("First line\nSecond"))).title == "First line"


# ---------------------------------------------------------------- DOCX


def test_docx_headings_tables_title_date(tmp_path: Path) -> None:
    data = docx_bytes("Pakistan and the United States signed an agreement.", heading="Introduction",
                      title="Pakistan–US Relations", created=datetime(2020, 5, 6, tzinfo=UTC),
                      table=[["Year", "Event"], ["1954", "Mutual Defense Agreement"]])  # fmt: skip
    doc = read_document(write(tmp_path, "r.docx", data))
    assert doc.text == (
        "# Introduction\n\nPakistan and the United States signed an agreement.\n\n"
        "Year | Event\n1954 | Mutual Defense Agreement"
    )
    assert doc.title == "Pakistan-US Relations"
    assert (doc.doc_date, doc.doc_date_origin) == (date(2020, 5, 6), "docx-meta")
    assert doc.media_type.endswith("wordprocessingml.document")


def test_docx_without_title_uses_heading(tmp_path: Path) -> None:
    assert read_document(write(tmp_path, "h.docx", docx_bytes("Body.", heading="Talks"))).title == "Talks"


# ---------------------------------------------------------------- bad input


def _random(size: int, low: int = 0, high: int = 256, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, high) for _ in range(size))


def _zip_without_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")
    return out.getvalue()


def _docx_retyped_as_template() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes("Text.")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            archive.writestr(name, data)
    return out.getvalue()


_GOOD_PDF = pdf_bytes("Some text that will be cut off.", title="T")
_GOOD_DOCX = docx_bytes("Some text.", heading="H")
BAD_INPUTS = [
    ("binary.txt", bytes(range(256)) * 8, "binary file"),
    ("control-chars.md", b"text" + b"\x01\x02\x03\x04" * 50, "binary file"),
    ("empty.txt", b"", "empty document"),
    ("blank.md", b"  \n\t\n   \n", "empty document"),
    ("invisible.txt", "\u200b\u00ad\ufeff".encode(), "empty document"),
    ("undecodable.txt", _random(400, 0x80, 0x100), "cannot decode text"),
    ("bad-utf16.txt", b"\xff\xfe" + b"a\x00b", "cannot decode text"),
    ("binary.html", bytes(range(256)) * 8, "binary file"),
    ("scripts-only.html", b"<html><body><script>var a;</script><nav>Home</nav></body></html>", "empty document"),
    ("random.pdf", _random(3000), "not a valid PDF"),
    ("garbage.pdf", b"%PDF-1.4\n" + _random(3000), "corrupt PDF"),
    ("truncated.pdf", _GOOD_PDF[: len(_GOOD_PDF) // 2], "corrupt PDF"),
    ("encrypted.pdf", encrypted(_GOOD_PDF, user_password="secret"), "encrypted PDF"),
    ("scanned.pdf", pdf_bytes(""), "no text layer (scanned PDF?)"),
    ("not-a-zip.docx", b"This is plain text pretending to be Word.", "not a valid DOCX"),
    ("other-zip.docx", _zip_without_docx(), "not a valid DOCX"),
    ("truncated.docx", _GOOD_DOCX[: len(_GOOD_DOCX) // 2], "corrupt DOCX"),
    ("template.docx", _docx_retyped_as_template(), "not a Word document (content type"),
    ("empty.docx", docx_bytes(), "empty document"),
    ("table.csv", b"a,b\n1,2\n", "unsupported file type '.csv'"),
    ("README", b"no extension", "unsupported file type (no extension)"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_INPUTS, ids=[n for n, _, _ in BAD_INPUTS])
def test_bad_input_raises_one_line_ingest_error(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(IngestError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path) + ": ")
    assert reason in message
    assert caught.value.path == str(path) and reason in caught.value.reason


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"missing\.txt: cannot read file"):
        read_document(tmp_path / "missing.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(IngestError, match=r"folder\.txt: not a regular file \(a folder\)"):
        read_document(tmp_path / "folder.txt")


def test_ingest_error_survives_pickling_and_stays_one_line() -> None:
    error = pickle.loads(pickle.dumps(IngestError("odd\nname.pdf", "corrupt PDF:\n  bad xref")))
    assert isinstance(error, IngestError)
    assert str(error) == "odd name.pdf: corrupt PDF: bad xref"


_SEEDS = [b"", b"hello", _GOOD_PDF, _GOOD_DOCX, HTML.encode(), b"SOURCE: x\n\nPublished June 28, 2024"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(SUPPORTED_SUFFIXES)),
    st.sampled_from(_SEEDS),
    st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=8)), max_size=4),
    st.booleans(),
)
def test_read_document_raises_nothing_but_ingest_error(
    suffix: str, seed: bytes, edits: list[tuple[int, bytes]], truncate: bool
) -> None:
    data = bytearray(seed)
    for offset, chunk in edits:
        position = offset % (len(data) + 1)
        data[position : position + len(chunk)] = chunk
    if truncate:
        data = data[: len(data) // 2]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "fuzz" + suffix)
        path.write_bytes(bytes(data))
        try:
            doc = read_document(path)
        except IngestError as error:
            assert "\n" not in str(error) and "fuzz" in str(error)
        else:
            assert doc.text and doc.text == doc.text.strip()


# ---------------------------------------------------------------- iter_paths


def test_iter_paths_walks_folders_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "sub/c.pdf", "sub/deeper/d.docx", ".hidden.txt", ".git/config.txt",
                 "sub/~$lock.docx", "image.png", "sub/notes.HTML"]:  # fmt: skip
        write(tmp_path, name, "x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])]
    assert found == ["a.md", "b.txt", "sub/c.pdf", "sub/notes.HTML", "sub/deeper/d.docx"]


def test_iter_paths_yields_named_files_as_given_once(tmp_path: Path) -> None:
    named = write(tmp_path, "table.csv", "a,b")
    text = write(tmp_path, "x.txt", "x")
    assert list(iter_paths([named, text, tmp_path])) == [named, text]


def test_iter_paths_checks_every_input_before_yielding(tmp_path: Path) -> None:
    paths = iter_paths([write(tmp_path, "x.txt", "x"), tmp_path / "nope"])
    with pytest.raises(IngestError, match="nope: no such file or directory"):
        next(paths)
