"""Multi-label classification of sentences into campaign-measure categories.

:class:`MeasureClassifier` is a scikit-learn style estimator: TF-IDF over character
1–3-grams and jieba words, plus one indicator per category for its seed keywords,
feeding one balanced logistic regression per category.  Per-category decision
thresholds are tuned on out-of-fold scores from iterative-stratified folds.

:func:`classify_sentences` and the stage :func:`classify_documents` turn documents
into :class:`~cwnlp.model.Measure` records (only sentences with at least one label).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from cwnlp.measures.stratify import iterative_split
from cwnlp.measures.taxonomy import Taxonomy, TaxonomyError
from cwnlp.model import Document, Failure, Measure
from cwnlp.pipeline import Batch
from cwnlp.text.sentences import split_sentences

__all__ = ["MeasureClassifier", "classify_sentences", "classify_documents", "normalise", "segment"]

STAGE = "measures"
_DIGITS = re.compile(r"\d")
_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]")
_CLAUSE_SEP = re.compile(r"[，,；;：:]")
_THRESHOLD_GRID = np.round(np.arange(0.20, 0.81, 0.05), 2)


def normalise(text: str) -> str:
    """Fold full-width forms (NFKC), lower-case, and map every digit to 0.

    Articles mix ``，`` and ``,``, full-width and ASCII digits; the exact numbers say
    nothing about the kind of measure, so ``2300万元`` and ``15万元`` look alike.
    """
    return _DIGITS.sub("0", unicodedata.normalize("NFKC", text).lower())


@lru_cache(maxsize=1)
def _jieba() -> Any:
    """jieba, imported once with its start-up chatter silenced."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=50_000)  # cross-validation segments the same sentences many times
def segment(text: str) -> str:
    """jieba words of an already normalised text, joined by spaces (punctuation dropped)."""
    return " ".join(w for w in _jieba().lcut(text) if _WORDLIKE.search(w))


def _check_sentences(sentences: Sequence[str]) -> list[str]:
    if isinstance(sentences, str):
        raise TypeError("expected a list of sentences, got a single string")
    bad = [i for i, s in enumerate(sentences) if not isinstance(s, str)]
    if bad:
        raise TypeError(f"sentence {bad[0]} is {type(sentences[bad[0]]).__name__}, not str")
    return list(sentences)


