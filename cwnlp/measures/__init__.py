"""Campaign-measure classification: taxonomy, classifier, persistence, stage.

Names are imported lazily so that ``import cwnlp.measures.taxonomy`` stays cheap
(scikit-learn and jieba load only when the classifier is used).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Taxonomy": "taxonomy",
    "TaxonomyError": "taxonomy",
    "Category": "taxonomy",
    "MeasureClassifier": "classifier",
    "classify_sentences": "classifier",
    "classify_documents": "classifier",
    "save_model": "persist",
    "load_model": "persist",
    "train_default": "persist",
    "default_model_path": "persist",
    "UnsafeModelError": "persist",
    "read_labelled_csv": "data",
    "LabelFileError": "data",
    "cross_validate": "evaluate",
    "discover": "discover",
    "least_certain": "active",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'cwnlp.measures' has no attribute {name!r}")
    return getattr(import_module(f"cwnlp.measures.{_EXPORTS[name]}"), name)
