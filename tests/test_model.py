"""The shared data model and the batch stage convention."""

import json

from cwnlp.model import Document, Entity, Failure, to_record
from cwnlp.pipeline import Batch, chunks, run_parallel


def test_records_round_trip_through_dicts_and_json_text():
    doc = Document(id="d1", text="正文。", reporters=["甲"], extra={"k": 1})
    record = to_record(doc)
    assert Document.from_record(record) == doc
    as_text = dict(record, reporters=json.dumps(["甲"]), extra=json.dumps({"k": 1}), unknown="ignored")
    assert Document.from_record(as_text) == doc


def test_entity_to_record_drops_unset_attributes():
    ent = Entity("DATE", "2021年5月", 0, 7, norm="2021-05")
    assert to_record(ent, drop_none=True) == {
        "type": "DATE",
        "text": "2021年5月",
        "start": 0,
        "end": 7,
        "norm": "2021-05",
    }


def _lengths(docs: list[Document]) -> Batch[int]:
    batch: Batch[int] = Batch()
    for doc in docs:
        if doc.text:
            batch.records.append(len(doc.text))
        else:
            batch.failures.append(Failure(doc.id, "length", "empty"))
    return batch


def test_run_parallel_in_process_and_in_pool_give_same_batches():
    docs = [Document(id=str(i), text="字" * i) for i in range(10)]
    serial, pooled = Batch(), Batch()
    for part in run_parallel(_lengths, docs, batch_size=3):
        serial.extend(part)
    for part in run_parallel(_lengths, docs, batch_size=3, workers=2):
        pooled.extend(part)
    assert serial.records == pooled.records == list(range(1, 10))
    assert [f.input for f in serial.failures] == [f.input for f in pooled.failures] == ["0"]
    assert [len(c) for c in chunks(range(7), 3)] == [3, 3, 1]
