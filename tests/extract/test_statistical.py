"""The statistical candidate filter: features, model files, the spaCy component, training, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from click.testing import CliRunner
from sklearn.tree import DecisionTreeClassifier

import cwnlp.extract.learn.component  # noqa: F401  (registers cwnlp_span_filter)
from cwnlp.cli.train import train
from cwnlp.extract.learn.features import features, judged, make_context
from cwnlp.extract.learn.span_filter import (
    MissingModelError,
    SpanFilter,
    UnsafeModelError,
    apply_verdicts,
    default_model_path,
    load_span_filter,
    model_info,
    pool_max,
    save_span_filter,
)
from cwnlp.extract.learn.training import (
    TrainSettings,
    collect,
    folds_of,
    read_corpus,
    rule_pipes,
    schema_record,
    train_span_filter,
)
from cwnlp.extract.pipeline import entities_from_doc, load, make_doc
from cwnlp.model import Document, Entity

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpora" / "ner" / "train.jsonl"
# written for this test, in the genre of the corpus
TEXT = "5月8日上午，江州市召开巩卫推进会，市委书记孙立平讲话，市城管局、青石街道负责同志参加。"


def _ent(etype: str, text: str, start: int, source: str = "rule") -> Entity:
    return Entity(etype, text, start, start + len(text), source=source)


@pytest.fixture(scope="module")
def subset(tmp_path_factory) -> Path:
    """The first 12 articles of the project corpus, as a small training file."""
    path = tmp_path_factory.mktemp("ner") / "small.jsonl"
    path.write_text("\n".join(CORPUS.read_text(encoding="utf-8").splitlines()[:12]) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- features


def test_features_see_posts_nesting_and_context():
    unit = _ent("UNIT", "市委", TEXT.index("市委书记"))
    place = _ent("PLACE", "江州", TEXT.index("江州市"))
    outer = _ent("UNIT", "江州市城管局", TEXT.index("江州市"))
    ctx = make_context(TEXT, ["5月8日", "上午", "，", "江州市", "召开"], [unit, place, outer])
    unit_feats, place_feats = features(ctx, [unit, place])
    assert "post_after=post" in unit_feats
    assert "w=市委" in unit_feats and "l1=，" in unit_feats and "r2=书记" in unit_feats
    assert "in=UNIT" in place_feats and "gaz_prefix" not in place_feats
    assert features(ctx, [unit, place]) == [unit_feats, place_feats]  # deterministic


def test_nested_places_and_divisions_are_not_judged():
    outer = _ent("UNIT", "青石街道办事处", 0)
    inner = _ent("PLACE", "青石街道", 0)
    alone = _ent("PLACE", "青石街道", 20)
    person = _ent("PERSON", "孙立平", 30)
    division = _ent("PLACE", "咸宁市", 40)  # a real city: the gazetteer knows it
    assert judged([outer, inner, alone, person, division], ("UNIT", "PLACE")) == [0, 2]


def test_pooling_and_verdicts():
    assert pool_max(np.array([0.2, 0.9, 0.4]), ["a", "a", "b"]).tolist() == [0.9, 0.9, 0.4]
    unit = _ent("UNIT", "江州市城管局", 0)
    inner = _ent("PLACE", "江州市", 0)
    date = _ent("DATE", "5月8日", 10)
    kept = apply_verdicts([unit, inner, date], [0], [False], [0.1])
    assert kept == [date]  # the rejected unit takes the place written inside it along
    kept = apply_verdicts([unit, inner, date], [0], [True], [0.8])
    assert kept[0].score == 0.8 and len(kept) == 3


# ---------------------------------------------------------------- model and files


def _toy_model() -> SpanFilter:
    feats = [["s1=局", "l1=，"], ["s1=局", "l1=、"], ["s1=委", "r1=书"], ["s1=站", "r1=书"]] * 5
    types = ["UNIT"] * len(feats)
    labels = [True, True, False, False] * 5
    return SpanFilter(C=10.0).fit(feats, types, labels)


def test_filter_learns_and_passes_other_types():
    model = _toy_model()
    proba = model.predict_proba([["s1=局"], ["r1=书"], ["anything"]], ["UNIT", "UNIT", "DATE"])
    assert proba[0] > 0.5 > proba[1] and proba[2] == 1.0
    kept, _ = model.keep([["s1=局"], ["r1=书"]], ["UNIT", "UNIT"], ["市城管局", "县委"])
    assert kept == [True, False]


def test_save_load_round_trip(tmp_path):
    model = _toy_model()
    path = save_span_filter(model, tmp_path / "m.skops", info={"note": "toy"})
    loaded = load_span_filter(path)
    feats = [["s1=局", "l1=，"], ["s1=委"]]
    assert np.allclose(loaded.predict_proba(feats, ["UNIT"] * 2), model.predict_proba(feats, ["UNIT"] * 2))
    assert model_info(path) == {"note": "toy"}


def test_refuses_unexpected_types(tmp_path):
    path = tmp_path / "evil.skops"
    sio.dump({"format": "cwnlp-span-filter/1", "models": {"UNIT": DecisionTreeClassifier()}}, path)
    assert sio.get_untrusted_types(file=path) == []  # skops alone would load it
    with pytest.raises(UnsafeModelError, match="DecisionTreeClassifier"):
        load_span_filter(path)


def test_refuses_other_files(tmp_path):
    (tmp_path / "junk.skops").write_bytes(b"not a zip file")
    with pytest.raises(UnsafeModelError, match="not a readable skops"):
        load_span_filter(tmp_path / "junk.skops")
    sio.dump({"format": "something-else"}, tmp_path / "other.skops")
    with pytest.raises(UnsafeModelError, match="not a cwnlp span-filter model"):
        load_span_filter(tmp_path / "other.skops")
    with pytest.raises(MissingModelError, match="cwnlp train ner"):
        load_span_filter(tmp_path / "missing.skops")


def test_shipped_model_is_small_and_loads():
    path = default_model_path()
    assert path.stat().st_size < 5_000_000
    model = load_span_filter(path)
    assert set(model.models_) == {"UNIT", "PLACE"}
    assert all(0.0 < t < 1.0 for t in model.thresholds_.values())
    assert model_info(path)["articles"] >= 50


# ---------------------------------------------------------------- component


def _pipeline(model: str | None = None):
    nlp = load(None, rule_pipes())
    nlp.add_pipe("cwnlp_span_filter", config={"model": model})
    nlp.add_pipe("cwnlp_resolve")
    return nlp


def test_component_runs_in_the_pipeline():
    nlp = _pipeline()
    ents = entities_from_doc(nlp(make_doc(nlp, Document(id="t1", text=TEXT, date="2023-05-09"))))
    found = {(e.type, e.text) for e in ents}
    assert ("PERSON", "孙立平") in found and ("DATE", "5月8日") in found
    assert ("UNIT", "市城管局") in found
    assert all(e.score is not None for e in ents if e.type == "UNIT")
    empty = nlp(make_doc(nlp, Document(id="t2", text="")))
    assert entities_from_doc(empty) == []


def test_component_without_model_names_the_training_command(tmp_path):
    with pytest.raises(MissingModelError, match="cwnlp train ner"):
        _pipeline(str(tmp_path / "nothing.skops"))


# ---------------------------------------------------------------- training


def test_read_corpus_errors_are_clear(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "mentions": []}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:2: not JSON"):
        read_corpus(bad)
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="mentions"):
        read_corpus(bad)
    with pytest.raises(FileNotFoundError):
        read_corpus(tmp_path / "none.jsonl")


def test_folds_cover_every_article_once():
    folds = folds_of(10, 3, seed=1)
    assert sorted(i for f in folds for i in f) == list(range(10))
    assert folds == folds_of(10, 3, seed=1) != folds_of(10, 3, seed=2)


def test_party_committee_in_a_post_counts_as_gold():
    record = {"id": "x", "text": TEXT, "mentions": [], "entities": []}
    unit = _ent("UNIT", "市委", TEXT.index("市委书记"))
    fixed = schema_record(record, [unit])
    assert fixed["mentions"][0]["text"] == "市委" and record["mentions"] == []


def test_training_is_deterministic(subset, tmp_path):
    settings = TrainSettings(folds=3, seed=7)
    first = train_span_filter(subset, tmp_path / "a.skops", settings)
    second = train_span_filter(subset, tmp_path / "b.skops", settings)
    assert first.cv == second.cv
    docs = collect(read_corpus(subset)[:4], settings)
    for d in docs:
        types = [d.candidates[j].type for j in d.targets]
        a = load_span_filter(first.path).predict_proba(d.feats, types)
        b = load_span_filter(second.path).predict_proba(d.feats, types)
        assert np.array_equal(a, b)
    assert first.cv["filtered"]["ALL"]["f1"] > 0.5


def test_cli_trains_and_reports(subset, tmp_path):
    result = CliRunner().invoke(
        train, ["ner", "--corpus", str(subset), "--out", str(tmp_path), "--folds", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "UNIT" in result.output and "filter P" in result.output
    assert (tmp_path / "span_filter.skops").is_file()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "无标注"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(train, ["ner", "--corpus", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 3 and "mentions" in result.output
