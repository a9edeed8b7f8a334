"""``graphkit report``: a static report of a view, as one HTML page and, on request, a PDF.

A thin wrapper over :mod:`graphkit.export.report`. It takes the view options of
``graphkit metrics`` (``--view``, ``--level``, ``--since/--until``, ``--territory``,
``--include-persons``) and its ``--seed``, so its figures are the ones ``metrics`` and
``communities`` print for the same view.

Examples
--------
>>> from click.testing import CliRunner
>>> CliRunner().invoke(report, ["--help"]).exit_code
0
"""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.options import clean_errors, view_options
from graphkit.errors import GraphkitError, display_path
from graphkit.export.report.content import TOP, report_content
from graphkit.export.report.render import report_html, report_pdf
from graphkit.files import write_atomic
from graphkit.graph.build import build_graph
from graphkit.graph.views import make_view
from graphkit.model.imported import load_data


@click.command()
@view_options
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("report.html"), show_default=True, help="The HTML file to write.")
@click.option("--pdf", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report as a PDF to this file.")
@click.option("--top", type=click.IntRange(min=1), default=TOP, show_default=True,
              help="Rows of the ranked tables (central actors, brokers, evidence).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed for sampling and for Louvain (as graphkit metrics --seed).")
@click.option("--title", default=None, help="The report's title [default: says the view].")
@clean_errors
def report(data_dir: Path, view: str, level: str, since: str | None, until: str | None,
           territory: str | None, include_persons: bool, out: Path, pdf: Path | None,
           top: int, seed: int, title: str | None) -> None:
    """Write a static report of a view: size and density, the most central actors and the
    brokers, communities and what ties them, funders and amounts, initiatives per year,
    ties within and across regions, and the evidence behind each actor.

    One self-contained HTML page with plots (readable without graphkit, offline), and a
    PDF with --pdf. Compare two territories in two commands:
    graphkit report --territory Toscana --out toscana.html, then --territory Lombardia.
    """
    G = build_graph(load_data(data_dir, since=since, until=until, territory=territory))
    V = make_view(G, view, level, since, until, territory, include_persons)
    if V.number_of_nodes() < 2:
        raise GraphkitError(f"the {V.graph['view'].describe()} has a single node: there is "
                            "nothing to report on; widen the view")
    content = report_content(V, G, top=top, seed=seed)
    title = title or f"graphkit report: {V.graph['view'].describe()}"
    page = report_html(content, title)
    write_atomic(out, page)
    click.echo(f"wrote {display_path(out)} ({len(page):,} bytes)")
    if pdf is not None:
        document = report_pdf(content, title)
        write_atomic(pdf, document)
        click.echo(f"wrote {display_path(pdf)} ({len(document):,} bytes)")
