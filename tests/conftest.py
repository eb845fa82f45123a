"""Shared fixtures: one pipeline and one ingested sample corpus per session (loading and ingesting take seconds)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import dyadscope
from dyadscope.api import KnowledgeBase
from dyadscope.models import Event
from dyadscope.pipeline import Pipeline

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = Path(dyadscope.__file__).parent / "data" / "sample"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (.ci/run installs it)"
)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus, ingested once and closed. Modules share it, so none opens it: each works
    on its own `copy_store` (uploads, ingests and the search index beside a store all change it)."""
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    with dyadscope.open(db) as kb:
        kb.ingest(sorted(p for p in SAMPLE.glob("*.md") if p.name != "README.md"))
    return db


def copy_store(db: Path, folder: Path) -> Path:
    target = folder / "kb.db"
    shutil.copy(db, target)  # closed cleanly, so the WAL is checkpointed into the file
    return target


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def corpus_kb(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Iterator[KnowledgeBase]:
    """Seeds, shared corpora and the sample corpus, as a student would collect them (ingested once)."""
    from dyadscope.eval.ask import corpus

    kb = dyadscope.open(tmp_path_factory.mktemp("corpus") / "corpus.db")
    kb.ingest(corpus(shared))
    yield kb
    kb.close()


@contextmanager
def chromium_page(page_file: Path, width: int = 1280, height: int = 900) -> Iterator[tuple[Page, dict[str, Any]]]:
    """A page opened from file:// in headless Debian Chromium, with the requests and dialogs it made."""
    from playwright.sync_api import sync_playwright

    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip
    seen: dict[str, Any] = {"requests": [], "dialogs": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=flags)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.on("request", lambda r: seen["requests"].append(r.url))
        page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
        page.goto(page_file.as_uri())
        yield page, seen
        browser.close()


def offline(seen: dict[str, Any]) -> bool:
    """Nothing but the file itself (and data: URLs) was loaded, and no script opened a dialog."""
    return [u for u in seen["requests"] if not u.startswith(("file:", "data:"))] == [] and seen["dialogs"] == []


def make_version_6(conn: sqlite3.Connection) -> None:
    """Turn a store back into schema 6: no document kinds, no table rows."""
    conn.executescript(
        """
        ALTER TABLE documents DROP COLUMN kind;
        ALTER TABLE documents DROP COLUMN kind_origin;
        ALTER TABLE sentences DROP COLUMN is_table;
        ALTER TABLE events DROP COLUMN others;
        UPDATE meta SET value='6' WHERE key='schema_version';
        """
    )


def make_version_5(conn: sqlite3.Connection) -> None:
    """Turn a store back into schema 5: an integer extractor version, no sectors on events."""
    make_version_6(conn)
    conn.executescript(
        """
        ALTER TABLE documents ADD COLUMN extractor_version INTEGER NOT NULL DEFAULT 4;
        ALTER TABLE documents DROP COLUMN extractor;
        ALTER TABLE events DROP COLUMN source_sector;
        ALTER TABLE events DROP COLUMN target_sector;
        UPDATE meta SET value='5' WHERE key='schema_version';
        """
    )


def store_rows(db: Path, tables: dict[str, str]) -> dict[str, list[tuple[object, ...]]]:
    """Each table's rows (the columns named for it, "*" for all), sorted: two stores compared table by table."""
    conn = sqlite3.connect(db)
    try:
        return {
            table: sorted(conn.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
            for table, columns in tables.items()
        }
    finally:
        conn.close()


def asserted(pipeline: Pipeline, text: str) -> list[Event]:
    """The events a text states as having happened (none denied), coded as `dyadscope` codes a document."""
    return [e for e in pipeline.code_text(text) if not e.negated]
