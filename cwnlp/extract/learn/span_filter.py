"""The candidate filter: a classifier that keeps or drops rule candidates.

One logistic regression per filtered type reads the one-hot feature strings of
:mod:`cwnlp.extract.learn.features` and gives each candidate a probability of
being a gold mention; candidates below the type's threshold (chosen by
cross-validation on the training corpus) are dropped.  Types that are not
filtered always pass.

Models are saved with skops as a plain dict of scikit-learn parts.  Loading
lists every type named in the file's schema and refuses the file when any is
outside :data:`ALLOWED_TYPES`, so a model file from elsewhere cannot run code.
"""

from __future__ import annotations

import dataclasses
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import skops.io as sio
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from cwnlp.model import Entity

FORMAT = "cwnlp-span-filter/1"
REPO = Path(__file__).resolve().parents[3]
DEFAULT_TYPES = ("UNIT", "PLACE")

# Every type a span-filter file may contain.  skops trusts many scikit-learn types by
# itself; this list is stricter, so a file holding any other estimator is refused too.
ALLOWED_TYPES = frozenset(
    {
        "builtins.NoneType",
        "builtins.bool",
        "builtins.dict",
        "builtins.float",
        "builtins.int",
        "builtins.list",
        "builtins.str",
        "builtins.tuple",
        "numpy.dtype",
        "numpy.ndarray",
        "numpy.float32",
        "numpy.float64",
        "numpy.int32",
        "numpy.int64",
        "sklearn.feature_extraction._dict_vectorizer.DictVectorizer",
        "sklearn.linear_model._logistic.LogisticRegression",
    }
)


class UnsafeModelError(ValueError):
    """A model file holds types that are not allowed, or is not a span-filter model."""


class MissingModelError(FileNotFoundError):
    """The span-filter model file does not exist."""


def default_model_path() -> Path:
    """Where the shipped model lives: models/ner/span_filter.skops in the repository."""
    return REPO / "models" / "ner" / "span_filter.skops"


@dataclass
class SpanFilter:
    """Keep/drop classifier over rule candidates, one logistic regression per type.

    ``C`` is the inverse regularisation strength, ``class_weight`` is passed to
    scikit-learn, ``seed`` fixes the solver's randomness.  With ``pool`` every
    mention of one (type, text) in a document gets the highest probability among
    them: a name is judged once per article, as the scorer counts it.
    """

    types: tuple[str, ...] = DEFAULT_TYPES
    C: float = 0.5
    class_weight: str | None = None
    max_iter: int = 2000
    seed: int = 0
    pool: bool = True
    vectorizer_: DictVectorizer | None = field(default=None, repr=False)
    models_: dict[str, LogisticRegression] = field(default_factory=dict, repr=False)
    thresholds_: dict[str, float] = field(default_factory=dict)
    info_: dict[str, Any] = field(default_factory=dict, repr=False)  # training record, from the file

    def fit(self, feats: Sequence[list[str]], types: Sequence[str], labels: Sequence[bool]) -> SpanFilter:
        """Fit one classifier per filtered type on candidates' features and gold labels."""
        if not (len(feats) == len(types) == len(labels)):
            raise ValueError("feats, types and labels must have the same length")
        self.vectorizer_ = DictVectorizer(dtype=np.float32, sort=True)
        matrix = self.vectorizer_.fit_transform(_dicts(feats))
        self.models_ = {}
        y = np.asarray(labels, dtype=bool)
        for etype in self.types:
            rows = np.flatnonzero(np.asarray(types) == etype)
            if len(rows) == 0 or len(set(y[rows])) < 2:
                continue  # nothing to learn: candidates of this type always pass
            model = LogisticRegression(
                C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, random_state=self.seed
            )
            self.models_[etype] = model.fit(matrix[rows], y[rows])
            self.thresholds_.setdefault(etype, 0.5)
        return self

    def predict_proba(self, feats: Sequence[list[str]], types: Sequence[str]) -> np.ndarray:
        """Probability that each candidate is a gold mention (1.0 for unfiltered types)."""
        if self.vectorizer_ is None:
            raise ValueError("SpanFilter is not fitted; train it with `cwnlp train ner`")
        out = np.ones(len(types), dtype=np.float64)
        if not len(types):
            return out
        matrix = self.vectorizer_.transform(_dicts(feats))
        kinds = np.asarray(types)
        for etype, model in self.models_.items():
            rows = np.flatnonzero(kinds == etype)
            if len(rows):
                out[rows] = model.predict_proba(matrix[rows])[:, 1]
        return out

    def keep(
        self, feats: Sequence[list[str]], types: Sequence[str], texts: Sequence[str]
    ) -> tuple[list[bool], np.ndarray]:
        """Which candidates (of one document) pass their type's threshold, and their probabilities."""
        proba = self.predict_proba(feats, types)
        if self.pool:
            proba = pool_max(proba, list(zip(types, texts, strict=True)))
        kept = [p >= self.thresholds_.get(t, 0.0) for p, t in zip(proba, types, strict=True)]
        return kept, proba


