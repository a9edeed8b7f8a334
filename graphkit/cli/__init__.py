"""The ``graphkit`` command line: a thin layer over the library functions.

Every command takes ``--data DIR`` (the curated dataset, by default the one
embedded in graphkit) and prints records with ``--format table|csv|json``.
Errors in the data are reported with file and line, and exit with status 1.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import click


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
            command = getattr(importlib.import_module(module), name)
            command.short_help = lazy.short_help  # one help line, listed or loaded
            return command
        return super().get_command(ctx, cmd_name)


#: Every command, imported only when it is run or asked for help (``graphkit --help`` lists
#: them from these lines without importing numpy, networkx, rdflib or spaCy).
LAZY_COMMANDS = {name: LazyCommand(target, short_help) for name, target, short_help in (
    ("build", "graphkit.cli.data:build",
     "Validate the dataset and write every export (RDF, GraphML, CSV, Kumu, metrics, HTML)."),
    ("validate", "graphkit.cli.data:validate_command",
     "Check the dataset: syntax, references, types, locators and SHACL shapes."),
    ("vocab", "graphkit.cli.data:vocab",
     "List the vocabulary: node types, relations or entity properties."),
    ("ontology", "graphkit.cli.data:ontology",
     "Write the OWL ontology and the SHACL shapes generated from the vocabulary."),
    ("metrics", "graphkit.cli.analyse:metrics",
     "Centrality, brokerage, k-core and community of every organisation in a view."),
    ("communities", "graphkit.cli.analyse:communities_command",
     "The Louvain communities of a view, with their members and the modularity."),
    ("show", "graphkit.cli.analyse:show",
     "One entity (by id, name or alias) and its relations, each with its source."),
    ("path", "graphkit.cli.analyse:path",
     "The shortest connections between two actors, each hop with its evidence."),
    ("synth", "graphkit.cli.analyse:synth",
     "Write a realistic synthetic network in the data format into OUT_DIR."),
    ("report", "graphkit.cli.report:report",
     "A static report of a view (HTML, or PDF): central actors, brokers, communities, funders."),
    ("export", "graphkit.cli.html:export",
     "Export the graph in formats meant for people (an interactive HTML page)."),
    ("query", "graphkit.cli.query:query",
     "Run a read-only SPARQL query on the graph (prefixes pre-bound)."),
    ("serve", "graphkit.cli.query:serve",
     "Serve the graph as a read-only SPARQL endpoint, and the interactive HTML."),
    ("push", "graphkit.cli.query:push_command",
     "Replace graphkit's named graphs in a triple store (SPARQL Graph Store protocol)."),
    ("ingest", "graphkit.cli.ingest:ingest",
     "Draft entities, relations and facts from Italian texts, or merge a reviewed draft."),
    ("import", "graphkit.cli.opendata:import_group",
     "Import Italian open data (OpenCoesione, IndicePA) beside the curated records."),
    ("bridges", "graphkit.cli.opendata:bridges",
     "Which organisations bridge the projects of a view, and who funds those projects."),
)}


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="graphkit")
def main() -> None:
    """graphkit: knowledge graphs of Italian territorial welfare networks.

    Load the curated dataset, build the graph, and export, query and measure it.
    """
