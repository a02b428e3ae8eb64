"""Multi-label classification of sentences into campaign-measure categories.

:class:`MeasureClassifier` is a scikit-learn style estimator: TF-IDF over character
1–3-grams and jieba words, plus one indicator per category for its seed keywords,
feeding one balanced logistic regression per category.  Per-category decision
thresholds are tuned on out-of-fold scores from iterative-stratified folds.

:func:`classify_sentences` and the stage :func:`classify_documents` turn documents
into :class:`~cwnlp.model.Measure` records (only sentences with at least one label).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from cwnlp.measures.fast_tfidf import CompiledTfidf
from cwnlp.measures.stratify import iterative_split
from cwnlp.measures.taxonomy import Taxonomy, TaxonomyError
from cwnlp.model import Document, Failure, Measure
from cwnlp.pipeline import Batch
from cwnlp.text.sentences import split_sentences

__all__ = [
    "MeasureClassifier",
    "classify_sentences",
    "classify_many",
    "classify_documents",
    "normalise",
    "segment",
]

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


@lru_cache(maxsize=50_000)  # cross-validation segments the same sentences many times
def segment(text: str) -> str:
    """Normalised dictionary words of ``text`` joined by spaces (punctuation dropped).

    The words come from the same tagging jieba as the extraction pipeline, so a
    sentence segmented here and the same sentence cut from a Doc's tokens agree.
    """
    return _join_words(t.text for t in _tagged(text))


def _join_words(words: Iterable[str]) -> str:
    return " ".join(n for n in (normalise(w) for w in words) if _WORDLIKE.search(n))


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
                self.word_vec_.fit_transform([segment(s) for s in sentences]),
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
        patterns = self._keyword_patterns()
        dense = np.zeros((len(texts), len(patterns)), dtype=np.float32)
        for i, text in enumerate(texts):
            for j, pattern in enumerate(patterns):
                if pattern is not None and pattern.search(text):
                    dense[i, j] = 1.0
        return sp.csr_matrix(dense * self.keyword_weight)

    def _keyword_patterns(self) -> list[re.Pattern[str] | None]:
        """One alternation per category (one regex search instead of a test per keyword)."""
        cached = getattr(self, "_keyword_cache", None)
        if cached is not None and cached[0] is self.keywords_:
            return cached[1]
        patterns = [
            re.compile("|".join(re.escape(k) for k in sorted(kws, key=len, reverse=True))) if kws else None
            for kws in self.keywords_
        ]
        self._keyword_cache = (self.keywords_, patterns)
        return patterns

    def _features(self, sentences: list[str], words: list[str] | None = None) -> sp.csr_matrix:
        """Feature rows; ``words`` are the sentences' joined words when already known."""
        texts = [normalise(s) for s in sentences]
        char, word = self._compiled()
        return sp.hstack(
            [
                char.transform(texts),
                word.transform(words if words is not None else [segment(s) for s in sentences]),
                self._keyword_features(texts),
            ]
        ).tocsr()

    def _compiled(self) -> tuple[CompiledTfidf, CompiledTfidf]:
        """Fast batch forms of the fitted vectorizers (built on first use, reset by fitting)."""
        cached = getattr(self, "_compiled_cache", None)
        if cached is not None and cached[0] is self.char_vec_ and cached[1] is self.word_vec_:
            return cached[2]
        compiled = (CompiledTfidf(self.char_vec_), CompiledTfidf(self.word_vec_))
        self._compiled_cache = (self.char_vec_, self.word_vec_, compiled)
        return compiled

    def _score_matrix(
        self, sentences: list[str], tokens: Sequence[Sequence[str]] | None = None
    ) -> np.ndarray:
        """Scores of each sentence; ``tokens`` are its words as cut by the pipeline, if known.

        Long sentences list several measures in clauses, and TF-IDF normalisation
        dilutes each one; with ``clause_pooling`` a clause that alone looks like a
        measure also counts (its score, times ``clause_weight``, is pooled by max).
        Clauses are featurised from the sentence's own n-gram lookups.
        """
        if not sentences:
            return np.zeros((0, len(self.classes_)))
        if tokens is None:
            tokens = [[t.text for t in _tagged(s)] for s in sentences]
        char, word = self._compiled()
        # rows: the sentences first, then the clauses of their owners
        char_rows: list[list[int]] = []
        word_rows: list[list[int]] = []
        texts: list[str] = []
        clause_char: list[list[int]] = []
        clause_word: list[list[int]] = []
        clause_texts: list[str] = []
        owners: list[int] = []
        for i, (sentence, toks) in enumerate(zip(sentences, tokens, strict=True)):
            text = normalise(sentence)
            units = char.units(text)
            groups = _word_groups(toks, word)
            words = [w for g in groups for w in g]
            char_pos, word_pos = char.positions(units), word.positions(words)
            char_rows.append(char.span(char_pos, 0, len(units)))
            word_rows.append(word.span(word_pos, 0, len(words)))
            texts.append(text)
            if not self.clause_pooling:
                continue
            spans = _clause_spans(units)
            if len(spans) < 2:
                continue
            bounds = _group_bounds(groups) if len(groups) == spans[0][2] else None
            for start, end, index in spans[1:]:
                owners.append(i)
                clause_char.append(char.span(char_pos, start, end))
                clause_texts.append(units[start:end])
                if bounds is not None:
                    clause_word.append(word.span(word_pos, *bounds[index]))
                else:  # a separator inside a word: cut the clause afresh
                    clause_words = word.units(segment(units[start:end]))
                    clause_word.append(word.span(word.positions(clause_words), 0, len(clause_words)))
        x = sp.hstack(
            [
                char.rows(char_rows + clause_char),
                word.rows(word_rows + clause_word),
                self._keyword_features(texts + clause_texts),
            ]
        ).tocsr()
        all_scores = self._linear_scores(x)
        scores = all_scores[: len(sentences)]
        for row, owner in zip(all_scores[len(sentences) :], owners, strict=True):
            scores[owner] = np.maximum(scores[owner], row * self.clause_weight)
        return scores

    def _linear_scores(self, x: sp.csr_matrix) -> np.ndarray:
        weights, bias, constant = self._linear_form()
        # One sparse product for all categories instead of one predict_proba each:
        # the binary logistic model's probability is the sigmoid of x·w + b.
        scores = 1.0 / (1.0 + np.exp(-(np.asarray(x @ weights) + bias)))
        scores[:, constant] = np.asarray(self.priors_)[constant]
        return scores

    def _linear_form(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Stacked coefficients, intercepts and single-class mask of the category models.

        Derived from ``models_`` on first use and kept for later calls; fitting resets it.
        """
        cached = getattr(self, "_linear_cache", None)
        if cached is not None and cached[0] is self.models_:
            return cached[1]
        n_features = len(self.char_vec_.vocabulary_) + len(self.word_vec_.vocabulary_) + len(self.classes_)
        weights = np.zeros((n_features, len(self.models_)), dtype=np.float64)
        bias = np.zeros(len(self.models_), dtype=np.float64)
        constant = np.array([m is None for m in self.models_], dtype=bool)
        for j, model in enumerate(self.models_):
            if model is not None:
                weights[:, j] = model.coef_[0]
                bias[j] = model.intercept_[0]
        form = (weights, bias, constant)
        self._linear_cache = (self.models_, form)
        return form

    def _check_fitted(self) -> None:
        if not hasattr(self, "models_"):
            raise RuntimeError("MeasureClassifier is not fitted: call fit() or load a model first")

    def predict_scores(
        self, sentences: Sequence[str], tokens: Sequence[Sequence[str]] | None = None
    ) -> list[dict[str, float]]:
        """Probability-like score per category for each sentence.

        ``tokens`` (optional) are each sentence's words as the pipeline's tokenizer
        cut them; given, the sentences are not segmented again.
        """
        self._check_fitted()
        sentences = _check_sentences(sentences)
        if tokens is not None and len(tokens) != len(sentences):
            raise ValueError(f"{len(sentences)} sentences but {len(tokens)} token lists")
        scores = self._score_matrix(sentences, tokens)
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


def _tagged(text: str) -> Sequence[Any]:
    """The shared tagger's tokens of ``text`` (imported late: extraction loads spaCy)."""
    from cwnlp.extract.gazetteer import segment as tag

    return tag(text)


def _word_groups(tokens: Sequence[str], word: CompiledTfidf) -> list[list[str]]:
    """Normalised words of a sentence, grouped by clause (split at separator tokens).

    The words are those :func:`segment` gives (normalised, punctuation dropped); the
    sentence is normalised in one call rather than word by word.
    """
    normalised = normalise("\x1f".join(tokens)).split("\x1f")
    if len(normalised) != len(tokens):  # normalisation touched the joiner: go word by word
        normalised = [normalise(t) for t in tokens]
    groups: list[list[str]] = [[]]
    for raw, norm in zip(tokens, normalised, strict=True):
        if len(raw) == 1 and _CLAUSE_SEP.match(raw):
            groups.append([])
        elif _WORDLIKE.search(norm):
            groups[-1].append(norm)
    return [list(word.units(" ".join(g))) if g else [] for g in groups]


def _group_bounds(groups: list[list[str]]) -> list[tuple[int, int]]:
    bounds, at = [], 0
    for g in groups:
        bounds.append((at, at + len(g)))
        at += len(g)
    return bounds


def _clause_spans(text: str, min_chars: int = 6) -> list[tuple[int, int, int]]:
    """Clauses of ``text`` split at ，；： that have ``min_chars`` or more characters.

    The first item is ``(0, 0, n)`` with ``n`` the number of clauses in all; then
    ``(start, end, index)`` of each kept clause.  Fewer than two kept: just the first.
    """
    spans, start, index = [], 0, 0
    for sep in _CLAUSE_SEP.finditer(text):
        if sep.start() - start >= min_chars:
            spans.append((start, sep.start(), index))
        start, index = sep.end(), index + 1
    if len(text) - start >= min_chars:
        spans.append((start, len(text), index))
    head = (0, 0, index + 1)
    return [head, *spans] if len(spans) >= 2 else [head]


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
    return classify_many([doc], model)[0]


def classify_many(
    docs: Sequence[Document],
    model: MeasureClassifier,
    tokens: Sequence[Sequence[Any] | None] | None = None,
) -> list[list[Measure]]:
    """Measures of each document, with the sentences of all documents scored at once.

    Scoring is a few sparse products per call, so one call per batch rather than
    per document keeps the fixed cost small.  ``tokens`` are each document's tagged
    words (:class:`cwnlp.lang.zh.Token`, as the pipeline's tokenizer leaves them)
    or None; with them no sentence is segmented again.
    """
    split = []
    for doc in docs:
        if not isinstance(doc.text, str):
            raise TypeError(f"document {doc.id!r} has no text string")
        split.append(split_sentences(doc.text, doc.id))
    flat = [s.text for sents in split for s in sents]
    words: list[list[str]] = []
    for i, sents in enumerate(split):
        doc_tokens = tokens[i] if tokens is not None else None
        if doc_tokens is None:
            words.extend([t.text for t in _tagged(s.text)] for s in sents)
        else:
            words.extend(_words_within(doc_tokens, sents))
    scores = iter(model.predict_scores(flat, words) if flat else [])
    out: list[list[Measure]] = []
    for doc, sents in zip(docs, split, strict=True):
        found = []
        for sent in sents:
            sent_scores = next(scores)
            labels = model.labels_from_scores(sent_scores)
            if labels:
                rounded = {c: round(v, 4) for c, v in sent_scores.items()}
                found.append(Measure(sent.start, sent.end, sent.text, labels, rounded, doc.id))
        out.append(found)
    return out


def _words_within(tokens: Sequence[Any], sentences: Sequence[Any]) -> list[list[str]]:
    """The words of each sentence: the document tokens that start inside it."""
    out: list[list[str]] = [[] for _ in sentences]
    starts = [s.start for s in sentences]
    j = 0
    for tok in tokens:
        while j + 1 < len(starts) and tok.start >= starts[j + 1]:
            j += 1
        if sentences and sentences[j].start <= tok.start < sentences[j].end:
            out[j].append(tok.text)
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
