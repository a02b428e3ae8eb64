"""A single self-contained HTML page that draws the network (no CDN, no network).

The layout is computed here with networkx's spring layout; the page (template
``data/view.html``) draws it as SVG with a little vanilla JavaScript: hover for
details, click a node for its neighbours, filter by name, node type and edge
weight, wheel to zoom, drag to pan.

Safety: the graph travels as JSON inside ``<script type="application/json">``
with ``<``, ``>``, ``&`` and the JavaScript line separators escaped as
``\\uXXXX``, so no name can close the script element; the page script inserts
every name with ``textContent``, never as markup.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

TEMPLATE = Path(__file__).parent / "data" / "view.html"
COLOURS = {
    "UNIT": "#1f77b4",
    "PERSON": "#d62728",
    "PLACE": "#2ca02c",
    "POST": "#9467bd",
    "GROUP": "#8c564b",
    "MEASURE": "#ff7f0e",
}
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@lru_cache(maxsize=1)
def _template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def _strongest(g: nx.MultiDiGraph, max_nodes: int) -> list[Any]:
    """The ``max_nodes`` nodes with the most supporting sentences (all when fewer)."""
    if g.number_of_nodes() <= max_nodes:
        return list(g.nodes)
    strength = dict(g.degree(weight="weight"))
    return sorted(g.nodes, key=lambda n: (-strength[n], str(n)))[:max_nodes]


def _component_layout(part: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Spring layout of one connected component, scaled into the unit square."""
    if part.number_of_nodes() == 1:
        return {next(iter(part)): (0.5, 0.5)}
    k = 1.5 / math.sqrt(part.number_of_nodes())
    pos = nx.spring_layout(part, seed=seed, k=k, iterations=80)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {n: ((p[0] - min(xs)) / span_x, (p[1] - min(ys)) / span_y) for n, p in pos.items()}


def _layout(simple: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Positions in the unit square, each connected component in its own box.

    One spring layout of a graph with many small components pushes them to the
    corners and shrinks the main one; boxes sized by component (shelf packing)
    keep every part readable.
    """
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    if not parts:
        return {}
    total = sum(len(c) for c in parts)
    shelf_width = math.sqrt(total) * 1.6
    boxes: list[tuple[set, float, float, float]] = []  # nodes, x, y, side
    x = y = row_height = 0.0
    for part in parts:
        side = math.sqrt(len(part))
        if x > 0 and x + side > shelf_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        boxes.append((part, x, y, side))
        x += side
        row_height = max(row_height, side)
    width = max(bx + side for _, bx, _, side in boxes)
    height = max(by + side for _, _, by, side in boxes)
    scale = max(width, height)
    pos: dict[Any, tuple[float, float]] = {}
    for part, bx, by, side in boxes:
        inner = _component_layout(simple.subgraph(part), seed)
        margin = 0.15 * side
        for n, (px, py) in inner.items():
            pos[n] = (
                (bx + margin + px * (side - 2 * margin)) / scale,
                (by + margin + py * (side - 2 * margin)) / scale,
            )
    return pos


def view_data(g: nx.MultiDiGraph, max_nodes: int = 400, seed: int = 7, title: str = "") -> dict[str, Any]:
    """What the page draws: nodes with positions, edges by node index, colours."""
    keep = _strongest(g, max_nodes)
    sub = g.subgraph(keep)
    simple = nx.Graph(sub.to_undirected(as_view=True))
    pos = _layout(simple, seed)
    index = {n: i for i, n in enumerate(keep)}
    nodes = []
    for n in keep:
        d = sub.nodes[n]
        deg = simple.degree(n)
        nodes.append(
            {
                "id": str(n),
                "label": str(d.get("label") or n),
                "type": d.get("type") or "",
                "level": d.get("level") or "",
                "title": d.get("title") or "",
                "places": [str(p) for p in d.get("places") or []],
                "docs": int(d.get("doc_count") or 0),
                "deg": deg,
                "r": round(3 + 2 * math.sqrt(deg), 2),
                "x": round(pos[n][0], 4),
                "y": round(pos[n][1], 4),
            }
        )
    edges = [
        {"s": index[u], "t": index[v], "rel": d.get("rel") or str(k), "w": int(d.get("weight") or 1)}
        for u, v, k, d in sub.edges(keys=True, data=True)
    ]
    cut = g.number_of_nodes() - len(keep)
    note = f" (the {cut} weakest nodes left out; filter first)" if cut else ""
    heading = title or f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"
    return {"title": heading, "nodes": nodes, "edges": edges, "colours": COLOURS, "note": note}


def html_page(g: nx.MultiDiGraph, max_nodes: int = 400, seed: int = 7, title: str = "") -> str:
    """The interactive page as one HTML string."""
    data = script_json(view_data(g, max_nodes, seed, title))
    return _template().replace("__GRAPH_DATA__", data, 1)
