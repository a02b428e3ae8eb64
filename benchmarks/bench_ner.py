"""Benchmark the entity extractor on the real gold articles in ../shared/eval.

Runs the extractor with rules only and with rules + the trained candidate
filter (``cwnlp_span_filter``) over dev + seeds, scores each with
:func:`cwnlp.evaluate.score` and prints per-type P/R/F1 and characters per
second (one core, after a warm-up document).  The gold files are read at run
time and never used for training or tuning.

usage: python benchmarks/bench_ner.py [--shared DIR] [--model PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from spacy.language import Language

import cwnlp.extract.learn.component  # noqa: F401  (registers cwnlp_span_filter)
from cwnlp.evaluate import ENTITY_TYPES, score
from cwnlp.extract.learn.training import rule_pipes
from cwnlp.extract.pipeline import entities_from_doc, load, make_doc
from cwnlp.model import Document, Extraction

REPO = Path(__file__).resolve().parents[1]
GOLD_FILES = ("dev.gold.jsonl", "seeds.gold.jsonl")


def read_gold(shared: Path) -> list[dict[str, Any]]:
    records = []
    for name in GOLD_FILES:
        path = shared / "eval" / name
        records += [
            json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
    return records


def pipeline(use_filter: bool, model: str | None = None) -> Language:
    """The rule finders, optionally the span filter (with ``model``), then the resolver."""
    nlp = load(None, rule_pipes())
    if use_filter:
        nlp.add_pipe("cwnlp_span_filter", config={"model": model})
    nlp.add_pipe("cwnlp_resolve")
    return nlp


def run(gold: list[dict[str, Any]], nlp: Language) -> dict[str, Any]:
    """Scores and speed of one pipeline."""
    docs = [Document(id=g["id"], text=g["text"], date=g.get("date"), place=g.get("place")) for g in gold]
    nlp(make_doc(nlp, docs[0]))  # warm-up: loads jieba, lexicons and the model
    start = time.perf_counter()
    preds = [Extraction(d.id, entities_from_doc(nlp(make_doc(nlp, d)))).to_prediction() for d in docs]
    seconds = time.perf_counter() - start
    entities = score(gold, preds).as_dict()["entities"]
    return {
        "entities": {t: entities[t] for t in (*ENTITY_TYPES, "ALL")},
        "chars_per_s": round(sum(len(d.text) for d in docs) / seconds),
    }


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = [f"{'':14}" + "".join(f"{t:>20}" for t in (*ENTITY_TYPES, "ALL")) + f"{'chars/s':>10}"]
    lines.append(f"{'':14}" + f"{'P / R / F1':>20}" * (len(ENTITY_TYPES) + 1))
    for name, res in results.items():
        cells = "".join(
            f"{res['entities'][t]['p']:>8.3f}{res['entities'][t]['r']:>6.3f}{res['entities'][t]['f1']:>6.3f}"
            for t in (*ENTITY_TYPES, "ALL")
        )
        lines.append(f"{name:14}{cells}{res['chars_per_s']:>10}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--model", default=None, help="span-filter model (default: models/ner)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    gold = read_gold(args.shared)
    results = {
        "rules": run(gold, pipeline(False)),
        "rules+filter": run(gold, pipeline(True, args.model)),
    }
    print(json.dumps(results, ensure_ascii=False, indent=1) if args.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
