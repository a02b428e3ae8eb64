"""Save and load measure classifiers as skops files, refusing unexpected types.

A model file is a plain dict of scikit-learn parts (vectorisers, logistic
regressions, numpy arrays) plus the taxonomy as plain data.  Loading first lists
the types skops does not trust by itself and refuses the file when any of them is
outside :data:`ALLOWED_TYPES` (plus what the caller explicitly trusts), so a
model file from elsewhere cannot run arbitrary code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import skops.io as sio

from cwnlp.measures.classifier import MeasureClassifier
from cwnlp.measures.data import read_annotated_articles, read_labelled_csv
from cwnlp.measures.taxonomy import Category, Taxonomy

__all__ = [
    "ALLOWED_TYPES",
    "FORMAT",
    "UnsafeModelError",
    "default_model_path",
    "default_corpus_path",
    "load_model",
    "load_model_cached",
    "save_model",
    "train_default",
]

FORMAT = "cwnlp-measures/1"
REPO = Path(__file__).resolve().parents[2]

# Types a cwnlp measure model may contain beyond what skops trusts by default (with
# skops 0.16 the parts we save are all trusted already; this covers other versions).
ALLOWED_TYPES = frozenset(
    {
        "numpy.float32",
        "numpy.float64",
        "numpy.int32",
        "numpy.int64",
        "numpy.dtype",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.linear_model._logistic.LogisticRegression",
    }
)


_STATE_KEYS = (
    "params",
    "taxonomy",
    "classes",
    "keywords",
    "char_vec",
    "word_vec",
    "models",
    "priors",
    "thresholds",
)


# n-grams seen in fewer than three training sentences are dropped: on held-out corpus
# articles (bench_measures.py --article-cv) this scores 0.788 against 0.782 with all
# n-grams, and the file is 2.5 MB, not 11.
DEFAULT_MODEL_PARAMS: dict[str, Any] = {"min_df": 3}


class UnsafeModelError(ValueError):
    """A model file contains types that are not allowed, or is not a measure model."""


def default_model_path() -> Path:
    """Where the shipped default model lives (models/measures/default.skops)."""
    return REPO / "models" / "measures" / "default.skops"


def default_corpus_path() -> Path:
    """The labelled sentences the default model is trained on."""
    return REPO / "corpora" / "measures" / "labelled.csv"


def default_articles_path() -> Path:
    """Annotated whole articles (corpora/ner) whose sentences the default model also learns from."""
    return REPO / "corpora" / "ner" / "train.jsonl"


def default_training_data() -> tuple[list[str], list[list[str]]]:
    """Sentences and labels of the default model: the labelled CSV, then the article sentences."""
    taxonomy = Taxonomy.default()
    sentences, labels = read_labelled_csv(default_corpus_path(), taxonomy)
    more, more_labels, _ids = read_annotated_articles(default_articles_path(), taxonomy)
    return sentences + more, labels + more_labels


def save_model(model: MeasureClassifier, path: str | Path) -> Path:
    """Write a fitted classifier to ``path`` as a skops file."""
    model._check_fitted()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(_state(model), path, compression=8)
    return path


def _state(model: MeasureClassifier) -> dict[str, Any]:
    params = {k: v for k, v in model.get_params().items() if k != "taxonomy"}
    tax = model.resolved_taxonomy()
    return {
        "format": FORMAT,
        "params": params,
        "taxonomy": [_category_dict(c) for c in tax.categories],
        "classes": list(model.classes_),
        "keywords": [list(k) for k in model.keywords_],
        "char_vec": model.char_vec_,
        "word_vec": model.word_vec_,
        "models": list(model.models_),
        "priors": [float(p) for p in model.priors_],
        "thresholds": [float(t) for t in model.thresholds_],
    }


def _category_dict(cat: Category) -> dict[str, Any]:
    return {
        "code": cat.code,
        "name_zh": cat.name_zh,
        "name_en": cat.name_en,
        "definition": cat.definition,
        "keywords": list(cat.keywords),
    }


def load_model(path: str | Path, trusted: Iterable[str] | None = None) -> MeasureClassifier:
    """Load a classifier saved by :func:`save_model`.

    Types outside :data:`ALLOWED_TYPES` and ``trusted`` (a list of type names you
    have checked yourself) make it raise :class:`UnsafeModelError`.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"model file not found: {path}")
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # not a zip / not a skops file
        raise UnsafeModelError(f"{path} is not a readable skops model file ({exc})") from None
    allowed = ALLOWED_TYPES | set(trusted or ())
    refused = sorted(t for t in untrusted if t not in allowed)
    if refused:
        raise UnsafeModelError(
            f"refusing to load {path}: it contains types that are not allowed: {', '.join(refused)}"
        )
    state = sio.load(path, trusted=list(untrusted))
    return _from_state(state, path)


def _from_state(state: Any, path: Path) -> MeasureClassifier:
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise UnsafeModelError(f"{path} is not a cwnlp measure model (format {FORMAT})")
    missing = [k for k in _STATE_KEYS if k not in state]
    if missing:
        raise UnsafeModelError(f"{path} is an incomplete measure model (missing {', '.join(missing)})")
    cats = tuple(Category(**{**c, "keywords": tuple(c["keywords"])}) for c in state["taxonomy"])
    model = MeasureClassifier(taxonomy=Taxonomy(categories=cats, path=str(path)), **state["params"])
    model.classes_ = list(state["classes"])
    model.keywords_ = [list(k) for k in state["keywords"]]
    model.char_vec_ = state["char_vec"]
    model.word_vec_ = state["word_vec"]
    model.models_ = list(state["models"])
    model.priors_ = list(state["priors"])
    model.thresholds_ = list(state["thresholds"])
    return model


@lru_cache(maxsize=4)
def load_model_cached(path: str) -> MeasureClassifier:
    """:func:`load_model` once per process and path (for stages run in workers)."""
    return load_model(path)


def train_default(out_path: str | Path | None = None, **params: Any) -> MeasureClassifier:
    """Train the default model from the project corpus and taxonomy and save it."""
    sentences, labels = default_training_data()
    model = MeasureClassifier(**{**DEFAULT_MODEL_PARAMS, **params}).fit(sentences, labels)
    save_model(model, out_path or default_model_path())
    return model
