"""One HTML rendering path (issue 17, part 5): the report, the note, the review and the web app's pages are all
Jinja2 templates under dyadscope/templates/, rendered by one autoescaping environment; no page is put together
from strings in the code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from dyadscope.ask.answer import Citation, Point
from dyadscope.ask.note import Note, NoteSection
from dyadscope.review.findings import Finding, Location, Review
from dyadscope.review.render import to_html as review_html
from dyadscope.templating import TEMPLATES, environment

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dyadscope"
MARKUP = re.compile(r"<!doctype|<html|</(?:p|li|td|tr|section|div|ul|ol|table|h[1-6])>", re.IGNORECASE)


def test_no_page_is_written_in_python() -> None:
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and MARKUP.search(node.value):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []


def test_the_web_app_renders_with_the_same_environment() -> None:
    from dyadscope.web.pages import templates

    assert templates.env is environment()
    assert {p.parent.name for p in TEMPLATES.rglob("*.html")} == {"page", "web"}


HOSTILE = '<script>alert("x")</script> & Chile’s <b>note</b>'


def test_documents_text_is_escaped_in_every_page() -> None:
    citation = Citation("news/chile.md", "Chile and Japan " + HOSTILE, 3, "Japan lifted sanctions on Chile. " + HOSTILE)
    note = Note(
        "Discuss Chile–Japan relations " + HOSTILE,
        "CHL-JPN",
        [
            NoteSection(
                "Arguments " + HOSTILE, "argument", [Point("In 1990 Japan lifted sanctions. " + HOSTILE, [citation])]
            )
        ],
    )
    finding = Finding("evidence", Location("Intro " + HOSTILE, 1, 0, 10), "Cite it " + HOSTILE, [HOSTILE], [citation])
    review = Review("Chile–Japan " + HOSTILE, "# Intro\n\nJapan " + HOSTILE, ["fix " + HOSTILE], [finding], 5)
    for page in (note.to_html(), review_html(review)):
        assert "<script>" not in page and "&lt;script&gt;" in page
        assert "<b>note</b>" not in page
        assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert 'href="#c1"' in note.to_html() and 'id="c1"' in note.to_html()
