"""Name rules added for text unlike the development articles (sentences written for these tests)."""

import pytest

from cwnlp.extract.places import find_places
from cwnlp.extract.units import find_units


def places(text: str) -> dict[str, str | None]:
    return {e.text: e.level for e in find_places(text)}


def units(text: str) -> set[str]:
    return {e.text for e in find_units(text)}


@pytest.mark.parametrize(
    "text",
    ["会上，市委书记周明远作动员讲话。", "县委副书记、县长孙立群主持会议。", "区委常委、宣传部部长出席。"],
)
def test_party_committee_inside_a_party_post_is_no_unit(text: str) -> None:
    assert not units(text) & {"市委", "县委", "区委"}


def test_party_committee_standing_alone_is_a_unit() -> None:
    assert {"县委", "县政府"} <= units("在县委、县政府的统一部署下，各乡镇迅速行动。")


def test_linking_verb_ends_the_unit_name() -> None:
    found = units("县委书记钱海平率县爱卫办、县住建局负责人检查背街小巷。")
    assert "县爱卫办" in found
    assert not any(u.startswith(("县委书记", "率")) for u in found)


def test_ordinals_inside_school_and_hospital_names() -> None:
    assert "江北区第三小学" in units("江北区第三小学的学生参加了清扫活动。")
    assert "市第一人民医院" in units("市第一人民医院派出医生开展义诊。")


def test_task_forces_and_teams() -> None:
    found = units("由副市长任组长的背街小巷整治工作专班抽调人员，镇综合执法队每天巡查。")
    assert {"背街小巷整治工作专班", "镇综合执法队"} <= found
    assert not units("各部门专职专班投入创建，强化创卫工作队伍建设。")


def test_county_turned_district_keeps_its_name() -> None:
    found = places("检查组抽查了新城区、屯留区和潞城区的点位。")
    assert found.get("屯留区") == "district"
    assert found.get("潞城区") == "district"


def test_town_named_with_a_plain_word() -> None:
    found = places("利通区胜利镇杨家湾村紧邻城区。")
    assert found.get("胜利镇") == "township"
    assert found.get("杨家湾村") == "community"
    assert "镇杨家湾村" not in found


def test_town_word_needs_a_clear_left_edge() -> None:
    assert "走进街道" not in places("干部们走进街道开展宣传。")


def test_rivers_lakes_and_staff_housing() -> None:
    found = places("沿黄河、岷江两岸清理垃圾，并把纺织厂家属院、机械厂宿舍纳入改造。")
    assert {"黄河", "岷江", "纺织厂家属院", "机械厂宿舍"} <= set(found)
    assert found["纺织厂家属院"] == "compound"
    assert "民工宿舍" not in places("民工宿舍脏乱差的问题得到解决。")


def test_generic_urban_areas_are_no_places() -> None:
    found = places("城中村和老城区的管理短板较多，无物业小区由社区托管。")
    assert not set(found) & {"城中村", "老城区", "物业小区"}


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("区城管局会同龙湖街道办事处清理楼道杂物。", "龙湖街道办事处"),
        ("区爱卫办委托青山消杀服务有限公司灭鼠。", "区爱卫办"),
        ("项目施工单位江南宏达建设工程有限公司被约谈。", "江南宏达建设工程有限公司"),
        ("投药任务由中标单位成都洁安环境服务有限公司承担。", "成都洁安环境服务有限公司"),
    ],
)
def test_words_handing_work_to_a_unit_are_not_part_of_its_name(text: str, unit: str) -> None:
    assert unit in units(text)


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("食材由昆明绿禾农产品配送有限公司统一配送。", "昆明绿禾农产品配送有限公司"),
        ("为了降低成本，峨边安居建材有限公司建起了预制厂。", "峨边安居建材有限公司"),
        ("镇里组织广西北仑病媒防制服务有限公司上门消杀。", "广西北仑病媒防制服务有限公司"),
    ],
)
def test_company_names_run_back_to_their_place(text: str, company: str) -> None:
    assert company in units(text)


def test_named_party_committee_before_a_post_is_a_unit() -> None:
    assert "红星街道党工委" in units("红星街道党工委书记周立说，要把小巷管好。")
    assert not units("街道党工委书记周立带队检查。") & {"街道党工委"}


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("所用药剂须经市疾控中心检测。", "市疾控中心"),
        ("农药包装回收后交县供销社处理。", "县供销社"),
        ("县农业农村局会同县卫健局制定方案。", "县卫健局"),
        ("暗访了沿街商铺和县人民医院周边。", "县人民医院"),
        ("副县长李明任县创卫指挥部指挥长。", "县创卫指挥部"),
        ("县委宣传部协调县电视台开设专栏。", "县电视台"),
    ],
)
def test_a_connector_before_a_level_word_ends_the_name(text: str, unit: str) -> None:
    found = units(text)
    assert unit in found and not any(name.endswith(unit) and name != unit for name in found)


def test_counties_named_like_connectors_keep_their_names() -> None:
    assert "湖南省会同县卫健局" in units("湖南省会同县卫健局召开会议。")
    assert "会同县卫健局" in units("会同县卫健局召开会议。")


def test_a_level_word_alone_names_a_standing_institution() -> None:
    assert units("镇卫生院在村里义诊，县医院派出专家。") == {"镇卫生院", "县医院"}
    assert units("县里要求各单位把局管好。") == set()


def test_named_factories_farms_and_cooperatives_are_units() -> None:
    text = "鑫源板材厂、宏达肉牛养殖场和丰收果蔬专业合作社签了责任书，原化肥厂宿舍已改造。"
    assert {"鑫源板材厂", "宏达肉牛养殖场"} <= units(text)
    assert not units(text) & {"化肥厂", "化肥厂宿舍"}


@pytest.mark.parametrize(
    "text", ["修理厂后勤厂长说起往事。", "镇里组织环卫公司清扫。", "由专业消杀公司统一作业。"]
)
def test_trade_words_alone_name_no_company(text: str) -> None:
    assert units(text) == set()


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("委托乐山嘉和环卫服务有限公司负责保洁。", "乐山嘉和环卫服务有限公司"),
        ("由潍坊鸢都物业服务有限公司负责管理。", "潍坊鸢都物业服务有限公司"),
    ],
)
def test_a_brand_holding_a_function_character_keeps_its_place(text: str, company: str) -> None:
    assert company in units(text)
    assert "北京和上海物业公司" not in units("在北京和上海物业公司之间协调。")
