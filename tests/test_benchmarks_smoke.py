"""Smoke test of benchmarks/bench_extract.py and the baselines it compares against.

The benchmark runs as a subprocess on a small text (``--quick``); only the shape
of its output is checked, never its speed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
sys.path.insert(0, str(BENCH))

import baselines  # noqa: E402  (benchmarks/ is not a package)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BENCH / "bench_extract.py"), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )


@pytest.fixture(scope="module")
def quick_run(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    proc = _run("--quick", "--shared", str(shared_dir), "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, json.loads(out.read_text(encoding="utf-8"))


def test_quick_run_prints_the_tables(quick_run: tuple[str, dict]) -> None:
    stdout, _ = quick_run
    assert "| PERSON |" in stdout and "**ALL entities**" in stdout
    assert "cwnlp F1 | jieba P" in stdout and "jiagu F1" in stdout
    assert "| PERSON.title |" in stdout and "| DATE.norm |" in stdout
    assert "cwnlp / jieba speed ratio" in stdout
    assert "Traceback" not in stdout


def test_quick_run_writes_json_with_expected_keys(quick_run: tuple[str, dict]) -> None:
    _, result = quick_run
    assert {"settings", "quality", "speed", "notes", "markdown"} <= set(result)
    dev = result["quality"]["dev"]
    assert dev["articles"] == 10
    assert set(dev["systems"]) == {"cwnlp", "jieba", "jiagu"}
    cwnlp = dev["systems"]["cwnlp"]
    assert set(cwnlp["entities"]) == {"PERSON", "UNIT", "PLACE", "AMOUNT", "DATE", "ALL"}
    assert {"p", "r", "f1"} <= set(cwnlp["entities"]["ALL"])
    assert cwnlp["articles"]["predicted"] == 10  # every article extracted
    speed = result["speed"]
    assert speed["text_bytes"] > 0 and speed["documents"] > 0
    for system in ("cwnlp", "jieba_posseg"):
        assert speed[system]["chars_per_second"] > 0
        assert {"seconds", "load_seconds", "tracemalloc_peak_mb", "ru_maxrss_mb_after_run"} <= set(
            speed[system]
        )
    assert speed["ratio_cwnlp_over_jieba"] > 0


def test_missing_shared_folder_is_a_clear_error(tmp_path: Path) -> None:
    proc = _run("--quick", "--shared", str(tmp_path / "nowhere"))
    assert proc.returncode == 2
    assert "gold file not found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_merge_bio_joins_words_and_starts_spans_on_stray_inside_tags() -> None:
    words = ["区", "卫健", "局", "召开", "东山", "镇", "李", "四"]
    tags = ["I-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "I-LOC", "B-PER", "I-LOC"]
    assert baselines.merge_bio(words, tags) == [
        ("ORG", "区卫健局"),
        ("LOC", "东山镇"),
        ("PER", "李"),
        ("LOC", "四"),
    ]


def test_jieba_baseline_reads_dates_and_amounts_from_number_runs() -> None:
    found = baselines.jieba_entities("2019年6月12日，该区共投入资金800万元，第3次检查。")
    pairs = {(e["type"], e["text"]) for e in found}
    assert ("DATE", "2019年6月12日") in pairs
    assert ("AMOUNT", "800万元") in pairs
    assert not any(text.startswith("第") for _, text in pairs)  # ordinals are not amounts
