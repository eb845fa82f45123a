"""Fuzz targets, run in CI with a bounded number of examples: the coder, the date finder and every reader.

Each target feeds generated input (pieces of political prose, dates, numbers, runs of punctuation, other
scripts, control characters, broken files) and checks what the issue asks: no exception other than the
documented one-line `IngestError`, no input that takes over `LIMIT` seconds, and no date interval whose
start is after its end. A true hang is cut by an alarm at `ALARM` seconds so CI fails instead of stalling.

Examples are derandomised (the same ones every CI run) unless `DYADSCOPE_FUZZ=random`; raise the count with
`DYADSCOPE_FUZZ_EXAMPLES=2000` for a longer hunt on a workstation.
"""

from __future__ import annotations

import io
import os
import signal
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings, target
from hypothesis import strategies as st

from dyadscope.ingest import SUPPORTED_SUFFIXES, IngestError, read_document
from dyadscope.models import DateInterval, RawDocument
from dyadscope.nlp.dates import DateFinder, load_named_periods
from dyadscope.pipeline import Pipeline

LIMIT = 2.0  # seconds any one input may take
ALARM = 20  # seconds after which an input counts as a hang and is stopped
EXAMPLES = int(os.environ.get("DYADSCOPE_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    deadline=None,  # timed here, after a warm-up, not by hypothesis (its first call would load the models)
    derandomize=os.environ.get("DYADSCOPE_FUZZ") != "random",
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

PROSE = [
    "Pakistan", "India", "China", "the United States", "Washington", "Beijing", "the Soviet Union", "Iran",
    "Israel", "Egypt", "Greece", "Turkey", "President Nixon", "Prime Minister Nehru", "the UN", "NATO",
    " signed ", " attacked ", " condemned ", " visited ", " suspended aid to ", " imposed sanctions on ",
    " agreed with ", " threatened ", " did not sign ", " may attack ", " was attacked by ", " met ",
    "In 1971 ", "in May 1998", "on 11 September 2001", "the 1990s", "since 1955", "the Act of 1961",
    "between 1965 and 1962", "1990-1980", "from 2024 to 1947", "during the Cold War", "under Musharraf",
    "Q3 2019", "mid-1980s", "19th century", "0", "9999", "31/02/2001", "$1.2 billion", "24 soldiers",
    ". ", ", ", "; ", ": ", "\n", "\n\n", "# ", "## 1950s\n", "- ", "| a | b |\n", "(", ")", '"', "'",
    "=" * 40, "-" * 30, "." * 25, "!?" * 10, "\u200b", "\u00a0", "\x00", "\ufeff", "پاکستان", "中国", "🇵🇰",
    "A" * 300, "a " * 200,
]  # fmt: skip
prose = st.lists(st.one_of(st.sampled_from(PROSE), st.text(max_size=12)), max_size=60).map("".join)


@contextmanager
def bounded(what: str) -> Iterator[None]:
    """Fail when the body takes over LIMIT seconds; stop it at ALARM seconds (a hang)."""

    def hang(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"{what}: still running after {ALARM} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(ALARM)
    started = time.perf_counter()
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    took = time.perf_counter() - started
    assert took <= LIMIT, f"{what} took {took:.1f} s (limit {LIMIT} s)"


def ordered(interval: DateInterval | None) -> bool:
    return interval is None or interval.start <= interval.end


@pytest.fixture(scope="module")
def warm(pipeline: Pipeline) -> Pipeline:
    pipeline.process(RawDocument("warm.md", "In 1971 India attacked Pakistan.", "warm", "text/markdown", "Warm"))
    return pipeline


@settings(FUZZ, max_examples=EXAMPLES or 60)
@given(text=prose)
def test_the_coder_takes_any_text(warm: Pipeline, text: str) -> None:
    raw = RawDocument("fuzz.md", text, f"fuzz-{hash(text)}", "text/markdown", "Fuzz")
    with bounded(f"coding {text[:60]!r}"):
        done = warm.process(raw)
    target(float(len(done.events)), label="events")  # steer towards texts the coder finds events in
    for sentence in done.sentences:
        assert ordered(sentence.date), sentence
        assert all(ordered(m.interval) for m in sentence.dates)
    for event in done.events:
        assert ordered(event.date), event
        assert event.evidence.text and -10.0 <= event.intensity <= 10.0  # the Goldstein scale
        assert 0.0 <= event.confidence <= 1.0


FINDER = DateFinder(load_named_periods())


@settings(FUZZ, max_examples=EXAMPLES or 400)
@given(text=st.one_of(prose, st.text(max_size=400)), anchor=st.one_of(st.none(), st.dates()))
def test_the_date_finder_takes_any_text(text: str, anchor: date | None) -> None:
    with bounded(f"dates in {text[:60]!r}"):
        found = FINDER.find(text, anchor)
    for mention in found:
        assert ordered(mention.interval), mention
        assert text[mention.start : mention.end] == mention.text


def _docx(body: str) -> bytes:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", xml)
    return buffer.getvalue()


SEEDS = {
    ".txt": b"In 1971 India and Pakistan went to war.\n",
    ".md": b"# Talks\n\nIn 1954 India and China signed an agreement.\n",
    ".html": b"<html><head><title>T</title></head><body><p>In 1990 the US suspended aid.</p></body></html>",
    ".htm": b"<p>In 1990 the US suspended aid.</p>",
    ".docx": _docx("In 1990 the US suspended aid to Pakistan."),
    ".pdf": b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n",
}


@settings(FUZZ, max_examples=EXAMPLES or 150)
@given(
    suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)),
    edits=st.lists(st.tuples(st.integers(0, 4_000), st.binary(min_size=1, max_size=16)), max_size=6),
    cut=st.one_of(st.none(), st.integers(0, 4_000)),
)
def test_every_reader_takes_any_bytes(suffix: str, edits: list[tuple[int, bytes]], cut: int | None) -> None:
    data = bytearray(SEEDS.get(suffix, SEEDS[".txt"]))
    for offset, chunk in edits:
        position = offset % (len(data) + 1)
        data[position : position + len(chunk)] = chunk
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "fuzz" + suffix)
        path.write_bytes(bytes(data))
        try:
            with bounded(f"reading {len(data)} bytes as {suffix}"):
                doc = read_document(path)
        except IngestError as error:
            assert "\n" not in str(error) and "fuzz" in str(error)
        else:
            assert doc.text == doc.text.strip()
