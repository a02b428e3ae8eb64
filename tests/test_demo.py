"""The README's main job, end to end on the bundled demo corpus."""

import json

import networkx as nx
import pandas as pd

from cwnlp import api


def test_demo_runs_end_to_end(tmp_path):
    summary = api.demo(tmp_path)
    assert summary.exit_code == 0, summary.failures
    counts = summary.counts
    assert counts["ingest: documents"] == 12
    assert counts["ingest: duplicates (non-canonical copies)"] == 1  # the repost
    assert counts["extract: documents"] == 11  # canonical copies only
    for etype in ("PERSON", "UNIT", "PLACE", "AMOUNT", "DATE"):
        assert counts[f"extract: entities: {etype}"] > 0
    assert counts["extract: relations"] > 0 and counts["extract: measure sentences"] > 0

    docs = [
        json.loads(line) for line in (tmp_path / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(docs) == 12 and all(d["title"] and d["date"] for d in docs)
    entities = pd.read_csv(tmp_path / "entities.csv")
    person = entities[entities["type"] == "PERSON"].iloc[0]
    assert isinstance(person["title"], str) and person["doc_id"] in {d["id"] for d in docs}
    measures = pd.read_csv(tmp_path / "measures.csv")
    assert measures["labels"].map(lambda v: len(json.loads(v))).min() >= 1
    graph = nx.read_graphml(tmp_path / "graph" / "graph.graphml")
    assert graph.number_of_nodes() == counts["graph: nodes"]
    assert (tmp_path / "graph" / "graph.html").stat().st_size > 1000
