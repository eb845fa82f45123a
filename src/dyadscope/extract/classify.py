"""The event-type classifier: which PLOVER type (or NONE) a candidate in its clause states.

Two stages, both trained by `training/train_event_model.py` on the project's labelled sentences
(`training/events/`, see its data card) and shipped in `dyadscope/data/models/event_type/` (model card there):

1. a static stage: logistic regression over the bundled static embedder's vectors of the clause and of the
   trigger (numpy only, ~0.1 ms a candidate); it settles the candidates it is sure of;
2. all-MiniLM-L6-v2 fine-tuned on the marked clause, int8-quantised, run with ONNX Runtime (no PyTorch), for the
   rest, its probabilities blended with the static stage's.

The threshold between them and the blend's weight were chosen on the training data's development fold, never on
the test split.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

import numpy as np

from dyadscope.data import data_path
from dyadscope.models import NO_EVENT

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_DIR = ("models", "event_type")
MAX_TOKENS = 64
HASHED = 1 << 13  # buckets for the static stage's parse features
BATCH = 32
STATIC_BATCH = 1024  # candidates the static stage holds features for at once: memory stays bounded
NONE = NO_EVENT


def model_files() -> tuple[Traversable, ...]:
    folder = data_path(*MODEL_DIR)
    return tuple(folder / name for name in ("model.onnx", "tokenizer.json", "config.json", "static.npz"))


@dataclass(frozen=True, slots=True)
class Prediction:
    type: str
    probability: float
    stage: str  # static | transformer


def with_kind(clause: str, features: Sequence[str], kind: str) -> tuple[str, tuple[str, ...]]:
    """A candidate's clause and features with its document's kind before them ("news : ..."): the same words are
    an event in a history and background in a news story ("the two countries fought a border war in 1998"), and
    the guidelines label them so (training/events/GUIDELINES.md)."""
    name = kind or "unknown"
    return f"{name} : {clause}", (*features, f"kind={name}")


def kind_marked(doc: Doc) -> list[tuple[str, tuple[str, ...]]]:
    """Each candidate's clause and features with the kind of the document it is in (`with_kind`), as the coder
    detected it or the user set it: read so both at training and at run time."""
    kind = doc._.raw.kind if doc._.raw is not None else ""
    return [with_kind(c.clause, c.features, kind) for c in doc._.candidates or []]


class EventTypeModel:
    """Loads both stages once; `predict` labels marked clauses."""

    def __init__(self, *, threads: int = 1, cascade: bool = True) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = data_path(*MODEL_DIR)
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.labels: list[str] = list(config["labels"])
        self.threshold = float(config.get("static_threshold", 1.01))
        self.static_weight = float(config.get("static_weight", 0.0))  # in the blend of the two stages
        # NONE's probability is multiplied by this before the choice (chosen on the dev fold's records): a
        # candidate is one word of its event, so most candidates of a sentence with an event are NONE in training
        # and the model says NONE more often than the sentences warrant.
        self.none_scale = float(config.get("none_scale", 1.0))
        # A type whose probability (after the scale) is below this floor is NONE: the least sure events are the
        # likeliest false ones, and a false event moves the index (chosen on the dev fold's records too).
        self.min_probability = float(config.get("min_probability", 0.0))
        # A model trained with the document's kind before each clause (`with_kind`) reads it so at run time too.
        self.kind_prefix = bool(config.get("kind_prefix", False))
        self.tokenizer = Tokenizer.from_str((folder / "tokenizer.json").read_text(encoding="utf-8"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession((folder / "model.onnx").read_bytes(), options, ["CPUExecutionProvider"])
        self.static: StaticStage | None = StaticStage(folder / "static.npz") if cascade else None

    def predict(
        self,
        clauses: Sequence[str],
        triggers: Sequence[str],
        features: Sequence[Sequence[str]],
        groups: Sequence[int] | None = None,
    ) -> list[Prediction]:
        """Each marked clause's type. `groups` (a candidate's sentence) lets the transformer batch the clauses of
        one group together (see `transformer`); without them, each clause is read alone."""
        results: list[Prediction | None] = [None] * len(clauses)
        rest = list(range(len(clauses)))
        static = np.zeros((len(clauses), len(self.labels)), dtype=np.float32)
        if self.static is not None and clauses:
            for first in range(0, len(clauses), STATIC_BATCH):  # its features take 33 KB a candidate
                part = slice(first, first + STATIC_BATCH)
                static[part] = self.static.probabilities(clauses[part], triggers[part], features[part])
            rest = []
            static = self.discount_none(static)
            for i, row in enumerate(static):
                best = int(row.argmax())
                if row[best] >= self.threshold:
                    results[i] = Prediction(self.labels[best], float(row[best]), "static")
                else:
                    rest.append(i)
        weight = self.static_weight if self.static is not None else 0.0
        grouped = [groups[i] for i in rest] if groups is not None else None
        for i, row in zip(rest, self.transformer([clauses[i] for i in rest], grouped), strict=True):
            blended = weight * static[i] + (1 - weight) * self.discount_none(row[None, :])[0]
            best = int(blended.argmax())
            results[i] = Prediction(self.labels[best], float(blended[best]), "transformer")
        return [self.floored(r) for r in results if r is not None]

    def floored(self, prediction: Prediction) -> Prediction:
        if prediction.type == NONE or prediction.probability >= self.min_probability:
            return prediction
        return Prediction(NONE, prediction.probability, prediction.stage)

    def discount_none(self, rows: np.ndarray) -> np.ndarray:
        """Rows of class probabilities with NONE's multiplied by `none_scale`, renormalised."""
        if self.none_scale == 1.0 or not len(rows):
            return rows
        out = rows.copy()
        out[:, self.labels.index(NONE)] *= self.none_scale
        return np.asarray(out / out.sum(axis=1, keepdims=True), dtype=np.float32)

    def transformer(self, clauses: Sequence[str], groups: Sequence[int] | None = None) -> np.ndarray:
        """Class probabilities from the fine-tuned transformer. A batch holds the rows of one group (without
        `groups`, one row): the int8 model scales its activations per batch, so a row's probabilities depend on
        the rows beside it (by up to 0.47 here, turning 10 of 1,500 candidates from one type to another), and
        batched by length across a whole document, a sentence was coded differently when the document grew."""
        out = np.zeros((len(clauses), len(self.labels)), dtype=np.float32)
        if not clauses:
            return out
        encodings = self.tokenizer.encode_batch(list(clauses))
        members: dict[int, list[int]] = {}
        for i, group in enumerate(range(len(clauses)) if groups is None else groups):
            members.setdefault(group, []).append(i)
        batches = [group[first : first + BATCH] for group in members.values() for first in range(0, len(group), BATCH)]
        for rows in batches:
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            logits = self.session.run(None, feed)[0]
            out[rows] = _softmax(logits)
        return out


