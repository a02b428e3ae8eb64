"""clean_capture against the hand-cleaned seed articles in ../shared/eval (read at run time)."""

import json
from collections import Counter
from pathlib import Path

import pytest

from cwnlp.text.capture import clean_capture
from cwnlp.text.chrome import is_chrome, is_end_marker
from cwnlp.text.clean import CleanSettings

META_FIELDS = (
    "title",
    "date",
    "datetime",
    "source",
    "reporters",
    "editors",
    "correspondents",
    "original_title",
)


def f1(pred: str, gold: str) -> float:
    def grams(text: str) -> Counter:
        text = "".join(text.split())
        return Counter(text[i : i + 4] for i in range(len(text) - 3))

    p, g = grams(pred), grams(gold)
    overlap = sum((p & g).values())
    return 0.0 if not overlap else 2 * overlap / (sum(p.values()) + sum(g.values()))


def seeds(shared: Path) -> list[dict]:
    lines = (shared / "eval" / "seeds.gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def cleaned(shared_dir: Path) -> list[tuple[dict, object]]:
    out = []
    for gold in seeds(shared_dir):
        raw = (shared_dir / "corpora" / "seeds" / gold["raw_file"]).read_text(encoding="utf-8")
        out.append((gold, clean_capture(raw, gold["id"])))
    return out


def test_seed_metadata_matches_gold(cleaned):
    for gold, doc in cleaned:
        meta = gold["meta"]
        for name in META_FIELDS:
            if name in meta:
                assert getattr(doc, name) == meta[name], (gold["id"], name)
        if "photo_credits" in meta:
            assert sorted(doc.photo_credits) == sorted(meta["photo_credits"])


def test_seed_body_close_to_gold(cleaned):
    for gold, doc in cleaned:
        assert f1(doc.text, gold["text"]) >= 0.97, gold["id"]


def test_no_chrome_left_in_body(cleaned):
    for _, doc in cleaned:
        for line in doc.text.split("\n"):
            assert not is_chrome(line) and not is_end_marker(line), line
            for word in ("ICP", "上一篇", "下一篇", "责编", "编辑:", "扫码", "公网安备", "热线"):
                assert word not in line


def test_reporter_line_stays_last_as_in_gold(cleaned):
    for gold, doc in cleaned:
        assert doc.text.split("\n")[-1] == gold["text"].split("\n")[-1]
        assert doc.text.rfind("\n") + 1 == gold["meta"]["byline_start"]


def test_bare_captions_leave_text_but_are_kept_as_captions():
    raw = "\n".join(
        [
            "某某新闻客户端",
            "登录",
            "某县扎实推进卫生县城创建工作",
            "2021年3月2日 09:15",
            "来源:某某日报",
            "整洁的县城街道",
            "近日,某县召开创建国家卫生县城推进会,部署农贸市场整治工作。",
            "工作人员清理背街小巷垃圾(图片来源某县融媒体中心)",
            "记者:张某某 李某",
            "编辑:王某",
            "上一篇:某县开展义诊活动",
        ]
    )
    doc = clean_capture(raw, "x1")
    assert doc.title == "某县扎实推进卫生县城创建工作"
    assert (doc.date, doc.datetime, doc.source) == ("2021-03-02", "2021-03-02T09:15", "某某日报")
    assert doc.reporters == ["张某某", "李某"] and doc.editors == ["王某"]
    assert doc.text.split("\n") == [
        "近日,某县召开创建国家卫生县城推进会,部署农贸市场整治工作。",
        "工作人员清理背街小巷垃圾(图片来源某县融媒体中心)",
        "记者:张某某 李某",
    ]
    assert "整洁的县城街道" in doc.captions
    assert doc.photo_credits == ["某县融媒体中心"]
    dropped = clean_capture(raw, "x1", CleanSettings(keep_captions=False))
    assert "图片来源" not in dropped.text


def test_traditional_capture_converted_when_asked():
    raw = "某縣衛生城市複審工作會議召開\n2019-05-06\n會議要求各單位加強環境衛生整治,確保順利通過複審。"
    doc = clean_capture(raw, "t1", CleanSettings(to_simplified=True))
    assert doc.title == "某县卫生城市复审工作会议召开"
    assert "环境卫生整治" in doc.text


def test_bad_input_gives_clear_error():
    with pytest.raises(TypeError):
        clean_capture(b"bytes", "b1")  # type: ignore[arg-type]
    assert clean_capture("", "e1").text == ""
