"""Iterative stratification of multi-label data."""

import numpy as np
import pytest

from cwnlp.measures.stratify import iterative_folds, iterative_split


def make_labels(seed: int = 1) -> np.ndarray:
    rng = np.random.RandomState(seed)
    y = (rng.rand(200, 6) < [0.3, 0.2, 0.1, 0.05, 0.04, 0.5]).astype(int)
    return y


def test_every_label_spread_over_all_folds() -> None:
    y = make_labels()
    folds = iterative_folds(y, n_splits=5)
    for j in range(y.shape[1]):
        per_fold = [y[folds == k, j].sum() for k in range(5)]
        assert min(per_fold) >= 1, (j, per_fold)
        assert max(per_fold) - min(per_fold) <= 2, (j, per_fold)


def test_folds_partition_and_balanced_sizes() -> None:
    y = make_labels()
    folds = iterative_folds(y, n_splits=4)
    assert set(folds) == {0, 1, 2, 3}
    sizes = np.bincount(folds)
    assert sizes.sum() == len(y) and sizes.max() - sizes.min() <= 2
    seen = np.concatenate([test for _, test in iterative_split(y, n_splits=4)])
    assert sorted(seen) == list(range(len(y)))


def test_deterministic() -> None:
    y = make_labels()
    assert (iterative_folds(y, 5, random_state=3) == iterative_folds(y, 5, random_state=3)).all()


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="n_splits"):
        iterative_folds(np.zeros((3, 2)), n_splits=5)
    with pytest.raises(ValueError, match="2-D"):
        iterative_folds(np.zeros(3), n_splits=2)
