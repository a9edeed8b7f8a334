"""Generate the OWL ontology and the SHACL shapes from :mod:`graphkit.schema.vocabulary`.

``ontology/graphkit.ttl`` and ``ontology/shapes.ttl`` are written by
``graphkit build`` from the one vocabulary, so the published terms can never
drift from what the loader, the RDF mapping and the HTML use; a test fails if
the committed files are stale.

Examples
--------
>>> g = ontology_graph()
>>> from graphkit.schema.vocabulary import GK
>>> from rdflib.namespace import OWL, RDF
>>> (GK.partnerOf, RDF.type, OWL.ObjectProperty) in g
True
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SH, XSD

from graphkit.schema.namespaces import GKR, bind_prefixes
from graphkit.schema.vocabulary import (
    GK,
    IDENTIFIER_SCHEMES,
    NETWORK_MEASURES,
    NODE_TYPES,
    PROPERTIES,
    RELATIONS,
    STRUCTURE,
    SUMMARIES,
    Confidence,
    Method,
    TermKind,
    ValueKind,
    types_in,
)

ONTOLOGY_IRI = URIRef(str(GK).rstrip("/"))
SHAPES_IRI = GKR["shapes"]
VERSION = "0.1.0"

#: The rdfs:range of a value of each kind (none where several datatypes occur).
_RANGES = {
    ValueKind.DATE: None,
    ValueKind.DATETIME: XSD.dateTime,
    ValueKind.DURATION: XSD.duration,
    ValueKind.INTEGER: XSD.integer,
    ValueKind.MONEY: SDO.MonetaryAmount,
    ValueKind.TEXT: None,
}

_OWL_KINDS = {TermKind.CLASS: OWL.Class, TermKind.OBJECT: OWL.ObjectProperty,
              TermKind.DATATYPE: OWL.DatatypeProperty}


def _annotate(g: Graph, term: URIRef, en: str, it: str, comment_en: str, comment_it: str) -> None:
    g.add((term, RDFS.label, Literal(en, lang="en")))
    g.add((term, RDFS.label, Literal(it, lang="it")))
    g.add((term, RDFS.comment, Literal(comment_en, lang="en")))
    g.add((term, RDFS.comment, Literal(comment_it, lang="it")))
    g.add((term, RDFS.isDefinedBy, ONTOLOGY_IRI))


def _is_own(term: URIRef) -> bool:
    return str(term).startswith(str(GK))


def ontology_graph() -> Graph:
    """The OWL ontology of graphkit's own terms, linked to the standard ones they reuse."""
    g = bind_prefixes(Graph())
    g.add((ONTOLOGY_IRI, RDF.type, OWL.Ontology))
    g.add((ONTOLOGY_IRI, OWL.versionInfo, Literal(VERSION)))
    g.add((ONTOLOGY_IRI, DCTERMS.title, Literal("graphkit ontology", lang="en")))
    g.add((ONTOLOGY_IRI, DCTERMS.title, Literal("Ontologia di graphkit", lang="it")))
    g.add((ONTOLOGY_IRI, DCTERMS.description, Literal(
        "Organisations, initiatives, territories and persons of Italian territorial welfare "
        "networks, and the sourced relations between them.", lang="en")))
    g.add((ONTOLOGY_IRI, DCTERMS.description, Literal(
        "Organizzazioni, iniziative, territori e persone delle reti territoriali di welfare, "
        "e le relazioni documentate tra di essi.", lang="it")))
    for node_type in NODE_TYPES.values():
        cls = node_type.rdf_class
        g.add((cls, RDF.type, OWL.Class))
        _annotate(g, cls, node_type.label_en, node_type.label_it,
                  f"Node type '{node_type.name}' of graphkit ({node_type.group} group).",
                  f"Tipo di nodo '{node_type.name}' di graphkit (gruppo {node_type.group}).")
        for parent in node_type.rdf_classes[1:]:
            g.add((cls, RDFS.subClassOf, parent))
    for relation in RELATIONS.values():
        prop = relation.predicate
        if not _is_own(prop):
            continue
        g.add((prop, RDF.type, OWL.ObjectProperty))
        _annotate(g, prop, relation.label_en, relation.label_it,
                  relation.comment_en, relation.comment_it)
        if relation.super_property is not None:
            g.add((prop, RDFS.subPropertyOf, relation.super_property))
    for relation in RELATIONS.values():
        if relation.role is not None:
            g.add((relation.role, RDF.type, ORG.Role))
            g.add((relation.role, RDF.type, OWL.NamedIndividual))
            _annotate(g, relation.role, f"{relation.label_en} (role)",
                      f"{relation.label_it} (ruolo)",
                      f"The role of a membership record of a '{relation.name}' relation.",
                      f"Il ruolo di un'adesione per la relazione '{relation.name}'.")
    for prop in PROPERTIES.values():
        if not _is_own(prop.predicate):
            continue
        _value_property(g, prop.predicate, prop.kind)
        _annotate(g, prop.predicate, prop.label_en, prop.label_it,
                  f"The {prop.label_en} of an entity, as stated by a source.",
                  f"Il valore '{prop.label_it}' di un soggetto, come affermato da una fonte.")
    for measure in NETWORK_MEASURES.values():
        g.add((measure.predicate, RDF.type, OWL.DatatypeProperty))
        _annotate(g, measure.predicate, measure.label_en, measure.label_it,
                  f"The {measure.label_en} of an organisation in the default analytic view "
                  "(organisations linked by shared initiatives), as computed by graphkit.",
                  f"Il valore '{measure.label_it}' di un'organizzazione nella vista analitica "
                  "predefinita (organizzazioni collegate da iniziative comuni), calcolato da "
                  "graphkit.")
    for summary in SUMMARIES.values():
        _value_property(g, summary.predicate, summary.kind)
        _annotate(g, summary.predicate, summary.label_en, summary.label_it,
                  f"{summary.comment_en} Computed by graphkit from every document.",
                  f"{summary.comment_it} Calcolato da graphkit da tutti i documenti.")
    for own in STRUCTURE:
        g.add((own.term, RDF.type, _OWL_KINDS[own.kind]))
        _annotate(g, own.term, own.label_en, own.label_it, own.comment_en, own.comment_it)
    g.add((GK.Relationship, RDFS.subClassOf, PROV.Entity))
    g.add((GK.Observation, RDFS.subClassOf, PROV.Entity))
    return g


