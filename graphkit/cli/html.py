"""``graphkit export html``: the interactive HTML graph.

A thin wrapper over :mod:`graphkit.export.html.page`.

The ``export`` group is registered by :mod:`graphkit.cli` (``main.add_command(export)``);
``graphkit build`` writes the same page as ``exports/graph.html`` through
:func:`graphkit.export.html.page.render_html`.

Examples
--------
>>> from click.testing import CliRunner
>>> CliRunner().invoke(export, ["html", "--help"]).exit_code
0
"""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.algorithms import MEASURES, by_measure, measures_of_view, node_metrics
from graphkit.cli.options import clean_errors, filter_options, progress_for
from graphkit.errors import display_path
from graphkit.export.html.page import render_html
from graphkit.files import write_atomic
from graphkit.graph.build import build_graph
from graphkit.graph.views import make_view
from graphkit.model.imported import load_data
from graphkit.schema.vocabulary import VIEWS


@click.group()
def export() -> None:
    """Export the graph in formats meant for people (an interactive HTML page)."""


@export.command(name="html")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("graph.html"), show_default=True, help="The HTML file to write.")
@click.option("--size-by", type=click.Choice(list(MEASURES)), default="betweenness",
              show_default=True, metavar="MEASURE",
              help=f"The measure that first sizes the nodes (the page can switch to any): "
                   f"{', '.join(MEASURES)}.")
@click.option("--focus", default=None, metavar="NAME",
              help="Draw only this actor's or project's network (id, name or alias).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="Hops around --focus.")
@click.option("--view", type=click.Choice(VIEWS), default="orgs", show_default=True,
              help="orgs: organisations linked by shared initiatives (who is central, who "
                   "bridges); full: the typed graph, every sourced relation; bipartite: "
                   "organisations and initiatives.")
@filter_options
@click.option("--physics", is_flag=True,
              help="Start with physics on (the layout is precomputed; off by default).")
@click.option("--title", default="graphkit", show_default=True, help="The page's title.")
@clean_errors
def html_command(out: Path, size_by: str, focus: str | None, depth: int, view: str,
                 data_dir: Path, level: str, since: str | None, until: str | None,
                 territory: str | None, include_persons: bool, physics: bool,
                 title: str) -> None:
    """Write one self-contained HTML page to explore the graph offline.

    Nodes are coloured by type, community, region or level and sized by any measure of
    `graphkit metrics` (computed on the view, sampled as it samples); edges are styled by
    relation and carry their source document. The page searches, filters by type,
    relation, territory and time (a slider over the dates, with a play button), focuses
    on one actor's network, keeps its state in the link, and saves what it shows as PNG,
    SVG and CSV.
    """
    G = build_graph(load_data(data_dir, since=since, until=until, territory=territory))
    V = make_view(G, view, level, since, until, territory, include_persons)
    measures = by_measure(node_metrics(measures_of_view(V, progress_for(V.number_of_nodes()))))
    page = render_html(V, G, measures, size_by=size_by, focus=focus, depth=depth,
                       physics=physics, title=title)
    write_atomic(out, page)
    click.echo(f"wrote {display_path(out)} ({len(page):,} bytes)")
