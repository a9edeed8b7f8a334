"""Network analysis commands: ``metrics``, ``communities``, ``show``, ``path`` and ``synth``.

Thin wrappers over :mod:`graphkit.graph.views`, :mod:`graphkit.algorithms`,
:mod:`graphkit.graph.lookup`, :mod:`graphkit.graph.paths` and :mod:`graphkit.synth`. Each
prints through :func:`graphkit.cli.output.emit` and says which view, level and
window it used (in the table's title; on standard error for CSV and JSON).

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(metrics, ["--help"])
>>> result.exit_code
0
"""

from __future__ import annotations

from pathlib import Path

import click
import networkx as nx

from graphkit.algorithms import (
    COMMUNITY,
    DEFAULT_K,
    EXACT_UP_TO,
    MEASURES,
    check_measures,
    communities,
    community_rows,
    default_k,
    metrics_table,
    ranked,
)
from graphkit.algorithms.table import RANKING
from graphkit.cli.options import clean_errors, filter_options, progress_for, view_options
from graphkit.cli.output import emit, output_options
from graphkit.errors import GraphkitError
from graphkit.graph.build import build_graph
from graphkit.graph.lookup import find_in_view, neighbours
from graphkit.graph.paths import path_rows, shortest_connections
from graphkit.graph.views import make_view
from graphkit.memory import paused_gc
from graphkit.model.imported import load_data
from graphkit.schema.vocabulary import NODE_TYPES
from graphkit.synth import generate

#: Members listed per community in the table format (CSV and JSON list them all).
TABLE_MEMBERS = 6
#: Rows of ``metrics`` in the table format unless --top says otherwise (CSV, JSON: all).
TABLE_TOP = 20
#: Where a relation is stated, beyond the source's title: the columns of CSV and JSON.
EVIDENCE_COLUMNS = ["address", "source_document", "paragraph", "span_start", "span_end", "row"]


def _graph(data_dir: Path, since: str | None = None, until: str | None = None,
           territory: str | None = None) -> nx.MultiDiGraph:
    """The graph of *data_dir*: its imported datasets read only where the window and the
    territory of the view reach (:func:`graphkit.model.imported.load_data`)."""
    return build_graph(load_data(data_dir, since=since, until=until, territory=territory))


def _view(data_dir: Path, view: str, level: str, since: str | None, until: str | None,
          territory: str | None, include_persons: bool) -> nx.Graph:
    """:func:`make_view` of the graph in *data_dir*, its filters pushed down to the loader.

    The cyclic garbage collector stays paused from loading to the view, so the
    millions of objects the three steps make are examined once, not after each step.
    """
    with paused_gc():
        return make_view(_graph(data_dir, since, until, territory), view, level, since, until,
                         territory, include_persons)


def _note(fmt: str, lines: list[str]) -> str | None:
    """The notes as a table title; on standard error for CSV and JSON."""
    if fmt == "table":
        return "\n".join(lines)
    for line in lines:
        click.echo(line, err=True)
    return None


def _measures(values: tuple[str, ...]) -> list[str]:
    names = [n.strip() for value in values for n in value.split(",") if n.strip()]
    return check_measures(names) if names else [*MEASURES, COMMUNITY]


@click.command()
@view_options
@click.option("--measure", "measure", multiple=True, metavar="NAME[,NAME…]",
              help=f"Measures to compute (default all): {', '.join([*MEASURES, COMMUNITY])}.")
@click.option("--top", type=click.IntRange(min=0), default=None,
              help=f"Show only the first N rows, 0 for all [default: {TABLE_TOP} in the table "
                   "format, all in CSV and JSON].")
@click.option("--sort", "sort", default=None, metavar="MEASURE",
              help="Sort by this measure first (ascending for constraint, where low means a "
                   "broker). Ties, and the default order, go by betweenness (who bridges), "
                   "then weighted degree (who is tied most), then name.")
@click.option("--k", "k", type=click.IntRange(min=1), default=None,
              help="Estimate the path measures: closeness and harmonic from K sampled "
                   "sources, betweenness with KADABRA at the matching error (from K sources "
                   "with --weighted-paths) "
                   f"[default: exact up to {EXACT_UP_TO:,} nodes, else K={DEFAULT_K}].")
@click.option("--exact", is_flag=True, help="Exact path measures even on a large view.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed for sampling and for Louvain.")
@click.option("--weighted-paths", is_flag=True,
              help="Shortest paths use length 1/weight instead of hops.")
@output_options
@clean_errors
def metrics(data_dir: Path, view: str, level: str, since: str | None, until: str | None,
            territory: str | None, include_persons: bool, measure: tuple[str, ...],
            top: int | None,
            sort: str | None, k: int | None, exact: bool, seed: int, weighted_paths: bool,
            fmt: str) -> None:
    """Centrality, brokerage, k-core and community of every organisation in a view.

    Rows come most central first: by --sort if given, then betweenness, then weighted
    degree, then name.
    """
    names = _measures(measure)
    if sort is not None and sort not in names:
        raise click.BadParameter(f"{sort!r} is not among the measures computed "
                                 f"({', '.join(names)})", param_hint="--sort")
    V = _view(data_dir, view, level, since, until, territory, include_persons)
    table = metrics_table(V, names, k=default_k(V, k, exact), seed=seed, weighted=weighted_paths,
                          progress=progress_for(V.number_of_nodes()))
    rows = ranked(table.rows, sort)
    top = (TABLE_TOP if fmt == "table" else 0) if top is None else top
    shown = rows[:top] if top else rows
    if fmt == "table":
        shown = [{**row, "type": _kind(row)} for row in shown]
    columns = table.columns if fmt != "table" else table.columns[1:]
    order = ", ".join(dict.fromkeys([*([sort] if sort else []), *RANKING, "name"]))
    lines = [*table.notes, f"sorted by {order}"
             + (f", top {len(shown)} of {len(rows)}" if len(shown) < len(rows) else "")]
    emit(shown, columns, fmt, title=_note(fmt, lines))


