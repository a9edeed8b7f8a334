"""RDF namespaces used by graphkit, and the one place where prefixes are bound.

Standard vocabularies come from :mod:`rdflib.namespace` where rdflib ships
them; the Italian OntoPiA ontologies and FRAPO are declared here once. graphkit's own
``gk:`` namespace is closed over the terms the vocabulary declares, so it is made there:
:data:`graphkit.schema.vocabulary.GK`.

Examples
--------
>>> from graphkit.schema.namespaces import bind_prefixes
>>> import rdflib
>>> g = bind_prefixes(rdflib.Graph())
>>> g.namespace_manager.compute_qname("https://w3id.org/graphkit/onto/partnerOf")[0]
'gk'
"""

from __future__ import annotations

import re

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD

#: Where graphkit's ontology terms live (classes, properties, role individuals).
GK_IRI = "https://w3id.org/graphkit/onto/"
#: graphkit resources: entities, documents, relation records.
GKR = Namespace("https://w3id.org/graphkit/id/")
#: OntoPiA Core Organization Vocabulary, Italian application profile.
COV = Namespace("https://w3id.org/italia/onto/COV/")
#: OntoPiA Core Location Vocabulary, Italian application profile.
CLV = Namespace("https://w3id.org/italia/onto/CLV/")
#: FRAPO, the Funding, Research Administration and Projects Ontology.
FRAPO = Namespace("http://purl.org/cerif/frapo/")
#: Wikidata entities, for ``owl:sameAs`` links.
WD = Namespace("http://www.wikidata.org/entity/")
#: OntoPiA's controlled vocabulary of Italian territorial classifications (regions, provinces).
TERRITORIAL = Namespace(
    "https://w3id.org/italia/controlled-vocabulary/territorial-classifications/")

#: Every prefix graphkit writes, in the order it writes them.
PREFIXES: dict[str, Namespace] = {
    "gk": Namespace(GK_IRI),
    "gkr": GKR,
    "org": ORG,
    "schema": SDO,
    "prov": PROV,
    "dct": DCTERMS,
    "dcat": DCAT,
    "foaf": FOAF,
    "covapit": COV,
    "clvapit": CLV,
    "frapo": FRAPO,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
    "wd": WD,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every graphkit prefix on *graph*, replacing rdflib's defaults.

    rdflib binds ``schema:`` on its own; binding with ``replace=True`` and
    ``override=True`` makes the serialisations use exactly :data:`PREFIXES`.
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def jsonld_context() -> dict[str, str]:
    """The JSON-LD ``@context``: graphkit's prefixes.

    Examples
    --------
    >>> jsonld_context()["org"]
    'http://www.w3.org/ns/org#'
    """
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def compact(iri: str) -> str:
    """*iri* as a prefixed name with graphkit's prefixes (the longest namespace that fits),
    else whole.

    Examples
    --------
    >>> compact("http://www.w3.org/ns/org#memberOf"), compact("urn:x")
    ('org:memberOf', 'urn:x')
    """
    best = max((ns for ns in jsonld_context().items() if iri.startswith(ns[1])),
               key=lambda ns: len(ns[1]), default=None)
    if best is None:
        return iri
    local = iri[len(best[1]):]
    return f"{best[0]}:{local}" if re.fullmatch(r"[\w.\-/]*", local) else iri
