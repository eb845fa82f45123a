"""Sentence embeddings from the bundled static model (distilled from all-MiniLM-L6-v2).

Vectors are unit length, so a dot product is the cosine. They are stored as float16: half
the bytes, and the rounding (~1e-3) is far below the differences retrieval relies on.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from model2vec import StaticModel

BUNDLED = "minilm-l6-m2v-256-int8"  # the name stored with every vector, so a model change is noticed


class Embedder:
    """Loads the model once; `encode` turns sentences into unit float32 vectors."""

    def __init__(self) -> None:
        from model2vec import StaticModel  # imported here: coding text needs no embedder

        with resources.as_file(resources.files("dyadscope") / "data" / "embedder") as folder:
            self.model: StaticModel = StaticModel.from_pretrained(str(folder))
        self.name = BUNDLED  # stored with every vector: vectors of another model are recomputed
        self.dims = int(self.model.dim)

    def encode_in_context(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """(sentence, context) pairs → each sentence's vector nudged towards its context.

        "Aid was suspended." means little alone; under "1990s: Estrangement" it is findable by the questions
        it answers. Mean-pooled static vectors would let a long title drown a short sentence if the two were
        embedded as one text, so the context is added with a fixed, smaller weight instead. A document's
        sentences share a dozen contexts, so each distinct one is encoded once.
        """
        texts = self.encode([text for text, _ in pairs])
        distinct = list(dict.fromkeys(context for _, context in pairs))
        row_of = {context: row for row, context in enumerate(distinct)}
        contexts = self.encode(distinct)[[row_of[context] for _, context in pairs]] if pairs else texts
        return _unit(texts + CONTEXT_WEIGHT * contexts)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        return _unit(np.asarray(self.model.encode(list(texts), show_progress_bar=False), dtype=np.float32))


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


CONTEXT_WEIGHT = 0.3


def sentence_context(title: str, source: str | None, section_path: Sequence[str]) -> str:
    """What a sentence is part of: its document's title, its section heading and the document's source
    line (which often names what the title does not: "Enhanced Partnership with Pakistan Act of 2009")."""
    heading = section_path[-1] if section_path and section_path[-1] != title else ""
    return " | ".join(part for part in (title, heading, (source or "")[:200]) if part)


def to_blob(vector: np.ndarray) -> bytes:
    return vector.astype(np.float16).tobytes()


def from_blobs(blobs: Sequence[bytes], dims: int) -> np.ndarray:
    """Stored vectors back as one float16 matrix (rows in the order given)."""
    if not blobs:
        return np.zeros((0, dims), dtype=np.float16)
    return np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(blobs), dims)
