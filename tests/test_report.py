"""The report: offline, escaped, complete; rendered for real in headless Chromium."""

import json
import re
from pathlib import Path

import pytest
from tests.conftest import chromium_page, copy_store, needs_chromium, offline

import dyadscope
from dyadscope.analyze import Analysis
from dyadscope.report import render_html, render_json, render_markdown

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def built(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Analysis, list[dict[str, object]]]:
    """The sample corpus (PAK-USA events all come from pakistan-united-states.md) and a hostile note."""
    folder = tmp_path_factory.mktemp("docs")
    (folder / "hostile.md").write_text(
        f"# Notes {HOSTILE}\n\nIn 1998 the United States imposed sanctions on Pakistan {HOSTILE}.\n"
        "In 2001 the United States lifted sanctions on Pakistan.\n",
        encoding="utf-8",
    )
    with dyadscope.open(copy_store(sample_db, tmp_path_factory.mktemp("db"))) as kb:
        assert [r.status for r in kb.ingest([folder])] == ["added"]
        return kb.analysis("PAK-USA"), kb.store.documents()


def test_html_is_offline_complete_and_escaped(built: tuple[Analysis, list[dict[str, object]]]) -> None:
    analysis, documents = built
    html = render_html(analysis, documents)
    assert html.count("plotly.js v") == 1  # the library is inlined exactly once
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?https?:", html)
    assert "<script>alert('x')</script>" not in html and "<img src=x" not in html
    assert re.search(r"&lt;script&gt;alert\((&#x27;|&#39;)x(&#x27;|&#39;)\)&lt;/script&gt;", html)  # either escape of '
    table = html[html.index("<h2>Phases</h2>") :]  # the page's own table, not only the charts' hovers
    assert "&lt;script&gt;" in table and "<script>alert" not in table
    for phase in analysis.phases:
        assert phase.level in html
    assert "imposed sanctions on Pakistan" in html and "pakistan-united-states.md" in html


def test_markdown_and_json(built: tuple[Analysis, list[dict[str, object]]]) -> None:
    analysis, documents = built
    markdown = render_markdown(analysis, documents)
    assert markdown.startswith("# PAK – USA relations") and "| period | level |" in markdown
    data = json.loads(render_json(analysis, documents))
    assert {"dyad", "by", "index", "phases", "turns", "key_events", "corpus"} <= set(data)
    assert {"period", "start", "end", "score", "low", "high", "events"} <= set(data["index"][0])
    keys = {k for p in data["phases"] for k in p["key_events"]}
    assert keys == set(data["key_events"])


@needs_chromium
def test_report_renders_in_chromium_without_network(
    built: tuple[Analysis, list[dict[str, object]]], tmp_path: Path
) -> None:
    analysis, documents = built
    page_file = tmp_path / "report.html"
    page_file.write_text(render_html(analysis, documents), encoding="utf-8")
    with chromium_page(page_file) as (page, seen):
        page.wait_for_selector(".js-plotly-plot .main-svg")
        assert page.locator(".js-plotly-plot").count() == 2
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert offline(seen)
    shot = (tmp_path / "report.png").read_bytes()
    assert shot.startswith(b"\x89PNG") and len(shot) > 20_000
