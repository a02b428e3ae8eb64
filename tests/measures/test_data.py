"""Reading labelled CSV files: encodings, line-numbered errors, round trip."""

import pytest

from cwnlp.measures.data import LabelFileError, read_labelled_csv, write_labelled_csv
from cwnlp.measures.persist import default_corpus_path
from cwnlp.measures.taxonomy import Taxonomy

CSV = 'sentence,labels\n区里拨付经费50万元。,FUNDING\n"执法队员拆除违建，整治占道。",ORDER；FUNDING\n天气晴朗。,\n'


def test_utf8_and_gbk_read_the_same(tmp_path, small_taxonomy) -> None:
    utf8 = tmp_path / "u.csv"
    gbk = tmp_path / "g.csv"
    utf8.write_bytes(("\ufeff" + CSV).encode("utf-8"))
    gbk.write_bytes(CSV.encode("gbk"))
    expected = (
        ["区里拨付经费50万元。", "执法队员拆除违建，整治占道。", "天气晴朗。"],
        [["FUNDING"], ["ORDER", "FUNDING"], []],
    )
    assert read_labelled_csv(utf8, small_taxonomy) == expected
    assert read_labelled_csv(gbk, small_taxonomy) == expected


def test_unknown_label_names_the_line(tmp_path, small_taxonomy) -> None:
    path = tmp_path / "bad.csv"
    path.write_text('sentence,labels\n甲。,ORDER\n"乙，\n丙。",FUNDING\n丁。,CLEANUP\n', encoding="utf-8")
    with pytest.raises(LabelFileError, match=r"line 5: unknown label 'CLEANUP'"):
        read_labelled_csv(path, small_taxonomy)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        ("text,label\n甲,ORDER\n".encode(), "header must name"),
        (b"sentence,labels\n,ORDER\n", "line 2: empty sentence"),
        (b"sentence,labels\n", "no labelled sentences"),
        (b"sentence,labels\n\xff\xfe\xfa\xfb,\n", "not UTF-8 or GBK"),
        (b"sentence,labels\n\x00\x00,\n", "NUL"),
    ],
)
def test_malformed_files(tmp_path, small_taxonomy, content: bytes, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(LabelFileError, match=message):
        read_labelled_csv(path, small_taxonomy)


def test_missing_file(tmp_path) -> None:
    with pytest.raises(LabelFileError, match="not found"):
        read_labelled_csv(tmp_path / "none.csv")


def test_write_then_read_back(tmp_path, small_taxonomy) -> None:
    path = write_labelled_csv(
        tmp_path / "o.csv", ["甲，乙。", "丙。"], [["ORDER", "FUNDING"], []], [0.5, 0.25]
    )
    assert read_labelled_csv(path, small_taxonomy) == (["甲，乙。", "丙。"], [["ORDER", "FUNDING"], []])
    assert path.read_text(encoding="utf-8").splitlines()[0] == "sentence,labels,score"


def test_project_corpus_is_complete() -> None:
    """The shipped corpus: >= 600 sentences, >= 30 positives per category, >= 200 negatives."""
    tax = Taxonomy.default()
    sentences, labels = read_labelled_csv(default_corpus_path(), tax)
    assert len(sentences) >= 600 and len(set(sentences)) == len(sentences)
    assert sum(1 for lab in labels if not lab) >= 200
    assert sum(1 for lab in labels if len(lab) > 1) >= 50
    for code in tax.codes:
        assert sum(code in lab for lab in labels) >= 30, code
