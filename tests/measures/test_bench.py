"""The benchmark script runs on the real gold files and the default model holds its level."""

import importlib.util
from pathlib import Path

from cwnlp.measures.persist import default_model_path, load_model_cached
from cwnlp.measures.taxonomy import Taxonomy

REPO = Path(__file__).resolve().parents[2]


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_measures", REPO / "benchmarks" / "bench_measures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_default_model_on_gold_articles(shared_dir, capsys) -> None:
    bench = load_bench()
    model = load_model_cached(str(default_model_path()))
    tax = Taxonomy.default()
    results = bench.evaluate(
        shared_dir, {"model": model.predict, "keywords": bench.keyword_labeller(tax)}, tax.codes
    )
    assert results["model"]["micro"]["f1"] >= 0.72, results["model"]["micro"]
    assert 0.3 < results["keywords"]["micro"]["f1"] < 1.0
    assert set(results["model"]["per_category"]) == set(tax.codes)
    bench.print_table(results, tax.codes)
    out = capsys.readouterr().out
    assert "micro F1" in out and "LONGTERM" in out
