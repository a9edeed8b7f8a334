"""Map a :class:`~graphkit.model.load.Dataset` to RDF, one named graph per source document.

The mapping reuses standard vocabularies (W3C ORG, schema.org, PROV-O, Dublin
Core, FOAF, OntoPiA COV/CLV, FRAPO) through :mod:`graphkit.schema.vocabulary`:

* every entity is ``gkr:<id>``, typed with the classes of its node type, with
  ``rdfs:label``, ``skos:altLabel`` for aliases and its identifiers
  (``dct:identifier`` plus ``covapit:taxCode``, ``covapit:IPAcode``,
  ``gk:istatCode``, ``gk:cup``, and ``owl:sameAs`` to Wikidata);
* every relation gives a **shortcut** triple (``gkr:cna-lucca gk:signatoryOf
  gkr:lucca-per-il-lavoro``) and a **qualified record** ``gkr:rel/<id>``
  (a ``gk:Relationship``; also an ``org:Membership`` with ``org:role`` for
  participations, or a ``schema:MonetaryGrant`` with ``schema:amount`` for
  funding) that carries role, amount, dates, confidence and the locator, and
  points to its source with ``prov:wasDerivedFrom``; a record read from a row of an
  imported dataset (a ``schema:Dataset`` and ``dcat:Dataset``, where a press release is a
  ``schema:NewsArticle``) carries the row's ``gk:rowKey`` and ``schema:url`` instead of
  paragraph and characters;
* every fact gives a ``gk:Observation`` record and, when it is not qualified by a
  year or a territory, a direct triple (``schema:startDate`` …);
* registry triples (entities, documents, and the counts and totals of
  :mod:`graphkit.graph.summary`) live in the named graph ``gkr:graph/registry``;
  what a document states lives in ``gkr:graph/<doc-id>`` (a
  ``gk:DocumentGraph`` whose ``dct:source`` is the document, as the registry
  says), so SPARQL can ask "according to which document?".

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> ds = to_rdf(load_dataset())
>>> len(list(ds.graphs())) > 5
True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Dataset as RDFDataset
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from graphkit.graph.summary import (
    funding_totals,
    network_counts,
    organisation_counts,
    ranks,
)
from graphkit.model.records import Dataset, Fact, RelationRecord
from graphkit.schema import territories as istat
from graphkit.schema.namespaces import COV, GKR, WD, bind_prefixes
from graphkit.schema.vocabulary import (
    DEFAULT_CURRENCY,
    GK,
    NETWORK_MEASURES,
    NODE_TYPES,
    PROPERTIES,
    RELATIONS,
    SUMMARIES,
    TERRITORY_LEVELS,
    Detail,
    ValueKind,
)

Triple = tuple[URIRef, URIRef, URIRef | Literal]
Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]

#: Named graph holding entity and document descriptions.
REGISTRY_GRAPH = GKR["graph/registry"]

_IDENTIFIER_PREDICATES = {
    "istat": GK.istatCode,
    "ipa": COV.IPAcode,
    "cf": COV.taxCode,
    "cup": GK.cup,
    "wikidata": GK.wikidataId,
}
_DOCUMENT_CLASSES = {"press_release": (SDO.NewsArticle, PROV.Entity),
                     "dataset": (SDO.Dataset, DCAT.Dataset, PROV.Entity)}


def entity_iri(entity_id: str) -> URIRef:
    """IRI of an entity."""
    return GKR[entity_id]


def document_iri(document_id: str) -> URIRef:
    """IRI of a source document."""
    return GKR[f"doc/{document_id}"]


def document_graph_iri(document_id: str) -> URIRef:
    """IRI of the named graph holding what a document states."""
    return GKR[f"graph/{document_id}"]


def relation_iri(record_id: str) -> URIRef:
    """IRI of a qualified relation record."""
    return GKR[f"rel/{record_id}"]


def fact_iri(fact_id: str) -> URIRef:
    """IRI of a fact (observation) record."""
    return GKR[f"fact/{fact_id}"]


def date_literal(value: str) -> Literal:
    """A typed literal for a partial ISO date.

    Examples
    --------
    >>> date_literal("2024-12").datatype == XSD.gYearMonth
    True
    >>> date_literal("--07-11").datatype == XSD.gMonthDay
    True
    """
    if value.startswith("--"):
        datatype = XSD.gMonthDay
    else:
        datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


def _value_literal(kind: ValueKind, value: str) -> Literal:
    if kind is ValueKind.DATE:
        return date_literal(value)
    if kind is ValueKind.DATETIME:
        return Literal(value if value.count(":") == 2 else value + ":00", datatype=XSD.dateTime)
    if kind is ValueKind.DURATION:
        return Literal(value, datatype=XSD.duration)
    if kind is ValueKind.INTEGER:
        return Literal(value, datatype=XSD.integer)
    if kind is ValueKind.MONEY:
        return Literal(value, datatype=XSD.decimal)
    return Literal(value, lang="it")


def _amount(node: URIRef, value: Decimal | str, currency: str) -> Iterator[Triple]:
    yield node, RDF.type, SDO.MonetaryAmount
    yield node, SDO.value, Literal(str(value), datatype=XSD.decimal)
    yield node, SDO.currency, Literal(currency)


def _locator(node: URIRef, record: RelationRecord | Fact) -> Iterator[Triple]:
    loc = record.locator
    yield node, PROV.wasDerivedFrom, document_iri(loc.document)
    if loc.row is not None:  # a row of an imported dataset: its key and its page
        yield node, GK.rowKey, Literal(loc.row)
        if loc.link:
            yield node, SDO.url, Literal(loc.link, datatype=XSD.anyURI)
    else:
        yield node, GK.paragraph, Literal(loc.paragraph)
        yield node, GK.charStart, Literal(loc.start)
        yield node, GK.charEnd, Literal(loc.end)
    yield node, GK.confidence, Literal(record.confidence)
    yield node, GK.method, Literal(record.method)
    if record.note:
        yield node, RDFS.comment, Literal(record.note, lang="en")


def registry_triples(dataset: Dataset,
                     node_metrics: Mapping[str, Mapping[str, float]] | None = None
                     ) -> Iterator[Triple]:
    """Triples describing entities and documents (the registry graph).

    *node_metrics*, if given, maps entity ids to network measures (names of
    :data:`graphkit.schema.vocabulary.NETWORK_MEASURES`), written as ``gk:pagerank``….
    """
    for entity_id, entity in sorted(dataset.entities.items()):
        node = entity_iri(entity_id)
        for cls in NODE_TYPES[entity.type].rdf_classes:
            yield node, RDF.type, cls
        if entity.level and TERRITORY_LEVELS[entity.level] is not None:
            yield node, RDF.type, TERRITORY_LEVELS[entity.level]
        if entity.level:
            yield node, GK.territoryLevel, Literal(entity.level)
        yield node, RDFS.label, Literal(entity.name, lang="it")
        yield node, (FOAF.name if entity.type == "person" else SKOS.prefLabel), \
            Literal(entity.name, lang="it")
        yield node, GK.key, Literal(entity_id)
        for alias in sorted(set(entity.aliases) - {entity.name}):
            yield node, SKOS.altLabel, Literal(alias, lang="it")
        for scheme, value in entity.identifiers:
            yield node, DCTERMS.identifier, Literal(value)
            yield node, _IDENTIFIER_PREDICATES[scheme], Literal(value)
            if scheme == "wikidata":
                yield node, OWL.sameAs, WD[value]
            elif scheme == "istat" and (match := istat.iri(value)) is not None:
                yield node, SKOS.exactMatch, match
        if entity.note:
            yield node, SKOS.editorialNote, Literal(entity.note, lang="en")
        for measure, value in sorted((node_metrics or {}).get(entity_id, {}).items()):
            if value is not None:
                yield node, NETWORK_MEASURES[measure].predicate, Literal(value)
    for doc_id, doc in sorted(dataset.documents.items()):
        node = document_iri(doc_id)
        for cls in _DOCUMENT_CLASSES.get(doc.kind, (PROV.Entity,)):
            yield node, RDF.type, cls
        yield node, DCTERMS.identifier, Literal(doc_id)
        if doc.title:
            yield node, DCTERMS.title, Literal(doc.title, lang="it")
        if doc.summary:
            yield node, DCTERMS.description, Literal(doc.summary, lang="en")
        if doc.address:
            yield node, SDO.url, Literal(doc.address, datatype=XSD.anyURI)
            yield node, PROV.hadPrimarySource, URIRef(doc.address)
        yield node, GK.sourceFile, Literal(doc.source_file)
        yield node, DCTERMS.language, Literal("it")
        if doc.date:
            yield node, DCTERMS.date, date_literal(doc.date)
        if doc.publisher:
            yield node, DCTERMS.publisher, entity_iri(doc.publisher)
        graph = document_graph_iri(doc_id)
        yield graph, RDF.type, GK.DocumentGraph
        yield graph, DCTERMS.source, node
    yield from summary_triples(dataset)


def summary_triples(dataset: Dataset) -> Iterator[Triple]:
    """The counts and totals of :mod:`graphkit.graph.summary` (``gk:networkCount``…).

    A funding total is a ``schema:MonetaryAmount`` per currency,
    ``gkr:<funder>/funding-total/<currency>``.
    """
    networks, organisations = network_counts(dataset), organisation_counts(dataset)
    for name, counts in (("network_count", networks),
                         ("network_rank", ranks(dataset, networks)),
                         ("organisation_count", organisations),
                         ("organisation_rank", ranks(dataset, organisations))):
        predicate = SUMMARIES[name].predicate
        for entity_id, count in counts.items():
            yield entity_iri(entity_id), predicate, Literal(count)
    for funder, total in funding_totals(dataset).items():
        node = entity_iri(funder)
        yield node, SUMMARIES["funded_item_count"].predicate, Literal(len(total.items))
        yield node, SUMMARIES["stated_amount_count"].predicate, Literal(total.stated_amounts)
        for currency, value in sorted(total.totals.items()):
            amount = GKR[f"{funder}/funding-total/{currency}"]
            yield node, SUMMARIES["funding_total"].predicate, amount
            yield from _amount(amount, value, currency)


def relation_triples(record: RelationRecord) -> Iterator[Triple]:
    """Shortcut triple and qualified record of one relation."""
    spec = RELATIONS[record.relation]
    subject, obj = entity_iri(record.subject), entity_iri(record.object)
    node = relation_iri(record.id)
    yield subject, spec.predicate, obj
    yield node, RDF.type, GK.Relationship
    yield node, GK.subject, subject
    yield node, GK.relation, spec.predicate
    yield node, GK.object, obj
    if spec.detail is Detail.MEMBERSHIP:
        yield node, RDF.type, ORG.Membership
        yield node, ORG.member, subject
        yield node, ORG.organization, obj
        yield node, ORG.role, spec.role
    elif spec.detail is Detail.GRANT:
        yield node, RDF.type, SDO.MonetaryGrant
        yield node, SDO.funder, subject
        yield node, SDO.fundedItem, obj
        if record.amount is not None:
            amount = GKR[f"rel/{record.id}/amount"]
            yield node, SDO.amount, amount
            yield from _amount(amount, record.amount, record.currency or DEFAULT_CURRENCY)
            if record.approximate:
                yield amount, GK.approximate, Literal(True)
    if record.role:
        yield node, GK.roleLabel, Literal(record.role, lang="it")
    if record.date:
        yield node, DCTERMS.date, date_literal(record.date)
    if record.start:
        yield node, SDO.startDate, date_literal(record.start)
    if record.end:
        yield node, SDO.endDate, date_literal(record.end)
    yield from _locator(node, record)


def fact_triples(fact: Fact) -> Iterator[Triple]:
    """Observation record of one fact, and its direct triple when unqualified."""
    spec = PROPERTIES[fact.property]
    subject = entity_iri(fact.subject)
    node = fact_iri(fact.id)
    if spec.kind is ValueKind.MONEY:
        value: URIRef | Literal = GKR[f"fact/{fact.id}/amount"]
        yield from _amount(value, fact.value, fact.currency or DEFAULT_CURRENCY)
    else:
        value = _value_literal(spec.kind, fact.value)
    if fact.year is None and fact.territory is None:
        yield subject, spec.predicate, value
    yield node, RDF.type, GK.Observation
    yield node, GK.subject, subject
    yield node, GK.property, spec.predicate
    yield node, RDF.value, value
    if fact.approximate:
        yield node, GK.approximate, Literal(True)
    if fact.year is not None:
        yield node, GK.referenceYear, Literal(str(fact.year), datatype=XSD.gYear)
    if fact.territory:
        yield node, GK.territory, entity_iri(fact.territory)
    yield from _locator(node, fact)


def quads(dataset: Dataset,
          node_metrics: Mapping[str, Mapping[str, float]] | None = None) -> Iterator[Quad]:
    """Every triple of *dataset* with the named graph it belongs to (see the module doc)."""
    for triple in registry_triples(dataset, node_metrics):
        yield (*triple, REGISTRY_GRAPH)
    for record in dataset.relations:
        graph = document_graph_iri(record.locator.document)
        for triple in relation_triples(record):
            yield (*triple, graph)
    for fact in dataset.facts:
        graph = document_graph_iri(fact.locator.document)
        for triple in fact_triples(fact):
            yield (*triple, graph)


def to_rdf(dataset: Dataset,
           node_metrics: Mapping[str, Mapping[str, float]] | None = None) -> RDFDataset:
    """Return the dataset as an RDF dataset with one named graph per document.

    Parameters
    ----------
    dataset : Dataset
        The loaded dataset.
    node_metrics : mapping, optional
        Network measures per entity id, added to the registry graph.

    Returns
    -------
    rdflib.Dataset
        Named graphs ``gkr:graph/registry`` and ``gkr:graph/<doc-id>``; the
        default graph is empty. Use :func:`union_graph` for a plain graph.
    """
    rdf = bind_prefixes(RDFDataset())
    for quad in quads(dataset, node_metrics):
        rdf.add(quad)
    return rdf


class _OxigraphTerms:
    """Converts rdflib terms to pyoxigraph terms, caching IRIs (they repeat a lot)."""

    def __init__(self) -> None:
        self.iris: dict[str, ox.NamedNode] = {}

    def iri(self, value: str) -> ox.NamedNode:
        node = self.iris.get(value)
        if node is None:
            node = self.iris[value] = ox.NamedNode(value)
        return node

    def __call__(self, term: URIRef | Literal) -> ox.NamedNode | ox.Literal:
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=self.iri(str(term.datatype)))
            return ox.Literal(str(term))
        return self.iri(str(term))


def oxigraph_quads(dataset: Dataset,
                   node_metrics: Mapping[str, Mapping[str, float]] | None = None
                   ) -> Iterator[ox.Quad]:
    """The quads of :func:`quads` as pyoxigraph terms, in generation order.

    pyoxigraph stores and serialises millions of triples in seconds where rdflib
    takes minutes; this skips building an rdflib graph first.
    """
    term = _OxigraphTerms()
    for s, p, o, g in quads(dataset, node_metrics):
        yield ox.Quad(term(s), term(p), term(o), term(g))


def sorted_quads_and_triples(dataset: Dataset,
                             node_metrics: Mapping[str, Mapping[str, float]] | None = None
                             ) -> tuple[list[ox.Quad], list[ox.Triple]]:
    """:func:`oxigraph_quads` without duplicates, sorted so every serialisation is
    byte-identical (by graph, then by the N-Triples form of the triple), and the
    distinct triples in that form's order.

    Each triple is written out as N-Triples once, as a one-string sort key (at
    8.6M quads, four keys a quad would be gigabytes more): the quads are sorted
    by it, the triples read off in one pass, and a stable sort by graph follows.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> quads, triples = sorted_quads_and_triples(load_dataset())
    >>> [str(q.graph_name) for q in quads] == sorted(str(q.graph_name) for q in quads)
    True
    >>> len(triples) == len({q.triple for q in quads})
    True
    """
    quads = list(set(oxigraph_quads(dataset, node_metrics)))
    quads.sort(key=lambda q: str(q.triple))
    triples = [q.triple for i, q in enumerate(quads) if i == 0 or q.triple != quads[i - 1].triple]
    quads.sort(key=lambda q: str(q.graph_name))
    return quads, triples


def union_graph(rdf: RDFDataset) -> Graph:
    """All triples of every named graph of *rdf*, in one graph with graphkit's prefixes."""
    union = bind_prefixes(Graph())
    for graph in rdf.graphs():
        for triple in graph:
            union.add(triple)
    return union
