"""Benchmark `ask` retrieval latency on a generated 1M-sentence store; baseline: txtai hybrid search.

    python benchmarks/bench_ask.py [--sentences 1000000] [--questions 200] [--budget 180] [--cold] [--busy 2]

The store is generated, not ingested (the full pipeline is too slow for 1M): the sentences of the
bundled sample corpus are recombined with other country pairs, years and a topic vocabulary into
~500-sentence chronologies (2,000 of them at 1M), and their rows are written straight into a
dyadscope `Store` (documents; sentences with dates; mentions found by dyadscope's own actor matcher;
sentence vectors from its embedder), in big transactions. Three generated documents are run through
the real ingest pipeline and compared sentence by sentence. The store (and the txtai index) is cached
under --workdir, keyed by size and by the store's schema, so reruns skip generation.

Then each system runs in its own process (so peak RSS is that system's own):
- dyadscope: when the store has no index folder yet (or with --cold), its BM25 and vector indexes are
  first built from it and timed, as the first search on a new store does; then, in a new process,
  `dyadscope.open(store)`, `kb.load()` as `dyadscope serve` starts (the saved indexes read, and the files
  searches read brought into the page cache), a warm-up question (all of it: the load time), and
  `kb.search(question, k=8)` per question; the slowest one is profiled; `--drop-caches` (root, Linux) empties
  the kernel's file cache first, as after a reboot or other work;
- txtai (baseline): `Embeddings(method="model2vec", hybrid=True)` (BM25 + dense vectors in faiss) on
  the same model folder, indexing the same body sentences; `embeddings.search(question, 8)`.
With `--busy N`, N processes spin a core each while either system answers its questions: a loaded machine,
the same on every run. Each system gets --budget seconds of questions; a slower one is stopped early and the
table says how many it answered. Needs `pip install -c constraints.txt txtai==9.14.0`; runs offline.
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import cProfile
import csv
import hashlib
import io
import json
import os
import pstats
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the baseline must never reach for the network
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

GENERATOR_VERSION = 1  # part of the cache key: bump when the generated store changes
WORKDIR = Path(tempfile.gettempdir()) / "dyadscope-bench-ask"
PER_DOC = 500  # body sentences per generated document (2,000 documents at 1M)
K = 8
TARGET_P95_MS = 50.0

# Country pairs are drawn from these; the sample corpus's own pairs are kept for some documents.
COUNTRY_CODES = [
    "PAK", "USA", "IND", "CHN", "TUR", "IRN", "RUS", "JPN", "BRA", "EGY", "FRA", "DEU", "GBR", "SAU", "ISR",
    "KOR", "PRK", "VNM", "IDN", "NGA", "ZAF", "MEX", "CAN", "AUS", "BGD", "LKA", "NPL", "THA", "UKR", "POL",
    "ITA", "ESP", "ARG", "ETH", "KEN", "IRQ", "SYR", "QAT",
]  # fmt: skip
TEMPLATE_ROLES = {"PAK-USA": ("PAK", "USA"), "CHN-IND": ("IND", "CHN")}  # (first, second) as the titles name them
KEEP_ORIGINAL_PAIR = 0.1
YEAR_SHIFT = (-40, 0)  # each section is moved this many years (the sample runs 1947-2025)
# Topic words swapped for others, so the sentences are about more than the sample's topics.
VOCABULARY = {
    "nuclear": ["nuclear", "missile", "naval", "space", "cyber", "chemical"],
    "aid": ["aid", "assistance", "loans", "credits", "grants"],
    "sanctions": ["sanctions", "tariffs", "export controls", "embargoes", "visa bans"],
    "trade": ["trade", "investment", "energy", "shipping", "fisheries"],
    "border": ["border", "frontier", "maritime boundary", "river boundary"],
    "war": ["war", "conflict", "crisis", "standoff", "insurgency"],
    "talks": ["talks", "negotiations", "consultations", "dialogue", "summit talks"],
    "agreement": ["agreement", "accord", "treaty", "memorandum", "protocol"],
    "ceasefire": ["ceasefire", "truce", "armistice"],
    "protested": ["protested", "objected", "complained"],
    "signed": ["signed", "concluded", "ratified", "initialled"],
    "military": ["military", "defence", "security", "intelligence"],
    "economic": ["economic", "financial", "development", "humanitarian", "agricultural"],
    "visited": ["visited", "toured"],
    "criticised": ["criticised", "condemned", "denounced"],
    "suspended": ["suspended", "froze", "halted", "cut"],
    "supply": ["supply", "transit", "pipeline", "rail"],
    "troops": ["troops", "forces", "units", "peacekeepers"],
}
LEADER_TITLES = ("President", "Prime Minister", "Premier", "Foreign Minister", "Secretary of State", "General")


# The generated store.


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    demonym: str
    capital: str
    forms: dict[str, str]  # every name, alias, demonym and capital → name | demonym | capital


@dataclass(slots=True)
class TemplateSentence:
    text: str
    date: tuple[date, date, str] | None
    inherited: str | None


@dataclass(slots=True)
class TemplateSection:
    heading: TemplateSentence
    paragraphs: list[list[TemplateSentence]]


@dataclass(slots=True)
class TemplateDoc:
    roles: tuple[str, str]
    title: TemplateSentence
    source: str
    sections: list[TemplateSection]
    leaders: dict[str, str]  # leader mention text → code, for the document's two countries


@dataclass(slots=True)
class GenDoc:
    path: str
    title: str
    source: str
    text: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)  # one per sentence, in order


def countries() -> dict[str, Country]:
    table = resources.files("dyadscope") / "data" / "actors" / "countries.csv"
    found = {}
    for row in csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))):
        if row["code"] not in COUNTRY_CODES:
            continue
        split = [[v for v in row[c].split("|") if v] for c in ("aliases", "demonyms", "capitals")]
        forms = {row["name"]: "name"} | {a: "name" for a in split[0]}
        forms |= {d: "demonym" for d in split[1]} | {c: "capital" for c in split[2]}
        found[row["code"]] = Country(row["code"], row["name"], split[1][0], split[2][0], forms)
    return found


def fingerprint() -> str:
    """Part of every cache key: changes when the store's schema or how vectors are made changes."""
    import inspect

    from dyadscope import store
    from dyadscope.nlp import embed

    parts = [str(GENERATOR_VERSION), store.SCHEMA, inspect.getsource(embed)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:10]


