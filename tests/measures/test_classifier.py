"""MeasureClassifier on a small taxonomy, and the shipped default model."""

import numpy as np
import pytest

from cwnlp.measures.classifier import MeasureClassifier, classify_documents, classify_sentences, normalise
from cwnlp.measures.persist import default_model_path, load_model_cached
from cwnlp.measures.taxonomy import TaxonomyError
from cwnlp.model import Document, Failure, Measure

# Sentences written for these tests (not in the training corpus).
ORDER_SENT = "区城管执法中队对夜市周边的占道经营摊点进行了集中清理。"
MARKET_SENT = "县市场监管局对城区农贸市场的活禽经营区进行了改造，实行划行规市。"
FUNDING_SENT = "镇政府筹措资金80万元，专门用于购置环卫设备。"
NEGATIVE_SENT = "傍晚的江边，散步的人们有说有笑，十分惬意。"


@pytest.fixture(scope="module")
def small_model(small_taxonomy, small_data) -> MeasureClassifier:
    sentences, labels = small_data
    return MeasureClassifier(taxonomy=small_taxonomy, cv=3).fit(sentences, labels)


@pytest.fixture(scope="module")
def default_model() -> MeasureClassifier:
    return load_model_cached(str(default_model_path()))


def test_normalise_folds_width_and_digits() -> None:
    assert normalise("２０２４年，投入15万元！ABC") == "0000年,投入00万元!abc"


def test_init_does_no_work_and_params_round_trip() -> None:
    model = MeasureClassifier(taxonomy="does-not-exist.yaml", threshold=0.4)
    assert model.get_params()["threshold"] == 0.4
    assert not hasattr(model, "models_")


def test_predicts_small_categories(small_model) -> None:
    got = small_model.predict([ORDER_SENT, MARKET_SENT, FUNDING_SENT, NEGATIVE_SENT])
    assert "ORDER" in got[0]
    assert "MARKET_FOOD" in got[1]
    assert "FUNDING" in got[2]
    assert got[3] == []


def test_scores_are_probabilities_for_every_code(small_model) -> None:
    scores = small_model.predict_scores([ORDER_SENT])[0]
    assert list(scores) == ["ORDER", "MARKET_FOOD", "FUNDING"]
    assert all(0.0 <= v <= 1.0 for v in scores.values())
    assert scores["ORDER"] > scores["FUNDING"]
    assert len(small_model.thresholds_) == 3


def test_explain_gives_top_positive_terms(small_model) -> None:
    terms = small_model.explain(ORDER_SENT, "ORDER", k=4)
    assert 1 <= len(terms) <= 4
    assert all(w > 0 for _, w in terms)
    assert [w for _, w in terms] == sorted((w for _, w in terms), reverse=True)
    assert any("占道" in t or "执法" in t or t == "keyword:ORDER" for t, _ in terms)
    with pytest.raises(ValueError, match="unknown label"):
        small_model.explain(ORDER_SENT, "NOPE")


def test_training_twice_gives_identical_predictions(small_taxonomy, small_data) -> None:
    sentences, labels = small_data
    sub_s, sub_l = sentences[::3], labels[::3]
    a = MeasureClassifier(taxonomy=small_taxonomy, cv=3).fit(sub_s, sub_l)
    b = MeasureClassifier(taxonomy=small_taxonomy, cv=3).fit(sub_s, sub_l)
    probe = sentences[1::3][:40]
    assert a.thresholds_ == b.thresholds_
    assert np.allclose(a._score_matrix(probe), b._score_matrix(probe))
    assert a.predict(probe) == b.predict(probe)


def test_fit_refuses_bad_training_data(small_taxonomy) -> None:
    model = MeasureClassifier(taxonomy=small_taxonomy)
    with pytest.raises(TaxonomyError, match="unknown label 'CLEANUP'"):
        model.fit(["甲", "乙"], [["ORDER"], ["CLEANUP"]])
    with pytest.raises(TaxonomyError, match="empty categor"):
        model.fit(["甲", "乙"], [["ORDER"], []])
    with pytest.raises(ValueError, match="2 sentences but 1 label lists"):
        model.fit(["甲", "乙"], [["ORDER"]])
    with pytest.raises(TypeError, match="single string"):
        model.fit("甲乙", [["ORDER"]])


def test_unfitted_model_is_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="not fitted"):
        MeasureClassifier().predict(["甲"])


def test_empty_input_gives_empty_output(small_model) -> None:
    assert small_model.predict([]) == []
    assert small_model.predict_scores([]) == []


def test_default_model_knows_the_genre(default_model) -> None:
    sentences = [
        "7月5日，临沧市召开巩固国家卫生城市工作推进会，市长出席并讲话。",
        "县财政拨付专项资金300万元，用于乡镇公厕新建。",
        "志愿者们在河堤上捡拾垃圾，清理杂草。",
        "这座小城的夜景格外迷人。",
    ]
    got = default_model.predict(sentences)
    assert "ORG_LEAD" in got[0]
    assert "FUNDING" in got[1] and "INFRA" in got[1]
    assert {"PARTICIPATE", "CLEANUP"} <= set(got[2])
    assert got[3] == []


def test_classify_sentences_offsets_and_only_labelled(default_model) -> None:
    text = "华灯初上，街头人来人往。\n区执法局对占道经营开展集中整治。\n\n市民纷纷称赞。"
    doc = Document(id="t1", text=text)
    measures = classify_sentences(doc, default_model)
    assert [m.sentence for m in measures] == ["区执法局对占道经营开展集中整治。"]
    m = measures[0]
    assert isinstance(m, Measure) and m.doc_id == "t1"
    assert text[m.start : m.end] == m.sentence
    assert "ORDER" in m.labels and set(m.scores) == set(default_model.classes_)


def test_classify_documents_stage_collects_failures(default_model) -> None:
    good = Document(id="ok", text="县里组织干部职工开展卫生大扫除。")
    bad = Document(id="bad", text=None)  # type: ignore[arg-type]
    batch = classify_documents([good, bad, {"id": "d", "text": ""}], default_model)
    assert [m.doc_id for m in batch.records] == ["ok"]
    assert len(batch.failures) == 1
    failure = batch.failures[0]
    assert isinstance(failure, Failure) and failure.input == "bad" and failure.stage == "measures"


def test_classify_documents_with_missing_model_path_fails_each_input(tmp_path) -> None:
    batch = classify_documents([Document(id="a", text="开展大扫除。")], tmp_path / "missing.skops")
    assert batch.records == []
    assert [f.input for f in batch.failures] == ["a"]
    assert "not found" in batch.failures[0].error
