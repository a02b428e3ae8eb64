"""Sentence splitting: terminators, closers, lines, offsets."""

import json

import pytest

from cwnlp.text.sentences import sentence_spans, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_splits_on_chinese_terminators() -> None:
    text = "丰台镇召开创卫推进会。会上谁发言了？大家都说要干！"
    assert texts(text) == ["丰台镇召开创卫推进会。", "会上谁发言了？", "大家都说要干！"]


def test_ascii_terminators_and_runs() -> None:
    assert texts("真干净!真的吗?是的？！好。") == ["真干净!", "真的吗?", "是的？！", "好。"]


def test_closing_quote_and_bracket_stay_with_sentence() -> None:
    text = "他说：“垃圾要日产日清。”随后开会。（记者 李某某摄）再见！）"
    assert texts(text) == ["他说：“垃圾要日产日清。”", "随后开会。", "（记者 李某某摄）再见！）"]


def test_corner_brackets() -> None:
    assert texts("口号是「人人动手。」下一句。") == ["口号是「人人动手。」", "下一句。"]


def test_semicolons_do_not_split() -> None:
    text = "一是清扫街巷；二是整治市场；三是宣传发动。"
    assert texts(text) == [text]


def test_line_end_ends_sentence_without_punctuation() -> None:
    text = "开展占道经营整治（图片来源某某网）\n第二段开始。"
    assert texts(text) == ["开展占道经营整治（图片来源某某网）", "第二段开始。"]


def test_ellipsis_at_line_end_but_not_mid_clause() -> None:
    text = "扫地、拖地……样样都做了。大家都在忙……\n下一行。"
    assert texts(text) == ["扫地、拖地……样样都做了。", "大家都在忙……", "下一行。"]


def test_ellipsis_before_closing_quote_at_line_end() -> None:
    assert texts("他说：“再坚持一下……”\n好。") == ["他说：“再坚持一下……”", "好。"]


def test_url_question_mark_does_not_split() -> None:
    text = "详见 http://example.cn/a.php?id=3 页面。"
    assert texts(text) == [text]


def test_whitespace_trimmed_and_empty_pieces_dropped() -> None:
    text = "  \u3000第一句。  \n\n   \n第二句。 。\r\n"
    sents = split_sentences(text, doc_id="x")
    assert [s.text for s in sents] == ["第一句。", "第二句。", "。"]
    for s in sents:
        assert text[s.start : s.end] == s.text
        assert s.doc_id == "x"
    assert [s.index for s in sents] == [0, 1, 2]


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\u3000\n") == []


def test_offsets_exact_on_long_mixed_text() -> None:
    text = "甲乡开展大扫除，清运垃圾30吨。\r\n乙村：“好！”丙说?\n  丁  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["甲乡开展大扫除，清运垃圾30吨。", "乙村：“好！”", "丙说?", "丁"]


def test_non_string_is_clear_error() -> None:
    with pytest.raises(TypeError, match="expects str"):
        split_sentences(None)  # type: ignore[arg-type]


def test_gold_measure_sentences_are_whole_sentences(shared_dir) -> None:
    """Every annotated measure sentence in the real gold files is one split sentence."""
    for name in ("dev.gold.jsonl", "seeds.gold.jsonl"):
        for line in (shared_dir / "eval" / name).read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            found = {s.text for s in split_sentences(doc["text"])}
            missing = [m["sentence"] for m in doc["measures"] if m["sentence"] not in found]
            assert not missing, (doc["id"], missing[:2])
