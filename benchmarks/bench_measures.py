"""Benchmark measure classification on the real gold articles in ../shared/eval.

Scores (a) a trained model and (b) a keyword-only baseline (a sentence gets a label
when it contains one of that category's seed keywords from the taxonomy YAML) with
the official ``score.py`` (read at run time), and prints micro P/R/F1 plus per-category
F1 for both.

With ``--article-cv`` it also estimates how the default training recipe does on
articles it has not seen: the annotated corpus articles (corpora/ner) are split into
five folds by article; each fold is scored by a model trained on the labelled CSV plus
the other folds' articles, and against a model trained on the CSV alone.

usage: python benchmarks/bench_measures.py [--model PATH] [--shared DIR] [--json] [--article-cv]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np

from cwnlp.measures.classifier import MeasureClassifier, normalise
from cwnlp.measures.data import read_annotated_articles, read_labelled_csv
from cwnlp.measures.persist import (
    DEFAULT_MODEL_PARAMS,
    default_articles_path,
    default_corpus_path,
    default_model_path,
    load_model,
)
from cwnlp.measures.taxonomy import Taxonomy
from cwnlp.text.sentences import split_sentences

REPO = Path(__file__).resolve().parents[1]
GOLD_FILES = ("dev.gold.jsonl", "seeds.gold.jsonl")
Labeller = Callable[[list[str]], list[list[str]]]


def load_scorer(shared: Path) -> ModuleType:
    """The official scorer module, imported from ../shared/eval/score.py."""
    spec = importlib.util.spec_from_file_location("cwnlp_gold_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def keyword_labeller(taxonomy: Taxonomy) -> Labeller:
    """Baseline: every category whose seed keyword occurs in the sentence."""
    keywords = [(c.code, [normalise(k) for k in c.keywords]) for c in taxonomy.categories]

    def label(sentences: list[str]) -> list[list[str]]:
        texts = [normalise(s) for s in sentences]
        return [[code for code, kws in keywords if any(k in t for k in kws)] for t in texts]

    return label


def predictions(gold: dict[str, dict], labeller: Labeller) -> dict[str, dict]:
    """Prediction records (score.py format) for each gold article."""
    out = {}
    for doc_id, doc in gold.items():
        sents = split_sentences(doc["text"], doc_id)
        labels = labeller([s.text for s in sents])
        measures = [
            {"start": s.start, "end": s.end, "labels": lab}
            for s, lab in zip(sents, labels, strict=True)
            if lab
        ]
        out[doc_id] = {"id": doc_id, "measures": measures}
    return out


def per_category(gold: dict[str, dict], pred: dict[str, dict], codes: list[str]) -> dict[str, dict]:
    """Per-category P/R/F1 with score.py's matching rule (overlapping spans)."""
    counts = {c: [0, 0, 0] for c in codes}
    for doc_id, g in gold.items():
        text = g["text"]
        spans = []
        for m in g.get("measures", []):
            s = text.find(m["sentence"])
            if s >= 0:
                spans.append((s, s + len(m["sentence"]), set(m["labels"])))
        preds = [(m["start"], m["end"], set(m["labels"])) for m in pred[doc_id]["measures"]]
        used = set()
        for s, e, labels in spans:
            got = set()
            for i, (ps, pe, pl) in enumerate(preds):
                if ps < e and pe > s:
                    got |= pl
                    used.add(i)
            _count(counts, labels, got)
        for i, (_, _, pl) in enumerate(preds):
            if i not in used:
                _count(counts, set(), pl)
    return {c: _prf(*v) for c, v in counts.items()}


def _count(counts: dict[str, list[int]], gold: set[str], got: set[str]) -> None:
    for c in gold & got:
        counts.setdefault(c, [0, 0, 0])[0] += 1
    for c in got - gold:
        counts.setdefault(c, [0, 0, 0])[1] += 1
    for c in gold - got:
        counts.setdefault(c, [0, 0, 0])[2] += 1


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": tp + fn}


def evaluate(shared: Path, labellers: dict[str, Labeller], codes: list[str]) -> dict[str, dict]:
    """Micro scores (official scorer) and per-category F1 for each labeller."""
    scorer = load_scorer(shared)
    gold: dict[str, dict] = {}
    for name in GOLD_FILES:
        gold.update(scorer.load(str(shared / "eval" / name)))
    results = {}
    for name, labeller in labellers.items():
        pred = predictions(gold, labeller)
        results[name] = {
            "micro": scorer.score(gold, pred)["measures"],
            "per_category": per_category(gold, pred, codes),
        }
    return results


def article_cv(folds: int = 5, seed: int = 0) -> dict[str, dict[str, float]]:
    """Micro P/R/F1 on held-out corpus articles: CSV + other articles, and CSV alone."""
    taxonomy = Taxonomy.default()
    csv_sentences, csv_labels = read_labelled_csv(default_corpus_path(), taxonomy)
    sentences, labels, ids = read_annotated_articles(default_articles_path(), taxonomy)
    articles = sorted(set(ids))
    np.random.RandomState(seed).shuffle(articles)
    fold_of = {a: k % folds for k, a in enumerate(articles)}
    counts = {"csv + other articles": [0, 0, 0], "csv only": [0, 0, 0]}
    csv_only = MeasureClassifier(**DEFAULT_MODEL_PARAMS).fit(csv_sentences, csv_labels)
    for k in range(folds):
        train = [i for i, a in enumerate(ids) if fold_of[a] != k]
        test = [i for i, a in enumerate(ids) if fold_of[a] == k]
        model = MeasureClassifier(**DEFAULT_MODEL_PARAMS).fit_unchecked(
            csv_sentences + [sentences[i] for i in train], csv_labels + [labels[i] for i in train]
        )
        gold = [set(labels[i]) for i in test]
        texts = [sentences[i] for i in test]
        for name, fitted in (("csv + other articles", model), ("csv only", csv_only)):
            for want, got in zip(gold, fitted.predict(texts), strict=True):
                _count_micro(counts[name], want, set(got))
    return {name: _prf(*c) for name, c in counts.items()}


def _count_micro(counts: list[int], gold: set[str], got: set[str]) -> None:
    counts[0] += len(gold & got)
    counts[1] += len(got - gold)
    counts[2] += len(gold - got)


def print_table(results: dict[str, dict], codes: list[str]) -> None:
    names = list(results)
    print(f"{'':14}" + "".join(f"{n:>12}" for n in names))
    for key in ("p", "r", "f1"):
        print(f"{'micro ' + key.upper():14}" + "".join(f"{results[n]['micro'][key]:12.3f}" for n in names))
    for code in codes:
        support = results[names[0]]["per_category"][code]["support"]
        row = "".join(f"{results[n]['per_category'][code]['f1']:12.3f}" for n in names)
        print(f"{code:11}{support:3d}" + row)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(default_model_path()))
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--article-cv", action="store_true", help="also score held-out corpus articles")
    args = parser.parse_args(argv)
    model = load_model(args.model)
    taxonomy = model.resolved_taxonomy()
    labellers = {"model": model.predict, "keywords": keyword_labeller(taxonomy)}
    results = evaluate(Path(args.shared), labellers, taxonomy.codes)
    if args.article_cv:
        results["article_cv"] = article_cv()
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return 0
    print_table({k: v for k, v in results.items() if k != "article_cv"}, taxonomy.codes)
    for name, prf in results.get("article_cv", {}).items():
        print(f"held-out corpus articles, {name}: P {prf['p']:.3f} R {prf['r']:.3f} F1 {prf['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
