"""PERSON extraction with titles and roles, and HOLDS_POST relations (own example sentences)."""

from __future__ import annotations

import json
import time

import pytest

from cwnlp.extract.persons import find_persons, holds_post, name_at
from cwnlp.extract.titles import split_posts, strip_place


def people(text: str) -> list[tuple[str, str | None, str]]:
    """(name, title, role) of each distinct name, in order of first mention."""
    seen: dict[str, tuple[str, str | None, str]] = {}
    for e in find_persons(text):
        seen.setdefault(e.text, (e.text, e.title, e.role))
    return list(seen.values())


POSITIVE = [
    # title before the name, organisation words kept
    ("会议由副县长赵国强主持。", [("赵国强", "副县长", "official")]),
    ("市卫健委副主任钱立新出席会议并讲话。", [("钱立新", "市卫健委副主任", "official")]),
    ("市城管执法支队队长曹阳带领队员开展夜间巡查。", [("曹阳", "市城管执法支队队长", "official")]),
    ("据县爱卫办主任孔令辉介绍,今年已清运垃圾500吨。", [("孔令辉", "县爱卫办主任", "official")]),
    # a leading place name is dropped; a standing body keeps its level character
    ("南平县卫健局局长孙丽介绍,全县已完成改厕。", [("孙丽", "卫健局局长", "official")]),
    ("清河区委书记郑凯要求高标准推进创卫。", [("郑凯", "区委书记", "official")]),
    ("东阳街道党工委书记黄伟主持会议。", [("黄伟", "党工委书记", "official")]),
    ("会上,云溪县委书记梁志远作动员讲话。", [("梁志远", "县委书记", "official")]),
    # several posts written together, separator kept
    ("县委副书记、县长周海涛出席并讲话。", [("周海涛", "县委副书记、县长", "official")]),
    ("县委常委、宣传部部长黄丽萍出席活动。", [("黄丽萍", "县委常委、宣传部部长", "official")]),
    ("社区居委会主任兼网格长邓丽君说。", [("邓丽君", "社区居委会主任兼网格长", "official")]),
    # a title before a list applies to each name; 2-, 3-character and compound names
    (
        "县领导刘明、陈红梅、欧阳建华参加活动。",
        [
            ("刘明", "县领导", "official"),
            ("陈红梅", "县领导", "official"),
            ("欧阳建华", "县领导", "official"),
        ],
    ),
    (
        "执法队员陈立新、周建华在现场劝导。",
        [("陈立新", "执法队员", "staff"), ("周建华", "执法队员", "staff")],
    ),
    # name length decided by what follows
    ("市民张丽带着孩子参加清扫。", [("张丽", "市民", "citizen")]),
    ("居民王秀英曾经想过搬家。", [("王秀英", "居民", "citizen")]),
    ("“我们每天巡查三遍。”网格员司马光明说。", [("司马光明", "网格员", "staff")]),
    ("县长于建华主持召开推进会。", [("于建华", "县长", "official")]),
    # bylines
    (
        "记者 黄小明 通讯员 钱多多 杨帆",
        [
            ("黄小明", "记者", "journalist"),
            ("钱多多", "通讯员", "journalist"),
            ("杨帆", "通讯员", "journalist"),
        ],
    ),
    ("编辑:马丽 责编:何军", [("马丽", "编辑", "editor"), ("何军", "责编", "editor")]),
    (
        "某某日报全媒体记者:高原 通讯员:甘霖",
        [("高原", "全媒体记者", "journalist"), ("甘霖", "通讯员", "journalist")],
    ),
    ("本报讯(通讯员晓风)近日,市创卫办开展暗访。", [("晓风", "通讯员", "journalist")]),
    ("本报讯(记者 韩梅梅)近日,全市开展大扫除。", [("韩梅梅", "记者", "journalist")]),
    ("(长江日报 林晓)5月1日,全市开展爱国卫生运动。", [("林晓", None, "journalist")]),
    ("摄影 周小平", [("周小平", "摄影", "journalist")]),
    ("干净整洁的背街小巷(刘涛 摄)", [("刘涛", None, "journalist")]),
    # title after the name; 同志
    ("王立军书记强调,要坚持常态化管理。", [("王立军", "书记", "official")]),
    ("会上,张建国同志作了表态发言。", [("张建国", None, "official")]),
    # a name right after an organisation has no title
    ("某某社区党总支江海林在会上作交流发言。", [("江海林", None, "official")]),
    # a bracketed note between post and name; a caption position mark is no name
    ("市卫健委副主任(主持工作)刘洋讲话。", [("刘洋", "市卫健委副主任", "official")]),
    ("图为市委书记李建平(中)在社区检查。", [("李建平", "市委书记", "official")]),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_finds_names_titles_and_roles(text: str, expected: list) -> None:
    assert people(text) == expected


NEGATIVE = [
    "县领导高度重视创卫工作,市领导到现场督导。",
    "区里成立工作专班,区委书记担任总指挥,区长担任第一副总指挥。",
    "记者从市卫健委获悉,记者走访发现,记者了解到情况。",
    "市长热线开通以来,县长信箱收到来信50封。",
    "居民小区环境明显改善,市民广场焕然一新。",
    "进一步提升市民文明素质,群众满意度不断提高。",
    "工作人员向过往市民发放宣传单。",
    "区领导常态化开展督导检查,市民安全感不断提升。",
    "县领导班子成员分别带队督查,副市长高度肯定了我区工作。",
    "市民王先生说,环卫工人李师傅每天凌晨就开始清扫。",
    "组长单位要牵头抓总,负责人于本月底前上报。",
    "编辑部、记者站联合开展采访活动,通讯员培训班开班。",
    "市委书记、市长分别作出批示。",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_ordinary_words_are_not_names(text: str) -> None:
    assert find_persons(text) == []


def test_later_mentions_inherit_the_first_title() -> None:
    text = "副市长高建民出席会议。会上,高建民强调要抓好落实。高建民还要求各区加强督查。"
    found = find_persons(text)
    assert [e.text for e in found] == ["高建民"] * 3
    assert {e.title for e in found} == {"副市长"}
    for e in found:
        assert text[e.start : e.end] == e.text
        assert e.type == "PERSON" and e.source == "rule"


def test_offsets_point_at_the_name() -> None:
    text = "3月5日上午,市委书记李建平带队检查,市委常委、秘书长王晓东陪同。记者 黄小明"
    for e in find_persons(text):
        assert text[e.start : e.end] == e.text


def test_holds_post_one_relation_per_post() -> None:
    text = "县委副书记、县长周海涛,市政协副主席何丽出席。县领导刘明参加。记者 黄小明 市民张丽说。"
    rels = {(r.head, r.rel, r.tail) for r in holds_post(find_persons(text))}
    assert rels == {
        ("周海涛", "HOLDS_POST", "县委副书记"),
        ("周海涛", "HOLDS_POST", "县长"),
        ("何丽", "HOLDS_POST", "市政协副主席"),
    }


def test_holds_post_splits_elliptical_posts() -> None:
    text = "镇党委副、镇长李明通报了整改进度。"
    rels = [(r.head, r.tail) for r in holds_post(find_persons(text))]
    assert rels == [("李明", "镇党委副"), ("李明", "镇长")]


def test_title_helpers() -> None:
    assert strip_place("南平县卫健局局长") == "卫健局局长"
    assert strip_place("云溪县委书记") == "县委书记"
    assert strip_place("江西省某某市政府副市长") == "市政府副市长"
    assert strip_place("社区党支部书记") == "社区党支部书记"
    assert strip_place("市卫健委主任") == "市卫健委主任"
    assert split_posts("市委副书记、市长") == ["市委副书记", "市长"]


def test_name_at_rejects_words_and_posts() -> None:
    assert name_at("高标准推进", 0) is None
    assert name_at("全面推进", 0) is None
    assert name_at("王欣出席", 0) == 2
    assert name_at("朱丽珍出席", 0) == 3


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n ",
        "王" * 1_000_000,
        "<div><p>市委书记</p><script>var a=1;</script></div>" * 200,
        "记者 " * 50_000,
    ],
)
def test_bad_input_is_fast_and_safe(text: str) -> None:
    start = time.perf_counter()
    found = find_persons(text)
    assert time.perf_counter() - start < 5
    assert all(text[e.start : e.end] == e.text for e in found)


