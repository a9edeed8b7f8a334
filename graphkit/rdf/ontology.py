"""Generate the OWL ontology and the SHACL shapes from :mod:`graphkit.schema.vocabulary`.

``ontology/graphkit.ttl`` and ``ontology/shapes.ttl`` are written by
``graphkit build`` from the one vocabulary, so the published terms can never
drift from what the loader, the RDF mapping and the HTML use; a test fails if
the committed files are stale.

Examples
--------
>>> g = ontology_graph()
>>> from graphkit.schema.namespaces import GK
>>> from rdflib.namespace import OWL, RDF
>>> (GK.partnerOf, RDF.type, OWL.ObjectProperty) in g
True
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SH, XSD

from graphkit.schema.namespaces import GK, GKR, bind_prefixes
from graphkit.schema.vocabulary import (
    IDENTIFIER_SCHEMES,
    NETWORK_MEASURES,
    NODE_TYPES,
    PROPERTIES,
    RELATIONS,
    SUMMARIES,
    Confidence,
    Method,
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

# Own terms not generated from the model's tables: (term, kind, en, it, comment_en, comment_it)
_OWN_TERMS: tuple[tuple[URIRef, URIRef, str, str, str, str], ...] = (
    (GK.DocumentGraph, OWL.Class, "document graph", "grafo del documento",
     "A named graph holding what one source document states; dct:source names the document.",
     "Un grafo nominato con quanto afferma un documento fonte; dct:source indica il documento."),
    (GK.Relationship, OWL.Class, "relationship record", "relazione qualificata",
     "A qualified record of one relation stated by one document, with role, amount and locator.",
     "Record qualificato di una relazione affermata da un documento, con ruolo, importo e "
     "posizione."),
    (GK.Observation, OWL.Class, "observation", "osservazione",
     "A value of a property of an entity as stated by one document (a date, a budget, a count).",
     "Valore di una proprietà di un soggetto come affermato da un documento (data, budget, "
     "conteggio)."),
    (GK.subject, OWL.ObjectProperty, "subject", "soggetto",
     "The entity a record is about (the source of the relation).",
     "Il soggetto di cui tratta il record (origine della relazione)."),
    (GK.object, OWL.ObjectProperty, "object", "oggetto",
     "The target entity of a relation record.", "L'entità di destinazione della relazione."),
    (GK.relation, OWL.ObjectProperty, "relation", "relazione",
     "The shortcut property that a relation record qualifies.",
     "La proprietà diretta che il record qualifica."),
    (GK.property, OWL.ObjectProperty, "property", "proprietà",
     "The property whose value an observation records.",
     "La proprietà di cui l'osservazione registra il valore."),
    (GK.territory, OWL.ObjectProperty, "territory", "territorio",
     "The territory an observation applies to.", "Il territorio cui si riferisce l'osservazione."),
    (GK.paragraph, OWL.DatatypeProperty, "paragraph", "paragrafo",
     "Number of the paragraph of the source that states the fact (from 1).",
     "Numero del paragrafo della fonte che afferma il fatto (da 1)."),
    (GK.charStart, OWL.DatatypeProperty, "character start", "carattere iniziale",
     "Offset of the first character of the statement in the source text.",
     "Posizione del primo carattere dell'affermazione nel testo della fonte."),
    (GK.charEnd, OWL.DatatypeProperty, "character end", "carattere finale",
     "Offset just past the last character of the statement in the source text.",
     "Posizione successiva all'ultimo carattere dell'affermazione nel testo della fonte."),
    (GK.confidence, OWL.DatatypeProperty, "confidence", "affidabilità",
     "Whether the source states the fact ('stated') or the curator inferred it ('inferred').",
     "Se la fonte afferma il fatto ('stated') o se il curatore lo ha dedotto ('inferred')."),
    (GK.method, OWL.DatatypeProperty, "method", "metodo",
     "How the fact was obtained: 'manual' curation or a 'rule' of the extractor.",
     "Come è stato ottenuto il fatto: curatela 'manual' o 'rule' dell'estrattore."),
    (GK.roleLabel, OWL.DatatypeProperty, "role as written", "ruolo come scritto",
     "The role in the source's own words (capofila, sindaca, moderatore…).",
     "Il ruolo con le parole della fonte (capofila, sindaca, moderatore…)."),
    (GK.approximate, OWL.DatatypeProperty, "approximate", "approssimato",
     "True when the source gives the figure as approximate ('oltre', 'circa').",
     "Vero quando la fonte dà la cifra come approssimata ('oltre', 'circa')."),
    (GK.referenceYear, OWL.DatatypeProperty, "reference year", "anno di riferimento",
     "The year an observed figure refers to.", "L'anno cui si riferisce la cifra osservata."),
    (GK.territoryLevel, OWL.DatatypeProperty, "territory level", "livello territoriale",
     "Level of a territory: country, region, province, municipality or area.",
     "Livello di un territorio: paese, regione, provincia, comune o area."),
    (GK.key, OWL.DatatypeProperty, "graphkit key", "chiave graphkit",
     "The stable identifier of the entity in graphkit's data files.",
     "L'identificativo stabile del soggetto nei file di dati di graphkit."),
    (GK.sourceFile, OWL.DatatypeProperty, "source file", "file della fonte",
     "Name of the text file of the source document.",
     "Nome del file di testo del documento fonte."),
    (GK.istatCode, OWL.DatatypeProperty, "ISTAT code", "codice ISTAT",
     "ISTAT code of a municipality (6 digits), province (3) or region (2).",
     "Codice ISTAT di un comune (6 cifre), provincia (3) o regione (2)."),
    (GK.cup, OWL.DatatypeProperty, "CUP", "CUP",
     "Codice Unico di Progetto of a publicly funded project.",
     "Codice Unico di Progetto di un progetto finanziato con fondi pubblici."),
    (GK.wikidataId, OWL.DatatypeProperty, "Wikidata ID", "ID Wikidata",
     "The Wikidata QID of the entity.", "Il QID Wikidata del soggetto."),
)


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
    for term, kind, en, it, comment_en, comment_it in _OWN_TERMS:
        g.add((term, RDF.type, kind))
        _annotate(g, term, en, it, comment_en, comment_it)
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
        (GK.paragraph, "has no paragraph locator"),
        (GK.charStart, "has no character span"),
        (GK.charEnd, "has no character span"),
        (GK.confidence, "has no confidence"),
        (GK.method, "does not say how it was obtained"),
    )
    for path, problem in required:
        counted = path in (GK.paragraph, GK.charStart, GK.charEnd)
        _property(g, record, path, f"A sourced record {problem} (or has several).",
                  min_count=1, max_count=1, datatype=XSD.integer if counted else None,
                  minimum=(1 if path == GK.paragraph else 0) if counted else None)
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
