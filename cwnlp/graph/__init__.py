"""The corpus network: who leads, funds, inspects and coordinates whom, and where.

Usage::

    from cwnlp.graph import build_graph, export_graph, filter_graph, place_metrics

    g = build_graph(documents, entities, relations, measures)
    export_graph(filter_graph(g, place="甲市"), "out/graph", formats=["gexf", "html"])
    place_metrics(g)  # one row per place: density, centralisation, top units
"""

from cwnlp.graph.build import GraphSettings, build_graph, document_place, graph_from_store, qualified_name
from cwnlp.graph.export import (
    FORMATS,
    GraphExportError,
    cypher_script,
    export_graph,
    neutralise_cell,
    restore_cell,
)
from cwnlp.graph.filters import GraphFilterError, ego_graph, filter_graph, find_node
from cwnlp.graph.html import html_page
from cwnlp.graph.metrics import place_metrics

__all__ = [
    "FORMATS",
    "GraphExportError",
    "GraphFilterError",
    "GraphSettings",
    "build_graph",
    "cypher_script",
    "document_place",
    "ego_graph",
    "export_graph",
    "filter_graph",
    "find_node",
    "graph_from_store",
    "html_page",
    "neutralise_cell",
    "place_metrics",
    "qualified_name",
    "restore_cell",
]