def context_pairs(rows: list[tuple[GenDoc, dict[str, Any]]]) -> list[tuple[str, str]]:
    """(sentence, context) for `Embedder.encode_in_context`, made the way the pipeline makes them."""
    from dyadscope.nlp.embed import sentence_context

    return [(r["text"], sentence_context(d.title, d.source, r["section_path"])) for d, r in rows]


def sample_files() -> list[Path]:
    with resources.as_file(resources.files("dyadscope") / "data" / "sample") as folder:
        return sorted(Path(folder).glob("*.md"))


def reference_store(workdir: Path) -> Path:
    """The bundled sample corpus through the real ingest: the templates, and what a store should look like."""
    import dyadscope

    path = workdir / f"reference-{fingerprint()}.db"
    if not path.exists():
        with dyadscope.open(path) as kb:
            failed = [r for r in kb.ingest(sample_files()) if r.status == "failed"]
            if failed:
                raise SystemExit(f"reference ingest failed: {failed}")
    return path


def templates(reference: Path) -> list[TemplateDoc]:
    conn = sqlite3.connect(reference)
    docs = []
    for doc_id, dyad, source in conn.execute("SELECT id, dyad, source FROM documents ORDER BY id"):
        if dyad not in TEMPLATE_ROLES or not source:
            continue
        leaders = dict(
            conn.execute(
                "SELECT m.text, m.code FROM mentions m JOIN sentences s ON s.id=m.sentence_id"
                " WHERE s.doc_id=? AND m.kind='leader' AND m.code IN (?, ?)",
                (doc_id, *TEMPLATE_ROLES[dyad]),
            ).fetchall()
        )
        title: TemplateSentence | None = None
        sections: list[TemplateSection] = []
        last_end = -10
        for start, end, text, path, heading, d_start, d_end, gran, inherited in conn.execute(
            'SELECT start, "end", text, section_path, is_heading, date_start, date_end, date_granularity,'
            " date_inherited FROM sentences WHERE doc_id=? ORDER BY idx",
            (doc_id,),
        ):
            when = (date.fromisoformat(d_start), date.fromisoformat(d_end), gran) if d_start else None
            sentence = TemplateSentence(text, when, inherited)
            if heading and len(json.loads(path)) == 1:
                title = sentence
            elif heading:
                sections.append(TemplateSection(sentence, []))
            elif sections:
                if start - last_end > 1 or not sections[-1].paragraphs:
                    sections[-1].paragraphs.append([])
                sections[-1].paragraphs[-1].append(sentence)
            last_end = end
        assert title is not None
        docs.append(TemplateDoc(TEMPLATE_ROLES[dyad], title, source, sections, leaders))
    return docs


def _shift(day: date, years: int, month_end: bool) -> date:
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return date(year, day.month, last if month_end else min(day.day, last))


def shift_date(when: tuple[date, date, str] | None, years: int) -> tuple[date, date, str] | None:
    """A template date moved by `years` the way its text is: decades stay decades, named eras stay put."""
    if when is None:
        return None
    start, end, granularity = when
    if granularity == "era":
        return when
    if granularity == "decade":
        first = (start.year + years) // 10 * 10
        return date(first, 1, 1), date(first + 9, 12, 31), granularity
    month_end = end.day == calendar.monthrange(end.year, end.month)[1]
    return _shift(start, years, False), _shift(end, years, month_end), granularity


