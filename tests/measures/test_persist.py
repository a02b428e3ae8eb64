"""Saving and loading models with skops, and refusing unsafe files."""

import os

import pytest
import skops.io as sio

from cwnlp.measures.classifier import MeasureClassifier
from cwnlp.measures.persist import (
    FORMAT,
    UnsafeModelError,
    default_model_path,
    load_model,
    save_model,
)

PROBE = ["城管队员对占道经营进行整治。", "市场监管局检查了农贸市场。", "天气很好。"]


@pytest.fixture(scope="module")
def fitted(small_taxonomy, small_data) -> MeasureClassifier:
    sentences, labels = small_data
    return MeasureClassifier(taxonomy=small_taxonomy, tune_thresholds=False).fit(sentences, labels)


def test_round_trip_keeps_predictions(fitted, tmp_path) -> None:
    path = save_model(fitted, tmp_path / "m.skops")
    loaded = load_model(path)
    assert loaded.classes_ == fitted.classes_
    assert loaded.thresholds_ == fitted.thresholds_
    assert loaded.predict_scores(PROBE) == fitted.predict_scores(PROBE)
    assert loaded.resolved_taxonomy().get("ORDER").keywords == ("占道经营", "违章搭建", "执法")
    assert loaded.get_params()["C"] == fitted.C


def test_unexpected_function_is_refused(tmp_path) -> None:
    path = tmp_path / "evil.skops"
    sio.dump({"format": FORMAT, "payload": os.system}, path)
    with pytest.raises(UnsafeModelError, match="not allowed: .*system"):
        load_model(path)


def test_unexpected_class_is_refused_unless_trusted(tmp_path) -> None:
    from collections import Counter

    path = tmp_path / "other.skops"
    sio.dump({"format": FORMAT, "payload": Counter("aab")}, path)
    with pytest.raises(UnsafeModelError, match="collections.Counter"):
        load_model(path)
    # Explicitly trusted types load, but the file is still not a complete measure model.
    with pytest.raises(UnsafeModelError, match="incomplete measure model"):
        load_model(path, trusted=["collections.Counter"])


def test_not_a_skops_file(tmp_path) -> None:
    path = tmp_path / "junk.skops"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(UnsafeModelError, match="not a readable skops model"):
        load_model(path)
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "missing.skops")


def test_plain_skops_dict_is_not_a_measure_model(tmp_path) -> None:
    path = tmp_path / "plain.skops"
    sio.dump({"format": "something-else"}, path)
    with pytest.raises(UnsafeModelError, match="not a cwnlp measure model"):
        load_model(path)


def test_shipped_default_model_is_small_and_loads() -> None:
    path = default_model_path()
    assert path.stat().st_size < 5_000_000
    model = load_model(path)
    assert len(model.classes_) == 13


def test_save_unfitted_is_refused(tmp_path) -> None:
    with pytest.raises(RuntimeError, match="not fitted"):
        save_model(MeasureClassifier(), tmp_path / "x.skops")
