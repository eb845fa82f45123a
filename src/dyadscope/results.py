"""What the API's calls return besides the models: one file's ingest result, and a list of events that converts
to the formats analysts use (`dyadscope.api` re-exports both)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dyadscope import formats
from dyadscope.models import Event
from dyadscope.serial import dumps

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    status: str  # added | replaced | unchanged | failed
    sentences: int = 0
    events: int = 0
    error: str | None = None
    kind: str = ""  # the document's kind as stored (models.DOCUMENT_KINDS)
    kind_origin: str = ""  # detected | kind-line | user


@dataclass(slots=True)
class EventList(Sequence[Event]):
    """A list of events that converts to the formats analysts use."""

    items: list[Event] = field(default_factory=list)

    def __getitem__(self, index: int) -> Event:  # type: ignore[override]
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.items)

    def to_pandas(self) -> pd.DataFrame:
        """One row per event, with its evidence, its origin (text, gdelt, icews, polecat) and source id."""
        return formats.events_frame(self.items)

    def to_dicts(self) -> list[dict[str, object]]:
        return [e.to_dict() for e in self.items]

    def to_json(self) -> str:
        return dumps(self.items)

    def export(self, path: Path | str, fmt: str | None = None) -> str:
        """Write as json (`to_json`), csv or parquet (`to_pandas`); returns the kind, ValueError for another."""
        return formats.export_events(self.items, Path(path), fmt)
