"""Filters, ego networks and per-place metrics."""

from __future__ import annotations

import networkx as nx
import pytest

from cwnlp.graph import GraphFilterError, build_graph, ego_graph, filter_graph, place_metrics
from cwnlp.graph.metrics import degree_centralization

BUREAU_A = "UNIT:甲江市住房和城乡建设局"
OFFICE_A = "UNIT:甲江市创卫办"


@pytest.fixture()
def g(corpus):
    return build_graph(*corpus.args())


def test_place_filter_keeps_only_that_place(g):
    sub = filter_graph(g, place="乙山市")
    assert set(sub) >= {"PERSON:乙山市/钱红", "UNIT:乙山市住房和城乡建设局"}
    assert all(e["place"] == "乙山市" for _, _, d in sub.edges(data=True) for e in d["evidence"])
    assert BUREAU_A not in sub


def test_date_filter_recounts_weights(g):
    assert g.edges[OFFICE_A, BUREAU_A, "COORDINATES"]["weight"] == 2
    early = filter_graph(g, date_from="2021", date_to="2021-12-31")
    assert early.edges[OFFICE_A, BUREAU_A, "COORDINATES"]["weight"] == 1
    assert not early.has_edge("UNIT:甲江市财政局", BUREAU_A, "FUNDS")  # dated 2022-05
    may = filter_graph(g, date_from="2022-05", date_to="2022-05")
    assert may.has_edge("UNIT:甲江市财政局", BUREAU_A, "FUNDS")
    assert may.edges[OFFICE_A, BUREAU_A, "COORDINATES"]["weight"] == 1  # the 2022-05-20 sentence


def test_rel_types_and_min_weight(g):
    leads = filter_graph(g, rel_types=["leads"])
    assert {d["rel"] for _, _, d in leads.edges(data=True)} == {"LEADS"}
    assert leads.number_of_edges() == 2
    strong = filter_graph(g, min_weight=2)
    assert list(strong.edges(keys=True)) == [(OFFICE_A, BUREAU_A, "COORDINATES")]
    # the original is untouched
    assert g.edges[OFFICE_A, BUREAU_A, "COORDINATES"]["weight"] == 2


@pytest.mark.parametrize(
    "kwargs", [{"date_from": "last spring"}, {"date_to": "2021/05/01"}, {"min_weight": 0}]
)
def test_bad_filter_arguments_raise_clear_errors(g, kwargs):
    with pytest.raises(GraphFilterError):
        filter_graph(g, **kwargs)


def test_ego_graph_by_label_and_by_id(g):
    ego = ego_graph(g, "市创卫办")
    assert set(ego) == {OFFICE_A, BUREAU_A, "UNIT:甲江市城管局", "PERSON:甲江市/赵明"}
    assert set(ego_graph(g, OFFICE_A, radius=0)) == {OFFICE_A}
    wider = ego_graph(g, "赵明", radius=2)
    assert BUREAU_A in wider and "PLACE:甲江市东湖街道" not in wider


def test_ego_graph_names_must_be_known_and_unique(g):
    with pytest.raises(GraphFilterError, match="names 2 nodes"):
        ego_graph(g, "市住建局")
    with pytest.raises(GraphFilterError, match="no node"):
        ego_graph(g, "不存在的单位")


def _hand_built() -> nx.MultiDiGraph:
    """甲 place: a star around unit A (plus a LEADS edge); 乙 place: a triangle of units."""
    g = nx.MultiDiGraph()
    for node, kind in [("A", "UNIT"), ("B", "UNIT"), ("C", "UNIT"), ("D", "UNIT"), ("X", "PERSON")]:
        g.add_node(node, type=kind, label=f"单位{node}" if kind == "UNIT" else "某人", places=["甲"])
    for node in ("E", "F", "G"):
        g.add_node(node, type="UNIT", label=f"单位{node}", places=["乙"])

    def edge(u, v, rel, place, doc):
        ev = [{"doc_id": doc, "start": 0, "end": 9, "place": place, "date": None, "doc_date": "2020-01-01"}]
        g.add_edge(u, v, key=rel, rel=rel, weight=1, doc_count=1, evidence=ev)

    for leaf in ("B", "C", "D"):
        edge("A", leaf, "COORDINATES", "甲", "d1")
    edge("X", "A", "LEADS", "甲", "d2")
    for u, v in (("E", "F"), ("F", "G"), ("G", "E")):
        edge(u, v, "COORDINATES", "乙", "d3")
    return g


def test_place_metrics_on_a_star_and_a_triangle():
    table = place_metrics(_hand_built()).set_index("place")
    star, triangle = table.loc["甲"], table.loc["乙"]
    assert star["nodes"] == 5 and star["units"] == 4 and star["edges"] == 4 and star["documents"] == 2
    assert star["density"] == pytest.approx(0.4)  # 4 of 10 possible ties
    assert star["degree_centralization"] == pytest.approx(1.0)
    assert star["top_units_degree"] == [("单位A", 1.0), ("单位B", 0.25), ("单位C", 0.25)]
    assert star["top_units_betweenness"][0] == ("单位A", 1.0)
    assert star["leads_share"] == pytest.approx(0.25)
    assert triangle["density"] == pytest.approx(1.0)
    assert triangle["degree_centralization"] == pytest.approx(0.0)
    assert triangle["leads_share"] == 0.0
    assert [score for _, score in triangle["top_units_betweenness"]] == [0.0, 0.0, 0.0]


def test_degree_centralization_of_tiny_graphs():
    assert degree_centralization(nx.Graph()) == 0.0
    assert degree_centralization(nx.path_graph(2)) == 0.0
    assert degree_centralization(nx.star_graph(5)) == pytest.approx(1.0)


def test_place_metrics_on_the_built_corpus(g):
    table = place_metrics(g)
    assert list(table["place"]) == ["乙山市", "甲江市"]
    jia = table.set_index("place").loc["甲江市"]
    assert jia["top_units_degree"][0][0] == "市创卫办"  # it coordinates every bureau
    assert 0 < jia["leads_share"] < 1


def test_place_graphs_equal_place_filters(g):
    from cwnlp.graph.metrics import graph_places, place_graphs

    places = graph_places(g)
    for place, sub in place_graphs(g, places).items():
        expected = filter_graph(g, place=place)
        assert sorted(sub) == sorted(expected)
        assert sorted(sub.edges(keys=True, data="weight")) == sorted(expected.edges(keys=True, data="weight"))
