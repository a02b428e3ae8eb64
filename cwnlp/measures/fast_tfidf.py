"""Batch transform for fitted TF-IDF vectorizers, equal to theirs but several times faster.

scikit-learn's ``TfidfVectorizer.transform`` counts n-grams with a Python loop per
n-gram.  Extraction scores every sentence and clause of a corpus, so that loop was
the largest single cost of ``cwnlp extract``.  :class:`CompiledTfidf` reads the
vocabulary and IDF weights of a fitted vectorizer and looks n-grams up with
iterators that run in C (``map`` over slices and ``dict.get``), then does counting,
sublinear TF, IDF and L2 normalisation as whole-array operations for the batch.

Only the settings the measure classifier uses are supported (character or
whitespace-token analyzers, n-gram ranges, ``sublinear_tf``, ``norm="l2"`` or
None); anything else raises so that a silently different featurisation is
impossible.  Training still goes through scikit-learn: this module only reads a
fitted vectorizer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["CompiledTfidf"]

_WHITESPACE_RUN = re.compile(r"\s\s+")  # what scikit-learn's char analyzer collapses


class CompiledTfidf:
    """The ``transform`` of a fitted :class:`TfidfVectorizer`, as whole-batch array work."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        _check_supported(vectorizer)
        self.analyzer = vectorizer.analyzer
        self.lowercase = bool(vectorizer.lowercase)
        self.ngram_range = tuple(vectorizer.ngram_range)
        self.sublinear_tf = bool(vectorizer.sublinear_tf)
        self.norm = vectorizer.norm
        self.dtype = vectorizer.dtype
        self.vocabulary = dict(vectorizer.vocabulary_)
        self.idf = np.asarray(vectorizer.idf_, dtype=self.dtype) if vectorizer.use_idf else None
        self.token_pattern = re.compile(vectorizer.token_pattern) if self.analyzer == "word" else None

    @property
    def n_features(self) -> int:
        return len(self.vocabulary)

    def units(self, text: str) -> Sequence[str]:
        """What the analyzer forms n-grams from: the prepared text (char) or its tokens (word)."""
        if self.lowercase:
            text = text.lower()
        if self.analyzer == "char":
            return _WHITESPACE_RUN.sub(" ", text)
        return self.token_pattern.findall(text)  # type: ignore[union-attr]

    def positions(self, units: Sequence[str]) -> list[list[int]]:
        """Vocabulary index of every n-gram, one list per n, by start position (-1: unknown).

        ``units`` come from :meth:`units`.  The n-grams of ``units[a:b]`` are the slices
        ``lists[k][a : b - n + 1]``, so a sub-span is featurised without new lookups.
        """
        low, high = self.ngram_range
        size = len(units)
        get = self.vocabulary.get
        lists = []
        for n in range(low, high + 1):
            if n > size:
                lists.append([])
            elif n == 1:
                lists.append(list(map(get, units, repeat(-1))))
            elif self.analyzer == "char":
                grams = map(units.__getitem__, map(slice, range(size - n + 1), range(n, size + 1)))
                lists.append(list(map(get, grams, repeat(-1))))
            else:
                grams = map(" ".join, zip(*(units[k : size - n + 1 + k] for k in range(n)), strict=True))
                lists.append(list(map(get, grams, repeat(-1))))
        return lists

    def span(self, positions: list[list[int]], start: int, end: int) -> list[int]:
        """The n-gram indices of ``units[start:end]`` from the whole text's ``positions``."""
        low = self.ngram_range[0]
        out: list[int] = []
        for n, ids in enumerate(positions, start=low):
            out.extend(ids[start : max(start, end - n + 1)])
        return out

    def rows(self, id_lists: Sequence[Sequence[int]]) -> sp.csr_matrix:
        """TF-IDF rows from each row's n-gram indices (as :meth:`positions` gives them)."""
        lengths = np.fromiter(map(len, id_lists), np.int64, len(id_lists))
        ids = np.fromiter(chain.from_iterable(id_lists), np.int64, int(lengths.sum()))
        row_of = np.repeat(np.arange(len(id_lists), dtype=np.int64), lengths)
        known = ids >= 0
        counts = sp.coo_matrix(
            (np.ones(int(known.sum()), dtype=self.dtype), (row_of[known], ids[known])),
            shape=(len(id_lists), self.n_features),
        ).tocsr()  # duplicate (row, n-gram) pairs are summed here
        return self._weigh(counts)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF rows of ``texts``; equal to the vectorizer's own transform (float rounding aside)."""
        return self.rows([list(chain.from_iterable(self.positions(self.units(t)))) for t in texts])

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        data = counts.data
        if self.sublinear_tf:
            np.log(data, out=data)
            data += 1.0
        if self.idf is not None:
            data *= self.idf[counts.indices]
        if self.norm == "l2":
            squares = sp.csr_matrix((data * data, counts.indices, counts.indptr), shape=counts.shape)
            norms = np.sqrt(np.asarray(squares.sum(axis=1)).ravel())
            norms[norms == 0.0] = 1.0
            data /= np.repeat(norms, np.diff(counts.indptr)).astype(data.dtype, copy=False)
        return counts


def _check_supported(vectorizer: TfidfVectorizer) -> None:
    problems = []
    if vectorizer.analyzer not in ("char", "word"):
        problems.append(f"analyzer={vectorizer.analyzer!r}")
    if vectorizer.analyzer == "word" and (
        vectorizer.stop_words is not None or vectorizer.tokenizer is not None
    ):
        problems.append("stop words or a custom tokenizer")
    if vectorizer.preprocessor is not None or vectorizer.strip_accents is not None:
        problems.append("a preprocessor or accent stripping")
    if vectorizer.norm not in ("l2", None):
        problems.append(f"norm={vectorizer.norm!r}")
    if vectorizer.binary:
        problems.append("binary=True")
    if vectorizer.ngram_range[0] < 1:
        problems.append(f"ngram_range={vectorizer.ngram_range}")
    if problems:
        raise ValueError("CompiledTfidf does not support " + ", ".join(problems))
