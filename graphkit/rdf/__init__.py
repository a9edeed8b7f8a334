"""RDF: the mapping of a dataset to triples, the generated ontology and shapes, validation.

:mod:`~graphkit.rdf.mapping` (shortcut triples, qualified records, one named graph per
document), :mod:`~graphkit.rdf.ontology` (OWL and SHACL generated from the vocabulary) and
:mod:`~graphkit.rdf.validate` (SHACL validation reported in curators' words).
"""
