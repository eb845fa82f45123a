"""The document kinds of `models.DOCUMENT_KINDS` as `data/document_kinds.csv` describes them: label, the names a
user may write, whether a kind is coded, its weight in the index and as evidence (docs/index.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from dyadscope.data import data_path
from dyadscope.errors import InputError, ModelError
from dyadscope.models import DOCUMENT_KINDS


@dataclass(frozen=True, slots=True)
class KindEntry:
    """One row of data/document_kinds.csv."""

    kind: str
    label: str
    aliases: tuple[str, ...]
    coded: bool  # events are coded from it
    index_weight: float  # an event's weight in the index is multiplied by it
    evidence_weight: float  # a sentence's score in answers and notes is multiplied by it (0: never evidence)
    description: str


@cache
def kind_table() -> dict[str, KindEntry]:
    with data_path("document_kinds.csv").open(encoding="utf-8") as handle:
        rows = {
            row["kind"]: KindEntry(
                row["kind"],
                row["label"],
                tuple(a.strip().lower() for a in row["aliases"].split("|") if a.strip()),
                row["coded"] == "yes",
                float(row["index_weight"]),
                float(row["evidence_weight"]),
                row["description"],
            )
            for row in csv.DictReader(handle)
        }
    if set(rows) != set(DOCUMENT_KINDS):
        raise ModelError(f"data/document_kinds.csv: kinds {sorted(rows)} are not {sorted(DOCUMENT_KINDS)}")
    return rows


KIND_TABLE = kind_table()
UNKNOWN_WEIGHT = 1.0  # kind "": stored before kinds were read, or imported event data (GDELT, ICEWS, POLECAT)


def index_weight(kind: str) -> float:
    entry = KIND_TABLE.get(kind)
    return entry.index_weight if entry is not None else UNKNOWN_WEIGHT


def evidence_weight(kind: str) -> float:
    entry = KIND_TABLE.get(kind)
    return entry.evidence_weight if entry is not None else UNKNOWN_WEIGHT


def coded(kind: str) -> bool:
    entry = KIND_TABLE.get(kind)
    return entry.coded if entry is not None else True


def parse_kind(value: str) -> str:
    """A kind from what a user wrote ("Study note", "op-ed", "nonprose"); ValueError naming the kinds."""
    wanted = " ".join(value.strip().lower().replace("_", " ").split())
    for entry in KIND_TABLE.values():
        if wanted in (entry.kind, entry.label, *entry.aliases):
            return entry.kind
    raise InputError(f"unknown document kind {value.strip()!r} (one of {', '.join(DOCUMENT_KINDS)})")
