"""Iterative stratification of multi-label data into folds (Sechidis et al., 2011).

Plain k-fold splitting can leave a rare label with no positive in some fold, which
makes per-label cross-validated scores and thresholds meaningless.  The iterative
algorithm places the examples of the rarest remaining label first, each into the
fold that still needs that label most, so every label is spread evenly.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

__all__ = ["iterative_folds", "iterative_split"]


def iterative_folds(y: np.ndarray, n_splits: int = 5, random_state: int = 0) -> np.ndarray:
    """Fold number (0..n_splits-1) for each row of the 0/1 label matrix ``y``."""
    y = np.asarray(y, dtype=bool)
    if y.ndim != 2:
        raise ValueError("y must be a 2-D 0/1 label matrix")
    n, _ = y.shape
    if n_splits < 2 or n_splits > n:
        raise ValueError(f"n_splits must be between 2 and the number of examples ({n}), got {n_splits}")
    rng = np.random.RandomState(random_state)
    fold_size = np.full(n_splits, n / n_splits)  # examples each fold still wants
    label_need = np.outer(fold_size / n, y.sum(axis=0)).astype(float)  # per fold, per label
    folds = np.full(n, -1)
    remaining = y.copy()
    while remaining.any():
        counts = remaining.sum(axis=0)
        label = int(np.argmin(np.where(counts > 0, counts, np.iinfo(np.int64).max)))
        for row in rng.permutation(np.flatnonzero(remaining[:, label])):
            fold = _pick(label_need[:, label], fold_size, rng)
            _assign(row, fold, y, folds, fold_size, label_need, remaining)
    for row in rng.permutation(np.flatnonzero(folds < 0)):  # examples without labels
        _assign(row, _pick(fold_size, fold_size, rng), y, folds, fold_size, label_need, remaining)
    return folds


def _pick(need: np.ndarray, fold_size: np.ndarray, rng: np.random.RandomState) -> int:
    """The fold with the greatest need; ties go to the emptiest fold, then at random."""
    best = np.flatnonzero(need == need.max())
    if len(best) > 1:
        best = best[fold_size[best] == fold_size[best].max()]
    return int(rng.choice(best))


def _assign(row, fold, y, folds, fold_size, label_need, remaining) -> None:  # noqa: ANN001
    """Put ``row`` into ``fold`` and update what each fold still needs."""
    folds[row] = fold
    fold_size[fold] -= 1
    label_need[fold] -= y[row]
    remaining[row] = False


def iterative_split(
    y: np.ndarray, n_splits: int = 5, random_state: int = 0
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(train_index, test_index) pairs, like scikit-learn's KFold.split."""
    folds = iterative_folds(y, n_splits=n_splits, random_state=random_state)
    for k in range(n_splits):
        yield np.flatnonzero(folds != k), np.flatnonzero(folds == k)
