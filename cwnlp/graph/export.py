"""Write the network for Gephi, Cytoscape, Neo4j, spreadsheets and the browser.

Formats (``export_graph(g, out_dir, formats=...)``):

``graphml``   graph.graphml  GraphML, attribute types declared (yEd, Gephi, igraph, networkx)
``gexf``      graph.gexf     GEXF 1.2 (Gephi)
``json``      graph.json     networkx node-link JSON (``nx.node_link_graph`` reads it back)
``cytoscape`` graph.cyjs     Cytoscape.js / Cytoscape desktop JSON
``csv``       nodes.csv, edges.csv  node and edge lists for pandas, R and spreadsheets
``neo4j``     neo4j/nodes.csv, neo4j/relationships.csv, neo4j/load.cypher
``html``      graph.html     one self-contained interactive page (no network needed)

In XML and CSV files list and dict attributes (aliases, places, evidence) are
JSON strings; the JSON formats keep them as JSON lists.  Characters XML 1.0
cannot hold (control characters other than tab and newline) are dropped from
XML files only.

Spreadsheet safety: a CSV cell that starts with ``=``, ``+``, ``-``, ``@``, tab,
carriage return or a single quote gets a leading single quote, so Excel and
LibreOffice show it as text instead of running it as a formula.  Numbers are
left alone.  :func:`restore_cell` removes the quote again (pandas users:
``pd.read_csv(path, dtype=str, keep_default_na=False).map(restore_cell)``).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from cwnlp.graph.build import MEASURE_REL
from cwnlp.model import RELATION_TYPES

FORMATS = ("graphml", "gexf", "json", "cytoscape", "csv", "neo4j", "html")
#: node attributes every export writes, with their type
NODE_FIELDS: dict[str, type] = {
    "type": str,
    "label": str,
    "canonical": str,
    "level": str,
    "title": str,
    "role": str,
    "aliases": list,
    "mention_count": int,
    "doc_count": int,
    "places": list,
}
EDGE_FIELDS: dict[str, type] = {"rel": str, "weight": int, "doc_count": int, "evidence": list}
#: Neo4j node labels per node type (fixed vocabulary: never taken from data)
NEO4J_LABELS = {
    "UNIT": "Unit",
    "PERSON": "Person",
    "PLACE": "Place",
    "POST": "Post",
    "GROUP": "Group",
    "MEASURE": "Measure",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class GraphExportError(ValueError):
    """An export was asked for in a way that cannot work."""


# -- cells and attributes -------------------------------------------------
def neutralise_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (strings only)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def restore_cell(value: Any) -> Any:
    """The original text of a cell written by :func:`neutralise_cell`."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def to_json(value: Any) -> str:
    """Compact UTF-8 JSON of a list/dict attribute."""
    return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))


def _flat_value(value: Any, kind: type, xml: bool) -> Any:
    if kind is list:
        value = to_json(sorted(value) if isinstance(value, set) else list(value or []))
    elif kind is int:
        value = int(value or 0)
    else:
        value = "" if value is None else str(value)
    if xml and isinstance(value, str):
        value = _XML_INVALID.sub("", value)
    return value


def _flat_attrs(data: dict[str, Any], fields: dict[str, type], xml: bool) -> dict[str, Any]:
    out = {name: _flat_value(data.get(name), kind, xml) for name, kind in fields.items()}
    for name, value in data.items():
        if name in out:
            continue
        if isinstance(value, bool | int | float):
            out[name] = value
        elif isinstance(value, dict):
            out[name] = _flat_value(to_json(value), str, xml)
        else:
            out[name] = _flat_value(value, list if isinstance(value, list | tuple | set) else str, xml)
    return out


