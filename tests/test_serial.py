"""One serialisation path from the models to JSON (issue 17, part 5): `dyadscope.serial.plain`, driven by the
fields' metadata, and no hand-written `to_dict` left in the package."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from dyadscope.analyze.phases import Driver, Phase
from dyadscope.models import DateInterval, Event, Evidence, ImportedEvent
from dyadscope.review.findings import Criterion, Finding, Mark
from dyadscope.serial import SKIP, Plain, as_json, plain

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dyadscope"
SCHEMA = PACKAGE.parents[1] / "docs" / "schema.md"


@dataclass(slots=True)
class Inner(Plain):
    when: date
    score: float = field(metadata=as_json(half=True))


@dataclass(slots=True)
class Outer(Plain):
    name: str = field(metadata=as_json(name="label"))
    ratio: float = field(metadata=as_json(digits=2))
    missing: float
    inner: tuple[Inner, ...]
    scratch: list[str] = field(default_factory=list, metadata=SKIP)
    JSON_EXTRA: ClassVar[dict[str, dict[str, Any]]] = {"total": as_json(half=True)}

    @property
    def total(self) -> float:
        return sum(i.score for i in self.inner)


def test_fields_are_written_as_their_metadata_says() -> None:
    outer = Outer("Chile–Japan", 0.12345, float("nan"), (Inner(date(1990, 3, 1), 3.0), Inner(date(1991, 1, 1), 2.5)))
    assert plain(outer) == {
        "label": "Chile–Japan",
        "ratio": 0.12,
        "missing": None,
        "inner": [{"when": "1990-03-01", "score": 3}, {"when": "1991-01-01", "score": 2.5}],
        "total": 5.5,
    }
    assert json.loads(outer.to_json()) == outer.to_dict()


def test_models_keep_their_json_shapes() -> None:
    driver = Driver("trade_economy", 1.23456, 0.5, "issue")
    phase = Phase(pd.Timestamp("1962-01-01"), pd.Timestamp("1969-12-31"), "hostile", -4.567, float("nan"), -2.0, 12,
                  drivers=[driver])  # fmt: skip
    data = phase.to_dict()
    assert data["start"] == "1962-01-01" and data["end"] == "1969-12-31"
    assert data["score"] == -4.57 and data["low"] is None
    assert data["drivers"] == [{"context": "trade_economy", "contribution": 1.235, "share": 0.5, "kind": "issue"}]
    mark = Mark((Criterion("relevance", 3.0, 4.0, "on the question"), Criterion("evidence", 2.5, 4.0, "thin")))
    assert mark.to_dict() == {
        "criteria": [
            {"name": "relevance", "score": 3, "out_of": 4, "why": "on the question"},
            {"name": "evidence", "score": 2.5, "out_of": 4, "why": "thin"},
        ],
        "score": 5.5,
        "out_of": 8,
    }
    finding = Finding("consistency", None, "India and China fought in 1962, not 1965.", rule="wrong_year", weight=2)
    assert set(finding.to_dict()) == {"kind", "location", "message", "suggestions", "citations"}


def test_an_event_has_the_documented_fields() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)`", SCHEMA.read_text(encoding="utf-8"), re.M))
    documented |= {"source", "target", "source_sector", "target_sector", "type", "mode"}
    evidence = Evidence("news/kenya.md", "Kenya", 3, 0, 40, "Kenyan police fired tear gas at protesters.", "news")
    event = Event("ev_1", ["KEN"], ["KEN"], "COERCE", None, [], "175", -9.0, False, False,
                  DateInterval(date(2023, 7, 7), date(2023, 7, 7), "day"), False, 0.8, evidence,
                  source_sector="police", target_sector="protesters")  # fmt: skip
    data = event.to_dict()
    assert set(data) == documented
    assert data["date"] == {"start": "2023-07-07", "end": "2023-07-07", "granularity": "day"}
    assert data["evidence"]["kind"] == "news"
    imported = ImportedEvent.of(event, "icews", "123").to_dict()
    assert set(imported) == documented | {"origin", "source_id"} and imported["origin"] == "icews"


def test_no_model_writes_its_own_to_dict() -> None:
    """Every model's JSON goes through `dyadscope.serial`: a `to_dict`/`to_json` elsewhere may only hand its
    values to it (a list's `to_json`), never build the dict itself."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "serial.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name in {"to_dict", "to_dicts", "to_json"}:
                calls = {n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
                (last,) = node.body[-1:]
                each = isinstance(last, ast.Return) and isinstance(last.value, ast.ListComp)  # [e.to_dict() for e …]
                if not (calls & {"plain", "dumps"} or (node.name == "to_dicts" and each)) or len(node.body) > 2:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert found == []
