"""UNIT rules and canonical names on sentences written for these tests."""

import time
from pathlib import Path

import pytest

from cwnlp.extract.places import find_places
from cwnlp.extract.units import canonical_unit, find_units, unit_level


def units(text, place=None):
    return [(e.text, e.level) for e in find_units(text, place=place)]


def test_level_prefixed_departments_and_bodies():
    text = "市卫健委、市城管局、团市委、市妇联和市委宣传部负责同志参加，市政协副主席出席。"
    assert units(text) == [
        ("市卫健委", "city"),
        ("市城管局", "city"),
        ("团市委", "city"),
        ("市妇联", "city"),
        ("市委宣传部", "city"),
        ("市政协", "city"),
    ]


def test_run_together_bodies_split():
    assert units("按照省委省政府和县委县政府的部署") == [
        ("省委", "province"),
        ("省政府", "province"),
        ("县委", "county"),
        ("县政府", "county"),
    ]


def test_place_prefixed_full_names_are_longest():
    got = units("由湖南省株洲市创建国家卫生城市指挥部办公室主办，天元区人民政府承办。")
    assert got == [("湖南省株洲市创建国家卫生城市指挥部办公室", "city"), ("天元区人民政府", "district")]
    assert units("宁乡市住房和城乡建设局局长介绍") == [("宁乡市住房和城乡建设局", "county")]


def test_nested_unit_is_absorbed():
    assert units("县疾控中心监测科讲解技术要点") == [("县疾控中心监测科", "county")]


def test_unprefixed_abbreviation_takes_article_level():
    assert units("区爱卫办主任、卫健局副局长主持会议", place="岳麓区") == [
        ("区爱卫办", "district"),
        ("卫健局", "district"),
    ]


def test_media_companies_social_and_teams():
    assert units("湘江晚报讯 记者报道") == [("湘江晚报", "enterprise")]
    assert units("她加入了爱心义工协会") == [("爱心义工协会", "social")]
    assert units("组织新时代文明实践志愿服务大队开展活动") == [("新时代文明实践志愿服务大队", "team")]
    assert units("株洲日报记者") == [("株洲日报", "city")]


def test_not_units():
    text = "有关部门和办事处、县直各部门、挂点单位配合，督查组和专家组检查，县财政投入资金，两区卫健局及机关干部参加，重点场所通报情况。"
    assert units(text) == []
    assert units("委员们说，局长指出要想办法") == []


def test_canonical_names():
    assert canonical_unit("市住建局", place="咸宁市") == "咸宁市住房和城乡建设局"
    assert canonical_unit("团县委", place="金平县") == "共青团金平苗族瑶族傣族自治县委员会"
    assert canonical_unit("市委办", place="岳阳市") == "中共岳阳市委员会办公室"
    assert canonical_unit("县卫健局", place="岳阳市") == "县卫生健康局"  # which county is unknown
    assert canonical_unit("浏阳市市场监管局", place="长沙市") == "浏阳市市场监督管理局"
    assert canonical_unit("省爱卫办", place="宜昌市") == "湖北省爱国卫生运动委员会办公室"
    assert canonical_unit("湘江晚报") == "湘江晚报"


def test_unit_level():
    assert unit_level("全国爱国卫生运动委员会") == "national"
    assert unit_level("街道党工委") == "township"
    assert unit_level("花园社区党总支") == "community"
    assert unit_level("城投公司") == "enterprise"


def test_lexicon_dir_extends_abbreviations(tmp_path: Path):
    (tmp_path / "unit_abbreviations.tsv").write_text("数管局\t数据资源管理局\n", encoding="utf-8")
    from cwnlp.extract.units import load_lexicon

    assert "数管局" in load_lexicon(tmp_path).abbreviations
    assert canonical_unit("市数管局", place="株洲市", lexicon_dir=tmp_path) == "株洲市数据资源管理局"
    assert "数管局" not in load_lexicon().abbreviations


@pytest.mark.parametrize("bad", ["", None, "局" * 1_000_000, "<script>var a='市委';</script>" * 500])
def test_bad_input_is_fast_and_safe(bad):
    start = time.time()
    result = find_units(bad)
    assert all(e.type == "UNIT" for e in result)
    assert time.time() - start < 10


