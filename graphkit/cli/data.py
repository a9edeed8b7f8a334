"""Dataset commands: ``build``, ``validate``, ``vocab`` and ``ontology``.

Thin wrappers over :func:`graphkit.export.build.build_exports`,
:func:`graphkit.rdf.validate.validate`, :mod:`graphkit.schema.vocabulary` and
:mod:`graphkit.rdf.ontology`.
"""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.options import (
    DEFAULT_ONTOLOGY_DIR,
    EXPORTS_HELP,
    clean_errors,
    data_option,
    exports_dir,
    progress_for,
)
from graphkit.cli.output import emit, output_options
from graphkit.errors import GraphkitError, display_path
from graphkit.export.build import build_exports
from graphkit.files import write_all_atomic
from graphkit.model.imported import load_data
from graphkit.model.load import load_dataset
from graphkit.rdf.ontology import ontology_graph, shapes_graph
from graphkit.rdf.validate import validate
from graphkit.schema.namespaces import compact
from graphkit.schema.vocabulary import NODE_TYPES, PROPERTIES, RELATIONS


@click.command()
@data_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, show_default=EXPORTS_HELP, help="Folder to write the exports into.")
@click.option("--metrics/--no-metrics", default=True, show_default=True,
              help="Compute the network measures (metrics.csv, and measures on every node).")
@click.option("--html/--no-html", default=True, show_default=True,
              help="Render the interactive pages, graph.html (organisations) and "
                   "graph-full.html (the typed graph).")
@output_options
@clean_errors
def build(data_dir: Path, out_dir: Path | None, metrics: bool, html: bool, fmt: str) -> None:
    """Validate the dataset and write every export (RDF, GraphML, CSV, Kumu, metrics, HTML).

    The datasets imported into DATA/imported are exported with the curated records.
    Nothing is written when the data has errors; each file is replaced atomically.
    """
    dataset = load_data(data_dir)
    built = build_exports(dataset, out_dir or exports_dir(data_dir), metrics=metrics, html=html,
                          progress=progress_for(len(dataset.entities)))
    rows = [{"file": display_path(p), "bytes": p.stat().st_size} for p in built.paths]
    title = (f"{len(dataset.entities)} entities, {len(dataset.relations)} relations, "
             f"{len(dataset.facts)} facts from {len(dataset.documents)} documents")
    emit(rows, ["file", "bytes"], fmt, title="\n".join([title, *built.notes]))


@click.command(name="validate")
@data_option
@click.option("--sources", "sources_dirs", type=click.Path(file_okay=False, path_type=Path),
              multiple=True, help="Folder of source texts: also check every locator against "
              "them (repeat for several folders).")
@output_options
@clean_errors
def validate_command(data_dir: Path, sources_dirs: tuple[Path, ...], fmt: str) -> None:
    """Check the dataset: file syntax, references, types, locators and SHACL shapes.

    Exits with status 1 and lists every problem when there is any.
    """
    dataset = load_dataset(data_dir)
    problems = validate(dataset, sources_dirs)
    if problems and fmt == "table":
        listing = "\n".join(f"  {p}" for p in problems)
        raise GraphkitError(f"{len(problems)} problem(s):\n{listing}")
    if problems:
        emit([{"problem": p} for p in problems], ["problem"], fmt)
        raise click.exceptions.Exit(1)
    counts = {"entities": len(dataset.entities), "relations": len(dataset.relations),
              "facts": len(dataset.facts), "documents": len(dataset.documents),
              "sources_checked": len(sources_dirs)}
    if fmt == "table":
        click.echo(f"OK: {counts['entities']} entities, {counts['relations']} relations, "
                   f"{counts['facts']} facts from {counts['documents']} documents"
                   + (",\nevery locator checked against the sources" if sources_dirs else "")
                   + ";\nthe graph conforms to the SHACL shapes.")
    else:
        emit([counts], list(counts), fmt)


@click.command()
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
        if fmt == "table":  # fits 100 columns with every name whole (label_en: CSV, JSON)
            for row in rows:
                row["predicate"] = compact(row["predicate"])
            emit(rows, ["relation", "predicate", "from", "to"], fmt)
            return
    else:
        rows = [{"property": p.name, "kind": p.kind.value, "label_en": p.label_en,
                 "label_it": p.label_it, "predicate": str(p.predicate)}
                for p in PROPERTIES.values()]
    emit(rows, list(rows[0]), fmt)


@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_ONTOLOGY_DIR, show_default="ontology/",
              help="Folder to write graphkit.ttl and shapes.ttl into.")
@clean_errors
def ontology(out_dir: Path) -> None:
    """Write the OWL ontology and the SHACL shapes generated from the vocabulary."""
    files = {
        "graphkit.ttl": ontology_graph().serialize(format="turtle").encode("utf-8"),
        "shapes.ttl": shapes_graph().serialize(format="turtle").encode("utf-8"),
    }
    for path in write_all_atomic(out_dir, files):
        click.echo(f"wrote {path}")
