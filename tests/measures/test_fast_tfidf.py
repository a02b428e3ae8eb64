"""CompiledTfidf gives what scikit-learn's TfidfVectorizer.transform gives."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from cwnlp.measures.fast_tfidf import CompiledTfidf

# Written for these tests.
TRAIN = [
    "县城管局开展集中整治",
    "市爱卫办组织暗访  并通报批评",
    "镇里组织志愿者清理河道垃圾",
    "Weekly notice 2024 about 卫生",
]
UNSEEN = ["", " ", "卫", "集中整治集中整治 集中整治", "全新的字词没有见过", "a  b\t\tc", "notice NOTICE"]


@pytest.mark.parametrize(
    "settings",
    [
        {"analyzer": "char", "ngram_range": (1, 3), "sublinear_tf": True},
        {"analyzer": "char", "ngram_range": (2, 4), "norm": None, "use_idf": False},
        {"analyzer": "word", "token_pattern": r"[^ ]+", "lowercase": False, "ngram_range": (1, 2)},
        {"analyzer": "word", "ngram_range": (1, 3), "sublinear_tf": True},
    ],
)
def test_transform_equals_scikit_learn(settings) -> None:
    vec = TfidfVectorizer(dtype=np.float32, **settings).fit(TRAIN)
    fast = CompiledTfidf(vec)
    texts = TRAIN + UNSEEN
    want = vec.transform(texts).toarray()
    got = fast.transform(texts).toarray()
    assert got.shape == want.shape
    assert np.allclose(got, want, atol=1e-6)


def test_span_of_positions_equals_transforming_the_substring() -> None:
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit(TRAIN)
    fast = CompiledTfidf(vec)
    text = "县城管局开展集中整治，镇里组织志愿者清理河道垃圾"
    units = fast.units(text)
    positions = fast.positions(units)
    for start, end in [(0, 10), (11, len(text)), (3, 5), (4, 4)]:
        got = fast.rows([fast.span(positions, start, end)]).toarray()
        assert np.allclose(got, vec.transform([text[start:end]]).toarray(), atol=1e-6)


def test_unsupported_settings_are_refused() -> None:
    vec = TfidfVectorizer(analyzer="char_wb").fit(TRAIN)
    with pytest.raises(ValueError, match="char_wb"):
        CompiledTfidf(vec)
    vec = TfidfVectorizer(binary=True).fit(TRAIN)
    with pytest.raises(ValueError, match="binary"):
        CompiledTfidf(vec)