def test_dev_set_scores(shared_dir):
    """On the real development articles (read at run time) recall and precision stay high."""
    import json

    tp = fp = fn = 0
    for line in (shared_dir / "eval" / "dev.gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold = {e["text"] for e in record["entities"] if e["type"] == "UNIT"}
        pred = {e.text for e in find_units(record["text"], place=record.get("place"))}
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.85


def test_a_unit_starts_where_a_town_found_before_starts():
    from cwnlp.extract.places import find_places

    text = "驻村工作队联合曲堆乡卫生院开展义诊。"
    alone = {e.text for e in find_units(text)}
    with_places = {e.text for e in find_units(text, places=find_places(text))}
    assert "曲堆乡卫生院" in with_places and "堆乡卫生院" not in with_places
    assert alone != with_places  # the town read by the place finder is what makes the difference


def test_a_station_square_is_no_unit():
    assert not find_units("哈密火车站站前广场的出租车排队候客，怀化南站出站口有人拉客。")


def test_a_named_party_committee_before_a_post_is_a_unit():
    from cwnlp.extract.places import find_places

    # as the real annotations write 某某县委书记: the named committee is a unit, a bare one is the post
    for text, unit in [
        ("戴北镇党委书记严立新介绍，全镇已完成改厕。", "戴北镇党委"),
        ("柳塘社区党委副书记、居委会主任毛小琴说。", "柳塘社区党委"),
        ("石门村党总支书记廖长根带头清理沟渠。", "石门村党总支"),
    ]:
        got = {e.text for e in find_units(text, places=find_places(text))}
        assert unit in got, text
    assert not find_units("镇党委书记带队检查，村党支部书记陪同。")


def test_shops_named_in_inspection_reports():
    got = {e.text for e in find_units("执法队对金梳子美发店、老码头烧烤店下达整改通知，抽查了3家快餐店。")}
    assert {"金梳子美发店", "老码头烧烤店"} <= got
    assert not any(t.endswith("快餐店") for t in got - {"金梳子美发店", "老码头烧烤店"})
    assert not find_units("县卫生监督所重点检查理发店和浴室。") or all(
        e.text == "县卫生监督所" for e in find_units("县卫生监督所重点检查理发店和浴室。")
    )


def test_a_division_short_name_that_is_a_word_prefixes_its_paper():
    got = {e.text for e in find_units("包头市召开推进会。包头日报开设曝光专栏。")}
    assert "包头日报" in got


@pytest.mark.parametrize(
    "text, unit",
    [
        ("受黑龙江省爱卫会委托，专家组进行了评估。", "黑龙江省爱卫会"),
        ("经县爱卫会研究，决定开展集中整治。", "县爱卫会"),
        ("西安经开区管委会牵头整治。", "西安经开区管委会"),
        ("市经信局负责工业企业。", "市经信局"),
        ("建设银行连云港新浦支行等30多家驻市单位参加。", "建设银行连云港新浦支行"),
        ("农业银行城关支行的青年员工上街劝导。", "农业银行城关支行"),
        ("县卫健委组建了屯昌县健康教育讲师团。", "屯昌县健康教育讲师团"),
        ("崇明区农业农村委给每个镇下达任务。", "崇明区农业农村委"),
        ("县委县政府督查室每周通报一次。", "县委县政府督查室"),
        ("市创建国家卫生城市工作指挥部办公室（下称市创卫办）组织暗访。", "市创卫办"),
        ("小店区创建国家卫生城区指挥部由区委书记任指挥长。", "小店区创建国家卫生城区指挥部"),
        ("镇里成立了枫泾镇国家卫生镇复审工作专班。", "枫泾镇国家卫生镇复审工作专班"),
        ("市城管委组织环卫工人清扫。", "市城管委"),
        ("考核组由省卫计委专家组成。", "省卫计委"),
        ("镇党委、镇政府主要领导带队。", "镇党委"),
    ],
)
def test_names_read_whole(text, unit):
    # a verb before the unit stays out (受, 经, 下称); commissions under older names, standing
    # party committees, banks, lecture teams, joint offices and bodies named after the
    # campaign are read whole
    assert unit in {e.text for e in find_units(text)}


def test_housing_named_after_a_body_is_no_unit():
    got = {e.text for e in find_units("电力公司小区和粮食局宿舍楼的楼道堆物较多，由区住建局负责整改。")}
    assert got == {"区住建局"}


def test_two_bodies_written_together_stay_two():
    assert {e.text for e in find_units("县委县政府高度重视。")} == {"县委", "县政府"}
    assert not {e.text for e in find_units("到银行办理银行卡。")}


def test_a_community_body_starts_at_the_community():
    from cwnlp.extract.places import find_places

    text = "镇东街道石龙社区党委书记黎德春发言。"
    got = {e.text for e in find_units(text, places=find_places(text))}
    assert got == {"石龙社区党委"}


@pytest.mark.parametrize(
    "text",
    [
        "公司在县城布设钢制毒饵站1260个。",
        "试点建设小型污水处理站。",
        "加装防尘网，领取健康处方。",
        "对候车厅和公厕消毒。",
    ],
)
def test_facilities_and_devices_are_no_units(text):
    assert find_units(text) == []


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("县里成立了定边县农村改厕工作领导小组，统筹推进改厕", "定边县农村改厕工作领导小组"),
        ("江苏省援疆工作队队员走村入户", "江苏省援疆工作队"),
        ("镇社区事务受理服务中心开设了咨询窗口", "镇社区事务受理服务中心"),
    ],
)
def test_a_rare_verb_inside_a_body_name_opened_by_a_place(text, unit):
    assert unit in {e.text for e in find_units(text, places=find_places(text))}


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("记者跟随市创卫办工作人员来到现场", "市创卫办"),  # 跟随 links the reporter to the body
        ("市住建局牵头整治工作专班开展督查", "市住建局"),  # 牵头 links two bodies
    ],
)
def test_a_verb_before_a_body_without_a_place_stays_out(text, unit):
    found = {e.text for e in find_units(text, places=find_places(text))}
    assert unit in found and not any(len(f) > len(unit) and f.endswith(unit) for f in found)
