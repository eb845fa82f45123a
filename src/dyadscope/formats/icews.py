"""ICEWS coded event data (Harvard Dataverse doi:10.7910/DVN/28075): CAMEO-coded, countries given by name.

Tab-separated with a header of 20 named columns (Event ID, Event Date, Source Name, Source Sectors, Source
Country, Event Text, CAMEO Code, Intensity, Target Name, …).
"""

from __future__ import annotations

from dyadscope.formats.coding import Coder
from dyadscope.formats.common import Record, read_table

ICEWS_COLUMNS = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
                 "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
                 "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
                 "Longitude"]  # fmt: skip
REQUIRED = ("Event ID", "Event Date", "Source Country", "CAMEO Code", "Target Country")


def read(lines: list[str], offset: int, coder: Coder) -> list[Record]:
    def code(record: Record, row: dict[str, str]) -> None:
        record.source_name, record.target_name = row.get("Source Name", "").strip(), row.get("Target Name", "").strip()
        story = row.get("Story ID", "").strip()
        record.where = ", ".join(p for p in (row.get("Publisher", "").strip(), f"story {story}" if story else "") if p)
        coder.actors(record, row["Source Country"], row["Target Country"])
        if record.skip is None:
            coder.cameo(record, row["CAMEO Code"], row.get("Intensity", ""))
            if record.skip is None and row.get("Event Text", "").strip():
                record.name = row["Event Text"].strip()  # the data set's own wording of the event

    return read_table(lines, offset, code)
