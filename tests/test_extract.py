"""`cwnlp extract`: the spaCy pipeline, the JSONL and store routes, and bad input."""

import json
import subprocess
import sys

import pytest

import cwnlp
from cwnlp.cli.main import main
from cwnlp.extract.pipeline import ExtractSettings, extract_documents
from cwnlp.model import Document
from cwnlp.store.duck import Store

TEXT = (
    "2022年5月6日上午，某某市委副书记、市长李振华带队到城南区东湖街道督导巩卫复审工作，"
    "市住建局、市城管局负责同志陪同。市财政安排1200多万元用于老旧小区改造，惠及3000余户居民。"
)
ENTITIES_ONLY = ExtractSettings(measures=False)


def run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exc:
        main(args)
    return exc.value.code


def test_load_gives_spans_with_attributes():
    nlp = cwnlp.load()
    assert "cwnlp_resolve" in nlp.pipe_names
    doc = nlp(TEXT)
    by_label = {}
    for span in doc.spans["cwnlp"]:
        by_label.setdefault(span.label_, []).append(span)
    person = next(s for s in by_label["PERSON"] if s._.entity.text == "李振华")
    assert person._.title == "市委副书记、市长" and person._.role == "official"
    amount = next(s for s in by_label["AMOUNT"] if s._.entity.text == "1200多万元")
    assert amount._.value == 12_000_000 and amount._.approx is True
    date = by_label["DATE"][0]
    assert date._.norm == "2022-05-06"
    docs = list(nlp.pipe([TEXT, "无关的一句话。"]))  # streaming works
    assert len(docs) == 2 and docs[1]._.entities == []


def test_spans_match_entities_where_jieba_glues_words():
    # jieba cuts 刘|明说; the span must still be the name alone.
    doc = cwnlp.load()("镇长刘明说，这次检查合格。")
    person = next(s for s in doc.spans["cwnlp"] if s.label_ == "PERSON")
    assert person.text == "刘明" and person._.title == "镇长"
    assert doc.text == "镇长刘明说，这次检查合格。"


def test_doc_with_entities_serialises():
    from spacy.tokens import Doc, DocBin

    nlp = cwnlp.load()
    doc = nlp(TEXT)
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [(s.text, s.label_) for s in back.spans["cwnlp"]] == [
        (s.text, s.label_) for s in doc.spans["cwnlp"]
    ]
    assert back._.entities == doc._.entities
    person = next(s for s in back.spans["cwnlp"] if s.text == "李振华")
    assert person._.title == "市委副书记、市长"
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    again = next(DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab))
    assert list(again._.entities) == doc._.entities
    # a Doc read back can run through the finders again
    assert nlp.get_pipe("cwnlp_persons")(again) is again


def test_extract_stage_keeps_exact_offsets():
    result = extract_documents([Document(id="a", text=TEXT)], ENTITIES_ONLY).records[0]
    assert result.entities and all(TEXT[e.start : e.end] == e.text for e in result.entities)
    assert {"UNIT", "PERSON", "AMOUNT", "DATE"} <= {e.type for e in result.entities}
    assert ("李振华", "HOLDS_POST", "市长") in {(r.head, r.rel, r.tail) for r in result.relations}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "<p>市住建局<b>局长</b>王某某</p><script>alert(1)</script>",
        "２０２２年５月６日，某縣投入１２００萬元整治環境，市住建局參與。",
        "\ufffd\x00\x07控制字符",
    ],
)
def test_odd_texts_give_a_clear_result(text):
    batch = extract_documents([Document(id="x", text=text)], ENTITIES_ONLY)
    assert not batch.failures and len(batch.records) == 1
    for ent in batch.records[0].entities:
        assert text[ent.start : ent.end] == ent.text


def test_full_width_digits_are_normalised():
    result = extract_documents(
        [Document(id="x", text="共投入１２００万元，完成率９５％。")], ENTITIES_ONLY
    ).records[0]
    values = {e.text: e.value for e in result.entities if e.type == "AMOUNT"}
    assert values == {"１２００万元": 12_000_000, "９５％": 95}


def test_one_megabyte_of_one_character_does_not_hang(tmp_path):
    src = tmp_path / "big.jsonl"
    src.write_text(
        json.dumps({"id": "big", "text": "市" * 1_000_000}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    code = (
        "from cwnlp.cli.main import main; "
        f"main(['extract', '--input', {str(src)!r}, '--output', {str(out)!r}, '--no-measures'])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "big"


def test_jsonl_route_with_bad_lines_writes_failures_and_scorable_output(tmp_path):
    src = tmp_path / "in.jsonl"
    good = json.dumps(
        {"id": "ok", "text": TEXT, "date": "2022-05-07", "entities": ["ignored"]}, ensure_ascii=False
    )
    src.write_bytes(
        good.encode("utf-8")
        + b"\n"
        + b'{"id": "bad", "text": "\xff\xfe"}\n'
        + b"{not json\n"
        + b'{"id": "n"}\n'
    )
    out = tmp_path / "out.jsonl"
    assert run(["extract", "--input", str(src), "--output", str(out), "--no-measures"]) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["ok"]
    assert set(records[0]) == {"id", "entities", "measures", "relations"}
    assert all({"type", "text", "start", "end"} <= set(e) for e in records[0]["entities"])
    failures = [
        json.loads(line)
        for line in (tmp_path / "out.failures.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    errors = " | ".join(f["error"] for f in failures)
    assert (
        "line 2 is not valid UTF-8" in errors and "line 3 is not JSON" in errors and "line 4 has no" in errors
    )


def test_store_route_writes_entities_table(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.write("documents", [Document(id="a", text=TEXT, date="2022-05-07")])
    assert run(["extract", "--db", str(db), "--no-measures"]) == 0
    assert run(["extract", "--db", str(db), "--no-measures"]) == 0  # idempotent
    with Store(db) as store:
        entities = store.read("entities")
        assert store.count("relations") >= 1
    assert {e.doc_id for e in entities} == {"a"}
    assert len({(e.type, e.start) for e in entities}) == len(entities)
