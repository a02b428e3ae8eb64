"""The Chinese language: private jieba segmenter with campaign terms, bounded pieces."""

import jieba

from cwnlp.lang import blank
from cwnlp.lang.zh import MAX_PIECE, bounded_pieces


def test_campaign_terms_are_single_tokens_and_global_jieba_untouched(tmp_path):
    words = [t.text for t in blank()("县创卫办联合团县委开展病媒生物防制和门前三包检查。")]
    assert "团县委" in words and "病媒生物防制" in words and "门前三包" in words
    user = tmp_path / "user_dict.txt"
    user.write_text("栖霞攻坚专班 50 nt\n", encoding="utf-8")
    assert "栖霞攻坚专班" in [t.text for t in blank([str(user)])("成立栖霞攻坚专班。")]
    assert "栖霞攻坚专班" not in jieba.lcut("成立栖霞攻坚专班。")  # module-level jieba unchanged


def test_bounded_pieces_cover_the_text_and_prefer_punctuation():
    text = ("某镇组织党员志愿者清理河道垃圾，" * 40) + "无标点" * 300
    pieces = bounded_pieces(text)
    assert "".join(pieces) == text
    assert all(len(p) <= MAX_PIECE for p in pieces)
    assert pieces[0].endswith("，")


def test_tokens_keep_offsets_of_the_original_text():
    text = "市住建局  安排1200多万元\n用于老旧小区改造。"
    doc = blank()(text)
    assert doc.text == text
    assert doc.char_span(text.index("1200"), text.index("元") + 1) is not None
