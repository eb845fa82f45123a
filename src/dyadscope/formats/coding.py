"""Coding a record as the text coder codes events: CAMEO → PLOVER through the crosswalk, or PLOVER as given."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from dyadscope.formats.common import Record

if TYPE_CHECKING:
    from dyadscope.extract.lexicon import Scores

_DATA = resources.files("dyadscope") / "data"


@dataclass(frozen=True, slots=True)
class _Cameo:
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    name: str


@cache
def cameo_crosswalk() -> dict[str, _Cameo]:
    """CAMEO code → PLOVER type, mode, contexts and the code's name, from `data/cameo/CAMEO2PLOVER-2021.txt`.

    Root and base codes stand for their children's default ("08: CONCEDE"). As in the trigger lexicon,
    sanctions (163) are SANCTION 'discontinue', as the PLOVER manual says, not the crosswalk's COERCE.
    CAMEO 01 (statements) and 02 (appeals) have no PLOVER type: PLOVER does not code commentary.
    """
    text = (_DATA / "cameo" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    table: dict[str, _Cameo] = {}
    for line in text.splitlines():
        match = re.match(r"^(\d{2,4}):\s*([^#]*)(?:#\s*(.*))?$", line)
        if not match:
            continue
        parts = [p.strip() for p in match.group(2).split(",")]
        contexts = tuple(dict.fromkeys(c.strip() for c in (parts[2] if len(parts) > 2 else "").split(";") if c.strip()))
        entry = _Cameo(parts[0], (parts[1] if len(parts) > 1 else "") or None, contexts, (match.group(3) or "").strip())
        table.setdefault(match.group(1), entry)
    sanction = table["163"]
    table["163"] = _Cameo("SANCTION", "discontinue", ("economic",), sanction.name)
    return table


@cache
def _cameo_names() -> dict[str, str]:
    with (_DATA / "cameo" / "cameo_goldstein.csv").open(encoding="utf-8") as handle:
        return {row["code"]: row["name"][:1].upper() + row["name"][1:].lower() for row in csv.DictReader(handle)}


class Coder:
    """The shared coding data: crosswalk, Goldstein and PLOVER scores, and country names."""

    def __init__(self) -> None:
        from dyadscope.extract.lexicon import Scores

        self.scores: Scores = Scores()
        self.crosswalk = cameo_crosswalk()
        self.types = frozenset(t for t, _ in self.scores.plover)
        self.countries = _countries()

    def cameo(self, record: Record, raw_code: str, value: str) -> None:
        """Code a CAMEO record: PLOVER type, mode, contexts; intensity its own value, else Goldstein's."""
        code = raw_code.strip()
        if not code.isdigit():
            record.skip = "malformed CAMEO code"
            return
        if code not in self.scores.goldstein and len(code) < 4 and code.zfill(len(code) + 1) in self.scores.goldstein:
            code = code.zfill(len(code) + 1)  # a leading zero lost to a spreadsheet ("42" for "042")
        entry = self.crosswalk.get(code) or self.crosswalk.get(code[:3]) or self.crosswalk.get(code[:2])
        if entry is None:
            record.skip = "no PLOVER type (CAMEO 01 statements, 02 appeals)" if code[:2] in ("01", "02") else (
                "unknown CAMEO code")  # fmt: skip
            return
        record.cameo, record.type, record.mode, record.contexts = code, entry.type, entry.mode, list(entry.contexts)
        exact = self.crosswalk.get(code)
        record.name = (exact.name if exact else "") or _cameo_names().get(code) or entry.name or entry.type
        intensity = _number(value)
        if intensity is None:
            intensity = self.scores.goldstein.get(code)
        record.intensity = intensity if intensity is not None else self._plover(record.type, record.mode)

    def plover(self, record: Record, etype: str, mode: str, contexts: str, value: str) -> None:
        """Code a PLOVER record: its type must be one of PLOVER's; intensity its own value, else PLOVER's."""
        record.type = etype.strip().upper()
        if record.type not in self.types:
            record.skip = "unknown PLOVER type"
            return
        record.mode = mode.strip().lower() or None
        record.contexts = list(dict.fromkeys(c.strip().lower() for c in re.split(r"[;,|]", contexts) if c.strip()))
        record.name = record.type + (f":{record.mode}" if record.mode else "")
        intensity = _number(value)
        record.intensity = intensity if intensity is not None else self._plover(record.type, record.mode)

    def _plover(self, etype: str, mode: str | None) -> float:
        return self.scores.plover.get((etype, mode), self.scores.plover[(etype, None)])

    def actors(self, record: Record, source: str, target: str) -> None:
        record.source = self.codes(source)
        record.target = self.codes(target)
        if not record.source or not record.target:
            record.skip = "not two countries"
        elif record.source[0] == record.target[0]:
            record.skip = "one country on both sides"

    def codes(self, value: str) -> list[str]:
        found: list[str] = []
        for part in re.split(r"[;|]", value):
            code = self.countries(part)
            if code and code not in found:
                found.append(code)
        return found


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if -10.0 <= number <= 10.0 else None


def _countries() -> Callable[[str], str | None]:
    """A country code or name → the project's code (ISO 3166-1 alpha-3, or ISO 3166-3 for former states)."""
    with (_DATA / "actors" / "countries.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = {row["code"] for row in rows}
    names: dict[str, str] = {}
    for row in rows:
        for name in [row["name"], *row["aliases"].split("|")]:
            if name.strip():
                names.setdefault(name.strip().casefold(), row["code"])

    @cache
    def lookup(value: str) -> str | None:
        text = value.strip()
        if not text or text.casefold() in ("none", "null", "nan"):
            return None
        if text.upper() in codes and len(text) == 3:
            return text.upper()
        if text.casefold() in names:
            return names[text.casefold()]
        import pycountry

        for database in (pycountry.countries, pycountry.historic_countries):
            try:
                code = str(database.lookup(text).alpha_3)
            except LookupError:
                continue
            if code in codes:
                return code
        return None

    return lookup
