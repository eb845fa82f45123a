"""GDELT event files: tab-separated, no header, one CAMEO-coded record per line.

- GDELT 1.0: "GDELT Data Format Codebook V1.03" (8/25/2013): 57 fields (historical backfiles to March 2013)
  or 58 (daily files, SOURCEURL added).
- GDELT 2.0 event exports: "GDELT Event Codebook V2.0": 61 fields; every geography gains ADM2Code.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dyadscope.formats.coding import Coder
from dyadscope.formats.common import FormatError, Record, read_records

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]  # fmt: skip
_ACTION = ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
           "NumSources", "NumArticles", "AvgTone"]  # fmt: skip
_GEO_1 = ["Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID"]
_GEO_2 = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]


def _columns(geo: Sequence[str]) -> list[str]:
    return [
        "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
        *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR), *_ACTION,
        *(f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in geo),
        "DATEADDED", "SOURCEURL",
    ]  # fmt: skip


GDELT1_COLUMNS = _columns(_GEO_1)  # 58; the historical backfiles stop before SOURCEURL (57)
GDELT2_COLUMNS = _columns(_GEO_2)  # 61
WIDTHS = (57, 58, 61)


def is_header(line: str) -> bool:
    """GDELT files have no header, but a file someone saved from a table may start with the column names."""
    return line.split("\t")[0].strip().upper() == "GLOBALEVENTID"


def variant_of(path: Path, lines: list[str]) -> str:
    """gdelt-1.0 or gdelt-2.0, from the width of the first record (FormatError if it is neither)."""
    first = lines[1] if is_header(lines[0]) and len(lines) > 1 else lines[0]
    width = len(first.split("\t"))
    if width not in WIDTHS:
        raise FormatError(
            path, f"not a GDELT event file: its first record has {width} tab-separated fields "
            "(GDELT 1.0 has 57 or 58, GDELT 2.0 has 61)"
        )  # fmt: skip
    return "gdelt-2.0" if width == 61 else "gdelt-1.0"


def read(lines: list[str], offset: int, variant: str, coder: Coder) -> list[Record]:
    """Records of a GDELT file; every line must be as wide as the first (1.0 files are 57 or 58 wide)."""
    start = 1 if is_header(lines[0]) else 0
    width = len(lines[start].split("\t")) if len(lines) > start else 0

    def code(record: Record, row: dict[str, str]) -> None:
        record.source_name, record.target_name = row["Actor1Name"].strip(), row["Actor2Name"].strip()
        record.where = row.get("SOURCEURL", "").strip()
        coder.actors(record, row["Actor1CountryCode"], row["Actor2CountryCode"])
        if record.skip is None:
            coder.cameo(record, row["EventCode"], row["GoldsteinScale"])

    return read_records(
        (line.split("\t") for line in lines[start:]), first_line=offset + start + 1,
        columns=GDELT2_COLUMNS if variant == "gdelt-2.0" else GDELT1_COLUMNS, width=width,
        id_column="GLOBALEVENTID", date_column="SQLDATE", code=code,
    )  # fmt: skip
