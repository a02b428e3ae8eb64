"""Building the network: merging rules, attributes, weights and evidence."""

from __future__ import annotations

import pytest

from cwnlp.graph import GraphSettings, build_graph, document_place, qualified_name
from cwnlp.model import Document, Entity, Relation


def test_same_unit_two_spellings_in_one_city_is_one_node(corpus):
    g = build_graph(*corpus.args())
    node = g.nodes["UNIT:甲江市住房和城乡建设局"]
    assert node["aliases"] == ["市住建局", "市住房和城乡建设局"]
    assert node["doc_count"] == 2
    assert node["places"] == ["甲江市"]
    assert node["type"] == "UNIT" and node["level"] == "city"


def test_same_abbreviation_in_two_cities_stays_two_nodes(corpus):
    g = build_graph(*corpus.args())
    units = [n for n, d in g.nodes(data=True) if d["label"] == "市住建局"]
    assert sorted(units) == ["UNIT:乙山市住房和城乡建设局", "UNIT:甲江市住房和城乡建设局"]


def test_unknown_place_does_not_merge_across_articles():
    docs = [Document(id="x1", text="a"), Document(id="x2", text="b")]
    ents = [Entity("UNIT", "市住建局", 0, 4, doc_id="x1"), Entity("UNIT", "市住建局", 0, 4, doc_id="x2")]
    assert build_graph(docs, ents, []).number_of_nodes() == 2
    merged = build_graph(docs, ents, [], settings=GraphSettings(merge_unplaced=True))
    assert merged.number_of_nodes() == 1


@pytest.mark.parametrize(
    ("name", "place", "expected"),
    [
        ("市住建局", "甲江市", "甲江市住建局"),
        ("甲江市住建局", "甲江市", "甲江市住建局"),
        ("甲江住建局", "甲江市", "甲江市住建局"),
        ("某某省甲江市住建局", "甲江市", "甲江市住建局"),
        ("城管局", "甲江市", "甲江市城管局"),
        ("县住建局", "甲江市", "甲江市/县住建局"),
        ("市场监管局", "甲江市", "甲江市市场监管局"),
        ("甲江市市场监管局", "甲江市", "甲江市市场监管局"),
        ("农贸市场管理所", "丁湾县", "丁湾县农贸市场管理所"),
        ("幸福社区居委会", "丁湾县", "丁湾县幸福社区居委会"),
        ("县委", "丁湾县", "丁湾县委"),
        ("丁湾县卫健局", "甲江市", "丁湾县卫健局"),
        ("某某省爱卫办", "甲江市", "某某省爱卫办"),
    ],
)
def test_qualified_names(name, place, expected):
    assert qualified_name(name, place) == (expected, True)


def test_document_place_falls_back_to_most_frequent_city_or_county(corpus):
    ents = [e for e in corpus.entities if e.doc_id == "a2"]
    assert document_place(Document(id="a2"), ents, ("city", "county")) == "甲江市"
    assert document_place(Document(id="a2", place="戊城区"), ents, ("city",)) == "戊城区"
    assert document_place(None, [], ("city",)) is None
    # a tie goes to the place mentioned first
    tie = [Entity("PLACE", "乙县", 9, 11, level="county"), Entity("PLACE", "甲县", 2, 4, level="county")]
    assert document_place(None, tie, ("county",)) == "甲县"


def test_edges_are_typed_weighted_and_carry_evidence(corpus):
    g = build_graph(*corpus.args())
    office, bureau = "UNIT:甲江市创卫办", "UNIT:甲江市住房和城乡建设局"
    edge = g.edges[office, bureau, "COORDINATES"]
    assert edge["rel"] == "COORDINATES"
    assert edge["weight"] == 2 and edge["doc_count"] == 2  # one sentence in a1, one in a2
    assert {e["doc_id"] for e in edge["evidence"]} == {"a1", "a2"}
    funds = g.edges["UNIT:甲江市财政局", bureau, "FUNDS"]
    assert funds["evidence"][0]["amount"] == "300万元" and funds["evidence"][0]["place"] == "甲江市"
    # a post is a node of its own type
    assert g.nodes["POST:甲江市/市委书记"]["type"] == "POST"


def test_repost_is_ignored_and_same_sentence_counts_once(corpus):
    corpus.relations.append(corpus.relations[0])  # the same sentence extracted twice
    g = build_graph(*corpus.args())
    assert g.edges["PERSON:甲江市/赵明", "UNIT:甲江市创卫办", "LEADS"]["weight"] == 1
    leads = g.edges["PERSON:乙山市/钱红", "UNIT:乙山市住房和城乡建设局", "LEADS"]
    assert leads["weight"] == 1 and leads["evidence"][0]["doc_id"] == "b1"
    assert g.nodes["PERSON:乙山市/钱红"]["mention_count"] == 1


def test_measure_categories_link_to_the_actors_of_their_sentence(corpus):
    g = build_graph(*corpus.args())
    assert g.nodes["MEASURE:环境整治"]["type"] == "MEASURE"
    assert g.has_edge("UNIT:甲江市城管局", "MEASURE:环境整治", "CARRIES_OUT")
    assert not g.has_edge("UNIT:甲江市创卫办", "MEASURE:环境整治", "CARRIES_OUT")
    plain = build_graph(*corpus.args(), settings=GraphSettings(measure_edges=False))
    assert "MEASURE:环境整治" not in plain


def test_isolated_nodes_can_be_left_out(corpus):
    corpus.ent("a1", "PLACE", "西湖公园", 99, level="facility")
    assert "PLACE:甲江市西湖公园" in build_graph(*corpus.args())
    g = build_graph(*corpus.args(), settings=GraphSettings(include_isolated=False))
    assert "PLACE:甲江市西湖公园" not in g and all(g.degree(n) for n in g)


def test_dict_records_are_accepted_and_junk_is_refused(corpus):
    from cwnlp.model import to_record

    g = build_graph(
        [to_record(d) for d in corpus.documents],
        [to_record(e) for e in corpus.entities],
        [to_record(r) for r in corpus.relations],
    )
    assert "UNIT:甲江市住房和城乡建设局" in g
    with pytest.raises(TypeError, match="expected Relation"):
        build_graph([], [], ["赵明 LEADS 市创卫办"])


def test_relation_without_entities_still_makes_nodes():
    rel = Relation("孙某", "PARTICIPATES_IN", "综合执法组", doc_id="z1", start=0, end=9, head_type="PERSON")
    g = build_graph([Document(id="z1", place="丁湾县")], [], [rel])
    assert g.nodes["GROUP:丁湾县/综合执法组"]["label"] == "综合执法组"
    assert g.has_edge("PERSON:丁湾县/孙某", "GROUP:丁湾县/综合执法组", "PARTICIPATES_IN")
