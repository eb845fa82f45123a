#!/usr/bin/env python3
"""Compare review/second_pass.jsonl with the first-pass labels of the same ids in labelled/*.jsonl.

Prints span agreement (exact text + occurrence), interval / granularity / role agreement on matched spans,
sentence_date agreement and every disagreement. Standard library only.
Usage: python review/compare.py          first pass (review/first_pass_sample.jsonl) vs second pass
       python review/compare.py --final  adjudicated labels (labelled/) vs second pass
"""
import glob
import json
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
if "--final" in sys.argv:  # compare the second pass with the adjudicated labels
    files = sorted(glob.glob(str(here.parent / "labelled" / "*.jsonl")))
else:  # default: the first-pass labels of the sample, frozen before adjudication
    files = [str(here / "first_pass_sample.jsonl")]
first = {}
for f in files:
    for line in open(f, encoding="utf-8"):
        r = json.loads(line)
        first[r["id"]] = r
second = [json.loads(l) for l in open(here / "second_pass.jsonl", encoding="utf-8")]

key = lambda d: (d["text"], d["occurrence"])
n_sent = n_sent_agree = 0
a_spans = b_spans = matched = 0
same_interval = same_gran = same_role = 0
sd_agree = 0
lines = []
for b in second:
    a = first[b["id"]]
    assert a["text"] == b["text"], b["id"]
    n_sent += 1
    A = {key(d): d for d in a["dates"]}
    B = {key(d): d for d in b["dates"]}
    a_spans += len(A)
    b_spans += len(B)
    problems = []
    for k in A.keys() - B.keys():
        problems.append(f"span only in first pass: {k[0]!r}")
    for k in B.keys() - A.keys():
        problems.append(f"span only in second pass: {k[0]!r}")
    for k in A.keys() & B.keys():
        matched += 1
        x, y = A[k], B[k]
        if (x["start"], x["end"], x["open_end"]) == (y["start"], y["end"], y["open_end"]):
            same_interval += 1
        else:
            problems.append(f"{k[0]!r} interval {x['start']}..{x['end']} vs {y['start']}..{y['end']}")
        if x["granularity"] == y["granularity"]:
            same_gran += 1
        else:
            problems.append(f"{k[0]!r} granularity {x['granularity']} vs {y['granularity']}")
        if x["role"] == y["role"]:
            same_role += 1
        else:
            problems.append(f"{k[0]!r} role {x['role']} vs {y['role']}")
    if a["sentence_date"] == b["sentence_date"]:
        sd_agree += 1
    else:
        fmt = lambda s: "null" if s is None else f"{s['start']}..{s['end']} ({s['granularity']})"
        problems.append(f"sentence_date {fmt(a['sentence_date'])} vs {fmt(b['sentence_date'])}")
    if not problems:
        n_sent_agree += 1
    else:
        lines.append(f"{b['id']}: " + "; ".join(problems))

p = matched / b_spans if b_spans else 1.0
r = matched / a_spans if a_spans else 1.0
f1 = 2 * p * r / (p + r) if p + r else 0.0
print(f"sentences compared: {n_sent}; fully identical: {n_sent_agree} ({n_sent_agree / n_sent:.1%})")
print(f"spans: first {a_spans}, second {b_spans}, matched {matched}; span F1 {f1:.3f}")
print(f"matched spans with the same interval: {same_interval}/{matched}; granularity {same_gran}/{matched}; "
      f"role {same_role}/{matched}")
print(f"sentence_date identical: {sd_agree}/{n_sent}")
for l in lines:
    print("  " + l)
