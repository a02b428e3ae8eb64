"""clean_html / clean_pages on real pages (../shared/pages, read at run time) and made-up ones."""

from collections import Counter
from pathlib import Path

import lxml.html
import pytest
import trafilatura

from cwnlp.model import Document, RawPage
from cwnlp.text.clean import CleanSettings, clean_html, clean_pages

PAGES = ("gmw", "qq", "youth", "pixnet")

# A made-up page in the genre: header line, chrome, caption under a picture, bylines in the footer.
ARTICLE = """<html><head><meta charset="gb2312"><title>某市召开巩固国家卫生城市推进会_某市新闻网</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/n">新闻</a></div>
<h1>某市召开巩固国家卫生城市推进会</h1>
<div class="info">发布时间：2022年5月9日 10:30　来源：某市日报　作者：甲某某　浏览次数：321 字号：大 中 小</div>
<div class="content">
<p>5月8日，某市召开巩固国家卫生城市工作推进会，部署下一阶段农贸市场整治和背街小巷清理工作。</p>
<p style="text-align:center"><img src="a.jpg"></p>
<p style="text-align:center">会议现场</p>
<p>会议要求，各区要落实属地管理责任，建立问题台账，实行销号管理，确保整改到位。</p>
<p>会议强调，要发动志愿者参与环境卫生整治，推动爱国卫生运动常态化、长效化。（记者 乙某 通讯员 丙某）</p>
<p>责任编辑：丁某</p>
<p>上一篇：某区开展病媒生物防制培训</p>
</div>
<div class="footer"><p>版权所有 © 2022 某市新闻网　某ICP备12345678号</p><p>打印本页　关闭窗口</p></div>
</body></html>"""


def f1(pred: str, gold: str) -> float:
    def grams(text: str) -> Counter:
        text = "".join(text.split())
        return Counter(text[i : i + 4] for i in range(len(text) - 3))

    p, g = grams(pred), grams(gold)
    overlap = sum((p & g).values())
    return 0.0 if not overlap else 2 * overlap / (sum(p.values()) + sum(g.values()))


@pytest.fixture(scope="module")
def real(shared_dir: Path) -> dict[str, tuple[Document, str, str]]:
    out = {}
    for name in PAGES:
        folder = shared_dir / "pages" / "readability-zh" / name
        source = folder / "source.html"
        expected = lxml.html.fromstring((folder / "expected.html").read_text(encoding="utf-8")).text_content()
        doc = clean_html(RawPage(id=name, content=source.read_bytes(), path=str(source)))
        out[name] = (doc, expected, source.read_text(encoding="utf-8"))
    return out


def test_real_pages_body_close_to_expected(real):
    for name, (doc, expected, _) in real.items():
        assert f1(doc.text, expected) >= 0.88, name


def test_real_pages_beat_plain_trafilatura_on_average(real):
    ours = [f1(doc.text, exp) for doc, exp, _ in real.values()]
    theirs = [f1(trafilatura.extract(src) or "", exp) for _, exp, src in real.values()]
    assert sum(ours) / len(ours) > sum(theirs) / len(theirs)


def test_real_pages_titles_without_site_suffix(real):
    for name, (doc, _, _) in real.items():
        assert doc.title and "_" not in doc.title[-6:] and "网" not in doc.title[-3:], name
        assert doc.site_name, name


def test_real_pages_dates_from_meta_and_header(real):
    for name in ("gmw", "youth", "qq"):
        doc = real[name][0]
        assert doc.date and doc.date[:2] == "20" and len(doc.date) == 10, name
        assert doc.datetime and doc.datetime.startswith(doc.date), name


def test_made_up_article_fields_and_chrome():
    doc = clean_html(
        RawPage(id="a1", content=ARTICLE.encode("gb18030"), content_type="text/html; charset=gb2312")
    )
    assert doc.title == "某市召开巩固国家卫生城市推进会"
    assert doc.site_name == "某市新闻网"
    assert (doc.date, doc.datetime) == ("2022-05-09", "2022-05-09T10:30")
    assert doc.source == "某市日报"
    assert doc.reporters[:1] == ["甲某某"] and "乙某" in doc.reporters
    assert doc.correspondents == ["丙某"] and doc.editors == ["丁某"]
    assert doc.captions == ["会议现场"]
    assert doc.encoding == "gb18030"
    for chrome in ("会议现场", "责任编辑", "上一篇", "ICP", "版权所有", "打印本页", "浏览次数", "首页"):
        assert chrome not in doc.text, chrome
    assert doc.text.split("\n")[0].startswith("5月8日")
    assert len(doc.text.split("\n")) == 3


def test_simplified_conversion_setting():
    page = ARTICLE.replace("巩固国家卫生城市推进会", "鞏固國家衛生城市推進會")
    doc = clean_html(RawPage(id="t", content=page.encode("utf-8")), CleanSettings(to_simplified=True))
    assert doc.title == "某市召开巩固国家卫生城市推进会"


def test_stage_turns_bad_pages_into_failures():
    pages = [
        RawPage(id="good", content=ARTICLE.encode("utf-8")),
        RawPage(id="empty", content=b""),
        RawPage(id="binary", content=bytes(range(256)) * 20, path="x.bin"),
        RawPage(id="nobody", content=b"<html><body><p>hi</p></body></html>"),
    ]
    batch = clean_pages(pages, CleanSettings())
    assert [d.id for d in batch.records] == ["good"]
    assert {f.input for f in batch.failures} == {"empty", "x.bin", "nobody"}
    assert all(f.stage == "clean" and f.error for f in batch.failures)


def test_unknown_extractor_is_a_clear_error():
    batch = clean_pages([RawPage(id="x", content=ARTICLE.encode())], CleanSettings(extractors=("nope",)))
    assert "unknown extractor" in batch.failures[0].error
