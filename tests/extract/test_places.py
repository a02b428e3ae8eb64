"""PLACE rules on sentences written for these tests (many provinces and site types)."""

import time

import pytest

from cwnlp.extract.places import drop_inside_units, find_places, nested_places, place_level


def places(text, **kw):
    return {(e.text, e.level) for e in find_places(text, **kw)}


def test_nested_administrative_chain_is_split():
    ents = find_places("区委书记带队来到雁塔区长延堡街道青松社区7组捡拾垃圾。")
    assert [(e.text, e.level) for e in ents] == [
        ("雁塔区", "district"),
        ("长延堡街道", "street"),
        ("青松社区", "community"),
    ]
    pairs = [(c.text, p.text) for c, p in nested_places(ents)]
    assert pairs == [("长延堡街道", "雁塔区"), ("青松社区", "长延堡街道")]
    assert ents[0].canonical == "雁塔区" and ents[0].source == "rule"


def test_township_and_village():
    assert places("干部走进城南镇李家湾村清理垃圾") == {("城南镇", "township"), ("李家湾村", "community")}


def test_sites_roads_and_markets():
    got = places("在人民公园设点，对建设路、滨河大道进行整治，市民在东关农贸市场买菜。")
    assert got == {
        ("人民公园", "facility"),
        ("建设路", "road"),
        ("滨河大道", "road"),
        ("东关农贸市场", "facility"),
    }


def test_longer_site_absorbs_inner_site():
    assert places("志愿者深入沿江路社区和锦绣花园小区") == {
        ("沿江路社区", "community"),
        ("锦绣花园小区", "compound"),
    }


def test_gazetteer_place_then_named_square_split():
    got = find_places("活动在株洲市神农广场举行")
    assert [(e.text, e.level) for e in got] == [("株洲市", "city"), ("神农广场", "facility")]
    assert [(c.text, p.text) for c, p in nested_places(got)] == [("神农广场", "株洲市")]


def test_generic_words_are_not_places():
    text = "全县各乡镇、各村开展大扫除，创建省级卫生村和美丽家园，部门负责人敲开大门，城区和辖区都动员起来。"
    assert places(text) == set()


def test_short_names_need_context_when_ambiguous():
    # 金平 is also a person's name: accepted only when the county is named in full nearby
    assert ("金平", "county") in places("金平县召开大会，金平各族群众踊跃参与。")
    assert places("李金平主持会议") == set()
    assert ("咸宁", "city") in places("争创卫生城市是咸宁人民的共同心愿")
    assert places("排查重大安全隐患") == set()


def test_rare_name_like_short_names_need_repetition_or_a_relative():
    # jieba lists 松桃 and 托里 as rare person names; one mention alone is not enough
    assert ("松桃", "county") in places("松桃通过创卫提升了管理，松桃人民得到实惠。")
    assert ("旺苍", "county") in places("四川省卫生城市名单中，旺苍榜上有名。")
    assert places("一个花盆托里的积水就能养出蚊子") == set()


def test_article_place_supplies_town_short_name():
    got = places("打造生态宜居云岭，建设美丽家园", place="云岭镇（丽江市玉龙县）")
    assert got == {("云岭", "township")}


def test_listed_villages_before_a_count():
    got = places("为上河、柳庄等12个村修建公厕")
    assert got == {("上河", "community"), ("柳庄", "community")}


def test_generic_facility_keeps_its_prefix():
    assert places("会议在县行政中心召开") == {("县行政中心", "facility")}


def test_places_inside_units_are_dropped():
    text = "市住建局和长沙市城管局"
    assert drop_inside_units(find_places(text), [(0, 4), (5, 11)]) == []
    assert find_places(text, unit_spans=[(5, 11)]) == []


def test_place_level():
    assert place_level("东湖街道") == "street"
    assert place_level("开远市") == "county"
    assert place_level("某某") is None


@pytest.mark.parametrize("bad", ["", "   ", None, 42, "村" * 1_000_000, "<div><p>a</p></div>" * 1000])
def test_bad_input_is_fast_and_safe(bad):
    start = time.time()
    assert find_places(bad) == [] or all(e.type == "PLACE" for e in find_places(bad))
    assert time.time() - start < 10


