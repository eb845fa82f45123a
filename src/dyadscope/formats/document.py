"""Records → the stored document: one readable sentence per record, and the event it codes."""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dyadscope.formats.common import (
    IMPORT_CONFIDENCE,
    IMPORTER_VERSION,
    LABELS,
    EventFile,
    Record,
    content_hash,
)
from dyadscope.models import (
    DateInterval,
    Event,
    Evidence,
    ImportedEvent,
    Mention,
    ProcessedDocument,
    RawDocument,
    Sentence,
)
from dyadscope.nlp.embed import sentence_context

if TYPE_CHECKING:
    from dyadscope.extract.lexicon import CueTagger


def describe(record: Record, label: str) -> str:
    """ "PAKISTAN (PAK) → UNITED STATES (USA): Make a visit (CAMEO 042 → CONSULT:visit), Goldstein +1.9; …"."""

    def side(name: str, codes: list[str]) -> str:
        joined = "/".join(codes)
        return f"{name} ({joined})" if name and name.upper() != joined else joined

    plover = record.type + (f":{record.mode}" if record.mode else "")
    what = f"{record.name} (CAMEO {record.cameo} → {plover})" if record.cameo else plover
    scale = "Goldstein" if record.cameo else "intensity"
    where = f", {record.where}" if record.where else ""
    return (
        f"{side(record.source_name, record.source)} → {side(record.target_name, record.target)}: {what}, "
        f"{scale} {record.intensity:+.1f}".replace("-", "−")
        + f"; {label} event {record.source_id}{where}"
    )


def build_document(path: Path, data: bytes, variant: str, records: list[Record]) -> EventFile:
    """The document of the file's described records, with one event per record that was not skipped."""
    digest = content_hash(data)
    origin = variant.split("-")[0]
    label = LABELS[variant]
    title = f"{label} events: {path.name}"
    source = f"{label} event data"
    coder_issues = _issue_tagger()
    sentences: list[Sentence] = []
    events: list[Event] = []
    texts: list[str] = []
    position = 0
    skipped: Counter[str] = Counter()
    for record in records:
        if record.skip is not None or record.day is None:
            skipped[record.skip or "malformed id or date"] += 1
            continue
        text = describe(record, label)
        index = len(sentences)
        interval = DateInterval(record.day, record.day, "day")
        sentence = Sentence(index, position, position + len(text), text, paragraph=index, date=interval)
        sentence.context = sentence_context(title, source, ())
        for code in dict.fromkeys(record.source + record.target):
            at = text.find(f"({code})")
            at = at + 1 if at >= 0 else text.find(code)
            if at >= 0:
                start = position + at
                sentence.mentions.append(Mention(start, start + len(code), code, code, "country", code))
        sentences.append(sentence)
        evidence = Evidence(str(path), title, index, sentence.start, sentence.end, text)
        key = f"{digest}|{origin}|{record.source_id}|{record.line}"
        events.append(
            ImportedEvent(
                "ev_" + hashlib.sha256(key.encode()).hexdigest()[:16], record.source, record.target, record.type,
                record.mode, record.contexts, record.cameo, float(record.intensity), False, False, interval, False,
                IMPORT_CONFIDENCE, evidence, record.name,
                coder_issues(" ".join((record.name, record.source_name, record.target_name))),
                origin=origin, source_id=record.source_id,
            )
        )  # fmt: skip
        texts.append(text)
        position += len(text) + 1
    dyads = Counter(e.dyad for e in events)
    main = tuple(dyads.most_common(1)[0][0].split("-")) if dyads else None
    raw = RawDocument(str(path), "\n".join(texts), digest, f"events/{variant}", title, source)
    dyad = (main[0], main[1]) if main else None
    document = ProcessedDocument(raw, sentences, events, dyad, extractor=IMPORTER_VERSION)
    return EventFile(document, variant, len(records), skipped)


@cache
def _issue_tagger() -> CueTagger:
    from dyadscope.extract.lexicon import CueTagger

    return CueTagger("issues.yaml")
