"""The command line: ingest, dedup, export, eval, and honest exit codes."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from cwnlp.cli.main import main
from cwnlp.evaluate import score

ARTICLE = "某县召开创建国家卫生县城推进会，县委书记主持会议。会议要求各乡镇压实责任，清理卫生死角。"


def run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exc:
        main(args)
    return exc.value.code


def test_ingest_jsonl_and_csv_then_export(tmp_path, capsys):
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(
        json.dumps({"id": "j1", "text": ARTICLE, "date": "2022-04-01", "county": "某县"}, ensure_ascii=False)
        + "\nnot json\n"
        + json.dumps({"id": "j2", "body": "没有 text 列"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    csv = tmp_path / "b.csv"
    pd.DataFrame({"id": ["c1"], "text": ["某市开展爱国卫生月活动，发放宣传资料三千余份。"]}).to_csv(
        csv, index=False, encoding="gb18030"
    )
    db = tmp_path / "s.duckdb"
    assert run(["ingest", str(jsonl), str(csv), "--db", str(db)]) == 1  # two bad lines: exit 1
    out = tmp_path / "docs.csv"
    assert run(["export", "--db", str(db), "--format", "csv", "--out", str(out)]) == 0
    frame = pd.read_csv(out).set_index("id")
    assert set(frame.index) == {"j1", "c1"}
    assert frame.loc["c1", "text"].startswith("某市开展爱国卫生月")  # GBK CSV read correctly
    assert json.loads(frame.loc["j1", "extra"]) == {"county": "某县"}
    failures = tmp_path / "f.jsonl"
    assert run(["export", "--db", str(db), "--table", "failures", "--out", str(failures)]) == 0
    errors = [json.loads(line)["error"] for line in failures.read_text(encoding="utf-8").splitlines()]
    assert any("line 2" in e for e in errors) and any("no text" in e for e in errors)


def test_reingest_is_idempotent(tmp_path):
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(json.dumps({"id": "j1", "text": ARTICLE}, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    for _ in range(2):
        assert run(["ingest", str(jsonl), "--db", str(db)]) == 0
    from cwnlp.store.duck import Store

    with Store(db) as store:
        assert store.count("documents") == 1


def test_usage_errors_exit_2_and_fatal_errors_exit_3(tmp_path, capsys):
    assert run(["export", "--db", str(tmp_path / "missing.duckdb")]) == 2
    assert "no store at" in capsys.readouterr().err
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    assert run(["export", "--db", str(bad)]) == 3
    err = capsys.readouterr().err
    assert "cannot open store" in err and "Traceback" not in err
    assert run(["ingest", str(tmp_path / "nothing.xyz"), "--db", str(tmp_path / "s.duckdb")]) == 1


def test_eval_scores_a_prediction_file(tmp_path, capsys):
    gold = {
        "id": "g1",
        "text": "甲。乙。",
        "entities": [
            {"type": "UNIT", "text": "市住建局", "level": "city"},
            {"type": "DATE", "text": "5月9日", "norm": "2021-05-09"},
        ],
        "measures": [{"sentence": "甲。", "labels": ["CLEANUP"]}],
        "relations": [{"head": "张三", "rel": "HOLDS_POST", "tail": "市长"}],
    }
    pred = {
        "id": "g1",
        "entities": [
            {"type": "UNIT", "text": "市住建局"},
            {"type": "DATE", "text": "5月9日", "norm": "2021-05-10"},
        ],
        "measures": [
            {"start": 0, "end": 2, "labels": ["CLEANUP", "RESP"]},
            {"start": 2, "end": 4, "labels": ["ORDER"]},
        ],
        "relations": [],
    }
    report = score([gold], [pred])
    assert report.entities["UNIT"].f1 == 1.0 and report.attribute_accuracy()["DATE.norm"] == 0.0
    assert (report.measures.tp, report.measures.fp, report.measures.fn) == (1, 2, 0)
    assert report.relations.fn == 1
    g, p = tmp_path / "g.jsonl", tmp_path / "p.jsonl"
    g.write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    p.write_text(json.dumps(pred, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run(["eval", "--gold", str(g), "--pred", str(p)]) == 0
    assert "UNIT" in capsys.readouterr().out


def test_console_script_help_lists_every_command():
    out = subprocess.run(
        [sys.executable, "-m", "cwnlp.cli.main", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ("scrape", "clean", "ingest", "dedup", "export", "extract", "eval", "demo"):
        assert command in out


def test_ingest_of_seed_captures_fills_metadata_and_strips_chrome(shared_dir, tmp_path):
    """`cwnlp ingest` on the two real text captures, compared with the hand-made gold."""
    gold = {
        json.loads(line)["raw_file"]: json.loads(line)
        for line in (shared_dir / "eval" / "seeds.gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    db = tmp_path / "s.duckdb"
    assert run(["ingest", str(shared_dir / "corpora" / "seeds"), "--db", str(db)]) == 0
    from cwnlp.store.duck import Store

    with Store(db) as store:
        docs = {d.id + ".txt": d for d in store.documents()}
    assert set(docs) == set(gold)
    for name, record in gold.items():
        doc, meta = docs[name], record["meta"]
        assert doc.text == record["text"]
        assert doc.reporters == meta["reporters"] and doc.editors == meta["editors"]
        assert doc.source == meta["source"] and doc.title == meta["title"] and doc.date == meta["date"]
        for chrome in ("上一篇", "下一篇", "ICP备", "扫码下载", "责编", "编辑:"):
            assert chrome not in doc.text


def test_clean_command_writes_one_record_per_page_with_metadata(tmp_path):
    import csv
    from pathlib import Path

    demo = Path(__file__).resolve().parents[1] / "corpora" / "demo"
    manifest = {row["id"]: row for row in csv.DictReader((demo / "manifest.csv").open(encoding="utf-8"))}
    broken = tmp_path / "pages"
    broken.mkdir()
    (broken / "empty.html").write_bytes(b"")
    (broken / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    out = tmp_path / "clean.jsonl"
    pages = sorted(str(p) for p in demo.glob("*.html"))
    assert run(["clean", *pages, str(broken), "--output", str(out)]) == 1  # two bad pages
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(records) == set(manifest)
    keys = {"id", "url", "title", "date", "text", "source", "reporters", "editors", "captions"}
    for doc_id, row in manifest.items():
        record = records[doc_id]
        assert keys <= set(record)
        assert record["date"] == row["date"] and record["title"] == row["title"]
        for field in ("reporters", "editors", "correspondents"):
            assert record[field] == [r for r in row[field].split(";") if r], (doc_id, field)
        expected = (demo / "expected" / f"{doc_id}.txt").read_text(encoding="utf-8").strip()
        assert record["text"].splitlines()[0] == expected.splitlines()[0]
    failures = (tmp_path / "clean.failures.jsonl").read_text(encoding="utf-8")
    assert "empty.html" in failures and "image.html" in failures


def test_measures_db_writes_the_measures_table(tmp_path, capsys):
    from cwnlp.store.duck import Store

    db = tmp_path / "s.duckdb"
    text = "某县组织500余名志愿者清理背街小巷卫生死角。县财政投入300万元改造农贸市场。今天天气很好。"
    with Store(db) as store:
        from cwnlp.model import Document

        store.write("documents", [Document(id="m1", text=text)])
    assert run(["measures", "--db", str(db)]) == 0
    with Store(db) as store:
        rows = store.read("measures")
    assert {r.doc_id for r in rows} == {"m1"}
    assert all(text[r.start : r.end] == r.sentence for r in rows)
    assert "今天天气很好。" not in {r.sentence for r in rows}
    fake = tmp_path / "model.skops"
    fake.write_bytes(b"not a model")
    assert run(["measures", "--db", str(db), "--model", str(fake)]) != 0
    assert "Traceback" not in capsys.readouterr().err
