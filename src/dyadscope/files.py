"""Writing files so that a reader never sees half of one: reports, exports, uploads and the caches beside a store."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from platformdirs import user_data_dir


def default_db() -> Path:
    """The store used when none is named: `dyadscope.db` in the user's data directory."""
    return Path(user_data_dir("dyadscope", appauthor=False)) / "dyadscope.db"


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes owner-only files; a report is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
