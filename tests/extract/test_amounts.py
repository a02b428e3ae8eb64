"""AMOUNT extraction and numeral parsing: grammar, non-amounts, offsets, bad input.

All example sentences are invented in the genre of campaign news.
"""

from __future__ import annotations

import json
import time

import pytest

from cwnlp.extract.amounts import find_amounts, load_lexicon
from cwnlp.extract.numerals import parse_chinese, parse_number, to_halfwidth
from cwnlp.model import Entity

# --- numerals ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("12", 12),
        ("１２", 12),
        ("1,200", 1200),
        ("12,345,678", 12345678),
        ("3.75", 3.75),
        ("1.2万", 12000),
        ("2854.2万", 28542000),
        ("0.8亿", 80000000),
        ("3千万", 30000000),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零八", 108),
        ("两百", 200),
        ("三千五百", 3500),
        ("三千五", 3500),
        ("一万二", 12000),
        ("四万零六十", 40060),
        ("二十万零五百", 200500),
        ("三亿五千万", 350000000),
        ("一亿零三百万", 103000000),
        ("壹仟贰佰", 1200),
        ("二〇二一", 2021),
        ("百分之九十五", 95),
        ("百分之十二点五", None),
        ("百分之百", 100),
        ("95%", 95),
        ("８０％", 80),
        (" 42 ", 42),
    ],
)
def test_parse_number(numeral: str, value: float | None) -> None:
    assert parse_number(numeral) == value


@pytest.mark.parametrize("bad", ["", "   ", "abc", "三五百", "1.2.3", "12,3", "万人", "百分之", "%", "五x"])
def test_parse_number_rejects_non_numerals(bad: str) -> None:
    assert parse_number(bad) is None


def test_parse_number_non_string_is_none() -> None:
    assert parse_number(None) is None  # type: ignore[arg-type]
    assert parse_number(12) is None  # type: ignore[arg-type]


def test_parse_chinese_needs_only_numeral_characters() -> None:
    assert parse_chinese("十五") == 15
    assert parse_chinese("15") is None
    assert parse_chinese("") is None


def test_halfwidth_keeps_length() -> None:
    text = "共１２３４户，占８０％。"
    assert len(to_halfwidth(text)) == len(text)
    assert to_halfwidth(text) == "共1234户，占80%。"


# --- amounts ----------------------------------------------------------------


