"""Validate training/periods/readings.csv and decades.csv (stdlib only).

    python training/periods/check.py

Checks columns, pair codes and order, dates, scores, labels against the score anchors in DATA_CARD.md,
confidence values, summaries and sources, and that each pair's periods tile its span with no gap or
overlap. A bare year YYYY means 1 January as a start and 31 December as an end; two periods may touch
at a boundary (the same day, or the same year when either side is a bare year). readings.csv needs
8-16 periods per pair; decades.csv needs one row per decade 1950s..2020s for every pair in
readings.csv, each scored within the range of the period scores it overlaps.
Prints a per-pair table and exits 1 on any error.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ["pair", "period_id", "start", "end", "score", "label", "confidence", "summary", "sources"]
CONFIDENCE = {"high", "medium", "low"}
# Score anchors: keep in step with DATA_CARD.md ("Scale").
ANCHORS = [  # (label, lower bound, lower inclusive, upper bound, upper inclusive)
    ("war", -9.0, True, -6.0, True),
    ("hostility", -6.0, False, -3.0, True),
    ("strain", -3.0, False, -1.0, True),
    ("ordinary", -1.0, False, 1.0, False),
    ("cooperation", 1.0, True, 4.0, False),
    ("alliance", 4.0, True, 9.0, True),
]
PAIR_RE = re.compile(r"^([A-Z]{3})-([A-Z]{3})$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")
DECADES = list(range(1950, 2030, 10))
MIN_PERIODS, MAX_PERIODS, MIN_PAIRS = 8, 16, 6
LAST_YEAR = 2024  # every pair must be covered to at least the end of this year


def label_for(score: float) -> str:
    for name, lo, lo_inc, hi, hi_inc in ANCHORS:
        if (score > lo or (lo_inc and score == lo)) and (score < hi or (hi_inc and score == hi)):
            return name
    raise ValueError(score)


def bound(token: str, is_start: bool) -> dt.date:
    if len(token) == 4:
        return dt.date(int(token), 1, 1) if is_start else dt.date(int(token), 12, 31)
    return dt.date.fromisoformat(token)


def join_error(prev: dict, nxt: dict) -> str | None:
    """None when nxt follows prev with no gap and no overlap (touching at the boundary is allowed)."""
    pe, ns = prev["end"], nxt["start"]
    if len(pe) == 4 or len(ns) == 4:  # year granularity on at least one side
        py, ny = int(pe[:4]), int(ns[:4])
        if ny == py:
            return None
        if ny == py + 1 and bound(ns, True) == bound(pe, False) + dt.timedelta(days=1):
            return None
        return "gap" if ny > py else "overlap"
    end, start = dt.date.fromisoformat(pe), dt.date.fromisoformat(ns)
    if start in (end, end + dt.timedelta(days=1)):
        return None
    return "gap" if start > end else "overlap"


def load(path: Path, errors: list[str]) -> list[dict]:
    if not path.exists():
        errors.append(f"{path.name}: missing")
        return []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            errors.append(f"{path.name}: columns {reader.fieldnames} != {COLUMNS}")
            return []
        rows = []
        for n, row in enumerate(reader, start=2):
            row["_where"] = f"{path.name}:{n}"
            rows.append(row)
    return rows


def check_row(row: dict, errors: list[str]) -> bool:
    w = row["_where"]
    ok = True
    if None in row or any(row[c] is None for c in COLUMNS):
        errors.append(f"{w}: wrong number of fields")
        return False
    m = PAIR_RE.match(row["pair"])
    if not m:
        errors.append(f"{w}: pair {row['pair']!r} is not two ISO alpha-3 codes joined by '-'")
        ok = False
    elif not m.group(1) < m.group(2):
        errors.append(f"{w}: pair {row['pair']} is not in alphabetical order")
        ok = False
    if not row["period_id"].startswith(row["pair"] + "-"):
        errors.append(f"{w}: period_id {row['period_id']!r} does not start with the pair")
    for col in ("start", "end"):
        if not DATE_RE.match(row[col]):
            errors.append(f"{w}: {col} {row[col]!r} is not YYYY or YYYY-MM-DD")
            ok = False
        else:
            try:
                bound(row[col], col == "start")
            except ValueError:
                errors.append(f"{w}: {col} {row[col]!r} is not a real date")
                ok = False
    if ok and bound(row["start"], True) > bound(row["end"], False):
        errors.append(f"{w}: start {row['start']} after end {row['end']}")
        ok = False
    try:
        score = float(row["score"])
    except ValueError:
        errors.append(f"{w}: score {row['score']!r} is not a number")
        return False
    if not -9.0 <= score <= 9.0:
        errors.append(f"{w}: score {score} outside -9..+9")  # reported; the row still takes part in tiling
    else:
        expected = label_for(score)
        if row["label"] != expected:
            errors.append(f"{w}: label {row['label']!r} but score {score} is {expected!r}")
    if row["confidence"] not in CONFIDENCE:
        errors.append(f"{w}: confidence {row['confidence']!r} not in {sorted(CONFIDENCE)}")
    if len(row["summary"].strip()) < 20:
        errors.append(f"{w}: summary missing or too short")
    sources = [s.strip() for s in row["sources"].split(" | ")]
    if not row["sources"].strip() or any(not s for s in sources):
        errors.append(f"{w}: empty source")
    row["_score"] = score
    return ok


def check_tiling(name: str, pair: str, rows: list[dict], errors: list[str]) -> None:
    rows.sort(key=lambda r: (bound(r["start"], True), bound(r["end"], False)))
    for prev, nxt in zip(rows, rows[1:]):
        problem = join_error(prev, nxt)
        if problem:
            errors.append(
                f"{name}: {pair} {problem} between {prev['period_id']} (ends {prev['end']}) "
                f"and {nxt['period_id']} (starts {nxt['start']})"
            )
    if rows and bound(rows[-1]["end"], False).year < LAST_YEAR:
        errors.append(f"{name}: {pair} ends {rows[-1]['end']}, before {LAST_YEAR}")


def table(title: str, groups: dict[str, list[dict]]) -> None:
    print(title)
    print(f"  {'pair':<8} {'periods':>7}  {'span':<23} {'min':>5} {'max':>5}")
    for pair in sorted(groups):
        rows = groups[pair]
        scores = [r["_score"] for r in rows]
        span = f"{rows[0]['start']}..{rows[-1]['end']}"
        print(f"  {pair:<8} {len(rows):>7}  {span:<23} {min(scores):>+5.1f} {max(scores):>+5.1f}")
    total = sum(len(v) for v in groups.values())
    print(f"  {'total':<8} {total:>7}")


def main() -> int:
    errors: list[str] = []
    groups: dict[str, dict[str, list[dict]]] = {}
    for name in ("readings.csv", "decades.csv"):
        rows = load(HERE / name, errors)
        good = [r for r in rows if check_row(r, errors)]
        ids = [r["period_id"] for r in rows]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            errors.append(f"{name}: duplicate period_id {dup}")
        by_pair: dict[str, list[dict]] = {}
        for r in good:
            by_pair.setdefault(r["pair"], []).append(r)
        for pair, prs in by_pair.items():
            check_tiling(name, pair, prs, errors)
        groups[name] = by_pair

    readings, decades = groups["readings.csv"], groups["decades.csv"]
    if len(readings) < MIN_PAIRS:
        errors.append(f"readings.csv: {len(readings)} pairs, need at least {MIN_PAIRS}")
    if "PAK-USA" not in readings:
        errors.append("readings.csv: the tuning pair PAK-USA is missing")
    for pair, prs in readings.items():
        if not MIN_PERIODS <= len(prs) <= MAX_PERIODS:
            errors.append(f"readings.csv: {pair} has {len(prs)} periods, need {MIN_PERIODS}-{MAX_PERIODS}")
    for pair in sorted(set(readings) ^ set(decades)):
        errors.append(f"{pair} is in only one of readings.csv and decades.csv")

    for pair, drs in decades.items():
        seen = []
        for r in drs:
            d = int(r["start"][:4])
            seen.append(d)
            if len(r["start"]) != 4 or d % 10 or r["period_id"] != f"{pair}-d{d}":
                errors.append(f"{r['_where']}: decade row must start on a bare decade year and be named {pair}-d<year>")
                continue
            if not (len(r["end"]) == 4 and d <= int(r["end"]) <= d + 9) and d != DECADES[-1]:
                errors.append(f"{r['_where']}: decade {d}s must end by {d + 9}")
            if d == DECADES[-1] and not (len(r["end"]) == 4 and int(r["end"]) >= LAST_YEAR):
                errors.append(f"{r['_where']}: the 2020s row must end in a bare year >= {LAST_YEAR}")
            lo, hi = bound(r["start"], True), bound(r["end"], False)
            overlapping = [
                p["_score"]
                for p in readings.get(pair, [])
                if bound(p["start"], True) <= hi and bound(p["end"], False) >= lo
            ]
            if not overlapping:
                errors.append(f"{r['_where']}: no reading period overlaps {pair} {d}s")
            elif not min(overlapping) <= r["_score"] <= max(overlapping):
                errors.append(
                    f"{r['_where']}: {pair} {d}s score {r['_score']} outside its periods' range "
                    f"{min(overlapping)}..{max(overlapping)}"
                )
        if sorted(seen) != DECADES:
            errors.append(f"decades.csv: {pair} has decades {sorted(seen)}, need {DECADES}")

    table("readings.csv", readings)
    table("decades.csv", decades)
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK: no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
