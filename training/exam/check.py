#!/usr/bin/env python3
"""Validate training/exam/questions.jsonl and answers.jsonl and print counts.

Checks, for questions: JSON shape and keys, unique ids, pair codes, directive in the allowed set, frame
(null, or start/end/phrase with ISO dates, end null for an open frame, start <= end, phrase quoted from the
question), variables, expects and key_facts (dates YYYY, YYYY-MM or YYYY-MM-DD). For answers: keys, unique
ids of the form a-NNN-quality, the question exists, quality and mark band, mark_reason, and every fault:
kind in the allowed set, its quote verbatim in the answer, `correct` given for factual kinds, `off_frame`
only on framed questions, `missed_crux` naming one of the question's variables. Also the coverage promised
in DATA_CARD.md: at least 30 answered questions and at least 3 answered questions for every pair.
Standard library only (Python 3.11). Exit status 1 if anything is wrong; warnings do not fail.

Usage: python3 training/exam/check.py [DIR]   (DIR defaults to the folder of this script)
"""
from __future__ import annotations

import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path

DIRECTIVES = ("discuss", "critically evaluate", "analyse", "compare", "examine", "explain", "write a note",
              "trace the evolution", "assess")
QUALITIES = ("good", "average", "weak")
BANDS = {"good": (13, 17), "average": (9, 12), "weak": (4, 8)}
FAULTS_PER_QUALITY = {"good": (0, 1), "average": (1, 99), "weak": (3, 99)}
FACTUAL = ("wrong_date", "wrong_actor", "wrong_amount", "reversed_direction")
KINDS = FACTUAL + ("off_frame", "narration", "no_examples", "missed_crux", "directive_mismatch",
                   "off_topic_heading")
Q_KEYS = ("id", "pair", "question", "directive", "frame", "variables", "expects", "key_facts")
Q_OPTIONAL = ("pairs",)
A_KEYS = ("id", "question", "quality", "text", "faults", "mark", "mark_reason")
TUNE_PAIRS = {"PAK-USA"}
MIN_ANSWERED, MIN_ANSWERED_PER_PAIR = 30, 3
WORDS_LOW, WORDS_HIGH = 450, 1100  # outside this an answer is flagged as a warning only

errors: list[str] = []
warnings: list[str] = []


def err(where: str, msg: str) -> None:
    errors.append(f"{where}: {msg}")


def full_date(value, where: str, field: str, nullable: bool = False):
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        err(where, f"{field} is not an ISO date YYYY-MM-DD: {value!r}")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        err(where, f"{field} is not a valid date: {value!r}")
        return None


def partial_date(value, where: str) -> None:
    ok = isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value)
    if ok:
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            dt.date(parts[0], parts[1], parts[2])
        except ValueError:
            ok = False
    if not ok:
        err(where, f"key_fact date is not YYYY, YYYY-MM or YYYY-MM-DD: {value!r}")


def is_pair(value) -> bool:
    return (isinstance(value, list) and len(value) == 2 and all(isinstance(c, str) and re.fullmatch(r"[A-Z]{3}", c)
            for c in value) and value[0] < value[1])