def flat_graph(g: nx.MultiDiGraph, xml: bool = False) -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars of one type per name (for XML and CSV)."""
    clean = (lambda s: _XML_INVALID.sub("", s)) if xml else (lambda s: s)
    out = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        out.add_node(clean(str(node)), **_flat_attrs(data, NODE_FIELDS, xml))
    for u, v, key, data in g.edges(keys=True, data=True):
        out.add_edge(clean(str(u)), clean(str(v)), key=clean(str(key)), **_flat_attrs(data, EDGE_FIELDS, xml))
    return out


# -- writers ----------------------------------------------------------------
def write_graphml(g: nx.MultiDiGraph, path: Path) -> list[Path]:
    nx.write_graphml(flat_graph(g, xml=True), path, encoding="utf-8", named_key_ids=True)
    return [path]


def write_gexf(g: nx.MultiDiGraph, path: Path) -> list[Path]:
    nx.write_gexf(flat_graph(g, xml=True), path, encoding="utf-8", version="1.2draft")
    return [path]


def _jsonable(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with tuples and sets turned into lists so json can write it."""
    out = g.copy()
    for _, data in out.nodes(data=True):
        for name, value in data.items():
            if isinstance(value, tuple | set):
                data[name] = sorted(value) if isinstance(value, set) else list(value)
    return out


def write_node_link(g: nx.MultiDiGraph, path: Path) -> list[Path]:
    data = nx.node_link_data(_jsonable(g), edges="edges")
    path.write_text(json.dumps(data, ensure_ascii=False, default=str, indent=1), encoding="utf-8")
    return [path]


def write_cytoscape(g: nx.MultiDiGraph, path: Path) -> list[Path]:
    data = nx.cytoscape_data(_jsonable(g), name="label", ident="id")
    for index, edge in enumerate(data["elements"]["edges"]):
        edge["data"]["id"] = f"e{index}"  # Cytoscape wants every element to have an id
    path.write_text(json.dumps(data, ensure_ascii=False, default=str, indent=1), encoding="utf-8")
    return [path]


