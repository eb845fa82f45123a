"""Predictions of the coder dyadscope had before the trained one (commit cd24979) on a split of the labelled data.

    git worktree add /tmp/dyadscope-cd24979 cd24979
    PYTHONPATH=/tmp/dyadscope-cd24979/src python training/events/baselines/old_coder.py test > \\
        training/events/baselines/old_coder_test.jsonl

Run with the old code on the path (it imports `dyadscope.pipeline.Pipeline` as it was then). Each passage is coded
as one document, its sentences joined by a space, and each event is given to the labelled sentence its evidence
starts in. `python -m dyadscope.eval events` scores the file beside the current coder.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from dyadscope.models import RawDocument
from dyadscope.pipeline import Pipeline

LABELLED = Path(__file__).resolve().parents[1] / "labelled"


def split_of(passage: str) -> str:  # the same rule as dyadscope.eval.labelled.split_of
    fold = int(hashlib.sha256(passage.encode()).hexdigest()[:8], 16) % 5
    return "test" if fold == 0 else "dev" if fold == 1 else "train"


def main(split: str) -> None:
    passages: dict[str, list[dict[str, object]]] = {}
    for path in sorted(LABELLED.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if split_of(row["passage"]) == split:
                    passages.setdefault(row["passage"], []).append(row)
    pipeline = Pipeline()
    for passage, rows in passages.items():
        text = " ".join(str(r["text"]) for r in rows)
        starts, offset = [], 0
        for r in rows:
            starts.append(offset)
            offset += len(str(r["text"])) + 1
        raw = RawDocument(passage, text, hashlib.sha256(text.encode()).hexdigest(), "text/plain", passage)
        found: dict[int, list[dict[str, object]]] = {}
        for event in pipeline.process(raw).events:
            index = max(i for i, s in enumerate(starts) if s <= event.evidence.start)
            found.setdefault(index, []).append(
                {
                    "type": event.type,
                    "cameo": event.cameo,
                    "source": event.source,
                    "target": event.target,
                    "negated": event.negated,
                    "hypothetical": event.hypothetical,
                }
            )
        for index, r in enumerate(rows):
            print(json.dumps({"id": r["id"], "events": found.get(index, [])}))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test")
