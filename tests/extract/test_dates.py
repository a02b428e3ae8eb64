"""DATE extraction: forms, modifiers, ranges, relative dates, year inference, bad input.

All example sentences are invented in the genre of campaign news.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from cwnlp.extract.amounts import find_amounts
from cwnlp.extract.dates import find_dates


def dates(text: str, ref_date: str | None = None) -> list[tuple[str, str | None]]:
    return [(e.text, e.norm) for e in find_dates(text, ref_date)]


@pytest.mark.parametrize(
    ("text", "ref_date", "expected"),
    [
        ("2021年3月12日，某县召开推进会。", None, ("2021年3月12日", "2021-03-12")),
        ("2022年5月，全市启动复审迎检。", None, ("2022年5月", "2022-05")),
        ("早在2016年，该区就提出了目标。", None, ("2016年", "2016")),
        ("2016年初，该区提出了目标。", None, ("2016年", "2016")),
        ("二〇二二年六月，检查组到来。", None, ("二〇二二年六月", "2022-06")),
        ("二〇二二年六月十五日召开大会。", None, ("二〇二二年六月十五日", "2022-06-15")),
        ("通知于2023-06-05印发。", None, ("2023-06-05", "2023-06-05")),
        ("通知于2023.6.5印发。", None, ("2023.6.5", "2023-06-05")),
        ("通知于2023/06/05印发。", None, ("2023/06/05", "2023-06-05")),
        ("１０月８日上午，街道开展大扫除。", "2022-10-09", ("１０月８日", "2022-10-08")),
        ("8月3号，志愿者走上街头。", "2022-08-04", ("8月3号", "2022-08-03")),
        ("3月12日，村里开展植树活动。", None, ("3月12日", None)),
        ("九月，全县开展集中整治。", "2018-10-01", ("九月", "2018-09")),
        ("十二月，全县开展集中整治。", "2018-12-30", ("十二月", "2018-12")),
        ("六月中旬，检查组进驻。", "2018-07-01", ("六月", "2018-06")),
        ("6月份，全县开展集中整治。", "2018-07-01", ("6月份", "2018-06")),
        ("2019年12月底前全部完成。", None, ("2019年12月", "2019-12")),
        ("4月上旬，开始整治。", "2017-05-02", ("4月", "2017-04")),
        ("今年6月，全区通过考核。", "2021-09-01", ("今年6月", "2021-06")),
        ("今年6月底前完成改造。", "2021-02-01", ("今年6月", "2021-06")),
        ("去年11月，该市启动创建。", "2021-09-01", ("去年11月", "2020-11")),
        ("去年七八月，雨水偏多。", "2021-09-01", ("去年七八月", "2020-07")),
        ("前年5月，项目开工。", "2021-09-01", ("前年5月", "2019-05")),
        ("明年3月将迎来评估。", "2021-09-01", ("明年3月", "2022-03")),
        ("今年3月12日召开会议。", "2020-05-06", ("今年3月12日", "2020-03-12")),
        ("今年6月，全区通过考核。", None, ("今年6月", None)),
        ("今年6月，全区通过考核。", "not a date", ("今年6月", None)),
        ("2月29日，全区开展整治。", "2020-03-01", ("2月29日", "2020-02-29")),
    ],
)
def test_date_forms(text: str, ref_date: str | None, expected: tuple[str, str | None]) -> None:
    assert dates(text, ref_date) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "近日，某街道召开会议。",
        "日前，检查组进行了暗访。",
        "昨天下午，志愿者上街。",
        "确保第一季度考评公平。",
        "今年以来，全区共清理垃圾。",
        "去年，全县完成改厕。",
        "用两个月时间完成整改。",
        "时间已过近一月，问题依旧。",
        "每月开展一次大扫除。",
        "实行统一月度考核。",
        "执行2020版标准。",
        "编制“十四五”规划。",
        "发布2021年版指南。",
        "坚持一月一评比。",
        "连续奋战3个月。",
        "2月30日是不存在的日子。",
        "13月份不存在。",
        "电话0731-2023-0605。",
        "编号A2021年。",
        "",
        " \n\u3000",
    ],
)
def test_not_dates(text: str) -> None:
    assert dates(text, "2021-06-01") == []


def test_day_range_gives_first_date() -> None:
    assert dates("7月18日-19日，全县集中整治。", "2020-08-01") == [("7月18日", "2020-07-18")]
    assert dates("7月18日至19日举行。", "2020-08-01") == [("7月18日", "2020-07-18")]


def test_date_range_gives_first_date() -> None:
    assert dates("5月6日至6月2日开展督查。", "2020-08-01") == [("5月6日", "2020-05-06")]
    assert dates("2019年至2021年连续三年获评。") == [("2019年", "2019")]


def test_month_day_and_year_all_found_with_offsets() -> None:
    text = "2018年，某县启动创卫；2019年8月通过省级评估；11月5日迎来国家暗访。"
    found = find_dates(text, "2019-12-01")
    assert [(e.text, e.norm) for e in found] == [
        ("2018年", "2018"),
        ("2019年8月", "2019-08"),
        ("11月5日", "2019-11-05"),
    ]
    for e in found:
        assert e.type == "DATE" and e.source == "rule"
        assert text[e.start : e.end] == e.text


def test_without_ref_date_the_latest_earlier_year_is_the_article_year() -> None:
    text = "2016年全县完成改厕任务，2017年又新增任务；今年8月将全部完工，力争2025年前实现全覆盖。"
    assert dates(text) == [("2016年", "2016"), ("2017年", "2017"), ("今年8月", "2017-08"), ("2025年", "2025")]


def test_target_years_do_not_date_the_article() -> None:
    text = "力争2030年全面达标。今年5月启动。"
    assert dates(text) == [("2030年", "2030"), ("今年5月", None)]


def test_year_written_later_is_not_used() -> None:
    text = "5月9日，检查组进驻。该市于2015年获评。"
    assert dates(text) == [("5月9日", None), ("2015年", "2015")]


def test_ref_date_wins_over_years_in_text() -> None:
    text = "2010年该市获评。今年5月启动复审。"
    assert dates(text, "2013-06-01") == [("2010年", "2010"), ("今年5月", "2013-05")]


def test_same_year_and_next_year_follow_the_text() -> None:
    text = "2018年6月，项目立项；同年9月开工，次年3月竣工。"
    assert dates(text, "2021-01-01") == [
        ("2018年6月", "2018-06"),
        ("同年9月", "2018-09"),
        ("次年3月", "2019-03"),
    ]


def test_ref_date_with_time_part() -> None:
    assert dates("4月1日启动。", "2022-04-03T10:20") == [("4月1日", "2022-04-01")]


def test_dates_are_not_amounts() -> None:
    text = "2020年4月14日下午，5月18日上午，2019年12月"
    assert find_amounts(text) == []
    assert len(find_dates(text)) == 3


def test_html_fragment() -> None:
    html = "<p class='t2019'>发布时间：<span>2022年10月25日</span></p>"
    assert dates(html) == [("2022年10月25日", "2022-10-25")]


def test_entities_are_json_ready() -> None:
    (entity,) = find_dates("2020年4月14日")
    record = {k: v for k, v in vars(entity).items() if v is not None}
    assert json.loads(json.dumps(record, ensure_ascii=False))["norm"] == "2020-04-14"


@pytest.mark.parametrize("char", ["1", "一", "年", "月", "2020年", "4月5日", "-", "今年"])
def test_one_megabyte_of_one_character_is_fast(char: str) -> None:
    # 1 MB of one character; repeated multi-character patterns make many matches, so 200 KB
    text = char * 1_000_000 if len(char) == 1 else char * (200_000 // len(char))
    began = time.perf_counter()
    find_dates(text, "2020-01-01")
    assert time.perf_counter() - began < 5


def test_non_string_is_clear_error() -> None:
    with pytest.raises(TypeError, match="expects str"):
        find_dates(b"2020")  # type: ignore[arg-type]


def test_dev_gold_dates_and_amounts(shared_dir: Path) -> None:
    """Regression guard on the real development articles (read at run time)."""
    scores = {"AMOUNT": [0, 0, 0], "DATE": [0, 0, 0]}  # true positives, predicted, gold
    for name in ("dev.gold.jsonl", "seeds.gold.jsonl"):
        for line in (shared_dir / "eval" / name).read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            found = find_amounts(article["text"]) + find_dates(article["text"], article.get("date"))
            predicted = {(e.type, e.text) for e in found}
            gold = {(e["type"], e["text"]) for e in article["entities"] if e["type"] in scores}
            for kind, counts in scores.items():
                counts[0] += len({p for p in predicted & gold if p[0] == kind})
                counts[1] += len({p for p in predicted if p[0] == kind})
                counts[2] += len({g for g in gold if g[0] == kind})
    for kind, (tp, n_pred, n_gold) in scores.items():
        f1 = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 1.0
        assert f1 >= 0.9, (kind, tp, n_pred, n_gold)