def test_coined_site_names_read_from_a_left_edge():
    got = places("检查组在宣化门至净心寺一带查看，木樨街和对面的玉带大街也在其列。")
    assert {("净心寺", "facility"), ("木樨街", "road"), ("玉带大街", "road")} <= got
    assert places("县直部门和城管部门各负其责，宽敞的道路已修好。") == set()
    assert places("对48条背街小巷进行整治") == set()


@pytest.mark.parametrize(
    "text, name",
    [
        ("检查组来到三里堡街道，查看背街小巷。", "三里堡街道"),  # jieba: 三里|堡
        ("检查组来到五里墩街道，查看背街小巷。", "五里墩街道"),  # 墩 tagged as a verb
        ("督导组走访两河口镇，查看集镇环境。", "两河口镇"),
        ("队员们在三道岗子村清理沟渠。", "三道岗子村"),
        ("队员们在白家沟村清理沟渠。", "白家沟村"),  # a family's name opens it
        ("工作组来到和平乡，召开现场会。", "和平乡"),  # 和 opens the name, not a conjunction
        ("工作组来到胜利村，召开现场会。", "胜利村"),  # a rare dictionary word
    ],
)
def test_town_and_village_names_jieba_cuts_oddly(text, name):
    assert name in {e.text for e in find_places(text)}


@pytest.mark.parametrize(
    "text",
    [
        "全县两个村完成改造。",
        "他们走访了各乡镇。",
        "三镇联动抓整治。",
        "评选出示范村十个。",
        "度假村环境整洁。",
    ],
)
def test_counts_determiners_and_kinds_of_place_are_no_names(text):
    assert not [e.text for e in find_places(text) if e.text.endswith(("村", "乡", "镇"))]


@pytest.mark.parametrize("name", ["大同火车站", "长沙南站", "遵义高铁站", "成都东客站", "安顺汽车站"])
def test_stations_named_after_their_city_are_places(name):
    from cwnlp.extract.units import find_units

    text = f"检查组暗访了{name}周边环境。"
    assert name in {e.text for e in find_places(text)}
    assert name not in {e.text for e in find_units(text)}  # a station is no organisation


@pytest.mark.parametrize("name", ["唐家镇", "年堆乡", "十家堡镇", "芦花台社区", "万金山乡"])
def test_town_names_broken_into_single_characters(name):
    # jieba reads 唐|家|镇, 年|堆|乡: the name runs back to the clear edge before it
    assert name in {e.text for e in find_places(f"暗访结果通报后，{name}、青石镇排名靠前。")}


@pytest.mark.parametrize(
    "text",
    [
        "区领导包街道，部门包社区。",
        "镇干部下村入户宣传。",
        "隆兴昌镇组织镇村干部清理。",
        "渣土车带泥上路。",
        "今年共清理七星河沿岸沟渠。",
    ],
)
def test_duties_and_verbs_before_a_suffix_are_no_names(text):
    found = {e.text for e in find_places(text)}
    assert not found & {"领导包街道", "部门包社区", "干部下村", "组织镇", "泥上路", "清理七星河"}


@pytest.mark.parametrize(
    "text, river",
    [
        ("区水务局负责汶河沿线的保洁。", "汶河"),
        ("施工队对浦东江两岸的排污口逐一封堵。", "浦东江"),
        ("镇里组织村民清理桂岭溪上游的漂浮物。", "桂岭溪"),
        ("县城管局对清澜河县城段两岸开展整治。", "清澜河"),
        ("红园广场和大峪河滨河步道是劝导重点。", "大峪河"),
        ("资金用于巴彦乌拉河两岸绿化。", "巴彦乌拉河"),
    ],
)
def test_rivers_named_by_their_banks_and_reaches(text, river):
    got = places(text)
    assert (river, "other") in got
    assert not any(river in name and name != river for name, _ in got)  # no longer or crossing reading


@pytest.mark.parametrize(
    "text",
    ["沿河8个村庄实现了污水集中收集。", "大河两岸的垃圾清理干净。", "镇里设立镇级河长3名，落实河长制。"],
)
def test_river_words_that_name_no_river(text):
    assert places(text) == set()


def test_plain_word_short_names_need_the_full_name():
    assert places("游客沿河散步，古城的街巷很干净。") == set()
    assert ("沿河", "county") in places("沿河土家族自治县召开大会，沿河各乡镇参加。")


def test_connector_before_a_level_word_is_no_county():
    assert places("镇财政和县级奖补资金累计投入300万元。") == set()
    assert ("和县", "county") in places("马鞍山市和县开展爱国卫生月活动。")


