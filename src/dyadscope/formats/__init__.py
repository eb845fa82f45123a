"""Event data in and out: import GDELT, ICEWS and POLECAT files; export events, the index and phases.

An imported file becomes one stored document (so re-importing the same content changes nothing and a
changed file replaces its old version, exactly like ingest). Each record becomes one short, readable
sentence ("PAKISTAN (PAK) → UNITED STATES (USA): Make a visit (CAMEO 042 → CONSULT:visit), Goldstein
+1.9; GDELT event 1010, https://…") and one event coded as the text coder codes it: CAMEO code →
PLOVER type, mode and contexts through the CAMEO→PLOVER crosswalk in `data/cameo/`, intensity the
record's own Goldstein score (else the code's Goldstein score, else the PLOVER score). The event keeps
its origin (gdelt | icews | polecat) and the record's own id (`source_id`).

Each format's module names the layout it follows; tests/data/formats/ has one small file of each.
"""

from dyadscope.formats.coding import cameo_crosswalk
from dyadscope.formats.common import (
    FORMATS,
    IMPORT_CONFIDENCE,
    IMPORTER_VERSION,
    ORIGINS,
    EventFile,
    FormatError,
    ImportResult,
    check_origin,
    content_hash,
    counted,
)
from dyadscope.formats.export import (
    csv_text,
    events_frame,
    export_events,
    export_index,
    export_phases,
    json_text,
    write_frame,
    write_rows,
)
from dyadscope.formats.gdelt import GDELT1_COLUMNS, GDELT2_COLUMNS
from dyadscope.formats.icews import ICEWS_COLUMNS
from dyadscope.formats.polecat import POLECAT_COLUMNS
from dyadscope.formats.reading import detect, iter_event_paths, parse_events, read_bytes, sniff

__all__ = [
    "FORMATS",
    "GDELT1_COLUMNS",
    "GDELT2_COLUMNS",
    "ICEWS_COLUMNS",
    "IMPORTER_VERSION",
    "IMPORT_CONFIDENCE",
    "ORIGINS",
    "POLECAT_COLUMNS",
    "EventFile",
    "FormatError",
    "ImportResult",
    "cameo_crosswalk",
    "check_origin",
    "content_hash",
    "counted",
    "csv_text",
    "detect",
    "events_frame",
    "export_events",
    "export_index",
    "export_phases",
    "iter_event_paths",
    "json_text",
    "parse_events",
    "read_bytes",
    "sniff",
    "write_frame",
    "write_rows",
]