@click.command(name="communities")
@view_options
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for Louvain.")
@click.option("--resolution", type=float, default=1.0, show_default=True,
              help="Louvain resolution: above 1 gives more, smaller communities.")
@output_options
@clean_errors
def communities_command(data_dir: Path, view: str, level: str, since: str | None,
                        until: str | None, territory: str | None, include_persons: bool,
                        seed: int, resolution: float, fmt: str) -> None:
    """The Louvain communities of a view, with their members and the modularity."""
    V = _view(data_dir, view, level, since, until, territory, include_persons)
    if V.number_of_nodes() < 2:
        raise GraphkitError("the view has a single node: there are no communities to find")
    partition = communities(V, seed=seed, resolution=resolution)
    rows = community_rows(V, partition)
    if fmt == "table":
        for row in rows:
            if row["size"] > TABLE_MEMBERS:
                more = row["size"] - TABLE_MEMBERS
                row["members"] = [*row["members"][:TABLE_MEMBERS], f"… (+{more} more)"]
    lines = [V.graph["view"].describe(),
             f"{len(rows)} Louvain communities (seed {seed}, resolution {resolution}), "
             f"modularity {partition.modularity:.4f}"]
    columns = ["community", "size", "members"] if fmt == "table" else [
        "community", "size", "ids", "members"]
    emit(rows, columns, fmt, title=_note(fmt, lines))


def _kind(attrs: dict) -> str:
    spec = NODE_TYPES.get(attrs.get("type", ""))
    return spec.label_en if spec else str(attrs.get("type", ""))


@click.command()
@click.argument("name")
@filter_options
@output_options
@clean_errors
def show(name: str, data_dir: Path, level: str, since: str | None,
         until: str | None, territory: str | None, include_persons: bool, fmt: str) -> None:
    """One entity (by id, name or alias) and its relations, each with its source.

    The source is named by its title and address; CSV and JSON add the document id,
    paragraph and character span. Persons are left out unless --include-persons.
    """
    G = _graph(data_dir, since, until, territory)
    V = make_view(G, "full", level, since, until, territory, include_persons)
    node = find_in_view(G, V, name, level)
    attrs = V.nodes[node]
    rows = neighbours(V, node)
    for row in rows:
        row["type"] = _kind({"type": row["type"]})
    lines = [f"{attrs.get('label', node)} ({node}): {_kind(attrs)}"]
    if attrs.get("aliases"):
        lines.append("also: " + "; ".join(attrs["aliases"]))
    if attrs.get("branches"):
        lines.append("merged branches: " + ", ".join(attrs["branches"]))
    lines.append(V.graph["view"].describe())
    columns = ["relation", "label", "type", "source", "date", "role", "amount"]
    if fmt != "table":
        columns[1:1] = ["id"]
        columns += EVIDENCE_COLUMNS
    emit(rows, columns, fmt, title=_note(fmt, lines))


@click.command()
@click.argument("source")
@click.argument("target")
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=3, show_default=True,
              help="At most this many shortest paths.")
@output_options
@clean_errors
def path(source: str, target: str, data_dir: Path, level: str, since: str | None,
         until: str | None, territory: str | None, include_persons: bool, limit: int,
         fmt: str) -> None:
    """The shortest connections between two actors, each hop with its relation and evidence."""
    G = _graph(data_dir, since, until, territory)
    V = make_view(G, "full", level, since, until, territory, include_persons)
    a, b = (find_in_view(G, V, name, level) for name in (source, target))
    paths = shortest_connections(V, a, b, limit=limit)
    hops = len(paths[0])
    lines = [f"{len(paths)} shortest path{'s' if len(paths) > 1 else ''} of {hops} "
             f"hop{'s' if hops > 1 else ''} from {V.nodes[a].get('label', a)} to "
             f"{V.nodes[b].get('label', b)}", V.graph["view"].describe()]
    columns = ["path", "step", "from", "relation", "to", "source", "date", "role"]
    if fmt != "table":
        columns[2:5] = ["from_id", "from", "relation", "to_id", "to"]
        columns += EVIDENCE_COLUMNS
    emit(path_rows(V, paths), columns, fmt, title=_note(fmt, lines))


@click.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--orgs", type=click.IntRange(min=500), default=2000, show_default=True,
              help="Number of organisations (2000, 20000, 100000…).")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@output_options
@clean_errors
def synth(out_dir: Path, orgs: int, seed: int, fmt: str) -> None:
    """Write a realistic synthetic network in the data format into OUT_DIR."""
    summary = generate(out_dir, orgs=orgs, seed=seed)
    rows = [{"what": what, "count": getattr(summary, what)}
            for what in ("organisations", "initiatives", "territories", "persons", "relations",
                         "documents", "max_initiatives_per_org")]
    emit(rows, ["what", "count"], fmt,
         title=f"synthetic network (seed {seed}) written to {out_dir}: "
               f"graphkit build --data {out_dir}")