def test_non_text_input_gives_a_clear_error() -> None:
    with pytest.raises(TypeError, match="expects a str"):
        find_persons(b"\xe7\x8e\x8b")  # type: ignore[arg-type]


def test_dev_set_person_f1(shared_dir) -> None:
    """On the real development articles (read at run time) names and titles stay accurate."""
    tp = fp = fn = titles_ok = titles = 0
    for line in (shared_dir / "eval" / "dev.gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        gold = {e["text"]: e.get("title") for e in doc["entities"] if e["type"] == "PERSON"}
        pred: dict[str, str | None] = {}
        for e in find_persons(doc["text"]):
            pred.setdefault(e.text, e.title)
        tp += len(set(gold) & set(pred))
        fp += len(set(pred) - set(gold))
        fn += len(set(gold) - set(pred))
        for name in set(gold) & set(pred):
            if gold[name]:
                titles += 1
                titles_ok += pred[name] == gold[name]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.9
    assert titles_ok / titles >= 0.85


@pytest.mark.parametrize(
    "title, expected",
    [
        ("涿州市融媒体中心记者", "融媒体中心记者"),  # 涿州市, not 涿州 + 市
        ("金平县市场监督管理局副局长", "市场监督管理局副局长"),  # 县|市场, not 县市|场
        ("某某县县长", "县长"),  # the second 县 opens the post
        ("苹果园社区党委书记", "党委书记"),
        ("措木及村党支部书记", "党支部书记"),
        ("果园路小区业委会主任", "业委会主任"),
        ("包村干部", "包村干部"),  # a duty, not a village
        ("台州日报记者", "台州日报记者"),  # the paper's name keeps its place
        ("自治区卫健委副主任", "自治区卫健委副主任"),  # a level alone is no place
        ("莆田兴隆市场管理有限公司负责人", "莆田兴隆市场管理有限公司负责人"),
    ],
)
def test_leading_place_readings(title, expected):
    assert strip_place(title) == expected


@pytest.mark.parametrize(
    "text, name, title",
    [
        ("商户欧月娥说，现在市场干净多了。", "欧月娥", "商户"),  # 月 and 应 open given names too
        ("县卫健局局长陈应坤表示，今后每月抽查。", "陈应坤", "县卫健局局长"),
        (
            "县人大常委会副主任尚志国出席。",
            "尚志国",
            "县人大常委会副主任",
        ),  # 尚志: a rarer word can be a given name
        ("院长岩温罕带着医务人员下乡义诊。", "岩温罕", "院长"),  # Dai family names
        ("楼栋长邝丽芳每周六带大家清理楼道。", "邝丽芳", "楼栋长"),
        ("嘎查牧民哈斯说，垃圾有人收了。", None, None),
        ("镇级河长、镇人大主席孔秀梅沿河巡查。", "孔秀梅", "镇级河长、镇人大主席"),
        ("编辑：冉晓雯  监制：车立军", "车立军", "监制"),
    ],
)
def test_more_titles_and_given_names(text, name, title):
    got = {n: t for n, t, _ in people(text)}
    if name is None:
        assert "哈斯说" not in got
    else:
        assert got.get(name) == title


def test_a_photo_credit_takes_the_byline_title():
    text = "图为志愿者清理楼道（郎晓静 摄）\n记者 郎晓静 通讯员 毛一鸣"
    got = {e.text: (e.title, e.role) for e in find_persons(text)}
    assert got["郎晓静"][0] == "记者"
    assert all(e.title == "记者" for e in find_persons(text) if e.text == "郎晓静")


def test_a_unit_found_before_the_post_joins_the_title():
    from cwnlp.model import Entity

    text = "会上，市创卫办常务副主任简立平通报了暗访结果。"
    start = text.index("市创卫办")
    unit = Entity("UNIT", "市创卫办", start, start + 4)
    assert people(text)[0][1] != "市创卫办常务副主任"  # jieba cuts 创卫办 as verbs
    got = {e.text: e.title for e in find_persons(text, units=[unit])}
    assert got["简立平"] == "市创卫办常务副主任"


@pytest.mark.parametrize(
    "text, name",
    [
        ("驻村工作队队长和建明说，工作队每周入户一次。", "和建明"),
        ("村党总支书记字春林介绍，村里新建了公厕。", "字春林"),
        ("区城管局副局长旺堆介绍，城区主干道实行机扫。", "旺堆"),
    ],
)
def test_a_name_without_a_known_family_name_between_a_post_and_a_speech_verb(text, name):
    assert name in {p.text for p in find_persons(text)}


@pytest.mark.parametrize(
    "text",
    ["村民们纷纷表示支持。", "专家组同时指出了问题。", "市民高兴地说环境变好了。", "局长在会上说要抓落实。"],
)
def test_ordinary_words_between_a_post_and_a_speech_verb_are_no_names(text):
    assert find_persons(text) == []


def test_an_interviewers_question_is_no_byline():
    text = "记者：县城海拔高、冬季长，创卫有哪些难点？\n答：主要是冬季保洁。\n记者：张三 李四"
    assert [p.text for p in find_persons(text)] == ["张三", "李四"]


def test_a_duty_word_before_cadre_is_part_of_the_description():
    assert [(p.text, p.title) for p in find_persons("包村干部樊永旺说，村里改了厕所。")] == [
        ("樊永旺", "包村干部")
    ]


@pytest.mark.parametrize(
    ("title", "stripped"),
    [
        ("机床厂社区党委书记", "党委书记"),  # a community named after a factory
        ("镇北街道党工委书记", "党工委书记"),  # a street whose name opens with a level character
        ("城管局社区网格员", "城管局社区网格员"),  # a body's community work: no place to drop
        ("社区卫生服务中心主任", "社区卫生服务中心主任"),
    ],
)
def test_community_names_that_the_place_pattern_refuses(title, stripped):
    assert strip_place(title) == stripped
