#!/usr/bin/env python3
"""Validate training/dates/labelled/*.jsonl (or the files given) and print counts.

Checks: JSON shape and keys, id uniqueness (across all files checked), genre and doc_date, each date's text
occurs at least `occurrence` times in the sentence (non-overlapping, left to right), ISO dates parse,
start <= end when both are given, open_end only with a null end, granularity and role in the allowed sets,
dates listed in text order without overlapping spans, sentence_date well formed.
Standard library only (Python 3.11). Exit status 1 if any file has a problem.

Usage: python training/dates/check.py [FILE.jsonl ...]
"""
from __future__ import annotations

import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path

GRANULARITIES = {"day", "month", "season", "year", "decade", "century", "range", "era", "tenure"}
ROLES = {"event", "reference", "instrument", "other"}
GENRES = {"news", "history", "official", "notes", "analysis", "timeline"}
REC_KEYS = {"id", "genre", "doc_date", "text", "dates", "sentence_date"}
OPT_KEYS = {"note"}
DATE_KEYS = {"text", "occurrence", "start", "end", "granularity", "role", "open_end"}
SD_KEYS = {"start", "end", "granularity"}
HARD_WORDS = re.compile(
    r"\b(since|until|till|through|before|after|by|from|between|early|mid|late|last|next|this|yesterday|today|"
    r"tomorrow|earlier|later|ago|past|previous|fiscal|FY|present|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)\b|'\d\d|\d0s\b|\bQ\d",
    re.I,
)


def parse_iso(v):
    if v is None:
        return None
    if not isinstance(v, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        raise ValueError(f"not an ISO date: {v!r}")
    return dt.date.fromisoformat(v)


def find_nth(text: str, sub: str, n: int) -> int:
    """Start of the n-th non-overlapping match, or -1."""
    k, i = 0, -1
    for _ in range(n):
        i = text.find(sub, k)
        if i < 0:
            return -1
        k = i + len(sub)
    return i


def is_hard(d: dict) -> bool:
    return (d["role"] != "event" or d["granularity"] not in {"day", "month", "year"}
            or bool(HARD_WORDS.search(d["text"])))


def check_interval(obj, where, problems):
    try:
        s, e = parse_iso(obj.get("start")), parse_iso(obj.get("end"))
    except ValueError as exc:
        problems.append(f"{where}: {exc}")
        return
    if s and e and s > e:
        problems.append(f"{where}: start {s} after end {e}")
    if obj.get("granularity") not in GRANULARITIES:
        problems.append(f"{where}: bad granularity {obj.get('granularity')!r}")


def check_file(path: Path, seen_ids: set[str]):
    problems: list[str] = []
    stats = collections.Counter()
    roles, grans = collections.Counter(), collections.Counter()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{n}"
        if not line.strip():
            problems.append(f"{where}: blank line")
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: bad JSON ({exc})")
            continue
        if not isinstance(r, dict):
            problems.append(f"{where}: not an object")
            continue
        keys = set(r)
        if not REC_KEYS <= keys or keys - REC_KEYS - OPT_KEYS:
            problems.append(f"{where}: keys {sorted(keys)}")
            continue
        where = f"{path.name}:{n} ({r['id']})"
        if not isinstance(r["id"], str) or not r["id"]:
            problems.append(f"{where}: bad id")
        elif r["id"] in seen_ids:
            problems.append(f"{where}: duplicate id")
        seen_ids.add(r["id"])
        if r["genre"] not in GENRES:
            problems.append(f"{where}: bad genre {r['genre']!r}")
        try:
            doc = parse_iso(r["doc_date"])
        except ValueError as exc:
            problems.append(f"{where}: doc_date {exc}")
            doc = None
        if r["genre"] == "news" and doc is None:
            problems.append(f"{where}: news sentence without doc_date")
        text = r["text"]
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: empty text")
            continue
        if "note" in r and not isinstance(r["note"], str):
            problems.append(f"{where}: note is not a string")
        if not isinstance(r["dates"], list):
            problems.append(f"{where}: dates is not a list")
            continue
        stats["sentences"] += 1
        if not r["dates"]:
            stats["sentences without a time expression"] += 1
        prev_end = -1
        for k, d in enumerate(r["dates"], 1):
            w = f"{where} date {k}"
            if not isinstance(d, dict) or set(d) != DATE_KEYS:
                problems.append(f"{w}: keys {sorted(d) if isinstance(d, dict) else d!r}")
                continue
            if not isinstance(d["text"], str) or not d["text"]:
                problems.append(f"{w}: empty text")
                continue
            occ = d["occurrence"]
            if not isinstance(occ, int) or isinstance(occ, bool) or occ < 1:
                problems.append(f"{w}: bad occurrence {occ!r}")
                continue
            at = find_nth(text, d["text"], occ)
            if at < 0:
                problems.append(f"{w}: {d['text']!r} does not occur {occ} time(s) in the text")
                continue
            if at < prev_end:
                problems.append(f"{w}: {d['text']!r} overlaps or precedes the previous expression")
            prev_end = at + len(d["text"])
            check_interval(d, w, problems)
            if d["role"] not in ROLES:
                problems.append(f"{w}: bad role {d['role']!r}")
            if not isinstance(d["open_end"], bool):
                problems.append(f"{w}: open_end is not a boolean")
            elif d["open_end"] and d["end"] is not None:
                problems.append(f"{w}: open_end with an end date")
            if d["start"] is None and d["end"] is None:
                problems.append(f"{w}: neither start nor end")
            stats["expressions"] += 1
            roles[d["role"]] += 1
            grans[d["granularity"]] += 1
            if is_hard(d):
                stats["hard expressions"] += 1
        sd = r["sentence_date"]
        if sd is not None:
            if not isinstance(sd, dict) or set(sd) != SD_KEYS:
                problems.append(f"{where}: sentence_date keys")
            else:
                check_interval(sd, f"{where} sentence_date", problems)
                if sd["start"] is None and sd["end"] is None:
                    problems.append(f"{where}: sentence_date with neither start nor end")
            stats["sentences with a sentence_date"] += 1
    return problems, stats, roles, grans


def fmt(c: collections.Counter) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    files = [Path(a) for a in argv] or sorted((here / "labelled").glob("*.jsonl"))
    if not files:
        print("no files")
        return 1
    seen: set[str] = set()
    total, troles, tgrans = collections.Counter(), collections.Counter(), collections.Counter()
    bad = 0
    for f in files:
        problems, stats, roles, grans = check_file(f, seen)
        total.update(stats), troles.update(roles), tgrans.update(grans)
        print(f"{f.name}: {stats['sentences']} sentences, {stats['sentences without a time expression']} without "
              f"a time expression, {stats['expressions']} expressions ({stats['hard expressions']} hard)")
        print(f"  roles: {fmt(roles)}")
        print(f"  granularities: {fmt(grans)}")
        if problems:
            bad += 1
            for p in problems:
                print(f"  PROBLEM {p}")
        else:
            print("  ok")
    if len(files) > 1:
        print(f"TOTAL: {total['sentences']} sentences, {total['sentences without a time expression']} without a "
              f"time expression, {total['sentences with a sentence_date']} with a sentence_date, "
              f"{total['expressions']} expressions ({total['hard expressions']} hard)")
        print(f"  roles: {fmt(troles)}")
        print(f"  granularities: {fmt(tgrans)}")
        print("ok" if not bad else f"{bad} file(s) with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
