"""Render the graph to every export format and write them atomically.

:func:`render_exports` computes every file in memory (so a failure leaves
``exports/`` untouched) and :func:`build_exports` writes them. All output is
deterministic: sorted records, no blank nodes in the data, fixed key order.

Examples
--------
>>> from graphkit.dataset import load_dataset
>>> files = render_exports(load_dataset())
>>> sorted(files)[:3]
['edges.csv', 'graph.graphml', 'graph.jsonld']
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset as RDFDataset
from rdflib import Graph

from graphkit.dataset import Dataset
from graphkit.graph import build_graph
from graphkit.io import write_all_atomic
from graphkit.model import NODE_TYPES, PROPERTIES, RELATIONS
from graphkit.namespaces import PREFIXES, bind_prefixes
from graphkit.rdf import to_rdf, union_graph

NODE_COLUMNS = ("id", "label", "type", "group", "aliases", "level", "parent", "territories",
                "documents", "identifiers")
EDGE_COLUMNS = ("id", "source", "target", "relation", "source_document", "date", "paragraph",
                "span_start", "span_end", "confidence", "method", "role", "amount", "currency",
                "start", "end", "note", "source_label", "target_label")

#: Network measures per node id, as produced by :mod:`graphkit.metrics`.
NodeMetrics = Mapping[str, Mapping[str, Any]]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k}:{v}" for k, v in sorted(value.items()))
    if isinstance(value, float):
        return repr(round(value, 10))
    return str(value)


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
    """One record per edge, with its provenance and the labels of both ends."""
    rows = []
    for source, target, key, data in G.edges(keys=True, data=True):
        start, end = data["span"]
        rows.append({
            "id": key, "source": source, "target": target, **data,
            "span_start": start, "span_end": end,
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
        element.update({k: row[k] for k in (*_property_columns(G), *_metric_columns(metrics))
                        if row.get(k) is not None})
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
        attrs["span_start"], attrs["span_end"] = data["span"]
        flat.add_edge(source, target, key=key, **attrs)
    return ("\n".join(nx.generate_graphml(flat, named_key_ids=True)) + "\n").encode("utf-8")


def _scalar(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return value


def jsonld_context() -> dict[str, str]:
    """The JSON-LD ``@context``: graphkit's prefixes."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _turtle_body(graph: Graph) -> tuple[list[str], list[str]]:
    """Prefix lines and statement lines of *graph* in Turtle (rdflib sorts subjects)."""
    lines = graph.serialize(format="turtle").splitlines()
    prefixes = [line for line in lines if line.startswith("@prefix")]
    body = [line for line in lines if not line.startswith("@prefix")]
    while body and not body[0].strip():
        body.pop(0)
    return prefixes, body


def trig(rdf: RDFDataset) -> str:
    """TriG with the named graphs in IRI order (rdflib's own TriG writer orders them at random)."""
    blocks, all_prefixes = [], set()
    for graph in sorted(rdf.graphs(), key=lambda g: str(g.identifier)):
        if len(graph) == 0:
            continue
        prefixes, body = _turtle_body(bind_prefixes(graph))
        all_prefixes.update(prefixes)
        inner = "\n".join(f"    {line}" if line.strip() else "" for line in body).rstrip()
        blocks.append(f"<{graph.identifier}> {{\n{inner}\n}}\n")
    return "\n".join(sorted(all_prefixes)) + "\n\n" + "\n".join(blocks)


def _canonical(value: Any) -> Any:
    """Sort JSON-LD arrays (unordered in RDF) so the output does not depend on set order."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(graph: Graph) -> str:
    """Compacted JSON-LD of *graph* with graphkit's context, in a stable order."""
    document = json.loads(graph.serialize(format="json-ld", context=jsonld_context()))
    document["@graph"] = _canonical(document.get("@graph", []))
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_rdf(dataset: Dataset, metrics: NodeMetrics | None = None) -> dict[str, bytes]:
    """``graph.ttl``, ``graph.trig`` and ``graph.jsonld``."""
    rdf = to_rdf(dataset, metrics)
    union = union_graph(rdf)
    return {
        "graph.ttl": union.serialize(format="turtle").encode("utf-8"),
        "graph.trig": trig(rdf).encode("utf-8"),
        "graph.jsonld": jsonld(union).encode("utf-8"),
    }


def render_exports(dataset: Dataset, G: nx.MultiDiGraph | None = None,
                   metrics: NodeMetrics | None = None) -> dict[str, bytes]:
    """Compute every export file of *dataset* in memory.

    Parameters
    ----------
    dataset : Dataset
        The loaded dataset.
    G : networkx.MultiDiGraph, optional
        Its graph, if already built.
    metrics : mapping, optional
        Measures per node id, added to the node tables, GraphML and RDF.

    Returns
    -------
    dict
        File name → content.
    """
    G = build_graph(dataset) if G is None else G
    files = render_rdf(dataset, metrics)
    files["graph.graphml"] = graphml(G, metrics)
    files["nodes.csv"] = nodes_csv(G, metrics)
    files["edges.csv"] = edges_csv(G)
    files["kumu.json"] = kumu_json(G, metrics)
    return files


def build_exports(dataset: Dataset, out_dir: Path | str,
                  metrics: NodeMetrics | None = None) -> list[Path]:
    """Render every export of *dataset* and write them atomically into *out_dir*."""
    return write_all_atomic(out_dir, render_exports(dataset, metrics=metrics))
