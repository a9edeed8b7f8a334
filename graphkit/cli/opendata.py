"""Open data commands: ``import opencoesione``, ``import indicepa`` and ``bridges``.

Thin wrappers over :mod:`graphkit.opendata.into` (the importers, writing into
``DATA/imported/``) and :func:`graphkit.algorithms.bridges.bridges_table`.

Examples
--------
>>> from click.testing import CliRunner
>>> CliRunner().invoke(import_group, ["opencoesione", "--help"]).exit_code
0
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from graphkit.algorithms.bridges import bridges_table
from graphkit.cli.options import clean_errors, filter_options, progress_for
from graphkit.cli.output import emit, output_options
from graphkit.errors import GraphkitError, display_path
from graphkit.graph.build import build_graph
from graphkit.model.dates import date_bounds
from graphkit.model.imported import load_data
from graphkit.opendata.into import indicepa_into, opencoesione_into
from graphkit.opendata.opencoesione import ImportSummary

#: What ``--theme welfare`` stands for: employment, social inclusion and health, education.
WELFARE = ("08", "09", "10")
#: Funders listed per organisation in the table format of ``bridges`` (CSV and JSON: all).
TABLE_FUNDERS = 3
#: Rows of ``bridges`` in the table format unless --top says otherwise (CSV, JSON: all).
TABLE_TOP = 20


def _split(values: tuple[str, ...]) -> list[str] | None:
    found = [v.strip() for value in values for v in value.split(",") if v.strip()]
    return found or None


def _themes(values: tuple[str, ...]) -> list[str] | None:
    found = _split(values)
    if found is None:
        return None
    return sorted({code for v in found for code in (WELFARE if v.lower() == "welfare" else (v,))})


def _day(value: str | None, last: bool, what: str) -> date | None:
    """The first (or, with *last*, the last) day of a year or partial ISO date."""
    if value is None:
        return None
    bounds = date_bounds(value)
    if bounds is None:
        raise click.BadParameter(f"{value!r} is not a year or a date (YYYY, YYYY-MM or "
                                 "YYYY-MM-DD)", param_hint=what)
    year, rest = divmod(bounds[1] if last else bounds[0], 10000)
    month, day = divmod(rest, 100)
    if last and re.fullmatch(r"\d{4}-\d{2}", value.strip()):
        day = calendar.monthrange(year, month)[1]
    try:
        return date(year, month, day)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a real date", param_hint=what) from None


def _report(summary: ImportSummary, started: bool, data_dir: Path, fmt: str) -> None:
    folder = summary.folder
    review = folder / "review.csv"
    to_review = max(0, len(review.read_text(encoding="utf-8").splitlines()) - 1) \
        if review.is_file() else 0
    rows = [{"what": f"{what} written", "count": count} for what, count in summary.counts.items()]
    rows += [{"what": f"not imported: {why}", "count": count}
             for why, count in summary.dropped.items() if count]
    rows += [{"what": "bodies that are curated organisations (same identifier)",
              "count": len(summary.merges)},
             {"what": "bodies named as a curated entity, to review (not merged)",
              "count": to_review}]
    lines = []
    if started:
        lines.append(f"{display_path(data_dir)} held no dataset: started it as a copy of "
                     "graphkit's embedded one")
    lines.append(f"imported {summary.dataset} (release {summary.release or 'not stated'}) "
                 f"into {display_path(folder)}")
    if to_review:
        lines.append(f"names to review: {display_path(review)}")
    emit(rows, ["what", "count"], fmt, title="\n".join(lines))


def _data_required(command: Callable) -> Callable:
    """Add ``--data DIR``, required: an import never writes into the embedded dataset."""
    return click.option(
        "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
        help="Dataset folder to import into (DATA/imported/<dataset>/); a folder without a "
             "dataset starts as a copy of graphkit's embedded one.")(command)


@click.group(name="import")
def import_group() -> None:
    """Import Italian open data into a dataset folder, beside its curated records.

    Published files are read as they are (Parquet, zipped or plain CSV) and written as
    Parquet under DATA/imported/<dataset>/; every command on DATA then reads them with the
    curated records (build, metrics, show, path, query, bridges). Natural persons are
    never imported. Bad input is refused with the file, row and column, and nothing is
    written.
    """


@import_group.command(name="opencoesione")
@_data_required
@click.option("--progetti", "progetti", multiple=True, required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="OpenCoesione's projects file (progetti_*.parquet, .zip or .csv); repeat "
                   "for several.")
@click.option("--soggetti", "soggetti", multiple=True, required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="OpenCoesione's subjects file (soggetti_*.parquet, .zip or .csv); repeat "
                   "for several.")
@click.option("--theme", "themes", multiple=True, metavar="CODE[,CODE…]",
              help="Only projects of these themes (OC_COD_TEMA_SINTETICO: 09 Inclusione sociale "
                   "e salute…); 'welfare' stands for 08, 09 and 10.")
@click.option("--cycle", "cycles", multiple=True, metavar="CYCLE",
              help="Only projects of these programming cycles (3 or 2021-2027).")
@click.option("--programme", "programmes", multiple=True, metavar="CODE",
              help="Only projects of these programmes (OC_CODICE_PROGRAMMA).")
@click.option("--region", "regions", multiple=True, metavar="REGION",
              help="Only projects in these regions (a name or ISTAT code).")
@click.option("--since", default=None, metavar="DATE",
              help="Only projects starting from this year (or YYYY-MM[-DD]) on.")
@click.option("--until", default=None, metavar="DATE",
              help="Only projects starting up to this year (or YYYY-MM[-DD]).")
@click.option("--name", default=None, help="Name of the imported dataset's folder "
              "[default: opencoesione-<release>].")
@output_options
@clean_errors
def opencoesione_command(data_dir: Path, progetti: tuple[Path, ...], soggetti: tuple[Path, ...],
                         themes: tuple[str, ...], cycles: tuple[str, ...],
                         programmes: tuple[str, ...], regions: tuple[str, ...],
                         since: str | None, until: str | None, name: str | None,
                         fmt: str) -> None:
    """Import OpenCoesione's cohesion-policy projects and the bodies taking part in them.

    Each role becomes a relation from the body to the project: programming authority,
    implementer, beneficiary (and partner, when a project has several beneficiaries),
    contractor. Bodies that bear a curated organisation's codice fiscale, IPA or ISTAT code
    are that organisation; bodies that only share its name are listed in review.csv.
    """
    started = not (data_dir / "entities.yaml").is_file()  # opencoesione_into starts it
    summary = opencoesione_into(
        data_dir, list(soggetti), list(progetti), themes=_themes(themes), cycles=_split(cycles),
        programmes=_split(programmes), regions=_split(regions),
        since=_day(since, False, "--since"), until=_day(until, True, "--until"), name=name)
    _report(summary, started, data_dir, fmt)


@import_group.command(name="indicepa")
@_data_required
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", default="indicepa", show_default=True,
              help="Name of the imported dataset's folder.")
@output_options
@clean_errors
def indicepa_command(data_dir: Path, path: Path, name: str, fmt: str) -> None:
    """Import IndicePA's register of public bodies (enti.csv, or a zip of it).

    It gives the public bodies of the OpenCoesione imports their registered name, type and
    seat, matched by IPA code and codice fiscale.
    """
    started = not (data_dir / "entities.yaml").is_file()  # indicepa_into starts it
    _report(indicepa_into(data_dir, path, name=name), started, data_dir, fmt)


@click.command()
@filter_options
@click.option("--theme", "themes", multiple=True, metavar="CODE[,CODE…]",
              help="Only imported projects of these OpenCoesione themes (09 Inclusione sociale "
                   "e salute…; 'welfare' for 08, 09, 10); curated records are kept whole.")
@click.option("--with-funding", is_flag=True,
              help="Count funding (funds, programming authority) as a tie, as metrics does.")
@click.option("--top", type=click.IntRange(min=0), default=None,
              help=f"Show only the first N rows, 0 for all [default: {TABLE_TOP} in the table "
                   "format, all in CSV and JSON].")
@click.option("--funders", "shown", type=click.IntRange(min=1), default=TABLE_FUNDERS,
              show_default=True, help="Funders listed per organisation in the table format.")
@click.option("--k", "k", type=click.IntRange(min=1), default=None,
              help="Estimate betweenness (KADABRA) at the error of K sampled sources "
                   "[default: exact up to 20,000 nodes].")
@click.option("--exact", is_flag=True, help="Exact betweenness even on a large view.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for sampling.")
@output_options
@clean_errors
def bridges(data_dir: Path, level: str, since: str | None, until: str | None,
            territory: str | None, include_persons: bool, themes: tuple[str, ...],
            with_funding: bool, top: int | None, shown: int, k: int | None, exact: bool,
            seed: int, fmt: str) -> None:
    """Which organisations bridge the projects of a view, and who funds those projects.

    Organisations come most bridging first (betweenness, then weighted degree) in the
    organisation view of the filters; each row says how many initiatives the organisation
    takes part in and who funds them (funders, programming authorities, programmes), most
    first. The filters are pushed down to the imported datasets, so a region and a window
    read only their slice of a national import.
    """
    G = build_graph(load_data(data_dir, since=since, until=until, territory=territory,
                              themes=_themes(themes)))
    top = (TABLE_TOP if fmt == "table" else 0) if top is None else top
    table = bridges_table(G, level=level, since=since, until=until, territory=territory,
                          include_persons=include_persons, with_funding=with_funding,
                          top=top or None, k=k, exact=exact, seed=seed,
                          progress=progress_for(G.number_of_nodes()))
    if not table.rows:
        raise GraphkitError("no organisation is tied to another in this view")
    rows = []
    for row in table.rows:
        funders = [f"{label} ({count})" for _, label, count in row["funders"]]
        if fmt == "table" and len(funders) > shown:
            funders = [*funders[:shown], f"… (+{len(funders) - shown} more)"]
        rows.append({**row, "funded_by": funders,
                     "funder_ids": [f for f, _, _ in row["funders"]]})
    columns = ["label", "betweenness", "weighted_degree", "initiatives", "funded_by"]
    if fmt != "table":
        columns = ["id", "label", "type", *columns[1:], "funder_ids"]
    title = [*table.notes, "funded_by: the funders of the initiatives the organisation takes "
             "part in, with how many of them each funds"]
    if fmt == "table":
        emit(rows, columns, fmt, title="\n".join(title))
    else:
        for line in title:
            click.echo(line, err=True)
        emit(rows, columns, fmt)