def apply_verdicts(
    candidates: Sequence[Entity], targets: Sequence[int], kept: Sequence[bool], proba: Sequence[float]
) -> list[Entity]:
    """Candidates without the rejected ones; judged ones that stay carry their probability as ``score``.

    A place nested in a rejected unit goes too: it was never judged on its own,
    and the schema does not count a place written inside a unit name.
    """
    verdict = dict(zip(targets, zip(kept, proba, strict=True), strict=True))
    dropped = [candidates[i] for i, (k, _) in verdict.items() if not k and candidates[i].type == "UNIT"]
    out = []
    for i, ent in enumerate(candidates):
        if i in verdict:
            if verdict[i][0]:
                out.append(dataclasses.replace(ent, score=round(float(verdict[i][1]), 4)))
        elif not (ent.type == "PLACE" and any(u.start <= ent.start and ent.end <= u.end for u in dropped)):
            out.append(ent)
    return out


def pool_max(proba: np.ndarray, keys: Sequence[Any]) -> np.ndarray:
    """Each item's probability replaced by the highest one among items with the same key."""
    best: dict[Any, float] = {}
    for key, p in zip(keys, proba, strict=True):
        best[key] = max(best.get(key, 0.0), float(p))
    return np.asarray([best[k] for k in keys], dtype=np.float64)


def _dicts(feats: Iterable[list[str]]) -> list[dict[str, float]]:
    return [dict.fromkeys(f, 1.0) for f in feats]


# ---------------------------------------------------------------- files


def save_span_filter(model: SpanFilter, path: str | Path, info: dict[str, Any] | None = None) -> Path:
    """Write a fitted filter (and plain-data ``info`` such as CV scores) as a skops file."""
    if model.vectorizer_ is None:
        raise ValueError("cannot save an unfitted SpanFilter")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {
        "format": FORMAT,
        "params": {
            "types": list(model.types),
            "C": float(model.C),
            "class_weight": model.class_weight,
            "max_iter": int(model.max_iter),
            "seed": int(model.seed),
            "pool": bool(model.pool),
        },
        "vectorizer": model.vectorizer_,
        "models": dict(model.models_),
        "thresholds": {k: float(v) for k, v in model.thresholds_.items()},
        "info": info or {},
    }
    sio.dump(state, path, compression=8)
    return path


def load_span_filter(path: str | Path | None = None, trusted: Iterable[str] = ()) -> SpanFilter:
    """Load a filter saved by :func:`save_span_filter` (default: the shipped model).

    Raises :class:`MissingModelError` when the file is missing and
    :class:`UnsafeModelError` when it holds types outside :data:`ALLOWED_TYPES`
    and ``trusted`` (type names you have checked yourself).
    """
    path = Path(path) if path else default_model_path()
    if not path.is_file():
        raise MissingModelError(f"span-filter model not found: {path}; build it with `cwnlp train ner`")
    refused = sorted(types_in_file(path) - ALLOWED_TYPES - set(trusted))
    if refused:
        raise UnsafeModelError(f"refusing to load {path}: types not allowed: {', '.join(refused)}")
    return _from_state(sio.load(path, trusted=list(sio.get_untrusted_types(file=path))), path)


def types_in_file(path: str | Path) -> set[str]:
    """Every ``module.Class`` named in a skops file's schema (nothing is loaded)."""
    try:
        with zipfile.ZipFile(path) as archive:
            schema = json.loads(archive.read("schema.json"))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnsafeModelError(f"{path} is not a readable skops model file ({exc})") from None
    found: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("__module__"), str) and isinstance(node.get("__class__"), str):
                found.add(f"{node['__module__']}.{node['__class__']}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def model_info(path: str | Path | None = None) -> dict[str, Any]:
    """The plain-data ``info`` stored with a model (training corpus, CV scores)."""
    return dict(load_span_filter(path).info_)


def _from_state(state: Any, path: Path) -> SpanFilter:
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise UnsafeModelError(f"{path} is not a cwnlp span-filter model (format {FORMAT})")
    try:
        params = dict(state["params"])
        params["types"] = tuple(params["types"])
        model = SpanFilter(**params)
        model.vectorizer_ = state["vectorizer"]
        model.models_ = dict(state["models"])
        model.thresholds_ = {k: float(v) for k, v in state["thresholds"].items()}
        model.info_ = dict(state.get("info", {}))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise UnsafeModelError(f"{path} is an incomplete span-filter model ({exc!r})") from None
    if not isinstance(model.vectorizer_, DictVectorizer) or not all(
        isinstance(m, LogisticRegression) for m in model.models_.values()
    ):
        raise UnsafeModelError(f"{path} holds unexpected model parts")
    return model


@lru_cache(maxsize=4)
def load_cached(path: str | None = None) -> SpanFilter:
    """:func:`load_span_filter` once per process and path (pipelines in worker pools)."""
    return load_span_filter(path)
