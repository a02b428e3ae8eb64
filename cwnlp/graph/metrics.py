"""How centralised was each place's campaign? One row of network measures per place.

For each place the network is cut to the evidence from that place's articles
(as :func:`~cwnlp.graph.filters.filter_graph` with ``place=`` would), then measured on its simple
undirected skeleton (multi-edges and directions collapsed: centrality asks who
is connected to whom, not how often).
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import pandas as pd

COLUMNS = [
    "place",
    "documents",
    "nodes",
    "edges",
    "units",
    "density",
    "degree_centralization",
    "top_units_degree",
    "top_units_betweenness",
    "leads_share",
]


def graph_places(g: nx.MultiDiGraph) -> list[str]:
    """Every place that some edge's evidence comes from, sorted."""
    places = {e.get("place") for _, _, d in g.edges(data=True) for e in d.get("evidence", [])}
    return sorted(p for p in places if p)


def _top(scores: dict[str, float], g: nx.MultiDiGraph, units: list[str], k: int) -> list[tuple[str, float]]:
    ranked = sorted(units, key=lambda n: (-scores.get(n, 0.0), g.nodes[n].get("label", n)))
    return [(g.nodes[n].get("label", n), round(scores.get(n, 0.0), 4)) for n in ranked[:k]]


def degree_centralization(simple: nx.Graph) -> float:
    """Freeman's degree centralisation: 1 for a star, 0 when every degree is equal."""
    n = simple.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in simple.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def _betweenness(simple: nx.Graph, exact_up_to: int = 1000) -> dict:
    """Normalised betweenness; sampled from 500 sources on big graphs to stay fast."""
    n = simple.number_of_nodes()
    if n <= 2:
        return {}
    k = None if n <= exact_up_to else 500
    return nx.betweenness_centrality(simple, k=k, seed=0)


def network_row(sub: nx.MultiDiGraph, place: str | None, top_k: int = 3) -> dict:
    """The measures of one (already filtered) network as a row of :func:`place_metrics`."""
    simple = nx.Graph(sub.to_undirected(as_view=True))
    simple.remove_edges_from(nx.selfloop_edges(simple))
    units = [n for n, d in sub.nodes(data=True) if d.get("type") == "UNIT"]
    degree = nx.degree_centrality(simple) if simple.number_of_nodes() > 1 else {}
    between = _betweenness(simple)
    rels = [d.get("rel") for _, _, d in sub.edges(data=True)]
    docs = {e.get("doc_id") for _, _, d in sub.edges(data=True) for e in d.get("evidence", [])}
    return {
        "place": place,
        "documents": len(docs),
        "nodes": sub.number_of_nodes(),
        "edges": sub.number_of_edges(),
        "units": len(units),
        "density": nx.density(simple) if simple.number_of_nodes() > 1 else 0.0,
        "degree_centralization": degree_centralization(simple),
        "top_units_degree": _top(degree, sub, units, top_k),
        "top_units_betweenness": _top(between, sub, units, top_k),
        "leads_share": rels.count("LEADS") / len(rels) if rels else 0.0,
    }


def place_graphs(g: nx.MultiDiGraph, places: list[str]) -> dict[str, nx.MultiDiGraph]:
    """``filter_graph(g, place=p)`` for every place at once, in one pass over the edges."""
    subs = {p: nx.MultiDiGraph() for p in places}
    for u, v, key, data in g.edges(keys=True, data=True):
        groups: dict[str, list[dict]] = defaultdict(list)
        for evidence in data.get("evidence", []):
            if evidence.get("place") in subs:
                groups[evidence["place"]].append(evidence)
        for place, evidence in groups.items():
            sub = subs[place]
            sub.add_node(u, **g.nodes[u])
            sub.add_node(v, **g.nodes[v])
            docs = len({e.get("doc_id") for e in evidence})
            sub.add_edge(
                u, v, key=key, **{**data, "evidence": evidence, "weight": len(evidence), "doc_count": docs}
            )
    for node, data in g.nodes(data=True):
        for place in data.get("places", ()):
            if place in subs and node not in subs[place]:
                subs[place].add_node(node, **data)
    return subs


def place_metrics(g: nx.MultiDiGraph, places: list[str] | None = None, top_k: int = 3) -> pd.DataFrame:
    """One row per place: size, density, centralisation, top units, share of LEADS edges.

    ``top_units_degree`` and ``top_units_betweenness`` hold the ``top_k`` units
    as (label, score) pairs, scores normalised by networkx (0..1).
    """
    places = list(places or graph_places(g))
    subs = place_graphs(g, places)
    rows = [network_row(subs[p], p, top_k) for p in places]
    return pd.DataFrame(rows, columns=COLUMNS)
