"""``cwnlp graph`` on a store filled with hand-made records."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from cwnlp.cli.graph import graph
from cwnlp.graph import cypher_script, graph_from_store
from cwnlp.store.duck import Store


@pytest.fixture()
def db(tmp_path, hostile_corpus):
    path = tmp_path / "corpus.duckdb"
    with Store(path) as store:
        store.write("documents", hostile_corpus.documents)
        store.write("entities", hostile_corpus.entities)
        store.write("relations", hostile_corpus.relations)
        store.write("measures", hostile_corpus.measures)
    return path


def run(*args: str):
    return CliRunner().invoke(graph, list(args))


def test_graph_from_store_matches_records(db, hostile_graph):
    g = graph_from_store(db)
    assert sorted(g) == sorted(hostile_graph)
    assert g.number_of_edges() == hostile_graph.number_of_edges()


def test_cli_exports_filtered_graph(db, tmp_path):
    out = tmp_path / "out"
    result = run("--db", str(db), "--out", str(out), "--place", "甲江市", "--format", "json,csv")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="edges")
    assert "UNIT:甲江市住房和城乡建设局" in g and "UNIT:乙山市住房和城乡建设局" not in g
    assert (out / "nodes.csv").is_file() and not (out / "graph.gexf").exists()


def test_cli_ego_rel_dates_and_weight(db, tmp_path):
    out = tmp_path / "ego"
    args = ["--db", str(db), "--out", str(out), "--format", "json", "--ego", "赵明", "--radius", "2"]
    result = run(*args, "--rel", "LEADS", "--rel", "COORDINATES", "--from", "2021", "--to", "2021-12")
    assert result.exit_code == 0, result.output
    g = nx.node_link_graph(json.loads((out / "graph.json").read_text(encoding="utf-8")), edges="edges")
    assert {d["rel"] for _, _, d in g.edges(data=True)} == {"LEADS", "COORDINATES"}
    assert "UNIT:甲江市城管局" in g and "PLACE:甲江市东湖街道" not in g
    strong = run("--db", str(db), "--out", str(tmp_path / "w"), "--format", "csv", "--min-weight", "2")
    assert strong.exit_code == 0 and "1 edges" in strong.output


def test_cli_prints_the_cypher_script():
    result = run("--neo4j-cypher")
    assert result.exit_code == 0
    assert result.output.strip() == cypher_script().strip()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--out", "x"], 2, "give --db"),
        (["--db", "missing.duckdb", "--out", "x"], 3, "no store at"),
        (["--format", "pdf"], 2, "unknown pdf"),
        (["--from", "spring"], 2, "ISO date"),
        (["--ego", "无此人"], 2, "no node called"),
        (["--place", "无此市"], 3, "empty"),
    ],
)
def test_cli_errors_are_one_line(db, tmp_path, args, code, message):
    base = [] if args[0] in ("--out", "--db") else ["--db", str(db), "--out", str(tmp_path / "o")]
    result = run(*base, *args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.startswith("Error")]) == 1


def test_cli_refuses_a_file_that_is_not_a_store(tmp_path):
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_text("not a database", encoding="utf-8")
    result = run("--db", str(bogus), "--out", str(tmp_path / "o"))
    assert result.exit_code == 3 and "cannot read store" in result.output
