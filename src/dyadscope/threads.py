"""One thread for each numeric library while dyadscope codes a document or answers a question.

BLAS (numpy's and scipy's OpenBLAS), faiss's OpenMP, Rust's rayon and tokenizers' batches each start a thread
a core. On dyadscope's small pieces of work their extra threads bought no wall time (coding half of
bench_scale.py's corpus: 12.1 s either way, 12.1 CPU-s on one thread, 17.0 with them), and where other work
holds the cores they wait on each other: two ingest workers fought over two cores, and a search's p95 with two
other busy processes was 61–65 ms with them, 56–61 ms without (bench_ask.py --busy 2, side by side).
onnxruntime's sessions are made with one thread already (extract.classify).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager

import threadpoolctl

# For processes started to code (ingest's worker processes, a Dask LocalCluster's): BLAS and OpenMP read
# theirs when they load, rayon when its pool starts, tokenizers at each batch.
ONE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "RAYON_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}
_controller: tuple[int, threadpoolctl.ThreadpoolController] | None = None  # (modules loaded when made, it)


def for_good() -> None:
    """This process on one thread from now on (a worker process's start): later loads read the environment,
    the libraries loaded already are limited now."""
    os.environ.update(ONE_THREAD)
    threadpoolctl.threadpool_limits(1)


def limited() -> AbstractContextManager[object]:
    """The loaded BLAS and OpenMP libraries on one thread while inside, as they were after. The controller that
    finds them (0.3 ms) is made again only when modules were imported since (which may have loaded another,
    such as scipy's BLAS); using it costs 0.01 ms, so a search can afford it on every question."""
    global _controller
    if _controller is None or _controller[0] != len(sys.modules):
        _controller = (len(sys.modules), threadpoolctl.ThreadpoolController())
    limit: AbstractContextManager[object] = _controller[1].limit(limits=1)
    return limit


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """`limited`, and tokenizers' batches serial, while inside (coding in this process); the environment as
    it was after."""
    variable = "TOKENIZERS_PARALLELISM"  # the one setting read at each use; the others are read at load
    before = os.environ.get(variable)
    os.environ[variable] = ONE_THREAD[variable]
    try:
        with limited():
            yield
    finally:
        if before is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = before
