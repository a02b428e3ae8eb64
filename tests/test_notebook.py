"""The walk-through notebook runs top to bottom."""

import json
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "tour.ipynb"


def test_tour_notebook_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # it writes out/ where it runs
    namespace: dict = {}
    for cell in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), str(NOTEBOOK), "exec"), namespace)  # noqa: S102
    assert (tmp_path / "out" / "demo.duckdb").exists()
    assert namespace["people"].shape[0] > 0
