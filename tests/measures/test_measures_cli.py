"""The `measures` click group, run through CliRunner."""

import json

import pytest
from click.testing import CliRunner

from cwnlp.cli.measures import measures
from cwnlp.measures.data import read_labelled_csv, write_labelled_csv
from cwnlp.measures.persist import load_model
from cwnlp.measures.taxonomy import Taxonomy

DOCS = [
    {"id": "a", "text": "县城管局组织执法队员整治占道经营。\n市民说街道干净了。"},
    {"id": "b", "text": "镇里投入资金60万元改造农贸市场。县市场监管局开展食品安全检查。"},
    {"id": "c", "text": "区执法大队拆除违章搭建12处。区财政安排专项经费支持农贸市场提升。"},
]


@pytest.fixture(scope="module")
def labels_csv(tmp_path_factory, small_data):
    path = tmp_path_factory.mktemp("csv") / "labels.csv"
    sentences, labels = small_data
    write_labelled_csv(path, sentences[::2], labels[::2])
    return path


@pytest.fixture(scope="module")
def docs_jsonl(tmp_path_factory):
    path = tmp_path_factory.mktemp("docs") / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory, small_taxonomy_path, labels_csv):
    out = tmp_path_factory.mktemp("model") / "m.skops"
    args = ["train", "--taxonomy", str(small_taxonomy_path), "--labels", str(labels_csv), "--out", str(out)]
    result = CliRunner().invoke(measures, [*args, "--folds", "3"])
    return result, out


def test_measures_is_a_click_group() -> None:
    import click

    assert isinstance(measures, click.Group)
    assert {"train", "train-default", "discover", "label"} <= set(measures.commands)


def test_train_prints_report_and_writes_model(trained) -> None:
    result, out = trained
    assert result.exit_code == 0, result.output
    assert "cross-validated scores" in result.output
    for code in ("ORDER", "MARKET_FOOD", "FUNDING", "micro"):
        assert code in result.output
    assert load_model(out).classes_ == ["ORDER", "MARKET_FOOD", "FUNDING"]


def one_line_error(result) -> None:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 1 and result.output.rstrip().splitlines()[-1] == errors[0], result.output


def test_train_unknown_label_names_line(tmp_path, small_taxonomy_path) -> None:
    csv_path = tmp_path / "l.csv"
    csv_path.write_text("sentence,labels\n甲。,ORDER\n乙。,WHATEVER\n", encoding="utf-8")
    out = tmp_path / "m.skops"
    args = ["train", "--taxonomy", str(small_taxonomy_path), "--labels", str(csv_path), "--out", str(out)]
    result = CliRunner().invoke(measures, args)
    one_line_error(result)
    assert "line 3" in result.output and "WHATEVER" in result.output
    assert not out.exists()


def test_train_empty_category_refused(tmp_path, small_taxonomy_path) -> None:
    csv_path = tmp_path / "l.csv"
    csv_path.write_text("sentence,labels\n甲。,ORDER\n乙。,FUNDING\n丙。,\n", encoding="gbk")
    args = [
        "train",
        "--taxonomy",
        str(small_taxonomy_path),
        "--labels",
        str(csv_path),
        "--out",
        str(tmp_path / "m"),
    ]
    result = CliRunner().invoke(measures, args)
    one_line_error(result)
    assert "MARKET_FOOD" in result.output


