"""Training the candidate filter from the annotated corpus (``cwnlp train ner``).

The rule finders run over each training article; a candidate is positive when
its (type, start, end) is a gold mention and negative otherwise.  Thresholds are
chosen per type by k-fold cross-validation over articles, scoring what the
whole extractor would output (filter, then overlap resolution) with the
project scorer.  The same corpus, settings and seed give the same model.
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language

from cwnlp.evaluate import Report, score
from cwnlp.extract.learn.features import doc_context, features, judged
from cwnlp.extract.learn.span_filter import (
    DEFAULT_TYPES,
    REPO,
    SpanFilter,
    apply_verdicts,
    pool_max,
    save_span_filter,
)
from cwnlp.extract.resolve import resolve_overlaps
from cwnlp.model import Document, Entity, Extraction

FILTER_PIPES = ("cwnlp_span_filter", "cwnlp_resolve")
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.951, 0.05))
# SCHEMA annotates an organisation written inside a post as a UNIT (市卫健委主任); the corpus
# leaves 市委 unmarked in 市委书记/县委副书记/区委常委 (corpora/ner/README.md), so such
# candidates are counted as gold here rather than taught as errors.
_PARTY_POST = re.compile(r"副?书记|常委")


def default_corpus_path() -> Path:
    return REPO / "corpora" / "ner" / "train.jsonl"


@dataclass
class TrainSettings:
    """How the filter is trained; every field is plain data."""

    types: tuple[str, ...] = DEFAULT_TYPES
    C: float = 0.5
    class_weight: str | None = None
    pool: bool = True
    folds: int = 5
    seed: int = 0
    thresholds: tuple[float, ...] = THRESHOLDS
    lexicon_dir: str | None = None


@dataclass
class DocCandidates:
    """One training article with its rule candidates and their features and labels."""

    record: dict[str, Any]
    candidates: list[Entity]
    targets: list[int]  # indices of candidates of filtered types
    feats: list[list[str]]
    labels: list[bool]


@dataclass
class TrainResult:
    """A trained filter, where it was saved, and its cross-validated scores."""

    model: SpanFilter
    path: Path | None
    cv: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- corpus


def read_corpus(path: str | Path) -> list[dict[str, Any]]:
    """Gold-format records with ``text`` and ``mentions``; a clear error for bad lines."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"training corpus not found: {path}")
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ValueError(f"{path}:{n}: a record needs a 'text' string")
        if not isinstance(record.get("mentions"), list):
            raise ValueError(f"{path}:{n}: a record needs 'mentions' (offsets of every annotated span)")
        record.setdefault("id", f"line{n}")
        records.append(record)
    if not records:
        raise ValueError(f"{path}: no records")
    return records


def rule_pipes() -> tuple[str, ...]:
    """The default pipeline's finders: everything before the filter and the resolver."""
    from cwnlp.extract.pipeline import DEFAULT_PIPES

    return tuple(p for p in DEFAULT_PIPES if p not in FILTER_PIPES)


@lru_cache(maxsize=2)
def rule_pipeline(lexicon_dir: str | None, pipes: tuple[str, ...]) -> Language:
    """The finders only, loaded once per process (loading jieba takes about a second)."""
    from cwnlp.extract.pipeline import load

    return load(lexicon_dir, pipes)


def collect(records: Sequence[dict[str, Any]], settings: TrainSettings) -> list[DocCandidates]:
    """Run the rule finders over each record and label their candidates against its mentions."""
    from cwnlp.extract.pipeline import make_doc

    nlp = rule_pipeline(settings.lexicon_dir, rule_pipes())
    out = []
    for record in records:
        document = Document(
            id=str(record["id"]), text=record["text"], date=record.get("date"), place=record.get("place")
        )
        doc = nlp(make_doc(nlp, document))
        candidates = list(doc._.entities or [])
        record = schema_record(record, candidates)
        gold = {(m["type"], m["start"], m["end"]) for m in record["mentions"]}
        targets = judged(candidates, settings.types)
        feats = features(doc_context(doc), [candidates[i] for i in targets])
        labels = [(candidates[i].type, candidates[i].start, candidates[i].end) in gold for i in targets]
        out.append(DocCandidates(record, candidates, targets, feats, labels))
    return out


def schema_record(record: dict[str, Any], candidates: Sequence[Entity]) -> dict[str, Any]:
    """The record with party committees written inside a post (市委 in 市委书记) added as UNIT gold."""
    text = record["text"]
    extra = [
        e for e in candidates if e.type == "UNIT" and e.text.endswith("委") and _PARTY_POST.match(text, e.end)
    ]
    spans = {(m["type"], m["start"], m["end"]) for m in record["mentions"]}
    extra = [e for e in extra if ("UNIT", e.start, e.end) not in spans]
    if not extra:
        return record
    record = copy.deepcopy(record)
    names = {(e["type"], e["text"]) for e in record.get("entities", [])}
    for e in extra:
        record["mentions"].append({"type": "UNIT", "text": e.text, "start": e.start, "end": e.end})
        if ("UNIT", e.text) not in names:
            names.add(("UNIT", e.text))
            record.setdefault("entities", []).append({"type": "UNIT", "text": e.text, "level": e.level})
    return record


