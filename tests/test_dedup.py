"""Repost grouping: exact copies, near copies with an edited opening, canonical choice."""

from cwnlp.model import Document
from cwnlp.text.dedup import DedupSettings, find_duplicates

BODY = (
    "为巩固国家卫生城市创建成果，某市近日组织开展城乡环境卫生集中整治行动。\n"
    "市直各单位按照包保责任分工，深入联系社区清理卫生死角，清运垃圾二百余吨。\n"
    "市城管局抽调执法人员，对主次干道占道经营、乱搭乱建等问题开展专项整治。\n"
    "市卫健委组织病媒生物防制专业队伍，对农贸市场和老旧小区开展消杀作业。\n"
    "下一步，该市将建立健全长效管理机制，推动市容环境卫生常态化管理。"
)


def test_exact_and_near_duplicates_grouped_with_earliest_canonical():
    docs = [
        Document(id="repost", text="转载自某市日报。\n" + BODY, date="2022-05-03"),
        Document(id="original", text=BODY, date="2022-05-01"),
        Document(id="copy", text=BODY, date=None),
        Document(
            id="other", text="某县举办爱国卫生月健康教育宣传活动，发放资料三千余份。", date="2022-04-07"
        ),
    ]
    out = {d.id: d for d in find_duplicates(docs).records}
    assert {out[i].dup_group for i in ("repost", "original", "copy")} == {"original"}
    assert out["original"].is_canonical and not out["repost"].is_canonical and not out["copy"].is_canonical
    assert out["other"].dup_group == "other" and out["other"].is_canonical
    assert docs[0].dup_group is None  # inputs untouched


def test_longest_body_wins_when_dates_equal():
    short = Document(id="a", text=BODY, date="2022-05-01")
    long = Document(id="b", text=BODY + "\n记者 某某", date="2022-05-01")
    out = {d.id: d for d in find_duplicates([short, long]).records}
    assert out["b"].is_canonical and out["a"].dup_group == "b"


def test_unrelated_articles_on_same_topic_stay_apart():
    a = Document(id="a", text="某市召开创卫工作推进会，市委书记主持会议并讲话，要求各区压实责任。" * 3)
    b = Document(id="b", text="某县开展农贸市场改造提升，新建摊位三百余个，完善排水和消杀设施。" * 3)
    out = find_duplicates([a, b], DedupSettings(threshold=0.7)).records
    assert all(d.is_canonical for d in out)


def test_empty_bodies_are_their_own_group():
    out = find_duplicates([Document(id="x", text=""), Document(id="y", text="")]).records
    assert [d.dup_group for d in out] == ["x", "y"]
