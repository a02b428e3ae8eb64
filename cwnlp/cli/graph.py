"""``cwnlp graph``: build the corpus network from a store, filter it and export it.

Register it in the main CLI with ``cli.add_command(graph)``.  Errors print one
line on stderr and exit with 2 (wrong usage) or 3 (the command could not run).
"""

from __future__ import annotations

from pathlib import Path

import click

from cwnlp.graph.export import FORMATS, cypher_script, export_graph
from cwnlp.graph.filters import GraphFilterError, ego_graph, filter_graph

EXIT_FATAL = 3


class GraphCommandError(click.ClickException):
    """The graph command could not run (bad store, nothing to export, ...)."""

    exit_code = EXIT_FATAL


def _split(values: tuple[str, ...]) -> list[str]:
    """Repeated and comma-separated option values as one list."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.command("graph")
@click.option("--db", type=click.Path(dir_okay=False), help="DuckDB store file.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Folder to write the exports to.")
@click.option("--place", default=None, help="Keep only evidence from articles about this place.")
@click.option("--from", "date_from", default=None, help="Earliest date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Latest date (inclusive).")
@click.option("--rel", "rels", multiple=True, help="Relation types to keep (repeat or comma-separate).")
@click.option("--min-weight", default=1, show_default=True, type=click.IntRange(min=1))
@click.option("--ego", default=None, help="Only this actor (node id or name) and its neighbours.")
@click.option(
    "--radius", default=1, show_default=True, type=click.IntRange(min=0), help="Ego network radius."
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    help=f"Export formats (repeat or comma-separate): {', '.join(FORMATS)}. Default: all.",
)
@click.option("--neo4j-cypher", is_flag=True, help="Print the Neo4j load script and exit.")
def graph(db, out_dir, place, date_from, date_to, rels, min_weight, ego, radius, formats, neo4j_cypher):
    """Build the network of units, people, places and measures and export it."""
    if neo4j_cypher:
        click.echo(cypher_script())
        return 0
    if not db or not out_dir:
        raise click.UsageError("give --db STORE and --out DIR (or --neo4j-cypher)")
    chosen = _split(formats) or list(FORMATS)
    unknown = [f for f in chosen if f.lower() not in FORMATS]
    if unknown:
        raise click.BadParameter(
            f"unknown {', '.join(unknown)}; use {', '.join(FORMATS)}", param_hint="--format"
        )
    g = _load(db)
    try:
        g = filter_graph(g, place, date_from, date_to, _split(rels) or None, min_weight)
        if ego:
            g = ego_graph(g, ego, radius)
    except GraphFilterError as exc:
        raise click.UsageError(str(exc)) from exc
    if g.number_of_nodes() == 0:
        raise GraphCommandError("the network is empty (no records in the store, or the filters left nothing)")
    try:
        written = export_graph(g, out_dir, chosen)
    except OSError as exc:
        raise GraphCommandError(f"cannot write to {out_dir}: {exc.strerror or exc}") from exc
    click.echo(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    for paths in written.values():
        for path in paths:
            click.echo(f"wrote {path}")
    return 0


def _load(db: str):
    """The network of a store, with store problems turned into one-line errors."""
    from cwnlp.graph.build import graph_from_store
    from cwnlp.store.duck import StoreError

    if not Path(db).is_file():
        raise GraphCommandError(f"no store at {db}; create one with `cwnlp ingest` and `cwnlp extract`")
    try:
        return graph_from_store(db)
    except (StoreError, OSError) as exc:
        raise GraphCommandError(f"cannot read store {db}: {exc}") from exc
    except Exception as exc:  # a store from another program or version
        raise GraphCommandError(f"cannot read store {db}: {type(exc).__name__}: {exc}") from exc
