"""Benchmark relation extraction on the real gold articles in ../shared/eval.

Scores the trigger rules of :mod:`cwnlp.extract.relations` and the co-occurrence
baseline (every UNIT pair in a sentence as COORDINATES) on dev.gold.jsonl and
seeds.gold.jsonl, read at run time:

* with the gold entities as input (upper bound of the relation step), without
  HOLDS_POST, and with the gold HOLDS_POST added (as if persons were perfect);
* with the entities of the full extraction pipeline, without HOLDS_POST, and
  with the pipeline's own HOLDS_POST (persons component) added.

Relations are exact (head, rel, tail) triples per article, as in score.py.

usage: python benchmarks/bench_relations.py [--shared DIR] [--json] [--no-pipeline] [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from cwnlp.evaluate import Counts
from cwnlp.extract.relations import cooccurrence_baseline, find_relations
from cwnlp.model import Entity, Relation

REPO = Path(__file__).resolve().parents[1]
GOLD_FILES = ("dev.gold.jsonl", "seeds.gold.jsonl")
Triple = tuple[str, str, str]
Extractor = Callable[[str, list[Entity], str], list[Relation]]


def load_gold(shared: Path) -> list[dict]:
    articles = []
    for name in GOLD_FILES:
        with open(shared / "eval" / name, encoding="utf-8") as fh:
            articles += [json.loads(line) for line in fh if line.strip()]
    return articles


def gold_mentions(article: dict) -> list[Entity]:
    """Every occurrence of every gold entity string, as mentions with offsets."""
    text, out = article["text"], []
    for ent in article["entities"]:
        pos = text.find(ent["text"])
        while pos >= 0 and ent["text"]:
            extra = {k: ent.get(k) for k in ("title", "role", "level", "kind", "unit", "norm")}
            out.append(Entity(ent["type"], ent["text"], pos, pos + len(ent["text"]), article["id"], **extra))
            pos = text.find(ent["text"], pos + 1)
    return out


def triples(relations: list[Relation] | list[dict]) -> set[Triple]:
    out = set()
    for r in relations:
        r = r if isinstance(r, dict) else {"head": r.head, "rel": r.rel, "tail": r.tail}
        out.add((r["head"], r["rel"], r["tail"]))
    return out


def score(gold: dict[str, set[Triple]], pred: dict[str, set[Triple]]) -> dict[str, Counts]:
    """Overall (ALL) and per-type counts over articles."""
    counts: dict[str, Counts] = {"ALL": Counts()}
    for doc_id, g in gold.items():
        p = pred.get(doc_id, set())
        counts["ALL"].add(g, p)
        for rel in sorted({t[1] for t in g | p}):
            counts.setdefault(rel, Counts()).add({t for t in g if t[1] == rel}, {t for t in p if t[1] == rel})
    return counts


def without_holds_post(by_doc: dict[str, set[Triple]]) -> dict[str, set[Triple]]:
    return {k: {t for t in v if t[1] != "HOLDS_POST"} for k, v in by_doc.items()}


def run_gold_entities(articles: list[dict], extractor: Extractor) -> dict[str, set[Triple]]:
    return {a["id"]: triples(extractor(a["text"], gold_mentions(a), a["id"])) for a in articles}


def rules(text: str, entities: list[Entity], doc_id: str) -> list[Relation]:
    return find_relations(text, entities, doc_id=doc_id)


def baseline(text: str, entities: list[Entity], doc_id: str) -> list[Relation]:
    return cooccurrence_baseline(text, entities, doc_id=doc_id)


def run_pipeline(articles: list[dict]) -> dict[str, tuple[list[Entity], set[Triple]]] | None:
    """(predicted entities, the pipeline's HOLDS_POST) per article, or None."""
    try:
        from cwnlp.extract.pipeline import ExtractSettings, extract_documents
        from cwnlp.model import Document
    except ImportError as exc:  # the pipeline is built by others; the benchmark still runs
        print(f"pipeline not available: {exc}", file=sys.stderr)
        return None
    docs = [Document(id=a["id"], text=a["text"], date=a.get("date"), place=a.get("place")) for a in articles]
    batch = extract_documents(docs, ExtractSettings(measures=False))
    return {
        ex.doc_id: (ex.entities, {t for t in triples(ex.relations) if t[1] == "HOLDS_POST"})
        for ex in batch.records
    }


def evaluate(shared: Path, pipeline: bool = True) -> dict[str, dict[str, dict]]:
    articles = load_gold(shared)
    gold = {a["id"]: triples(a["relations"]) for a in articles}
    gold_hp = {k: v - without_holds_post({k: v})[k] for k, v in gold.items()}
    results = {}
    for name, extractor in (("rules", rules), ("baseline", baseline)):
        pred = run_gold_entities(articles, extractor)
        results[f"gold-ents {name} -HP"] = score(without_holds_post(gold), without_holds_post(pred))
        results[f"gold-ents {name} +goldHP"] = score(gold, {k: v | gold_hp[k] for k, v in pred.items()})
    predicted = run_pipeline(articles) if pipeline else None
    if predicted is not None:
        texts = {a["id"]: a["text"] for a in articles}
        for name, extractor in (("rules", rules), ("baseline", baseline)):
            pred = {k: triples(extractor(texts[k], ents, k)) for k, (ents, _) in predicted.items()}
            results[f"pipeline {name} -HP"] = score(without_holds_post(gold), without_holds_post(pred))
            results[f"pipeline {name} +HP"] = score(gold, {k: v | predicted[k][1] for k, v in pred.items()})
    return {name: {rel: c.as_dict() for rel, c in counts.items()} for name, counts in results.items()}


def show_errors(shared: Path) -> None:
    """Print false positives and misses of the rules with gold entities (for development)."""
    for a in load_gold(shared):
        gold = without_holds_post({a["id"]: triples(a["relations"])})[a["id"]]
        pred = {r for r in triples(rules(a["text"], gold_mentions(a), a["id"])) if r[1] != "HOLDS_POST"}
        for t in sorted(pred - gold):
            print(a["id"], "FP", t)
        for t in sorted(gold - pred):
            print(a["id"], "FN", t)


def print_table(results: dict[str, dict[str, dict]]) -> None:
    for name, counts in results.items():
        print(f"\n{name}")
        print(f"  {'':18}{'P':>7}{'R':>7}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}")
        for rel, c in sorted(counts.items(), key=lambda kv: (kv[0] != "ALL", kv[0])):
            print(f"  {rel:18}{c['p']:7.3f}{c['r']:7.3f}{c['f1']:7.3f}{c['tp']:5d}{c['fp']:5d}{c['fn']:5d}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-pipeline", action="store_true", help="skip the run with predicted entities")
    parser.add_argument("--show", action="store_true", help="list rule errors with gold entities")
    args = parser.parse_args(argv)
    shared = Path(args.shared)
    if args.show:
        show_errors(shared)
        return 0
    results = evaluate(shared, pipeline=not args.no_pipeline)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