class StaticStage:
    """Logistic regression over static embeddings of the clause and the trigger, and hashed parse features."""

    def __init__(self, path: Traversable) -> None:
        from dyadscope.nlp.embed import Embedder

        with path.open("rb") as handle:
            weights = np.load(handle)
            self.weights = np.asarray(weights["weights"], dtype=np.float32)
            self.bias = np.asarray(weights["bias"], dtype=np.float32)
        self.embedder = Embedder()

    def features(
        self, clauses: Sequence[str], triggers: Sequence[str], features: Sequence[Sequence[str]]
    ) -> np.ndarray:
        plain = [c.replace("«", " ").replace("»", " ") for c in clauses]
        return np.hstack([self.embedder.encode(plain), self.embedder.encode(list(triggers)), hashed(features)])

    def probabilities(
        self, clauses: Sequence[str], triggers: Sequence[str], features: Sequence[Sequence[str]]
    ) -> np.ndarray:
        return _softmax(self.features(clauses, triggers, features) @ self.weights + self.bias)


def hashed(features: Sequence[Sequence[str]]) -> np.ndarray:
    """Parse features as counts in `HASHED` buckets (a stable hash: crc32)."""
    out = np.zeros((len(features), HASHED), dtype=np.float32)
    for row, names in enumerate(features):
        for name in names:
            out[row, zlib.crc32(name.encode()) % HASHED] += 1.0
    return out


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True), dtype=np.float32)