class MeasureClassifier(BaseEstimator):
    """Assign taxonomy codes to sentences (multi-label; none for non-measures).

    Parameters are stored as given (scikit-learn convention); ``taxonomy`` may be a
    :class:`Taxonomy`, a path to a taxonomy YAML file, or None for the default.
    ``threshold`` is the decision threshold used where no tuned one exists.
    """

    def __init__(
        self,
        taxonomy: Taxonomy | str | Path | None = None,
        threshold: float = 0.5,
        tune_thresholds: bool = True,
        C: float = 8.0,
        cv: int = 5,
        keyword_weight: float = 1.0,
        min_df: int = 1,
        clause_pooling: bool = True,
        clause_weight: float = 0.9,
        random_state: int = 0,
    ) -> None:
        self.taxonomy = taxonomy
        self.threshold = threshold
        self.tune_thresholds = tune_thresholds
        self.C = C
        self.cv = cv
        self.keyword_weight = keyword_weight
        self.min_df = min_df
        self.clause_pooling = clause_pooling
        self.clause_weight = clause_weight
        self.random_state = random_state

    # -- fitting -------------------------------------------------------------

    def resolved_taxonomy(self) -> Taxonomy:
        """The taxonomy object behind the ``taxonomy`` parameter."""
        if self.taxonomy is None:
            return Taxonomy.default()
        if isinstance(self.taxonomy, Taxonomy):
            return self.taxonomy
        return Taxonomy.load(self.taxonomy)

    def fit(self, sentences: Sequence[str], label_lists: Sequence[Sequence[str]]) -> MeasureClassifier:
        """Learn one model per category; every category needs at least one example."""
        sentences = _check_sentences(sentences)
        if len(sentences) != len(label_lists):
            raise ValueError(f"{len(sentences)} sentences but {len(label_lists)} label lists")
        if not sentences:
            raise ValueError("no training sentences")
        self.resolved_taxonomy().check_labels(label_lists)
        return self.fit_unchecked(sentences, label_lists)

    def fit_unchecked(
        self, sentences: Sequence[str], label_lists: Sequence[Sequence[str]]
    ) -> MeasureClassifier:
        """Fit without requiring an example of every category (used inside cross-validation)."""
        tax = self.resolved_taxonomy()
        self.classes_ = tax.codes
        self.keywords_ = [[normalise(k) for k in cat.keywords] for cat in tax.categories]
        y = self._binarise(label_lists)
        self._fit_models(list(sentences), y)
        self.thresholds_ = self._tuned_thresholds(list(sentences), y)
        return self

    def _binarise(self, label_lists: Sequence[Sequence[str]]) -> np.ndarray:
        index = {c: j for j, c in enumerate(self.classes_)}
        y = np.zeros((len(label_lists), len(self.classes_)), dtype=int)
        for i, labels in enumerate(label_lists):
            for label in labels:
                if label not in index:
                    raise TaxonomyError(f"example {i + 1} has unknown label {label!r}")
                y[i, index[label]] = 1
        return y

    def _fit_models(self, sentences: list[str], y: np.ndarray) -> None:
        texts = [normalise(s) for s in sentences]
        self.char_vec_ = TfidfVectorizer(
            analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=self.min_df, dtype=np.float32
        )
        self.word_vec_ = TfidfVectorizer(
            analyzer="word",
            token_pattern=r"[^ ]+",
            lowercase=False,
            ngram_range=(1, 2),
            sublinear_tf=True,
            min_df=self.min_df,
            dtype=np.float32,
        )
        x = sp.hstack(
            [
                self.char_vec_.fit_transform(texts),
                self.word_vec_.fit_transform([segment(t) for t in texts]),
                self._keyword_features(texts),
            ]
        ).tocsr()
        self.models_ = [self._fit_binary(x, y[:, j]) for j in range(y.shape[1])]
        self.priors_ = [float(y[:, j].mean()) for j in range(y.shape[1])]

    def _fit_binary(self, x: sp.csr_matrix, y: np.ndarray) -> LogisticRegression | None:
        """A balanced logistic regression, or None when ``y`` has a single class."""
        if y.min() == y.max():
            return None
        model = LogisticRegression(
            C=self.C, class_weight="balanced", solver="liblinear", random_state=self.random_state
        )
        return model.fit(x, y)

    def _tuned_thresholds(self, sentences: list[str], y: np.ndarray) -> list[float]:
        """Per-category thresholds maximising out-of-fold F1 (default where data are too few)."""
        default = [float(self.threshold)] * y.shape[1]
        if not self.tune_thresholds or len(sentences) < 2 * self.cv:
            return default
        oof = self.out_of_fold_scores(sentences, y)
        return [_best_threshold(oof[:, j], y[:, j], default[j]) for j in range(y.shape[1])]

    def out_of_fold_scores(self, sentences: list[str], y: np.ndarray) -> np.ndarray:
        """Scores for each sentence from a model that did not see it (iterative folds)."""
        oof = np.zeros(y.shape, dtype=float)
        inner = clone(self).set_params(tune_thresholds=False)
        for train, test in iterative_split(y, n_splits=self.cv, random_state=self.random_state):
            fold = clone(inner)
            fold.classes_ = self.classes_
            fold.keywords_ = self.keywords_
            fold._fit_models([sentences[i] for i in train], y[train])
            oof[test] = fold._score_matrix([sentences[i] for i in test])
        return oof

    # -- prediction ----------------------------------------------------------

    def _keyword_features(self, texts: list[str]) -> sp.csr_matrix:
        """One 0/1 column per category: does the text contain one of its seed keywords?"""
        dense = np.zeros((len(texts), len(self.keywords_)), dtype=np.float32)
        for i, text in enumerate(texts):
            for j, kws in enumerate(self.keywords_):
                dense[i, j] = float(any(k in text for k in kws))
        return sp.csr_matrix(dense * self.keyword_weight)

    def _features(self, sentences: list[str]) -> sp.csr_matrix:
        texts = [normalise(s) for s in sentences]
        return sp.hstack(
            [
                self.char_vec_.transform(texts),
                self.word_vec_.transform([segment(t) for t in texts]),
                self._keyword_features(texts),
            ]
        ).tocsr()

    def _score_matrix(self, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, len(self.classes_)))
        scores = self._raw_scores(sentences)
        if not self.clause_pooling:
            return scores
        # Long sentences list several measures in clauses; TF-IDF normalisation dilutes
        # each one, so a clause that alone looks like a measure also counts.
        owners, clauses = _clauses(sentences)
        if clauses:
            clause_scores = self._raw_scores(clauses)
            for row, owner in zip(clause_scores, owners, strict=True):
                scores[owner] = np.maximum(scores[owner], row * self.clause_weight)
        return scores

    def _raw_scores(self, sentences: list[str]) -> np.ndarray:
        x = self._features(sentences)
        cols = [
            m.predict_proba(x)[:, 1] if m is not None else np.full(x.shape[0], prior)
            for m, prior in zip(self.models_, self.priors_, strict=True)
        ]
        return np.column_stack(cols)

    def _check_fitted(self) -> None:
        if not hasattr(self, "models_"):
            raise RuntimeError("MeasureClassifier is not fitted: call fit() or load a model first")

    def predict_scores(self, sentences: Sequence[str]) -> list[dict[str, float]]:
        """Probability-like score per category for each sentence."""
        self._check_fitted()
        scores = self._score_matrix(_check_sentences(sentences))
        return [{c: float(v) for c, v in zip(self.classes_, row, strict=True)} for row in scores]

    def labels_from_scores(self, scores: dict[str, float]) -> list[str]:
        """Categories whose score reaches their threshold, in taxonomy order."""
        return [c for c, t in zip(self.classes_, self.thresholds_, strict=True) if scores.get(c, 0.0) >= t]

    def predict(self, sentences: Sequence[str]) -> list[list[str]]:
        """Taxonomy codes for each sentence (empty list for non-measures)."""
        return [self.labels_from_scores(s) for s in self.predict_scores(sentences)]

    def explain(self, sentence: str, label: str, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` features that push ``sentence`` most towards ``label``, with weights.

        Weights are feature value times coefficient for the whole sentence (clause
        pooling is not reflected); ``keyword:CODE`` is the seed-keyword indicator.
        """
        self._check_fitted()
        if label not in self.classes_:
            raise ValueError(f"unknown label {label!r}; known: {', '.join(self.classes_)}")
        model = self.models_[self.classes_.index(label)]
        if model is None:
            return []
        x = self._features([sentence])
        contrib = x.data * model.coef_[0][x.indices]
        names = self._feature_names()
        order = np.argsort(-contrib)[:k]
        return [(names[x.indices[i]], float(contrib[i])) for i in order if contrib[i] > 0]

    def _feature_names(self) -> list[str]:
        chars = [f"char:{t}" for t in self.char_vec_.get_feature_names_out()]
        words = [f"word:{t}" for t in self.word_vec_.get_feature_names_out()]
        return chars + words + [f"keyword:{c}" for c in self.classes_]


def _clauses(sentences: list[str], min_chars: int = 6) -> tuple[list[int], list[str]]:
    """Clauses (split at ，；：) of sentences that have several, with their sentence index."""
    owners, clauses = [], []
    for i, sentence in enumerate(sentences):
        parts = [p for p in _CLAUSE_SEP.split(sentence) if len(p) >= min_chars]
        if len(parts) > 1:
            owners.extend([i] * len(parts))
            clauses.extend(parts)
    return owners, clauses


def _best_threshold(scores: np.ndarray, y: np.ndarray, default: float) -> float:
    """Grid threshold with the best F1; ties go to the one nearest ``default``."""
    if y.sum() == 0:
        return default
    best, best_f1 = default, -1.0
    for t in sorted(_THRESHOLD_GRID, key=lambda v: abs(v - default)):
        pred = scores >= t
        tp = float((pred & (y == 1)).sum())
        f1 = 2 * tp / (pred.sum() + y.sum()) if pred.sum() + y.sum() else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return best


# -- stage -------------------------------------------------------------------


def classify_sentences(doc: Document, model: MeasureClassifier) -> list[Measure]:
    """Measures of one document: its sentences that get at least one label."""
    if not isinstance(doc.text, str):
        raise TypeError(f"document {doc.id!r} has no text string")
    sentences = split_sentences(doc.text, doc.id)
    if not sentences:
        return []
    out = []
    for sent, scores in zip(sentences, model.predict_scores([s.text for s in sentences]), strict=True):
        labels = model.labels_from_scores(scores)
        if labels:
            rounded = {c: round(v, 4) for c, v in scores.items()}
            out.append(Measure(sent.start, sent.end, sent.text, labels, rounded, doc.id))
    return out


def classify_documents(
    docs: Sequence[Document | dict[str, Any]], model: MeasureClassifier | str | Path | None = None
) -> Batch[Measure]:
    """Stage: measures of each document; a document that fails becomes a Failure.

    ``model`` may be a fitted classifier, a path to a ``.skops`` file, or None for
    the shipped default model (paths are loaded once per process).
    """
    batch: Batch[Measure] = Batch()
    try:
        clf = _resolve_model(model)
    except Exception as exc:  # a broken model fails the whole batch, input by input
        for doc in docs:
            batch.failures.append(_failure(doc, exc))
        return batch
    for doc in docs:
        try:
            record = Document.from_record(doc) if isinstance(doc, dict) else doc
            batch.records.extend(classify_sentences(record, clf))
        except Exception as exc:  # one bad document must not stop the batch
            batch.failures.append(_failure(doc, exc))
    return batch


def _failure(doc: Any, exc: Exception) -> Failure:
    ident = doc.get("id") if isinstance(doc, dict) else getattr(doc, "id", None)
    return Failure(input=str(ident or "?"), stage=STAGE, error=f"{type(exc).__name__}: {exc}")


def _resolve_model(model: MeasureClassifier | str | Path | None) -> MeasureClassifier:
    if isinstance(model, MeasureClassifier):
        return model
    from cwnlp.measures.persist import default_model_path, load_model_cached

    path = default_model_path() if model is None else Path(model)
    return load_model_cached(str(path))