class Rewriter:
    """Rewrites a template sentence for another pair of countries, another period and other topics."""

    YEAR = r"(?<![\w.$])(1[89]\d\d|20\d\d)(s?)(?![\w])"

    def __init__(self, table: dict[str, Country]) -> None:
        self.table = table
        swapped = {w.split()[0] for words in VOCABULARY.values() for w in words} | {
            c.demonym for c in table.values()
        }  # fmt: skip
        # "a"/"an" before a word this rewriter may have put there, fixed to agree with it.
        self.ARTICLE = re.compile(rf"(?<![\w])(an|a)\s({'|'.join(sorted(swapped, key=len, reverse=True))})(?![\w])")
        self.patterns: dict[tuple[str, str, frozenset[str]], re.Pattern[str]] = {}

    def pattern(self, doc: TemplateDoc) -> re.Pattern[str]:
        key = (*doc.roles, frozenset(doc.leaders))
        if key not in self.patterns:
            literals = set(doc.leaders) | set(VOCABULARY)
            for code in doc.roles:
                forms = self.table[code].forms
                literals |= set(forms) | {f"{a} {f}" for f in forms for a in ("the", "The") if forms[f] == "name"}
            titled = [f"{t} {name}" for name in doc.leaders for t in LEADER_TITLES]
            words = sorted(literals | set(titled), key=len, reverse=True)
            alternation = "|".join(re.escape(w) for w in words)
            self.patterns[key] = re.compile(rf"{self.YEAR}|(?<![\w])({alternation})(?![\w])")
        return self.patterns[key]

    def __call__(
        self, doc: TemplateDoc, text: str, pair: tuple[str, str], years: int, rng: random.Random, topics: bool
    ) -> str:
        roles = dict(zip(doc.roles, pair, strict=True))

        def replace(match: re.Match[str]) -> str:
            if match.group(1):
                year = int(match.group(1)) + years
                return f"{year // 10 * 10}s" if match.group(2) else str(year)
            word = match.group(3)
            if word in VOCABULARY:
                return rng.choice(VOCABULARY[word]) if topics else word
            article, bare = (word[:4], word[4:]) if word.startswith(("the ", "The ")) else ("", word)
            for code in doc.roles:
                kind = self.table[code].forms.get(bare)
                if kind is not None:
                    target = self.table[roles[code]]
                    if kind == "name":  # "the United States" → "Kenya", "Poland" → "the United Kingdom"
                        takes_the = target.name.startswith(("United ", "Russian Federation"))
                        the = (article or "the ") if takes_the else ""
                        return (the.capitalize() if match.start() == 0 else the) + target.name
                    return article + (target.demonym if kind == "demonym" else target.capital)
            title = next((t for t in LEADER_TITLES if word.startswith(t + " ")), None)
            name = word[len(title) + 1 :] if title else word
            code = doc.leaders.get(word) or doc.leaders[name]
            if roles[code] == code or match.string[match.end() : match.end() + 1] == "-":
                return word  # the sample's own country keeps its real leaders; "Kerry-Lugar-Berman" stays
            role = "government" if name.endswith("administration") else title.lower() if title else "leader"
            after_the = match.string[max(0, match.start() - 4) : match.start()].lower() == "the "
            the = "" if after_the else "The " if match.start() == 0 else "the "
            return f"{the}{self.table[roles[code]].demonym} {role}"

        out = self.pattern(doc).sub(replace, text)
        out = self.ARTICLE.sub(lambda m: ("an " if m.group(2)[0] in "AEIOaeiou" else "a ") + m.group(2), out)
        if "29 February" in out and "29 February" in text:  # a leap day moved to a year without one
            year = re.search(r"29 February (\d{4})", out)
            if year and not calendar.isleap(int(year.group(1))):
                out = out.replace("29 February", "28 February")
        return out


def generate_docs(n_body: int, seed: int, reference: Path) -> list[tuple[TemplateDoc, tuple[str, str], int]]:
    """(template, country pair, seed) per document, enough for `n_body` body sentences."""
    rng = random.Random(seed)
    pool = templates(reference)
    plan = []
    for _ in range(max(1, round(n_body / PER_DOC))):
        doc = rng.choice(pool)
        if rng.random() < KEEP_ORIGINAL_PAIR:
            pair = doc.roles
        else:
            a, b = rng.sample(COUNTRY_CODES, 2)
            pair = (a, b)
        plan.append((doc, pair, rng.randrange(2**31)))
    return plan


def build_doc(number: int, doc: TemplateDoc, pair: tuple[str, str], seed: int, body: int, rewrite: Rewriter) -> GenDoc:
    """One chronology: random sections of the template, each moved by its own number of years."""
    rng = random.Random(seed)
    # The title's span covers every section however far it is moved, as a real chronology's would.
    assert doc.title.date is not None
    first, last = doc.title.date[0].year + YEAR_SHIFT[0], doc.title.date[1].year + YEAR_SHIFT[1]
    title_text = re.sub(r"\d{4}-\d{4}", f"{first}-{last}", rewrite(doc, doc.title.text, pair, 0, rng, False))
    title_date = (date(first, 1, 1), date(last, 12, 31), doc.title.date[2])
    title = title_text.lstrip("# ").strip()
    out = GenDoc(f"synthetic/{number:05d}-{pair[0].lower()}-{pair[1].lower()}.md", title, doc.source)
    parts = [f"SOURCE: {doc.source}\n\n"]
    offset = len(parts[0])

    def add(text: str, heading: bool, path: list[str], when: Any, inherited: str | None, sep: str) -> None:
        nonlocal offset
        out.rows.append({
            "idx": len(out.rows), "start": offset, "end": offset + len(text), "text": text, "heading": heading,
            "section_path": list(path), "date": when, "inherited": inherited,
        })  # fmt: skip
        parts.append(text + sep)
        offset += len(text) + len(sep)

    add(title_text, True, [title], title_date, None, "\n\n")
    count = 0
    while count < body:
        section = rng.choice(doc.sections)
        years = rng.randint(*YEAR_SHIFT)
        kind = section.heading.date[2] if section.heading.date else None
        if kind == "decade":  # "The 1990s" moves by whole decades, so its sentences stay inside it
            years = years // 10 * 10
        elif kind == "era":  # "the war on terror" stays where history put it
            years = 0
        heading_text = rewrite(doc, section.heading.text, pair, years, rng, False)
        path = [title, heading_text.lstrip("# ").strip()]
        when = shift_date(section.heading.date, years)
        add(heading_text, True, path, when, section.heading.inherited, "\n\n")
        for paragraph in section.paragraphs:
            if count == body:
                break
            paragraph = paragraph[: body - count]  # the last document stops at exactly `body` sentences
            for i, s in enumerate(paragraph):
                era = s.date is not None and s.date[2] == "era"
                text = rewrite(doc, s.text, pair, years, rng, not era)
                last = i == len(paragraph) - 1
                add(text, False, path, shift_date(s.date, years), s.inherited, "\n\n" if last else " ")
                count += 1
    out.text = "".join(parts).rstrip("\n") + "\n"
    return out


