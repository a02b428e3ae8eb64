"""The same stage in-process, in a process pool and on a real Dask LocalCluster."""

import pytest

from cwnlp.model import Document
from cwnlp.pipeline import Batch, run_parallel
from cwnlp.text.dedup import find_duplicates

pytest.importorskip("distributed", reason="the scale extra (dask, distributed) is not installed")


def _docs() -> list[Document]:
    return [
        Document(
            id=f"d{i}",
            text=f"第{i}篇：某县组织志愿者清理背街小巷垃圾，共清运{i * 3}吨。" * 4,
            date="2022-05-01",
        )
        for i in range(24)
    ]


def _text_lengths(docs: list[Document]) -> Batch[tuple[str, int]]:
    return Batch(records=[(d.id, len(d.text)) for d in docs])


def test_stage_gives_same_records_in_process_in_pool_and_on_dask():
    from distributed import Client, LocalCluster

    from cwnlp.parallel import run_on_dask

    docs = _docs()
    serial = _text_lengths(docs).records
    pooled = Batch()
    for part in run_parallel(_text_lengths, docs, workers=2, batch_size=5):
        pooled.extend(part)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster) as client:
        on_dask = run_on_dask(_text_lengths, docs, client=client, partitions=4)
        # a real stage of the package, run on one partition
        deduped = run_on_dask(find_duplicates, docs[:4], client=client, partitions=1)
    assert serial == pooled.records == on_dask.records
    assert [d.id for d in deduped.records] == ["d0", "d1", "d2", "d3"]
