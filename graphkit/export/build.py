"""Render the graph to every export format and write them atomically.

:func:`export_files` makes the files one at a time (``dict(export_files(…))``
keeps them in memory) and :func:`build_exports` writes each as soon as it is
made, renaming them all into place only at the end (so a failure leaves
``exports/`` untouched). All output is
deterministic: sorted records, no blank nodes in the data, fixed key order.

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> files = dict(export_files(load_dataset(), metrics=False, html=False))
>>> sorted(files)[:3]
['edges.csv', 'graph.graphml', 'graph.jsonld']
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from graphkit.algorithms import default_measures, node_metrics, rounded
from graphkit.export.html.page import MAX_EDGES, MAX_NODES, render_html
from graphkit.export.spreadsheet import safe_cell
from graphkit.files import staged_files
from graphkit.graph.build import build_graph, evidence
from graphkit.graph.views import make_view
from graphkit.model.records import Dataset
from graphkit.rdf.mapping import sorted_quads_and_triples
from graphkit.schema.namespaces import jsonld_context
from graphkit.schema.vocabulary import NODE_TYPES, PROPERTIES, RELATIONS

NODE_COLUMNS = ("id", "label", "type", "group", "aliases", "level", "parent", "territories",
                "documents", "identifiers")
EDGE_COLUMNS = ("id", "source", "target", "relation", "source_document", "source_title",
                "source_address", "date", "paragraph",
                "span_start", "span_end", "row", "confidence", "method", "role", "amount",
                "currency",
                "approximate", "start", "end", "note", "source_label", "target_label")

#: Network measures per node id, as produced by :mod:`graphkit.algorithms`.
NodeMetrics = Mapping[str, Mapping[str, Any]]


def _cell(value: Any) -> str:
    """A CSV cell: numbers as they are, text safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return safe_cell("; ".join(map(str, value)))
    if isinstance(value, dict):
        return safe_cell("; ".join(f"{k}:{v}" for k, v in sorted(value.items())))
    if isinstance(value, float):
        return repr(rounded(value))
    if isinstance(value, int | Decimal):
        return str(value)
    return safe_cell(str(value))


