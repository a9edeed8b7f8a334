"""Build the networkx knowledge graph from a :class:`~graphkit.model.load.Dataset`.

The graph is a :class:`networkx.MultiDiGraph`:

* one node per entity, keyed by entity id, with attributes ``label``, ``type``,
  ``group``, ``aliases`` (tuple), ``level`` (territories), ``identifiers``
  (dict), ``documents`` (tuple of the document ids that mention or relate it),
  ``parent`` (the ``branch_of`` target, if any), ``territories`` (tuple of
  ``located_in`` targets) and one attribute per property fact (``start_date``…);
* one edge per relation record, keyed by the record id, with attributes
  ``relation``, ``source_document``, ``date`` (the relation's own date, else the
  document's), ``paragraph``, ``span`` (start, end), ``confidence``, ``method``
  and, where stated, ``role``, ``amount``, ``currency``, ``start``, ``end``,
  ``note``; a relation read from a row of an imported dataset has ``row`` (its key)
  and ``link`` (the page of what the row is about) instead of paragraph and span.

``G.graph["documents"]`` maps document ids to their metadata.

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> G = build_graph(load_dataset())
>>> G.nodes["cna-lucca"]["parent"]
'cna'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import asdict

import networkx as nx

from graphkit.memory import paused_gc
from graphkit.model.records import Dataset, RelationRecord
from graphkit.schema.vocabulary import NODE_TYPES, Rel


@paused_gc()
def build_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """Return the typed multigraph of *dataset*, with provenance on every edge.

    Parameters
    ----------
    dataset : Dataset
        A loaded, validated dataset.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes and edges in a deterministic order (entities and relations sorted by id).
    """
    G = nx.MultiDiGraph(name="graphkit")
    G.graph["documents"] = document_attributes(dataset)
    G.add_nodes_from(node_attributes(dataset))
    for record in sorted(dataset.relations, key=_id):
        G.add_edge(record.subject, record.object, key=record.id,
                   **edge_attributes(dataset, record))
    return G


def document_attributes(dataset: Dataset) -> dict[str, dict]:
    """``G.graph["documents"]``: each document's metadata, by id (sorted).

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> document_attributes(load_dataset())["000_be95f7005f3ffa5b"]["kind"]
    'press_release'
    """
    return {doc_id: {k: v for k, v in asdict(doc).items() if v is not None}
            for doc_id, doc in sorted(dataset.documents.items())}


def node_attributes(dataset: Dataset) -> Iterator[tuple[str, dict]]:
    """Every node of :func:`build_graph` with its attributes, in the graph's order: what
    exports read without building the graph.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> dict(node_attributes(load_dataset()))["cna-lucca"]["parent"]
    'cna'
    """
    documents = dataset.appearances()
    facts: dict[str, dict[str, str]] = defaultdict(dict)
    for fact in sorted(dataset.facts, key=lambda f: (f.subject, f.property, f.id)):
        if fact.year is None and fact.territory is None:
            facts[fact.subject].setdefault(fact.property, fact.value)
    parents: dict[str, str] = {}
    territories: dict[str, set[str]] = defaultdict(set)
    for record in dataset.relations:
        if record.relation == Rel.BRANCH_OF:
            parents[record.subject] = min(parents.get(record.subject, record.object),
                                          record.object)
        elif record.relation == Rel.LOCATED_IN:
            territories[record.subject].add(record.object)
    for entity_id, entity in sorted(dataset.entities.items()):
        attrs: dict = {
            "label": entity.name,
            "type": entity.type,
            "group": NODE_TYPES[entity.type].group.value,
            "aliases": entity.aliases,
            "identifiers": dict(entity.identifiers),
            "documents": tuple(sorted(documents[entity_id])),
        }
        if entity.level:
            attrs["level"] = entity.level
        for name, value in facts.get(entity_id, {}).items():
            attrs.setdefault(name, value)
        if entity_id in parents:
            attrs["parent"] = parents[entity_id]
        attrs["territories"] = tuple(sorted(territories.get(entity_id, ())))
        yield entity_id, attrs


def edge_attributes(dataset: Dataset, record: RelationRecord) -> dict:
    """The attributes of a relation's edge: relation, provenance and what it states.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> ds = load_dataset()
    >>> edge_attributes(ds, ds.relations[0])["relation"]
    'supports'
    """
    attrs = {
        "relation": record.relation,
        "source_document": record.locator.document,
        "date": record.date or dataset.document_date(record.locator.document),
        "paragraph": record.locator.paragraph,
        "span": (record.locator.start, record.locator.end),
        "confidence": record.confidence,
        "method": record.method,
    }
    for key in ("role", "currency", "start", "end", "note"):
        if (value := getattr(record, key)) is not None:
            attrs[key] = value
    if record.locator.row is not None:  # a row of an imported dataset, not a text span
        del attrs["paragraph"], attrs["span"]
        attrs["row"] = record.locator.row
        if record.locator.link is not None:
            attrs["link"] = record.locator.link
    if record.amount is not None:
        attrs["amount"] = record.amount
    if record.approximate:
        attrs["approximate"] = True
    return attrs


def edges_in_order(dataset: Dataset) -> Iterator[tuple[str, str, str, dict]]:
    """Every edge of :func:`build_graph` as ``(source, target, key, attributes)``, in the
    order of ``G.edges(keys=True, data=True)``: by source, then by target in the order of
    their first relation's id, then by id.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> ds = load_dataset()
    >>> [e[:3] for e in edges_in_order(ds)] == list(build_graph(ds).edges(keys=True))
    True
    """
    targets: dict[str, dict[str, list[RelationRecord]]] = defaultdict(dict)
    for record in sorted(dataset.relations, key=_id):
        targets[record.subject].setdefault(record.object, []).append(record)
    for source in sorted(targets):
        for target, records in targets[source].items():
            for record in records:
                yield source, target, record.id, edge_attributes(dataset, record)


def _id(record: RelationRecord) -> str:
    return record.id


def evidence(G: nx.Graph, edge: dict) -> dict:
    """Where an edge's relation is stated, in words a reader can follow: the source's title
    (or the curator's summary), its address, the document id, paragraph and characters.

    A row of an imported dataset is named by the dataset's title and the row's key
    (``row``), and its address is the page of what the row is about (an OpenCoesione
    project's ``link``) rather than the dataset's.

    Examples
    --------
    >>> G = nx.MultiDiGraph(documents={"d1": {"id": "d1", "title": "Protocollo firmato",
    ...                                        "address": "https://example.org/p"}})
    >>> evidence(G, {"source_document": "d1", "paragraph": 2, "span": (10, 40)})["source"]
    'Protocollo firmato'
    >>> evidence(G, {"source_document": "d1", "row": "P1|3|1", "link": "https://x.it/p1"})[
    ...     "source"]
    'Protocollo firmato, row P1|3|1'
    """
    return evidence_in(G.graph.get("documents", {}), edge)


def evidence_in(documents: Mapping[str, dict], edge: dict) -> dict:
    """:func:`evidence` of an edge, read from the documents' metadata (*documents*, as
    :func:`document_attributes` gives them) instead of a graph.

    Examples
    --------
    >>> evidence_in({"d1": {"summary": "Protocollo"}}, {"source_document": "d1"})["source"]
    'Protocollo'
    """
    doc_id = edge.get("source_document")
    doc = documents.get(doc_id, {})
    span = edge.get("span") or (None, None)
    found = {"source": doc.get("title") or doc.get("summary") or doc_id,
             "address": doc.get("address"), "source_document": doc_id,
             "date": edge.get("date"), "paragraph": edge.get("paragraph"),
             "span_start": span[0], "span_end": span[1], "row": edge.get("row")}
    if found["row"] is not None:
        found["source"] = f"{found['source']}, row {found['row']}"
        found["address"] = edge.get("link") or found["address"]
    return found


def root_of(G: nx.MultiDiGraph, node: str) -> str:
    """Follow ``parent`` links from *node* to its top-level organisation.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("cgil"); G.add_node("cgil-toscana", parent="cgil")
    >>> G.add_node("cgil-lucca", parent="cgil-toscana")
    >>> root_of(G, "cgil-lucca")
    'cgil'
    """
    seen = {node}
    while (parent := G.nodes[node].get("parent")) is not None and parent not in seen:
        seen.add(parent)
        node = parent
    return node


def edges_of(G: nx.Graph) -> Iterator[tuple[Hashable, Hashable, dict]]:
    """The edges of *G* as ``(u, v, data)``, in the order of ``G.edges(data=True)``.

    They are read through ``G.adjacency()``: networkx caches its ``G.edges`` view
    on the graph, which ties *G* in a reference cycle, so that a dropped graph
    waits for a pass of the cyclic garbage collector (seconds, at 100,000
    organisations) instead of being freed at once.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "a")])
    >>> list(edges_of(G)) == list(G.edges(data=True))
    True
    """
    directed, multi = G.is_directed(), G.is_multigraph()
    done: set[Hashable] = set()
    for u, targets in G.adjacency():
        for v, data in targets.items():
            if directed or v not in done:
                yield from (((u, v, d) for d in data.values()) if multi else ((u, v, data),))
        if not directed:
            done.add(u)