def generate_store(n_body: int, path: Path, reference: Path, seed: int = 11) -> dict[str, Any]:
    """Write the generated documents straight into a dyadscope store; returns counts and timings."""
    from dyadscope.models import DateInterval
    from dyadscope.nlp.actor_data import load_successions
    from dyadscope.nlp.actors import DYAD_CODE, STATE_KINDS, apply_successions
    from dyadscope.nlp.embed import Embedder, to_blob
    from dyadscope.nlp.language import tokenizer_of
    from dyadscope.pipeline import Pipeline
    from dyadscope.store import Store

    timings = dict.fromkeys(("text", "actors", "vectors", "write"), 0.0)
    begin = time.perf_counter()
    pipeline = Pipeline()
    embedder = Embedder()
    tokenizer = tokenizer_of(pipeline.nlp)
    successions = load_successions()
    rewrite = Rewriter(countries())
    plan = generate_docs(n_body, seed, reference)
    path.unlink(missing_ok=True)
    store = Store(path)
    conn = store.conn
    sentence_id = doc_id = 0
    totals = {"documents": 0, "sentences": 0, "body": 0, "mentions": 0}
    remaining = n_body
    chunk = 40
    for first in range(0, len(plan), chunk):
        mark = time.perf_counter()
        docs = []
        for number in range(first, min(first + chunk, len(plan))):
            body = remaining // (len(plan) - number)  # spread exactly n_body over the documents
            remaining -= body
            docs.append(build_doc(number, *plan[number], body, rewrite))
        timings["text"] += time.perf_counter() - mark
        mark = time.perf_counter()
        rows = [(d, r) for d in docs for r in d.rows]
        mentions = []
        for (_, row), spacy_doc in zip(rows, tokenizer.pipe(r["text"] for _, r in rows), strict=True):
            found = pipeline.actor_matcher(spacy_doc, row["start"])
            when = DateInterval(*row["date"]) if row["date"] else None
            apply_successions(found, when, successions)
            mentions.append(found)
        timings["actors"] += time.perf_counter() - mark
        mark = time.perf_counter()
        pairs = context_pairs(rows)
        vectors = embedder.encode_in_context(pairs)
        timings["vectors"] += time.perf_counter() - mark
        mark = time.perf_counter()
        doc_rows, sentence_rows, mention_rows, vector_rows = [], [], [], []
        k = 0
        for d in docs:
            doc_id += 1
            counts: dict[str, int] = {}
            for row in d.rows:
                sentence_id += 1
                when = row["date"]
                sentence_rows.append((
                    sentence_id, doc_id, row["idx"], row["start"], row["end"], row["text"],
                    json.dumps(row["section_path"]), int(row["heading"]), when[0].isoformat() if when else None,
                    when[1].isoformat() if when else None, when[2] if when else None, row["inherited"], pairs[k][1],
                ))  # fmt: skip
                for m in mentions[k]:
                    mention_rows.append((sentence_id, m.start, m.end, m.text, m.code, m.kind, m.actor_id))
                    if m.kind in STATE_KINDS and m.code != DYAD_CODE:
                        counts[m.code] = counts.get(m.code, 0) + 1
                vector_rows.append((sentence_id, embedder.name, to_blob(vectors[k])))
                totals["body"] += not row["heading"]
                k += 1
            top = sorted(sorted(counts, key=lambda c: -counts[c])[:2])
            doc_rows.append((
                doc_id, d.path, hashlib.sha256(d.text.encode()).hexdigest(), "text/markdown", d.title, d.source,
                None, None, 0, "-".join(top) if len(top) == 2 else None, len(d.rows), 0, pipeline.extractor_version,
            ))  # fmt: skip
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO documents (id, path, content_hash, media_type, title, source, doc_date, doc_date_origin,"
            " news_like, dyad, n_sentences, n_events, extractor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            doc_rows,
        )
        conn.executemany(
            'INSERT INTO sentences (id, doc_id, idx, start, "end", text, section_path, is_heading, date_start,'
            " date_end, date_granularity, date_inherited, context)"
            f" VALUES ({','.join('?' * len(sentence_rows[0]))})",
            sentence_rows,
        )
        conn.executemany(
            'INSERT INTO mentions (sentence_id, start, "end", text, code, kind, actor_id) VALUES (?,?,?,?,?,?,?)',
            mention_rows,
        )
        conn.executemany("INSERT INTO sentence_vectors VALUES (?,?,?)", vector_rows)
        conn.execute("COMMIT")
        timings["write"] += time.perf_counter() - mark
        totals["documents"] += len(docs)
        totals["sentences"] += len(sentence_rows)
        totals["mentions"] += len(mention_rows)
    store.close()
    seconds = time.perf_counter() - begin
    return {**totals, "seconds": seconds, "timings": timings, "rss_mb": _rss_mb()}


def sample_docs(n_body: int, reference: Path, numbers: list[int], seed: int = 11) -> list[GenDoc]:
    """The generated documents with these numbers, rebuilt exactly as generate_store built them."""
    plan = generate_docs(n_body, seed, reference)
    rewrite = Rewriter(countries())
    remaining, out = n_body, []
    for number in range(len(plan)):
        body = remaining // (len(plan) - number)
        remaining -= body
        if number in numbers:
            out.append(build_doc(number, *plan[number], body, rewrite))
    return out


