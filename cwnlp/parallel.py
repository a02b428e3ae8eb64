"""Running a stage on a Dask cluster, unchanged.

A stage is ``stage(records, *args) -> Batch``; Dask sees it as a function over
one partition.  Results come back as one Batch, in input order.  Install the
``scale`` extra (``pip install -e '.[scale]'``) for Dask.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from cwnlp.pipeline import Batch

T = TypeVar("T")
U = TypeVar("U")


def run_on_dask(
    stage: Callable[..., Batch[U]],
    records: Sequence[T],
    *args: Any,
    client: Any = None,
    partitions: int | None = None,
    **kwargs: Any,
) -> Batch[U]:
    """Run ``stage`` over ``records`` split into partitions on a Dask cluster.

    ``client`` is a ``distributed.Client``; without one, a LocalCluster with one
    process per core is started for the call and closed afterwards.
    """
    import dask.bag as db
    from distributed import Client, LocalCluster

    def run_partition(part: list[T]) -> list[Batch[U]]:
        return [stage(list(part), *args, **kwargs)]

    own = client is None
    cluster = None
    if own:
        cluster = LocalCluster(processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        n = partitions or max(1, len(client.scheduler_info().get("workers", {})) * 2)
        bag = db.from_sequence(list(records), npartitions=max(1, min(n, len(records) or 1)))
        parts = bag.map_partitions(run_partition).compute(scheduler=client.get)
    finally:
        if own:
            client.close()
            cluster.close()
    out: Batch[U] = Batch()
    for part in parts:
        out.extend(part)
    return out
