"""Check labelled event files against GUIDELINES.md: `python training/events/check.py FILE [FILE ...]`.

Prints one line per problem (file:line: problem) and a summary; exits 1 when there is a problem.
Reads the project's data files and its list of PLOVER types (dyadscope.models).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

from dyadscope.formats.coding import cameo_crosswalk
from dyadscope.models import PLOVER_TYPES

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "src" / "dyadscope" / "data"
TYPES = PLOVER_TYPES
ROOT_08 = {"CONCEDE", "RETREAT"}  # the crosswalk lists root 08 under both
GENRES = {"news", "history", "official", "law", "note", "analysis"}
SECTORS = {
    "gov", "mil", "police", "intel", "legislature", "judiciary", "rebels", "opposition", "party", "protesters",
    "media", "business", "civilians", "refugees",
}  # fmt: skip
FIELDS = {"trigger", "type", "cameo", "mode", "source", "target", "negated", "hypothetical", "occurrence"}
ACTOR = re.compile(r"^[A-Z][A-Z0-9]{1,11}(:[a-z]+)?$")
ID = re.compile(r"^([a-z]{2,5}-\d{4})-(\d{2})$")


def crosswalk() -> dict[str, str]:
    """CAMEO code → PLOVER type (dyadscope.formats.coding: 163 is SANCTION), with CAMEO 02x appeals as REQUEST."""
    table = {code: entry.type for code, entry in cameo_crosswalk().items()}
    with (DATA / "cameo" / "cameo_goldstein.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["code"].startswith("02"):
                table[row["code"]] = "REQUEST"
    return table


def plover_type(code: str, table: dict[str, str]) -> str | None:
    for size in (len(code), 3, 2):
        if code[:size] in table:
            return table[code[:size]]
    return None


def known_codes() -> set[str]:
    codes = {"UNK"}
    for name in ("countries.csv", "organizations.csv"):
        with (DATA / "actors" / name).open(encoding="utf-8") as handle:
            codes.update(row["code"] for row in csv.DictReader(handle))
    return codes


def check_event(event: object, text: str, table: dict[str, str]) -> list[str]:
    if not isinstance(event, dict):
        return ["an event is not an object"]
    problems = [f"unknown event field {k!r}" for k in event if k not in FIELDS]
    trigger = event.get("trigger")
    if not isinstance(trigger, str) or not trigger or trigger not in text:
        problems.append(f"trigger {trigger!r} is not in the text")
    elif text.count(trigger) < int(event.get("occurrence", 1)):
        problems.append(f"trigger {trigger!r} does not occur {event.get('occurrence')} times")
    kind = event.get("type")
    if kind not in TYPES:
        problems.append(f"type {kind!r} is not a PLOVER type")
    code = str(event.get("cameo", ""))
    if not re.fullmatch(r"\d{2,4}", code):
        problems.append(f"cameo {code!r} is not a 2-4 digit code")
    elif kind in TYPES and plover_type(code, table) != kind and not (code == "08" and kind in ROOT_08):
        problems.append(f"cameo {code} is {plover_type(code, table)} in the crosswalk, not {kind}")
    for role in ("source", "target"):
        actors = event.get(role)
        if not isinstance(actors, list) or (role == "source" and not actors):
            problems.append(f"{role} must be a list" + (" with at least one actor" if role == "source" else ""))
            continue
        for actor in actors:
            if not isinstance(actor, str) or not ACTOR.match(actor):
                problems.append(f"{role} actor {actor!r} is not CODE or CODE:sector")
            elif ":" in actor and actor.split(":")[1] not in SECTORS:
                problems.append(f"{role} actor {actor!r}: unknown sector")
    for flag in ("negated", "hypothetical"):
        if not isinstance(event.get(flag), bool):
            problems.append(f"{flag} must be true or false")
    return problems


def check(paths: list[Path]) -> int:
    table = crosswalk()
    codes = known_codes()
    seen: set[str] = set()
    types: Counter[str] = Counter()
    states: Counter[str] = Counter()
    new_codes: Counter[str] = Counter()
    sentences = empty = domestic = events = 0
    problems = 0
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                print(f"{where}: not JSON ({error})")
                problems += 1
                continue
            found: list[str] = []
            match = ID.match(str(row.get("id", "")))
            if not match or match.group(1) != row.get("passage"):
                found.append("id must be <passage>-NN and passage its prefix")
            if row.get("id") in seen:
                found.append(f"duplicate id {row.get('id')}")
            seen.add(str(row.get("id")))
            if row.get("genre") not in GENRES:
                found.append(f"genre {row.get('genre')!r} is not one of {sorted(GENRES)}")
            text = row.get("text")
            if not isinstance(text, str) or not text.strip():
                found.append("text is empty")
                text = ""
            if not isinstance(row.get("events"), list):
                found.append("events must be a list")
                row["events"] = []
            for event in row["events"]:
                found.extend(check_event(event, text, table))
            for problem in found:
                print(f"{where}: {problem}")
            problems += len(found)
            sentences += 1
            empty += not row["events"]
            for event in row["events"]:
                if not isinstance(event, dict):
                    continue
                events += 1
                types[str(event.get("type"))] += 1
                sides = [str(a).split(":")[0] for a in [*event.get("source", []), *event.get("target", [])]]
                for code in sides:
                    (states if code in codes else new_codes)[code] += 1
                src = {str(a).split(":")[0] for a in event.get("source", [])}
                tgt = {str(a).split(":")[0] for a in event.get("target", [])}
                domestic += bool(src and src == tgt)
    print(
        f"{sentences} sentences, {empty} with no event ({empty / max(sentences, 1):.0%}), {events} events, "
        f"{domestic} domestic ({domestic / max(events, 1):.0%}), {len(states)} known actor codes"
    )
    print("types: " + ", ".join(f"{t} {types[t]}" for t in TYPES))
    if new_codes:
        print("codes not in the actor files (name them in a note): " + ", ".join(sorted(new_codes)))
    print("ok" if problems == 0 else f"{problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(check([Path(p) for p in sys.argv[1:]]))