def check_store(path: Path, reference: Path, n_body: int, n_docs: int = 3) -> list[str]:
    """Is the generated store what a real ingest would produce? Schema, column types, and a few documents
    run through the real pipeline (read_document + Pipeline.process) compared sentence by sentence."""
    from dyadscope.ingest import read_document
    from dyadscope.pipeline import Pipeline

    lines = []
    gen, ref = sqlite3.connect(path), sqlite3.connect(reference)

    def schema(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str]]]:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: [(c[1], c[2]) for c in conn.execute(f"PRAGMA table_info('{t}')")] for t in tables}

    same = schema(gen) == schema(ref)
    lines.append(f"tables and columns identical to a real ingest's: {same}")
    for table, columns in schema(ref).items():
        if table in ("meta", "events", "event_actors", "evidence"):
            continue
        for column, _ in columns:
            sql = f'SELECT DISTINCT typeof("{column}") FROM (SELECT * FROM "{table}" LIMIT 50000)'
            kinds, found = ({r[0] for r in conn.execute(sql)} for conn in (ref, gen))
            if kinds and not found <= kinds | {"null"}:
                lines.append(f"  {table}.{column}: types {sorted(found)} where a real ingest has {sorted(kinds)}")
    gen_ids = gen.execute("SELECT count(*), count(DISTINCT model) FROM sentence_vectors").fetchone()
    lines.append(f"sentence vectors: {gen_ids[0]:,} (one per sentence, as ingest stores them), models {gen_ids[1]}")
    lines.append("events: none generated (retrieval does not read them); event tables are empty")
    # A few generated documents through the real pipeline.
    pipeline = Pipeline()
    total = same_text = same_date = same_actors = 0
    numbers = random.Random(3).sample(range(max(1, round(n_body / PER_DOC))), n_docs)
    with tempfile.TemporaryDirectory() as tmp:
        for doc in sample_docs(n_body, reference, numbers):
            file = Path(tmp) / Path(doc.path).name
            file.write_text(doc.text, encoding="utf-8")
            processed = pipeline.process(read_document(file))
            real = {(s.start, s.text): s for s in processed.sentences}
            number = int(Path(doc.path).name[:5]) + 1
            first, last = gen.execute("SELECT min(id), max(id) FROM sentences WHERE doc_id=?", (number,)).fetchone()
            codes_of: dict[int, list[str]] = {}
            for sid, code, at in gen.execute(
                "SELECT sentence_id, code, start FROM mentions WHERE sentence_id BETWEEN ? AND ?", (first, last)
            ):
                codes_of.setdefault(sid, []).append(f"{code}@{at}")
            for sid, start, text, d_start, d_end, gran, inherited in gen.execute(
                "SELECT id, start, text, date_start, date_end, date_granularity, date_inherited FROM sentences"
                " WHERE doc_id=? ORDER BY idx",
                (number,),
            ):
                total += 1
                s = real.get((start, text))
                if s is None:
                    continue
                same_text += 1
                got = (s.date.start.isoformat(), s.date.end.isoformat(), s.date.granularity) if s.date else (None,) * 3
                same_date += got == (d_start, d_end, gran) and s.date_inherited == inherited
                want = sorted(codes_of.get(sid, []))
                same_actors += sorted(f"{m.code}@{m.start}" for m in s.mentions) == want
    lines.append(
        f"{n_docs} generated documents through the real pipeline: {same_text}/{total} sentences segmented the same"
        f" (text and offset); of those, dates (and their inheritance) agree for {same_date}"
        f" ({same_date / max(same_text, 1):.0%}) and actors for {same_actors} ({same_actors / max(same_text, 1):.0%})"
    )
    return lines


def ensure_store(n_body: int, workdir: Path, regenerate: bool) -> tuple[Path, dict[str, Any]]:
    workdir.mkdir(parents=True, exist_ok=True)
    reference = reference_store(workdir)
    path = workdir / f"store-{n_body}-{fingerprint()}.db"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists() and not regenerate:
        meta: dict[str, Any] = json.loads(meta_path.read_text())
        meta["cached"] = True
        return path, meta
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    meta = in_subprocess("generate", n_body, str(path), str(reference))
    meta["check"] = check_store(path, reference, n_body)
    meta["texts"] = texts_digest(path)
    meta_path.write_text(json.dumps(meta, indent=1))
    meta["cached"] = False
    return path, meta


def texts_digest(path: Path) -> str:
    """A digest of the searchable sentences: the txtai index is cached by it (it reads nothing else)."""
    digest = hashlib.sha256()
    for (text,) in sqlite3.connect(path).execute("SELECT text FROM sentences WHERE is_heading=0 ORDER BY id"):
        digest.update(text.encode() + b"\0")
    return digest.hexdigest()[:10]


# Questions.


