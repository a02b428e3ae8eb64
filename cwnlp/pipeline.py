"""The stage convention: a function from a batch of records to a batch of records.

Every stage (fetch, clean, dedup, extract, classify, ...) is a plain function
``stage(records, settings) -> Batch``.  It keeps no state between calls, so the
same function runs in-process, in a process pool (:func:`run_parallel`) or on a
Dask cluster (``dask.bag.map_partitions``) unchanged.  Inputs that fail become
:class:`~cwnlp.model.Failure` rows in ``Batch.failures``; the rest of the batch
goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from cwnlp.model import Failure

T = TypeVar("T")
U = TypeVar("U")


@dataclass
class Batch(Generic[T]):
    """Records a stage produced, and the inputs it could not handle."""

    records: list[T] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def extend(self, other: Batch[T]) -> None:
        self.records.extend(other.records)
        self.failures.extend(other.failures)


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Split an iterable into lists of at most ``size`` items."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_parallel(
    stage: Callable[..., Batch[U]],
    records: Sequence[T],
    *args: Any,
    workers: int = 1,
    batch_size: int = 64,
    **kwargs: Any,
) -> Iterator[Batch[U]]:
    """Run a stage over records in batches, in-process or in a process pool.

    Yields one Batch per input chunk as it completes, so callers can store
    results as they arrive and lose nothing if the run is interrupted.
    """
    parts = list(chunks(records, batch_size))
    if workers <= 1:
        for part in parts:
            yield stage(part, *args, **kwargs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(stage, part, *args, **kwargs) for part in parts]
        for future in futures:
            yield future.result()
