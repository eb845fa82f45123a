"""POLECAT (Harvard Dataverse doi:10.7910/DVN/AJGVIT): coded in PLOVER, so no crosswalk is needed.

Tab-separated with a header (Event ID, Event Date, Event Type, Event Mode, Event Intensity or Intensity,
Quad Code, Contexts, Actor Name, Actor Country, …, Recipient Name, Recipient Country, …, Source, Publication
Date, …).
"""

from __future__ import annotations

from dyadscope.formats.coding import Coder
from dyadscope.formats.common import Record, read_table

POLECAT_COLUMNS = ["Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
                   "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors",
                   "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country",
                   "Recipient COW", "Primary Recipient Sector", "Recipient Sectors", "Recipient Title",
                   "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City", "District", "Province",
                   "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename", "Feature Type", "Source",
                   "Publication Date", "Story People", "Story Organizations", "Story Locations", "Language",
                   "Version"]  # fmt: skip
REQUIRED = ("Event ID", "Event Date", "Event Type", "Actor Country", "Recipient Country")


def read(lines: list[str], offset: int, coder: Coder) -> list[Record]:
    def code(record: Record, row: dict[str, str]) -> None:
        record.source_name, record.target_name = (
            row.get("Actor Name", "").strip(),
            row.get("Recipient Name", "").strip(),
        )
        record.where = row.get("Source", "").strip()
        coder.actors(record, row["Actor Country"], row["Recipient Country"])
        if record.skip is None:
            value = row.get("Event Intensity", row.get("Intensity", ""))
            coder.plover(record, row["Event Type"], row.get("Event Mode", ""), row.get("Contexts", ""), value)

    return read_table(lines, offset, code)