def questions(n: int, seed: int = 5) -> list[str]:
    """Why / what / when questions, with and without time bounds and actor names."""
    table = countries()
    rng = random.Random(seed)
    names = {code: c.name for code, c in table.items()}

    def topic(word: str) -> str:
        return rng.choice(VOCABULARY[word])

    def pair() -> tuple[str, str]:
        a, b = rng.sample(COUNTRY_CODES, 2)
        return names[a], names[b]

    def span() -> str:
        year = rng.randint(1950, 2022)
        return rng.choice([
            f" in the {year // 10 * 10}s", f" after {year}", f" before {year}", f" in {year}",
            f" between {year} and {min(year + rng.randint(3, 15), 2025)}", f" in the early {year // 10 * 10}s",
        ])  # fmt: skip

    templates_ = [
        lambda a, b: f"Why did {a}-{b} relations deteriorate{{span}}?",
        lambda a, b: f"Why did {b} impose {topic('sanctions')} on {a}{{span}}?",
        lambda a, b: f"What {topic('aid')} did {b} give {a}{{span}}?",
        lambda a, b: f"When did {a} and {b} sign a {topic('military')} {topic('agreement')}?",
        lambda a, b: f"What happened on the {topic('border')} between {a} and {b}{{span}}?",
        lambda a, b: f"How did relations between {a} and {b} change{{span}}?",
        lambda a, b: f"What role did {rng.choice(list(names.values()))} play in {a}-{b} relations{{span}}?",
        lambda a, b: f"Why did {a} carry out {topic('nuclear')} tests{{span}}?",
        lambda a, b: f"When did the {topic('war')} between {a} and {b} begin?",
        lambda a, b: f"What did {a} protest about{{span}}?",
        lambda a, b: f"Why did {b} suspend {topic('military')} {topic('aid')} to {a}{{span}}?",
        lambda a, b: f"Who mediated the {topic('ceasefire')} between {a} and {b}{{span}}?",
        lambda a, b: f"What was agreed at the {topic('talks')} in {table[rng.choice(COUNTRY_CODES)].capital}{{span}}?",
        lambda a, b: f"Why did {a} close the {topic('supply')} routes{{span}}?",
        lambda a, b: f"When did {b} withdraw its {topic('troops')} from Afghanistan?",
        lambda a, b: "Why did the United States cut off aid to Pakistan under the Pressler Amendment{span}?",
        lambda a, b: "What did Imran Khan accuse Washington of{span}?",
        lambda a, b: "Why did President Ayub Khan criticise the United States{span}?",
        lambda a, b: "When did India and China agree on the Line of Actual Control?",
        lambda a, b: f"What {topic('economic')} {topic('aid')} was authorised{{span}}?",
    ]
    out = []
    while len(out) < n:
        text = rng.choice(templates_)(*pair())
        out.append(text.replace("{span}", span() if rng.random() < 0.55 else ""))
    return out


# The two systems.


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentiles(seconds: list[float]) -> dict[str, float]:
    import numpy as np

    ms = np.asarray(seconds) * 1000
    return {"p50": float(np.percentile(ms, 50)), "p95": float(np.percentile(ms, 95)), "max": float(ms.max())}


def _ask(search: Any, asked: list[str], budget: float) -> dict[str, Any]:
    """Time each question; stop early once `budget` seconds have gone (reported as fewer questions)."""
    times, hits = [], 0
    deadline = time.perf_counter() + budget
    for question in asked:
        mark = time.perf_counter()
        hits += len(search(question))
        times.append(time.perf_counter() - mark)
        if time.perf_counter() > deadline:
            break
    load = os.getloadavg()[0]  # other processes on the machine make every number slower
    return {"questions": len(times), "hits": hits, "times": times, "loadavg": load, **_percentiles(times)}


def run_dyadscope(path: str, asked: list[str], profile_top: int, budget: float) -> dict[str, Any]:
    import dyadscope

    start = time.perf_counter()
    kb = dyadscope.open(path)
    kb.retriever.index()  # what the first question would do first: read the saved vector index (or build it)
    index = time.perf_counter() - start
    kb.load()  # as `dyadscope serve` starts: the BM25 index opened, the files searches read in the page cache
    kb.search("Why did relations deteriorate in the 1990s?", k=K)  # the warm-up question (also loads the pipeline)
    load = time.perf_counter() - start
    result: dict[str, Any] = {"load": load, "index": index, **_ask(lambda q: kb.search(q, k=K), asked, budget)}
    result["sentences"] = kb.store.sentence_count()
    if profile_top:
        times = result["times"]
        slowest = asked[max(range(len(times)), key=times.__getitem__)]
        profiler = cProfile.Profile()
        profiler.enable()
        kb.search(slowest, k=K)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(profile_top)
        result["profile"] = {"question": slowest, "stats": out.getvalue()}
        result["parts"] = _parts(kb, slowest, max(times) > 2)
    result["rss_mb"] = _rss_mb()
    kb.close()
    return result


def build_indexes(path: str) -> dict[str, float]:
    """Seconds to build the store's indexes from nothing, as the first search on a new store does."""
    import dyadscope
    from dyadscope.store import index_folder

    shutil.rmtree(index_folder(Path(path)), ignore_errors=True)
    kb = dyadscope.open(path)
    mark = time.perf_counter()
    kb.retriever.text.searcher()
    bm25 = time.perf_counter() - mark
    mark = time.perf_counter()
    kb.retriever.index()
    vectors = time.perf_counter() - mark
    kb.close()
    return {"bm25": bm25, "vectors": vectors, "rss_mb": _rss_mb()}


def _parts(kb: Any, question: str, slow: bool) -> dict[str, float]:
    """Median ms of each step of one search, timed from outside (the library is not changed).

    Uses the retriever's internals as they are at the time of writing; if they have changed, says so."""
    try:
        return _time_steps(kb, question, 1 if slow else 5, slow)
    except (ImportError, AttributeError, TypeError) as error:
        return {f"(steps not timed: {type(error).__name__}: {error})": float("nan")}


