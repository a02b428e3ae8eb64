"""decode_html, byline parsing, dates and chrome lines on made-up examples."""

import pytest

from cwnlp.text.bylines import inline_bylines, parse_byline, parse_date
from cwnlp.text.chrome import is_chrome, is_end_marker
from cwnlp.text.encoding import decode_html

TEXT = "某县召开创建国家卫生县城推进会，要求各单位落实门前三包责任。"


@pytest.mark.parametrize(
    ("codec", "declared", "expected"),
    [
        ("utf-8", "text/html; charset=gb2312", "utf-8"),  # a page that lies in its header
        ("gbk", None, "gb18030"),
        ("gb18030", "gb2312", "gb18030"),
        ("utf-8", None, "utf-8"),
    ],
)
def test_decode_html_handles_lying_declarations(codec, declared, expected):
    content = f'<html><meta charset="gb2312"><p>{TEXT}</p></html>'.encode(codec)
    text, used = decode_html(content, declared)
    assert TEXT in text and used == expected


def test_decode_gbk_only_characters_with_gb2312_label():
    # 镕 and 堃 are in GBK but not in GB2312: real "gb2312" pages use them.
    content = ("<p>朱镕基 王堃" + TEXT + "</p>").encode("gbk")
    text, used = decode_html(content, "gb2312")
    assert "朱镕基 王堃" in text and used == "gb18030"


def test_decode_big5_page_declared_as_gbk():
    trad = "某縣衛生城市複審工作會議召開，要求各單位加強環境衛生整治。" * 3
    text, used = decode_html(f'<meta charset="gbk"><p>{trad}</p>'.encode("big5"), "gbk")
    assert trad in text and used.startswith("big5")


def test_decode_bom_and_bad_input():
    assert decode_html("\ufeff<p>好</p>".encode("utf-8"), "gbk")[0] == "<p>好</p>"
    with pytest.raises(TypeError):
        decode_html("not bytes", None)  # type: ignore[arg-type]
    text, _ = decode_html(b"\x81\xff\xfe\x00garbage", None)
    assert isinstance(text, str)


def test_parse_byline_lines():
    line = parse_byline("某某日报全媒体记者:甲某 通讯员:乙某 丙某某")
    assert line.reporters == ["甲某"] and line.correspondents == ["乙某", "丙某某"]
    header = parse_byline("发布时间：2021-01-11 10:20:33  来源：某某网  作者：丁某  浏览次数：12")
    assert (header.date, header.datetime, header.source, header.reporters) == (
        "2021-01-11",
        "2021-01-11T10:20",
        "某某网",
        ["丁某"],
    )
    assert parse_byline("原标题:《某县开展大扫除》").original_title == "某县开展大扫除"
    assert parse_byline("[责任编辑：abc]").editors == ["abc"]
    assert parse_byline("会议强调，编辑:要加强宣传") is None
    assert parse_byline("5月8日，某市召开推进会。") is None


def test_inline_bylines_and_dates():
    assert inline_bylines("本报讯(通讯员某甲)为推进创卫工作").correspondents == ["某甲"]
    both = inline_bylines("工作。（记者 某乙 某丙 通讯员 某丁）")
    assert both.reporters == ["某乙", "某丙"] and both.correspondents == ["某丁"]
    assert parse_date("2020年10月25日 11:37") == ("2020-10-25", "2020-10-25T11:37")
    assert parse_date("2017/3/10") == ("2017-03-10", None)
    assert parse_date("2020-13-40 没有这一天") == (None, None)


@pytest.mark.parametrize(
    "line",
    ["上一篇：某县开展义诊", "京ICP备12345678号", "某公网安备 11010502030000号", "© 2010-2024 某某网 版权所有",
     "字号：大 中 小", "收藏", "我要举报", "扫码下载某某客户端", "浏览次数：1024", "打印本页 关闭窗口",
     "新闻热线：0000-1234567", "转载请注明出处", "分享到：微信 微博", "• +1"],
)  # fmt: skip
def test_chrome_lines(line):
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "市民可拨打热线电话反映环境卫生问题，相关部门限时办理。",
        "会议要求各单位做好收藏、整理档案工作。",
        "编者按",
    ],
)
def test_body_lines_are_not_chrome(line):
    assert not is_chrome(line) and not is_end_marker(line)


def test_bylines_without_colons_and_in_traditional_script():
    from cwnlp.text.bylines import parse_byline

    assert parse_byline("记者 甲某某 乙某 通讯员 丙某").reporters == ["甲某某", "乙某"]
    assert parse_byline("通訊員 周某某").correspondents == ["周某某"]
    assert parse_byline("編輯：林某某").editors == ["林某某"]
    for sentence in ("记者从市卫健委获悉", "记者 张某 摄", "市委书记 张某某"):
        assert parse_byline(sentence) is None
