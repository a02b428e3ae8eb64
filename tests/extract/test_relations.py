"""Relation extraction: each relation type, lists, appositions, nesting, negatives, bad input.

Example sentences are invented in the genre of campaign news (many provinces and
unit types); entities are given by hand, as the entity finders would give them.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from cwnlp.extract.relations import cooccurrence_baseline, find_relations, load_lexicon
from cwnlp.model import RELATION_TYPES, Entity
from cwnlp.text.sentences import split_sentences


def ents(text: str, *specs: tuple) -> list[Entity]:
    """Every occurrence of each (type, text[, attributes]) as an Entity mention."""
    out = []
    for spec in specs:
        etype, surface = spec[0], spec[1]
        attrs = spec[2] if len(spec) > 2 else {}
        pos = text.find(surface)
        assert pos >= 0, f"{surface} not in text"
        while pos >= 0:
            out.append(Entity(etype, surface, pos, pos + len(surface), **attrs))
            pos = text.find(surface, pos + 1)
    return out


def triples(text: str, *specs: tuple) -> set[tuple[str, str, str]]:
    return {(r.head, r.rel, r.tail) for r in find_relations(text, ents(text, *specs))}


# ---------------------------------------------------------------- each relation type


def test_lexicon_covers_the_schema_types():
    lex = load_lexicon()
    rels = {r for t in lex.triggers.values() for r in t.rels} - {"NONE"}
    assert rels <= set(RELATION_TYPES)
    assert rels == set(RELATION_TYPES) - {"HOLDS_POST"}  # HOLDS_POST comes from persons
    assert set(lex.args) == set(RELATION_TYPES) - {"HOLDS_POST"}


def test_leads_post_resolved_to_the_named_holder():
    text = "县委县政府成立由县委书记任组长的创建国家卫生县城领导小组。县委书记张立华出席会议。"
    got = triples(
        text,
        ("UNIT", "创建国家卫生县城领导小组"),
        ("PERSON", "张立华", {"title": "县委书记", "role": "official"}),
    )
    assert got == {("张立华", "LEADS", "创建国家卫生县城领导小组")}


def test_leads_post_kept_when_no_one_is_named_and_deputies_do_not_lead():
    text = "该市组建由市长任指挥长、分管副市长任常务副指挥长的巩固国家卫生城市指挥部。"
    got = triples(text, ("UNIT", "巩固国家卫生城市指挥部"))
    assert got == {("市长", "LEADS", "巩固国家卫生城市指挥部")}


def test_leads_of_a_unit_just_set_up():
    text = "区里调整充实区创卫指挥部，由区长周海任指挥长。"
    got = triples(text, ("UNIT", "区创卫指挥部"), ("PERSON", "周海", {"title": "区长"}))
    assert got == {("周海", "LEADS", "区创卫指挥部")}


def test_leads_by_daling_and_unit_leading_units_coordinates():
    text = "副县长马文杰带领县住建局、县城管局负责人检查了迎宾大道沿线。"
    got = triples(
        text,
        ("PERSON", "马文杰", {"title": "副县长"}),
        ("UNIT", "县住建局"),
        ("UNIT", "县城管局"),
        ("PLACE", "迎宾大道"),
    )
    assert got == {
        ("马文杰", "LEADS", "县住建局"),
        ("马文杰", "LEADS", "县城管局"),
        ("马文杰", "INSPECTS", "迎宾大道"),  # the leader checks, not the units he brought
    }
    text = "县创卫办带领县交通局、县水利局开展河道清理。"
    got = triples(text, ("UNIT", "县创卫办"), ("UNIT", "县交通局"), ("UNIT", "县水利局"))
    assert got == {("县创卫办", "COORDINATES", "县交通局"), ("县创卫办", "COORDINATES", "县水利局")}


def test_coordinates_lead_then_organise_in_the_next_clause():
    text = "围绕背街小巷整治，市爱卫办牵头，组织市城管局、市交通局志愿者以及市水务局等单位开展清理行动。"
    got = triples(
        text, ("UNIT", "市爱卫办"), ("UNIT", "市城管局"), ("UNIT", "市交通局"), ("UNIT", "市水务局")
    )
    assert got == {("市爱卫办", "COORDINATES", u) for u in ("市城管局", "市交通局", "市水务局")}


def test_coordinates_host_and_co_hosts():
    text = "由区爱卫会主办，区教育局、区卫健局共同承办的健康知识竞赛在人民广场举行。"
    got = triples(
        text, ("UNIT", "区爱卫会"), ("UNIT", "区教育局"), ("UNIT", "区卫健局"), ("PLACE", "人民广场")
    )
    assert got == {("区爱卫会", "COORDINATES", "区教育局"), ("区爱卫会", "COORDINATES", "区卫健局")}


def test_coordinates_through_a_unit():
    text = "社区多次反映，最终经过区交通局协调到市公交集团。"
    got = triples(text, ("UNIT", "区交通局"), ("UNIT", "市公交集团"))
    assert got == {("区交通局", "COORDINATES", "市公交集团")}


def test_inspects_with_apposition_and_a_list_of_places():
    text = "5月8日上午，县委副书记、县长刘建国带队督查城南镇和城北镇环境卫生整治工作。"
    found = find_relations(
        text,
        ents(
            text,
            ("PERSON", "刘建国", {"title": "县委副书记、县长"}),
            ("UNIT", "县委"),
            ("PLACE", "城南镇"),
            ("PLACE", "城北镇"),
            ("DATE", "5月8日", {"norm": "2022-05-08"}),
        ),
        doc_id="a1",
    )
    assert {(r.head, r.rel, r.tail) for r in found} == {
        ("刘建国", "INSPECTS", "城南镇"),
        ("刘建国", "INSPECTS", "城北镇"),
    }
    rel = found[0]
    assert (rel.doc_id, rel.start, rel.end) == ("a1", 0, len(text))
    assert (rel.head_type, rel.tail_type, rel.trigger, rel.date) == ("PERSON", "PLACE", "督查", "2022-05-08")


def test_inspects_post_unit_without_a_given_title_is_part_of_the_person():
    text = "市卫健委主任陈明到青山社区调研健康教育工作。"
    got = triples(text, ("PERSON", "陈明"), ("UNIT", "市卫健委"), ("PLACE", "青山社区"))
    assert got == {("陈明", "INSPECTS", "青山社区")}


def test_inspects_by_units_listed_together_and_merged_triggers():
    text = "区城管局、区住建局和区市场监管局联合到东关街道检查指导。"
    got = triples(
        text, ("UNIT", "区城管局"), ("UNIT", "区住建局"), ("UNIT", "区市场监管局"), ("PLACE", "东关街道")
    )
    assert got == {(u, "INSPECTS", "东关街道") for u in ("区城管局", "区住建局", "区市场监管局")}


def test_inspects_province_acting_on_a_city():
    text = "会上通报，3月底山东省将对临沂市创卫工作开展明察暗访。"
    got = triples(text, ("PLACE", "山东省", {"level": "province"}), ("PLACE", "临沂市", {"level": "city"}))
    assert got == {("山东省", "INSPECTS", "临沂市")}


def test_inspects_relative_and_passive_clauses_turn_round():
    text = "城北建材市场是市创卫办上月曾经检查过的单位之一。"
    assert triples(text, ("PLACE", "城北建材市场"), ("UNIT", "市创卫办")) == {
        ("市创卫办", "INSPECTS", "城北建材市场")
    }
    text = "河西农贸市场被区市场监管局抽查。"
    assert triples(text, ("PLACE", "河西农贸市场"), ("UNIT", "区市场监管局")) == {
        ("区市场监管局", "INSPECTS", "河西农贸市场")
    }


def test_liaises_and_funds_with_the_amount_on_the_edge():
    text = "县财政局深入联系红旗村，围绕村容村貌提升开展帮扶，协调落实50多万元资金，完成道路硬化。"
    found = find_relations(
        text,
        ents(text, ("UNIT", "县财政局"), ("PLACE", "红旗村"), ("AMOUNT", "50多万元", {"kind": "money"})),
    )
    got = {(r.head, r.rel, r.tail): r for r in found}
    assert set(got) == {("县财政局", "LIAISES_WITH", "红旗村"), ("县财政局", "FUNDS", "红旗村")}
    assert got[("县财政局", "FUNDS", "红旗村")].amount == "50多万元"
    assert got[("县财政局", "LIAISES_WITH", "红旗村")].amount is None


@pytest.mark.parametrize(
    ("text", "specs", "expected"),
    [
        (
            "镇政府投入80万元对集镇老街进行改造。",
            [("UNIT", "镇政府"), ("PLACE", "集镇老街"), ("AMOUNT", "80万元", {"kind": "money"})],
            {("镇政府", "FUNDS", "集镇老街")},
        ),
        (
            "区城管局积极争取上级资金300万元，为五一社区新建公厕2座。",
            [("UNIT", "区城管局"), ("PLACE", "五一社区"), ("AMOUNT", "300万元", {"kind": "money"})],
            {("区城管局", "FUNDS", "五一社区")},
        ),
    ],
)
def test_funds_marked_recipient(text, specs, expected):
    assert triples(text, *specs) == expected


def test_funds_needs_money():
    text = "镇卫生院投入使用后，服务城西社区群众。"
    assert triples(text, ("UNIT", "镇卫生院"), ("PLACE", "城西社区")) == set()


@pytest.mark.parametrize(
    ("text", "specs", "expected"),
    [
        (
            "区委宣传部与桃园社区结对共建，开展文明宣传。",
            [("UNIT", "区委宣传部"), ("PLACE", "桃园社区")],
            {("区委宣传部", "LIAISES_WITH", "桃园社区")},
        ),
        (
            "区交通局作为城东社区的挂点单位，多次组织干部参与清扫。",
            [("UNIT", "区交通局"), ("PLACE", "城东社区")],
            {("区交通局", "LIAISES_WITH", "城东社区")},
        ),
        (
            "州政协组织机关干部职工下沉到金桥社区，入户发放宣传资料。",
            [("UNIT", "州政协"), ("PLACE", "金桥社区")],
            {("州政协", "LIAISES_WITH", "金桥社区")},
        ),
    ],
)
def test_liaises_with(text, specs, expected):
    assert triples(text, *specs) == expected


@pytest.mark.parametrize(
    ("text", "specs", "expected"),
    [
        (
            "区民政局包保东风社区、向阳社区，每周开展一次环境整治。",
            [("UNIT", "区民政局"), ("PLACE", "东风社区"), ("PLACE", "向阳社区")],
            {("区民政局", "RESPONSIBLE_FOR", "东风社区"), ("区民政局", "RESPONSIBLE_FOR", "向阳社区")},
        ),
        (
            "清河社区由区司法局负责包保。",
            [("PLACE", "清河社区"), ("UNIT", "区司法局")],
            {("区司法局", "RESPONSIBLE_FOR", "清河社区")},
        ),
    ],
)
def test_responsible_for(text, specs, expected):
    assert triples(text, *specs) == expected


def test_subunit_of_nested_places_child_to_parent():
    text = "志愿者们来到广东省广州市天河区新华街道幸福社区，清理楼道杂物。"
    got = triples(
        text,
        ("PLACE", "广东省", {"level": "province"}),
        ("PLACE", "广州市", {"level": "city"}),
        ("PLACE", "天河区", {"level": "district"}),
        ("PLACE", "新华街道", {"level": "street"}),
        ("PLACE", "幸福社区", {"level": "community"}),
    )
    assert got == {
        ("广州市", "SUBUNIT_OF", "广东省"),
        ("天河区", "SUBUNIT_OF", "广州市"),
        ("新华街道", "SUBUNIT_OF", "天河区"),
        ("幸福社区", "SUBUNIT_OF", "新华街道"),
    }


def test_subunit_of_nested_places_levels_from_suffixes():
    text = "活动在宜春市明月广场举行，樟树镇、洋湖乡干部参加。"
    got = triples(text, ("PLACE", "宜春市"), ("PLACE", "明月广场"), ("PLACE", "樟树镇"), ("PLACE", "洋湖乡"))
    assert got == {("明月广场", "SUBUNIT_OF", "宜春市")}  # a list is no nesting


def test_subunit_of_units_by_trigger_both_directions():
    text = "县卫健局下设县疾控中心、县卫生监督所等单位。"
    assert triples(text, ("UNIT", "县卫健局"), ("UNIT", "县疾控中心"), ("UNIT", "县卫生监督所")) == {
        ("县疾控中心", "SUBUNIT_OF", "县卫健局"),
        ("县卫生监督所", "SUBUNIT_OF", "县卫健局"),
    }
    text = "市城投公司是市国资委下属企业。"
    assert triples(text, ("UNIT", "市城投公司"), ("UNIT", "市国资委")) == {
        ("市城投公司", "SUBUNIT_OF", "市国资委")
    }


def test_participates_in_named_group_and_unit():
    text = "从县公安局、县城管执法局抽调骨干力量组成联合执法队，对占道经营进行集中整治。"
    assert triples(text, ("UNIT", "县公安局"), ("UNIT", "县城管执法局")) == {
        ("县公安局", "PARTICIPATES_IN", "联合执法队"),
        ("县城管执法局", "PARTICIPATES_IN", "联合执法队"),
    }
    text = "县人民医院选派10名医生加入县健康教育讲师团。"
    assert triples(text, ("UNIT", "县人民医院"), ("UNIT", "县健康教育讲师团")) == {
        ("县人民医院", "PARTICIPATES_IN", "县健康教育讲师团")
    }


def test_participates_in_needs_a_stated_sender():
    text = "该县还抽调20名工作人员到县创卫中心集中办公。"
    assert triples(text, ("UNIT", "县创卫中心")) == set()


# ---------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    ("text", "specs"),
    [
        ("市城管局、市住建局等部门负责人参加会议。", [("UNIT", "市城管局"), ("UNIT", "市住建局")]),
        (
            "会议由市卫健委主持，市城管局、市住建局作表态发言。",
            [("UNIT", "市卫健委"), ("UNIT", "市城管局"), ("UNIT", "市住建局")],
        ),
        ("市卫健委负责人介绍，今年以来全市共检查餐饮单位500余家。", [("UNIT", "市卫健委")]),
        (
            "记者从市爱卫办了解到，城东区、城西区均已完成自查。",
            [("UNIT", "市爱卫办"), ("PLACE", "城东区"), ("PLACE", "城西区")],
        ),
        ("市妇联组织开展红星社区清洁家园活动。", [("UNIT", "市妇联"), ("PLACE", "红星社区")]),
        (
            "区城管局在解放路开展占道经营整治，区市场监管局同步检查沿街餐饮店。",
            [("UNIT", "区城管局"), ("PLACE", "解放路"), ("UNIT", "区市场监管局")],
        ),
        (
            "市卫健委、市教育局联合印发通知，要求各学校做好健康教育。",
            [("UNIT", "市卫健委"), ("UNIT", "市教育局")],
        ),
        (
            "县委常委、宣传部部长孙立新，县人大常委会副主任周敏参加活动。",
            [
                ("PERSON", "孙立新", {"title": "县委常委、宣传部部长"}),
                ("PERSON", "周敏", {"title": "县人大常委会副主任"}),
                ("UNIT", "县人大常委会"),
            ],
        ),
        ("市住建局负责同志表示，将加快推进城南社区改造。", [("UNIT", "市住建局"), ("PLACE", "城南社区")]),
        ("县城管局联系电话已向城关镇居民公布。", [("UNIT", "县城管局"), ("PLACE", "城关镇")]),
        ("据悉，湖南省、江西省等地均在推进爱国卫生运动。", [("PLACE", "湖南省"), ("PLACE", "江西省")]),
        (
            "以省爱卫办主任林涛为组长的专家组听取了汇报。",
            [("PERSON", "林涛", {"title": "省爱卫办主任"}), ("UNIT", "省爱卫办")],
        ),
    ],
)
def test_co_mentions_without_a_stated_relation_give_nothing(text, specs):
    assert triples(text, *specs) == set()


def test_relations_do_not_cross_sentences():
    text = "市交通局召开专题会议。组织市城管局开展清理。"
    assert triples(text, ("UNIT", "市交通局"), ("UNIT", "市城管局")) == set()


# ---------------------------------------------------------------- interface


def test_given_sentences_are_used_and_offsets_are_sentence_offsets():
    text = "开头一句。\n区民政局包保东风社区。区城管局包保西湖社区。"
    entities = ents(
        text, ("UNIT", "区民政局"), ("PLACE", "东风社区"), ("UNIT", "区城管局"), ("PLACE", "西湖社区")
    )
    sentences = split_sentences(text, "d")
    all_rels = find_relations(text, entities, doc_id="d")
    assert [(r.start, r.end) for r in all_rels] == [(s.start, s.end) for s in sentences[1:]]
    only = find_relations(text, entities, sentences=sentences[:2], doc_id="d")
    assert [(r.head, r.tail) for r in only] == [("区民政局", "东风社区")]


def test_each_relation_once_per_document():
    text = "区民政局包保东风社区。区民政局继续包保东风社区。"
    found = find_relations(text, ents(text, ("UNIT", "区民政局"), ("PLACE", "东风社区")))
    assert len(found) == 1 and found[0].start == 0


def test_holds_post_is_not_produced():
    text = "市委副书记、市长王远方出席并讲话。"
    assert triples(text, ("PERSON", "王远方", {"title": "市委副书记、市长", "role": "official"})) == set()


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_text(text):
    assert find_relations(text, []) == []
    assert cooccurrence_baseline(text, []) == []


def test_bad_input_gives_clear_errors():
    with pytest.raises(TypeError, match="text as str"):
        find_relations(None, [])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="list of cwnlp.model.Entity"):
        find_relations("区民政局包保东风社区。", [{"type": "UNIT"}])  # type: ignore[list-item]


def test_mentions_with_wrong_offsets_are_ignored():
    text = "区民政局包保东风社区。"
    bad = [Entity("UNIT", "区民政局", 3, 7), Entity("PLACE", "东风社区", 6, 99)]
    assert find_relations(text, bad) == []


def test_user_lexicon_adds_a_trigger(tmp_path: Path):
    (tmp_path / "relation_triggers.tsv").write_text("走访慰问\tINSPECTS\tsvo\tgap=2\n", encoding="utf-8")
    text = "县政协走访慰问城西敬老院。"
    entities = ents(text, ("UNIT", "县政协"), ("PLACE", "城西敬老院"))
    assert find_relations(text, entities) == []
    found = find_relations(text, entities, lexicon_dir=tmp_path)
    assert [(r.head, r.rel, r.tail) for r in found] == [("县政协", "INSPECTS", "城西敬老院")]


def test_long_document_is_fast():
    sentence = "县委副书记、县长刘建国带队督查城南镇和城北镇，区民政局包保东风社区、向阳社区，投入30万元。"
    specs = (
        ("PERSON", "刘建国", {"title": "县委副书记、县长"}),
        ("PLACE", "城南镇"),
        ("PLACE", "城北镇"),
        ("UNIT", "区民政局"),
        ("PLACE", "东风社区"),
        ("PLACE", "向阳社区"),
        ("AMOUNT", "30万元", {"kind": "money"}),
    )
    once = find_relations(sentence, ents(sentence, *specs))
    assert ("区民政局", "FUNDS", "东风社区", "30万元") in {(r.head, r.rel, r.tail, r.amount) for r in once}
    text = "\n".join([sentence] * 300)
    began = time.perf_counter()
    found = find_relations(text, ents(text, *specs))
    assert time.perf_counter() - began < 3.0
    assert len(found) == len(once)  # one per triple, however often it is stated


# ---------------------------------------------------------------- baseline


def test_cooccurrence_baseline_pairs_units_in_order():
    text = "市卫健委、市教育局和市体育局联合开展活动。县委召开会议。"
    found = cooccurrence_baseline(
        text, ents(text, ("UNIT", "市卫健委"), ("UNIT", "市教育局"), ("UNIT", "市体育局"), ("UNIT", "县委"))
    )
    assert [(r.head, r.rel, r.tail) for r in found] == [
        ("市卫健委", "COORDINATES", "市教育局"),
        ("市卫健委", "COORDINATES", "市体育局"),
        ("市教育局", "COORDINATES", "市体育局"),
    ]


# ---------------------------------------------------------------- real gold articles


def _gold_mentions(article: dict) -> list[Entity]:
    text, out = article["text"], []
    for ent in article["entities"]:
        attrs = {k: ent.get(k) for k in ("title", "role", "level", "kind", "unit", "norm")}
        pos = text.find(ent["text"])
        while pos >= 0:
            out.append(Entity(ent["type"], ent["text"], pos, pos + len(ent["text"]), **attrs))
            pos = text.find(ent["text"], pos + 1)
    return out


def test_gold_articles_with_gold_entities(shared_dir: Path):
    """Upper bound of the relation step on the real annotated articles (read at run time)."""
    tp = fp = fn = 0
    for name in ("dev.gold.jsonl", "seeds.gold.jsonl"):
        for line in (shared_dir / "eval" / name).read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            gold = {
                (r["head"], r["rel"], r["tail"]) for r in article["relations"] if r["rel"] != "HOLDS_POST"
            }
            found = find_relations(article["text"], _gold_mentions(article), doc_id=article["id"])
            pred = {(r.head, r.rel, r.tail) for r in found}
            tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert 2 * precision * recall / (precision + recall) >= 0.7


def test_leads_unit_before_you_must_end_the_previous_clause():
    text = "指挥部办公室设在县卫健局，由县卫健局局长任主任。"
    assert triples(text, ("UNIT", "县卫健局")) == set()
