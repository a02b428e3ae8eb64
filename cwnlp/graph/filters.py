"""Sub-networks: one place, a date range, some relation types, or one actor's ego network.

Filters work on the evidence of each edge, so a weight in a filtered graph
counts only the sentences that pass (a unit's LEADS edge in 甲市 during 2020
has the weight of the 2020 甲市 sentences).  Node attributes (mention_count,
doc_count, places) keep their corpus-wide values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import networkx as nx

_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class GraphFilterError(ValueError):
    """A filter argument is malformed or names nothing in the graph."""


def _check_date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    if not _ISO.match(value):
        raise GraphFilterError(f"{name} must be an ISO date YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return value


def evidence_date(evidence: dict[str, Any]) -> str | None:
    """The date of one piece of evidence: the relation's own date, else its article's."""
    for key in ("date", "doc_date"):
        value = evidence.get(key)
        if isinstance(value, str) and _ISO.match(value[:10].rstrip("-")):
            return value[:10]
    return None


def _date_in(date: str | None, date_from: str | None, date_to: str | None) -> bool:
    if date_from is None and date_to is None:
        return True
    if date is None:
        return False
    # compare on the shared precision so 2020-05 lies inside 2020 .. 2020
    if date_from is not None and date[: len(date_from)] < date_from[: len(date)]:
        return False
    return not (date_to is not None and date[: len(date_to)] > date_to[: len(date)])


def _keep(evidence: dict[str, Any], place: str | None, date_from: str | None, date_to: str | None) -> bool:
    if place is not None and evidence.get("place") != place:
        return False
    return _date_in(evidence_date(evidence), date_from, date_to)


def filter_graph(
    g: nx.MultiDiGraph,
    place: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    rel_types: Iterable[str] | None = None,
    min_weight: int = 1,
) -> nx.MultiDiGraph:
    """The part of the network that passes every given criterion (a new graph).

    Edges keep only evidence from ``place`` and within ``date_from`` ..
    ``date_to`` (inclusive, ISO dates of any precision); edges of other
    ``rel_types`` or left with fewer than ``min_weight`` sentences go.  Nodes
    stay when an edge is left to them; a node without edges stays only when
    no edge criterion is given and (with ``place``) it appears in that place.
    """
    date_from, date_to = _check_date(date_from, "date_from"), _check_date(date_to, "date_to")
    if isinstance(rel_types, str):
        rel_types = [rel_types]
    wanted = {r.strip().upper() for r in rel_types} if rel_types else None
    if min_weight < 1:
        raise GraphFilterError(f"min_weight must be at least 1, got {min_weight}")
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    for u, v, key, data in g.edges(keys=True, data=True):
        if wanted is not None and data.get("rel") not in wanted:
            continue
        evidence = [e for e in data.get("evidence", []) if _keep(e, place, date_from, date_to)]
        if len(evidence) < min_weight:
            continue
        out.add_node(u, **g.nodes[u])
        out.add_node(v, **g.nodes[v])
        doc_count = len({e.get("doc_id") for e in evidence})
        out.add_edge(
            u, v, key=key, **{**data, "evidence": evidence, "weight": len(evidence), "doc_count": doc_count}
        )
    edge_criteria = date_from or date_to or wanted is not None or min_weight > 1
    if not edge_criteria:
        for node, data in g.nodes(data=True):
            if node not in out and (place is None or place in data.get("places", ())):
                out.add_node(node, **data)
    return out


def find_node(g: nx.MultiDiGraph, name: str) -> str:
    """The node called ``name``: a node id, else a unique label, canonical name or alias."""
    if name in g:
        return name
    for attr in ("label", "canonical", "aliases"):
        hits = [n for n, d in g.nodes(data=True) if _matches(d.get(attr), name)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            shown = ", ".join(sorted(hits)[:5])
            raise GraphFilterError(f"{name!r} names {len(hits)} nodes ({shown}); give a node id")
    raise GraphFilterError(f"no node called {name!r}")


def _matches(value: Any, name: str) -> bool:
    if isinstance(value, list | tuple | set):
        return name in value
    return value == name


def ego_graph(g: nx.MultiDiGraph, node: str, radius: int = 1) -> nx.MultiDiGraph:
    """The actors within ``radius`` steps of ``node`` (id or name), edges in both directions."""
    if radius < 0:
        raise GraphFilterError(f"radius must be 0 or more, got {radius}")
    center = find_node(g, node)
    return nx.ego_graph(g, center, radius=radius, undirected=True).copy()
