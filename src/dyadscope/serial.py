"""One way from the models to JSON (issue 17, part 5): `plain(value)` turns a dataclass into the dicts, lists,
strings and numbers `json.dumps` writes, field by field, and every model that the API returns gets `to_dict` and
`to_json` from `Plain`. What a field looks like in JSON is said where the field is declared, by its metadata
(`as_json(...)`): another name, a number of digits, a half-point score, or left out; a class adds computed values
(properties) with `JSON_EXTRA`.

    @dataclass(slots=True)
    class Driver(Plain):
        issue: str = field(metadata=as_json(name="context"))
        contribution: float = field(metadata=as_json(digits=3))

Dates are ISO strings (a timestamp at midnight is its day), tuples are lists, NaN is null.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import PurePath
from typing import Any, ClassVar

_KEY = "dyadscope.json"


def as_json(
    *, name: str | None = None, digits: int | None = None, half: bool = False, skip: bool = False
) -> dict[str, Any]:
    """A field's metadata saying how it is written: under `name`, rounded to `digits`, as a score in halves
    (3 rather than 3.0), or not at all (`skip`: working state, or what another field already says)."""
    return {_KEY: {"name": name, "digits": digits, "half": half, "skip": skip}}


SKIP = as_json(skip=True)
_PLAIN: dict[str, Any] = {"name": None, "digits": None, "half": False, "skip": False}


def half(value: float) -> float | int:
    """A score as JSON shows it: 3 rather than 3.0, 2.5 as it is."""
    return int(value) if float(value).is_integer() else value


def plain(value: Any, how: Mapping[str, Any] = _PLAIN) -> Any:
    """`value` as JSON's types: dataclasses by their fields' metadata, then their class's `JSON_EXTRA`."""
    if is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for item in fields(value):
            spec = item.metadata.get(_KEY, _PLAIN)
            if not spec["skip"]:
                out[spec["name"] or item.name] = plain(getattr(value, item.name), spec)
        for name, spec in getattr(type(value), "JSON_EXTRA", {}).items():
            out[name] = plain(getattr(value, name), spec[_KEY])
        return out
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if how["half"]:
            return half(value)
        return round(value, how["digits"]) if how["digits"] is not None else value
    if isinstance(value, datetime):  # before date: a datetime is a date; pandas' Timestamp is a datetime
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v, how) for v in value]
    return value


class Plain:
    """`to_dict` and `to_json` for a dataclass, through `plain`."""

    __slots__ = ()
    JSON_EXTRA: ClassVar[dict[str, dict[str, Any]]] = {}

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = plain(self)
        return data

    def to_json(self) -> str:
        return dumps(self)


def dumps(value: Any) -> str:
    """`value` (a model, or a list of them) as indented JSON text, non-ASCII kept."""
    return json.dumps(plain(value), ensure_ascii=False, indent=2)