def test_roads_named_after_a_division_keep_the_whole_name():
    got = places("执法队员对韶山南路、天山北路的店外经营进行劝导。")
    assert got == {("韶山南路", "road"), ("天山北路", "road")}


@pytest.mark.parametrize(
    "text, roads",
    [
        ("乡里对X045县道、Y212乡道沿线开展路域整治。", {"X045县道", "Y212乡道"}),
        ("交通局对县道X318沿线18公里进行清理。", {"县道X318"}),
        ("负责国道209线城区段和G105国道的保洁。", {"国道209线", "G105国道"}),
        ("村民每周对215国道沿线捡拾垃圾。", {"215国道"}),
        ("组织村民清理白岭乡道两侧的杂物。", {"白岭乡道"}),
    ],
)
def test_numbered_and_named_rural_roads(text, roads):
    assert {name for name, level in places(text) if level == "road"} == roads


def test_short_name_inside_a_town_name_gives_the_town():
    got = places("检查组走访了建丰镇和胜丰镇的集贸市场。")
    assert ("胜丰镇", "township") in got and ("丰镇", "county") not in got
    assert ("丰镇", "county") in places("乌兰察布市丰镇召开现场会。")


@pytest.mark.parametrize(
    "text",
    [
        "这里是纺织产业重镇，全镇企业众多。",
        "门前整洁也是镇容镇貌的一部分。",
        "省里对两个镇创建省级样板镇进行验收。",
        "全旗7个苏木镇都配了保洁员。",
        "对改厕村的饮用水源开展检测。",
        "住户清理楼道和天台的杂物，院里补植榆树300株。",
    ],
)
def test_kinds_of_town_and_plain_words_are_no_places(text):
    assert {name for name, level in places(text) if level in ("township", "community", "county")} == set()


def test_a_connector_glued_to_a_county_name_stays_out_of_a_station():
    assert ("建宁汽车站", "facility") in places("检查组到县医院和建宁汽车站暗访。")


def test_a_town_cut_off_before_a_county_name_is_the_town():
    got = places("红榜点位：三团镇平安路；北桥镇江滨农贸市场。")
    assert ("三团镇", "township") in got and ("北桥镇", "township") in got
    assert not {("镇平", "county"), ("镇江", "city")} & got
    assert ("镇江", "city") in places("江苏镇江召开会议。")


def test_toll_stations_exits_bridges_and_night_markets():
    got = places("交警在榆中西收费站和绥德东高速出口设卡，城管清理了洛河大桥桥下和建设路夜市的垃圾。")
    assert {("榆中西收费站", "facility"), ("绥德东高速出口", "facility"), ("洛河大桥", "facility")} <= got
    assert ("建设路夜市", "facility") in got


def test_a_road_code_wins_over_a_verb_read_into_a_road_name():
    assert ("国道202线", "road") in places("市交通运输局清理国道202线进城段的边沟垃圾。")
    assert not {name for name, _ in places("柑子巷巷长每天早晚巡查。")} & {"柑子巷巷"}


@pytest.mark.parametrize(
    "text, road",
    [
        ("城管队员对胜利大街两侧的店外经营逐户劝导。", "胜利大街"),
        ("交警部门沿解放路开展渣土车专项整治。", "解放路"),
        ("区里对发展大道、团结路等主干道实行机扫。", "发展大道"),
        ("老城区的东大街、西大街沿线公厕全部改造。", "东大街"),
    ],
)
def test_roads_named_with_plain_words_or_a_direction(text, road):
    assert (road, "road") in places(text)


@pytest.mark.parametrize(
    "text",
    [
        "现在路修平了，车也多了。",
        "巷长负责巷内保洁和秩序。",
        "目前西街已完成改造。",
        "沿人民大街巡查时发现问题。",
    ],
)
def test_plain_words_before_a_road_suffix_without_a_clear_edge_are_no_roads(text):
    names = {name for name, _ in places(text)}
    assert not names & {"现在路", "负责巷", "目前西街", "沿人民大街"}


def test_vegetable_markets_named_by_their_street():
    got = places("暗访组抽查了北街菜场和城南菜市，志愿者上街宣传。")
    assert {("北街菜场", "facility"), ("城南菜市", "facility")} <= got
    assert not any(name == "上街" for name, _ in got)  # going out into the street


