"""Batch scoring paths of the classifier agree with the plain ones."""

import re

import numpy as np
import pytest

from cwnlp.extract.pipeline import load, make_doc
from cwnlp.lang.zh import TOKENS_KEY
from cwnlp.measures.classifier import classify_many, classify_sentences, normalise
from cwnlp.measures.persist import default_model_path, load_model_cached
from cwnlp.model import Document

# Written for these tests.
DOCS = [
    Document(
        "a",
        "3月2日，县委书记主持召开创卫推进会，要求各乡镇落实属地责任，县财政安排专项资金120万元用于改造公厕。"
        "会后，县城管局联合市场监管局对城区占道经营开展集中整治；县爱卫办组织暗访，并对问题单位通报批评。",
    ),
    Document("b", "天气晴朗，街道两旁的树木郁郁葱葱。居民们说，这几年变化真大。"),
    Document("c", ""),
    Document("d", "Weekly notice 2024\n镇里组织志愿者清理河道垃圾，累计清运30余吨。"),
]


def scores_apart(model, sentences):
    """Each text scored as a whole, without clause pooling."""
    return model._linear_scores(model._features(sentences))


@pytest.fixture(scope="module")
def model():
    return load_model_cached(str(default_model_path()))


def test_stacked_scores_equal_each_models_probability(model) -> None:
    sentences = ["县城管局对占道经营开展集中整治。", "居民们说，这几年变化真大。"]
    fast = scores_apart(model, sentences)
    x = model._features(sentences)
    slow = np.column_stack(
        [
            m.predict_proba(x)[:, 1] if m is not None else np.full(len(sentences), prior)
            for m, prior in zip(model.models_, model.priors_, strict=True)
        ]
    )
    assert np.allclose(fast, slow, atol=1e-9)


def test_one_batch_equals_one_document_at_a_time(model) -> None:
    assert classify_many(DOCS, model) == [classify_sentences(d, model) for d in DOCS]


def test_pipeline_tokens_give_the_same_measures_as_fresh_segmentation(model) -> None:
    nlp = load()
    tokens = [make_doc(nlp, d).user_data[TOKENS_KEY] for d in DOCS]
    with_tokens = classify_many(DOCS, model, tokens)
    assert with_tokens == classify_many(DOCS, model)
    assert any(with_tokens)  # the first document does describe measures


def test_keyword_feature_is_any_keyword_contained(model) -> None:
    texts = ["开展集中整治", "天气晴朗", ""]
    got = model._keyword_features(texts).toarray() / model.keyword_weight
    want = [[float(any(k in t for k in kws)) for kws in model.keywords_] for t in texts]
    assert got.tolist() == want


def test_token_lists_must_match_the_sentences(model) -> None:
    with pytest.raises(ValueError, match="token lists"):
        model.predict_scores(["一句。", "两句。"], [["一句"]])


def test_pooled_scores_equal_sentence_and_clause_scored_apart(model) -> None:
    # The fast path featurises clauses from the sentence's own n-gram lookups; it must
    # give what scoring each clause as a sentence of its own gives.
    sentences = [
        "县委书记主持召开创卫推进会，要求各乡镇落实属地责任，县财政安排专项资金120万元用于改造公厕。",
        "会后县城管局联合市场监管局对城区占道经营开展集中整治；县爱卫办组织暗访并通报批评问题单位。",
        "短句，也短。",
        "",
        "全角１２３，ＡＢＣ全角字母和数字，再加一个足够长的分句。",
    ]
    got = model._score_matrix(sentences)
    want = scores_apart(model, sentences)
    for i, sentence in enumerate(sentences):
        clauses = [c for c in re.split(r"[，,；;：:]", normalise(sentence)) if len(c) >= 6]
        if len(clauses) >= 2:
            pooled = scores_apart(model, clauses).max(axis=0) * model.clause_weight
            want[i] = np.maximum(want[i], pooled)
    assert np.allclose(got, want, atol=1e-6)
