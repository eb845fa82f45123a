"""The text → events pipeline: one spaCy `Doc` per document through named components. Pure: no I/O, no store.

    segment → kind → actors → dates → parse → candidates → event_type → roles → modality → events

(`dyadscope.nlp.components`, then `dyadscope.extract.components`.) One `Pipeline` holds the loaded models and
dictionaries, built once and reused for every document, so the same object serves the CLI, the Python API,
`dyadscope code -` and Dask workers. Its `extractor_version` is derived from the components' versions and the
hashes of the data files they use: a stored document made by another extractor is coded again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from spacy.tokens import Doc

import dyadscope.extract.components
import dyadscope.extract.role_component
import dyadscope.nlp.components
from dyadscope.data import files_digest
from dyadscope.models import Event, ProcessedDocument, RawDocument, Sentence
from dyadscope.nlp.actors import ActorMatcher, public
from dyadscope.nlp.components import Actors, Component, Dates
from dyadscope.nlp.dates import DateFinder
from dyadscope.nlp.language import build_language

COMPONENTS = (
    "dyadscope_segment",
    "dyadscope_kind",
    "dyadscope_actors",
    "dyadscope_dates",
    "dyadscope_parse",
    "dyadscope_candidates",
    "dyadscope_event_type",
    "dyadscope_roles",
    "dyadscope_modality",
    "dyadscope_events",
)
assert dyadscope.extract.components and dyadscope.extract.role_component  # imported for their registrations
HEAVY = COMPONENTS.index("dyadscope_parse")  # from here on, components run on a window of sentences at a time
WINDOW = 1_000  # sentences in a window: what parses and candidates hold at once, whatever the document's length


class Pipeline:
    """Everything loaded once; `process` turns a `RawDocument` into sentences and events."""

    def __init__(
        self,
        actor_files: Sequence[Path] = (),
        *,
        builtin_actors: bool = True,
        upto: str = COMPONENTS[-1],
        parser: bool = True,
    ) -> None:
        """`upto` stops the pipeline after a component (training reads the candidates before any model);
        `parser=False` does not load spaCy's model for the vocabulary (a pipeline that stops before parsing,
        such as the one questions are read with, starts in a third of the time)."""
        self.nlp = build_language(parser=parser)
        for name in COMPONENTS[: COMPONENTS.index(upto) + 1]:
            config = (
                {"actor_files": [str(p) for p in actor_files], "builtin": builtin_actors}
                if name == "dyadscope_actors"
                else {}
            )
            self.nlp.add_pipe(name, config=config)
        self.extractor_version = extractor_version(
            [(name, component) for name, component in self.nlp.pipeline if isinstance(component, Component)]
        )

    @property
    def actor_matcher(self) -> ActorMatcher:
        """The actor dictionaries as documents are read with them (questions are read with them too)."""
        component = self.nlp.get_pipe("dyadscope_actors")
        assert isinstance(component, Actors)
        return component.matcher

    @property
    def dates(self) -> DateFinder:
        component = self.nlp.get_pipe("dyadscope_dates")
        assert isinstance(component, Dates)
        return component.finder

    def run(self, raw: RawDocument, sentences: Sequence[Sentence] | None = None, *, every_kind: bool = False) -> Doc:
        """The document's `Doc` after every component; `sentences` fixes the segmentation (labelled data);
        `every_kind` codes a document whose kind is never coded for the store (a student's answer, to review).
        `doc._.events` holds the whole document's events; `doc._.parses`, `doc._.phrases` and `doc._.candidates`
        hold those of its last window of `WINDOW` sentences (all of a shorter document's)."""
        doc = self.nlp.make_doc(raw.text)
        doc._.raw = raw
        doc._.code_every_kind = every_kind
        if sentences is not None:
            doc._.sentences = list(sentences)
        for _, component in self.nlp.pipeline[:HEAVY]:
            doc = component(doc)
        heavy = self.nlp.pipeline[HEAVY:]
        if not heavy:
            return doc
        # The parse and what follows it keep a window of sentences at a time (5 MB of text peaked at 1.49 GB with
        # them held for the whole document, 1.01 GB by windows); what runs across sentences is carried from one
        # window to the next (`doc._.carried`: readings of the whole document made once, the subject before, the
        # events found so far), and the events are gathered until the last window.
        doc._.carried = {}
        count = len(doc._.sentences or [])
        starts = range(0, count, WINDOW) if count else range(1)
        for start in starts:
            doc._.window = (start, min(start + WINDOW, count), start + WINDOW >= count)
            for _, component in heavy:
                doc = component(doc)
        return doc

    def process(self, raw: RawDocument, *, every_kind: bool = False) -> ProcessedDocument:
        doc = self.run(raw, every_kind=every_kind)
        if doc._.events is None:
            raise ValueError("this pipeline stops before events are coded")
        sentences: list[Sentence] = doc._.sentences
        for sentence in sentences:
            sentence.mentions = [public(m) for m in sentence.mentions]
        return ProcessedDocument(raw, sentences, list(doc._.events), doc._.dyad, extractor=self.extractor_version)

    def code_text(self, text: str, *, anchor: date | None = None) -> list[Event]:
        """Code one text without a store (the `dyadscope code` command)."""
        digest = hashlib.sha256(text.encode()).hexdigest()
        raw = RawDocument("<text>", text, digest, "text/plain", "<text>", doc_date=anchor, news_like=anchor is not None)
        return self.process(raw, every_kind=True).events  # asked to code it: coded whatever its kind


def extractor_version(components: Sequence[tuple[str, Component]]) -> str:
    """A hash of every component's name, version and data files: what extraction's output depends on."""
    digest = hashlib.sha256()
    for name, component in components:
        digest.update(f"{name}:{component.version}:{files_digest(component.data_files)};".encode())
    return digest.hexdigest()[:16]
