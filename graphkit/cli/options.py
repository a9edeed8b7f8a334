"""Options and behaviour shared by every command, defined once.

``--data`` (the dataset folder), ``--store`` (a prepared SPARQL store), the
view filters (``--view``, ``--level``, ``--since``, ``--until``,
``--territory``, ``--include-persons``), and
:func:`clean_errors`, which turns a :class:`~graphkit.errors.GraphkitError`
into a one-line message and exit status 1 instead of a traceback. The output
format option lives beside it in :mod:`graphkit.cli.output`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graphkit.errors import GraphkitError
from graphkit.model.load import DEFAULT_DATA_DIR
from graphkit.resources import bundled, in_checkout
from graphkit.schema.vocabulary import LEVELS, VIEWS

#: Where ``graphkit ontology`` writes: the checkout's ontology/, or ./ontology when installed.
DEFAULT_ONTOLOGY_DIR = bundled("ontology") if in_checkout() else Path("ontology")
#: How the help of ``--out`` describes :func:`exports_dir`.
EXPORTS_HELP = ("exports/ beside the embedded dataset in a source checkout, ./exports for an "
                "installed graphkit; DATA/exports for another --data")


def exports_dir(data_dir: Path) -> Path:
    """Where the exports of the dataset in *data_dir* go unless told otherwise.

    The embedded dataset's beside it in a source checkout (the committed ``exports/``), or
    in ``./exports`` for an installed graphkit; any other dataset's in ``DATA/exports``, so
    that a build of other data never overwrites the embedded dataset's exports.

    Examples
    --------
    >>> exports_dir(Path("/srv/rete"))
    PosixPath('/srv/rete/exports')
    """
    if data_dir.resolve() != DEFAULT_DATA_DIR.resolve():
        return data_dir / "exports"
    return DEFAULT_DATA_DIR.parent / "exports" if in_checkout() else Path("exports")


#: Commands working on at least this many nodes or entities report progress on standard error.
PROGRESS_FROM = 2000


def progress_for(size: int) -> Callable[[str], None] | None:
    """A progress reporter (``… message`` on standard error) for work on *size* items, or
    None when the work is small enough to be quick."""
    if size < PROGRESS_FROM:
        return None
    return lambda message: click.echo(f"… {message}", err=True)


def clean_errors(command: Callable) -> Callable:
    """Report a :class:`GraphkitError` raised by *command* as a message, exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except GraphkitError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def data_option(command: Callable) -> Callable:
    """Add ``--data DIR``: the dataset folder (entities.yaml + documents/)."""
    return click.option(
        "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_DATA_DIR, show_default="the embedded dataset",
        help="Dataset folder with entities.yaml and documents/*.yaml.",
    )(command)


def store_option(command: Callable) -> Callable:
    """Add ``--store DIR`` (or ``GRAPHKIT_STORE``): a store kept and reused between runs."""
    return click.option(
        "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
        default=None, envvar="GRAPHKIT_STORE", show_envvar=True,
        show_default="prepared afresh for this run",
        help="Keep the Oxigraph store prepared from the data in this folder, and reuse it "
             "while the data and graphkit are unchanged (preparing takes minutes on a "
             "national-scale dataset, reopening milliseconds).",
    )(command)


def filter_options(command: Callable) -> Callable:
    """Add ``--data`` and the filters of a view: level, time window, territory, persons."""
    options = [
        click.option("--level", type=click.Choice(LEVELS), default="local", show_default=True,
                     help="parent: merge branches into their parent organisation."),
        click.option("--since", default=None, metavar="YEAR",
                     help="Only what is active from this year (or YYYY-MM[-DD]) on."),
        click.option("--until", default=None, metavar="YEAR",
                     help="Only what is active up to this year (or YYYY-MM[-DD])."),
        click.option("--territory", default=None, metavar="NAME",
                     help="Only what is located in this region, province or town."),
        click.option("--include-persons", is_flag=True, help="Keep persons in the view."),
    ]
    for option in reversed(options):
        command = option(command)
    return data_option(command)


def view_options(command: Callable) -> Callable:
    """Add ``--view`` (orgs, bipartite, full) and :func:`filter_options`."""
    command = filter_options(command)
    return click.option(
        "--view", type=click.Choice(VIEWS), default=VIEWS[0], show_default=True,
        help="orgs: organisations linked by shared initiatives; bipartite: organisations "
             "and initiatives; full: the typed graph.")(command)
