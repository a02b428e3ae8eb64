"""The DuckDB store: idempotent writes, failures bookkeeping, exports read back."""

import json

import duckdb
import pandas as pd
import pytest

from cwnlp.model import Document, Entity, Failure, Measure
from cwnlp.store.duck import Store, StoreError


def _doc(doc_id: str, text: str = "某县召开创建国家卫生县城推进会。", **kw) -> Document:
    return Document(id=doc_id, text=text, title="标题" + doc_id, reporters=["甲某", "乙某"], **kw)


def test_documents_round_trip_and_idempotent(tmp_path):
    db = tmp_path / "c.duckdb"
    with Store(db) as store:
        store.write("documents", [_doc("a"), _doc("b", extra={"k": "值"})])
        store.write("documents", [_doc("a", text="改写后的正文。")])  # same id: replaced, not added
        assert store.count("documents") == 2
        docs = {d.id: d for d in store.documents()}
    assert docs["a"].text == "改写后的正文。"
    assert docs["b"].reporters == ["甲某", "乙某"]
    assert docs["b"].extra == {"k": "值"}
    assert docs["a"].content_hash and docs["a"].content_hash != docs["b"].content_hash


def test_failure_replaced_then_cleared_when_input_succeeds(tmp_path):
    with Store(tmp_path / "c.duckdb") as store:
        store.write("failures", [Failure("http://x.example/1", "fetch", "HTTP 500")])
        store.write("failures", [Failure("http://x.example/1", "fetch", "HTTP 503")])
        store.write("failures", [Failure("http://x.example/1", "clean", "no text")])
        rows = store.read("failures")
        assert sorted(r.error for r in rows) == ["HTTP 503", "no text"]
        store.write("documents", [_doc("p1", input="http://x.example/1")])
        assert store.count("failures") == 0


def test_per_document_tables_replaced_per_document(tmp_path):
    with Store(tmp_path / "c.duckdb") as store:
        e1 = Entity("UNIT", "市住建局", 0, 4, doc_id="a", level="city")
        e2 = Entity("AMOUNT", "30万元", 5, 9, doc_id="b", value=300000.0, approx=False)
        store.replace_for_documents("entities", ["a", "b"], [e1, e2])
        store.replace_for_documents("entities", ["a"], [])
        left = store.read("entities")
        assert [e.text for e in left] == ["30万元"] and left[0].value == 300000.0
        m = Measure(0, 10, "某句。", labels=["CLEANUP"], scores={"CLEANUP": 0.9}, doc_id="a")
        store.replace_for_documents("measures", ["a"], [m])
        assert store.read("measures")[0].scores == {"CLEANUP": 0.9}
        with pytest.raises(StoreError):
            store.replace_for_documents("documents", ["a"], [])


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_is_read_back_by_independent_readers(tmp_path, fmt):
    db = tmp_path / "c.duckdb"
    with Store(db) as store:
        store.write("documents", [_doc("a"), _doc("b")])
        out = store.export("documents", fmt, tmp_path / f"docs.{fmt}")
    if fmt == "parquet":
        frame = pd.read_parquet(out)
        assert list(frame.sort_values("id")["reporters"].iloc[0]) == ["甲某", "乙某"]
    elif fmt == "csv":
        frame = pd.read_csv(out)
        assert json.loads(frame.sort_values("id")["reporters"].iloc[0]) == ["甲某", "乙某"]
    else:
        frame = pd.read_json(out, lines=True)
        assert frame.sort_values("id")["reporters"].iloc[0] == ["甲某", "乙某"]
    assert len(frame) == 2 and set(frame["title"]) == {"标题a", "标题b"}


def test_bad_store_path_gives_store_error(tmp_path):
    bad = tmp_path / "not-a-db.duckdb"
    bad.write_text("this is not a duckdb file")
    with pytest.raises(StoreError, match="cannot open store"):
        Store(bad).open()


def test_unknown_table_and_format_are_refused(tmp_path):
    with Store(tmp_path / "c.duckdb") as store:
        with pytest.raises(StoreError, match="unknown table"):
            store.write("people", [_doc("a")])
        with pytest.raises(StoreError, match="unknown export format"):
            store.export("documents", "xlsx", tmp_path / "x.xlsx")


def test_store_file_is_plain_duckdb(tmp_path):
    db = tmp_path / "c.duckdb"
    with Store(db) as store:
        store.write("documents", [_doc("a")])
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select title from documents").fetchone()[0] == "标题a"
    con.close()


def test_a_failed_write_leaves_the_store_unchanged(tmp_path):
    with Store(tmp_path / "c.duckdb") as store:
        store.write("documents", [_doc("a")])
        bad = Document(id="b", text="正文。")
        bad.text = 123  # not text: the batch cannot be converted
        broken = [_doc("a", text="不应写入。"), bad]
        with pytest.raises(Exception):  # noqa: B017  (any conversion error will do)
            store.write("documents", broken)
        assert [d.text for d in store.documents()] == ["某县召开创建国家卫生县城推进会。"]