def amounts(text: str) -> list[tuple[str, float | None, str | None, bool | None, str | None]]:
    return [(e.text, e.value, e.unit, e.approx, e.kind) for e in find_amounts(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("区财政拨付专项资金450万元用于改造。", ("450万元", 4500000, "元", False, "money")),
        ("累计投入1.35亿元。", ("1.35亿元", 135000000, "元", False, "money")),
        ("筹措资金860多万元。", ("860多万元", 8600000, "元", True, "money")),
        ("落实奖补资金3万余元。", ("3万余元", 30000, "元", True, "money")),
        ("计划投资1,250万元。", ("1,250万元", 12500000, "元", False, "money")),
        ("每户补助二千五百元。", ("二千五百元", 2500, "元", False, "money")),
        ("奖励标准为五千元。", ("五千元", 5000, "元", False, "money")),
        ("共发动志愿者320余人。", ("320余人", 320, "人", True, "people")),
        ("参与群众近2000人次。", ("近2000人次", 2000, "人次", True, "people")),
        ("抽调骨干28名。", ("28名", 28, "名", False, "people")),
        ("邀请专家5位现场指导。", ("5位", 5, "位", False, "people")),
        ("约1500人参加了大扫除。", ("约1500人", 1500, "人", True, "people")),
        ("现场有上千名居民。", ("上千名", 1000, "名", True, "people")),
        ("现场来了近万人。", ("近万人", 10000, "人", True, "people")),
        ("志愿者逾千名。", ("逾千名", 1000, "名", True, "people")),
        ("开展了3个专项整治。", ("3个", 3, "个", False, "count")),
        ("全镇出动万余人。", ("万余人", 10000, "人", True, "people")),
        ("来了十余人。", ("十余人", 10, "人", True, "people")),
        ("动员三百多名党员。", ("三百多名", 300, "名", True, "people")),
        ("两万多人受益。", ("两万多人", 20000, "人", True, "people")),
        ("发动人员3000人左右。", ("3000人左右", 3000, "人", True, "people")),
        ("为50万某某市民服务。", ("50万", 500000, "人", False, "people")),
        ("惠及12万群众。", ("12万", 120000, "人", False, "people")),
        ("全县拥有26万人口。", ("26万", 260000, "人", False, "people")),
        ("改造农户1860户。", ("1860户", 1860, "户", False, "count")),
        ("清理卫生死角1200余处。", ("1200余处", 1200, "处", True, "count")),
        ("整治背街小巷56条。", ("56条", 56, "条", False, "count")),
        ("检查餐饮门店342家次。", ("342家次", 342, "家次", False, "count")),
        ("查处违规案件17起。", ("17起", 17, "起", False, "count")),
        ("安装路灯260盏。", ("260盏", 260, "盏", False, "count")),
        ("印发宣传册2万余份。", ("2万余份", 20000, "份", True, "count")),
        ("新建公厕三十二座。", ("三十二座", 32, "座", False, "count")),
        ("新增停车位 600 多个。", ("600 多个", 600, "个", True, "count")),
        ("出动车辆10来辆。", ("10来辆", 10, "辆", True, "count")),
        ("设有约20几个摊点。", ("约20几个", 20, "个", True, "count")),
        ("拆除违建3.2万平方米。", ("3.2万平方米", 32000, "平方米", False, "area")),
        ("新增绿地85亩。", ("85亩", 85, "亩", False, "area")),
        ("治理水面12公顷。", ("12公顷", 12, "公顷", False, "area")),
        ("铺设污水管网12.5公里。", ("12.5公里", 12.5, "公里", False, "length")),
        ("新修步道3千米。", ("3千米", 3, "千米", False, "length")),
        ("清淤河道800米。", ("800米", 800, "米", False, "length")),
        ("群众满意率达96.5%。", ("96.5%", 96.5, "%", False, "percent")),
        ("知晓率达到８０％。", ("８０％", 80, "%", False, "percent")),
        ("覆盖率达到百分之九十五。", ("百分之九十五", 95, "%", False, "percent")),
        ("约三分之一的村完成改厕。", ("约三分之一", 100 / 3, "%", True, "percent")),
        ("超过四分之三的商户签约。", ("超过四分之三", 75, "%", True, "percent")),
        ("近两成商户未达标。", ("近两成", 20, "%", True, "percent")),
        ("已完成六成。", ("六成", 60, "%", False, "percent")),
        ("满意度达九成以上。", ("九成以上", 90, "%", True, "percent")),
        ("完成率在90%以上。", ("90%以上", 90, "%", True, "percent")),
        ("提高了3个百分点。", ("3个百分点", 3, "个百分点", False, "percent")),
        ("清运垃圾4500余吨。", ("4500余吨", 4500, "吨", True, "other")),
        ("清理淤泥6000多立方米。", ("6000多立方米", 6000, "立方米", True, "other")),
        ("各组配备3-5人。", ("3-5人", 3, "人", True, "people")),
        ("每组配备二十至三十名队员。", ("二十至三十名", 20, "名", True, "people")),
        ("投入资金超过2亿元。", ("超过2亿元", 200000000, "元", True, "money")),
    ],
)
def test_amount_grammar(text: str, expected: tuple | None) -> None:
    found = amounts(text)
    if expected is None:
        assert found == []
    else:
        assert found == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "今年是第35个爱国卫生月。",
        "这是第三次暗访。",
        "深入开展爱国卫生“7个专项行动”。",
        "扎实推进爱国卫生7个专项行动。",
        "严格落实“五统一”要求。",
        "推进“三清一改”工作。",
        "做好六方面工作。",
        "取得了七大成效。",
        "实行“一人一片”责任制。",
        "确保“一天一事”落到实处。",
        "力争实现“三连冠”。",
        "杜绝“两张脸”现象。",
        "一排排摊位整齐划一。",
        "一处处变化看得见。",
        "一项项举措落地。",
        "这是一场攻坚战。",
        "一名党员就是一面旗帜。",
        "组建了一支队伍。",
        "用两个月时间完成整改。",
        "距上次检查已近一月。",
        "连续奋战3天。",
        "整改期限为15个工作日。",
        "已经坚持了3个多月。",
        "工作人员24小时值守。",
        "他家住在六层楼上。",
        "住在18层的居民。",
        "会议于2020年4月召开。",
        "5月18日下午开会。",
        "咨询电话0731-84561234。",
        "备案号湘ICP备12345678号。",
        "PM2.5浓度下降。",
        "打造5A级景区。",
        "喊出“千人清街、百家联创”的口号。",
        "万众一心抓创卫。",
        "统一成立工作专班。",
        "标准一成不变。",
        "分三成立小组。",
        "千家万户受益。",
        "学习《三减三健》手册。",
        "某某村3组的道路已硬化。",
        "二〇二一年是关键之年。",
        "群众说有“两个没想到”。",
        "从五个方面入手。",
        "从5个方面入手。",
        "排名第3位。",
        "每100人配备一名网格员。",
        "排名后3位的单位将被约谈。",
        "考核排名前5名。",
        "",
        "   \n\u3000 ",
    ],
)
def test_not_amounts(text: str) -> None:
    assert amounts(text) == []