def _time_steps(kb: Any, question: str, repeat: int, slow: bool) -> dict[str, float]:

    from dyadscope.ask.question import read_question
    from dyadscope.ask.retrieve import CANDIDATES

    retriever, store = kb.retriever, kb.store
    text = retriever.text
    index = retriever.index()
    q = read_question(question, kb.pipeline)
    query = kb.embedder.encode([q.text])[0]
    kind = "IVF" if getattr(index, "ivf", None) is not None else "exact"
    candidates = {sid for sid, _ in text.search(q.terms, CANDIDATES)}
    candidates |= {sid for sid, _ in index.search(query, CANDIDATES)}
    steps = {
        "read_question (spaCy tokenizer, actors, dates)": lambda: read_question(question, kb.pipeline),
        "Store.generation (run on every search)": store.generation,
        "Embedder.encode (question)": lambda: kb.embedder.encode([q.text]),
        "TextIndex.search (BM25, whole store)": lambda: text.search(q.terms, CANDIDATES),
        f"VectorIndex.search ({kind})": lambda: index.search(query, CANDIDATES),
    }
    if q.bounded:
        inside = index.within(q.start, q.end)
        candidates |= {sid for sid, _ in text.search(q.terms, CANDIDATES, q.start, q.end)}
        candidates |= {sid for sid, _ in index.search(query, CANDIDATES, inside)}
        steps["TextIndex.search (BM25, in span)"] = lambda: text.search(q.terms, CANDIDATES, q.start, q.end)
        steps[f"VectorIndex.within ({int(inside.sum()):,} rows)"] = lambda: index.within(q.start, q.end)
        steps["VectorIndex.search (in span)"] = lambda: index.search(query, CANDIDATES, inside)
    ids = sorted(candidates)
    if slow:  # a few candidates are enough to show the cost per candidate
        steps[f"Store.sentence_rows (20 of {len(ids)} fused candidates)"] = lambda: store.sentence_rows(ids[:20])
    else:
        steps[f"Store.sentence_rows ({len(ids)} fused candidates)"] = lambda: store.sentence_rows(ids)
        steps["Retriever.search (total)"] = lambda: retriever.search(q, K)
    out = {}
    for name, step in steps.items():
        times = []
        for _ in range(repeat):
            mark = time.perf_counter()
            step()
            times.append(time.perf_counter() - mark)
        out[name] = sorted(times)[len(times) // 2] * 1000
    return out


def _embedder_folder() -> str:
    return str(resources.files("dyadscope") / "data" / "embedder")


def txtai_index(path: str, limit: int, folder: str) -> dict[str, Any]:
    """Index the store's body sentences (the ones dyadscope searches) with txtai hybrid search."""
    from txtai import Embeddings

    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT id, text FROM sentences WHERE is_heading=0 ORDER BY id LIMIT ?", (limit,))
    start = time.perf_counter()
    embeddings = Embeddings(path=_embedder_folder(), method="model2vec", hybrid=True)
    embeddings.index((sid, text, None) for sid, text in rows)
    seconds = time.perf_counter() - start
    count = embeddings.count()
    shutil.rmtree(folder, ignore_errors=True)
    embeddings.save(folder)
    return {"index": seconds, "sentences": count, "config": embeddings.config, "index_rss_mb": _rss_mb()}


def run_txtai(folder: str, asked: list[str], budget: float) -> dict[str, Any]:
    from txtai import Embeddings

    start = time.perf_counter()
    embeddings = Embeddings()
    embeddings.load(folder)
    embeddings.search("Why did relations deteriorate in the 1990s?", K)
    load = time.perf_counter() - start
    result = {"load": load, **_ask(lambda q: embeddings.search(q, K), asked, budget)}
    return {**result, "sentences": embeddings.count(), "rss_mb": _rss_mb()}


def in_subprocess(kind: str, *args: Any) -> dict[str, Any]:
    """Run `kind` in a fresh interpreter, so its peak RSS is its own."""
    functions = {"generate": "generate_store_cli", "dyadscope": "run_dyadscope", "txtai-index": "txtai_index"}
    functions["build-indexes"] = "build_indexes"
    functions["txtai"] = "run_txtai"
    code = (
        f"import json,sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench_ask as b; "
        f"print('@@' + json.dumps(b.{functions[kind]}(*json.loads(sys.argv[1])), default=str))"
    )
    done = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-4000:]}")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("@@"))
    result: dict[str, Any] = json.loads(line[2:])
    return result


@contextlib.contextmanager
def busy(processes: int) -> Iterator[None]:
    """`processes` other programs keeping a core busy each while inside: a loaded machine, the same every run."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def generate_store_cli(n_body: int, path: str, reference: str) -> dict[str, Any]:
    return generate_store(n_body, Path(path), Path(reference))


def ensure_txtai(path: Path, n_body: int, workdir: Path, regenerate: bool) -> tuple[Path, dict[str, Any]]:
    meta_of_store = path.with_suffix(".json")
    texts = json.loads(meta_of_store.read_text()).get("texts") if meta_of_store.exists() else None
    folder = workdir / f"txtai-{n_body}-{texts or texts_digest(path)}"
    meta_path = folder.with_suffix(".json")
    if folder.exists() and meta_path.exists() and not regenerate:
        meta: dict[str, Any] = json.loads(meta_path.read_text())
        meta["cached"] = True
        return folder, meta
    meta = in_subprocess("txtai-index", str(path), n_body, str(folder))
    meta_path.write_text(json.dumps(meta, indent=1, default=str))
    meta["cached"] = False
    return folder, meta


def _ratio(ours: dict[str, Any], base: dict[str, Any]) -> float:
    """p95 / the baseline's p95, both over the questions both answered (the same ones, in the same order)."""
    n = min(len(ours["times"]), len(base["times"]))
    return _percentiles(ours["times"][:n])["p95"] / _percentiles(base["times"][:n])["p95"]


