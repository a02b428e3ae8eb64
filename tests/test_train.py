"""`cwnlp train …` rebuilds the models shipped in models/ from the repository alone."""

import json
from pathlib import Path

import pytest

from cwnlp.cli.main import main
from cwnlp.measures.persist import default_model_path, load_model

REPO = Path(__file__).resolve().parents[1]


def run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exc:
        main(args)
    return exc.value.code


def _corpus_sentences(n: int = 60) -> list[str]:
    import csv

    with (REPO / "corpora" / "measures" / "labelled.csv").open(encoding="utf-8") as fh:
        return [row["sentence"] for _, row in zip(range(n), csv.DictReader(fh), strict=False)]


def test_train_measures_reproduces_the_shipped_model(tmp_path):
    out = tmp_path / "measures.skops"
    assert run(["train", "measures", "--out", str(out)]) == 0
    shipped, rebuilt = load_model(default_model_path()), load_model(out)
    sentences = _corpus_sentences() + ["某县组织干部职工下沉社区清理卫生死角。", "今天阳光明媚。"]
    assert rebuilt.predict(sentences) == shipped.predict(sentences)
    assert rebuilt.predict_scores(sentences[:5]) == shipped.predict_scores(sentences[:5])


def test_train_ner_reproduces_the_shipped_span_filter(tmp_path):
    from cwnlp.extract.learn.span_filter import load_span_filter
    from cwnlp.extract.learn.training import TrainSettings, collect, read_corpus

    out = tmp_path / "ner"
    assert run(["train", "ner", "--out", str(out)]) == 0
    shipped = load_span_filter(REPO / "models" / "ner" / "span_filter.skops")
    rebuilt = load_span_filter(next(out.glob("*.skops")))
    records = read_corpus(REPO / "corpora" / "ner" / "train.jsonl")[:10]
    docs = collect(records, TrainSettings())
    feats = [d.feats[i] for d in docs for i in range(len(d.targets))]
    types = [d.candidates[t].type for d in docs for t in d.targets]
    assert feats
    assert json.dumps(rebuilt.predict_proba(feats, types).round(8).tolist()) == json.dumps(
        shipped.predict_proba(feats, types).round(8).tolist()
    )
