"""Analysis results kept beside the store, so a question on a warm store does not measure the relationship again,
and a report does not read a million events from SQLite again.

`ask` names the phases its points fall in. Finding phases needs pandas and ruptures, which take longer to import
(0.8 s) than the rest of an answer; the phases of a dyad change only when the store does. So they are kept as
JSON in the store's index folder (`pakus.db.index/phases/`), in a file named by the dyad, the period length, the
store's generation and a fingerprint of the analysis code and its data: any new document, and any change of the
method, makes a new file, and older files of the dyad are removed. The folder is safe to delete; a store the
user may only read keeps nothing and measures every time.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadscope.files import write_atomic
from dyadscope.store import Store, index_folder

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)


@cache
def fingerprint() -> str:
    """A hash of the analysis code, the code that picks a pair's measured events, and the data both read: a
    changed method never reads an old result."""
    package = resources.files("dyadscope")
    digest = hashlib.sha256()
    sources = sorted((p for p in (package / "analyze").iterdir() if p.name.endswith(".py")), key=lambda p: p.name)
    measured = [package / "models.py", package / "store" / "events.py", package / "query.py"]  # which events
    data = [package / "data" / "lexicon" / "issues.yaml", package / "data" / "actors" / "successions.csv"]
    for source in [*sources, *measured, *data]:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def kept_phases(
    store: Store, dyad: tuple[str, str], by: str, measure: Callable[[], list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The dyad's phases as `Phase.to_dict()` gives them: read from the kept file, or measured and kept."""
    folder = index_folder(store.path) / "phases"
    name = f"{'-'.join(sorted(dyad))}-{by}"
    path = folder / f"{name}-{store.generation()}-{fingerprint()}.json"
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(found, list):
            return found
    except (OSError, ValueError):
        pass
    phases = measure()
    if not store.read_only:
        _keep(path, phases)
        for old in folder.glob(f"{name}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    return phases


def _keep(path: Path, phases: list[dict[str, Any]]) -> None:
    try:
        write_atomic(path, json.dumps(phases).encode())
    except OSError as error:  # a full disk or a folder that cannot be written: measured again next time
        log.debug("phases not kept (%s): %s", path, error)


def kept_frame(store: Store, name: str, read: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """A dyad's measured events as `Store.events_frame` reads them (`name`: the dyad, its predecessors and the
    origin), kept as Parquet beside the store (`pakus.db.index/frames/`) until the store or the method changes:
    reading a million events from SQLite takes seconds, a column file a fraction of one."""
    import pandas as pd

    folder = index_folder(store.path) / "frames"
    path = folder / f"{name}-{store.generation()}-{fingerprint()}.parquet"
    try:
        found: pd.DataFrame = pd.read_parquet(path)
        return found
    except (OSError, ValueError, ImportError):
        pass
    frame = read()
    if not store.read_only and len(frame):
        try:
            write_atomic(path, frame.to_parquet(index=False))
        except (OSError, ValueError) as error:  # a full disk, a folder that cannot be written: read again next time
            log.debug("frame not kept (%s): %s", path, error)
            return frame
        for old in folder.glob(f"{name}-*.parquet"):
            if old != path:
                old.unlink(missing_ok=True)
    return frame