# ---------------------------------------------------------------- fitting


def fit(docs: Sequence[DocCandidates], settings: TrainSettings) -> SpanFilter:
    """A filter fitted on all candidates of ``docs`` (thresholds left at 0.5)."""
    feats, types, labels = _stack(docs)
    model = SpanFilter(
        types=settings.types,
        C=settings.C,
        class_weight=settings.class_weight,
        seed=settings.seed,
        pool=settings.pool,
    )
    return model.fit(feats, types, labels)


def _stack(docs: Sequence[DocCandidates]) -> tuple[list[list[str]], list[str], list[bool]]:
    feats, types, labels = [], [], []
    for d in docs:
        feats.extend(d.feats)
        types.extend(d.candidates[i].type for i in d.targets)
        labels.extend(d.labels)
    return feats, types, labels


def folds_of(n: int, k: int, seed: int) -> list[list[int]]:
    """Article indices split into ``k`` folds after a seeded shuffle."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    k = max(2, min(k, n))
    return [sorted(order[i::k]) for i in range(k)]


def cross_val_proba(docs: Sequence[DocCandidates], settings: TrainSettings) -> list[np.ndarray]:
    """Out-of-fold probabilities of each article's target candidates."""
    if len(docs) < 2:
        raise ValueError("cross-validation needs at least 2 articles")
    proba: list[np.ndarray] = [np.ones(0)] * len(docs)
    for held in folds_of(len(docs), settings.folds, settings.seed):
        held_set = set(held)
        model = fit([d for i, d in enumerate(docs) if i not in held_set], settings)
        for i in held:
            d = docs[i]
            types = [d.candidates[j].type for j in d.targets]
            proba[i] = model.predict_proba(d.feats, types)
            if settings.pool:
                proba[i] = pool_max(
                    proba[i], [(t, d.candidates[j].text) for t, j in zip(types, d.targets, strict=True)]
                )
    return proba


def filtered_entities(d: DocCandidates, proba: np.ndarray, thresholds: dict[str, float]) -> list[Entity]:
    """The article's output with candidates below their type's threshold dropped, then resolved."""
    kept = [p >= thresholds.get(d.candidates[j].type, 0.0) for j, p in zip(d.targets, proba, strict=True)]
    return resolve_overlaps(apply_verdicts(d.candidates, d.targets, kept, proba))


def score_filtered(
    docs: Sequence[DocCandidates], proba: Sequence[np.ndarray], thresholds: dict[str, float]
) -> Report:
    """Scorer report of the extractor output under the given thresholds."""
    preds = []
    for d, p in zip(docs, proba, strict=True):
        ents = filtered_entities(d, p, thresholds)
        preds.append(Extraction(doc_id=str(d.record["id"]), entities=ents).to_prediction())
    return score([d.record for d in docs], preds)


def choose_thresholds(
    docs: Sequence[DocCandidates], proba: Sequence[np.ndarray], settings: TrainSettings
) -> dict[str, float]:
    """Per type, the threshold with the best cross-validated F1 (ties: the lower one, keeping more)."""
    best: dict[str, tuple[float, float]] = {}
    for t in settings.thresholds:
        report = score_filtered(docs, proba, dict.fromkeys(settings.types, t))
        for etype in settings.types:
            f1 = round(report.entities[etype].f1, 6)
            if etype not in best or f1 > best[etype][0]:
                best[etype] = (f1, t)
    return {etype: float(t) for etype, (_, t) in best.items()}


def _counts(report: Report, types: Sequence[str]) -> dict[str, dict[str, float]]:
    entities = report.as_dict()["entities"]
    return {t: entities[t] for t in (*types, "ALL")}


def train_span_filter(
    corpus: str | Path | None = None, out: str | Path | None = None, settings: TrainSettings | None = None
) -> TrainResult:
    """Cross-validate, choose thresholds, fit on the whole corpus and save (when ``out`` is given)."""
    settings = settings or TrainSettings()
    corpus = Path(corpus) if corpus else default_corpus_path()
    docs = collect(read_corpus(corpus), settings)
    proba = cross_val_proba(docs, settings)
    thresholds = choose_thresholds(docs, proba, settings)
    types = (*settings.types, "PERSON", "AMOUNT", "DATE")
    cv = {
        "corpus": corpus.name,
        "articles": len(docs),
        "candidates": int(sum(len(d.labels) for d in docs)),
        "positives": int(sum(sum(d.labels) for d in docs)),
        "folds": settings.folds,
        "seed": settings.seed,
        "thresholds": thresholds,
        "rules": _counts(score_filtered(docs, proba, {}), types),
        "filtered": _counts(score_filtered(docs, proba, thresholds), types),
    }
    model = fit(docs, settings)
    model.thresholds_ = dict(thresholds)
    path = save_span_filter(model, out, info=cv) if out else None
    return TrainResult(model, path, cv)
