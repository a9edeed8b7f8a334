"""The one vocabulary of graphkit: node types, relations, properties, identifiers, measures.

:mod:`graphkit.schema.vocabulary` defines every term once; :mod:`graphkit.schema.namespaces`
binds the RDF namespaces, the ``gk:`` one closed over the terms the vocabulary declares.
The loader, the graph, the RDF mapping, the HTML legend and the command line all read
their names, labels and predicates from here.
"""