def test_train_reads_gbk_csv(tmp_path, small_taxonomy_path, small_data) -> None:
    sentences, labels = small_data[0][1::3], small_data[1][1::3]
    lines = ["sentence,labels"] + [f'"{s}",{";".join(lab)}' for s, lab in zip(sentences, labels, strict=True)]
    csv_path = tmp_path / "gbk.csv"
    csv_path.write_bytes("\n".join(lines).encode("gbk"))
    out = tmp_path / "m.skops"
    args = ["train", "--taxonomy", str(small_taxonomy_path), "--labels", str(csv_path), "--out", str(out)]
    result = CliRunner().invoke(measures, [*args, "--no-report"])
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_train_bad_taxonomy(tmp_path, labels_csv) -> None:
    tax = tmp_path / "t.yaml"
    tax.write_text("categories:\n  - code: A\n    name_zh: 名\n", encoding="utf-8")
    args = ["train", "--taxonomy", str(tax), "--labels", str(labels_csv), "--out", str(tmp_path / "m")]
    result = CliRunner().invoke(measures, args)
    one_line_error(result)
    assert "missing field" in result.output


def test_label_exports_csv_that_train_reads(trained, docs_jsonl, tmp_path, small_taxonomy) -> None:
    _, model_path = trained
    out = tmp_path / "to_label.csv"
    args = ["label", "--input", str(docs_jsonl), "--model", str(model_path), "--out", str(out), "--n", "3"]
    result = CliRunner().invoke(measures, args)
    assert result.exit_code == 0, result.output
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == "sentence,labels,score"
    sentences, labels = read_labelled_csv(out, small_taxonomy)
    assert len(sentences) == 3
    all_sentences = {s for d in DOCS for s in d["text"].replace("。", "。\n").split("\n") if s}
    assert set(sentences) <= all_sentences


def test_label_missing_input(tmp_path, trained) -> None:
    _, model_path = trained
    args = [
        "label",
        "--input",
        str(tmp_path / "no.jsonl"),
        "--model",
        str(model_path),
        "--out",
        str(tmp_path / "o"),
    ]
    one_line_error(CliRunner().invoke(measures, args))


def test_label_refuses_unsafe_model(tmp_path, docs_jsonl) -> None:
    import os

    import skops.io as sio

    evil = tmp_path / "evil.skops"
    sio.dump({"x": os.getcwd}, evil)
    args = ["label", "--input", str(docs_jsonl), "--model", str(evil), "--out", str(tmp_path / "o.csv")]
    result = CliRunner().invoke(measures, args)
    one_line_error(result)
    assert "not allowed" in result.output


def test_discover_table_and_skeleton(tmp_path) -> None:
    docs = tmp_path / "d.jsonl"
    texts = [
        "执法队员开展占道经营整治。执法队员拆除违章搭建的棚子。城管执法整治乱停乱放。",
        "市场监管局开展农贸市场检查。农贸市场开展改造提升。市场监管局开展餐饮食品安全检查。",
        "志愿者开展清扫垃圾活动。社区组织志愿者清理垃圾。志愿者深入小区清理卫生死角。",
        "今天天气很好。",
    ]
    docs.write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts), encoding="utf-8")
    out = tmp_path / "skeleton.yaml"
    result = CliRunner().invoke(measures, ["discover", "--input", str(docs), "--k", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "9 measure-like sentences of 10" in result.output
    assert "[3]" in result.output
    tax = Taxonomy.load(out)
    assert tax.codes == ["CAND_01", "CAND_02", "CAND_03"]
    groups = [set(c.keywords) for c in tax.categories]
    assert any("执法" in g for g in groups) and any("志愿者" in g for g in groups)


def test_discover_kmeans_and_errors(tmp_path) -> None:
    docs = tmp_path / "d.jsonl"
    docs.write_text('{"text": "开展清扫。组织培训。"}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(measures, ["discover", "--input", str(docs), "--method", "kmeans"])
    one_line_error(result)
    assert "line 2" in result.output
    docs.write_text('{"text": "开展清扫活动。组织业务培训。"}\n', encoding="utf-8")
    result = CliRunner().invoke(measures, ["discover", "--input", str(docs), "--k", "5"])
    one_line_error(result)
    assert "too few" in result.output
    result = CliRunner().invoke(
        measures, ["discover", "--input", str(docs), "--k", "2", "--method", "kmeans"]
    )
    assert result.exit_code == 0, result.output
