"""Training sentences from annotated whole articles (read_annotated_articles)."""

import json

import pytest

from cwnlp.measures.data import LabelFileError, read_annotated_articles
from cwnlp.measures.persist import default_articles_path, default_corpus_path, default_training_data
from cwnlp.measures.taxonomy import Taxonomy

# Written for these tests.
TEXT = "县里召开创卫推进会，部署下一阶段工作。天气很好。县财政拨付专项资金50万元用于改造公厕。”"


def write(tmp_path, articles):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in articles) + "\n", encoding="utf-8")
    return path


def test_every_sentence_becomes_an_example_with_its_labels(tmp_path) -> None:
    measures = [
        {"sentence": "县里召开创卫推进会，部署下一阶段工作。", "labels": ["ORG_LEAD"]},
        {
            "sentence": "县财政拨付专项资金50万元用于改造公厕。",
            "labels": ["FUNDING", "INFRA"],
            "start": 24,
            "end": 44,
        },
    ]
    sentences, labels, ids = read_annotated_articles(
        write(tmp_path, [{"id": "a1", "text": TEXT, "measures": measures}])
    )
    got = dict(zip(sentences, labels, strict=True))
    assert got == {
        "县里召开创卫推进会，部署下一阶段工作。": ["ORG_LEAD"],
        "县财政拨付专项资金50万元用于改造公厕。": ["FUNDING", "INFRA"],
        "天气很好。": [],
    }  # the lone closing quote is no example
    assert ids == ["a1"] * 3


def test_an_annotated_span_cut_differently_replaces_the_split_sentences(tmp_path) -> None:
    measures = [{"sentence": "县里召开创卫推进会", "labels": ["ORG_LEAD"]}]
    sentences, labels, _ = read_annotated_articles(
        write(tmp_path, [{"id": "a", "text": TEXT, "measures": measures}])
    )
    assert "县里召开创卫推进会" in sentences
    assert not any(s.startswith("县里召开创卫推进会，") for s in sentences)  # no contradicting negative


@pytest.mark.parametrize(
    ("article", "message"),
    [
        (
            {"id": "a", "text": TEXT, "measures": [{"sentence": "天气很好。", "labels": ["NOPE"]}]},
            "unknown label",
        ),
        (
            {"id": "a", "text": TEXT, "measures": [{"sentence": "不在文中。", "labels": ["ORG_LEAD"]}]},
            "not in the text",
        ),
        ({"text": TEXT}, "line 1"),
    ],
)
def test_bad_articles_name_the_line(tmp_path, article, message) -> None:
    with pytest.raises(LabelFileError, match=message):
        read_annotated_articles(write(tmp_path, [article]), Taxonomy.default())


def test_default_training_data_holds_the_csv_and_the_corpus_articles() -> None:
    sentences, labels = default_training_data()
    csv_rows = default_corpus_path().read_text(encoding="utf-8").count("\n")
    articles = sum(1 for _ in default_articles_path().open(encoding="utf-8"))
    assert len(sentences) == len(labels) > csv_rows + 5 * articles