class _BlankNodes:
    """Blank nodes with predictable ids, so the serialised shapes are byte-identical."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.count = 0

    def __call__(self) -> BNode:
        self.count += 1
        return BNode(f"{self.prefix}{self.count:04d}")


_bnode = _BlankNodes("shape")


def _list(g: Graph, items: Iterable) -> BNode:
    head = _bnode()
    Collection(g, head, list(items))
    return head


def _value_property(g: Graph, predicate: URIRef, kind: ValueKind) -> None:
    """Declare *predicate* as holding values of *kind*: an object property for amounts
    (``schema:MonetaryAmount`` nodes), a datatype property otherwise, with its range."""
    g.add((predicate, RDF.type,
           OWL.ObjectProperty if kind is ValueKind.MONEY else OWL.DatatypeProperty))
    if _RANGES[kind] is not None:
        g.add((predicate, RDFS.range, _RANGES[kind]))


def _class_or(g: Graph, shape: BNode | URIRef, types: Iterable[str]) -> None:
    alternatives = []
    for name in sorted(types):
        alt = _bnode()
        g.add((alt, SH["class"], NODE_TYPES[name].rdf_class))
        alternatives.append(alt)
    g.add((shape, SH["or"], _list(g, alternatives)))


def _labels(types: Iterable[str]) -> str:
    return ", ".join(sorted(types))


def _property(g: Graph, shape: URIRef, path: URIRef, message: str, *,
              min_count: int | None = None, max_count: int | None = None,
              datatype: URIRef | None = None, minimum: int | None = None,
              pattern: str | None = None, node_kind: URIRef | None = None) -> BNode:
    """Add a property shape on *path* to *shape*, with the constraints given; return it."""
    prop = _bnode()
    g.add((shape, SH.property, prop))
    g.add((prop, SH.path, path))
    for term, value in ((SH.minCount, min_count), (SH.maxCount, max_count),
                        (SH.minInclusive, minimum), (SH.pattern, pattern)):
        if value is not None:
            g.add((prop, term, Literal(value)))
    for term, node in ((SH.datatype, datatype), (SH.nodeKind, node_kind)):
        if node is not None:
            g.add((prop, term, node))
    g.add((prop, SH.message, Literal(message)))
    return prop


def shapes_graph() -> Graph:
    """SHACL shapes stating what a well-formed graphkit graph is.

    Messages are written for curators: they name the relation and the node
    types allowed, so a violation reads like the rule that was broken.
    """
    _bnode.count = 0
    g = bind_prefixes(Graph())
    g.add((SHAPES_IRI, RDF.type, OWL.Ontology))
    g.add((SHAPES_IRI, RDFS.label, Literal("graphkit SHACL shapes", lang="en")))

    entity = GKR["shapes/Entity"]
    g.add((entity, RDF.type, SH.NodeShape))
    for node_type in sorted(NODE_TYPES.values(), key=lambda t: t.name):
        g.add((entity, SH.targetClass, node_type.rdf_class))
    _property(g, entity, RDFS.label, "Every entity needs exactly one name (rdfs:label).",
              min_count=1, max_count=1, datatype=RDF.langString)

    for relation in RELATIONS.values():
        shape = GKR[f"shapes/{relation.name}"]
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetSubjectsOf, relation.predicate))
        _class_or(g, shape, relation.domain)
        g.add((shape, SH.message, Literal(
            f"'{relation.name}' must start from one of: {_labels(relation.domain)}.")))
        prop = _property(g, shape, relation.predicate,
                         f"'{relation.name}' must point to one of: {_labels(relation.range)}.",
                         node_kind=SH.IRI)
        _class_or(g, prop, relation.range)

    record = GKR["shapes/Relationship"]
    g.add((record, RDF.type, SH.NodeShape))
    g.add((record, SH.targetClass, GK.Relationship))
    g.add((record, SH.targetClass, GK.Observation))
    required = (
        (GK.subject, "names no subject"),
        (PROV.wasDerivedFrom, "does not say which document it comes from"),
        (GK.confidence, "has no confidence"),
        (GK.method, "does not say how it was obtained"),
    )
    for path, problem in required:
        _property(g, record, path, f"A sourced record {problem} (or has several).",
                  min_count=1, max_count=1)
    # located in a text (paragraph and characters) or in a row of an imported dataset
    in_text = _bnode()
    for path, problem in ((GK.paragraph, "has no paragraph locator"),
                          (GK.charStart, "has no character span"),
                          (GK.charEnd, "has no character span")):
        _property(g, in_text, path, f"A sourced record {problem} (or has several).",
                  min_count=1, max_count=1, datatype=XSD.integer,
                  minimum=1 if path == GK.paragraph else 0)
    in_row = _bnode()
    _property(g, in_row, GK.rowKey, "A record of an imported dataset has no row key (or has "
              "several).", min_count=1, max_count=1, datatype=XSD.string)
    g.add((record, SH.xone, _list(g, [in_text, in_row])))
    g.add((record, SH.message, Literal(
        "A sourced record is located either by paragraph and character span in a text, or "
        "by the key of a row of an imported dataset.")))
    for path, values in ((GK.confidence, Confidence), (GK.method, Method)):
        prop = _property(g, record, path, f"{path.split('/')[-1]} must be one of: "
                         f"{', '.join(v.value for v in values)}.")
        g.add((prop, SH["in"], _list(g, [Literal(v.value) for v in values])))
    source = _property(g, record, PROV.wasDerivedFrom,
                       "A record must come from a known source document.")
    g.add((source, SH["class"], PROV.Entity))

    qualified = GKR["shapes/QualifiedRelationship"]
    g.add((qualified, RDF.type, SH.NodeShape))
    g.add((qualified, SH.targetClass, GK.Relationship))
    for path in (GK.relation, GK.object):
        _property(g, qualified, path, "A relation record needs exactly one relation and one "
                  "object.", min_count=1, max_count=1)
    relation_in = _property(g, qualified, GK.relation,
                            "The relation of a record must be one of graphkit's relations.")
    g.add((relation_in, SH["in"], _list(g, [r.predicate for r in RELATIONS.values()])))

    grant = GKR["shapes/MonetaryGrant"]
    g.add((grant, RDF.type, SH.NodeShape))
    g.add((grant, SH.targetClass, SDO.MonetaryGrant))
    for path in (SDO.funder, SDO.fundedItem):
        _property(g, grant, path, "A funding record needs a funder and a funded item.",
                  min_count=1)

    amount = GKR["shapes/MonetaryAmount"]
    g.add((amount, RDF.type, SH.NodeShape))
    g.add((amount, SH.targetClass, SDO.MonetaryAmount))
    _property(g, amount, SDO.value, "An amount needs one non-negative decimal value.",
              min_count=1, max_count=1, datatype=XSD.decimal, minimum=0)
    _property(g, amount, SDO.currency, "An amount needs an ISO 4217 currency code such as EUR.",
              min_count=1, pattern="^[A-Z]{3}$")

    for summary in SUMMARIES.values():
        holders = types_in(summary.group)
        shape = GKR[f"shapes/{summary.name}"]
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetSubjectsOf, summary.predicate))
        _class_or(g, shape, holders)
        g.add((shape, SH.message, Literal(
            f"'{summary.name}' belongs on one of: {_labels(holders)}.")))
        if summary.kind is ValueKind.INTEGER:
            _property(g, shape, summary.predicate,
                      f"'{summary.name}' must be one integer of at least {summary.minimum} per "
                      "entity.", max_count=1, datatype=XSD.integer, minimum=summary.minimum)

    identifiers = GKR["shapes/Identifiers"]
    g.add((identifiers, RDF.type, SH.NodeShape))
    for node_type in sorted(NODE_TYPES.values(), key=lambda t: t.name):
        g.add((identifiers, SH.targetClass, node_type.rdf_class))
    checked = (("istat", GK.istatCode), ("cup", GK.cup), ("wikidata", GK.wikidataId))
    for scheme, predicate in checked:
        pattern, description = IDENTIFIER_SCHEMES[scheme]
        _property(g, identifiers, predicate, f"Not a valid {description}.", pattern=pattern)
    return g
