"""How `training/train_event_model.py` turns labelled sentences into examples (the script trains nothing here).

Written after the change it tests (2026-12-07): a candidate the annotators left unmarked whose trigger-lexicon type
is a type its sentence has restates that event ("fired on protesters, killing 40") and is left out of training,
not taught as NONE; a candidate of another type, or in a sentence with no such event, is still NONE.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest

from dyadscope.eval.labelled import GoldEvent, GoldSentence
from dyadscope.models import RawDocument
from dyadscope.pipeline import Pipeline

SCRIPT = Path(__file__).resolve().parents[1] / "training" / "train_event_model.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_event_model", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_event_model", module)
    spec.loader.exec_module(module)
    return module


def _features(text: str, word: str) -> tuple[str, ...]:
    raw = RawDocument("t.txt", text, "0" * 64, "text/plain", "t")
    doc = Pipeline(upto="dyadscope_candidates").run(raw, every_kind=True)
    return next(c.features for c in doc._.candidates or [] if c.text == word)


def test_a_word_that_restates_its_sentences_event_is_no_example_of_none() -> None:
    restates = _script().restates
    text = "In May 1992 Thai troops fired on protesters in Bangkok, killing 40 people."
    features = _features(text, "killing")
    start = text.index("fired on")
    fired = GoldEvent("fired on", start, start + 8, "ASSAULT", "180", ["THA:mil"], ["THA:protesters"], False, False)
    assert restates(features, GoldSentence("s", text, "news", [fired]))
    talks = GoldEvent("fired on", start, start + 8, "CONSULT", "040", ["THA"], [], False, False)
    assert not restates(features, GoldSentence("s", text, "news", [talks]))
    assert not restates(features, GoldSentence("s", text, "news", []))


def test_a_model_trained_with_the_kind_reads_it_at_run_time_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--kind-prefix` trains on the document's kind before each clause ("news : ..."); a model whose config says so
    must be given the same at run time, from the kind the coder detects (written with the option, 2026-12-07)."""
    from dyadscope.extract.classify import Prediction
    from dyadscope.extract.components import EventType

    pipeline = Pipeline()
    component = pipeline.nlp.get_pipe("dyadscope_event_type")
    assert isinstance(component, EventType)
    read: list[tuple[str, tuple[str, ...]]] = []
    predict = component.model.predict

    def spy(
        clauses: Sequence[str],
        triggers: Sequence[str],
        features: Sequence[Sequence[str]],
        groups: Sequence[int] | None = None,
    ) -> list[Prediction]:
        read.extend(zip(clauses, (tuple(f) for f in features), strict=True))
        return predict(clauses, triggers, features, groups)

    monkeypatch.setattr(component.model, "predict", spy)
    text = "NAIROBI, March 3 (Reuters) - Kenya recalled its ambassador from Uganda on Friday, officials said."
    processed = pipeline.process(RawDocument("k.txt", text, "1" * 64, "text/plain", "k"), every_kind=True)
    assert processed.raw.kind
    assert read and not any(clause.startswith(f"{processed.raw.kind} : ") for clause, _ in read)  # no prefix
    read.clear()
    monkeypatch.setattr(component.model, "kind_prefix", True)
    processed = pipeline.process(RawDocument("k.txt", text, "1" * 64, "text/plain", "k"), every_kind=True)
    kinds = {clause.split(" : ")[0] for clause, _ in read}
    assert read and kinds == {processed.raw.kind}, kinds
    assert all(f"kind={processed.raw.kind}" in features for _, features in read)
