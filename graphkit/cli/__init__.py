"""The ``graphkit`` command line: a thin layer over the library functions.

Every command takes ``--data DIR`` (the curated dataset, by default the one
embedded in graphkit) and prints records with ``--format table|csv|json``.
Errors in the data are reported with file and line, and exit with status 1.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

import click

from graphkit.cli import analyse, query
from graphkit.cli.html import export
from graphkit.cli.options import (
    DEFAULT_EXPORTS_DIR,
    DEFAULT_ONTOLOGY_DIR,
    clean_errors,
    data_option,
    progress_for,
)
from graphkit.cli.output import emit, output_options
from graphkit.errors import GraphkitError, display_path
from graphkit.export.build import build_exports
from graphkit.files import write_all_atomic
from graphkit.model.load import load_dataset
from graphkit.rdf.ontology import ontology_graph, shapes_graph
from graphkit.rdf.validate import validate
from graphkit.schema.vocabulary import NODE_TYPES, PROPERTIES, RELATIONS


@dataclass(frozen=True)
class LazyCommand:
    """Where a lazily imported command lives (``module:attribute``), and its help line."""

    target: str
    short_help: str


class LazyGroup(click.Group):
    """A click group that imports some commands only when they are run or asked for help.

    ``graphkit ingest`` needs spaCy, whose import takes about half a second;
    registering it as a :class:`LazyCommand` spares that to every other
    command (the pattern of click's documentation), and to ``graphkit --help``,
    which lists it with the help line given here.
    """

    def __init__(self, *args: object, lazy: dict[str, LazyCommand] | None = None,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}
        self._listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            lazy = self.lazy[cmd_name]
            if self._listing:
                return click.Command(cmd_name, short_help=lazy.short_help)
            module, _, name = lazy.target.partition(":")
            return getattr(importlib.import_module(module), name)
        return super().get_command(ctx, cmd_name)


#: Commands imported only when used.
LAZY_COMMANDS = {
    "ingest": LazyCommand("graphkit.cli.ingest:ingest",
                          "Draft entities, relations and facts from Italian texts, or merge a "
                          "reviewed draft."),
}


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="graphkit")
def main() -> None:
    """graphkit: knowledge graphs of Italian territorial welfare networks.

    Load the curated dataset, build the graph, and export, query and measure it.
    """


@main.command()
@data_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_EXPORTS_DIR, show_default="exports/",
              help="Folder to write the exports into.")
@click.option("--metrics/--no-metrics", default=True, show_default=True,
              help="Compute the network measures (metrics.csv, and measures on every node).")
@click.option("--html/--no-html", default=True, show_default=True,
              help="Render the interactive graph.html.")
@output_options
@clean_errors
def build(data_dir: Path, out_dir: Path, metrics: bool, html: bool, fmt: str) -> None:
    """Validate the dataset and write every export (RDF, GraphML, CSV, Kumu, metrics, HTML).

    Nothing is written when the data has errors; each file is replaced atomically.
    """
    dataset = load_dataset(data_dir)
    built = build_exports(dataset, out_dir, metrics=metrics, html=html,
                          progress=progress_for(len(dataset.entities)))
    rows = [{"file": display_path(p), "bytes": p.stat().st_size} for p in built.paths]
    title = (f"{len(dataset.entities)} entities, {len(dataset.relations)} relations, "
             f"{len(dataset.facts)} facts from {len(dataset.documents)} documents")
    emit(rows, ["file", "bytes"], fmt, title="\n".join([title, *built.notes]))


@main.command(name="validate")
@data_option
@click.option("--sources", "sources_dirs", type=click.Path(file_okay=False, path_type=Path),
              multiple=True, help="Folder of source texts: also check every locator against "
              "them (repeat for several folders).")
@clean_errors
def validate_command(data_dir: Path, sources_dirs: tuple[Path, ...]) -> None:
    """Check the dataset: file syntax, references, types, locators and SHACL shapes.

    Exits with status 1 and lists every problem when there is any.
    """
    dataset = load_dataset(data_dir)
    problems = validate(dataset, sources_dirs)
    if problems:
        listing = "\n".join(f"  {p}" for p in problems)
        raise GraphkitError(f"{len(problems)} problem(s):\n{listing}")
    click.echo(f"OK: {len(dataset.entities)} entities, {len(dataset.relations)} relations, "
               f"{len(dataset.facts)} facts; the graph conforms to the SHACL shapes.")


@main.command()
@click.argument("part", type=click.Choice(["types", "relations", "properties"]), default="types")
@output_options
def vocab(part: str, fmt: str) -> None:
    """List the vocabulary: node types, relations or entity properties."""
    if part == "types":
        rows = [{"type": t.name, "group": t.group.value, "label_en": t.label_en,
                 "label_it": t.label_it, "rdf_class": t.rdf_class.n3()}
                for t in NODE_TYPES.values()]
    elif part == "relations":
        rows = [{"relation": r.name, "label_en": r.label_en, "label_it": r.label_it,
                 "predicate": str(r.predicate), "from": ", ".join(sorted(r.domain)),
                 "to": ", ".join(sorted(r.range))} for r in RELATIONS.values()]
    else:
        rows = [{"property": p.name, "kind": p.kind.value, "label_en": p.label_en,
                 "label_it": p.label_it, "predicate": str(p.predicate)}
                for p in PROPERTIES.values()]
    emit(rows, list(rows[0]), fmt)


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_ONTOLOGY_DIR, show_default="ontology/",
              help="Folder to write graphkit.ttl and shapes.ttl into.")
def ontology(out_dir: Path) -> None:
    """Write the OWL ontology and the SHACL shapes generated from the vocabulary."""
    files = {
        "graphkit.ttl": ontology_graph().serialize(format="turtle").encode("utf-8"),
        "shapes.ttl": shapes_graph().serialize(format="turtle").encode("utf-8"),
    }
    for path in write_all_atomic(out_dir, files):
        click.echo(f"wrote {path}")


for _command in (analyse.metrics, analyse.communities_command, analyse.show, analyse.path,
                 analyse.synth, export, query.query, query.serve, query.push_command):
    main.add_command(_command)