def _csv(columns: list[str] | tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8")


def _property_columns(G: nx.MultiDiGraph) -> list[str]:
    present = {key for _, data in G.nodes(data=True) for key in data}
    return [name for name in PROPERTIES if name in present]


def node_rows(G: nx.MultiDiGraph, metrics: NodeMetrics | None = None) -> list[dict[str, Any]]:
    """One record per node: id, label, type, attributes, facts and measures."""
    rows = []
    for node, data in G.nodes(data=True):
        row = {"id": node, **data}
        row.update((metrics or {}).get(node, {}))
        rows.append(row)
    return rows


def edge_rows(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One record per edge, with its provenance (the document's title and address too) and
    the labels of both ends."""
    rows = []
    for source, target, key, data in G.edges(keys=True, data=True):
        where = evidence(G, data)
        rows.append({
            "id": key, "source": source, "target": target, **data,
            "span_start": where["span_start"], "span_end": where["span_end"],
            "source_title": where["source"], "source_address": where["address"],
            "source_label": G.nodes[source]["label"], "target_label": G.nodes[target]["label"],
        })
    return rows


def _metric_columns(metrics: NodeMetrics | None) -> list[str]:
    return sorted({m for values in (metrics or {}).values() for m in values})


def nodes_csv(G: nx.MultiDiGraph, metrics: NodeMetrics | None = None) -> bytes:
    """``nodes.csv``: one row per entity (Gephi/Kumu importable)."""
    columns = [*NODE_COLUMNS, *_property_columns(G), *_metric_columns(metrics)]
    return _csv(columns, node_rows(G, metrics))


def edges_csv(G: nx.MultiDiGraph) -> bytes:
    """``edges.csv``: one row per sourced relation."""
    return _csv(EDGE_COLUMNS, edge_rows(G))


def kumu_json(G: nx.MultiDiGraph, metrics: NodeMetrics | None = None) -> bytes:
    """A Kumu blueprint: ``{"elements": [...], "connections": [...]}``."""
    elements = []
    extra_columns = (*_property_columns(G), *_metric_columns(metrics))
    for row in node_rows(G, metrics):
        element = {
            "id": row["id"],
            "label": row["label"],
            "type": NODE_TYPES[row["type"]].label_en,
            "tags": [row["group"], row["type"]],
        }
        for key in ("aliases", "level", "parent", "territories", "documents"):
            if row.get(key):
                element[key] = list(row[key]) if isinstance(row[key], tuple) else row[key]
        element.update({k: row[k] for k in extra_columns if row.get(k) is not None})
        elements.append(element)
    connections = []
    for row in edge_rows(G):
        connection = {
            "id": row["id"], "from": row["source"], "to": row["target"],
            "type": RELATIONS[row["relation"]].label_en,
            "direction": "directed",
            "relation": row["relation"],
            "source_document": row["source_document"],
        }
        for key in ("date", "role", "amount", "currency", "confidence", "paragraph"):
            if row.get(key) is not None:
                value = row[key]
                connection[key] = float(value) if isinstance(value, Decimal) else value
        connections.append(connection)
    blueprint = {"elements": elements, "connections": connections}
    return (json.dumps(blueprint, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def graphml(G: nx.MultiDiGraph, metrics: NodeMetrics | None = None) -> bytes:
    """GraphML for Gephi and yEd, with every attribute flattened to a scalar."""
    flat = nx.MultiDiGraph()
    for row in node_rows(G, metrics):
        node = row.pop("id")
        identifiers = row.pop("identifiers", {})
        attrs = {k: _scalar(v) for k, v in row.items() if v not in (None, (), "")}
        attrs.update({f"id_{scheme}": value for scheme, value in identifiers.items()})
        flat.add_node(node, **attrs)
    for source, target, key, data in G.edges(keys=True, data=True):
        attrs = {k: _scalar(v) for k, v in data.items() if k != "span" and v is not None}
        if "span" in data:  # a relation of an imported dataset has a row instead
            attrs["span_start"], attrs["span_end"] = data["span"]
        flat.add_edge(source, target, key=key, **attrs)
    return ("\n".join(nx.generate_graphml(flat, named_key_ids=True)) + "\n").encode("utf-8")


def _scalar(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return value


def _sorted_prefixes(document: bytes) -> bytes:
    """Put the ``@prefix`` lines of a Turtle/TriG document in a fixed order."""
    lines = document.split(b"\n")
    count = next(i for i, line in enumerate(lines) if not line.startswith(b"@prefix"))
    return b"\n".join([*sorted(lines[:count]), b"", *lines[count:]])


class _Compactor:
    """Shortens full IRIs in property keys and ``@id`` values to CURIEs of the context
    (datatype IRIs stay in full)."""

    def __init__(self, context: Mapping[str, str]) -> None:
        self.namespaces = sorted(context.items(), key=lambda item: -len(item[1]))
        self.cache: dict[str, str] = {}

    def curie(self, iri: str) -> str:
        found = self.cache.get(iri)
        if found is None:
            found = iri
            for prefix, namespace in self.namespaces:
                if iri.startswith(namespace) and len(iri) > len(namespace):
                    found = f"{prefix}:{iri[len(namespace):]}"
                    break
            self.cache[iri] = found
        return found

    def term(self, term: ox.NamedNode | ox.Literal) -> dict[str, str]:
        """A JSON-LD value object (expanded form, IRIs compacted)."""
        if isinstance(term, ox.Literal):
            if term.language:
                return {"@language": term.language, "@value": term.value}
            if term.datatype.value != _XSD_STRING:
                return {"@type": term.datatype.value, "@value": term.value}
            return {"@value": term.value}
        return {"@id": self.curie(term.value)}


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _jsonld_nodes(triples: Iterable[ox.Triple], compactor: _Compactor
                  ) -> Iterator[dict[str, Any]]:
    """One node object per subject of *triples* (sorted, so each subject's triples are
    consecutive), built directly: no whole-document JSON tree in memory."""
    for subject, group in groupby(triples, key=lambda t: t.subject):
        node: dict[str, Any] = {"@id": compactor.curie(subject.value)}
        for triple in group:
            node.setdefault(compactor.curie(triple.predicate.value), []).append(
                compactor.term(triple.object))
        yield node


def jsonld(triples: list[ox.Triple]) -> bytes:
    """JSON-LD of *triples*: a ``@context`` of graphkit's prefixes and CURIE-compacted nodes.

    One node object per line keeps the file readable in a diff and fast to write.
    """
    context = jsonld_context()
    nodes = ",\n  ".join(json.dumps(node, ensure_ascii=False)
                         for node in _jsonld_nodes(triples, _Compactor(context)))
    head = json.dumps(context, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return f'{{\n  "@context": {head},\n  "@graph": [\n  {nodes}\n  ]\n}}\n'.encode()


def rdf_files(dataset: Dataset, metrics: NodeMetrics | None = None
              ) -> Iterator[tuple[str, bytes]]:
    """``graph.ttl``, ``graph.jsonld`` and ``graph.trig``, serialised by pyoxigraph, one
    at a time (the triples are let go before the last one is made)."""
    quads, triples = sorted_quads_and_triples(dataset, metrics)
    prefixes = jsonld_context()
    yield "graph.ttl", _sorted_prefixes(
        ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes))
    yield "graph.jsonld", jsonld(triples)
    del triples
    yield "graph.trig", _sorted_prefixes(
        ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes))


@dataclass
class Written:
    """The files :func:`build_exports` wrote (sorted by name), and notes on how they were made."""

    paths: list[Path]
    notes: list[str] = field(default_factory=list)


def export_files(dataset: Dataset, G: nx.MultiDiGraph | None = None, *,
                 metrics: bool = True, html: bool = True,
                 progress: Callable[[str], None] | None = None,
                 notes: list[str] | None = None) -> Iterator[tuple[str, bytes]]:
    """Every export file of *dataset*, one at a time, as (file name, content).

    Parameters
    ----------
    dataset : Dataset
        The loaded dataset.
    G : networkx.MultiDiGraph, optional
        Its graph, if already built.
    metrics : bool
        Compute the network measures of the organisation view: ``metrics.csv``,
        and the measures added to ``nodes.csv``, GraphML, Kumu and RDF.
    html : bool
        Render the interactive pages: ``graph.html`` (the organisation view, sized by
        the measures above) and ``graph-full.html`` (the typed graph, persons included),
        each linking to the other; a page is skipped, with a note, when its view is too
        large to draw.
    progress : callable, optional
        Receives a message before each long step.
    notes : list of str, optional
        Receives notes on how the files were made (sampling, skipped files).
    """
    say = progress or (lambda _: None)
    notes = [] if notes is None else notes
    G = build_graph(dataset) if G is None else G
    measures = None
    if metrics:
        say("network measures…")
        table = default_measures(G, progress)
        if table is None:
            notes.append("metrics.csv not written: fewer than two organisations are linked to "
                         "one another, so there is nothing to measure")
        else:
            notes += table.notes
            measures = node_metrics(table)
            yield "metrics.csv", _csv(table.columns, [{k: rounded(v) for k, v in row.items()}
                                                      for row in table.rows])
    say("RDF…")
    yield from rdf_files(dataset, measures)
    say("GraphML, CSV, Kumu…")
    yield "graph.graphml", graphml(G, measures)
    yield "nodes.csv", nodes_csv(G, measures)
    yield "edges.csv", edges_csv(G)
    yield "kumu.json", kumu_json(G, measures)
    if not html:
        return
    given = {m: {node: values[m] for node, values in measures.items() if m in values}
             for m in {m for values in measures.values() for m in values}} if measures else None
    pages = (("graph.html", make_view(G), given, "the organisation view",
              ("graph-full.html", "the typed graph")),
             ("graph-full.html", make_view(G, "full", include_persons=True), None,
              "the typed graph", ("graph.html", "the organisation view")))
    for name, view, known, what, other in pages:
        if view.number_of_nodes() > MAX_NODES or view.number_of_edges() > MAX_EDGES:
            notes.append(f"{name} not written: {what}'s {view.number_of_nodes()} nodes and "
                         f"{view.number_of_edges()} edges are too many to draw; use "
                         "`graphkit export html` with a smaller view")
            continue
        say(f"interactive HTML ({name})…")
        yield name, render_html(view, G, known, title="graphkit: territorial welfare networks",
                                other=other)


def build_exports(dataset: Dataset, out_dir: Path | str, G: nx.MultiDiGraph | None = None,
                  **options: Any) -> Written:
    """Render every export of *dataset* (see :func:`export_files` for *options*) into
    *out_dir*, all or none (:func:`graphkit.files.staged_files`).

    Each file goes to disk as soon as it is made, so a national-scale build never
    holds every export in memory; nothing replaces the old files until all are made.

    Returns
    -------
    Written
        The paths written and the notes.
    """
    notes: list[str] = []
    with staged_files(out_dir) as write:
        paths = [write(name, data)
                 for name, data in export_files(dataset, G, notes=notes, **options)]
    return Written(sorted(paths), notes)
