"""Every export format read back by an independent reader, hostile names included."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from lxml import etree

from cwnlp.graph import (
    FORMATS,
    GraphExportError,
    cypher_script,
    export_graph,
    neutralise_cell,
    restore_cell,
)
from cwnlp.graph.export import NEO4J_LABELS
from cwnlp.graph.html import html_page, script_json

XSD = Path(__file__).parent / "data" / "gexf-1.2-subset.xsd"
BUREAU = "UNIT:甲江市住房和城乡建设局"
GEXF_NS = "{http://www.gexf.net/1.2draft}"


@pytest.fixture(scope="module")
def graph(hostile_graph) -> nx.MultiDiGraph:
    return hostile_graph


@pytest.fixture(scope="module")
def names(hostile_names) -> set[str]:
    return set(hostile_names.values())


@pytest.fixture(scope="module")
def out(graph, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("graph")
    export_graph(graph, folder)
    return folder


def _labels(nodes) -> set[str]:
    return {d["label"] for _, d in nodes}


def test_export_writes_every_format(graph, tmp_path):
    written = export_graph(graph, tmp_path)
    assert set(written) == set(FORMATS)
    assert all(p.is_file() and p.stat().st_size > 0 for paths in written.values() for p in paths)


def test_graphml_reads_back(graph, out, names):
    back = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes[BUREAU]["label"] == "市住建局"
    assert json.loads(back.nodes[BUREAU]["aliases"]) == ["市住建局", "市住房和城乡建设局"]
    assert back.nodes[BUREAU]["doc_count"] == 2  # declared as a number, read back as one
    assert names <= _labels(back.nodes(data=True))
    edge = back.edges["UNIT:甲江市创卫办", BUREAU, "COORDINATES"]
    assert {e["doc_id"] for e in json.loads(edge["evidence"])} == {"a1", "a2"}
    types = {k.get("attr.name"): k.get("attr.type") for k in etree.parse(str(out / "graph.graphml")).iter()}
    assert types["mention_count"] in ("int", "long") and types["label"] == "string"


def test_gexf_is_valid_and_reads_back(graph, out, names):
    doc = etree.parse(str(out / "graph.gexf"))
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(doc), schema.error_log
    assert doc.docinfo.encoding.lower() == "utf-8"
    # every attribute value fits its declared type (Gephi refuses a file otherwise)
    declared = {
        (a.getparent().get("class"), a.get("id")): a.get("type") for a in doc.iter(GEXF_NS + "attribute")
    }
    for value in doc.iter(GEXF_NS + "attvalue"):
        kind = value.getparent().getparent().tag.removeprefix(GEXF_NS)
        if declared[(kind, value.get("for"))] in ("long", "integer"):
            int(value.get("value"))
    back = nx.read_gexf(out / "graph.gexf")
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes[BUREAU]["label"] == "市住建局" and back.nodes[BUREAU]["type"] == "UNIT"
    assert names <= _labels(back.nodes(data=True))


def test_node_link_json_reads_back(graph, out, names):
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="edges", directed=True, multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes[BUREAU]["aliases"] == ["市住建局", "市住房和城乡建设局"]
    assert names <= _labels(back.nodes(data=True))
    assert back.edges["UNIT:甲江市财政局", BUREAU, "FUNDS"]["evidence"][0]["amount"] == "300万元"


def test_cytoscape_json_reads_back(graph, out, names):
    data = json.loads((out / "graph.cyjs").read_text(encoding="utf-8"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    assert len({e["data"]["id"] for e in edges} | {n["data"]["id"] for n in nodes}) == len(nodes) + len(edges)
    by_id = {n["data"]["id"]: n["data"] for n in nodes}
    assert by_id[BUREAU]["label"] == "市住建局"
    back = nx.cytoscape_graph(data, name="label", ident="id")
    assert back.number_of_edges() == graph.number_of_edges()
    assert names <= {n["data"]["label"] for n in nodes}


def test_csv_lists_read_back_with_pandas(graph, out, names):
    nodes = pd.read_csv(out / "nodes.csv", dtype=str, keep_default_na=False)
    edges = pd.read_csv(out / "edges.csv", dtype=str, keep_default_na=False)
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    restored = nodes.map(restore_cell).set_index("id")
    assert restored.loc[BUREAU, "label"] == "市住建局"
    assert int(restored.loc[BUREAU, "doc_count"]) == 2
    assert names <= set(restored["label"])
    assert len(json.loads(edges["evidence"][0])) >= 1
    # no cell a spreadsheet would run as a formula
    for frame in (nodes, edges):
        cells = [c for column in frame.columns for c in frame[column]]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert "'" + "=cmd|' /C calc'!A0" in set(nodes["label"])


def test_cell_neutralisation_round_trips():
    for text in ["=1+1", "+86", "-1", "@x", "'quoted", "\tx", "普通", ""]:
        cell = neutralise_cell(text)
        assert cell[:1] not in ("=", "+", "-", "@", "\t") and restore_cell(cell) == text
    assert neutralise_cell(-3) == -3  # numbers stay numbers


def test_neo4j_files_keep_names_out_of_the_script(graph, out, names):
    folder = out / "neo4j"
    script = (folder / "load.cypher").read_text(encoding="utf-8")
    assert script == cypher_script()
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with (folder / "relationships.csv").open(encoding="utf-8", newline="") as fh:
        rels = list(csv.DictReader(fh))
    assert len(rows) == graph.number_of_nodes() and len(rels) == graph.number_of_edges()
    assert names <= {restore_cell(r["label"]) for r in rows}
    for name in [*names, "市住建局", "甲江市", "赵明"]:
        assert name not in script
    # the only literals in the script are the fixed vocabularies, and data arrives as parameters
    literals = set(re.findall(r"'([^'\n]*)'", script.split("\n\n", 1)[1]))
    allowed = {"'"} | set(NEO4J_LABELS) | {r["rel"] for r in rels} | {
        "LEADS", "HOLDS_POST", "RESPONSIBLE_FOR", "LIAISES_WITH", "FUNDS", "INSPECTS",
        "COORDINATES", "SUBUNIT_OF", "PARTICIPATES_IN", "CARRIES_OUT",
    }  # fmt: skip
    assert literals <= allowed, literals - allowed
    assert "$nodes_file" in script and "$edges_file" in script


def test_html_embeds_data_safely(graph, out, names):
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert page.count("<script") == 2  # the data block and the page script, nothing injected
    assert "<img" not in page and "<script>document" not in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")  # no CDN
    assert script_json(["</script><b>"]) == '["\\u003c/script\\u003e\\u003cb\\u003e"]'
    data = json.loads(page.split('id="graph-data">', 1)[1].split("</script>", 1)[0])
    assert names <= {n["label"] for n in data["nodes"]}


def test_html_caps_large_graphs():
    g = nx.MultiDiGraph()
    for i in range(30):
        g.add_node(f"n{i}", type="UNIT", label=f"单位{i}")
    for i in range(29):
        g.add_edge("n0", f"n{i + 1}", key="COORDINATES", rel="COORDINATES", weight=1)
    page = html_page(g, max_nodes=10)
    data = json.loads(page.split('id="graph-data">', 1)[1].split("</script>", 1)[0])
    assert len(data["nodes"]) == 10 and data["nodes"][0]["label"] == "单位0"
    assert "20 weakest nodes left out" in data["note"]


def test_bad_export_requests_give_clear_errors(graph, tmp_path):
    with pytest.raises(GraphExportError, match="unknown format"):
        export_graph(graph, tmp_path, formats=["pdf"])
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(GraphExportError, match="not a folder"):
        export_graph(graph, blocker, formats=["csv"])


def test_empty_graph_exports(tmp_path):
    written = export_graph(nx.MultiDiGraph(), tmp_path)
    assert set(written) == set(FORMATS)
    assert nx.read_graphml(tmp_path / "graph.graphml").number_of_nodes() == 0
    assert pd.read_csv(tmp_path / "nodes.csv").empty
