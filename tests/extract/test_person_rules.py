"""Person rules added after blind scoring on new registers (sentences written for these tests)."""

import pytest

from cwnlp.extract.persons import find_persons


def persons(text: str) -> dict[str, str | None]:
    return {e.text: e.title for e in find_persons(text)}


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("在菜场卖了二十年菜的商户洪桂兰说，现在顾客多了。", "洪桂兰", "商户"),
        ("面馆老板庹志军说，整改后生意更好。", "庹志军", "老板"),
        ("食堂厨师长荀大勇介绍了留样制度。", "荀大勇", "厨师长"),
        ("外卖小哥薄一凡今年加入了志愿队。", "薄一凡", "外卖小哥"),
        ("副市长王登科说，要把问题清零。", "王登科", "副市长"),
        ("社区党委书记周玉兰当场记下了问题。", "周玉兰", "社区党委书记"),
        ("市民欧阳晓峰每天都来公园散步。", "欧阳晓峰", "市民"),
    ],
)
def test_names_after_descriptions_posts_and_with_new_followers(text: str, name: str, title: str) -> None:
    assert persons(text).get(name) == title


def test_a_list_of_names_keeps_members_with_rare_family_names() -> None:
    found = persons("县领导石立群、太恩浩、冯建平分别带队检查。")
    assert found == {"石立群": "县领导", "太恩浩": "县领导", "冯建平": "县领导"}


def test_a_list_stops_at_words_that_are_no_names() -> None:
    assert persons("市领导李建民、有关部门负责同志参加。") == {"李建民": "市领导"}


def test_names_with_a_middle_dot() -> None:
    found = persons("村民吐尔逊·买买提说，厕所改好了。州长艾力·吾甫尔在会上强调。")
    assert found == {"吐尔逊·买买提": "村民", "艾力·吾甫尔": "州长"}
    assert persons("记者 古丽娜·阿不都 周宁")["古丽娜·阿不都"] == "记者"


def test_credit_words_of_pictures_and_text() -> None:
    assert persons("文字：韩秀清 图片：蔡立 编辑：苗青") == {"韩秀清": "文字", "蔡立": "图片", "苗青": "编辑"}


@pytest.mark.parametrize("text", ["实行区领导包街道、街道干部包社区。", "镇领导包村、村干部包组、党员包户。"])
def test_duty_phrases_with_bao_are_no_names(text: str) -> None:
    assert persons(text) == {}


def test_an_organisation_character_ends_no_one_character_given_name() -> None:
    assert "王科" not in persons("科长王科说。") and "李村" not in persons("村民李村、王红参加。")


def test_names_without_a_han_family_name() -> None:
    # Tibetan, Yi and Mongolian names are runs of known name parts
    found = persons("副州长吉克拉则、县委书记才让多杰到乡里检查。格桑卓玛同志作了发言。")
    assert found == {"吉克拉则": "副州长", "才让多杰": "县委书记", "格桑卓玛": None}
    assert persons("记者 斯琴图雅 巴图孟和")["巴图孟和"] == "记者"
    assert persons("他们在扎西家里吃饭。") == {}


@pytest.mark.parametrize(
    "text, title",
    [
        ("大畈社区党委书记张红梅介绍", "党委书记"),  # jieba cuts the place 大|畈|社区
        ("该社区党委书记张红梅介绍", "社区党委书记"),  # 该 is no place name
        ("驻村第一书记王小明说", "驻村第一书记"),
    ],
)
def test_a_place_cut_by_jieba_leaves_no_level_word_in_the_title(text: str, title: str) -> None:
    person = next(e for e in find_persons(text) if e.type == "PERSON")
    assert person.title == title