def test_offsets_point_into_text() -> None:
    text = (
        "甲镇投入资金1700多万元，新建公厕23所，改厕完成率达95%；参与志愿者近500人次。\n乙村清运垃圾300余吨。"
    )
    found = find_amounts(text)
    assert [e.text for e in found] == ["1700多万元", "23所", "95%", "近500人次", "300余吨"]
    for e in found:
        assert isinstance(e, Entity)
        assert e.type == "AMOUNT" and e.source == "rule"
        assert text[e.start : e.end] == e.text


def test_several_amounts_and_ordinals_in_one_sentence() -> None:
    text = "在第二轮督查中，共检查单位148个，发现问题56条，其中第3条已整改。"
    assert [e.text for e in find_amounts(text)] == ["148个", "56条"]


def test_counts_of_times_and_yearly_sums_are_amounts() -> None:
    # the schema counts times; a sum paid every year is still a sum
    text = "每周开展2次大扫除，每月通报一次，保洁合同每年580万元，每户每月只收15元。"
    assert [e.text for e in find_amounts(text)] == ["2次", "580万元", "15元"]


def test_ascii_comma_as_clause_separator() -> None:
    text = "新增车位246个,路灯115盏,绿地1000多平方米"
    assert [e.text for e in find_amounts(text)] == ["246个", "115盏", "1000多平方米"]


def test_long_quote_with_sentence_is_not_a_slogan() -> None:
    text = "他说：“这次我们一共清理了垃圾80吨，大家都很辛苦。”"
    assert [e.text for e in find_amounts(text)] == ["80吨"]


def test_html_fragments() -> None:
    html = '<div style="width:100%"><p>共发动<b>300</b>人，<span>清运垃圾50吨</span></p></div>'
    assert [e.text for e in find_amounts(html)] == ["50吨"]


def test_lexicon_data_file_is_read() -> None:
    lex = load_lexicon()
    assert lex.units["人次"] == "people"
    assert lex.units["个月"] == "duration"
    assert "近" in lex.approx_before
    assert load_lexicon() is lex  # cached


def test_entities_are_json_ready() -> None:
    (entity,) = find_amounts("投入230万元。")
    record = {k: v for k, v in vars(entity).items() if v is not None}
    assert json.loads(json.dumps(record, ensure_ascii=False))["value"] == 2300000


@pytest.mark.parametrize("char", ["1", "一", "万", "“", '"', "<", "。", "a", "1,", "多"])
def test_one_megabyte_of_one_character_is_fast(char: str) -> None:
    # 1 MB of one character; repeated multi-character patterns make many matches, so 200 KB
    text = char * 1_000_000 if len(char) == 1 else char * (200_000 // len(char))
    began = time.perf_counter()
    find_amounts(text)
    assert time.perf_counter() - began < 5


def test_long_realistic_text_is_linear() -> None:
    text = "全区出动人员1200余人次，清理垃圾300吨，“五统一”要求落实到位。" * 20_000
    began = time.perf_counter()
    found = find_amounts(text)
    assert time.perf_counter() - began < 10
    assert len(found) == 40_000


def test_non_string_is_clear_error() -> None:
    with pytest.raises(TypeError, match="expects str"):
        find_amounts(None)  # type: ignore[arg-type]
