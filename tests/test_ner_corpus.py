"""The fictional NER training corpus in corpora/ner: its checks, its size and its independence."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUILD_PY = REPO / "corpora" / "ner" / "build.py"
EXCLUDED_PLACES = (
    "咸宁",
    "咸安",
    "金平",
    "萍乡",
    "咸阳",
    "松桃",
    "峨山",
    "西安",
    "黄冈",
    "星甸",
    "浦口",
    "石桥",
)


def _load_build():
    spec = importlib.util.spec_from_file_location("ner_corpus_build", BUILD_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


build = _load_build()


@pytest.fixture(scope="module")
def built() -> tuple[list[dict], list[str]]:
    return build.build()


def _article(body: str, rels: str = "", header: str = "date=2023-05-10") -> tuple[dict | None, list[str]]:
    """Convert one small article written in the corpus markup."""
    source = f"### id=t1 place=九江市 level=city campaign=创卫 {header}\n{body}\n{rels}\n"
    articles, errors = build.split_articles(source, "test")
    assert not errors and len(articles) == 1
    return build.convert(articles[0])


FILLER = "全市各级各部门要对照标准查漏补缺，持续巩固环境卫生整治成果，推动城市管理常态长效。" * 3
GOOD = (
    "[5月9日]{D}，[九江市]{L:city}召开创卫推进会，[市委副书记、市长]{T}[甘立群]{P:o}讲话。<<ORG_LEAD>>\n"
    "[市财政局]{U:city}向[濂溪区]{L:district}拨付资金[1200多万元]{A}。<<FUNDING>>\n" + FILLER
)


def test_committed_source_has_no_problems(built):
    _, errors = built
    assert errors == []


def test_train_jsonl_is_up_to_date(built):
    records, _ = built
    assert build.TRAIN_PATH.read_text(encoding="utf-8") == build.render(records)


def test_corpus_size_and_coverage(built):
    records, _ = built
    stats = build.stats(records)
    assert stats["articles"] >= 80
    assert stats["places"] >= 40
    for kind, count in {**stats["entities"], **stats["relations"]}.items():
        assert count >= 15, f"{kind} occurs only {count} times"


def test_no_excluded_place_is_an_article_place(built):
    records, _ = built
    for rec in records:
        assert not any(name in rec["place"] for name in EXCLUDED_PLACES), rec["id"]


def test_records_follow_the_gold_format(built):
    records, _ = built
    for rec in records:
        text = rec["text"]
        assert {"id", "place", "level", "campaign", "date", "text", "entities", "relations"} <= set(rec)
        pairs = [(e["type"], e["text"]) for e in rec["entities"]]
        assert len(pairs) == len(set(pairs)), rec["id"]
        for ent in rec["entities"] + rec["mentions"]:
            assert text[ent["start"] : ent["end"]] == ent["text"]
        for rel in rec["relations"]:
            assert rel["head"] in text and rel["tail"] in text
        for measure in rec["measures"]:
            assert text[measure["start"] : measure["end"]] == measure["sentence"]


def test_no_gold_sentence_or_name_is_copied(built, shared_dir):
    records, _ = built
    corpus = "\n".join(r["text"] for r in records)
    gold_files = sorted((shared_dir / "eval").glob("*.gold.jsonl"))
    assert gold_files
    for path in gold_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            gold = json.loads(line)
            for start, end in build.sentences(gold["text"]):
                sentence = gold["text"][start:end].strip()
                if len(sentence) >= 10:
                    assert sentence not in corpus, f"{path.name} {gold['id']}: {sentence[:20]}…"
            for ent in gold.get("entities", []):
                if ent["type"] == "PERSON" and len(ent["text"]) >= 2:
                    assert ent["text"] not in corpus, f"{path.name} {gold['id']}: a gold name occurs"


def test_a_good_article_converts_with_derived_attributes():
    record, problems = _article(GOOD, "REL 市财政局 FUNDS 濂溪区")
    assert problems == []
    ents = {(e["type"], e["text"]): e for e in record["entities"]}
    assert ents[("DATE", "5月9日")]["norm"] == "2023-05-09"
    amount = ents[("AMOUNT", "1200多万元")]
    assert (amount["value"], amount["unit"], amount["approx"], amount["kind"]) == (
        12000000,
        "元",
        True,
        "money",
    )
    assert ents[("PERSON", "甘立群")]["title"] == "市委副书记、市长"
    triples = {(r["head"], r["rel"], r["tail"]) for r in record["relations"]}
    assert ("甘立群", "HOLDS_POST", "市委副书记") in triples
    assert ("甘立群", "HOLDS_POST", "市长") in triples
    assert record["measures"][1]["labels"] == ["FUNDING"]


@pytest.mark.parametrize(
    ("body", "rels", "expected"),
    [
        (GOOD.replace("[1200多万元]{A}", "[1200多万元]{A value=1200}"), "", "written value"),
        (GOOD, "REL 甘立群 HOLDS_POST 副市长", "not a post"),
        (GOOD, "REL 市财政局 FUNDS 庐山区", "is not a PLACE/UNIT"),
        (GOOD, "REL 濂溪区 COORDINATES 市财政局", "is not a UNIT"),
        (GOOD + "\n市财政局还安排了培训。", "", "unmarked occurrence"),
        (GOOD + "\n全市共有18个社区。", "", "is not marked"),
        (GOOD.replace("[5月9日]{D}", "[5月9日]{D norm=2023-05-19}"), "", "written norm"),
        (GOOD.replace("{L:district}", "{L:borough}"), "", "bad level"),
        (GOOD.replace("[九江市]{L:city}", "[九江市{L:city}"), "", "stray"),
        (GOOD.replace("<<FUNDING>>", "<<MONEY>>"), "", "bad measure labels"),
        (GOOD.replace("[市委副书记、市长]{T}", "市长"), "", "not marked {T}"),
        ("[5月9日]{D}，[九江市]{L:city}召开会议。", "", "characters"),
    ],
)
def test_checks_report_bad_markup(body, rels, expected):
    _, problems = _article(body, rels)
    assert any(expected in p for p in problems), problems


def test_relative_date_without_year_is_reported():
    _, problems = _article(GOOD.replace("[5月9日]{D}", "[今年5月]{D}"), header="date=null")
    assert any("relative" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1200多万元", (12000000, "元", True)),
        ("近500人次", (500, "人次", True)),
        ("95%", (95, "%", False)),
        ("600 多个", (600, "个", True)),
        ("3.6万平方米", (36000, "平方米", False)),
        ("5万余元", (50000, "元", True)),
        ("三千余名", (3000, "名", True)),
        ("百余户", (100, "户", True)),
        ("约2亿元", (200000000, "元", True)),
        ("300人左右", (300, "人", True)),
        ("１２０个", (120, "个", False)),
        ("百分之九十五", (95, "%", False)),
        ("约三分之一", (33.333333, "%", True)),
        ("近两成", (20, "%", True)),
        ("九成以上", (90, "%", True)),
    ],
)
def test_parse_amount(text, expected):
    assert build.parse_amount(text) == expected


@pytest.mark.parametrize("text", ["第35个", "三清一改", "万元", "12", "完成"])
def test_parse_amount_rejects_non_amounts(text):
    with pytest.raises(ValueError):
        build.parse_amount(text)


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2020年11月28日", None, "2020-11-28"),
        ("2023年4月", None, "2023-04"),
        ("2019年", 2024, "2019"),
        ("5月9日", 2005, "2005-05-09"),
        ("四月", 2005, "2005-04"),
        ("十一月", 2021, "2021-11"),
        ("今年9月", 2019, "2019-09"),
        ("去年四五月", 2019, "2018-04"),
        ("6月17日", None, None),
    ],
)
def test_parse_date(text, year, expected):
    assert build.parse_date(text, year) == expected


@pytest.mark.parametrize("text", ["近日", "第一季度", "13月", ""])
def test_parse_date_rejects_non_dates(text):
    with pytest.raises(ValueError):
        build.parse_date(text, 2020)


def test_a_reporters_title_is_the_byline_word():
    # the seed annotations write 某某日报全媒体记者 as 全媒体记者; the outlet is a UNIT of its own
    assert build._byline_word("株洲日报全媒体记者") == "全媒体记者"
    assert build._byline_word("县融媒体中心记者") == "记者"
    assert build._byline_word("责任编辑") == "责任编辑"
