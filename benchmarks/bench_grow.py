"""Benchmark: the ingest-then-ask loop on a big store: the vector index grown by each new document, against
building it again (the baseline, what every new document cost before).

    python benchmarks/bench_grow.py [--sentences 300000] [--documents 5] [--workdir DIR]

The store is bench_ask.py's generated one (cached under --workdir; generated on the first run). It is
copied, its indexes are built once, then --documents small generated documents (other pairs than
Pakistan–US) are ingested one at a time, and after each the first search's index is timed twice on the same
store: grown (the saved index and the new document's vectors) and rebuilt (the saved index removed first, so
every vector is read from SQLite again, and for a store above the exact limit the IVF index trained
again). The table gives seconds per new document for both and their ratio, and checks that both indexes
answer a question about the new document the same.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ask import WORKDIR, ensure_store

PAIRS = [("Iceland", "Malta"), ("Chile", "Bolivia"), ("Kenya", "Uganda"), ("Vietnam", "Cambodia"),
         ("Norway", "Denmark"), ("Peru", "Ecuador"), ("Ghana", "Togo"), ("Laos", "Thailand")]  # fmt: skip


def document(folder: Path, n: int) -> Path:
    a, b = PAIRS[n % len(PAIRS)]
    path = folder / f"new-{n}.md"
    path.write_text(
        f"# {a} and {b}, part {n}\n\nOn 3 May 20{10 + n % 10} {a} and {b} signed an agreement on fishing rights"
        f" in the capital of {a}. {b} protested in June 20{10 + n % 10} when {a} detained two of its boats."
        f" The foreign ministers of {a} and {b} met again in 20{11 + n % 10} and agreed to a joint patrol.\n",
        encoding="utf-8",
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=300_000)
    parser.add_argument("--documents", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=WORKDIR)
    args = parser.parse_args()
    console = Console(width=120)
    import dyadscope
    from dyadscope.ask.vectors import cached_index
    from dyadscope.store import index_folder

    source, meta = ensure_store(args.sentences, args.workdir, False)
    work = args.workdir / "grow"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = work / "store.db"
    shutil.copy(source, db)
    console.print(f"store: {meta['sentences']:,} sentences ({meta['body']:,} searchable), copied to {db}")
    grown_s, rebuilt_s, same = [], [], 0
    with dyadscope.open(db) as kb:
        mark = time.perf_counter()
        kb.retriever.index()
        console.print(f"first build of the vector index: {time.perf_counter() - mark:.1f} s")
        vectors = index_folder(kb.path) / "vectors"
        for n in range(args.documents):
            kb.ingest([document(work, n)])
            a, b = PAIRS[n % len(PAIRS)]
            query = kb.embedder.encode([f"When did {a} and {b} sign an agreement on fishing rights?"])[0]
            mark = time.perf_counter()
            grown = kb.retriever.index()
            grown_s.append(time.perf_counter() - mark)
            grown_answer = grown.search(query, 10)
            saved = work / "saved"
            shutil.rmtree(saved, ignore_errors=True)
            shutil.copytree(vectors, saved)  # the grown index, which the next document grows again
            shutil.rmtree(vectors)  # the baseline: no saved index to grow, as every new document was before
            mark = time.perf_counter()
            rebuilt = cached_index(kb.store, kb.embedder.name, kb.embedder.dims)
            rebuilt_s.append(time.perf_counter() - mark)
            same += [i for i, _ in rebuilt.search(query, 10)[:1]] == [i for i, _ in grown_answer[:1]]
            shutil.rmtree(vectors)
            shutil.copytree(saved, vectors)
    table = Table(title=f"the vector index after each new document ({args.documents} documents, one at a time)")
    for column in ("sentences", "grown s (median)", "rebuilt s (median)", "rebuilt / grown", "same best hit"):
        table.add_column(column, justify="right")
    grown_median, rebuilt_median = statistics.median(grown_s), statistics.median(rebuilt_s)
    table.add_row(
        f"{meta['body']:,}",
        f"{grown_median:.2f}",
        f"{rebuilt_median:.2f}",
        f"{rebuilt_median / grown_median:.1f}×",
        f"{same} of {args.documents}",
    )
    console.print(table)


if __name__ == "__main__":
    main()