def load(path: Path) -> list[dict]:
    rows = []
    if not path.exists():
        err(path.name, "file missing")
        return rows
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            err(f"{path.name}:{n}", "blank line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"{path.name}:{n}", f"invalid JSON ({e})")
            continue
        if not isinstance(row, dict):
            err(f"{path.name}:{n}", "not a JSON object")
            continue
        rows.append(row)
    return rows


def check_question(q: dict) -> None:
    where = str(q.get("id", "?"))
    keys = set(q)
    missing, unknown = set(Q_KEYS) - keys, keys - set(Q_KEYS) - set(Q_OPTIONAL)
    if missing:
        err(where, f"missing keys {sorted(missing)}")
    if unknown:
        err(where, f"unknown keys {sorted(unknown)}")
    if not re.fullmatch(r"q-\d{3}", str(q.get("id"))):
        err(where, "id is not q-NNN")
    if not is_pair(q.get("pair")):
        err(where, f"pair must be two upper-case 3-letter codes in alphabetical order: {q.get('pair')!r}")
    if "pairs" in q:
        pairs = q["pairs"]
        if not (isinstance(pairs, list) and len(pairs) >= 2 and all(is_pair(p) for p in pairs)):
            err(where, "pairs must be a list of at least two pairs")
        elif q.get("pair") not in pairs:
            err(where, "pairs must include pair")
        if q.get("directive") != "compare":
            err(where, "pairs is only for compare questions")
    text = q.get("question")
    if not isinstance(text, str) or len(text) < 20 or not text.rstrip().endswith((".", "?")):
        err(where, "question must be a full sentence")
        text = ""
    if q.get("directive") not in DIRECTIVES:
        err(where, f"directive {q.get('directive')!r} not in {DIRECTIVES}")
    frame = q.get("frame")
    if frame is not None:
        if not isinstance(frame, dict) or set(frame) != {"start", "end", "phrase"}:
            err(where, "frame must be null or {start, end, phrase}")
        else:
            start = full_date(frame["start"], where, "frame.start")
            end = full_date(frame["end"], where, "frame.end", nullable=True)
            if start and end and start > end:
                err(where, f"frame start {start} is after end {end}")
            phrase = frame["phrase"]
            if not isinstance(phrase, str) or not phrase.strip():
                err(where, "frame.phrase is empty")
            elif phrase.lower() not in text.lower():
                err(where, f"frame.phrase {phrase!r} is not in the question")
    for field in ("variables", "expects"):
        value = q.get(field)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            err(where, f"{field} must be a list of non-empty strings")
    if not q.get("expects"):
        err(where, "expects is empty")
    facts = q.get("key_facts")
    if not isinstance(facts, list) or not facts:
        err(where, "key_facts must be a non-empty list")
    else:
        for fact in facts:
            if not isinstance(fact, dict) or set(fact) != {"date", "claim"}:
                err(where, f"key_fact must be {{date, claim}}: {fact!r}")
                continue
            partial_date(fact["date"], where)
            if not isinstance(fact["claim"], str) or not fact["claim"].strip():
                err(where, "key_fact claim is empty")


def check_answer(a: dict, questions: dict[str, dict]) -> None:
    where = str(a.get("id", "?"))
    keys = set(a)
    if keys != set(A_KEYS):
        err(where, f"keys must be {list(A_KEYS)}; missing {sorted(set(A_KEYS) - keys)}, "
                   f"unknown {sorted(keys - set(A_KEYS))}")
    quality = a.get("quality")
    if quality not in QUALITIES:
        err(where, f"quality {quality!r} not in {QUALITIES}")
    q = questions.get(a.get("question"))
    if q is None:
        err(where, f"question {a.get('question')!r} does not exist")
    m = re.fullmatch(r"a-(\d{3})-(good|average|weak)", str(a.get("id")))
    if not m:
        err(where, "id is not a-NNN-quality")
    else:
        if f"q-{m.group(1)}" != a.get("question"):
            err(where, "id number does not match its question")
        if m.group(2) != quality:
            err(where, "id suffix does not match quality")
    text = a.get("text")
    if not isinstance(text, str) or not text.strip():
        err(where, "text is empty")
        text = ""
    words = len(text.split())
    if text and not WORDS_LOW <= words <= WORDS_HIGH:
        warnings.append(f"{where}: {words} words (outside {WORDS_LOW}–{WORDS_HIGH})")
    mark = a.get("mark")
    if not isinstance(mark, int) or isinstance(mark, bool) or not 0 <= mark <= 20:
        err(where, f"mark must be an integer 0–20: {mark!r}")
    elif quality in BANDS and not BANDS[quality][0] <= mark <= BANDS[quality][1]:
        err(where, f"mark {mark} outside the {quality} band {BANDS[quality]}")
    reason = a.get("mark_reason")
    if not isinstance(reason, str) or not reason.strip() or not reason.rstrip().endswith("."):
        err(where, "mark_reason must be a sentence")
    faults = a.get("faults")
    if not isinstance(faults, list):
        err(where, "faults must be a list")
        return
    if quality in FAULTS_PER_QUALITY:
        low, high = FAULTS_PER_QUALITY[quality]
        if not low <= len(faults) <= high:
            err(where, f"a {quality} answer must have {low}–{high if high < 99 else 'any'} faults, has {len(faults)}")
    for n, f in enumerate(faults, 1):
        fw = f"{where} fault {n}"
        if not isinstance(f, dict):
            err(fw, "not an object")
            continue
        kind = f.get("kind")
        allowed = {"kind", "quote", "note", "correct"}
        if set(f) - allowed or not {"kind", "quote", "note"} <= set(f):
            err(fw, f"keys must be kind, quote, [correct,] note: {sorted(f)}")
        if kind not in KINDS:
            err(fw, f"kind {kind!r} not in {KINDS}")
        quote = f.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            err(fw, "quote is empty")
        elif quote not in text:
            err(fw, f"quote does not occur verbatim in the answer: {quote!r}")
        elif text.count(quote) > 1:
            warnings.append(f"{fw}: quote occurs {text.count(quote)} times, so its place is ambiguous")
        if kind in FACTUAL:
            if not isinstance(f.get("correct"), str) or not f["correct"].strip():
                err(fw, f"a {kind} fault must give the right fact in `correct`")
        elif "correct" in f:
            err(fw, f"`correct` is only for factual kinds {FACTUAL}")
        if not isinstance(f.get("note"), str) or not f["note"].strip():
            err(fw, "note is empty")
        if q is not None:
            if kind == "off_frame" and q.get("frame") is None:
                err(fw, "off_frame on a question without a frame")
            if kind == "missed_crux":
                variables = q.get("variables") or []
                if not variables:
                    err(fw, "missed_crux on a question without variables")
                elif not any(v.lower() in str(f.get("note", "")).lower() for v in variables):
                    err(fw, f"missed_crux note must name the ignored variable (one of {variables})")


def table(title: str, counter: collections.Counter, order=None) -> None:
    print(f"\n{title}")
    keys = order if order is not None else sorted(counter)
    width = max([len(str(k)) for k in keys] + [4])
    for k in keys:
        print(f"  {str(k):<{width}}  {counter.get(k, 0):>3}")
    print(f"  {'total':<{width}}  {sum(counter.values()):>3}")


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    questions = load(folder / "questions.jsonl")
    answers = load(folder / "answers.jsonl")

    by_id: dict[str, dict] = {}
    for q in questions:
        if q.get("id") in by_id:
            err(str(q.get("id")), "duplicate question id")
        by_id[str(q.get("id"))] = q
        check_question(q)
    seen: set[str] = set()
    for a in answers:
        if a.get("id") in seen:
            err(str(a.get("id")), "duplicate answer id")
        seen.add(str(a.get("id")))
        check_answer(a, by_id)

    def pair_of(qid: str) -> str:
        p = by_id.get(qid, {}).get("pair")
        return "-".join(p) if isinstance(p, list) else "?"

    pairs = sorted({pair_of(q) for q in by_id})
    answered = {a.get("question") for a in answers if a.get("question") in by_id}
    answered_per_pair = collections.Counter(pair_of(q) for q in answered)
    if len(answered) < MIN_ANSWERED:
        err("coverage", f"{len(answered)} answered questions, fewer than {MIN_ANSWERED}")
    for p in pairs:
        if answered_per_pair[p] < MIN_ANSWERED_PER_PAIR:
            err("coverage", f"pair {p} has {answered_per_pair[p]} answered questions, fewer than "
                            f"{MIN_ANSWERED_PER_PAIR}")

    print(f"questions: {len(questions)}   answers: {len(answers)}   answered questions: {len(answered)}")
    print(f"\n{'pair':<8} {'split':<8} {'questions':>9} {'answered':>9} {'answers':>8} {'good':>5} {'avg':>4} "
          f"{'weak':>5} {'faults':>7}")
    per_pair_answers = collections.defaultdict(list)
    for a in answers:
        per_pair_answers[pair_of(str(a.get("question")))].append(a)
    q_per_pair = collections.Counter(pair_of(q) for q in by_id)
    for p in pairs:
        rows = per_pair_answers[p]
        qual = collections.Counter(a.get("quality") for a in rows)
        nf = sum(len(a.get("faults") or []) for a in rows)
        split = "TUNE" if p in TUNE_PAIRS else "MEASURE"
        print(f"{p:<8} {split:<8} {q_per_pair[p]:>9} {answered_per_pair[p]:>9} {len(rows):>8} {qual['good']:>5} "
              f"{qual['average']:>4} {qual['weak']:>5} {nf:>7}")

    table("questions per directive", collections.Counter(q.get("directive") for q in questions), list(DIRECTIVES))
    table("answers per directive of their question",
          collections.Counter(by_id.get(a.get("question"), {}).get("directive") for a in answers), list(DIRECTIVES))
    table("answers per quality", collections.Counter(a.get("quality") for a in answers), list(QUALITIES))
    marks = collections.defaultdict(list)
    for a in answers:
        if isinstance(a.get("mark"), int):
            marks[a.get("quality")].append(a["mark"])
    print("\nmarks per quality (min / mean / max)")
    for k in QUALITIES:
        if marks[k]:
            print(f"  {k:<8} {min(marks[k]):>2} / {sum(marks[k]) / len(marks[k]):4.1f} / {max(marks[k]):>2}")
    kinds = collections.Counter(f.get("kind") for a in answers for f in (a.get("faults") or []) if isinstance(f, dict))
    table("faults per kind (factual kinds first)", kinds, list(KINDS))
    print("\nfaults per kind and quality")
    for k in KINDS:
        c = collections.Counter(a.get("quality") for a in answers for f in (a.get("faults") or [])
                                if isinstance(f, dict) and f.get("kind") == k)
        print(f"  {k:<20} " + "  ".join(f"{q} {c[q]:>2}" for q in QUALITIES))
    words = collections.defaultdict(list)
    for a in answers:
        words[a.get("quality")].append(len(str(a.get("text", "")).split()))
    print("\nwords per quality (min / mean / max)")
    for k in QUALITIES:
        if words[k]:
            print(f"  {k:<8} {min(words[k]):>4} / {sum(words[k]) / len(words[k]):6.1f} / {max(words[k]):>4}")

    if warnings:
        print(f"\n{len(warnings)} warning(s):")
        for w in warnings:
            print(f"  WARN {w}")
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print(f"  ERROR {e}")
        return 1
    print("\nOK: no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