def drop_caches() -> None:
    """Empty the kernel's page cache, as after a reboot (Linux, root): every file is read from disk again."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")
    except OSError as error:
        why = f"cannot empty the file cache ({error.strerror}); it needs root on Linux"
        raise SystemExit(f"--drop-caches: {why}") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1_000_000, help="searchable (body) sentences in the store")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--budget", type=float, default=180, help="seconds of questions per system (then it stops)")
    parser.add_argument("--baseline-sentences", type=int, default=None, help="txtai at this size (default: same)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--profile", type=int, default=25, help="profile the slowest question: top N functions")
    parser.add_argument("--workdir", type=Path, default=WORKDIR)
    parser.add_argument("--regenerate", action="store_true", help="ignore the cached store and txtai index")
    parser.add_argument(
        "--busy", type=int, default=0, help="processes spinning a core each while the questions run (a loaded machine)"
    )
    parser.add_argument(
        "--drop-caches", action="store_true", help="empty the kernel's file cache before each system runs (root)"
    )
    parser.add_argument(
        "--cold", action="store_true", help="first delete the store's index folder and time building it again"
    )
    args = parser.parse_args()
    console = Console(width=max(Console().width, 130))
    asked = questions(args.questions)

    path, meta = ensure_store(args.sentences, args.workdir, args.regenerate)
    timings = ", ".join(f"{k} {v:.0f} s" for k, v in meta["timings"].items())
    console.print(
        f"store {path}: {meta['documents']:,} documents, {meta['sentences']:,} sentences ({meta['body']:,} body),"
        f" {meta['mentions']:,} mentions; generated in {meta['seconds']:.0f} s ({timings})"
        + (" (cached)" if meta["cached"] else "")
    )
    for line in meta.get("check", []):
        console.print(f"  check: {line}")

    if args.cold or not (path.parent / f"{path.name}.index").exists():
        built_now = in_subprocess("build-indexes", str(path))
        console.print(
            f"dyadscope indexes built from the store (as a first search does): BM25 {built_now['bm25']:.1f} s,"
            f" vectors {built_now['vectors']:.1f} s; peak RSS {built_now['rss_mb']:.0f} MB"
        )
    with busy(args.busy):
        if args.drop_caches:
            drop_caches()
        ours = in_subprocess("dyadscope", str(path), asked, args.profile, args.budget)
    rows = [("dyadscope", ours["sentences"], meta["seconds"], ours)]
    base = None
    if not args.no_baseline:
        size = args.baseline_sentences or args.sentences
        base_path = path if size == args.sentences else ensure_store(size, args.workdir, args.regenerate)[0]
        folder, built = ensure_txtai(base_path, size, args.workdir, args.regenerate)
        with busy(args.busy):
            if args.drop_caches:
                drop_caches()
            base = in_subprocess("txtai", str(folder), asked, args.budget)
        rows.append(("txtai 9.14 hybrid (baseline)", built["sentences"], built["index"], base))
        console.print(
            f"txtai index: {built['sentences']:,} sentences in {built['index']:.0f} s, peak RSS while indexing"
            f" {built['index_rss_mb']:.0f} MB" + (" (cached)" if built["cached"] else "")
        )

    table = Table(
        title=f"ask latency, k={K}, one process each"
        + (f", {args.busy} other processes spinning" if args.busy else "")
        + f" (target: p95 ≤ {TARGET_P95_MS:.0f} ms, faster than txtai)"
    )
    columns = ["system", "sentences", "build/index time s", "load time s", "questions", "p50 ms", "p95 ms"]
    for column in [*columns, "peak RSS MB", "ratio vs baseline (p95)"]:
        table.add_column(column, justify="right")
    for name, sentences, build, r in rows:
        table.add_row(
            name,
            f"{sentences:,}",
            f"{build:.0f}",
            f"{r['load']:.1f}",
            f"{r['questions']}/{len(asked)}",
            f"{r['p50']:.1f}",
            f"{r['p95']:.1f}",
            f"{r['rss_mb']:.0f}",
            f"{_ratio(r, base):.2f}" if base else "-",
        )
    console.print(table)
    console.print(
        "build: dyadscope = writing the generated store (text, actors, vectors; not a real ingest),"
        " txtai = Embeddings.index. load: open + first question (dyadscope reads its saved indexes then)."
        " questions: answered within --budget. ratio: p95 over p95 of the baseline on the same questions (the"
        " first ones, if a system was stopped early); < 1 is faster than the baseline."
    )
    for name, _, _, r in rows:
        split = f" (vector index {r['index']:.1f} s, then the warm-up question)" if "index" in r else ""
        console.print(
            f"{name}: load {r['load']:.1f} s{split}; 1-min load average after its questions {r['loadavg']:.1f}"
        )
    for name, _, _, r in rows[:1]:
        verdict = "meets" if r["p95"] <= TARGET_P95_MS else "misses"
        faster = f", {1 / _ratio(r, base):.2f}× txtai's speed at p95" if base else ""
        console.print(f"{name}: p95 {r['p95']:.1f} ms {verdict} the {TARGET_P95_MS:.0f} ms target{faster}")
        if "parts" in r:
            console.print(f"  slowest question: {r['profile']['question']!r}; its steps (ms, median of 5 if fast):")
            for step, ms in r["parts"].items():
                console.print(f"  {ms:10.1f}  {step}")
            console.print(r["profile"]["stats"])


if __name__ == "__main__":
    main()
