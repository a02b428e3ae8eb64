"""Pick the sentences a model is least sure about, for a researcher to label next."""

from __future__ import annotations

from collections.abc import Sequence

from cwnlp.measures.classifier import MeasureClassifier

__all__ = ["least_certain"]


def least_certain(
    model: MeasureClassifier, sentences: Sequence[str], n: int = 50
) -> list[tuple[str, list[str], float]]:
    """The ``n`` sentences closest to a decision threshold, as (sentence, guessed labels, score).

    ``score`` is the score of the category whose threshold is nearest, so a value near
    the threshold means the model could go either way on that sentence.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    sentences = list(dict.fromkeys(sentences))
    if not sentences:
        return []
    rows = []
    for sentence, scores in zip(sentences, model.predict_scores(sentences), strict=True):
        margins = {c: abs(scores[c] - t) for c, t in zip(model.classes_, model.thresholds_, strict=True)}
        nearest = min(margins, key=margins.__getitem__)
        rows.append((margins[nearest], sentence, model.labels_from_scores(scores), scores[nearest]))
    rows.sort(key=lambda r: r[0])
    return [(sentence, labels, score) for _, sentence, labels, score in rows[:n]]