def _write_rows(path: Path, header: list[str], rows: Iterable[list[Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        for row in rows:
            writer.writerow([neutralise_cell(cell) for cell in row])
    return path


def _node_rows(flat: nx.MultiDiGraph) -> tuple[list[str], list[list[Any]]]:
    header = ["id", *NODE_FIELDS]
    extra = sorted({k for _, d in flat.nodes(data=True) for k in d} - set(header))
    rows = [[node] + [data.get(k, "") for k in header[1:] + extra] for node, data in flat.nodes(data=True)]
    return header + extra, rows


def _edge_rows(flat: nx.MultiDiGraph) -> tuple[list[str], list[list[Any]]]:
    header = ["source", "target", *EDGE_FIELDS]
    extra = sorted({k for _, _, d in flat.edges(data=True) for k in d} - set(header))
    rows = [[u, v] + [data.get(k, "") for k in header[2:] + extra] for u, v, data in flat.edges(data=True)]
    return header + extra, rows


def write_csv(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    flat = flat_graph(g)
    return [
        _write_rows(out_dir / "nodes.csv", *_node_rows(flat)),
        _write_rows(out_dir / "edges.csv", *_edge_rows(flat)),
    ]


def write_neo4j(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    flat = flat_graph(g)
    folder = out_dir / "neo4j"
    nodes = _write_rows(folder / "nodes.csv", *_node_rows(flat))
    edges = _write_rows(folder / "relationships.csv", *_edge_rows(flat))
    script = folder / "load.cypher"
    script.write_text(cypher_script(), encoding="utf-8")
    return [nodes, edges, script]


def write_html(g: nx.MultiDiGraph, path: Path) -> list[Path]:
    from cwnlp.graph.html import html_page

    path.write_text(html_page(g), encoding="utf-8")
    return [path]


# -- Neo4j ----------------------------------------------------------------
def _restore(column: str) -> str:
    """Cypher for a CSV column with the spreadsheet quote removed again."""
    return f'CASE WHEN row.{column} STARTS WITH "\'" THEN substring(row.{column}, 1) ELSE row.{column} END'


def _set_clause(var: str, fields: dict[str, type]) -> str:
    parts = []
    for name, kind in fields.items():
        value = f"toInteger(row.{name})" if kind is int else _restore(name)
        parts.append(f"  {var}.{name} = {value}")
    return "SET\n" + ",\n".join(parts)


CYPHER_HEADER = """\
// cwnlp corpus network -> Neo4j 5.  Generated by cwnlp; contains no data.
// 1. Copy nodes.csv and relationships.csv into the database's import folder.
// 2. Run this script with the two file URLs as parameters, e.g.
//      cypher-shell -f load.cypher \\
//        -P "{nodes_file: 'file:///nodes.csv', edges_file: 'file:///relationships.csv'}"
//    or in Neo4j Browser first:  :param nodes_file => 'file:///nodes.csv'
//                                :param edges_file => 'file:///relationships.csv'
// Every name is read from the CSV files as data: nothing from the corpus is
// part of this text, so quotes or Cypher in a name stay plain text.
// Cells that began with = + - @ ' were prefixed with ' for spreadsheets; the
// CASE expressions below remove that prefix.  Keep the server setting
// dbms.import.csv.legacy_quote_escaping=false so a backslash before a quote
// inside a name stays a backslash.
// Lists (aliases, places, evidence) are JSON text.
"""


def _edge_statement(where: str, rel: str, key: str = "") -> str:
    """One LOAD CSV pass creating the relationships of one (constant) type."""
    return (
        f"LOAD CSV WITH HEADERS FROM $edges_file AS row\n{where}\n"
        f"MATCH (a:Actor {{id: {_restore('source')}}})\n"
        f"MATCH (b:Actor {{id: {_restore('target')}}})\n"
        f"MERGE (a)-[r:{rel}{key}]->(b)\n"
        f"{_set_clause('r', EDGE_FIELDS)};\n"
    )


def cypher_script() -> str:
    """The Cypher that loads ``neo4j/nodes.csv`` and ``neo4j/relationships.csv``."""
    lines = [CYPHER_HEADER]
    lines.append("CREATE CONSTRAINT cwnlp_actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;\n")
    lines.append(
        "LOAD CSV WITH HEADERS FROM $nodes_file AS row\n"
        f"MERGE (n:Actor {{id: {_restore('id')}}})\n{_set_clause('n', NODE_FIELDS)};\n"
    )
    for kind, label in NEO4J_LABELS.items():
        lines.append(f"MATCH (n:Actor) WHERE n.type = '{kind}' SET n:{label};")
    lines.append("")
    known = [*RELATION_TYPES, MEASURE_REL]
    for rel in known:
        lines.append(_edge_statement(f"WITH row WHERE row.rel = '{rel}'", rel))
    # relation types added later load as :RELATED with their name as a property
    listed = ", ".join(f"'{r}'" for r in known)
    other = f"WITH row WHERE NOT row.rel IN [{listed}]"
    lines.append(_edge_statement(other, "RELATED", f" {{rel: {_restore('rel')}}}"))
    return "\n".join(lines)


# -- entry point --------------------------------------------------------------
WRITERS = {
    "graphml": lambda g, d: write_graphml(g, d / "graph.graphml"),
    "gexf": lambda g, d: write_gexf(g, d / "graph.gexf"),
    "json": lambda g, d: write_node_link(g, d / "graph.json"),
    "cytoscape": lambda g, d: write_cytoscape(g, d / "graph.cyjs"),
    "csv": write_csv,
    "neo4j": write_neo4j,
    "html": lambda g, d: write_html(g, d / "graph.html"),
}


def export_graph(
    g: nx.MultiDiGraph, out_dir: str | Path, formats: Iterable[str] = FORMATS
) -> dict[str, list[Path]]:
    """Write the network in the given formats; returns the files written per format."""
    if isinstance(formats, str):
        formats = [formats]
    formats = [f.strip().lower() for f in formats]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise GraphExportError(f"unknown format(s) {', '.join(unknown)}; use {', '.join(FORMATS)}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise GraphExportError(f"{out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    return {fmt: WRITERS[fmt](g, out) for fmt in dict.fromkeys(formats)}
