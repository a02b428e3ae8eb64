"""Cross-validated per-category precision / recall / F1 for a labelled sentence set."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from cwnlp.measures.classifier import MeasureClassifier
from cwnlp.measures.stratify import iterative_split
from cwnlp.measures.taxonomy import Taxonomy

__all__ = ["cross_validate", "prf_table", "format_report"]


def prf_table(
    gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], codes: list[str]
) -> dict[str, dict]:
    """Per-category and micro P/R/F1 of predicted label lists against gold ones."""
    counts = {c: [0, 0, 0] for c in codes}
    for g, p in zip(gold, pred, strict=True):
        g, p = set(g), set(p)
        for c in codes:
            counts[c][0] += c in g and c in p
            counts[c][1] += c in p and c not in g
            counts[c][2] += c in g and c not in p
    table = {c: _prf(*v) for c, v in counts.items()}
    table["micro"] = _prf(*(sum(v[i] for v in counts.values()) for i in range(3)))
    return table


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f1, "support": tp + fn}


def cross_validate(
    sentences: Sequence[str],
    labels: Sequence[Sequence[str]],
    taxonomy: Taxonomy | None = None,
    n_splits: int = 5,
    random_state: int = 0,
    **params: Any,
) -> dict[str, dict]:
    """P/R/F1 of models trained on k-1 iterative-stratified folds, scored on the rest.

    Each fold's model tunes its own thresholds on its training part only, so the
    scores are honest estimates for unseen sentences.
    """
    taxonomy = taxonomy or Taxonomy.default()
    params.setdefault("cv", 3)  # inner threshold-tuning folds: 3 keeps the report affordable
    codes = taxonomy.codes
    y = np.array([[int(c in set(lab)) for c in codes] for lab in labels])
    pred: list[list[str]] = [[] for _ in sentences]
    for train, test in iterative_split(y, n_splits=n_splits, random_state=random_state):
        model = MeasureClassifier(taxonomy=taxonomy, random_state=random_state, **params)
        model.fit_unchecked([sentences[i] for i in train], [labels[i] for i in train])
        for i, p in zip(test, model.predict([sentences[i] for i in test]), strict=True):
            pred[i] = p
    return prf_table(labels, pred, codes)


def format_report(table: dict[str, dict]) -> str:
    """The table as aligned text lines."""
    lines = [f"{'category':14}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
    for code, v in table.items():
        if code == "micro":
            continue
        lines.append(f"{code:14}{v['p']:7.3f}{v['r']:7.3f}{v['f1']:7.3f}{v['support']:6d}")
    v = table["micro"]
    lines.append(f"{'micro':14}{v['p']:7.3f}{v['r']:7.3f}{v['f1']:7.3f}{v['support']:6d}")
    return "\n".join(lines)