def test_housing_named_after_a_body_keeps_the_body_and_leaves_the_road():
    got = places("暗访组点名了文化路农资公司宿舍、光明路电厂生活区、盐业公司宿舍和农机站楼院。")
    assert {("农资公司宿舍", "compound"), ("电厂生活区", "compound"), ("盐业公司宿舍", "compound")} <= got
    assert {("文化路", "road"), ("光明路", "road"), ("农机站楼院", "compound")} <= got


@pytest.mark.parametrize(
    "text",
    [
        "，落实市场开办方主体责任。",
        "对部分小区开展检查。",
        "，整治街道两侧的乱摆摊。",
        "镇卫生院的医生上门讲了好几回。",
        "雁栖是京郊有名的旅游镇。",
        "县创卫办会同街道对村里开展整治。",
        "召开创建卫生乡镇暨古镇环境提升推进会。",
        "，开展路的保洁。",
    ],
)
def test_campaign_work_words_before_a_suffix_name_no_place(text):
    assert places(text) == set()


def test_road_names_from_the_common_stock_even_when_generic():
    got = places("重点整治胜利路、文明路和平安大道沿线，对健康路实行机扫。")
    assert {("胜利路", "road"), ("文明路", "road"), ("平安大道", "road"), ("健康路", "road")} <= got


def test_a_place_word_running_into_a_division_name_hides_it():
    assert places("南渡江城区段岸坡列入整治。") == {("南渡江", "other")}
    assert ("江城区", "district") in places("阳江市江城区召开会议。")


def test_a_particle_or_a_road_word_before_a_name_stays_out():
    assert ("雅砻河", "other") in places("暗访组反馈了雅砻河沿岸建筑垃圾问题。")
    assert ("杏园路", "road") in places("镇区主街杏园路两侧的商户签订责任书。")
    assert ("背篓巷", "road") in places("公司负责景区内背篓巷、染坊街的保洁。")


def test_a_town_names_its_market_and_a_city_its_station():
    got = places("检查组查看了阳宗镇集贸市场、横州站和横州汽车总站，又到振兴区站前街道暗访。")
    assert {("阳宗镇集贸市场", "facility"), ("横州站", "facility"), ("横州汽车总站", "facility")} <= got
    assert ("站前街道", "street") in got and not any(name.endswith("区站") for name, _ in got)
    assert places("村卫生站和县农机站都已改造。") == set()


def test_works_toilets_and_transfer_stations_by_name():
    got = places("对北环水厂、板桥路公厕和龙尾河垃圾中转站开展检查，砖瓦厂片区启动改造。")
    assert {("北环水厂", "facility"), ("板桥路公厕", "facility"), ("龙尾河垃圾中转站", "facility")} <= got
    assert ("砖瓦厂片区", "compound") in got
    assert places("全县新建水冲式公厕3座，县城划分为48个责任片区。") == set()


@pytest.mark.parametrize(
    ("text", "roads"),
    [
        ("执法队员在老城的大北路、人民东路巡查", {"大北路", "人民东路"}),  # 大|北路
        ("街道干部来到府后巷查看垃圾桶", {"府后巷"}),  # 府|后巷
        ("沿街店铺集中在八一路两侧", {"八一路"}),  # 八|一路: a number opens the name
        ("队员对打铁巷、五一巷等背街小巷清理杂物", {"打铁巷", "五一巷"}),  # verb or number word in a list
    ],
)
def test_roads_whose_last_name_character_jieba_joins_to_the_suffix(text, roads):
    assert roads <= {p for p, level in places(text) if level == "road"}


@pytest.mark.parametrize("text", ["一路走来，大家沿着东路前进", "现在、路上都是人", "清扫路面"])
def test_road_words_in_running_text_are_no_roads(text):
    assert not {p for p, level in places(text) if level == "road"}


@pytest.mark.parametrize(
    ("text", "plant"),
    [
        ("生活污水送往临河区城西污水处理厂处理", "临河区城西污水处理厂"),
        ("垃圾统一运到察隅县生活垃圾填埋场", "察隅县生活垃圾填埋场"),
    ],
)
def test_a_county_before_a_part_of_town_plant_belongs_to_its_name(text, plant):
    assert (plant, "facility") in places(text)


def test_a_part_of_town_market_alone_is_still_a_place():
    assert ("城南农贸市场", "facility") in places("暗访组来到城南农贸市场")
