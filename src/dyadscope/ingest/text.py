"""Readers of the text formats: plain text and markdown (decoded as they are) and HTML (visible text).

An HTML page's title is its <title> (else its first <h1>); its date, the first publication date in its
meta tags or <time> elements; headings become markdown `#` lines and table rows " | "-joined lines, so
the text keeps the page's structure; scripts, navigation and site-wide headers and footers are left out.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from dyadscope.ingest.common import _decode, _meta_date, _Parsed

# ---------------------------------------------------------------- plain text and markdown


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
